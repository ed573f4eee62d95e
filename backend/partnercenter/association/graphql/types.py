"""GraphQL types of the association slice; nested people and customers go through the scoped loaders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access.reads import ScopedRead
from partnercenter.accounts.graphql.types import UserType, user_loader
from partnercenter.association import service
from partnercenter.association.enums import (
    KnowledgeKind,
    KnowledgeUnavailableReason,
    LogAction,
    RequestInitiator,
    RequestKind,
    RequestState,
)
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.ids import to_global_id
from partnercenter.core.node import register_node_type
from partnercenter.core.types import Node
from partnercenter.customers.enums import AssociationType, Industry
from partnercenter.customers.graphql.types import (
    AssociationTypeEnum,
    CustomerType,
    IndustryEnum,
    customer_from_row,
    load_customer,
)
from partnercenter.orders.enums import Obligation

Ctx = Info[RequestContext, Any]

RequestKindEnum = strawberry.enum(
    RequestKind, name="AssociationRequestKind", description="SWITCH_TYPE 切换关联类型 or UNBIND 解除关联."
)
RequestInitiatorEnum = strawberry.enum(
    RequestInitiator,
    name="AssociationRequestInitiator",
    description="PARTNER (the customer confirms) or CUSTOMER (the partner admin approves).",
)
RequestStateEnum = strawberry.enum(RequestState, name="AssociationRequestState")
LogActionEnum = strawberry.enum(
    LogAction, name="AssociationLogAction", description="An entry of the 关联关系操作记录."
)
KnowledgeKindEnum = strawberry.enum(
    KnowledgeKind,
    name="KnowledgeKind",
    description="PRODUCT 产品, INDUSTRY_CASE 行业案例, SOLUTION 解决方案.",
)
KnowledgeUnavailableReasonEnum = strawberry.enum(
    KnowledgeUnavailableReason,
    name="KnowledgeUnavailableReason",
    description="Why knowledge recommendations are withheld: no notice yet, not signed, or an older version.",
)
ObligationEnum = strawberry.enum(
    Obligation,
    name="BlockingObligation",
    description="What blocks switch or unbind: arrears, orders awaiting partner payment.",
)


def _gid(type_name: str, pk: int) -> strawberry.ID:
    return strawberry.ID(to_global_id(type_name, pk))


async def _request(info: Ctx, pk: int | None) -> AssociationRequestType | None:
    """A nested request through the request's one loader of association requests."""
    if pk is None:
        return None
    row = await service.REQUEST_READ.loader(info.context).load(pk)
    return None if row is None else request_from_row(row)


async def _person(info: Ctx, pk: int | None) -> UserType | None:
    return None if pk is None else await user_loader(info.context).load(pk)


@strawberry.type(name="AssociationRequest", description="A request to switch the association type or unbind.")
class AssociationRequestType(Node):
    id: strawberry.ID
    kind: RequestKindEnum  # type: ignore[valid-type]
    initiator: RequestInitiatorEnum  # type: ignore[valid-type]
    state: RequestStateEnum  # type: ignore[valid-type]
    from_type: AssociationTypeEnum  # type: ignore[valid-type]
    to_type: AssociationTypeEnum | None  # type: ignore[valid-type]
    reason: str = strawberry.field(description="The customer's reason (customer-initiated unbind).")
    requested_at: datetime
    expires_at: datetime | None = strawberry.field(description="End of the customer's confirmation window.")
    decided_at: datetime | None
    decision_reason: str = strawberry.field(description="The partner admin's reason for rejecting.")
    customer_id: strawberry.Private[int]
    requested_by_id: strawberry.Private[int]
    decided_by_id: strawberry.Private[int | None]

    @strawberry.field(description="The customer; null once it is outside your scope (e.g. unbound).")
    async def customer(self, info: Ctx) -> CustomerType | None:
        return await load_customer(info.context, self.customer_id)

    @strawberry.field
    async def requested_by(self, info: Ctx) -> UserType | None:
        return await _person(info, self.requested_by_id)

    @strawberry.field
    async def decided_by(self, info: Ctx) -> UserType | None:
        return await _person(info, self.decided_by_id)


