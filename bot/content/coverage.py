"""How much of the citizen-facing content is translated: the share of translatable texts that
have a value in each language, per field (`flask --app bot content coverage`).

A missing translation falls back to English when shown, never to a blank.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..i18n import LANGUAGES
from .bundle import Bundle


def _texts(bundle: Bundle) -> Iterator[tuple[str, dict[str, str]]]:
    """(field name, translated mapping) for every translatable text in the bundle."""
    for p in bundle.provinces:
        yield "province.name", p["name"]
    for p in bundle.providers:
        yield "provider.name", p["name"]
        if p["full_name"]:
            yield "provider.full_name", p["full_name"]
    for s in bundle.services:
        for key in ("name", "description", "eligibility", "fees", "steps"):
            if s[key]:
                yield "service." + key, s[key]
        for doc in s["documents"] + [d for v in s["variants"] for d in v["documents"]]:
            yield "service.document", doc["text"]
            if doc["note"]:
                yield "service.document_note", doc["note"]
        for v in s["variants"]:
            yield "service.variant", v["name"]
            if v["fees"]:
                yield "service.fees", v["fees"]
    for c in bundle.centres:
        yield "centre.name", c["name"]
        yield "centre.address", c["address"]
    for c in bundle.closed_centres:
        yield "centre.name", c["name"]
    for h in bundle.help_lines:
        yield "help_line.name", h["name"]
    for r in bundle.referrals:
        yield "referral.about", r["about"]
        yield "referral.office", r["office"]


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
