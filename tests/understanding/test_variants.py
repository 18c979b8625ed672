"""The variant of a service a message asks about (issue 29): every language's `variants:` words,
read beside the names in an index of their own. "I lost my ID" names the smart ID card and its
lost-card variant; a near word is not one ("last" is not "lost"); the variant never changes the
intent; content names only variants that exist."""

from __future__ import annotations

import pytest
from support import CONTENT_DIR

from bot.content.bundle import read_bundle
from bot.understanding import understand

CASES = [
    ("I lost my ID", "smart-id-card", "lost-smart-id"),
    ("my id was stolen what do i bring", "smart-id-card", "lost-smart-id"),
    ("Ngilahlekelwe ngumazisi", None, "lost-smart-id"),
    ("replace my green id book", "smart-id-card", "re-issue"),
    ("passport for my child", "passport", "child"),
    ("passport", "passport", None),
    ("when is the last day for SASSA at Jozini", None, None),  # "last" is not "lost"
]


@pytest.mark.parametrize("text, service, variant", CASES)
def test_the_variant_asked_about_is_read_beside_the_service(content, text, service, variant):
    read = understand(content, text)
    assert read.entities.get("variant") == variant
    if service:
        assert read.entities.get("service") == service


def test_a_variant_word_never_changes_the_intent(content):
    with_variant = understand(content, "documents for a passport for my child")
    without = understand(content, "documents for a passport")
    assert with_variant.intent == without.intent == "required_documents"


def test_a_vocabulary_naming_no_variant_is_refused(tmp_path):
    for source in CONTENT_DIR.rglob("*.yaml"):
        target = tmp_path / source.relative_to(CONTENT_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    english = tmp_path / "vocabulary" / "en.yaml"
    english.write_text(english.read_text(encoding="utf-8") + "  lost-passport: [lost passport]\n", encoding="utf-8")
    problems = read_bundle(tmp_path).problems
    assert any("variant in vocabulary" in p and "lost-passport" in p for p in problems), problems