def request_from_row(r: dict[str, Any]) -> AssociationRequestType:
    return AssociationRequestType(
        id=_gid("AssociationRequest", r["id"]),
        kind=RequestKind(r["kind"]),
        initiator=RequestInitiator(r["initiator"]),
        state=RequestState(r["state"]),
        from_type=AssociationType(r["from_type"]),
        to_type=AssociationType(r["to_type"]) if r["to_type"] else None,
        reason=r["reason"],
        requested_at=r["requested_at"],
        expires_at=r["expires_at"],
        decided_at=r["decided_at"],
        decision_reason=r["decision_reason"],
        customer_id=r["customer_id"],
        requested_by_id=r["requested_by_id"],
        decided_by_id=r["decided_by_id"],
    )


@strawberry.type(name="AssociationLogEntry", description="One line of the 关联关系操作记录.")
class AssociationLogEntryType(Node):
    id: strawberry.ID
    action: LogActionEnum  # type: ignore[valid-type]
    from_type: AssociationTypeEnum | None  # type: ignore[valid-type]
    to_type: AssociationTypeEnum | None  # type: ignore[valid-type]
    note: str
    at: datetime
    customer_id: strawberry.Private[int]
    actor_id: strawberry.Private[int | None]
    request_id: strawberry.Private[int | None]

    @strawberry.field(description="The customer; null once it is outside your scope (e.g. unbound).")
    async def customer(self, info: Ctx) -> CustomerType | None:
        return await load_customer(info.context, self.customer_id)

    @strawberry.field(description="Who did it; null for the system (expiry) or a person outside your scope.")
    async def actor(self, info: Ctx) -> UserType | None:
        return await _person(info, self.actor_id)

    @strawberry.field(description="True when the system did it (e.g. a request expired).")
    def by_system(self) -> bool:
        return self.actor_id is None

    @strawberry.field
    async def request(self, info: Ctx) -> AssociationRequestType | None:
        return await _request(info, self.request_id)


def log_from_row(r: dict[str, Any]) -> AssociationLogEntryType:
    return AssociationLogEntryType(
        id=_gid("AssociationLogEntry", r["id"]),
        action=LogAction(r["action"]),
        from_type=AssociationType(r["from_type"]) if r["from_type"] else None,
        to_type=AssociationType(r["to_type"]) if r["to_type"] else None,
        note=r["note"],
        at=r["at"],
        customer_id=r["customer_id"],
        actor_id=r["actor_id"],
        request_id=r["request_id"],
    )


@strawberry.type(name="CustomerAssignment", description="An account manager assignment 客户分配 (history).")
class CustomerAssignmentType(Node):
    id: strawberry.ID
    assigned_at: datetime
    customer_id: strawberry.Private[int]
    from_manager_id: strawberry.Private[int | None]
    to_manager_id: strawberry.Private[int]
    assigned_by_id: strawberry.Private[int]

    @strawberry.field
    async def customer(self, info: Ctx) -> CustomerType | None:
        return await load_customer(info.context, self.customer_id)

    @strawberry.field
    async def from_manager(self, info: Ctx) -> UserType | None:
        return await _person(info, self.from_manager_id)

    @strawberry.field
    async def to_manager(self, info: Ctx) -> UserType | None:
        return await _person(info, self.to_manager_id)

    @strawberry.field
    async def assigned_by(self, info: Ctx) -> UserType | None:
        return await _person(info, self.assigned_by_id)


def assignment_from_row(r: dict[str, Any]) -> CustomerAssignmentType:
    return CustomerAssignmentType(
        id=_gid("CustomerAssignment", r["id"]),
        assigned_at=r["assigned_at"],
        customer_id=r["customer_id"],
        from_manager_id=r["from_manager_id"],
        to_manager_id=r["to_manager_id"],
        assigned_by_id=r["assigned_by_id"],
    )


@strawberry.type(name="NoticeVersion", description="A version of 《客户关联合作伙伴须知》.")
class NoticeVersionType(Node):
    id: strawberry.ID
    version: int
    title: str
    body: str
    published_at: datetime


def notice_from_row(r: dict[str, Any]) -> NoticeVersionType:
    return NoticeVersionType(
        id=_gid("NoticeVersion", r["id"]),
        version=r["version"],
        title=r["title"],
        body=r["body"],
        published_at=r["published_at"],
    )


