"""Warm-up before gunicorn forks its workers (called from gunicorn.conf.py's when_ready).

`warm_up(app)` loads, once in the master, what every worker would otherwise load on its
first message: the content snapshot, its phrase indexes, the language detector and the
catalogs, by answering a few messages in several languages without touching any
conversation. It then closes the master's database connections (a forked worker must not
share one) and freezes the loaded objects out of the garbage collector's reach, so workers
share those pages copy-on-write and a full collection never walks them. If the database is
not reachable the workers load everything on their first message instead.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import logging
import time

from .dialogue import engine
from .dialogue.state import State
from .i18n import LANGUAGES
from .messages import Inbound

log = logging.getLogger(__name__)
MESSAGES = [
    "hi",
    "documents for a smart id card",
    "when is sassa at zava",
    "nearest centre to jozini",
    "Ngidinga ziphi izincwadi ze-ID?",
    "Waar kan ek 'n paspoort kry?",
    "Ke batla pasa",
    "1",
]


def warm_up(app) -> float:
    """Load the shared state of the app; return the seconds it took (0 if it could not)."""
    started = time.perf_counter()
    conversations = getattr(app, "extensions", {}).get("conversations")
    if conversations is None:  # not this bot (gunicorn.conf.py serving another app)
        return 0.0
    try:
        content = app.extensions["snapshots"].get()
        for lang in LANGUAGES:
            for text in MESSAGES:
                engine.respond(
                    content,
                    State(lang=lang),
                    Inbound(channel="web", user="warm-up", text=text),
                    conversations.today(),
                    app.config["LOCALES_DIR"],
                )
    except Exception:  # the workers will load it themselves
        log.warning("warm-up skipped: the content could not be loaded now", exc_info=True)
        return 0.0
    finally:
        app.extensions["database"].engine.dispose()
    gc.collect()
    _give_back_freed_memory()
    gc.freeze()
    return time.perf_counter() - started


def _give_back_freed_memory() -> None:
    """Return the C heap's free pages to the system (glibc's malloc_trim; nothing elsewhere):
    training the classifiers leaves about 20 MB freed but held by the master, which every
    worker would inherit (docs/benchmarks.md)."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
