"""What the core answers cost on a cheap phone, in all 11 languages (issue 29).

The welcome (`welcome`: the greeting and the menu, which must arrive whole in one SMS) and
four questions people travel on, asked in every language as a person would:
- `lost_id`: "I lost my ID, what must I bring?", typed (LOST_ID below);
- `documents`: the documents for each service, chosen from the menu;
- `sassa_day`: SASSA's next day at each centre SASSA visits;
- `nearest`: the nearest centres to each of TOWNS;
- `centre`: the services of each centre (menu option 2 on USSD).

By SMS (`sms_rows`): each answer rendered as the SMS channel sends it (twilio_sms.sms_pages):
the segments of its first SMS, the segments billed for the whole answer (every MORE page, footers
included), and whether the direct answer (the first checklist item, the first date, the first
centre) is in the first SMS.

On USSD (`ussd_rows`): each question dialled on POST /ussd through the menu as a person would
(language chosen first, not counted), paging with 98 to the end of the answer: the screens from
the dial, the longest screen, screens that END while asking for a reply (a numbered choice on an
END screen other than the SMS offer), and screens holding letters outside GSM 03.38.

Targets: the first SMS at most 3 segments holding the direct answer; a whole answer at most 6
segments; on USSD at most 6 screens from the dial, none over 160 characters, no END that asks
for a reply. tests/channels/test_answer_cost.py holds every row to them.

    .venv/bin/python -m bench.answer_cost            # the per-language table (docs/sms-segments.md)
    .venv/bin/python -m bench.answer_cost --rows     # one line per answer
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import tempfile
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.channels.twilio_sms import sms_pages  # noqa: E402
from bot.content.snapshot import pick  # noqa: E402
from bot.dialogue import engine  # noqa: E402
from bot.dialogue.answers.base import action  # noqa: E402
from bot.dialogue.state import State  # noqa: E402
from bot.i18n import LANGUAGES, Texts  # noqa: E402
from bot.messages import Inbound, Reply  # noqa: E402
from bot.text import sms_text  # noqa: E402

TODAY = dt.date(2026, 12, 7)
FIRST_SMS_SEGMENTS, ANSWER_SEGMENTS, USSD_SCREENS, USSD_CHARS = 3, 6, 6, 160
# "I lost my ID, what must I bring?" as people write it, in each language (written by us).
LOST_ID = {
    "en": "I lost my ID, what must I bring?",
    "af": "Ek het my ID verloor, wat moet ek bring?",
    "zu": "Ngilahlekelwe ngumazisi wami, yini okumele ngiyilethe?",
    "xh": "Ndilahlekelwe sisazisi sam, ndize nantoni?",
    "nso": "Ke lahlegetšwe ke karata ya boitsebišo, ke tle le eng?",
    "tn": "Ke latlhegetswe ke karata ya boitshupo, ke tle le eng?",
    "st": "Ke lahlehetswe ke karete ya boitsebiso, ke tle le eng?",
    "ts": "Ndzi lahlekeriwe hi karata ya vutitivisi, ndzi ta na yini?",
    "ss": "Ngilahlekelwe ngulikhadi lebuwena, ngitofika nani?",
    "ve": "Ndo xelelwa nga karaṱa ya ṱhanziela, ndi ḓe na mini?",
    "nr": "Ngilahlekelwe yikarada yesazisi, ngize nani?",
}
TOWNS = ("Giyani", "Jozini", "Mthatha", "Kuruman", "Makhado", "Bethlehem", "Worcester", "Ermelo")
# What the direct answer looks like in a text: a checklist item, a dated day, a numbered centre,
# a centre's services (for lost_id: the lost card's first document, see sms_rows).
DIRECT = {
    "welcome": re.compile(r"^6[. ] ", re.M),  # the whole menu
    "documents": re.compile(r"^- ", re.M),
    "sassa_day": re.compile(r"20\d\d"),
    "nearest": re.compile(r"^1[. ] ", re.M),
    "centre": re.compile(r"\S"),
}
# The language menu: 5 Language, then the language's number on that list.
LANGUAGE_CHOICE = {lang: ["5", str(n)] for n, lang in enumerate(LANGUAGES, 1)}


@dataclass
class SmsCost:
    lang: str
    question: str
    subject: str
    first: int  # segments of the first SMS
    billed: int  # segments of every SMS of the answer
    messages: int
    direct_first: bool  # the direct answer is in the first SMS
    encoding: str  # of the first SMS

    @property
    def within(self) -> bool:
        return self.first <= FIRST_SMS_SEGMENTS and self.billed <= ANSWER_SEGMENTS and self.direct_first


@dataclass
class UssdCost:
    lang: str
    question: str
    subject: str
    screens: int  # from the dial to the last screen of the answer
    longest: int
    ends_asking: int  # END screens that number a choice other than the SMS offer
    not_gsm: int  # screens with letters outside GSM 03.38

    @property
    def within(self) -> bool:
        return self.screens <= USSD_SCREENS and self.longest <= USSD_CHARS and not self.ends_asking and not self.not_gsm


def _questions(content) -> Iterator[tuple[str, str, dict[str, Any] | None, list[str]]]:
    """(question, subject, action for SMS or None when typed, USSD inputs from the menu)."""
    yield "welcome", "menu", action("help"), []
    yield "lost_id", "smart-id-card", None, []
    for slug, service in content.services.items():
        yield "documents", slug, action("required_documents", service=slug), ["3", service.name]
    sassa = sorted({day.centre for day in content.service_days if day.provider == "sassa"})
    for slug in sassa:
        centre = content.centres[slug]
        yield "sassa_day", slug, action("service_days", centre=slug, provider="sassa"), ["4", centre.name, "SASSA"]
    for town in TOWNS:
        place = next(i for i, p in enumerate(content.places) if p.name == town)
        yield "nearest", town, action("nearest_centre", place=str(place)), ["1", {"en": town}]
    for slug, centre in content.centres.items():
        yield "centre", slug, action("centre_services", centre=slug), ["2", centre.name]


def _reply(content, locales: str, lang: str, chosen: dict[str, Any] | None, text: str) -> Reply:
    options = {"1": chosen} if chosen else {}
    state = State(lang=lang, lang_chosen=True, options=options)
    inbound = Inbound("sms", "+27000000000", "1" if chosen else text)
    return engine.respond(content, state, inbound, TODAY, locales).reply


def sms_rows(app) -> Iterator[SmsCost]:
    """Every core answer in every language, as the SMS channel sends it."""
    content = app.extensions["snapshots"].get()
    locales = app.config["LOCALES_DIR"]
    for lang in LANGUAGES:
        texts = Texts(lang, locales)
        for question, subject, chosen, _inputs in _questions(content):
            reply = _reply(content, locales, lang, chosen, LOST_ID[lang])
            pages = sms_pages(reply, texts)
            if question == "lost_id":  # the direct answer is the lost card's first document
                lost = next(v for v in content.services[subject].variants if v.slug == "lost-smart-id")
                direct = sms_text.for_sms(pick(lost.documents[0].text, lang)[:25], lang) in pages[0]
            else:
                direct = bool(DIRECT[question].search(pages[0]))
            yield SmsCost(
                lang,
                question,
                subject,
                sms_text.segments(pages[0])[1],
                sum(sms_text.segments(page)[1] for page in pages),
                len(pages),
                direct,
                sms_text.segments(pages[0])[0],
            )


class _Dial:
    """One USSD session on POST /ussd: every screen shown, from the dial."""

    def __init__(self, client) -> None:
        self.client, self.inputs, self.screens = client, [], []
        self.session, self.phone = "bench-" + uuid.uuid4().hex, "+2782%07d" % (uuid.uuid4().int % 10**7)
        self.press(None)

    def press(self, value: str | None) -> str:
        if value is not None:
            self.inputs.append(value)
        form = {"sessionId": self.session, "phoneNumber": self.phone, "text": "*".join(self.inputs)}
        form.update(serviceCode="*134*1020#", networkCode="65501")
        screen = self.client.post("/ussd", data=form).get_data(as_text=True)
        self.screens.append(screen)
        return screen


def _option(screen: str, wanted: str) -> str | None:
    """The number of the option on screen whose label starts with wanted (plain letters)."""
    plain = sms_text.for_ussd(wanted).lower()
    for line in screen.splitlines():
        number, _space, label = line.partition(" ")
        if number.isdigit() and label.lower().startswith(plain[:30]):
            return number
    return None


def ussd_rows(app) -> Iterator[UssdCost]:
    """Every core question dialled in every language, through the menu (see the module)."""
    content = app.extensions["snapshots"].get()
    client = app.test_client()
    for lang in LANGUAGES:
        for question, subject, _chosen, inputs in _questions(content):
            dial = _Dial(client)
            for value in LANGUAGE_CHOICE[lang]:
                dial.press(value)
            chosen = len(dial.screens) - 1
            steps = [LOST_ID[lang]] if question == "lost_id" else inputs
            for step in steps:
                text = pick(step, lang) if isinstance(step, dict) else step
                if question == "sassa_day" and text == "SASSA":
                    # SASSA's number where the screen offers the departments, else typed
                    text = _option(dial.screens[-1], "SASSA") or text
                dial.press(text)
            while "\n98 " in dial.screens[-1] and len(dial.screens) < 40:
                dial.press("98")
            shown = dial.screens[chosen:]
            ends_asking = sum(
                1
                for screen in shown
                if screen.startswith("END") and any(re.match(r"^[2-9] ", line) for line in screen.splitlines()[1:])
            )
            yield UssdCost(
                lang,
                question,
                subject,
                len(shown),
                max(len(screen) for screen in shown),
                ends_asking,
                sum(not sms_text.is_gsm7(screen) for screen in shown),
            )


def build_app(folder: str, today: dt.date = TODAY):
    """The app on the shipped content in a temporary SQLite database (today fixed), SMS offered
    on USSD (scripts/sms_segments.py measures with it too)."""
    from bot import create_app
    from bot.content.bundle import read_bundle
    from bot.content.store import load_bundle
    from bot.migrate import upgrade

    url = "sqlite:///%s/cost.sqlite3" % folder
    upgrade(url)
    app = create_app(
        {
            "DATABASE_URL": url,
            "CONTENT_DIR": str(ROOT / "content"),
            "SECRET_KEY": "answer-cost",
            "TODAY": lambda: today,
            "RATE_LIMIT": "",
            "REDIS_URL": "",
        }
    )
    with app.extensions["database"].session() as session, session.begin():
        load_bundle(session, read_bundle(ROOT / "content"))

    class _Offered:
        def send(self, to: str, body: str) -> None:  # measured only; nothing is sent
            pass

    app.extensions["sms_sender"] = _Offered()
    return app


def _table(sms: list[SmsCost], ussd: list[UssdCost]) -> str:
    by_lang: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for row in sms:
        by_lang[row.lang]["sms"].append(row)
    for row in ussd:
        by_lang[row.lang]["ussd"].append(row)
    lines = [
        "| lang | welcome (segments) | lost ID: first SMS / whole (segments), lost-card documents in the first SMS "
        "| documents: whole, max | SASSA day: whole, max "
        "| nearest: whole, max | centre: whole, max | SMS answers within targets | USSD screens from the dial, "
        "max (lost ID / documents / SASSA / nearest / centre) | USSD answers within targets |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for lang in LANGUAGES:
        rows, dials = by_lang[lang]["sms"], by_lang[lang]["ussd"]

        def most(question: str, of: list, field: str) -> int:
            return max(getattr(r, field) for r in of if r.question == question)

        lost = next(r for r in rows if r.question == "lost_id")
        lines.append(
            "| %s | %d | %d / %d, %s | %d | %d | %d | %d | %d of %d | %s | %d of %d |"
            % (
                lang,
                most("welcome", rows, "billed"),
                lost.first,
                lost.billed,
                "yes" if lost.direct_first else "no",
                most("documents", rows, "billed"),
                most("sassa_day", rows, "billed"),
                most("nearest", rows, "billed"),
                most("centre", rows, "billed"),
                sum(r.within for r in rows),
                len(rows),
                " / ".join(
                    str(most(q, dials, "screens")) for q in ("lost_id", "documents", "sassa_day", "nearest", "centre")
                ),
                sum(r.within for r in dials),
                len(dials),
            )
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", action="store_true", help="one line per answer")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        app = build_app(folder)
        with app.app_context():
            sms = list(sms_rows(app))
        ussd = list(ussd_rows(app))
        app.extensions["database"].engine.dispose()
    if args.rows:
        for row in [*sms, *ussd]:
            print(row)
        return 0
    print(_table(sms, ussd))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
