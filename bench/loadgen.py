"""HTTP load: wrk (1 thread, keep-alive connections, POST body and headers from a Lua script), or, when
wrk cannot be installed, a bounded asyncio/httpx generator that shares the CPU with the load and is
therefore far less accurate (the results say which one ran)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.config import WORK_DIR

_LUA = """\
wrk.method = "POST"
wrk.body = [==[{body}]==]
{headers}
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {{"requests":%d,"duration_us":%d,"bytes":%d,"errors_connect":%d,"errors_read":%d,' ..
    '"errors_write":%d,"errors_status":%d,"errors_timeout":%d,"p50_us":%.0f,"p90_us":%.0f,' ..
    '"p99_us":%.0f,"mean_us":%.1f,"max_us":%.0f}}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
"""


@dataclass
class LoadResult:
    tool: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    errors: int
    bytes_per_response: float
    server_cpu_ms_per_request: float | None = None
    load_average_1min: float | None = None  # of the whole machine, right after the measurement

    def as_dict(self) -> dict[str, Any]:
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def ensure_wrk(log: Any = print) -> str | None:
    """wrk's path; installs the Debian package when missing and we are root. None if unavailable."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        log("wrk is missing and cannot be installed (not root or no apt-get)")
        return None
    log("wrk is missing: apt-get install -y wrk ...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "install", "-y", "-qq", "wrk"], ["apt-get", "update", "-qq"],
                ["apt-get", "install", "-y", "-qq", "wrk"]):  # fmt: skip
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if cmd[1] == "install" and done.returncode == 0:
            break
    return shutil.which("wrk")


def _cpu_seconds(pid: int | None) -> float | None:
    """utime + stime of a process (Linux /proc), in seconds."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


class Wrk:
    def __init__(self, path: str, connections: int) -> None:
        self.path = path
        self.connections = connections

    def script(self, name: str, body: bytes, headers: dict[str, str]) -> Path:
        lines = "\n".join(f'wrk.headers["{k}"] = [==[{v}]==]' for k, v in headers.items())
        path = WORK_DIR / f"{name}.lua"
        path.write_text(_LUA.format(body=body.decode(), headers=lines))
        return path

    def run(self, url: str, script: Path, seconds: float, server_pid: int | None = None) -> LoadResult:
        cmd = [
            self.path, "-t1", f"-c{self.connections}", f"-d{max(1, round(seconds))}s", "--latency",
            "--timeout", "10s", "-s", str(script), url,
        ]  # fmt: skip
        cpu0 = _cpu_seconds(server_pid)
        out = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=seconds + 60)
        cpu1 = _cpu_seconds(server_pid)
        line = next((ln for ln in out.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
        if out.returncode != 0 or line is None:
            raise RuntimeError(f"wrk failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
        r = json.loads(line[len("BENCH_JSON ") :])
        secs = r["duration_us"] / 1e6
        errors = sum(v for k, v in r.items() if k.startswith("errors_"))
        n = max(r["requests"], 1)
        cpu = (cpu1 - cpu0) * 1000 / n if cpu0 is not None and cpu1 is not None else None
        return LoadResult(
            "wrk", r["requests"], secs, r["requests"] / secs, r["p50_us"] / 1000, r["p90_us"] / 1000,
            r["p99_us"] / 1000, r["mean_us"] / 1000, r["max_us"] / 1000, errors, r["bytes"] / n, cpu,
            os.getloadavg()[0],
        )  # fmt: skip


class AsyncLoad:
    """Fallback: ``connections`` keep-alive httpx clients in one asyncio loop (closed loop)."""

    def __init__(self, connections: int) -> None:
        self.connections = connections

    def run(
        self, url: str, body: bytes, headers: dict[str, str], seconds: float, server_pid: int | None = None
    ) -> LoadResult:
        return asyncio.run(self._run(url, body, headers, seconds, server_pid))

    async def _run(
        self, url: str, body: bytes, headers: dict[str, str], seconds: float, server_pid: int | None
    ) -> LoadResult:
        import httpx

        latencies: list[float] = []
        errors = 0
        size = 0
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)

        async def worker(deadline: float) -> None:
            nonlocal errors, size
            async with httpx.AsyncClient(limits=limits, timeout=10) as client:
                while time.perf_counter() < deadline:
                    t0 = time.perf_counter()
                    try:
                        r = await client.post(url, content=body, headers=headers)
                        ok = r.status_code == 200
                        size += len(r.content)
                    except httpx.HTTPError:
                        ok = False
                    latencies.append(time.perf_counter() - t0)
                    errors += not ok

        cpu0 = _cpu_seconds(server_pid)
        start = time.perf_counter()
        await asyncio.gather(*(worker(start + seconds) for _ in range(self.connections)))
        secs = time.perf_counter() - start
        cpu1 = _cpu_seconds(server_pid)
        n = max(len(latencies), 1)
        if len(latencies) > 1:
            q = statistics.quantiles(latencies, n=100)
        else:
            q = [latencies[0] if latencies else 0.0] * 99
        cpu = (cpu1 - cpu0) * 1000 / n if cpu0 is not None and cpu1 is not None else None
        return LoadResult(
            "httpx-asyncio (fallback)", len(latencies), secs, len(latencies) / secs, q[49] * 1000,
            q[89] * 1000, q[98] * 1000, statistics.fmean(latencies) * 1000 if latencies else 0.0,
            max(latencies, default=0) * 1000, errors, size / n, cpu, os.getloadavg()[0],
        )  # fmt: skip
