"""Server subprocesses on 127.0.0.1: the real app and the floor, one uvicorn worker each."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO

from bench.config import REPO_ROOT, WORK_DIR

# The load is 16 connections of one person on one operation: the rate limiter runs (its cost is
# measured) but with a budget the load never reaches, so no answer is a 429.
BENCH_ENV = {"RATE_LIMIT_SESSION": "1000000/second", "RATE_LIMIT_ANONYMOUS": "1000000/second"}
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class Server:
    """``uvicorn <app> --factory --port <free> --log-level warning``; stopped by its own pid."""

    def __init__(self, name: str, app: str, env: dict[str, str]) -> None:
        self.name = name
        self.app = app
        self.env = env
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path: Path = WORK_DIR / f"{name}.log"
        self._log: IO[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def start(self, timeout: float = 60.0) -> Server:
        cmd = [
            sys.executable, "-m", "uvicorn", self.app, "--factory", "--host", HOST, "--port", str(self.port),
            "--log-level", "warning",
        ]  # fmt: skip
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            cmd, cwd=REPO_ROOT, env={**os.environ, **BENCH_ENV, **self.env}, stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited ({self.proc.returncode}); see {self.log_path}:\n"
                    + self.log_path.read_text(errors="replace")[-3000:]
                )
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer /healthz within {timeout:.0f} s; see {self.log_path}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
