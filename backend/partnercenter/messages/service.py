"""Creating and reading messages. Other slices call `notify` inside their own transaction, so a
message exists exactly when the event it reports was committed. `notify` also emits a
`message.created` outbox event in that transaction (core/events.py), for subscribers such as
e-mail or webhooks; the message rows themselves are still written here, synchronously, so they
exist as soon as the mutation returns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson
from tortoise.transactions import in_transaction

from partnercenter.access import policy
from partnercenter.accounts.enums import Role
from partnercenter.accounts.models import User
from partnercenter.core import clock
from partnercenter.core.connection import EMPTY_PAGE, Page, PageArgs, SortKey, fetch_page
from partnercenter.core.context import Viewer
from partnercenter.core.events import emit
from partnercenter.messages.enums import MessageKind
from partnercenter.messages.models import Message
from partnercenter.messages.permissions import MESSAGE

__all__ = [
    "MessageQuery",
    "list_messages",
    "mark_all_read",
    "mark_read",
    "messages_by_ids",
    "notify",
    "unread_count",
    "users_with_roles",
]


async def notify(
    recipient_user_ids: Iterable[int | None],
    kind: MessageKind,
    record_type: str = "",
    record_pk: int | None = None,
    params: dict[str, Any] | None = None,
) -> int:
    """One message per distinct recipient (None entries skipped); returns how many were created."""
    ids = sorted({uid for uid in recipient_user_ids if uid is not None})
    if not ids:
        return 0
    stamp = clock.now()
    await Message.bulk_create(
        [
            Message(
                recipient_id=uid,
                kind=kind,
                record_type=record_type,
                record_pk=record_pk,
                params=params or {},
                created_at=stamp,
            )
            for uid in ids
        ]
    )
    await emit(
        "message.created",
        record_type or "message",
        record_pk if record_pk is not None else "",
        {
            "kind": str(kind),
            "recipient_ids": ids,
            "record_type": record_type,
            "record_pk": record_pk,
            "params": params or {},
        },
    )
    return len(ids)


async def users_with_roles(org_id: int, roles: Iterable[Role]) -> list[int]:
    """Active users of an organisation holding one of `roles` (e.g. the partner admins)."""
    return list(
        await User.filter(org_id=org_id, role__in=list(roles)).values_list("id", flat=True)  # type: ignore[arg-type]
    )


# --- Reading: a person's own messages only (the policy's MESSAGE row scope).

MESSAGE_COLUMNS = [
    "id",
    "recipient_id",
    "kind",
    "record_type",
    "record_pk",
    "params",
    "created_at",
    "read_at",
]
MESSAGE_KINDS = {"created_at": "datetime", "read_at": "datetime"}
MESSAGE_SORT = SortKey("CREATED_AT_DESC", "created_at", "datetime", True)


@dataclass(slots=True)
class MessageQuery:
    kinds: list[MessageKind] | None = None
    unread_only: bool = False


def _scoped(viewer: Viewer) -> Any:
    q = policy.scope_q(viewer, MESSAGE)
    return None if q is None else Message.filter(q)


def _apply(qs: Any, f: MessageQuery) -> Any:
    if f.kinds:
        qs = qs.filter(kind__in=[k.value for k in f.kinds])
    if f.unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


async def list_messages(viewer: Viewer, f: MessageQuery, page: PageArgs) -> tuple[Page, Any]:
    """Newest first; a coroutine factory for the total count."""
    page.validate()
    qs = _scoped(viewer)
    if qs is None:
        return EMPTY_PAGE, _zero
    qs = _apply(qs, f)
    result = await fetch_page(qs, MESSAGE_SORT, page, MESSAGE_COLUMNS, MESSAGE_KINDS)
    for row in result.rows:
        if isinstance(row["params"], str | bytes):
            row["params"] = orjson.loads(row["params"])
    return result, qs.count


async def messages_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, dict[str, Any]]:
    qs = _scoped(viewer)
    if qs is None or not ids:
        return {}
    return {r["id"]: r for r in await qs.filter(id__in=ids).values(*MESSAGE_COLUMNS)}


async def unread_count(viewer: Viewer) -> int:
    qs = _scoped(viewer)
    return 0 if qs is None else int(await qs.filter(read_at__isnull=True).count())


async def mark_read(viewer: Viewer, ids: list[int]) -> tuple[list[int], int]:
    """Marks the viewer's own messages among `ids` read; returns (found ids, unread left).
    Ids of other people's messages are not found (the caller answers NOT_FOUND)."""
    qs = _scoped(viewer)
    if qs is None:
        return [], 0
    async with in_transaction():
        found = list(await qs.filter(id__in=ids).values_list("id", flat=True))
        if found:
            await qs.filter(id__in=found, read_at__isnull=True).update(read_at=clock.now())
    return sorted(int(i) for i in found), await unread_count(viewer)


async def mark_all_read(viewer: Viewer, kinds: list[MessageKind] | None = None) -> tuple[int, int]:
    """Marks every unread message (of `kinds`, when given) read; returns (updated, unread left)."""
    qs = _scoped(viewer)
    if qs is None:
        return 0, 0
    updated = await _apply(qs, MessageQuery(kinds=kinds, unread_only=True)).update(read_at=clock.now())
    return int(updated), await unread_count(viewer)


async def _zero() -> int:
    return 0
