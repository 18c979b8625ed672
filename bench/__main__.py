"""`make bench`: every performance figure against its target (issue 7), printed as a table.

1. Throughput: chat turns per second of the Procfile's web server (2 sync workers, the shipped
   content in SQLite) against bench/bare_app.py (parses the JSON and answers) under the same
   gunicorn.conf.py, one after the other, with the same wrk load (2 threads, 32 connections,
   10 s, bench/chat_mix.lua). Needs wrk: installed with apt-get when missing and run as root.
2. Understanding latency per message on the shipped content and on content ten times larger
   (scripts/generate_content.py: 2,000 centres, 50,000 places, 200 services, 11 languages;
   built once into instance/bench-10x.sqlite3 and rebuilt when the script changes), and the
   time to tell a message's language (issue 11).
3. Nearest 3 of 10,000 centres per query.
4. Resident memory of one worker after warm-up and 300 turns, and the time from starting the
   server to its first answer, on both contents.
Usage: .venv/bin/python -m bench [--skip-throughput]
Benchmarks are separate from the tests: `make test` has no timed assertion.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

from bench.server import ROOT, Server, environment, have_wrk, procfile, resident_mb

INSTANCE = ROOT / "instance"
SHIPPED_DB = INSTANCE / "thusong.sqlite3"
MIGRATIONS = ROOT / "bot" / "migrations" / "versions"
BIG_DB = INSTANCE / "bench-10x.sqlite3"
MESSAGES = [
    "hi",
    "what documents do i need for a smart id card",
    "services at jozini",
    "when is sassa at zava",
    "nearest centre to bredasdorp",
    "docs for uif claim",
    "documnets for dissability grant",
    "where can i get free internet",
    "1",
    "contact details for mpuluzi centre",
    "what is the capital of france",
    "Ngidinga ziphi izincwadi ze-ID?",
    "Waar kan ek 'n paspoort kry?",
    "Ke batla pasa kae?",
    "ndifuna ukwazi nge-SASSA eCofimvaba",
    "ndzi lava ku tiva hi vutitivisi",
    "Ndi ṱoḓa u ḓivha nga SASSA",
    "Ngifuna ukwati ngemazinyane",
    "Ke nyaka go tseba ka pasa",
    "Ngifuna ukwazi nge-ID eSiyabuswa",
]


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(function, rounds: int) -> list[float]:
    """Milliseconds of each of rounds calls of function(i)."""
    samples = []
    for i in range(rounds):
        start = time.perf_counter()
        function(i)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def copy_of(database: Path, folder: Path) -> str:
    """A URL of a copy of database, so benchmark conversations are not kept."""
    target = folder / database.name
    shutil.copy(database, target)
    return "sqlite:///%s" % target


def big_database() -> Path:
    """instance/bench-10x.sqlite3 with the generated content, built when missing or stale."""
    script = ROOT / "scripts" / "generate_content.py"
    # Stale when the generator, the content or the schema (a migration) changed.
    inputs = [script, *sorted((ROOT / "content").rglob("*.yaml")), *sorted(MIGRATIONS.glob("*.py"))]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in inputs)).hexdigest()[:16]
    stamp = BIG_DB.with_suffix(".version")
    if BIG_DB.exists() and stamp.exists() and stamp.read_text() == digest:
        return BIG_DB
    folder = Path(tempfile.mkdtemp(prefix="thusong-10x-"))
    print("generating content ten times larger (about 30 s, once) ...", flush=True)
    subprocess.run([str(ROOT / ".venv" / "bin" / "python"), str(script), str(folder / "content")], check=True)
    BIG_DB.unlink(missing_ok=True)
    env = environment(0, DATABASE_URL="sqlite:///%s" % BIG_DB, CONTENT_DIR=str(folder / "content"))
    for command in ("db upgrade", "content load"):
        subprocess.run(["sh", "-c", "flask --app bot " + command], cwd=ROOT, env=env, check=True, capture_output=True)
    stamp.write_text(digest)
    shutil.rmtree(folder, ignore_errors=True)
    return BIG_DB


def understanding(url: str) -> dict:
    from bot import create_app
    from bot.understanding import understand

    app = create_app({"DATABASE_URL": url, "RATE_LIMIT": ""})
    content = app.extensions["snapshots"].get()
    for message in MESSAGES:  # builds the indexes and loads the detector
        understand(content, message)
    samples = timed(lambda i: understand(content, MESSAGES[i % len(MESSAGES)]), 5000)
    app.extensions["database"].engine.dispose()
    return {
        "p50": percentile(samples, 0.5),
        "p99": percentile(samples, 0.99),
        "centres": len(content.centres),
        "places": len(content.places),
        "services": len(content.services),
    }


def publish_cost(url: str) -> dict:
    """Milliseconds a worker spends on a manager's publish: reading the new snapshot as
    bot.content.store.SnapshotCache does (the published changes put in an overlay of the content
    document it holds) and answering its first message (understanding, the calendar and the
    centres' index built again where the publish can change them)."""
    from bot import create_app
    from bot.calendar import calendar_of
    from bot.content.store import curated_content, loaded_content
    from bot.geo import centre_index
    from bot.understanding import understand

    app = create_app({"DATABASE_URL": url, "RATE_LIMIT": ""})
    database = app.extensions["database"]
    with database.session() as session:
        curated = curated_content(session)

    def snapshot():
        with database.session() as session:
            return loaded_content(session, curated=curated)

    for message in MESSAGES:
        understand(snapshot(), message)

    def reread(i: int) -> None:
        fresh = snapshot()
        understand(fresh, MESSAGES[i % len(MESSAGES)])
        calendar_of(fresh)
        centre_index(fresh)

    samples = timed(reread, 20)
    database.engine.dispose()
    return {"p50": percentile(samples, 0.5), "max": max(samples)}


def language_detection(url: str) -> dict:
    """Milliseconds to tell the language of one message of up to 160 characters."""
    from bot import create_app
    from bot.understanding.language import detector_for

    app = create_app({"DATABASE_URL": url, "RATE_LIMIT": ""})
    detector = detector_for(app.extensions["snapshots"].get())
    app.extensions["database"].engine.dispose()
    texts = [(m + " ") * (1 + i % 8) for i, m in enumerate(MESSAGES)]
    texts = [t[:160] for t in texts]
    samples = timed(lambda i: detector.detect(texts[i % len(texts)]), 5000)
    return {"p50": percentile(samples, 0.5), "p99": percentile(samples, 0.99), "longest": max(map(len, texts))}


def nearest_of_10000() -> dict:
    from bot.geo import PointIndex

    rng = random.Random(5)
    points = [
        SimpleNamespace(latitude=rng.uniform(-34.8, -22.1), longitude=rng.uniform(16.5, 32.9)) for _ in range(10000)
    ]
    index = PointIndex(points)
    samples = timed(lambda i: index.nearest(-22 - (i % 12) * 1.05, 17 + (i % 15), 3), 3000)
    return {"p50": percentile(samples, 0.5), "p99": percentile(samples, 0.99)}


def post(url: str, user: str, text: str) -> int:
    request = urllib.request.Request(
        url + "/api/chat",
        data=json.dumps({"user": user, "text": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status


def start_and_memory(url: str, port: int, folder: Path) -> dict:
    """Seconds from launching the server to its first answer; worker memory after 300 turns."""
    env = environment(port, DATABASE_URL=url, RATE_LIMIT="off")
    with Server(procfile("web"), env, folder / ("server-%d.log" % port)) as server:
        post(server.url, "bench-first", "hi")
        first = time.monotonic() - server.started
        for i in range(300):
            post(server.url, "bench-mem-%d" % (i % 40), MESSAGES[i % len(MESSAGES)])
        workers = [resident_mb(pid) for pid in server.workers()]
        master = resident_mb(server.process.pid)
    return {"first_answer_s": first, "worker_mb": max(workers), "master_mb": master}


def wrk(url: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", "-c32", "-d10s", "--latency", "-s", str(ROOT / "bench" / "chat_mix.lua"), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p99_ms": p99, "non_2xx": int(bad.group(1)) if bad else 0}


def throughput(url: str, folder: Path) -> dict:
    with Server(procfile("web"), environment(5191, DATABASE_URL=url), folder / "bot.log") as server:
        bot = wrk(server.url)
    bare_command = 'gunicorn --config gunicorn.conf.py "bench.bare_app:app"'
    with Server(bare_command, environment(5192), folder / "bare.log") as server:
        bare = wrk(server.url)
    return {"bot": bot, "bare": bare, "ratio": bot["rps"] / bare["rps"]}


def row(measure: str, figure: str, target: str, ok: bool | None) -> str:
    verdict = "" if ok is None else ("met" if ok else "**missed**")
    return "| %s | %s | %s | %s |" % (measure, figure, target, verdict)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-throughput", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="thusong-bench-"))
    big = big_database()
    rows = []
    if args.skip_throughput:
        print("throughput skipped (--skip-throughput)")
    elif not have_wrk():
        print("throughput skipped: wrk is not installed (apt-get install wrk)")
    else:
        t = throughput(copy_of(SHIPPED_DB, folder), folder)
        rows.append(
            row(
                "chat turns per second: bot / bare Flask (ratio)",
                "%.0f / %.0f (%.3f)" % (t["bot"]["rps"], t["bare"]["rps"], t["ratio"]),
                "ratio >= 0.5",
                t["ratio"] >= 0.5,
            )
        )
        rows.append(
            row(
                "bot p99 latency under that load (non-2xx answers)",
                "%.1f ms (%d)" % (t["bot"]["p99_ms"], t["bot"]["non_2xx"]),
                "<= 50 ms",
                t["bot"]["p99_ms"] <= 50 and not t["bot"]["non_2xx"],
            )
        )
    for label, database, target in (("shipped content", SHIPPED_DB, 2), ("content x10", big, 5)):
        u = understanding(copy_of(database, folder))
        rows.append(
            row(
                "understanding one message, %s (%d centres, %d places, %d services): p50 / p99"
                % (label, u["centres"], u["places"], u["services"]),
                "%.3f ms / %.3f ms" % (u["p50"], u["p99"]),
                "p99 <= %d ms" % target,
                u["p99"] <= target,
            )
        )
    for label, database in (("shipped content", SHIPPED_DB), ("content x10", big)):
        c = publish_cost(copy_of(database, folder))
        rows.append(
            row(
                "a manager's publish in one worker (new snapshot and its first answer), %s: p50 / max" % label,
                "%.0f ms / %.0f ms" % (c["p50"], c["max"]),
                "< 50 ms",
                c["p50"] < 50,
            )
        )
    d = language_detection(copy_of(SHIPPED_DB, folder))
    rows.append(
        row(
            "telling the language of one message (up to %d characters): p50 / p99" % d["longest"],
            "%.3f ms / %.3f ms" % (d["p50"], d["p99"]),
            "p99 <= 1 ms",
            d["p99"] <= 1,
        )
    )
    n = nearest_of_10000()
    rows.append(
        row(
            "nearest 3 of 10,000 centres: p50 / p99",
            "%.3f ms / %.3f ms" % (n["p50"], n["p99"]),
            "<= 1 ms",
            n["p99"] <= 1,
        )
    )
    for label, database, port in (("shipped content", SHIPPED_DB, 5193), ("content x10", big, 5194)):
        m = start_and_memory(copy_of(database, folder), port, folder)
        target = label == "shipped content"
        rows.append(
            row(
                "resident memory of one worker after warm-up and 300 turns, %s" % label,
                "%.0f MB (master %.0f MB)" % (m["worker_mb"], m["master_mb"]),
                "<= 150 MB" if target else "-",
                m["worker_mb"] <= 150 if target else None,
            )
        )
        rows.append(
            row(
                "from starting the server to its first answer, %s" % label,
                "%.2f s" % m["first_answer_s"],
                "<= 3 s" if target else "-",
                m["first_answer_s"] <= 3 if target else None,
            )
        )
    print()
    print(
        "Machine: %s, %d cores, Python %s; %s"
        % (platform.machine(), os.cpu_count() or 0, platform.python_version(), time.strftime("%Y-%m-%d"))
    )
    print("| measure | figure | target | |")
    print("|---|---|---|---|")
    print("\n".join(rows))
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
