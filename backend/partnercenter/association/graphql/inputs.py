"""GraphQL inputs of the association slice: list filters and mutation inputs."""

from __future__ import annotations

import strawberry

from partnercenter.association.graphql.types import (
    KnowledgeKindEnum,
    LogActionEnum,
    RequestInitiatorEnum,
    RequestKindEnum,
    RequestStateEnum,
)
from partnercenter.core.types import DateTimeRange
from partnercenter.customers.graphql.types import IndustryEnum


@strawberry.input(description="Filters combine with AND; list values match any of their items.")
class AssociationRequestFilter:
    customer_ids: list[strawberry.ID] | None = None
    states: list[RequestStateEnum] | None = None  # type: ignore[valid-type]
    kinds: list[RequestKindEnum] | None = None  # type: ignore[valid-type]
    initiators: list[RequestInitiatorEnum] | None = None  # type: ignore[valid-type]


@strawberry.input(description="Filters combine with AND; list values match any of their items.")
class AssociationLogFilter:
    customer_ids: list[strawberry.ID] | None = None
    actions: list[LogActionEnum] | None = None  # type: ignore[valid-type]
    actor_ids: list[strawberry.ID] | None = None
    at: DateTimeRange | None = None


@strawberry.input
class KnowledgeItemFilter:
    kinds: list[KnowledgeKindEnum] | None = None  # type: ignore[valid-type]
    industry: IndustryEnum | None = None  # type: ignore[valid-type]
    search: str | None = None


@strawberry.input
class AssociationRequestCreateInput:
    customer_id: strawberry.ID
    kind: RequestKindEnum  # type: ignore[valid-type]


@strawberry.input
class AssociationRequestRefInput:
    request_id: strawberry.ID


@strawberry.input
class AssociationUnbindRequestCreateInput:
    reason: str = ""


@strawberry.input
class AssociationUnbindRejectInput:
    request_id: strawberry.ID
    reason: str


@strawberry.input
class CustomerAssignInput:
    customer_id: strawberry.ID
    manager_id: strawberry.ID


@strawberry.input
class AssociationNoticePublishInput:
    title: str
    body: str


@strawberry.input
class AssociationNoticeSignInput:
    notice_id: strawberry.ID


@strawberry.input
class KnowledgeItemCreateInput:
    kind: KnowledgeKindEnum  # type: ignore[valid-type]
    title: str
    industries: list[IndustryEnum]  # type: ignore[valid-type]
    summary: str = ""
    url: str = ""
    tags: list[str] | None = None


@strawberry.input
class KnowledgeItemDeleteInput:
    id: strawberry.ID
