"""The PCE plan: published terms, partners joining by accepting them, and the viewer's plan view.

Who does what (the access policy decides): a vendor PDM publishes the terms; the partner admin
joins the plan by accepting the current version."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.core.errors import ErrorCode, check, refuse
from partnercenter.sharing.models import PceAcceptance, PceTerms
from partnercenter.sharing.permissions import may_join_pce, may_publish_pce_terms, may_see_pce_status
from partnercenter.sharing.service.eligibility import Eligibility, eligibility_of
from partnercenter.sharing.service.rules import TITLE_MAX, VERSION_MAX, text_errors

__all__ = [
    "ACCEPTANCE_COLUMNS",
    "TERMS_COLUMNS",
    "PlanView",
    "current_terms",
    "join_pce",
    "latest_acceptances",
    "plan_of",
    "publish_terms",
    "terms_by_ids",
]

TERMS_COLUMNS = ["id", "version", "title", "body", "published_at", "published_by_id"]
ACCEPTANCE_COLUMNS = ["id", "partner_id", "terms_id", "accepted_by_id", "accepted_at", "terms__version"]
TERMS_BODY_MAX = 50_000


async def current_terms() -> dict[str, Any] | None:
    """The latest published version of the terms (the one a partner joins by accepting)."""
    rows = await PceTerms.all().order_by("-published_at", "-id").limit(1).values(*TERMS_COLUMNS)
    return rows[0] if rows else None


async def terms_by_ids(ids: list[int]) -> dict[int, dict[str, Any]]:
    """Terms are public to every signed-in person."""
    if not ids:
        return {}
    return {r["id"]: r for r in await PceTerms.filter(id__in=ids).values(*TERMS_COLUMNS)}


async def publish_terms(viewer: Viewer, version: str, title: str, body: str) -> int:
    if not may_publish_pce_terms(viewer):
        refuse(ErrorCode.FORBIDDEN, "Only vendor PDMs publish the PCE terms.")
    check(
        [
            *text_errors(version, "version", VERSION_MAX, "a version"),
            *text_errors(title, "title", TITLE_MAX, "a title"),
            *text_errors(body, "body", TERMS_BODY_MAX, "the terms"),
        ]
    )
    async with in_transaction():
        if await PceTerms.filter(version=version.strip()).exists():
            refuse(ErrorCode.DUPLICATE, "This version exists already.", "version")
        terms = await PceTerms.create(
            version=version.strip(),
            title=title.strip(),
            body=body.strip(),
            published_at=clock.now(),
            published_by_id=viewer.user_id,
        )
    return terms.id


async def latest_acceptances(org_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The latest acceptance of the terms per partner (none: not a member)."""
    if not org_ids:
        return {}
    rows = (
        await PceAcceptance.filter(partner_id__in=org_ids)
        .order_by("partner_id", "-accepted_at", "-id")
        .values(*ACCEPTANCE_COLUMNS)
    )
    out: dict[int, dict[str, Any]] = {}
    for r in rows:
        out.setdefault(r["partner_id"], r)
    return out


async def join_pce(viewer: Viewer, terms_id: int | None) -> int:
    """The partner admin joins the PCE plan by accepting the current terms (recorded: who, when,
    which version). Accepting the same version again changes nothing."""
    if not may_join_pce(viewer):
        refuse(ErrorCode.FORBIDDEN, "Only the partner admin joins the PCE plan.")
    current = await current_terms()
    if current is None or terms_id is None:
        refuse(ErrorCode.NOT_FOUND, "No such terms.", "termsId")
    if current["id"] != terms_id:
        if not await terms_by_ids([terms_id]):
            refuse(ErrorCode.NOT_FOUND, "No such terms.", "termsId")
        refuse(ErrorCode.TERMS_NOT_CURRENT, "Accept the current version of the terms.", "termsId")
    async with in_transaction():
        existing = await PceAcceptance.filter(partner_id=viewer.org_id, terms_id=terms_id).first()
        if existing is not None:
            return existing.id
        acceptance = await PceAcceptance.create(
            partner_id=viewer.org_id,
            terms_id=terms_id,
            accepted_by_id=viewer.user_id,
            accepted_at=clock.now(),
        )
    return acceptance.id


@dataclass(frozen=True, slots=True)
class PlanView:
    """The PCE plan as the viewer's organisation sees it (membership and eligibility: partners only)."""

    terms: dict[str, Any] | None
    acceptance: dict[str, Any] | None
    eligibility: Eligibility | None
    can_join: bool

    @property
    def accepted_current_terms(self) -> bool:
        return (
            self.acceptance is not None
            and self.terms is not None
            and self.acceptance["terms_id"] == self.terms["id"]
        )


async def plan_of(viewer: Viewer) -> PlanView:
    terms = await current_terms()
    acceptance = eligibility = None
    if may_see_pce_status(viewer):
        acceptance = (await latest_acceptances([viewer.org_id])).get(viewer.org_id)
        eligibility = (await eligibility_of([viewer.org_id])).get(viewer.org_id)
    return PlanView(terms, acceptance, eligibility, may_join_pce(viewer) and terms is not None)
