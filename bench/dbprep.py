"""The benchmark database: migrated and seeded once per scale, then reused (a marker file records it)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from pathlib import Path
from typing import Any

from bench.config import DB_PATH

MARKER_VERSION = 2


def db_url(path: Path = DB_PATH) -> str:
    return f"sqlite://{path.resolve()}"


def _marker(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _fingerprint() -> dict[str, str]:
    """Hashes of what decides the file's contents: the migrations (schema) and the seed (values and their
    stored representation). A change to either rebuilds the database."""
    import partnercenter.migrations as migrations
    import partnercenter.seed as seed

    files = sorted(Path(migrations.__file__).parent.glob("0*.py"))
    files += sorted(Path(seed.__file__).parent.glob("*.py"))
    return {f"{f.parent.name}/{f.name}": hashlib.sha256(f.read_bytes()).hexdigest()[:16] for f in files}


def existing(path: Path, scale: int) -> dict[str, Any] | None:
    marker = _marker(path)
    if not path.exists() or not marker.exists():
        return None
    try:
        meta = json.loads(marker.read_text())
    except ValueError:
        return None
    same = (
        meta.get("scale") == scale
        and meta.get("version") == MARKER_VERSION
        and meta.get("fingerprint") == _fingerprint()
    )
    return meta if same else None


async def _build(tmp: Path, scale: int) -> dict[str, Any]:
    from partnercenter.db import close_db, init_db, migrate_db
    from partnercenter.seed.demo import seed_demo

    url = db_url(tmp)
    await migrate_db(url)
    await init_db(url)
    try:
        summary = await seed_demo(scale=scale)
    finally:
        await close_db()
    return {
        "organizations": summary.organizations,
        "users": summary.users,
        "customers": summary.customers,
        "opportunities": summary.opportunities,
        "progress_updates": summary.progress_updates,
        "seed_seconds": round(summary.seconds, 1),
    }


def prepare(scale: int, path: Path = DB_PATH, log: Any = print) -> dict[str, Any]:
    """Returns the marker contents; builds into a temporary file and renames it when complete."""
    meta = existing(path, scale)
    if meta is not None:
        log(f"reusing {path} (scale {scale}, {meta['seeded']['opportunities']:,} opportunities)")
        return {**meta, "reused": True}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".building")
    for p in (path, _marker(path), *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        p.unlink(missing_ok=True)
    for p in tmp.parent.glob(tmp.name + "*"):
        p.unlink()
    log(f"building {path} at scale {scale} (migrate + seed_demo) ...")
    started = time.perf_counter()
    seeded = asyncio.run(_build(tmp, scale))
    tmp.rename(path)
    meta = {
        "version": MARKER_VERSION,
        "scale": scale,
        "fingerprint": _fingerprint(),
        "seeded": seeded,
        "build_seconds": round(time.perf_counter() - started, 1),
        "size_mb": round(path.stat().st_size / 1e6, 1),
    }
    _marker(path).write_text(json.dumps(meta, indent=2))
    log(
        f"built in {meta['build_seconds']} s: {seeded['opportunities']:,} opportunities, {meta['size_mb']} MB"
    )
    return {**meta, "reused": False}
