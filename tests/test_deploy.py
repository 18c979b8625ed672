"""deploy/nginx-thusong.conf under Debian's nginx, in front of the app: requests reach the app
whole (a stalled client never reaches it and gets 408 or a closed connection from nginx), bodies
over 64 KB are refused, and the app's answers and headers come through."""

from __future__ import annotations

import socket
import threading
import urllib.error
import urllib.request

import pytest
from werkzeug.serving import make_server

from bench.server import NGINX, Nginx, nginx_site

PARTIAL_BODY = (
    b'POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"user":'
)
PATIENCE = 30  # seconds to wait for a server before giving up (not a timing assertion)

pytestmark = pytest.mark.skipif(
    not NGINX.exists(), reason="needs Debian's nginx at /usr/sbin/nginx (apt-get install nginx)"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def proxied(app, tmp_path):
    """(nginx's URL, the paths the app was asked for): the app served in a thread behind the
    shipped site, with 1 s client timeouts."""
    asked = []

    def counting(environ, start_response):
        asked.append(environ["PATH_INFO"])
        return app.wsgi_app(environ, start_response)

    app_server = make_server("127.0.0.1", 0, counting, threaded=True)
    threading.Thread(target=app_server.serve_forever, daemon=True).start()
    port = free_port()
    site = nginx_site(
        port,
        [app_server.server_port],
        ("client_header_timeout 10s;", "client_header_timeout 1s;"),
        ("client_body_timeout 10s;", "client_body_timeout 1s;"),
    )
    try:
        with Nginx(site, port, tmp_path) as nginx:
            asked.clear()
            yield nginx.url, asked
    finally:
        app_server.shutdown()
        app_server.server_close()


def test_stalled_clients_never_reach_the_app(proxied):
    base, asked = proxied
    sockets = []
    for _ in range(4):
        sock = socket.create_connection(base.rsplit("/", 1)[1].split(":"), timeout=PATIENCE)
        sock.sendall(PARTIAL_BODY)
        sockets.append(sock)
    with urllib.request.urlopen(base + "/healthz", timeout=PATIENCE) as response:
        assert response.status == 200
    heads = []
    for sock in sockets:
        with sock:
            heads.append(sock.recv(64))  # nginx gives up on them (408 or closed)
    assert all(head == b"" or head.split()[1].startswith(b"4") for head in heads), heads
    assert asked == ["/healthz"]


def test_answers_and_their_headers_come_through(proxied):
    base, asked = proxied
    request = urllib.request.Request(
        base + "/api/chat", data=b'{"user": "n", "text": "hi"}', headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=PATIENCE) as response:
        assert response.status == 200 and b'"reply"' in response.read()
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert asked == ["/api/chat"]


def test_bodies_over_64_kilobytes_are_refused_before_the_app(proxied):
    base, asked = proxied
    request = urllib.request.Request(
        base + "/api/chat", data=b"x" * (65 * 1024), headers={"Content-Type": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=PATIENCE)
    refused.value.close()
    assert refused.value.code == 413
    assert asked == []
