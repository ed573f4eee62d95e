"""Eligibility to receive HOs: a PCE member that is differentiated, or certified with 3
signed-and-delivered POs in the last 12 months."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from tortoise.functions import Count

from partnercenter.accounts.enums import OrgKind, PathStage
from partnercenter.accounts.models import Organization
from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.core.errors import ErrorCode, PublicError
from partnercenter.sharing.enums import (
    DELIVERED_POS_REQUIRED,
    DELIVERED_POS_WINDOW_DAYS,
    EligibilityCriterion,
)
from partnercenter.sharing.models import PartnerSharedOpportunity, PceAcceptance
from partnercenter.sharing.permissions import may_share_ho

__all__ = ["Criterion", "Eligibility", "eligibility_of", "partner_ids_for_sharing", "pce_partners"]


@dataclass(frozen=True, slots=True)
class Criterion:
    criterion: EligibilityCriterion
    met: bool
    actual: int | None = None
    required: int | None = None


@dataclass(frozen=True, slots=True)
class Eligibility:
    """Whether a partner may receive HOs, and why: it is a PCE member and either differentiated,
    or certified with 3 signed-and-delivered POs in the last 12 months."""

    org_id: int
    eligible: bool
    member: bool
    path_stage: PathStage
    delivered_pos: int
    criteria: tuple[Criterion, ...] = field(default=())

    @property
    def missing(self) -> list[EligibilityCriterion]:
        """The criteria still missing on the shortest way to eligibility (empty when eligible)."""
        if self.eligible:
            return []
        out = [] if self.member else [EligibilityCriterion.PCE_MEMBER]
        if self.path_stage is PathStage.REGISTERED:
            out.append(EligibilityCriterion.PATH_CERTIFIED)
        if self.path_stage is not PathStage.DIFFERENTIATED and self.delivered_pos < DELIVERED_POS_REQUIRED:
            out.append(EligibilityCriterion.DELIVERED_POS)
        return out


def _eligibility(org_id: int, stage: PathStage, member: bool, delivered: int) -> Eligibility:
    differentiated = stage is PathStage.DIFFERENTIATED
    certified = stage in (PathStage.CERTIFIED, PathStage.DIFFERENTIATED)
    enough = delivered >= DELIVERED_POS_REQUIRED
    criteria = (
        Criterion(EligibilityCriterion.PCE_MEMBER, member),
        Criterion(EligibilityCriterion.PATH_DIFFERENTIATED, differentiated),
        Criterion(EligibilityCriterion.PATH_CERTIFIED, certified),
        Criterion(EligibilityCriterion.DELIVERED_POS, enough, delivered, DELIVERED_POS_REQUIRED),
    )
    eligible = member and (differentiated or (certified and enough))
    return Eligibility(org_id, eligible, member, stage, delivered, criteria)


async def eligibility_of(org_ids: list[int]) -> dict[int, Eligibility]:
    """Eligibility of several partners in three statements (stage, membership, delivered POs)."""
    if not org_ids:
        return {}
    since = clock.now() - timedelta(days=DELIVERED_POS_WINDOW_DAYS)
    orgs = await Organization.filter(id__in=org_ids, kind=OrgKind.PARTNER).values("id", "path_stage")
    members = set(
        await PceAcceptance.filter(partner_id__in=org_ids).distinct().values_list("partner_id", flat=True)
    )
    delivered_rows = (
        await PartnerSharedOpportunity.filter(
            partner_id__in=org_ids,
            signed_at__isnull=False,
            delivered_at__isnull=False,
            delivered_at__gte=since,
            delivered_at__lte=clock.now(),
        )
        .annotate(n=Count("id"))
        .group_by("partner_id")
        .values("partner_id", "n")
    )
    delivered = {r["partner_id"]: int(r["n"]) for r in delivered_rows}
    return {
        o["id"]: _eligibility(
            o["id"], PathStage(o["path_stage"]), o["id"] in members, delivered.get(o["id"], 0)
        )
        for o in orgs
    }


async def partner_ids_for_sharing(viewer: Viewer) -> list[int]:
    """Partners a PDM may pick when sharing an HO (every partner; eligibility is shown per partner)."""
    if not may_share_ho(viewer):
        return []
    rows = await Organization.filter(kind=OrgKind.PARTNER).order_by("id").values("id")
    return [int(r["id"]) for r in rows]


async def pce_partners(viewer: Viewer) -> list[Eligibility]:
    """Every partner with its eligibility, in id order, for a PDM choosing where to share an HO."""
    if not may_share_ho(viewer):
        raise PublicError(ErrorCode.FORBIDDEN, "Only vendor PDMs share opportunities with partners.")
    ids = await partner_ids_for_sharing(viewer)
    status = await eligibility_of(ids)
    return [status[i] for i in ids if i in status]
