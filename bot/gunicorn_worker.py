"""The web process's gunicorn worker (gunicorn.conf.py): gunicorn's threaded worker whose threads
are given whole requests only, each read within a total time limit.

gunicorn's gthread worker hands a connection to a thread once its first bytes come, and the
thread then reads headers and body at the client's pace: eight clients sending a header line
every few seconds held all eight threads of `make run` for as long as they liked. Here a thread
first waits at most FIRST_WAIT for a new connection's bytes and reads what has come without
blocking: a whole request (headers, and the body they announce, or a body declared larger than
the app takes, which it then refuses at once) is served there and then, as before. Anything
less goes back to the worker's main loop, which reads the rest as it comes (its selector says
when) holding no thread, and hands the request to a thread once it is whole. A request not whole
within CLIENT_REQUEST_SECONDS (env, default 10) of its connection is answered 408 and closed,
however it trickles; at most GATHERING connections wait so per worker (the oldest go first).
A connection being read does not count against the worker's connections, so the worker keeps
accepting (and answering /healthz) meanwhile.

Inside a thread, every socket keeps the kernel's SO_RCVTIMEO/SO_SNDTIMEO of CLIENT_PAUSE_SECONDS
(env, default 10) for the answer's writes: a client that stops reading the answer frees its
thread. Checked by tests/test_server.py against the Procfile's server; figures in
docs/benchmarks.md. Production puts nginx in front as well (deploy/).
"""

from __future__ import annotations

import contextlib
import os
import re
import selectors
import socket
import struct
import time
from collections import deque
from functools import partial
from typing import Any

from gunicorn.workers.gthread import ThreadWorker as GunicornThreadWorker

CLIENT_PAUSE_SECONDS = float(os.environ.get("CLIENT_PAUSE_SECONDS", "10") or 10)
CLIENT_REQUEST_SECONDS = float(os.environ.get("CLIENT_REQUEST_SECONDS", "10") or 10)
# How long a thread waits for a new connection's first bytes before the main loop takes it.
FIRST_WAIT = 0.05
# Connections whose request is being read in the main loop, per worker, at most.
GATHERING = 1000
# Headers longer than this are no request of ours: the connection is closed.
MAX_HEADERS = 32 * 1024
# A body declared larger than this is handed over at once: the app answers 413 without reading it.
MAX_BODY = int(os.environ.get("MAX_BODY_BYTES", "") or 64 * 1024)
_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)")
_CHUNKED = re.compile(rb"\r\ntransfer-encoding:[^\r\n]*chunked")
TIMED_OUT = b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
# What a thread returns for a connection whose request is not whole yet.
_GATHER = object()
# Bytes read at a time (a request of ours is one read: its body is at most MAX_BODY).
CHUNK = 16384


def pause_limit(seconds: float) -> bytes:
    """A struct timeval for SO_RCVTIMEO/SO_SNDTIMEO."""
    whole_seconds = int(seconds)
    return struct.pack("ll", whole_seconds, int((seconds - whole_seconds) * 1_000_000))


