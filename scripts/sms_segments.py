"""Measure what every long answer costs by SMS, in all 11 languages.

Walks the documents answer and the "where to get it" answer of every service, and the centre
answers (details, services, service days) of every centre, renders each as the SMS channel
does (bot.channels.twilio_sms.sms_pages) and prints, per language, the encoding, the segments
of the whole answer, the SMS messages sent (pages, MORE between them) and on which message
the fee first appears. `--answers` lists every answer instead of the summary.

    .venv/bin/python scripts/sms_segments.py            # the table in docs/sms-segments.md
    .venv/bin/python scripts/sms_segments.py --answers  # one line per answer

The content is loaded from content/ into a temporary SQLite database; nothing is sent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answer_cost import build_app  # noqa: E402
from bot.channels.render import full_text  # noqa: E402
from bot.channels.twilio_sms import sms_pages  # noqa: E402
from bot.dialogue import engine  # noqa: E402
from bot.dialogue.answers.base import action  # noqa: E402
from bot.dialogue.state import State  # noqa: E402
from bot.i18n import LANGUAGES, Texts  # noqa: E402
from bot.messages import Inbound  # noqa: E402
from bot.text import sms_text  # noqa: E402

TODAY = dt.date(2026, 11, 24)


def answers(app):
    """(language, kind, subject, Reply) for every measured answer."""
    content = app.extensions["snapshots"].get()
    locales = app.config["LOCALES_DIR"]
    asked = [("documents", slug, action("required_documents", service=slug)) for slug in content.services]
    asked += [("where", slug, action("find_service", service=slug)) for slug in content.services]
    for kind in ("centre_info", "centre_services", "service_days"):
        asked += [(kind, slug, action(kind, centre=slug)) for slug in content.centres]
    for lang in LANGUAGES:
        for kind, subject, chosen in asked:
            state = State(lang=lang, lang_chosen=True, options={"1": chosen})
            reply = engine.respond(content, state, Inbound("sms", "+27000000000", "1"), TODAY, locales).reply
            yield lang, kind, subject, reply, Texts(lang, locales)


def measure(reply, texts) -> dict:
    """Encoding, segments of the whole text, SMS messages sent and the message with the fee."""
    body = sms_text.for_sms(full_text(reply), texts.lang)  # as the SMS channel writes it
    encoding, segments = sms_text.segments(body)
    pages = sms_pages(reply, texts)
    billed = sum(sms_text.segments(page)[1] for page in pages)
    fee_words = [
        texts.gettext("Fee: %(fees)s").split("%")[0].strip(),
        texts.gettext("Fees: %(fees)s").split("%")[0].strip(),
    ]
    fee_page = next((n for n, page in enumerate(pages, 1) if any(w and w in page for w in fee_words)), None)
    return {
        "encoding": encoding,
        "segments": segments,
        "messages": len(pages),
        "most": max(sms_text.segments(page)[1] for page in pages),
        "fee_page": fee_page,
        "billed": billed,
        "chars": len(body),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", action="store_true", help="one line per answer")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        app = build_app(folder, TODAY)
        with app.app_context():
            rows = [(lang, kind, subject, measure(reply, texts)) for lang, kind, subject, reply, texts in answers(app)]
        app.extensions["database"].engine.dispose()
    if args.answers:
        print(
            "lang kind subject encoding chars segments_as_one segments_billed messages "
            "most_segments_per_message fee_on_message"
        )
        for lang, kind, subject, m in rows:
            print(
                lang,
                kind,
                subject,
                m["encoding"],
                m["chars"],
                m["segments"],
                m["billed"],
                m["messages"],
                m["most"],
                m["fee_page"] or "-",
            )
        return 0
    by_lang = defaultdict(list)
    for lang, kind, subject, m in rows:
        by_lang[lang].append((kind, subject, m))
    print(
        "| lang | UCS-2 answers | documents: segments billed (median / max) | documents: SMS sent (max) "
        "| documents: fee on SMS no. (max) | all answers: segments billed (max) | all answers: SMS sent (max) "
        "| most segments in one SMS |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for lang in LANGUAGES:
        items = by_lang[lang]
        docs = sorted(m["billed"] for kind, _s, m in items if kind == "documents")
        docs_sent = max(m["messages"] for kind, _s, m in items if kind == "documents")
        fee = max((m["fee_page"] or 0) for kind, _s, m in items if kind == "documents")
        ucs2 = sum(m["encoding"] == "UCS-2" for _k, _s, m in items)
        print(
            "| %s | %d of %d | %d / %d | %d | %d | %d | %d | %d |"
            % (
                lang,
                ucs2,
                len(items),
                docs[len(docs) // 2],
                docs[-1],
                docs_sent,
                fee,
                max(m["billed"] for _k, _s, m in items),
                max(m["messages"] for _k, _s, m in items),
                max(m["most"] for _k, _s, m in items),
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
