"""The ledger core: balanced postings, floors, idempotency, immutability, verification."""

from __future__ import annotations

import asyncio
import sys
from decimal import Decimal

import pytest
from tortoise import connections
from tortoise.transactions import in_transaction

from partnercenter.ledger import service as ledger
from partnercenter.ledger.enums import AccountPurpose, DiscrepancyKind, OwnerType, TransactionKind
from partnercenter.ledger.models import LedgerAccount, LedgerEntry, LedgerTransaction
from partnercenter.ledger.service import Leg

pytestmark = pytest.mark.asyncio
D = Decimal


async def _accounts() -> tuple[LedgerAccount, LedgerAccount, LedgerAccount]:
    src = await ledger.account(OwnerType.ORG, 1, AccountPurpose.RECHARGE_SOURCE)
    funds = await ledger.account(OwnerType.ORG, 1, AccountPurpose.PARTNER_FUNDS)
    cust = await ledger.account(OwnerType.CUSTOMER, 7, AccountPurpose.CUSTOMER_BALANCE)
    return src, funds, cust


async def _post(kind: TransactionKind, legs: list[Leg], key: str) -> ledger.Posting:
    async with in_transaction():
        return await ledger.post(kind, legs, actor_user_id=None, idempotency_key=key, reference_type="Test")


async def test_account_get_or_create_and_floors(db: None) -> None:
    src, funds, _ = await _accounts()
    assert src.allow_negative and not funds.allow_negative
    again = await ledger.account(OwnerType.ORG, 1, AccountPurpose.PARTNER_FUNDS)
    assert again.id == funds.id
    # concurrent creators get one row
    got = await asyncio.gather(
        *(ledger.account(OwnerType.ORG, 2, AccountPurpose.PARTNER_FUNDS) for _ in range(8))
    )
    assert len({a.id for a in got}) == 1
    assert await LedgerAccount.filter(owner_id=2).count() == 1


async def test_post_moves_money_and_records_balance_after(db: None) -> None:
    src, funds, cust = await _accounts()
    p = await _post(TransactionKind.RECHARGE, [Leg(src.id, D("-100.00")), Leg(funds.id, D("100.00"))], "r1")
    assert (
        not p.replayed
        and p.balance_after(funds.id) == D("100.00")
        and p.balance_after(src.id) == D("-100.00")
    )
    await _post(TransactionKind.CUSTOMER_DISBURSE, [Leg(funds.id, D("-30.5")), Leg(cust.id, D("30.5"))], "d1")
    assert await ledger.balance(OwnerType.ORG, 1, AccountPurpose.PARTNER_FUNDS) == D("69.50")
    assert await ledger.balance(OwnerType.CUSTOMER, 7, AccountPurpose.CUSTOMER_BALANCE) == D("30.50")
    entries = await LedgerEntry.filter(account_id=funds.id).order_by("id")
    assert [e.balance_after for e in entries] == [D("100.00"), D("69.50")]
    assert await ledger.verify_ledger() == []


async def test_floor_refused_and_nothing_written(db: None) -> None:
    src, funds, cust = await _accounts()
    await _post(TransactionKind.RECHARGE, [Leg(src.id, D("-10")), Leg(funds.id, D("10"))], "r1")
    with pytest.raises(ledger.InsufficientFunds) as err:
        await _post(
            TransactionKind.CUSTOMER_DISBURSE, [Leg(funds.id, D("-10.01")), Leg(cust.id, D("10.01"))], "d1"
        )
    assert err.value.account_id == funds.id and err.value.balance == D("10.00")
    assert await LedgerTransaction.all().count() == 1
    assert await ledger.balance(OwnerType.ORG, 1, AccountPurpose.PARTNER_FUNDS) == D("10.00")


async def test_legs_must_balance_and_be_cents(db: None) -> None:
    src, funds, _ = await _accounts()
    with pytest.raises(ValueError, match="sum to zero"):
        await _post(TransactionKind.RECHARGE, [Leg(src.id, D("-10")), Leg(funds.id, D("9.99"))], "x")
    with pytest.raises(ValueError, match="two decimals"):
        await _post(TransactionKind.RECHARGE, [Leg(src.id, D("-1.001")), Leg(funds.id, D("1.001"))], "x")
    with pytest.raises(ValueError, match="zero"):
        await _post(TransactionKind.RECHARGE, [Leg(src.id, D("0")), Leg(funds.id, D("0"))], "x")
    with pytest.raises(RuntimeError, match="in_transaction"):
        await ledger.post(
            TransactionKind.RECHARGE,
            [Leg(src.id, D("-1")), Leg(funds.id, D("1"))],
            actor_user_id=None,
            idempotency_key="x",
        )
    assert await LedgerTransaction.all().count() == 0


