"""Association queries and mutations: thin resolvers over association.service."""

from __future__ import annotations

from typing import Any

import strawberry

from partnercenter.access import policy
from partnercenter.association import service
from partnercenter.association.enums import RequestKind
from partnercenter.association.graphql.inputs import (
    AssociationLogFilter,
    AssociationNoticePublishInput,
    AssociationNoticeSignInput,
    AssociationRequestCreateInput,
    AssociationRequestFilter,
    AssociationRequestRefInput,
    AssociationUnbindRejectInput,
    AssociationUnbindRequestCreateInput,
    CustomerAssignInput,
    KnowledgeItemCreateInput,
    KnowledgeItemDeleteInput,
    KnowledgeItemFilter,
)
from partnercenter.association.graphql.types import (
    AssociationLogEntryType,
    AssociationRequestType,
    Ctx,
    CustomerAssignmentType,
    CustomerAssociationStatus,
    KnowledgeItemType,
    KnowledgeRecommendations,
    NoticeStatus,
    NoticeVersionType,
    assignment_from_row,
    association_status_type,
    knowledge_from_row,
    log_from_row,
    notice_from_row,
    notice_status_type,
    recommendations_type,
    request_from_row,
)
from partnercenter.association.permissions import (
    ASSOCIATION_LOG,
    ASSOCIATION_REQUEST,
    CUSTOMER_ASSIGNMENT,
    KNOWLEDGE_ITEM,
    NOTICE_VERSION,
)
from partnercenter.core.connection import PageArgs
from partnercenter.core.context import Viewer
from partnercenter.core.ids import pk_of
from partnercenter.core.mutations import attempt
from partnercenter.core.types import Connection, UserError, connection_from_page
from partnercenter.customers import service as customers
from partnercenter.customers.graphql.types import CustomerType, customer_from_row

__all__ = [
    "AssociationLogFilter",
    "AssociationMutations",
    "AssociationQueries",
    "AssociationRequestFilter",
    "KnowledgeItemFilter",
]


def _pks(ids: list[strawberry.ID] | None, type_name: str) -> list[int] | None:
    return None if ids is None else [p for g in ids if (p := pk_of(g, type_name))]


def _viewer(info: Ctx) -> Viewer:
    return policy.require_viewer(info.context.viewer)  # type: ignore[no-any-return]


def _reader(info: Ctx, resource: str) -> Any:
    """Entry check of a list: anonymous and API tokens get a typed error (no token scope reads these)."""
    return policy.require_read(info.context.viewer, resource)


