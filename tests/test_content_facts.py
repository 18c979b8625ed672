"""How facts are qualified: a variant never shows an empty heading, an old `checked` date is
warned about by `content validate` and shown as "last checked <month year>", and a service's
centre count separates confirmed offers from unconfirmed ones."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from babel.dates import format_date
from support import SMALL_CONTENT_DIR, TODAY

from bot.config import PROJECT_ROOT
from bot.dialogue.answers.base import Turn
from bot.dialogue.answers.services import find_service, required_documents
from bot.dialogue.state import State
from bot.i18n import LANGUAGES, Texts

LOCALES = str(PROJECT_ROOT / "locales")


def _turn(content, lang="en", today=TODAY) -> Turn:
    return Turn(content, Texts(lang, LOCALES), today, State(lang=lang))


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_no_documents_answer_has_a_heading_without_items(content, lang):
    for slug in content.services:
        answer = required_documents(_turn(content, lang), {"service": slug})
        for block in answer.blocks:
            assert not block.rstrip().endswith(":"), (slug, lang, block)


def test_birth_registration_lists_the_documents_under_the_30_day_heading(content):
    text = "\n\n".join(required_documents(_turn(content), {"service": "birth-registration"}).blocks)
    heading, checklist = text.split("\n\n")[:2]
    assert heading.split("\n")[1] == "Within 30 days of the birth" and checklist.startswith("Bring:\n- Form DHA-24")


def test_a_lost_smart_id_card_has_its_own_requirements(content):
    answer = required_documents(_turn(content), {"service": "smart-id-card", "variant": "lost-smart-id"})
    heading, lost = answer.blocks[:2]
    assert heading.split("\n")[1:] == [
        "Replacing a lost, stolen or damaged smart ID card",
        "Fee: R140 (confirm at the office)",
    ]
    assert "affidavit" in lost and "case number" in lost and "green ID book" not in lost


def test_an_old_check_is_shown_as_last_checked_month_in_the_persons_language(content):
    service = content.services["passport"]
    later = service.checked + dt.timedelta(days=400)
    english = required_documents(_turn(content, "en", later), {"service": "passport"}).blocks[-1]
    afrikaans = required_documents(_turn(content, "af", later), {"service": "passport"}).blocks[-1]
    assert ("Last checked %s." % format_date(service.checked, "MMMM y", locale="en")) in english
    assert ("Laas nagegaan %s." % format_date(service.checked, "LLLL y", locale="af")) in afrikaans
    recent = required_documents(
        _turn(content, "en", service.checked + dt.timedelta(days=30)), {"service": "passport"}
    ).blocks[-1]
    assert "Checked on" in recent and "Last checked" not in recent


def _validate(app, folder):
    return app.test_cli_runner().invoke(args=["content", "validate", "--dir", str(folder)])


def test_validate_warns_about_facts_checked_over_a_year_ago(new_app, tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT_DIR, folder)
    old = _validate(new_app(TODAY=lambda: dt.date(2026, 11, 24)), folder)
    assert old.exit_code == 0, old.output
    lines = (folder / "small.yaml").read_text().splitlines()
    warned = [line for line in old.output.splitlines() if "warning" in line and "smart-id-card" in line]
    assert warned, old.output
    filename, number, _rest = warned[0].split(":", 2)
    assert filename == "small.yaml" and lines[int(number) - 1].strip().startswith("checked:")
    fresh = _validate(new_app(TODAY=lambda: dt.date(2026, 5, 31)), folder)
    assert fresh.exit_code == 0 and "warning" not in fresh.output


@pytest.mark.parametrize("service", ["old-age-grant", "document-certification"])
def test_count_of_centres_separates_confirmed_offers(content, service):
    text = " ".join(find_service(_turn(content), {"service": service}).blocks)
    offering = [c for c in content.centres.values() if any(o.service == service for o in c.services)]
    confirmed = [c for c in offering if not c.status and any(o.service == service and o.verified for o in c.services)]
    unconfirmed = len(offering) - len(confirmed)
    assert len(offering) > 3 and unconfirmed
    if confirmed:
        assert "is confirmed at %d centre" % len(confirmed) in text
        assert "%d more centre" % unconfirmed in text and "not confirmed" in text
    else:
        assert "is listed at %d centres, but none of them is confirmed" % unconfirmed in text
    assert "offered at" not in text


def test_a_centre_said_to_offer_a_service_is_among_the_options(content):
    answer = find_service(_turn(content), {"service": "smart-id-card", "centre": "jozini"})
    assert answer.blocks[0].startswith("Yes:")
    assert answer.options[0][1] == {"intent": "centre_info", "entities": {"centre": "jozini"}}
