"""The Procfile's web server (gunicorn.conf.py, bot.gunicorn_worker) started for real: clients that
send part of a request and stall hold no thread for long and never get a 5xx, and the warm-up
still runs in the master before the workers fork."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from support import PROJECT_ROOT

PARTIAL_BODY = (
    b'POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"user":'
)
PARTIAL_HEADERS = b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Ty"
PATIENCE = 60  # seconds a test waits for the server before it gives up (not a timing assertion)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=PATIENCE) as response:
        return response.status


@pytest.fixture()
def server(databases, content_template, tmp_path):
    """The web process as the Procfile starts it: one worker with two threads, pauses of 1 s."""
    port = free_port()
    env = dict(
        os.environ,
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="1",
        WEB_THREADS="2",
        CLIENT_PAUSE_SECONDS="1",
        DATABASE_URL=databases.fresh(content_template, tmp_path),
        REDIS_URL="",
        RATE_LIMIT="off",
        SECRET_KEY="test-secret",
    )
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "bot:create_app()"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=out,
        )
    base = "http://127.0.0.1:%d" % port
    try:
        for _ in range(PATIENCE * 4):
            try:
                if get(base + "/healthz") == 200:
                    break
            except OSError:
                assert process.poll() is None, log.read_text()
                time.sleep(0.25)
        yield base, log
    finally:
        process.terminate()
        process.wait(PATIENCE)


def stalled(base: str, opening: bytes) -> socket.socket:
    host, port = base.rsplit("/", 1)[1].split(":")
    sock = socket.create_connection((host, int(port)), timeout=PATIENCE)
    sock.sendall(opening)
    return sock


def status_of(sock: socket.socket) -> int | None:
    """The status the server answered a stalled request with, or None if it closed the connection."""
    with sock:
        try:
            head = sock.recv(64)
        except ConnectionResetError:
            return None
    return int(head.split()[1]) if head.startswith(b"HTTP/") else None


def test_stalled_clients_do_not_hold_the_threads_and_get_no_5xx(server):
    base, _log = server
    # As many stalled requests as the worker has threads, and one more whose headers never end.
    sockets = [stalled(base, PARTIAL_BODY), stalled(base, PARTIAL_BODY), stalled(base, PARTIAL_HEADERS)]
    assert get(base + "/healthz") == 200
    statuses = [status_of(sock) for sock in sockets]
    assert all(status is None or 400 <= status < 500 for status in statuses), statuses
    assert get(base + "/healthz") == 200


def test_warm_up_runs_in_the_master(server):
    _base, log = server
    assert "warmed up in" in log.read_text()