def whole(data: bytes) -> bool | None:
    """Whether data holds a whole request (headers and the body they announce); None when it
    never will be one of ours (headers too long)."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return None if len(data) > MAX_HEADERS else False
    head = data[: end + 2].lower()
    body = len(data) - end - 4
    if _CHUNKED.search(head):
        return data.endswith(b"0\r\n\r\n") or body > MAX_BODY
    found = _LENGTH.search(head)
    length = int(found.group(1)) if found else 0
    return body >= length or length > MAX_BODY


class Prebuffered:
    """A client socket whose request was read already: recv gives those bytes first."""

    def __init__(self, sock: socket.socket, data: bytes) -> None:
        self._sock, self._data = sock, data

    def recv(self, size: int, *flags: Any) -> bytes:
        if self._data:
            chunk, self._data = self._data[:size], self._data[size:]
            return chunk
        return self._sock.recv(size, *flags)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def _read(conn: Any) -> bool | None:
    """Read what the client has sent without blocking: True when the request is whole (the
    connection then reads it from its buffer), False when more is to come, None when it is no
    request (the client went away, or headers too long)."""
    if not hasattr(conn, "buffer"):
        conn.buffer, conn.ends = b"", time.monotonic() + CLIENT_REQUEST_SECONDS
    data = conn.buffer
    try:
        while True:
            chunk = conn.sock.recv(CHUNK)
            if not chunk:
                return None
            data += chunk
            if len(chunk) < CHUNK:
                break
    except BlockingIOError:
        pass
    except OSError:
        return None
    done = whole(data)
    if done:
        conn.sock = Prebuffered(conn.sock, data)
        conn.buffer, conn.data_ready = None, True  # (gunicorn's thread would wait for bytes read already)
    else:
        conn.buffer = data
    return done


class ThreadWorker(GunicornThreadWorker):
    """gunicorn's gthread worker whose threads are given whole requests only (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gathering: deque[Any] = deque()

    def enqueue_req(self, conn: Any) -> None:
        """Limit the connection's pauses, then hand it to a thread as gunicorn does."""
        limit = pause_limit(CLIENT_PAUSE_SECONDS)
        try:
            conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, limit)
            conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, limit)
        except OSError:
            pass  # the client has gone already; the thread will find out and close it
        super().enqueue_req(conn)

    def handle(self, conn: Any) -> Any:
        """In a thread: serve a whole request; give a partial one back to the main loop."""
        if not conn.initialized and getattr(conn, "buffer", ()) is not None:
            done = _read(conn)
            if done is False and not conn.buffer:  # nothing yet: wait a moment for the first bytes
                with contextlib.suppress(OSError, ValueError), selectors.DefaultSelector() as selector:
                    selector.register(conn.sock, selectors.EVENT_READ)
                    selector.select(FIRST_WAIT)
                done = _read(conn)
            if done is None:
                return False  # closed by finish_request
            if not done:
                return _GATHER
        return super().handle(conn)

    def finish_request(self, conn: Any, fs: Any) -> None:
        """Take back a connection whose request is not whole yet (it holds no thread while it is
        read); anything else as gunicorn does."""
        if not fs.cancelled() and fs.exception() is None and fs.result() is _GATHER and self.alive:
            self.nr_conns -= 1
            self.gathering.append(conn)
            while len(self.gathering) > GATHERING:
                self._drop(self.gathering.popleft())
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._more, conn))
            return
        super().finish_request(conn, fs)

    def _more(self, conn: Any, sock: Any) -> None:
        """In the main loop: more bytes of a request being read."""
        self.poller.unregister(sock)
        done = _read(conn)
        if done is None:
            self._drop(conn)
        elif done:
            conn.gathered = True
            self.nr_conns += 1
            self.enqueue_req(conn)
        else:
            self.poller.register(sock, selectors.EVENT_READ, partial(self._more, conn))

    def _drop(self, conn: Any, answer: bytes = b"") -> None:
        """Close a connection whose request is still being read."""
        if getattr(conn, "gathered", False) is None:
            return
        conn.gathered = None
        with contextlib.suppress(KeyError, ValueError, OSError):  # (not waiting on the poller)
            self.poller.unregister(conn.sock)
        if answer:
            with contextlib.suppress(OSError):
                conn.sock.send(answer)
        conn.close()

    def murder_pending(self) -> None:
        """gunicorn's sweep of its waiting connections, and of requests not whole in time."""
        super().murder_pending()
        now = time.monotonic()
        while self.gathering and (hasattr(self.gathering[0], "gathered") or self.gathering[0].ends <= now):
            conn = self.gathering.popleft()
            if not hasattr(conn, "gathered"):
                self._drop(conn, TIMED_OUT)
        if not self.alive:
            while self.gathering:
                self._drop(self.gathering.popleft())
