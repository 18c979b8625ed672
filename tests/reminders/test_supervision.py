"""`make run`'s reminder sender is supervised (issue 25): killed, it is started again, and
/healthz and the console say when it last ran. Run as `make run` runs it (scripts/run_local.sh),
without Redis: the sender is `flask --app bot reminders run`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from reminders_support import KEY, SENDER
from support import PROJECT_ROOT
from test_server import PATIENCE, free_port

BIN = PROJECT_ROOT / ".venv" / "bin"


def _health(base: str) -> dict:
    with urllib.request.urlopen(base + "/healthz", timeout=PATIENCE) as response:
        return json.load(response)


def _senders(database_url: str) -> set[int]:
    """The pids of `flask ... reminders run` processes of this test (by their database)."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            command = Path("/proc/%s/cmdline" % entry).read_bytes().split(b"\0")
            environ = Path("/proc/%s/environ" % entry).read_bytes()
        except OSError:
            continue
        if b"reminders" in command and b"run" in command and database_url.encode() in environ:
            found.add(int(entry))
    return found


def _until(condition, what: str):
    for _ in range(PATIENCE * 4):
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError("waited %d s for %s" % (PATIENCE, what))


def test_a_killed_sender_is_started_again_and_its_heartbeat_is_shown(databases, content_template, tmp_path):
    port = free_port()
    database_url = databases.fresh(content_template, tmp_path)
    env = dict(
        os.environ,
        PATH="%s:%s" % (BIN, os.environ.get("PATH", "")),
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="1",
        DATABASE_URL=database_url,
        REDIS_URL="",
        SECRET_KEY="test-secret",
        REMINDER_KEY=KEY,
        TWILIO_ACCOUNT_SID="AC" + "0" * 32,
        TWILIO_AUTH_TOKEN="test",
        TWILIO_SMS_FROM=SENDER,
        USSD_TOKEN="supervision-test",
    )
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["sh", "scripts/run_local.sh"], cwd=PROJECT_ROOT, env=env, stdout=out, stderr=out, start_new_session=True
        )
    base = "http://127.0.0.1:%d" % port
    try:
        _until(lambda: _health(base).get("reminders", {}).get("ok") if _up(base) else None, "the sender's first tick")
        [first] = _until(lambda: _senders(database_url), "the sender process")
        os.kill(first, signal.SIGKILL)
        again = _until(lambda: _senders(database_url) - {first}, "the sender started again")
        assert again and first not in again
        assert "the sender process exited" in log.read_text()
        beat = _health(base)["reminders"]
        assert beat["ok"] and beat["seconds_ago"] <= 120 and beat["last_tick"]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(PATIENCE)


def _up(base: str) -> bool:
    try:
        _health(base)
        return True
    except OSError:
        return False
