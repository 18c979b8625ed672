"""Start and stop gunicorn for benchmarks: the Procfile's web line (or another app under the
same gunicorn.conf.py settings) on 127.0.0.1, and read what its workers use."""
from __future__ import annotations

import os
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
    return dict(os.environ, HOST="127.0.0.1", PORT=str(port), PATH="%s:%s" % (BIN, os.environ.get("PATH", "")),
                **settings)


class Server:
    """A gunicorn started with command in env; `with Server(...) as s:` waits for /healthz
    and stops it (and its workers) on exit. `started` is when the process was launched."""

    def __init__(self, command: str, env: dict, log_path: Path) -> None:
        self.command, self.env, self.log_path = command, env, log_path
        self.url = "http://127.0.0.1:%s" % env["PORT"]

    def __enter__(self) -> "Server":
        self.log = open(self.log_path, "w")
        self.started = time.monotonic()
        self.process = subprocess.Popen(["sh", "-c", "exec " + self.command], cwd=ROOT, env=self.env,
                                        stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        for _ in range(240):
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.05)
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
