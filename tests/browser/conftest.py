"""Browser tests: the app served on loopback by a real WSGI server, driven by Playwright in
Debian's Chromium (/usr/bin/chromium, headless; never a browser download).

Where Chromium or Playwright is missing the tests are skipped with the reason printed (the
suite runs with -rs), never silently.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """A WSGI app served on 127.0.0.1 in a thread."""

    def __init__(self, app, port: int | None = None) -> None:
        self.server = make_server("127.0.0.1", port or 0, app, threaded=True)
        self.url = "http://127.0.0.1:%d" % self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(5)
        self.server.server_close()


@pytest.fixture(scope="session")
def playwright_browser():
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests need the playwright package (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def widget_origin_port():
    """A port reserved for a separate static site that embeds the widget."""
    return free_port()


@pytest.fixture()
def live(new_app, widget_origin_port):
    app = new_app(WIDGET_ORIGINS=["http://127.0.0.1:%d" % widget_origin_port])
    server = LiveServer(app)
    yield server
    server.stop()


@pytest.fixture()
def page(playwright_browser):
    context = playwright_browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(10000)
    yield page
    context.close()
