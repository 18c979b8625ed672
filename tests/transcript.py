"""Conversation transcripts (tests/transcripts/*.yaml) and how to check a reply against one turn.

A transcript is {title, turns: [...]}; a turn has `say` (text) and/or `location` {lat, lon},
optional `lang`, and expectations: `intent`, `entities` (slugs), `lang` (reply language),
`reply` (fragments the reply text must contain), `not_reply` (fragments it must not contain),
`options` (fragments that must each be in some option label). A transcript's optional
`needs` lists what a channel must be able to do for it to run there ("options after a final
answer"; "location" is implied by a turn that sends one).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.text.sms_text import plain_letters

FOLDER = Path(__file__).parent / "transcripts"


EXPECTATIONS = ("intent", "entities", "lang", "reply", "not_reply", "options")


def load_transcripts() -> list[tuple[str, dict]]:
    """(file stem, transcript) for every transcript file, sorted. A turn that expects nothing,
    or an empty fragment (which every reply contains), is refused: it would assert nothing."""
    loaded = [(p.stem, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted(FOLDER.glob("*.yaml"))]
    for name, transcript in loaded:
        for number, turn in enumerate(transcript["turns"], 1):
            where = "%s.yaml turn %d" % (name, number)
            if not any(key in turn for key in EXPECTATIONS):
                raise ValueError("%s expects nothing (give one of %s)" % (where, ", ".join(EXPECTATIONS)))
            for key in ("reply", "not_reply", "options"):
                if any(not str(fragment).strip() for fragment in turn.get(key) or []):
                    raise ValueError("%s: an empty `%s` fragment asserts nothing" % (where, key))
    return loaded


def check(turn: dict, reply: dict) -> list[str]:
    """What in reply ({reply, lang, intent, entities, options}) does not meet turn's expectations."""
    misses = []
    if "intent" in turn and reply["intent"] != turn["intent"]:
        misses.append("intent %r, expected %r" % (reply["intent"], turn["intent"]))
    for kind, slug in (turn.get("entities") or {}).items():
        if reply["entities"].get(kind) != slug:
            misses.append("entity %s=%r, expected %r" % (kind, reply["entities"].get(kind), slug))
    if "lang" in turn and reply["lang"] != turn["lang"]:
        misses.append("lang %r, expected %r" % (reply["lang"], turn["lang"]))
    # What the person reads, in the letters their channel uses (plain on USSD and in a Sepedi or
    # Tshivenda SMS: bot.text.sms_text), compared the same way.
    text = plain_letters(reply["reply"].lower())
    for fragment in turn.get("reply", []):
        if plain_letters(str(fragment).lower()) not in text:
            misses.append("reply lacks %r" % fragment)
    for fragment in turn.get("not_reply", []):
        if plain_letters(str(fragment).lower()) in text:
            misses.append("reply has %r" % fragment)
    labels = [o["label"].lower() for o in reply["options"]]
    for fragment in turn.get("options", []):
        if not any(str(fragment).lower() in label for label in labels):
            misses.append("no option with %r in %r" % (fragment, labels))
    return misses
