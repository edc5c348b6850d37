"""gunicorn serving the workbench for the load test, on 127.0.0.1 only, and the CPU time its
processes (and the database server's) have used."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

WORKERS = 4
TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``gunicorn bench.load.wsgi`` with 4 sync workers, the application built before the fork."""

    def __init__(self, folder, env):
        self.folder = Path(folder)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = env
        self.process = None

    def start(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable, "-m", "gunicorn", "bench.load.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(WORKERS), "--worker-class", "sync",
            "--preload", "--timeout", "120", "--graceful-timeout", "10", "--backlog", "2048",
            "--error-logfile", str(self.folder / "gunicorn.log"), "--log-level", "warning",
        ]  # fmt: skip
        log = open(self.folder / "gunicorn.out", "ab")  # noqa: SIM115  (closed with the process)
        self.process = subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited ({self.process.returncode}); see {self.folder / 'gunicorn.log'}")
            try:
                with urllib.request.urlopen(f"{self.url}/jsi18n/", timeout=5) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise SystemExit("gunicorn did not answer within 120 s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def workers(self):
        """The pids of the master's children (the workers)."""
        try:
            text = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]

    def cpu_seconds(self):
        """CPU seconds (user + system) the master and its workers have used so far."""
        return sum(process_cpu(pid) for pid in [self.process.pid, *self.workers()])


def process_cpu(pid):
    """CPU seconds (user + system) of one process, 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def mariadb_pid():
    """The pid of the private MariaDB server of .ci/mariadb.sh, or None."""
    from bench.database import REPO

    try:
        return int((REPO / "var" / "mariadb" / "mariadb.pid").read_text().strip())
    except (OSError, ValueError):
        return None
