"""Message centre: the viewer's messages, unread count, mark read."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.core.connection import PageArgs
from partnercenter.core.context import RequestContext
from partnercenter.core.errors import DomainError, ErrorCode, PublicError
from partnercenter.core.mutations import user_errors
from partnercenter.core.types import Connection, UserError, connection_from_page
from partnercenter.messages import service
from partnercenter.messages.graphql.inputs import (
    MessageFilter,
    MessagesMarkAllReadInput,
    MessagesMarkReadInput,
    message_pks,
    to_query,
)
from partnercenter.messages.graphql.types import MessageType, message_from_row
from partnercenter.messages.permissions import MESSAGE
from partnercenter.settings import get_settings

Ctx = Info[RequestContext, Any]


@strawberry.type
class MessageQueries:
    @strawberry.field(description="Your messages, newest first; keyset paginated.")
    async def messages(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: MessageFilter | None = None,
    ) -> Connection[MessageType]:
        viewer = policy.require_read(info.context.viewer, MESSAGE)
        page, count = await service.list_messages(
            viewer, to_query(filter), PageArgs(first, after, last, before)
        )
        return connection_from_page(page, count, message_from_row)

    @strawberry.field(description="How many of your messages are unread (the header badge).")
    async def unread_message_count(self, info: Ctx) -> int:
        viewer = policy.require_read(info.context.viewer, MESSAGE)
        return await service.unread_count(viewer)


@strawberry.type
class MessagesMarkReadPayload:
    messages: list[MessageType]
    unread_count: int
    user_errors: list[UserError]


@strawberry.type
class MessagesMarkAllReadPayload:
    marked_count: int
    unread_count: int
    user_errors: list[UserError]


@strawberry.type
class MessageMutations:
    @strawberry.mutation(description="Mark some of your messages read.")
    async def messages_mark_read(self, info: Ctx, input: MessagesMarkReadInput) -> MessagesMarkReadPayload:
        viewer = policy.require_read(info.context.viewer, MESSAGE)
        if len(input.ids) > get_settings().max_page_size:
            raise PublicError(ErrorCode.PAGE_SIZE, f"Mark at most {get_settings().max_page_size} at once.")
        pks = message_pks(input.ids)
        wanted = sorted({p for p in pks if p is not None})
        found, unread = await service.mark_read(viewer, wanted) if wanted else ([], 0)
        rows = await service.messages_by_ids(viewer, found)
        errors: list[UserError] = []
        if None in pks or len(found) != len(wanted):
            # Someone else's message answers like an unknown one; nothing was hidden from you.
            errors = user_errors([DomainError(ErrorCode.NOT_FOUND, "No such message.", "ids")])
            unread = await service.unread_count(viewer)
        return MessagesMarkReadPayload(
            messages=[message_from_row(rows[i]) for i in found if i in rows],
            unread_count=unread,
            user_errors=errors,
        )

    @strawberry.mutation(description="Mark all your unread messages (of some kinds) read.")
    async def messages_mark_all_read(
        self, info: Ctx, input: MessagesMarkAllReadInput
    ) -> MessagesMarkAllReadPayload:
        viewer = policy.require_read(info.context.viewer, MESSAGE)
        marked, unread = await service.mark_all_read(viewer, input.kinds)
        return MessagesMarkAllReadPayload(marked_count=marked, unread_count=unread, user_errors=[])
