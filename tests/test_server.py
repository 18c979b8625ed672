"""The Procfile's web server (gunicorn.conf.py, bot.gunicorn_worker) started for real: clients that
send part of a request and stall, or trickle it a line at a time, or open sockets and send
nothing, hold no thread: /healthz is answered meanwhile, each of them is closed (408) once its
request is not whole in time, and none gets a 5xx; the warm-up still runs in the master."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
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
    """The web process as the Procfile starts it: one worker with two threads, pauses of 1 s,
    2 s for a whole request."""
    port = free_port()
    env = dict(
        os.environ,
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="1",
        WEB_THREADS="2",
        CLIENT_PAUSE_SECONDS="1",
        CLIENT_REQUEST_SECONDS="2",
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


def test_clients_trickling_their_headers_hold_no_thread_and_are_cut_off(server):
    """Four times as many clients as threads send a header line every half second, for longer
    than a request may take: /healthz is answered while they still trickle, and each of them is
    ended (408, or closed), none with a 5xx."""
    base, _log = server
    sockets = [stalled(base, b"POST /api/chat HTTP/1.1\r\nHost: x\r\n") for _ in range(8)]
    trickling = threading.Event()
    trickling.set()

    def trickle():
        for line in range(12):  # 6 s, three times the 2 s a request may take
            for sock in sockets:
                with contextlib.suppress(OSError):  # (the server has closed it)
                    sock.sendall(b"X-Slow-%d: %d\r\n" % (line, line))
            time.sleep(0.5)
        trickling.clear()

    thread = threading.Thread(target=trickle)
    thread.start()
    time.sleep(1)
    assert get(base + "/healthz") == 200
    assert trickling.is_set()  # answered while they were still trickling
    thread.join(PATIENCE)
    statuses = [status_of(sock) for sock in sockets]
    assert all(status in (None, 408) for status in statuses), statuses
    assert 408 in statuses  # cut off by the server, not by the end of the trickle
    assert get(base + "/healthz") == 200


def test_many_idle_sockets_do_not_block_the_server(server):
    base, _log = server
    sockets = [stalled(base, b"") for _ in range(200)]
    try:
        assert get(base + "/healthz") == 200
        body = json.dumps({"user": "after-idle", "text": "hi"}).encode()
        request = urllib.request.Request(base + "/api/chat", data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=PATIENCE) as response:
            assert response.status == 200
    finally:
        for sock in sockets:
            sock.close()
