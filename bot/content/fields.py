"""Field checks for content records: each reads one key of a lined mapping, returns a clean
value and records a `file:line: what is wrong` problem when the value is not acceptable.

A `Fields` object is bound to one file; every check takes the mapping and the key so the
problem can point at the key's own line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, TypeGuard, cast

from ..i18n import LANGUAGES as _LANGUAGE_NAMES

if TYPE_CHECKING:
    from .yamlfile import LinedDict, LinedList

LANGUAGES = tuple(_LANGUAGE_NAMES)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TIME_RANGE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")
MISSING = object()


class Fields:
    """Checks fields of mappings read from one file, collecting problems in a shared list."""

    def __init__(self, filename: str, problems: list[str]) -> None:
        self.filename = filename
        self.problems = problems

    def problem(self, line: int, message: str) -> None:
        """Record one problem at line of this file."""
        self.problems.append("%s:%d: %s" % (self.filename, line, message))

    def _get(self, record: LinedDict, key: Any, required: bool) -> Any:
        if key not in record or record[key] is None:
            if required:
                self.problem(record.line, "missing `%s`" % key)
            return MISSING
        return record[key]

    def mapping(self, value: object, line: int, what: str) -> TypeGuard[LinedDict]:
        """True when value is a mapping; otherwise record that what should be one.
        (Every mapping yamlfile.read returns is a LinedDict.)"""
        if isinstance(value, dict):
            return True
        self.problem(line, "%s must be a mapping of `key: value` lines" % what)
        return False

    def unknown_keys(self, record: LinedDict, allowed: Collection[str]) -> None:
        """Record every key of record that is not in allowed (a typo would silently vanish)."""
        for key in record:
            if key not in allowed:
                self.problem(
                    record.line_of(key), "unknown key `%s` (expected one of: %s)" % (key, ", ".join(sorted(allowed)))
                )

    def text(self, record: LinedDict, key: str, required: bool = True, default: str | None = None) -> str | None:
        """A non-empty single string."""
        value = self._get(record, key, required)
        if value is MISSING:
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.problem(record.line_of(key), "`%s` must be non-empty text" % key)
            return default
        return value.strip()

    def slug(self, record: LinedDict, key: str, required: bool = True) -> str | None:
        """A slug: lower-case letters and digits joined by single hyphens."""
        value = self.text(record, key, required)
        if value is not None and not SLUG.match(value):
            self.problem(
                record.line_of(key), "`%s` %r is not a slug (lower-case words joined by hyphens)" % (key, value)
            )
            return None
        return value

    def translated(self, record: LinedDict, key: str, required: bool = True) -> dict[str, str] | None:
        """A mapping of language code to non-empty text, with English present."""
        value = self._get(record, key, required)
        if value is MISSING:
            return None
        line = record.line_of(key)
        if not isinstance(value, dict):
            self.problem(line, "`%s` must be a mapping of language code to text, e.g. `{en: ...}`" % key)
            return None
        value = cast("LinedDict", value)  # every mapping yamlfile.read returns is a LinedDict
        clean: dict[str, str] = {}
        for code, text in value.items():
            if code not in LANGUAGES:
                self.problem(
                    value.line_of(code),
                    "`%s` has unknown language code %r (use one of %s)" % (key, code, ", ".join(LANGUAGES)),
                )
            elif not isinstance(text, str) or not text.strip():
                self.problem(value.line_of(code), "`%s.%s` must be non-empty text" % (key, code))
            else:
                clean[code] = text.strip()
        if "en" not in value:
            self.problem(line, "`%s` needs an English (`en`) text" % key)
            return None
        return clean if "en" in clean else None

    def boolean(self, record: LinedDict, key: str, default: bool = False) -> bool:
        """true or false."""
        value = self._get(record, key, False)
        if value is MISSING:
            return default
        if not isinstance(value, bool):
            self.problem(record.line_of(key), "`%s` must be true or false" % key)
            return default
        return value

    def number(
        self, record: LinedDict, key: str, low: float, high: float, required: bool = True, integer: bool = False
    ) -> int | float | None:
        """A number within [low, high]."""
        value = self._get(record, key, required)
        if value is MISSING:
            return None
        kinds = (int,) if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
            self.problem(
                record.line_of(key),
                "`%s` must be a %s from %s to %s" % (key, "whole number" if integer else "number", low, high),
            )
            return None
        return value

    def date(self, record: LinedDict, key: str, required: bool = True) -> dt.date | None:
        """A date written YYYY-MM-DD."""
        value = self._get(record, key, required)
        if value is MISSING:
            return None
        return self.date_value(value, record.line_of(key), key)

    def date_value(self, value: object, line: int, what: str) -> dt.date | None:
        """Check one date value (YAML reads YYYY-MM-DD as a date already)."""
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(line, "`%s` must be a date written YYYY-MM-DD, not %r" % (what, value))
        return None

    def time_range(self, value: object, line: int, what: str) -> str | None:
        """A time range "HH:MM-HH:MM" (quoted: YAML reads 07:30 as a number)."""
        if isinstance(value, str) and TIME_RANGE.match(value.strip()):
            start, end = value.strip().split("-")
            if start < end:
                return value.strip()
            self.problem(line, "`%s` ends before it starts: %r" % (what, value))
            return None
        self.problem(line, '`%s` must be a quoted time range like "08:00-16:00", not %r' % (what, value))
        return None

    def choice(
        self, record: LinedDict, key: str, choices: Collection[str], required: bool = True, default: str | None = None
    ) -> str | None:
        """One of a fixed set of words."""
        value = self.text(record, key, required)
        if value is None:
            return default
        if value not in choices:
            self.problem(record.line_of(key), "`%s` must be one of %s, not %r" % (key, ", ".join(choices), value))
            return default
        return value

    def items(self, record: LinedDict, key: Any, required: bool = True) -> list[tuple[int, Any]]:
        """The (line, item) pairs of a list (empty when missing or not a list)."""
        value = self._get(record, key, required)
        if value is MISSING:
            return []
        if not isinstance(value, list):
            self.problem(record.line_of(key), "`%s` must be a list" % key)
            return []
        value = cast("LinedList", value)  # every list yamlfile.read returns is a LinedList
        return [(value.line_of(i), item) for i, item in enumerate(value)]

    def texts(self, record: LinedDict, key: Any, required: bool = False) -> list[str]:
        """A list of non-empty strings."""
        clean: list[str] = []
        for line, item in self.items(record, key, required):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if isinstance(item, str) and item.strip():
                clean.append(item.strip())
            else:
                self.problem(line, "every item of `%s` must be non-empty text" % key)
        return clean
