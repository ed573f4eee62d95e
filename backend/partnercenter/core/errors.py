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
    # Precise userErrors codes of mutation validation (the `field` says which input).
    BLANK = "BLANK"  # required text is empty (or only spaces), or a required list is empty
    TOO_LONG = "TOO_LONG"  # text over its maximum length
    OUT_OF_RANGE = "OUT_OF_RANGE"  # a number outside its allowed range (confidence outside 0-100)
    NOT_IN_STEPS = "NOT_IN_STEPS"  # confidence not a multiple of 10
    NOT_A_NUMBER = "NOT_A_NUMBER"  # an amount that is NaN or infinite
    NEGATIVE = "NEGATIVE"  # an amount below 0
    TOO_LARGE = "TOO_LARGE"  # an amount above the largest storable value
    TOO_MANY_DECIMALS = "TOO_MANY_DECIMALS"  # an amount with more than 2 decimals
    UNSUPPORTED_CURRENCY = "UNSUPPORTED_CURRENCY"  # a currency other than CNY
    NOT_YOUR_CUSTOMER = "NOT_YOUR_CUSTOMER"  # an account manager's visible customer assigned to someone else
    NOT_IN_TEAM = "NOT_IN_TEAM"  # a reassignment target outside the viewer's team
    # Customer warnings and exports (warnings slice)
    NOT_RESPONSIBLE_MANAGER = "NOT_RESPONSIBLE_MANAGER"  # only the customer's account manager may process
    RESULT_NOT_FOR_KIND = "RESULT_NOT_FOR_KIND"  # e.g. RENEWED for a churn warning
    DATE_IN_FUTURE = "DATE_IN_FUTURE"  # a churn date after today
    DATE_IN_PAST = "DATE_IN_PAST"  # a follow-up date before today
    EXPORT_TOO_LARGE = "EXPORT_TOO_LARGE"  # more rows than EXPORT_MAX_ROWS: narrow the filters
    # Customer association (association slice).
    PARTNER_ADMIN_ONLY = "PARTNER_ADMIN_ONLY"  # only the customer's partner admin may do this
    CUSTOMER_USER_ONLY = "CUSTOMER_USER_ONLY"  # only a user of that customer may do this
    REQUEST_TOO_SOON = "REQUEST_TOO_SOON"  # one switch/unbind request per customer per 3 months
    CUSTOMER_HAS_ARREARS = "CUSTOMER_HAS_ARREARS"  # open arrears 欠费 block switch/unbind
    CUSTOMER_HAS_UNPAID_ORDERS = "CUSTOMER_HAS_UNPAID_ORDERS"  # orders awaiting partner payment block it
    REQUEST_NOT_PENDING = "REQUEST_NOT_PENDING"  # the request was already answered, expired or decided
    REQUEST_EXPIRED = "REQUEST_EXPIRED"  # the confirmation window is over
    ALREADY_ASSIGNED = "ALREADY_ASSIGNED"  # the customer's manager is already that person
    NOTICE_OUTDATED = "NOTICE_OUTDATED"  # signing a notice version that is not the latest


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
