"""Whole-ledger verification (`python -m partnercenter ledger-verify`)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from partnercenter.ledger.enums import DiscrepancyKind
from partnercenter.ledger.service.accounts import conn as _conn
from partnercenter.ledger.service.accounts import is_postgres
from partnercenter.ledger.service.types import Discrepancy

__all__ = ["verify_ledger"]


def _money(cents: object) -> str:
    return str(Decimal(int(cents or 0)).scaleb(-2))  # type: ignore[call-overload]


_Check = tuple[str, Callable[[dict[str, Any]], Discrepancy]]


def _checks(false: str) -> list[_Check]:
    """Each check: a statement returning the offending rows, and how a row reads."""
    return [
        (
            "SELECT transaction_id, currency, SUM(amount) AS total FROM ledger_entry "
            "GROUP BY transaction_id, currency HAVING SUM(amount) <> 0 ORDER BY transaction_id",
            lambda r: Discrepancy(
                DiscrepancyKind.UNBALANCED_TRANSACTION,
                f"entries in {r['currency']} sum to {_money(r['total'])}",
                transaction_id=int(r["transaction_id"]),
                values={"total": _money(r["total"]), "currency": str(r["currency"])},
            ),
        ),
        (
            "SELECT t.id AS id, COUNT(e.id) AS n FROM ledger_transaction t "
            "LEFT JOIN ledger_entry e ON e.transaction_id = t.id "
            "GROUP BY t.id HAVING COUNT(e.id) < 2 ORDER BY t.id",
            lambda r: Discrepancy(
                DiscrepancyKind.HALF_TRANSACTION,
                f"{int(r['n'])} entries",
                transaction_id=int(r["id"]),
                values={"entries": str(int(r["n"]))},
            ),
        ),
        (
            "SELECT a.id AS id, a.balance AS balance, COALESCE(SUM(e.amount), 0) AS total "
            "FROM ledger_account a LEFT JOIN ledger_entry e ON e.account_id = a.id GROUP BY a.id, a.balance "
            "HAVING a.balance <> COALESCE(SUM(e.amount), 0) ORDER BY a.id",
            lambda r: Discrepancy(
                DiscrepancyKind.BALANCE_MISMATCH,
                f"stored {_money(r['balance'])}, entries sum to {_money(r['total'])}",
                account_id=int(r["id"]),
                values={"stored": _money(r["balance"]), "entries": _money(r["total"])},
            ),
        ),
        (
            "SELECT id, balance FROM ledger_account "
            f"WHERE balance < 0 AND allow_negative = {false} ORDER BY id",
            lambda r: Discrepancy(
                DiscrepancyKind.BELOW_FLOOR,
                f"balance {_money(r['balance'])} below 0",
                account_id=int(r["id"]),
                values={"balance": _money(r["balance"])},
            ),
        ),
        (
            "SELECT id, account_id, balance_after, running FROM ("
            "SELECT id, account_id, balance_after, SUM(amount) OVER (PARTITION BY account_id ORDER BY id "
            "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM ledger_entry) s "
            "WHERE balance_after <> running ORDER BY id LIMIT 1000",
            lambda r: Discrepancy(
                DiscrepancyKind.BALANCE_AFTER_MISMATCH,
                f"entry {int(r['id'])} says {_money(r['balance_after'])}, running sum {_money(r['running'])}",
                account_id=int(r["account_id"]),
                values={"entry": str(int(r["id"]))},
            ),
        ),
        (
            "SELECT e.id AS id, e.account_id AS account_id, e.currency AS ec, a.currency AS ac "
            "FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id "
            "WHERE e.currency <> a.currency ORDER BY e.id LIMIT 1000",
            lambda r: Discrepancy(
                DiscrepancyKind.CURRENCY_MISMATCH,
                f"entry {int(r['id'])} in {r['ec']} on an account in {r['ac']}",
                account_id=int(r["account_id"]),
            ),
        ),
    ]


async def verify_ledger() -> list[Discrepancy]:
    """Check the whole ledger; an empty list means it is consistent."""
    conn = _conn()
    out: list[Discrepancy] = []
    for sql, read in _checks("FALSE" if is_postgres() else "0"):
        out.extend(read(r) for r in await conn.execute_query_dict(sql))
    return out
