"""The association notice 《客户关联合作伙伴须知》 (vendor PDMs publish versions, customer users sign
the latest) and vendor knowledge 知识推荐 (shown for a customer only once it signed the latest)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from partnercenter.association.enums import KnowledgeKind, KnowledgeUnavailableReason
from partnercenter.association.models import KnowledgeItem, NoticeSignature, NoticeVersion
from partnercenter.association.permissions import (
    can_manage_notice_and_knowledge,
    can_sign_notice,
    may_see_knowledge,
)
from partnercenter.association.service.reads import KNOWLEDGE_COLUMNS, latest_notice, signed_notice_of
from partnercenter.core import clock
from partnercenter.core.connection import utc
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, ErrorCode, check, refuse
from partnercenter.customers import service as customers
from partnercenter.customers.enums import Industry

TITLE_MAX = 200
BODY_MAX = 50_000
SUMMARY_MAX = 2000
URL_MAX = 500
RECOMMENDATIONS_MAX = 50


def _text_errors(
    title: str, body: str | None, title_max: int, body_field: str, body_max: int
) -> list[DomainError]:
    errors = []
    if not title.strip():
        errors.append(DomainError(ErrorCode.BLANK, "Enter a title.", "title"))
    elif len(title.strip()) > title_max:
        errors.append(DomainError(ErrorCode.TOO_LONG, f"The title is over {title_max} characters.", "title"))
    if body is not None:
        if body_field == "body" and not body.strip():
            errors.append(DomainError(ErrorCode.BLANK, "Enter the text.", body_field))
        elif len(body) > body_max:
            errors.append(
                DomainError(ErrorCode.TOO_LONG, f"The text is over {body_max} characters.", body_field)
            )
    return errors


# ------------------------------------------------------------------------------ notice


async def publish_notice(viewer: Viewer, title: str, body: str) -> int:
    """A new version of 《客户关联合作伙伴须知》: every earlier signature becomes outdated."""
    if not can_manage_notice_and_knowledge(viewer):
        refuse(ErrorCode.FORBIDDEN, "Only vendor PDMs publish the association notice.")
    check(_text_errors(title, body, TITLE_MAX, "body", BODY_MAX))
    async with in_transaction():
        latest = await latest_notice()
        version = latest["version"] + 1 if latest else 1
        notice = await NoticeVersion.create(
            version=version, title=title.strip(), body=body, published_by_id=viewer.user_id,
            published_at=clock.now(),
        )  # fmt: skip
    return notice.id


async def sign_notice(viewer: Viewer, notice_id: int) -> int:
    """A customer user signs the latest version for their company (signing again is a no-op)."""
    if not can_sign_notice(viewer) or viewer.customer_id is None:
        refuse(ErrorCode.CUSTOMER_USER_ONLY, "Only a customer user signs the notice.", "noticeId")
    notice = await NoticeVersion.filter(id=notice_id).first()
    if notice is None:
        refuse(ErrorCode.NOT_FOUND, "No such notice version.", "noticeId")
    latest = await latest_notice()
    if latest is None or latest["id"] != notice.id:
        refuse(ErrorCode.NOTICE_OUTDATED, "Sign the latest version of the notice.", "noticeId")
    async with in_transaction():
        found = await NoticeSignature.filter(customer_id=viewer.customer_id, notice_id=notice.id).first()
        if found is not None:
            return found.id
        signature = await NoticeSignature.create(
            customer_id=viewer.customer_id, notice_id=notice.id, signed_by_id=viewer.user_id,
            signed_at=clock.now(),
        )  # fmt: skip
    return signature.id


# ------------------------------------------------------------------------------ knowledge


@dataclass(slots=True)
class KnowledgeDraft:
    kind: KnowledgeKind
    title: str
    summary: str = ""
    url: str = ""
    industries: list[Industry] | None = None
    tags: list[str] | None = None


async def create_knowledge_item(viewer: Viewer, d: KnowledgeDraft) -> int:
    if not can_manage_notice_and_knowledge(viewer):
        refuse(ErrorCode.FORBIDDEN, "Only vendor PDMs maintain knowledge items.")
    errors = _text_errors(d.title, d.summary, TITLE_MAX, "summary", SUMMARY_MAX)
    if len(d.url) > URL_MAX:
        errors.append(DomainError(ErrorCode.TOO_LONG, f"The link is over {URL_MAX} characters.", "url"))
    elif d.url and not d.url.startswith(("https://", "http://")):
        errors.append(DomainError(ErrorCode.INVALID, "The link must start with https://.", "url"))
    if not d.industries:
        errors.append(DomainError(ErrorCode.BLANK, "Choose at least one industry.", "industries"))
    tags = [t.strip() for t in (d.tags or []) if t.strip() and "," not in t]
    check(errors)
    async with in_transaction():
        item = await KnowledgeItem.create(
            kind=d.kind,
            title=d.title.strip(),
            summary=d.summary.strip(),
            url=d.url.strip(),
            industries="," + ",".join(sorted({i.value for i in d.industries or []})) + ",",
            tags=("," + ",".join(tags) + ",") if tags else "",
            created_by_id=viewer.user_id,
            created_at=clock.now(),
        )
    return item.id


async def delete_knowledge_item(viewer: Viewer, item_id: int) -> int:
    if not can_manage_notice_and_knowledge(viewer):
        refuse(ErrorCode.FORBIDDEN, "Only vendor PDMs maintain knowledge items.")
    async with in_transaction():
        if not await KnowledgeItem.filter(id=item_id).delete():
            refuse(ErrorCode.NOT_FOUND, "No such knowledge item.", "id")
    return item_id


@dataclass(slots=True)
class Recommendations:
    customer: dict[str, Any]
    reason: KnowledgeUnavailableReason | None
    latest_version: int | None
    signed_version: int | None
    signed_at: datetime | None
    items: list[dict[str, Any]]


async def recommendations(viewer: Viewer, customer_id: int) -> Recommendations | None:
    """知识推荐 for a customer the viewer sees: only once the customer signed the latest notice
    version; otherwise the reason. None when the customer is unknown or out of scope."""
    customer = await customers.customer_of(viewer, customer_id)
    if customer is None or not may_see_knowledge(viewer):
        return None
    latest = await latest_notice()
    signed = await signed_notice_of(customer_id)
    reason: KnowledgeUnavailableReason | None = None
    if latest is None:
        reason = KnowledgeUnavailableReason.NO_NOTICE_PUBLISHED
    elif signed is None:
        reason = KnowledgeUnavailableReason.NOTICE_NOT_SIGNED
    elif signed["notice_id"] != latest["id"]:
        reason = KnowledgeUnavailableReason.NOTICE_OUTDATED
    items: list[dict[str, Any]] = []
    if reason is None:
        items = (
            await KnowledgeItem.filter(industries__contains=f",{customer['industry']},")
            .order_by("-created_at", "-id")
            .limit(RECOMMENDATIONS_MAX)
            .values(*KNOWLEDGE_COLUMNS)
        )
    signed_at = signed["signed_at"] if signed else None
    return Recommendations(
        customer=customer,
        reason=reason,
        latest_version=latest["version"] if latest else None,
        signed_version=signed["notice__version"] if signed else None,
        signed_at=utc(signed_at) if signed_at else None,
        items=items,
    )
