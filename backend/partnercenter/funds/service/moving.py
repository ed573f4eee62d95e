"""Disbursement 拨款 and recovery 回收: one customer or secondary reseller (`move`), or many
customers each in its own transaction (`batch_move`). Idempotent per key (see the package)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from tortoise.transactions import in_transaction

from partnercenter.accounts import totp
from partnercenter.accounts.models import Organization
from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, DomainErrors, ErrorCode, check, refuse
from partnercenter.core.money import amount_errors, currency_errors, normalize
from partnercenter.core.money import currency as default_currency
from partnercenter.customers import service as customers
from partnercenter.funds.enums import AdjustmentOperation, AdjustmentTarget
from partnercenter.funds.models import FundsAdjustment
from partnercenter.funds.permissions import can_move_funds, funds_customer_denial, funds_reseller_denial
from partnercenter.funds.service.common import (
    BATCH_MAX,
    key_errors,
    key_reused,
    memo_errors,
    partner_funds_account,
)
from partnercenter.funds.service.figures import customer_balances
from partnercenter.ledger import service as ledger
from partnercenter.ledger.enums import AccountPurpose, OwnerType, TransactionKind

__all__ = ["BatchItem", "BatchItemResult", "MoveResult", "batch_move", "move"]

_KINDS = {
    (AdjustmentOperation.DISBURSE, AdjustmentTarget.CUSTOMER): TransactionKind.CUSTOMER_DISBURSE,
    (AdjustmentOperation.DISBURSE, AdjustmentTarget.RESELLER): TransactionKind.RESELLER_DISBURSE,
    (AdjustmentOperation.RECOVER, AdjustmentTarget.CUSTOMER): TransactionKind.CUSTOMER_RECOVER,
    (AdjustmentOperation.RECOVER, AdjustmentTarget.RESELLER): TransactionKind.RESELLER_RECOVER,
}


@dataclass(slots=True)
class MoveResult:
    adjustment: FundsAdjustment
    replayed: bool
    partner_balance: Decimal
    target_balance: Decimal


@dataclass(slots=True)
class _Target:
    kind: AdjustmentTarget
    pk: int
    owner_type: OwnerType
    purpose: AccountPurpose


async def _resolve_target(
    viewer: Viewer, customer_id: int | None, reseller_id: int | None, fld: str
) -> _Target:
    if (customer_id is None) == (reseller_id is None):
        refuse(ErrorCode.INVALID, "Give either a customer or a reseller.", fld)
    if customer_id is not None:
        found = await customers.customers_by_ids(viewer, [customer_id])
        denial = funds_customer_denial(viewer, found.get(customer_id))
        if denial is ErrorCode.NOT_RESALE_CUSTOMER:
            refuse(denial, "Only resale (代售) customers receive or return disbursements.", fld)
        if denial is not None:
            refuse(denial, "This customer is not one of yours.", fld)
        return _Target(
            AdjustmentTarget.CUSTOMER, customer_id, OwnerType.CUSTOMER, AccountPurpose.CUSTOMER_BALANCE
        )
    assert reseller_id is not None
    org = await Organization.filter(id=reseller_id).values("id", "distributor_id")
    denial = funds_reseller_denial(viewer, org[0] if org else None)
    if denial is not None:
        refuse(denial, "This reseller is not one of your secondary resellers.", "resellerId")
    return _Target(AdjustmentTarget.RESELLER, reseller_id, OwnerType.ORG, AccountPurpose.PARTNER_FUNDS)


def _same_operation(adj: FundsAdjustment, op: AdjustmentOperation, target: _Target, amount: Decimal) -> bool:
    target_pk = adj.customer_id if adj.target == AdjustmentTarget.CUSTOMER else adj.reseller_id
    return (
        adj.operation == op and adj.target == target.kind and target_pk == target.pk and adj.amount == amount
    )


async def _first_result(
    viewer: Viewer, posting: ledger.Posting, op: AdjustmentOperation, target: _Target, amount: Decimal
) -> MoveResult:
    """The answer of a replayed key: the first result, or IDEMPOTENCY_KEY_REUSED."""
    adj = await FundsAdjustment.get_or_none(transaction_id=posting.id, partner_id=viewer.org_id)
    if adj is None or not _same_operation(adj, op, target, amount):
        raise DomainErrors([key_reused()])
    partner = await partner_funds_account(viewer.org_id)
    target_balance = (
        await customer_balances([adj.customer_id])
        if adj.customer_id is not None
        else await ledger.balances(OwnerType.ORG, [adj.reseller_id or 0], AccountPurpose.PARTNER_FUNDS)
    )
    return MoveResult(adj, True, Decimal(partner.balance), next(iter(target_balance.values())))


async def _move_once(
    viewer: Viewer, op: AdjustmentOperation, target: _Target, amount: Decimal, key: str, memo: str
) -> MoveResult:
    partner_acc = await partner_funds_account(viewer.org_id)
    target_acc = await ledger.account(target.owner_type, target.pk, target.purpose)
    if op is AdjustmentOperation.DISBURSE:
        legs = [ledger.Leg(partner_acc.id, -amount), ledger.Leg(target_acc.id, amount)]
    else:
        legs = [ledger.Leg(target_acc.id, -amount), ledger.Leg(partner_acc.id, amount)]
    try:
        async with in_transaction():
            adj = await FundsAdjustment.create(
                partner_id=viewer.org_id,
                operation=op,
                target=target.kind,
                customer_id=target.pk if target.kind is AdjustmentTarget.CUSTOMER else None,
                reseller_id=target.pk if target.kind is AdjustmentTarget.RESELLER else None,
                amount=amount,
                currency=default_currency(),
                actor_user_id=viewer.user_id,
                memo=memo,
                created_at=clock.now(),
            )
            try:
                posting = await ledger.post(
                    _KINDS[(op, target.kind)],
                    legs,
                    actor_user_id=viewer.user_id,
                    idempotency_key=key,
                    reference_type="FundsAdjustment",
                    reference_pk=adj.id,
                    memo=memo,
                )
            except ledger.InsufficientFunds as exc:
                if exc.account_id == partner_acc.id:
                    refuse(
                        ErrorCode.INSUFFICIENT_DISBURSABLE,
                        f"The disbursable amount is {exc.balance:.2f}.",
                        "amount",
                    )
                refuse(ErrorCode.INSUFFICIENT_BALANCE, f"The unspent balance is {exc.balance:.2f}.", "amount")
            except ledger.IdempotencyKeyReused as exc:
                raise DomainErrors([key_reused()]) from exc
            if posting.replayed:
                raise ledger.Replayed(posting)
            adj.transaction_id = posting.id
            await FundsAdjustment.filter(id=adj.id).update(transaction_id=posting.id)
            return MoveResult(
                adj, False, posting.balance_after(partner_acc.id), posting.balance_after(target_acc.id)
            )
    except ledger.Replayed as replay:
        return await _first_result(viewer, replay.posting, op, target, amount)


async def _replay_if_done(
    viewer: Viewer, key: str, op: AdjustmentOperation, target: _Target, amount: Decimal
) -> MoveResult | None:
    posting = await ledger.find_posting(key, actor_user_id=viewer.user_id)
    return None if posting is None else await _first_result(viewer, posting, op, target, amount)


def _require_mover(viewer: Viewer) -> None:
    if not can_move_funds(viewer):
        refuse(ErrorCode.FORBIDDEN, "Only the partner admin or finance moves funds.")


async def _require_second_factor(viewer: Viewer, code: str | None) -> None:
    check(await totp.require_second_factor(viewer, code))


async def move(
    viewer: Viewer,
    op: AdjustmentOperation,
    *,
    customer_id: int | None,
    reseller_id: int | None,
    amount: Decimal | None,
    currency: str | None = None,
    idempotency_key: str,
    memo: str = "",
    totp_code: str | None = None,
) -> MoveResult:
    """Disburse to / recover from one resale customer or secondary reseller (raises DomainErrors)."""
    _require_mover(viewer)
    check(
        key_errors(idempotency_key)
        + amount_errors(amount)
        + currency_errors(currency or default_currency())
        + memo_errors(memo)
    )
    assert amount is not None
    amount = normalize(amount)
    fld = "customerId" if customer_id is not None else "resellerId"
    target = await _resolve_target(viewer, customer_id, reseller_id, fld)
    done = await _replay_if_done(viewer, idempotency_key, op, target, amount)
    if done is not None:  # a retry: the first result, no second factor asked again
        return done
    await _require_second_factor(viewer, totp_code)
    return await _move_once(viewer, op, target, amount, idempotency_key, memo)


@dataclass(slots=True)
class BatchItem:
    customer_id: int | None
    amount: Decimal | None


@dataclass(slots=True)
class BatchItemResult:
    customer_id: int | None
    result: MoveResult | None = None
    errors: list[DomainError] = field(default_factory=list)


def _item_key(key: str, customer_id: int | None) -> str:
    return f"{key}:c{customer_id}"


async def _prepare_item(
    viewer: Viewer, op: AdjustmentOperation, it: BatchItem, fld: str, key: str, seen: set[int]
) -> tuple[_Target, Decimal] | MoveResult:
    """Check one item: its target and amount to move, or the first result of a retry."""
    check(amount_errors(it.amount, f"{fld}.amount"))
    assert it.amount is not None
    if it.customer_id in seen:
        refuse(ErrorCode.INVALID, "This customer is already in the batch.", f"{fld}.customerId")
    if it.customer_id is not None:
        seen.add(it.customer_id)
    target = await _resolve_target(viewer, it.customer_id, None, f"{fld}.customerId")
    amount = normalize(it.amount)
    done = await _replay_if_done(viewer, _item_key(key, it.customer_id), op, target, amount)
    return done if done is not None else (target, amount)


async def batch_move(
    viewer: Viewer,
    op: AdjustmentOperation,
    items: Sequence[BatchItem],
    *,
    idempotency_key: str,
    memo: str = "",
    totp_code: str | None = None,
    on_done: Callable[[BatchItemResult], None] | None = None,
) -> list[BatchItemResult]:
    """Many customers at once: each customer is its own transaction (atomic per customer), with
    its own result; a retry with the same key replays the customers already done and does the rest.
    Errors of the whole batch raise DomainErrors; an item's errors are in its result."""
    _require_mover(viewer)
    errors = key_errors(idempotency_key) + memo_errors(memo)
    if not items:
        errors.append(DomainError(ErrorCode.BLANK, "Add at least one customer.", "items"))
    elif len(items) > BATCH_MAX:
        errors.append(DomainError(ErrorCode.LIMIT, f"At most {BATCH_MAX} customers at once.", "items"))
    check(errors)
    results = [BatchItemResult(it.customer_id) for it in items]
    seen: set[int] = set()
    todo: list[tuple[BatchItemResult, _Target, Decimal, str]] = []
    for i, (it, res) in enumerate(zip(items, results, strict=True)):
        try:
            prepared = await _prepare_item(viewer, op, it, f"items.{i}", idempotency_key, seen)
        except DomainErrors as exc:
            res.errors = exc.errors
            continue
        if isinstance(prepared, MoveResult):
            res.result = prepared
        else:
            todo.append((res, *prepared, _item_key(idempotency_key, it.customer_id)))
    if todo:
        await _require_second_factor(viewer, totp_code)
    for res, target, amount, key in todo:
        try:
            res.result = await _move_once(viewer, op, target, amount, key, memo)
        except DomainErrors as exc:
            res.errors = exc.errors
        if on_done is not None:  # after the customer's transaction committed (progress, tests)
            on_done(res)
    return results
