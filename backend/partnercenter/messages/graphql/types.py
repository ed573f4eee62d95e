"""GraphQL types of the message centre."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from partnercenter.core.context import RequestContext
from partnercenter.core.ids import to_global_id
from partnercenter.core.loaders import loader
from partnercenter.core.node import register_node_type, resolve_nodes
from partnercenter.core.types import Node
from partnercenter.messages import service
from partnercenter.messages.enums import MessageKind

MessageKindEnum = strawberry.enum(
    MessageKind, name="MessageKind", description="What a message is about; the SPA words it per locale."
)


def record_loader(ctx: RequestContext) -> Any:
    """Linked records of a page of messages in one batch per type, through the scoped node loaders."""

    async def batch(global_ids: list[str]) -> list[Any]:
        return await resolve_nodes(ctx, list(global_ids))

    return loader(ctx, "message_records", batch)


@strawberry.type(name="Message", description="A notification in the message centre 消息中心.")
class MessageType(Node):
    id: strawberry.ID
    kind: MessageKindEnum  # type: ignore[valid-type]
    params: JSON = strawberry.field(
        description="Values for the text (deadlines, states, kinds...); never personal data."
    )
    record_type: str | None = strawberry.field(description="GraphQL type of the linked record.")
    created_at: datetime
    read_at: datetime | None
    record_gid: strawberry.Private[str | None]

    @strawberry.field(description="True once read.")
    def read(self) -> bool:
        return self.read_at is not None

    @strawberry.field(
        description="The record the message is about; null when it no longer exists or is outside "
        "your scope (a message never reveals a record you cannot see)."
    )
    async def record(self, info: Info[RequestContext, Any]) -> Node | None:
        if self.record_gid is None:
            return None
        return await record_loader(info.context).load(self.record_gid)  # type: ignore[no-any-return]


def message_from_row(row: dict[str, Any]) -> MessageType:
    rtype, rpk = row["record_type"] or None, row["record_pk"]
    return MessageType(
        id=strawberry.ID(to_global_id("Message", row["id"])),
        kind=MessageKind(row["kind"]),
        params=row["params"] or {},  # type: ignore[arg-type]
        record_type=rtype,
        created_at=row["created_at"],
        read_at=row["read_at"],
        record_gid=to_global_id(rtype, rpk) if rtype and rpk is not None else None,
    )


async def _load(ctx: RequestContext, ids: list[int]) -> dict[int, Any]:
    if ctx.viewer is None:
        return {}
    rows = await service.messages_by_ids(ctx.viewer, ids)
    return {k: message_from_row(r) for k, r in rows.items()}


register_node_type("Message", _load)
