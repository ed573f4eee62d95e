"""The GraphQL side of the error idiom: a service's `DomainErrors` becomes `userErrors`."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from partnercenter.core.errors import DomainError, DomainErrors
from partnercenter.core.types import UserError

__all__ = ["attempt", "user_errors"]

T = TypeVar("T")


def user_errors(errors: list[DomainError] | DomainErrors) -> list[UserError]:
    found = errors.errors if isinstance(errors, DomainErrors) else errors
    return [UserError.of(e) for e in found]


async def attempt(call: Awaitable[T]) -> tuple[T | None, list[UserError]]:
    """Await a service call: its result and no errors, or None and its `userErrors`."""
    try:
        return await call, []
    except DomainErrors as exc:
        return None, user_errors(exc)
    except DomainError as exc:
        return None, user_errors([exc])
