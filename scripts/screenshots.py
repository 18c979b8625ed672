#!/usr/bin/env python3
"""Take the README's screenshots (docs/widget.png, docs/ussd-simulator.png) in Debian's Chromium.

Contract: serves the app on loopback from the built content database (run `make run` or
`make content` once first), drives the widget and the USSD simulator with Playwright at a
phone's width, and writes the PNGs into docs/. Usage: .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import create_app  # noqa: E402

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    copy = Path(tempfile.mkdtemp()) / "shots.sqlite3"
    shutil.copy(ROOT / "instance" / "thusong.sqlite3", copy)
    app = create_app({"DATABASE_URL": "sqlite:///%s" % copy})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d" % server.server_port
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
        page.goto(url + "/")
        page.wait_for_selector(".thusong-msg.thusong-bot")
        page.fill("#thusong-input", "what documents do I need for a passport?")
        page.click("button.thusong-send")
        # Functions, not expressions: the pages' Content-Security-Policy forbids eval.
        page.wait_for_function("() => document.querySelectorAll('.thusong-msg.thusong-bot').length > 1")
        page.locator(".thusong").screenshot(path=str(ROOT / "docs" / "widget.png"))
        page.goto(url + "/simulator/ussd")
        page.click("#dial")
        page.wait_for_function("() => document.getElementById('screen').textContent.startsWith('CON')")
        page.fill("#answer", "4")
        page.click("#send")
        page.wait_for_function("() => document.getElementById('screen').textContent.includes('Which centre')")
        page.fill("#answer", "Zava")
        page.click("#send")
        # Zava's service days: an example schedule, which the first screen says first.
        page.wait_for_function("() => document.getElementById('screen').textContent.includes('example schedule')")
        page.locator(".phone").screenshot(path=str(ROOT / "docs" / "ussd-simulator.png"))
        browser.close()
    server.shutdown()
    server.server_close()
    print("wrote docs/widget.png and docs/ussd-simulator.png")


if __name__ == "__main__":
    main()
