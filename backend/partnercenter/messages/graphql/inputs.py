"""GraphQL filter and mutation inputs of the message centre."""

from __future__ import annotations

import strawberry

from partnercenter.core.ids import pk_of
from partnercenter.messages import service
from partnercenter.messages.graphql.types import MessageKindEnum

__all__ = ["MessageFilter", "MessagesMarkAllReadInput", "MessagesMarkReadInput", "message_pks", "to_query"]


@strawberry.input
class MessageFilter:
    kinds: list[MessageKindEnum] | None = None  # type: ignore[valid-type]
    unread_only: bool = False


def to_query(f: MessageFilter | None) -> service.MessageQuery:
    f = f or MessageFilter()
    return service.MessageQuery(kinds=f.kinds, unread_only=f.unread_only)


@strawberry.input
class MessagesMarkReadInput:
    ids: list[strawberry.ID]


@strawberry.input
class MessagesMarkAllReadInput:
    kinds: list[MessageKindEnum] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only these kinds; all when omitted."
    )


def message_pks(ids: list[strawberry.ID]) -> list[int | None]:
    """The pks of the given global ids (None where an id is not a Message's)."""
    return [pk_of(g, "Message") for g in ids]
