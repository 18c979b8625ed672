"""Centres that may not be open carry a `status` with its source; the bot says it whenever it
names such a centre, and never gives example service days for one."""

from __future__ import annotations

import csv
import shutil

from support import CONTENT_DIR, SMALL_CONTENT_DIR, TODAY

from bot.config import PROJECT_ROOT
from bot.content.bundle import read_bundle
from bot.dialogue.answers.base import Turn
from bot.dialogue.answers.centres import centre_info, nearest_centre
from bot.dialogue.answers.days import service_days
from bot.dialogue.state import State
from bot.i18n import LANGUAGES, Texts

MORE = PROJECT_ROOT.parent / "shared" / "data" / "centres-more.csv"
# Rows of centres-more.csv not added: no province (faranani, bulamahlo) or no town to place them by, so
# nearest-centre answers would send people to a guessed position (shared/data/centres-more-notes.md).
NOT_ADDED = {
    "faranani",
    "bulamahlo",
    "ipelegeng-gp",
    "tshedimosetso",
    "kopanong",
    "eldorado-lp",
    "mabatlane",
    "mbangwane",
}
EXPECTED = {
    "railton-swellendam": ("reported_damaged", 2023),
    "bhamshela": ("reported_damaged", 2023),
    "rockdale": ("under_construction", 2024),
    "orange-farm": ("unverified", 2006),
    "mafatsane": ("unverified", 2023),
    "kgomotsego": ("unverified", 2023),
}


def _turn(content, lang="en") -> Turn:
    return Turn(content, Texts(lang, str(PROJECT_ROOT / "locales")), TODAY, State(lang=lang))


def test_uncertain_centres_carry_their_status_with_a_source():
    centres = {c["slug"]: c for c in read_bundle(CONTENT_DIR).centres}
    for slug, (state, year) in EXPECTED.items():
        status = centres[slug]["status"]
        assert (status["state"], status["year"]) == (state, year), slug
        assert status["source"], slug


def test_the_researched_centres_are_added_except_those_that_cannot_be_placed():
    if not MORE.exists():
        return
    with open(MORE, encoding="utf-8") as f:
        researched = {row["slug"] for row in csv.DictReader(f)}
    slugs = {c["slug"] for c in read_bundle(CONTENT_DIR).centres}
    assert researched - NOT_ADDED <= slugs
    assert not NOT_ADDED & slugs


def test_a_status_without_a_source_is_a_problem(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT_DIR, folder)
    path = folder / "small.yaml"
    path.write_text(
        path.read_text().replace(
            "    source: test fixture\n  - slug: zava",
            "    status: {state: reported_damaged, year: 2023}\n    source: test fixture\n  - slug: zava",
            1,
        )
    )
    problems = read_bundle(folder).problems
    assert any("missing `source`" in p and p.startswith("small.yaml:") for p in problems), problems


def test_a_centre_damaged_or_under_construction_has_no_example_service_days():
    bundle = read_bundle(CONTENT_DIR)
    uncertain = {
        c["slug"]
        for c in bundle.centres
        if c["status"] and c["status"]["state"] in ("reported_damaged", "under_construction")
    }
    assert uncertain and not [d["centre"] for d in bundle.service_days if d["centre"] in uncertain]


def test_every_answer_naming_a_damaged_centre_says_so_in_every_language(content):
    centre = content.centres["bhamshela"]
    for lang in LANGUAGES:
        turn = _turn(content, lang)
        status = turn._("reported damaged in %(year)d") % {"year": 2023} + ": " + turn._("call before you travel")
        near = nearest_centre(turn, {"location": {"lat": centre.latitude, "lon": centre.longitude}})
        said = status.split(":")[0]  # what the centre's status is; what to do, when it is chosen
        assert said in "\n".join(label for label, _action in near.options), lang
        assert status in centre_info(turn, {"centre": "bhamshela"}).blocks[0], lang
        assert status in "\n".join(service_days(turn, {"centre": "bhamshela"}).blocks), lang
