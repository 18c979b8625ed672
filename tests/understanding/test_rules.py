"""The rules that decide what a message's names and cue words ask for are a table
(bot.understanding.intents.RULES), tried by priority; an intent of the dialogue's registry adds
its own (bot.dialogue.answers.INTENTS[...].rules), placed among them by priority."""

from __future__ import annotations

import pytest

from bot.dialogue.answers import RULES
from bot.understanding import understand
from bot.understanding.intents import RULES as BUILT_IN
from bot.understanding.intents import Rule

# Messages the classifier does not decide alone: the rules choose.
CASES = [
    ("Jozini", "centre_info"),  # a centre named alone
    ("passport", "required_documents"),  # a service named alone
    ("SASSA Jozini", "service_days"),  # a department at a centre
    ("Polokwane", "nearest_centre"),  # a place alone
]


@pytest.mark.parametrize("text, intent", CASES)
def test_the_built_in_table_decides(content, text, intent):
    assert understand(content, text).intent == intent


def test_the_dialogue_decides_by_the_built_in_rules_and_its_registrys():
    assert [r.priority for r in RULES] == sorted(r.priority for r in RULES)
    assert set(BUILT_IN) <= set(RULES)


def test_a_rule_of_higher_priority_comes_first(content):
    added = Rule("opening_hours", 115, names=frozenset({"centre"}))  # before "a centre alone" (122)
    rules = tuple(sorted((*BUILT_IN, added), key=lambda r: r.priority))
    assert understand(content, "Jozini", rules=rules).intent == "opening_hours"
    assert understand(content, "SASSA Jozini tomorrow", rules=rules).intent == "service_days"  # 100 comes first
    later = tuple(
        sorted((*BUILT_IN, Rule("opening_hours", 200, names=frozenset({"centre"}))), key=lambda r: r.priority)
    )
    assert understand(content, "Jozini", rules=later).intent == "centre_info"
