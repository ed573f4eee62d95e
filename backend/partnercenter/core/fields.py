"""Model fields shared by every slice."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tortoise import fields


class MoneyField(fields.BigIntField):
    """Money as integer minor units (分/cents) in the database, Decimal in Python.

    Exact, and compared and ordered correctly everywhere: Tortoise stores DecimalField as
    text on SQLite, where "9986.71" sorts above "99833.78".
    """

    field_type = Decimal  # type: ignore[assignment]

    def to_db_value(self, value: Any, instance: Any) -> int | None:  # type: ignore[override]
        if value is None:
            return None
        cents = Decimal(value).scaleb(2)
        if cents != cents.to_integral_value():
            raise ValueError(f"{value} has more than two decimals")
        return int(cents)

    def to_python_value(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value is None or isinstance(value, Decimal):
            return value  # type: ignore[no-any-return]
        return Decimal(int(value)).scaleb(-2)


def cents(value: Decimal) -> int:
    """An amount as the integer a MoneyField stores: for F() arithmetic in updates, which bypasses
    the field's conversion (`F("balance") - Decimal("1.20")` would subtract 1.2 cents)."""
    c = Decimal(value).scaleb(2)
    if c != c.to_integral_value():
        raise ValueError(f"{value} has more than two decimals")
    return int(c)
