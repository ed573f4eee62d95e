"""Creating and reading messages. Other slices call `notify` inside their own transaction, so a
message exists exactly when the event it reports was committed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from partnercenter.accounts.enums import Role
from partnercenter.accounts.models import User
from partnercenter.core import clock
from partnercenter.messages.enums import MessageKind
from partnercenter.messages.models import Message

__all__ = ["notify", "users_with_roles"]


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
    return len(ids)


async def users_with_roles(org_id: int, roles: Iterable[Role]) -> list[int]:
    """Active users of an organisation holding one of `roles` (e.g. the partner admins)."""
    return list(
        await User.filter(org_id=org_id, role__in=list(roles)).values_list("id", flat=True)  # type: ignore[arg-type]
    )