@strawberry.type
class AssociationQueries:
    @strawberry.field(description="Switch/unbind requests in your scope, newest first.")
    async def association_requests(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: AssociationRequestFilter | None = None,
    ) -> Connection[AssociationRequestType]:
        viewer = _reader(info, ASSOCIATION_REQUEST)
        f = filter or AssociationRequestFilter()
        q = service.RequestQuery(
            customer_ids=_pks(f.customer_ids, "Customer"),
            states=f.states,
            kinds=f.kinds,
            initiators=f.initiators,
        )
        page, count = await service.list_requests(viewer, q, PageArgs(first, after, last, before))
        return connection_from_page(page, count, request_from_row)

    @strawberry.field(
        description="The association operation log 关联关系操作记录 in your scope, newest first."
    )
    async def association_log(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: AssociationLogFilter | None = None,
    ) -> Connection[AssociationLogEntryType]:
        viewer = _reader(info, ASSOCIATION_LOG)
        f = filter or AssociationLogFilter()
        q = service.LogQuery(
            customer_ids=_pks(f.customer_ids, "Customer"),
            actions=f.actions,
            actor_ids=_pks(f.actor_ids, "User"),
            at_from=f.at.from_ if f.at else None,
            at_to=f.at.to if f.at else None,
        )
        page, count = await service.list_log(viewer, q, PageArgs(first, after, last, before))
        return connection_from_page(page, count, log_from_row)

    @strawberry.field(description="Account manager assignment history 客户分配记录, newest first.")
    async def customer_assignments(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        customer_ids: list[strawberry.ID] | None = None,
    ) -> Connection[CustomerAssignmentType]:
        viewer = _reader(info, CUSTOMER_ASSIGNMENT)
        page, count = await service.list_assignments(
            viewer, _pks(customer_ids, "Customer"), PageArgs(first, after, last, before)
        )
        return connection_from_page(page, count, assignment_from_row)

    @strawberry.field(description="Published versions of 《客户关联合作伙伴须知》, newest first.")
    async def association_notices(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[NoticeVersionType]:
        viewer = _reader(info, NOTICE_VERSION)
        page, count = await service.list_notices(viewer, PageArgs(first, after, last, before))
        return connection_from_page(page, count, notice_from_row)

    @strawberry.field(description="Knowledge items (vendor PDMs maintain them), newest first.")
    async def knowledge_items(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: KnowledgeItemFilter | None = None,
    ) -> Connection[KnowledgeItemType]:
        viewer = _reader(info, KNOWLEDGE_ITEM)
        f = filter or KnowledgeItemFilter()
        q = service.KnowledgeQuery(kinds=f.kinds, industry=f.industry, search=f.search)
        page, count = await service.list_knowledge(viewer, q, PageArgs(first, after, last, before))
        return connection_from_page(page, count, knowledge_from_row)

    @strawberry.field(
        description="知识推荐 of a customer: items only once it signed the latest notice, else the reason. "
        "Null when the customer is unknown or outside your scope."
    )
    async def customer_knowledge(
        self, info: Ctx, customer_id: strawberry.ID
    ) -> KnowledgeRecommendations | None:
        viewer = _viewer(info)
        rec = await service.recommendations(viewer, pk_of(customer_id, "Customer") or 0)
        return None if rec is None else recommendations_type(viewer, rec)

    @strawberry.field(
        description="Whether a switch/unbind request may be made for a customer now, and why not."
    )
    async def customer_association_status(
        self, info: Ctx, customer_id: strawberry.ID
    ) -> CustomerAssociationStatus | None:
        # Request history and arrears are association data: no API token scope reads them.
        viewer = _reader(info, ASSOCIATION_REQUEST)
        status = await service.association_status(viewer, pk_of(customer_id, "Customer") or 0)
        return None if status is None else association_status_type(viewer, status)

    @strawberry.field(
        description="A customer user's view of the notice: the latest version and their signature."
    )
    async def my_notice_status(self, info: Ctx) -> NoticeStatus | None:
        return notice_status_type(await service.notice_status(_viewer(info)))


@strawberry.type
class AssociationRequestPayload:
    request: AssociationRequestType | None
    user_errors: list[UserError]


@strawberry.type
class CustomerAssignPayload:
    assignment: CustomerAssignmentType | None
    customer: CustomerType | None
    user_errors: list[UserError]


@strawberry.type
class AssociationNoticePublishPayload:
    notice: NoticeVersionType | None
    user_errors: list[UserError]


@strawberry.type
class AssociationNoticeSignPayload:
    status: NoticeStatus | None
    user_errors: list[UserError]


@strawberry.type
class KnowledgeItemCreatePayload:
    item: KnowledgeItemType | None
    user_errors: list[UserError]


@strawberry.type
class KnowledgeItemDeletePayload:
    deleted_id: strawberry.ID | None
    user_errors: list[UserError]


async def _request_payload(viewer: Viewer, call: Any) -> AssociationRequestPayload:
    pk, errors = await attempt(call)
    if pk is None:
        return AssociationRequestPayload(request=None, user_errors=errors)
    row = (await service.requests_by_ids(viewer, [pk])).get(pk)
    return AssociationRequestPayload(request=request_from_row(row) if row else None, user_errors=[])


def _request_pk(input: AssociationRequestRefInput | AssociationUnbindRejectInput) -> int:
    return pk_of(input.request_id, "AssociationRequest") or 0


@strawberry.type
class AssociationMutations:
    @strawberry.mutation(
        description="Ask the customer to confirm a switch of association type or an unbind (partner admin)."
    )
    async def association_request_create(
        self, info: Ctx, input: AssociationRequestCreateInput
    ) -> AssociationRequestPayload:
        viewer = _viewer(info)
        customer_pk = pk_of(input.customer_id, "Customer") or 0
        return await _request_payload(
            viewer, service.request_change(viewer, customer_pk, RequestKind(input.kind))
        )

    @strawberry.mutation(description="Confirm the partner's request (a user of that customer).")
    async def association_request_confirm(
        self, info: Ctx, input: AssociationRequestRefInput
    ) -> AssociationRequestPayload:
        viewer = _viewer(info)
        return await _request_payload(viewer, service.answer_request(viewer, _request_pk(input), True))

    @strawberry.mutation(description="Decline the partner's request (a user of that customer).")
    async def association_request_decline(
        self, info: Ctx, input: AssociationRequestRefInput
    ) -> AssociationRequestPayload:
        viewer = _viewer(info)
        return await _request_payload(viewer, service.answer_request(viewer, _request_pk(input), False))

    @strawberry.mutation(description="Ask the partner to unbind your company (customer user).")
    async def association_unbind_request_create(
        self, info: Ctx, input: AssociationUnbindRequestCreateInput
    ) -> AssociationRequestPayload:
        viewer = _viewer(info)
        return await _request_payload(viewer, service.customer_request_unbind(viewer, input.reason))

    @strawberry.mutation(
        description="Approve a customer's unbind request (partner admin): the customer is unbound."
    )
    async def association_unbind_request_approve(
        self, info: Ctx, input: AssociationRequestRefInput
    ) -> AssociationRequestPayload:
        viewer = _viewer(info)
        return await _request_payload(viewer, service.decide_unbind(viewer, _request_pk(input), True, ""))

    @strawberry.mutation(description="Reject a customer's unbind request with a reason (partner admin).")
    async def association_unbind_request_reject(
        self, info: Ctx, input: AssociationUnbindRejectInput
    ) -> AssociationRequestPayload:
        viewer = _viewer(info)
        call = service.decide_unbind(viewer, _request_pk(input), False, input.reason)
        return await _request_payload(viewer, call)

    @strawberry.mutation(
        description="Assign or reassign a customer's account manager 客户分配 (supervisor, admin)."
    )
    async def customer_assign(self, info: Ctx, input: CustomerAssignInput) -> CustomerAssignPayload:
        viewer = _viewer(info)
        customer_pk = pk_of(input.customer_id, "Customer") or 0
        pk, errors = await attempt(
            service.assign_customer(viewer, customer_pk, pk_of(input.manager_id, "User"))
        )
        if pk is None:
            return CustomerAssignPayload(assignment=None, customer=None, user_errors=errors)
        row = (await service.assignments_by_ids(viewer, [pk])).get(pk)
        customer = await customers.customer_of(viewer, customer_pk)
        return CustomerAssignPayload(
            assignment=assignment_from_row(row) if row else None,
            customer=customer_from_row(viewer, customer) if customer else None,
            user_errors=[],
        )

    @strawberry.mutation(description="Publish a new version of the association notice (vendor PDM).")
    async def association_notice_publish(
        self, info: Ctx, input: AssociationNoticePublishInput
    ) -> AssociationNoticePublishPayload:
        viewer = _viewer(info)
        pk, errors = await attempt(service.publish_notice(viewer, input.title, input.body))
        if pk is None:
            return AssociationNoticePublishPayload(notice=None, user_errors=errors)
        row = (await service.notices_by_ids(viewer, [pk])).get(pk)
        return AssociationNoticePublishPayload(notice=notice_from_row(row) if row else None, user_errors=[])

    @strawberry.mutation(description="Sign the latest association notice for your company (customer user).")
    async def association_notice_sign(
        self, info: Ctx, input: AssociationNoticeSignInput
    ) -> AssociationNoticeSignPayload:
        viewer = _viewer(info)
        pk, errors = await attempt(service.sign_notice(viewer, pk_of(input.notice_id, "NoticeVersion") or 0))
        if pk is None:
            return AssociationNoticeSignPayload(status=None, user_errors=errors)
        status = notice_status_type(await service.notice_status(viewer))
        return AssociationNoticeSignPayload(status=status, user_errors=[])

    @strawberry.mutation(description="Create a knowledge item (vendor PDM).")
    async def knowledge_item_create(
        self, info: Ctx, input: KnowledgeItemCreateInput
    ) -> KnowledgeItemCreatePayload:
        viewer = _viewer(info)
        draft = service.KnowledgeDraft(
            kind=input.kind, title=input.title, summary=input.summary, url=input.url,
            industries=list(input.industries), tags=input.tags,
        )  # fmt: skip
        pk, errors = await attempt(service.create_knowledge_item(viewer, draft))
        if pk is None:
            return KnowledgeItemCreatePayload(item=None, user_errors=errors)
        row = (await service.knowledge_by_ids(viewer, [pk])).get(pk)
        return KnowledgeItemCreatePayload(item=knowledge_from_row(row) if row else None, user_errors=[])

    @strawberry.mutation(description="Delete a knowledge item (vendor PDM).")
    async def knowledge_item_delete(
        self, info: Ctx, input: KnowledgeItemDeleteInput
    ) -> KnowledgeItemDeletePayload:
        viewer = _viewer(info)
        pk, errors = await attempt(
            service.delete_knowledge_item(viewer, pk_of(input.id, "KnowledgeItem") or 0)
        )
        return KnowledgeItemDeletePayload(deleted_id=None if pk is None else input.id, user_errors=errors)
