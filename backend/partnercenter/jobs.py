"""Every scheduled job, listed where the command line is composed (above the slices).

`python -m partnercenter job` lists these; `run_job(name)` runs one and counts the run in the
`partnercenter_job_runs_total` metric (by job and outcome). Add a slice's job here."""

from __future__ import annotations

from partnercenter.association.jobs import expire_association_requests
from partnercenter.core.events import drain_job
from partnercenter.core.jobs import Job
from partnercenter.core.metrics import JOB_RUNS
from partnercenter.core.workflow import deadlines_job
from partnercenter.coupons.jobs import coupons_expiry_job
from partnercenter.sharing.jobs import sharing_deadlines
from partnercenter.warnings.jobs import warnings_refresh

__all__ = ["JOBS", "registered_jobs", "run_job"]

JOBS: tuple[Job, ...] = (
    expire_association_requests,
    coupons_expiry_job,
    sharing_deadlines,
    warnings_refresh,
    drain_job,
    deadlines_job,
)


def registered_jobs() -> dict[str, Job]:
    return {j.name: j for j in sorted(JOBS, key=lambda j: j.name)}


async def run_job(name: str) -> dict[str, int]:
    """Run one job by name (KeyError for an unknown name); count its outcome."""
    found = registered_jobs()[name]
    try:
        counts = await found()
    except BaseException:
        JOB_RUNS.labels(job=name, outcome="error").inc()
        raise
    JOB_RUNS.labels(job=name, outcome="ok").inc()
    return counts
