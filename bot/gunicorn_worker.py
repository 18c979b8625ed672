"""The web process's gunicorn worker (gunicorn.conf.py): gunicorn's threaded worker, with a limit
on how long a client may pause while sending a request or reading the answer.

gunicorn's gthread worker waits for a connection's first bytes in its main loop, but once a
request has begun, a thread reads headers and body with no time limit: four clients that send
half a body and stop hold four threads for as long as they like. Here every connection a thread
works on has the kernel's SO_RCVTIMEO/SO_SNDTIMEO set to CLIENT_PAUSE_SECONDS (env
CLIENT_PAUSE_SECONDS, default 10). gunicorn switches sockets between blocking and non-blocking
mode; those calls set Python's timeout, not these options, so the limit holds throughout. A pause
longer than that ends the request: unfinished headers close the connection; a body read in the
app fails, which werkzeug answers 400 (ClientDisconnected); never a 5xx and no thread kept.

The limit is per pause, not per request: a client trickling a byte every few seconds keeps its
thread longer, so production puts nginx in front (deploy/), which buffers whole requests.
"""

from __future__ import annotations

import os
import socket
import struct

from gunicorn.workers.gthread import ThreadWorker as GunicornThreadWorker

CLIENT_PAUSE_SECONDS = float(os.environ.get("CLIENT_PAUSE_SECONDS", "10") or 10)


def pause_limit(seconds: float) -> bytes:
    """A struct timeval for SO_RCVTIMEO/SO_SNDTIMEO."""
    whole = int(seconds)
    return struct.pack("ll", whole, int((seconds - whole) * 1_000_000))


class ThreadWorker(GunicornThreadWorker):
    """gunicorn's gthread worker, whose threads give up on a client that pauses too long."""

    def enqueue_req(self, conn):
        """Limit the connection's pauses, then hand it to a thread as gunicorn does."""
        limit = pause_limit(CLIENT_PAUSE_SECONDS)
        try:
            conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, limit)
            conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, limit)
        except OSError:
            pass  # the client has gone already; the thread will find out and close it
        super().enqueue_req(conn)
