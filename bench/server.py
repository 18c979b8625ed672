"""Start and stop gunicorn for benchmarks: the Procfile's web line (or another app under the
same gunicorn.conf.py settings) on 127.0.0.1, and read what its workers use."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"


def procfile(kind: str) -> str:
    """The command of the Procfile's `kind:` line."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith(kind + ":"):
            return line.split(":", 1)[1].strip()
    raise SystemExit("no %s: line in the Procfile" % kind)


def environment(port: int, **settings: str) -> dict:
    """The environment of a server on 127.0.0.1:port with the project's venv first on PATH."""
    return dict(
        os.environ, HOST="127.0.0.1", PORT=str(port), PATH="%s:%s" % (BIN, os.environ.get("PATH", "")), **settings
    )


def have_wrk() -> bool:
    """Whether wrk is installed, installing it with apt-get first when missing and run as root."""
    if shutil.which("wrk"):
        return True
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing wrk with apt-get ...", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True)
    return bool(shutil.which("wrk"))


def answers(url: str, process: subprocess.Popen, tries: int = 240) -> bool:
    """Whether GET url/healthz answers 200 before process exits (or tries run out)."""
    for _ in range(tries):
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return True
        except OSError:
            if process.poll() is not None:
                return False
            time.sleep(0.05)
    return False


class Server:
    """A gunicorn started with command in env; `with Server(...) as s:` waits for /healthz
    and stops it (and its workers) on exit. `started` is when the process was launched."""

    def __init__(self, command: str, env: dict, log_path: Path) -> None:
        self.command, self.env, self.log_path = command, env, log_path
        self.url = "http://127.0.0.1:%s" % env["PORT"]

    def __enter__(self) -> Server:
        self.log = open(self.log_path, "w")
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            ["sh", "-c", "exec " + self.command],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if answers(self.url, self.process):
            return self
        self.__exit__()
        raise SystemExit("the server did not come up: see %s" % self.log_path)

    def workers(self) -> list[int]:
        """The process ids of the workers (children of the gunicorn master)."""
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def __exit__(self, *_exc) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=60)
        except ProcessLookupError:
            pass
        self.log.close()


def resident_mb(pid: int) -> float:
    """VmRSS of a process in MB (shared pages counted)."""
    for line in Path("/proc/%d/status" % pid).read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


NGINX = Path("/usr/sbin/nginx")
SITE = ROOT / "deploy" / "nginx-thusong.conf"


def nginx_site(port: int, app_ports: list[int], *replacements: tuple[str, str]) -> str:
    """deploy/nginx-thusong.conf listening on 127.0.0.1:port, in front of the app servers on
    app_ports, with any further (old, new) replacements; ValueError if the file no longer has
    a line this rewrites."""
    site = SITE.read_text()
    servers = "\n    ".join("server 127.0.0.1:%d;" % app_port for app_port in app_ports)
    for old, new in (("listen 80;", "listen 127.0.0.1:%d;" % port), ("server 127.0.0.1:5000;", servers), *replacements):
        if old not in site:
            raise ValueError("deploy/nginx-thusong.conf no longer has %r" % old)
        site = site.replace(old, new)
    return site


class Nginx:
    """Debian's nginx in the foreground with site, its files in folder; `with Nginx(...)` waits
    until GET /healthz answers through it and stops it on exit. With access_log, each request's
    app server and status are logged to folder/access.log (`upstreams()` counts them)."""

    def __init__(self, site: str, port: int, folder: Path, access_log: bool = False, connections: int = 64) -> None:
        self.site, self.port, self.folder = site, port, folder
        self.access_log, self.connections = access_log, connections
        self.url = "http://127.0.0.1:%d" % port

    def __enter__(self) -> Nginx:
        folder = self.folder
        (folder / "site.conf").write_text(self.site)
        temp = " ".join(
            "%s_temp_path %s/%s;" % (kind, folder, kind)
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        log = (
            "log_format upstream '$upstream_addr $status'; access_log %s/access.log upstream;" % folder
            if self.access_log
            else "access_log off;"
        )
        (folder / "nginx.conf").write_text(
            "%s daemon off; worker_processes auto; pid %s/nginx.pid; error_log %s/error.log;\n"
            "events { worker_connections %d; }\nhttp { %s %s include %s/site.conf; }\n"
            % ("user root;" if os.geteuid() == 0 else "", folder, folder, self.connections, log, temp, folder)
        )
        self.process = subprocess.Popen(
            [str(NGINX), "-e", str(folder / "error.log"), "-p", str(folder), "-c", str(folder / "nginx.conf")],
            stderr=subprocess.DEVNULL,
        )
        if answers(self.url, self.process):
            return self
        self.__exit__()
        raise SystemExit("nginx did not come up: see %s/error.log" % folder)

    def upstreams(self) -> dict[str, int]:
        """Requests answered per app server address, from the access log."""
        counts: dict[str, int] = {}
        for line in (self.folder / "access.log").read_text().splitlines():
            address = line.split(" ", 1)[0]
            counts[address] = counts.get(address, 0) + 1
        return counts

    def __exit__(self, *_exc) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
