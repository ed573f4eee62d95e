"""One money model: the amount validator, the maximum and the currency every slice uses.

Amounts arrive as decimal strings (GraphQL `Decimal`); every slice asks `amount_errors` so that
`10.000`, `1e3`, `-0`, `NaN` and a 13-digit amount get the same answer everywhere:

- `NaN`, `Infinity`                     → NOT_A_NUMBER
- `<= 0` where a positive amount is due  → NOT_POSITIVE (`-0` is 0)
- `< 0` where 0 is allowed               → NEGATIVE
- above `MAX_AMOUNT` (13 integer digits) → TOO_LARGE
- a non-zero third decimal               → TOO_MANY_DECIMALS (`10.000` is 10.00, `1e3` is 1000.00)

`MAX_AMOUNT` keeps any sum of a few thousand amounts inside the BIGINT cents column.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from partnercenter.core.errors import DomainError, ErrorCode
from partnercenter.settings import get_settings

__all__ = [
    "CENT",
    "MAX_AMOUNT",
    "Money",
    "amount_errors",
    "currency",
    "currency_errors",
    "from_cents",
    "normalize",
    "to_cents",
]

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")


def currency() -> str:
    """The product's currency (setting `CURRENCY`, default CNY)."""
    return get_settings().currency


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount in the product's currency: cents inside, a 2-decimal string outside."""

    amount: Decimal
    currency: str

    @classmethod
    def of(cls, amount: Decimal | int | str, currency_code: str | None = None) -> Money:
        return cls(normalize(Decimal(amount)), currency_code or currency())

    @classmethod
    def from_cents(cls, cents: int, currency_code: str | None = None) -> Money:
        return cls(from_cents(cents), currency_code or currency())

    @property
    def cents(self) -> int:
        return to_cents(self.amount)

    def text(self) -> str:
        return f"{self.amount:.2f}"


def normalize(amount: Decimal) -> Decimal:
    """Two decimals exactly (callers validated it first, so nothing is rounded away)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(amount: Decimal) -> int:
    return int(normalize(amount).scaleb(2))


def from_cents(cents: int) -> Decimal:
    return Decimal(int(cents)).scaleb(-2).quantize(CENT)


def amount_errors(
    value: Decimal | None,
    field: str = "amount",
    *,
    allow_zero: bool = False,
    what: str = "The amount",
) -> list[DomainError]:
    """The one amount rule (see the module docstring); an empty list means valid."""
    if value is None:
        return [DomainError(ErrorCode.BLANK, "Enter an amount.", field)]
    if not value.is_finite():
        return [DomainError(ErrorCode.NOT_A_NUMBER, f"{what} must be a number.", field)]
    if allow_zero and value < 0:
        return [DomainError(ErrorCode.NEGATIVE, f"{what} must be 0 or more.", field)]
    if not allow_zero and value <= 0:
        return [DomainError(ErrorCode.NOT_POSITIVE, f"{what} must be greater than 0.", field)]
    if value > MAX_AMOUNT:
        return [DomainError(ErrorCode.TOO_LARGE, f"{what} is at most {MAX_AMOUNT}.", field)]
    if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        return [DomainError(ErrorCode.TOO_MANY_DECIMALS, "Use at most two decimals.", field)]
    return []


def currency_errors(code: str, field: str = "amount") -> list[DomainError]:
    if code != currency():
        return [DomainError(ErrorCode.UNSUPPORTED_CURRENCY, f"Only {currency()} is supported.", field)]
    return []