def _split(value: str) -> list[str]:
    return [t for t in (value or "").split(",") if t]


@strawberry.type(
    name="KnowledgeItem", description="Vendor knowledge 知识推荐: product, industry case or solution."
)
class KnowledgeItemType(Node):
    id: strawberry.ID
    kind: KnowledgeKindEnum  # type: ignore[valid-type]
    title: str
    summary: str
    url: str
    industries: list[IndustryEnum]  # type: ignore[valid-type]
    tags: list[str]
    created_at: datetime


def knowledge_from_row(r: dict[str, Any]) -> KnowledgeItemType:
    return KnowledgeItemType(
        id=_gid("KnowledgeItem", r["id"]),
        kind=KnowledgeKind(r["kind"]),
        title=r["title"],
        summary=r["summary"],
        url=r["url"],
        industries=[Industry(i) for i in _split(r["industries"]) if i in Industry.__members__],
        tags=_split(r["tags"]),
        created_at=r["created_at"],
    )


@strawberry.type(description="Knowledge recommendations of a customer, or why they are withheld.")
class KnowledgeRecommendations:
    customer: CustomerType
    available: bool
    reason: KnowledgeUnavailableReasonEnum | None  # type: ignore[valid-type]
    latest_notice_version: int | None
    signed_notice_version: int | None
    signed_at: datetime | None
    items: list[KnowledgeItemType]


def recommendations_type(viewer: Viewer, rec: service.Recommendations) -> KnowledgeRecommendations:
    return KnowledgeRecommendations(
        customer=customer_from_row(viewer, rec.customer),
        available=rec.reason is None,
        reason=rec.reason,
        latest_notice_version=rec.latest_version,
        signed_notice_version=rec.signed_version,
        signed_at=rec.signed_at,
        items=[knowledge_from_row(r) for r in rec.items],
    )


@strawberry.type(description="What switch/unbind would meet for a customer now.")
class CustomerAssociationStatus:
    customer: CustomerType
    can_request: bool = strawberry.field(
        description="The viewer is the partner admin and no rule blocks a new request now."
    )
    last_request_at: datetime | None
    next_request_allowed_at: datetime | None = strawberry.field(
        description="Set while the 3-month limit blocks a new request."
    )
    blocking_obligations: list[ObligationEnum]  # type: ignore[valid-type]
    pending_request_id: strawberry.Private[int | None]

    @strawberry.field
    async def pending_request(self, info: Ctx) -> AssociationRequestType | None:
        return await _request(info, self.pending_request_id)


@strawberry.type(description="The association notice as a customer user sees it.")
class NoticeStatus:
    latest: NoticeVersionType | None
    signed_version: int | None
    signed_at: datetime | None
    up_to_date: bool = strawberry.field(description="The customer signed the latest version.")


def notice_status_type(status: service.NoticeStatus | None) -> NoticeStatus | None:
    if status is None:
        return None
    return NoticeStatus(
        latest=notice_from_row(status.latest) if status.latest else None,
        signed_version=status.signed_version,
        signed_at=status.signed_at,
        up_to_date=status.up_to_date,
    )


def association_status_type(viewer: Viewer, status: service.AssociationStatus) -> CustomerAssociationStatus:
    return CustomerAssociationStatus(
        customer=customer_from_row(viewer, status.customer),
        can_request=status.can_request,
        last_request_at=status.last_request_at,
        next_request_allowed_at=status.next_request_allowed_at,
        blocking_obligations=list(status.obligations),
        pending_request_id=status.pending_request_id,
    )


def _register(type_name: str, read: ScopedRead, convert: Callable[[dict[str, Any]], Any]) -> None:
    async def load(ctx: RequestContext, ids: list[int]) -> dict[int, Any]:
        return {k: convert(r) for k, r in (await read.by_ids(ctx.viewer, ids)).items()}

    register_node_type(type_name, load)


_register("AssociationRequest", service.REQUEST_READ, request_from_row)
_register("AssociationLogEntry", service.LOG_READ, log_from_row)
_register("CustomerAssignment", service.ASSIGNMENT_READ, assignment_from_row)
_register("NoticeVersion", service.NOTICE_READ, notice_from_row)
_register("KnowledgeItem", service.KNOWLEDGE_READ, knowledge_from_row)
