"""Settings of one benchmark run: paths, the measured query, targets, command-line options."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
WORK_DIR = BENCH_DIR / "work"
DB_PATH = WORK_DIR / "bench.sqlite3"  # the full-scale database, reused while the scale stays the same
QUICK_DB_PATH = WORK_DIR / "quick.sqlite3"  # --quick keeps its own file, so the big one survives
RESULTS_PATH = BENCH_DIR / "results.json"

PASSWORD = "Partner@2026"  # partnercenter.seed.demo.DEMO_PASSWORD
LIST_VIEWER = "dist_mgr1"  # the account manager with the most opportunities in the demo world
DEEP_PAGE_FALLBACK_VIEWER = "dist_admin"  # scope: the distributor and its secondary resellers
PAGE_SIZES = (20, 100)
TARGETS = {20: 8.0, 100: 12.0}  # the server must reach at least 1/x of the floor's requests/s
DEEP_PAGE = 10_000  # page number compared with page 1 (page size 20)
DEEP_PAGE_SIZE = 20
DEEP_PAGE_TARGET = 1.3  # page 10,000 may cost at most 1.3x page 1

QUERY = (
    "query($n:Int!){ opportunities(first:$n){ edges { node { id name industry type stage confidence "
    "expectedMonthlyRevenue { amount currency } createdAt updatedAt customer { id name maskedFields } "
    "owner { id name } } } } }"
)
DEEP_QUERY = (
    "query($n:Int!,$after:String){ opportunities(first:$n, after:$after){ edges { node { id name industry "
    "type stage confidence expectedMonthlyRevenue { amount currency } createdAt updatedAt "
    "customer { id name maskedFields } owner { id name } } } } }"
)


@dataclass(frozen=True)
class Options:
    scale: int
    duration: float
    warmup: float
    connections: int
    deep_runs: int
    quick: bool
    skip_http: bool
    skip_funds: bool = False

    @property
    def db_path(self) -> Path:
        return QUICK_DB_PATH if self.quick else DB_PATH


def parse_options(argv: list[str] | None = None) -> Options:
    env_scale = int(os.environ.get("BENCH_SCALE", "250"))
    env_duration = float(os.environ.get("BENCH_DURATION", "8"))
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    p.add_argument("--scale", type=int, default=None, help=f"seed scale ({env_scale}; 250 = 1M)")
    p.add_argument("--duration", type=float, default=None, help=f"seconds per measurement ({env_duration:g})")
    p.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up load before each")
    p.add_argument("--connections", type=int, default=16, help="concurrent keep-alive connections (16)")
    p.add_argument("--deep-runs", type=int, default=30, help="timed runs per deep-paging measurement (30)")
    p.add_argument("--quick", action="store_true", help="smoke run: scale 5, 3 s per measurement")
    p.add_argument("--skip-http", action="store_true", help="only the in-process measurements")
    p.add_argument("--skip-funds", action="store_true", help="leave out the disbursements (bench/funds.py)")
    a = p.parse_args(argv)
    scale = a.scale if a.scale is not None else (5 if a.quick else env_scale)
    duration = a.duration if a.duration is not None else (3.0 if a.quick else env_duration)
    warmup = min(a.warmup, 1.0) if a.quick else a.warmup
    if scale < 1 or duration <= 0:
        p.error("--scale must be >= 1 and --duration > 0")
    return Options(scale, duration, warmup, a.connections, a.deep_runs, a.quick, a.skip_http, a.skip_funds)
