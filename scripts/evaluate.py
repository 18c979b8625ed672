#!/usr/bin/env python3
"""`make eval`: score understanding over the public API, as the shared evaluation does.

Starts the Procfile's web server on a free port (or uses --base-url), plays every conversation
of each JSONL case file (by default ../shared/eval/dev.jsonl and dev2.jsonl, when present, and
eval/blind.jsonl and blind2.jsonl; the format is in
../shared/eval/run_eval.py: a fresh user per conversation, the reply to the last turn scored)
and prints, per file, the share passed per language, per expected intent and per check, and a
confusion table of expected against answered intents. With --langid, each line of an NCHLT
benchmark file (`lang_id, text`) is sent as a new person's first message and the reply's
language scored per language.

    .venv/bin/python scripts/evaluate.py [CASES.jsonl ...] [--langid FILE.csv ...] [--failures]
"""

from __future__ import annotations

import argparse
import csv
import json
import socket
import sys
import tempfile
import urllib.request
import uuid
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_langid import NCHLT_CODES  # noqa: E402

from bench.server import Server, environment, procfile  # noqa: E402

SHARED = ROOT.parent / "shared"
DEFAULT_CASES = [
    SHARED / "eval" / "dev.jsonl",
    SHARED / "eval" / "dev2.jsonl",
    ROOT / "eval" / "blind.jsonl",
    ROOT / "eval" / "blind2.jsonl",
]


def post(base: str, payload: dict) -> dict:
    request = urllib.request.Request(
        base + "/api/chat", data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read().decode())


def misses(expect: dict, reply: dict) -> list[str]:
    """The checks the reply fails (the shared run_eval.py's rules)."""
    failed = []
    if "intent" in expect and reply.get("intent") not in expect["intent"]:
        failed.append("intent")
    entities = reply.get("entities") or {}
    for kind, wanted in (expect.get("entities") or {}).items():
        if entities.get(kind) not in wanted:
            failed.append("entity:" + kind)
    if "lang" in expect and reply.get("lang") not in expect["lang"]:
        failed.append("lang")
    return failed


def play(base: str, case: dict) -> dict:
    user = "eval-%s-%s" % (case["id"], uuid.uuid4().hex[:8])
    reply: dict = {}
    for turn in case["turns"]:
        payload = {"user": user, "text": ""}
        payload.update(turn if isinstance(turn, dict) else {"text": turn})
        reply = post(base, payload)
    return reply


def table(title: str, counts: dict) -> str:
    """`title: key passed/total (share)` for each key."""
    return "%-11s %s" % (
        title,
        "  ".join("%s %d/%d" % (key, passed, total) for key, (passed, total) in sorted(counts.items())),
    )


def score_cases(base: str, path: Path, show_failures: bool) -> float:
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_lang, by_intent, by_check = (defaultdict(lambda: [0, 0]) for _ in range(3))
    confusion: Counter = Counter()
    passed = 0
    for case in cases:
        expect = case["expect"]
        reply = play(base, case)
        failed = misses(expect, reply)
        passed += not failed
        for counts, key in ((by_lang, case["lang"]), (by_intent, expect.get("intent", ["?"])[0])):
            counts[key][0] += not failed
            counts[key][1] += 1
        checks = (
            ["intent"] * ("intent" in expect)
            + ["lang"] * ("lang" in expect)
            + ["entity:" + k for k in expect.get("entities", {})]
        )
        for check in checks:
            by_check[check.split(":")[0]][0] += check not in failed
            by_check[check.split(":")[0]][1] += 1
        if "intent" in failed:
            confusion[(expect["intent"][0], reply.get("intent"))] += 1
        if failed and show_failures:
            turns = " | ".join(t if isinstance(t, str) else json.dumps(t) for t in case["turns"])
            print(
                "FAIL %s [%s] %s\n     expected %s\n     got intent=%s entities=%s lang=%s"
                % (
                    case["id"],
                    ",".join(failed),
                    turns,
                    json.dumps(expect),
                    reply.get("intent"),
                    json.dumps(reply.get("entities")),
                    reply.get("lang"),
                )
            )
    share = passed / len(cases) if cases else 0.0
    print("\n%s: %d/%d passed (%.1f%%)" % (path.name, passed, len(cases), 100 * share))
    print(table("language", by_lang))
    print(table("intent", by_intent))
    print(table("check", by_check))
    if confusion:
        print(
            "intent misses (expected -> answered): "
            + ", ".join("%s -> %s %d" % (want, got, n) for (want, got), n in confusion.most_common())
        )
    return share


def score_langid(base: str, path: Path) -> float:
    right, total = Counter(), Counter()
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.reader(f, skipinitialspace=True)
        next(rows)
        for code, text in rows:
            lang = NCHLT_CODES.get(code.strip(), code.strip())
            reply = post(base, {"user": "langid-%s" % uuid.uuid4().hex, "text": text})
            total[lang] += 1
            right[lang] += reply.get("lang") == lang
    share = sum(right.values()) / max(1, sum(total.values()))
    print("\n%s: reply language right for %.1f%% of %d first messages" % (path.name, 100 * share, sum(total.values())))
    print("  ".join("%s %.1f%%" % (lang, 100 * right[lang] / total[lang]) for lang in sorted(total)))
    return share


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="*", type=Path)
    parser.add_argument("--langid", nargs="*", type=Path, default=[], help="NCHLT-format CSV files")
    parser.add_argument("--base-url", help="score a server already running there")
    parser.add_argument("--failures", action="store_true", help="print every failed conversation")
    args = parser.parse_args(argv)
    cases = args.cases or ([] if args.langid else [p for p in DEFAULT_CASES if p.exists()])
    if not cases and not args.langid:
        parser.error("no case files: pass them, or put ../shared/eval beside the project")

    def run(base: str) -> None:
        for path in cases:
            score_cases(base, path, args.failures)
        for path in args.langid:
            score_langid(base, path)

    if args.base_url:
        run(args.base_url.rstrip("/"))
        return 0
    # Each conversation and each benchmark line is a different person: the per-person rate
    # limit never applies, so the server runs with the shipped defaults.
    with (
        tempfile.TemporaryDirectory() as folder,
        Server(procfile("web"), environment(free_port()), Path(folder) / "server.log") as server,
    ):
        run(server.url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
