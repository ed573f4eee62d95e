"""Expected errors: typed, safe to show. Anything else is masked by the endpoint."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ErrorCode(StrEnum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    PAGE_SIZE = "PAGE_SIZE"
    INVALID_CURSOR = "INVALID_CURSOR"
    CSRF = "CSRF"
    LIMIT = "LIMIT"
    INTERNAL = "INTERNAL"


class PublicError(Exception):
    """A GraphQL-level error whose message may reach the client (top-level `errors`)."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class DomainError(Exception):
    """An expected failure of a mutation: becomes one `userErrors` entry."""

    code: ErrorCode
    message: str
    field: str | None = None


class DomainErrors(Exception):
    def __init__(self, errors: list[DomainError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors
