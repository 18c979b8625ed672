"""How much of the citizen-facing content is translated: the share of translatable texts that
have a value in each language, per field (`flask --app bot content coverage`).

A missing translation falls back to English when shown, never to a blank.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..i18n import LANGUAGES
from .bundle import Bundle
from .kinds import KINDS


def _texts(bundle: Bundle) -> Iterator[tuple[str, dict[str, str]]]:
    """(field name, translated mapping) for every translatable text in the bundle (what each
    kind says is shown in every language: bot.content.kinds.Kind.translations)."""
    for kind in KINDS:
        for record in bundle.records[kind.name]:
            yield from kind.translations(record)


def coverage(bundle: Bundle) -> dict[str, dict[str, float]]:
    """{field: {language: share translated, 0..1}} plus an "all" row."""
    totals: dict[str, int] = defaultdict(int)
    present: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for field, text in _texts(bundle):
        for row in (field, "all"):
            totals[row] += 1
            for lang in LANGUAGES:
                present[row][lang] += bool(text.get(lang))
    return {row: {lang: present[row][lang] / totals[row] for lang in LANGUAGES} for row in totals}


def table(shares: dict[str, dict[str, float]]) -> str:
    """A plain-text table of the shares, one row per field, "all" last."""
    langs = list(LANGUAGES)
    lines = ["%-24s %s" % ("field", " ".join("%5s" % lang for lang in langs))]
    for row in sorted(shares, key=lambda r: (r == "all", r)):
        lines.append("%-24s %s" % (row, " ".join("%4d%%" % round(100 * shares[row][lang]) for lang in langs)))
    return "\n".join(lines)