async def test_idempotent_replay_moves_nothing(db: None) -> None:
    src, funds, _ = await _accounts()
    legs = [Leg(src.id, D("-5")), Leg(funds.id, D("5"))]
    first = await _post(TransactionKind.RECHARGE, legs, "same")
    second = await _post(TransactionKind.RECHARGE, legs, "same")
    assert second.replayed and second.id == first.id
    assert await ledger.balance(OwnerType.ORG, 1, AccountPurpose.PARTNER_FUNDS) == D("5.00")
    with pytest.raises(ledger.IdempotencyKeyReused):
        await _post(TransactionKind.RECHARGE, [Leg(src.id, D("-6")), Leg(funds.id, D("6"))], "same")
    # a different scope is a different key
    async with in_transaction():
        other = await ledger.post(
            TransactionKind.RECHARGE,
            legs,
            actor_user_id=None,
            idempotency_key="same",
            idempotency_scope="org:9",
        )
    assert not other.replayed
    found = await ledger.find_posting("same")
    assert found is not None and found.id == first.id


async def test_concurrent_duplicates_move_once(db: None) -> None:
    src, funds, _ = await _accounts()
    legs = [Leg(src.id, D("-1")), Leg(funds.id, D("1"))]
    got = await asyncio.gather(*(_post(TransactionKind.RECHARGE, legs, "dup") for _ in range(20)))
    assert len({p.id for p in got}) == 1 and sum(not p.replayed for p in got) == 1
    assert await ledger.balance(OwnerType.ORG, 1, AccountPurpose.PARTNER_FUNDS) == D("1.00")


async def test_entries_are_immutable(db: None) -> None:
    src, funds, _ = await _accounts()
    await _post(TransactionKind.RECHARGE, [Leg(src.id, D("-5")), Leg(funds.id, D("5"))], "r")
    entry = await LedgerEntry.first()
    assert entry is not None
    entry.amount = D("6")
    with pytest.raises(PermissionError):
        await entry.save()
    with pytest.raises(PermissionError):
        await entry.delete()
    txn = await LedgerTransaction.first()
    assert txn is not None
    with pytest.raises(PermissionError):
        await txn.delete()


async def test_verify_reports_each_discrepancy(db: None) -> None:
    src, funds, cust = await _accounts()
    await _post(TransactionKind.RECHARGE, [Leg(src.id, D("-5")), Leg(funds.id, D("5"))], "r")
    assert await ledger.verify_ledger() == []
    conn = connections.get("default")
    # tamper behind the service's back: a stored balance, an unbalanced/half transaction, a floor
    await LedgerAccount.filter(id=funds.id).update(balance=D("7"))
    await LedgerAccount.filter(id=cust.id).update(balance=D("-1"))
    txn = await LedgerTransaction.create(
        kind=TransactionKind.RECHARGE,
        created_at=(await LedgerTransaction.first()).created_at,  # type: ignore[union-attr]
        idempotency_scope="t",
        idempotency_key="half",
        fingerprint="",
    )
    await conn.execute_script(
        "INSERT INTO ledger_entry "
        "(transaction_id, account_id, kind, amount, currency, balance_after, created_at) "
        f"SELECT {txn.id}, {src.id}, 'RECHARGE', -300, 'CNY', -700, created_at FROM ledger_transaction "
        f"WHERE id = {txn.id}"
    )
    kinds = {d.kind for d in await ledger.verify_ledger()}
    assert {
        DiscrepancyKind.BALANCE_MISMATCH,
        DiscrepancyKind.BELOW_FLOOR,
        DiscrepancyKind.UNBALANCED_TRANSACTION,
        DiscrepancyKind.HALF_TRANSACTION,
        DiscrepancyKind.BALANCE_AFTER_MISMATCH,
    } <= kinds


async def test_ledger_verify_command(database_url: str, db: None) -> None:
    src, funds, _ = await _accounts()
    await _post(TransactionKind.RECHARGE, [Leg(src.id, D("-5")), Leg(funds.id, D("5"))], "r")
    code, out = await _verify_command(database_url)
    assert code == 0, out
    assert "0 discrepancies" in out
    await LedgerAccount.filter(id=funds.id).update(balance=D("6"))
    code, out = await _verify_command(database_url)
    assert code == 1 and "BALANCE_MISMATCH" in out


async def _verify_command(database_url: str) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "partnercenter",
        "ledger-verify",
        env={"DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 60)
    return int(proc.returncode or 0), out.decode()
