"""Run every benchmark against the built content database and print the figures.

Understanding latency per message (p50/p99), nearest-centre query time, and a full chat turn
through the app (test client, SQLite) with the resident memory of this process afterwards.
Usage: .venv/bin/python -m bench   (what `make bench` runs)
"""
from __future__ import annotations

import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bot import create_app
from bot.config import INSTANCE_DIR
from bot.geo import nearest
from bot.understanding import understand

MESSAGES = ["hi", "what documents do i need for a smart id card", "services at jozini",
            "when is sassa at zava", "nearest centre to bredasdorp", "docs for uif claim",
            "documnets for dissability grant", "where can i get free internet", "1",
            "contact details for mpuluzi centre", "what is the capital of france"]


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(function, rounds: int) -> list[float]:
    samples = []
    for i in range(rounds):
        start = time.perf_counter()
        function(i)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    # Work on a copy of the built database so benchmark conversations are not kept.
    copy = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    shutil.copy(INSTANCE_DIR / "thusong.sqlite3", copy)
    app = create_app({"DATABASE_URL": "sqlite:///%s" % copy})
    content = app.extensions["snapshots"].get()
    understand(content, "warm up")
    samples = timed(lambda i: understand(content, MESSAGES[i % len(MESSAGES)]), 3000)
    print("understanding: p50 %.3f ms, p99 %.3f ms over %d messages (%d places, %d centres)"
          % (percentile(samples, .5), percentile(samples, .99), len(samples), len(content.places),
             len(content.centres)))
    centres = list(content.centres.values())
    samples = timed(lambda i: nearest(-22 - (i % 12), 18 + (i % 15), centres, 3), 3000)
    print("nearest 3 of %d centres: p50 %.4f ms, p99 %.4f ms" % (len(centres), percentile(samples, .5),
                                                                percentile(samples, .99)))
    client = app.test_client()
    samples = timed(lambda i: client.post("/api/chat", json={"user": "bench-%d" % (i % 50),
                                                             "text": MESSAGES[i % len(MESSAGES)]}), 600)
    print("chat turn through the app: p50 %.2f ms, p99 %.2f ms, mean %.2f ms"
          % (percentile(samples, .5), percentile(samples, .99), statistics.mean(samples)))
    print("resident memory after warm-up: %.0f MB (peak RSS of this process)"
          % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


if __name__ == "__main__":
    main()
