"""Expected errors: typed, safe to show. Anything else is masked by the endpoint.

The idiom: a service raises `DomainErrors([...])` (or `refuse(...)`, `check(...)`) for expected
failures of a mutation, and `PublicError` for request-level ones (FORBIDDEN, NOT_FOUND); it never
returns errors as values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NoReturn


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
    RATE_LIMITED = "RATE_LIMITED"  # too many requests or attempts: HTTP 429 with Retry-After
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
    # --- funds / ledger ---
    NOT_POSITIVE = "NOT_POSITIVE"  # a money amount that must be above 0 is 0 or below
    INSUFFICIENT_BALANCE = "INSUFFICIENT_BALANCE"  # recover or spend more than the unspent balance
    INSUFFICIENT_DISBURSABLE = "INSUFFICIENT_DISBURSABLE"  # disburse more than the disbursable amount
    NOT_RESALE_CUSTOMER = "NOT_RESALE_CUSTOMER"  # a money operation on a consulting-sale customer
    NOT_YOUR_RESELLER = "NOT_YOUR_RESELLER"  # a reseller that is not the viewer's secondary reseller
    NOT_A_PARTNER = "NOT_A_PARTNER"  # vendor finance targets an organisation that is not a partner
    CREDIT_IN_USE = "CREDIT_IN_USE"  # a credit line cut below what is already used
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"  # the same key with a different operation
    TOTP_REQUIRED = "TOTP_REQUIRED"  # the partner wants a second factor and none was given
    TOTP_INVALID = "TOTP_INVALID"  # a wrong, expired or replayed second-factor code
    TOTP_NOT_ENROLLED = "TOTP_NOT_ENROLLED"  # a second factor is required but the user has none
    TOTP_ALREADY_ENROLLED = "TOTP_ALREADY_ENROLLED"  # enrolment started while one is active
    # Customer warnings and exports (warnings slice)
    NOT_RESPONSIBLE_MANAGER = "NOT_RESPONSIBLE_MANAGER"  # only the customer's account manager may process
    RESULT_NOT_FOR_KIND = "RESULT_NOT_FOR_KIND"  # e.g. RENEWED for a churn warning
    DATE_IN_FUTURE = "DATE_IN_FUTURE"  # a churn date after today
    DATE_IN_PAST = "DATE_IN_PAST"  # a follow-up date before today
    EXPORT_TOO_LARGE = "EXPORT_TOO_LARGE"  # more rows than EXPORT_MAX_ROWS: narrow the filters
    EXPORT_IN_PROGRESS = "EXPORT_IN_PROGRESS"  # one export at a time per person or token
    # Coupons and orders
    INVALID_VALIDITY = "INVALID_VALIDITY"  # a validity that ends before it starts, or outside the quota's
    PRODUCT_SCOPE_NOT_ALLOWED = "PRODUCT_SCOPE_NOT_ALLOWED"  # a coupon scope wider than its quota's
    QUOTA_INSUFFICIENT = "QUOTA_INSUFFICIENT"  # not enough coupon quota left
    QUOTA_NOT_USABLE = "QUOTA_NOT_USABLE"  # a quota frozen, adjusting, invalid, reclaimed or out of validity
    QUOTA_BELOW_USED = "QUOTA_BELOW_USED"  # an adjustment below what is already consumed
    INVALID_STATE = "INVALID_STATE"  # the record's state does not allow this operation
    COUPON_NOT_APPLICABLE = "COUPON_NOT_APPLICABLE"  # validity, product scope or minimum order amount not met
    WRONG_COUPON_KIND = "WRONG_COUPON_KIND"  # a voucher given as a cash coupon or the reverse
    DUPLICATE = "DUPLICATE"  # the same record twice in one request (also: a duplicate PO, a terms version)
    ORDER_NOT_PAYABLE = "ORDER_NOT_PAYABLE"  # not awaiting this kind of payment
    ORDER_NOT_REFUNDABLE = "ORDER_NOT_REFUNDABLE"
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
    # Opportunity sharing (PCE)
    NOT_PCE_MEMBER = "NOT_PCE_MEMBER"  # the partner has not joined the PCE plan
    NOT_ELIGIBLE = "NOT_ELIGIBLE"  # a PCE member not eligible to receive vendor-shared opportunities
    TERMS_NOT_CURRENT = "TERMS_NOT_CURRENT"  # joining with a version of the terms that is not the current one
    ALREADY_HANDLED = "ALREADY_HANDLED"  # a shared opportunity already accepted, rejected or validated
    DEADLINE_PASSED = "DEADLINE_PASSED"  # the working-day deadline to handle or validate it has passed
    NOT_APPROVED = "NOT_APPROVED"  # signing and delivery are recorded on approved POs only


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
    """The one way a service refuses: raised with every expected failure found.

    Raised inside `in_transaction()` it rolls the whole change back, so nothing is half done;
    the GraphQL layer turns it into the payload's `userErrors` (`core.mutations.attempt`).
    """

    def __init__(self, errors: list[DomainError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


def refuse(code: ErrorCode, message: str, field: str | None = None) -> NoReturn:
    """Refuse with one typed error."""
    raise DomainErrors([DomainError(code, message, field)])


def check(errors: Iterable[DomainError]) -> None:
    """Refuse with every error found, or return when there is none."""
    found = list(errors)
    if found:
        raise DomainErrors(found)
