"""`explainAccess`: why the viewer sees a record, as a chain of steps people can read
("you supervise 钱** who supervises 孙**, who owns this customer since 2026-11-03").

The rule, its basis and the field states come from the access mechanism (`access.explain`);
this adds the people in between (the supervision path from the viewer down to the owner) and
answers None for an unknown id and for one outside the scope alike (checked through the same
node loaders as `node(id)`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from partnercenter.access.explain import Basis, Explanation, explain
from partnercenter.access.registry import is_registered
from partnercenter.accounts.models import User
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.ids import from_global_id
from partnercenter.core.node import resolve_nodes

__all__ = ["ChainStep", "StepKind", "explain_access"]

MAX_CHAIN = 12


class StepKind(StrEnum):
    VENDOR_STAFF = "VENDOR_STAFF"  # vendor staff see every record of this kind
    SUPERVISES = "SUPERVISES"  # you (first step) or the previous person supervise `person`
    OWNS = "OWNS"  # `person` owns the record (since `since`, when known)
    PARTNER = "PARTNER"  # the record belongs to your partner `organization`
    RESELLER = "RESELLER"  # the record belongs to your secondary reseller `organization`
    OWN_COMPANY = "OWN_COMPANY"  # the record is your own company's


@dataclass(frozen=True, slots=True)
class ChainStep:
    kind: StepKind
    person_id: int | None = None
    organization_id: int | None = None
    since: datetime | None = None


async def _supervision_path(viewer: Viewer, owner_id: int) -> list[int]:
    """The people from just under the viewer down to the owner (the owner included), in one
    statement over the viewer's subtree; [owner] when no path is found."""
    rows = await User.filter(id__in=list(viewer.subtree_user_ids)).values("id", "supervisor_id")
    boss = {r["id"]: r["supervisor_id"] for r in rows}
    path = [owner_id]
    while len(path) < MAX_CHAIN:
        up = boss.get(path[-1])
        if up is None or up == viewer.user_id:
            break
        path.append(up)
    return list(reversed(path))


async def chain_of(viewer: Viewer, e: Explanation) -> list[ChainStep]:
    if e.basis is Basis.VENDOR_STAFF:
        return [ChainStep(StepKind.VENDOR_STAFF)]
    if e.basis is Basis.OWN_COMPANY:
        return [ChainStep(StepKind.OWN_COMPANY)]
    if e.basis is Basis.PARTNER:
        return [ChainStep(StepKind.PARTNER, organization_id=e.partner_id)]
    if e.basis is Basis.RESELLER:
        return [ChainStep(StepKind.RESELLER, organization_id=e.partner_id)]
    assert e.owner_id is not None
    owns = ChainStep(StepKind.OWNS, person_id=e.owner_id, since=e.owner_since)
    if e.basis is Basis.OWN:
        return [owns]
    path = await _supervision_path(viewer, e.owner_id)
    return [ChainStep(StepKind.SUPERVISES, person_id=p) for p in path] + [owns]


async def explain_access(ctx: RequestContext, global_id: str) -> tuple[Explanation, list[ChainStep]] | None:
    """The explanation and its chain; None for an unknown id and an out-of-scope one alike."""
    viewer = ctx.viewer
    decoded = from_global_id(global_id)
    if viewer is None or decoded is None or not is_registered(decoded[0]):
        return None
    if (await resolve_nodes(ctx, [global_id]))[0] is None:  # exactly what node(id) answers
        return None
    found = await explain(viewer, decoded[0], decoded[1])
    if found is None:
        return None
    return found, await chain_of(viewer, found)
