"""Read YAML content files keeping the line of every mapping, key and list item, so the
validator can say `file:line: what is wrong`.

`read(path)` returns plain Python data in which every mapping is a `LinedDict` and every
list a `LinedList`; both remember where they and their members start (1-based lines).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.nodes import MappingNode, SequenceNode

if TYPE_CHECKING:
    # Typed as the pure-Python loader: the C one (used when built) has the same constructor API.
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LinedDict(dict[Any, Any]):
    """A dict that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        """The line where key stands, or the mapping's own line when it is absent."""
        return self.key_lines.get(key, self.line)


class LinedList(list[Any]):
    """A list that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        """The line of item index, or the list's own line."""
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _LineLoader(_Base):
    """A safe loader that builds LinedDict and LinedList."""


def _construct_mapping(loader: _LineLoader, node: MappingNode) -> LinedDict:
    loader.flatten_mapping(node)
    result = LinedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be plain text", key_node.start_mark
            ) from None
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, "the key %r appears twice" % (key,), key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: SequenceNode) -> LinedList:
    result = LinedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class YamlError(Exception):
    """A file that is not valid YAML; `line` is 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def read(path: Path) -> Any:
    """Parse one YAML file into lined data; raise YamlError with the line on bad syntax."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise YamlError("the file is not UTF-8 text (%s)" % error.reason, 0) from None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        raise YamlError(error.problem or str(error), line) from None
    except yaml.YAMLError as error:
        raise YamlError(str(error), 0) from None
