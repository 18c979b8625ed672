"""deploy/nginx-thusong.conf under Debian's nginx, in front of the app: requests reach the app
whole (a stalled client never reaches it and gets 408 or a closed connection from nginx), bodies
over 64 KB are refused, and the app's answers and headers come through."""
from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from support import PROJECT_ROOT

NGINX = Path("/usr/sbin/nginx")
SITE = PROJECT_ROOT / "deploy" / "nginx-thusong.conf"
PARTIAL_BODY = (b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 100\r\n\r\n{\"user\":")
PATIENCE = 30  # seconds to wait for a server before giving up (not a timing assertion)

pytestmark = pytest.mark.skipif(not NGINX.exists(), reason="needs Debian's nginx at /usr/sbin/nginx "
                                "(apt-get install nginx)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_for_test(port: int, app_port: int) -> str:
    """The shipped site, listening on port, proxying to app_port, with 1 s client timeouts."""
    site = SITE.read_text()
    for old, new in (("listen 80;", "listen 127.0.0.1:%d;" % port),
                     ("server 127.0.0.1:5000;", "server 127.0.0.1:%d;" % app_port),
                     ("client_header_timeout 10s;", "client_header_timeout 1s;"),
                     ("client_body_timeout 10s;", "client_body_timeout 1s;")):
        assert old in site, "deploy/nginx-thusong.conf no longer has %r" % old
        site = site.replace(old, new)
    return site


@pytest.fixture()
def proxied(app, tmp_path):
    """(nginx's URL, the paths the app was asked for): the app served in a thread behind nginx."""
    asked = []

    def counting(environ, start_response):
        asked.append(environ["PATH_INFO"])
        return app.wsgi_app(environ, start_response)

    app_server = make_server("127.0.0.1", 0, counting, threaded=True)
    threading.Thread(target=app_server.serve_forever, daemon=True).start()
    port = free_port()
    (tmp_path / "site.conf").write_text(site_for_test(port, app_server.server_port))
    temp = " ".join("%s_temp_path %s/%s;" % (kind, tmp_path, kind)
                    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        "%s daemon off; pid %s/nginx.pid; error_log %s/error.log; events { worker_connections 64; }\n"
        "http { access_log off; %s include %s/site.conf; }\n"
        % ("user root;" if os.geteuid() == 0 else "", tmp_path, tmp_path, temp, tmp_path))
    nginx = subprocess.Popen([str(NGINX), "-e", str(tmp_path / "error.log"), "-p", str(tmp_path),
                              "-c", str(tmp_path / "nginx.conf")], stderr=subprocess.DEVNULL)
    base = "http://127.0.0.1:%d" % port
    try:
        for _ in range(PATIENCE * 4):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=PATIENCE).close()
                break
            except OSError:
                assert nginx.poll() is None, (tmp_path / "error.log").read_text()
                time.sleep(0.25)
        asked.clear()
        yield base, asked
    finally:
        nginx.terminate()
        nginx.wait(PATIENCE)
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
    request = urllib.request.Request(base + "/api/chat", data=b'{"user": "n", "text": "hi"}',
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=PATIENCE) as response:
        assert response.status == 200 and b'"reply"' in response.read()
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert asked == ["/api/chat"]


def test_bodies_over_64_kilobytes_are_refused_before_the_app(proxied):
    base, asked = proxied
    request = urllib.request.Request(base + "/api/chat", data=b"x" * (65 * 1024),
                                     headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=PATIENCE)
    refused.value.close()
    assert refused.value.code == 413
    assert asked == []
