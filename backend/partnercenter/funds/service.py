"""Funds rules: partner account figures, disbursement 拨款 and recovery 回收 (single and batch),
vendor recharges and credit lines, account change records 收支明细 and adjust records 调账记录.

Every movement is a ledger posting (ledger.service.post); this module decides who may move what
and translates the ledger's refusals into typed errors. The accounts:

- partner account balance 账户余额 = its PARTNER_FUNDS account: recharges and credit flow in,
  disbursements flow out; it may not go below 0, so it is also the disbursable amount 可拨款.
- recharge balance 充值账户余额 = what the vendor recharged (minus the RECHARGE_SOURCE account),
  plus, for a secondary reseller, the net it received from its distributor.
- credit balance 信用账户余额 = the credit line (minus the CREDIT_SOURCE account).
- disbursed amount 已拨款 = recharge + credit − account balance (everything that left, net of
  recoveries), so that 账户余额 = 充值 + 信用 − 已拨款 holds by construction.
- a customer's unspent balance = its CUSTOMER_BALANCE account (recover at most that).

Idempotency: every money mutation takes a key; the ledger keeps it unique per user, so a retry
returns the first result (`replayed=True`) and moves nothing, also when both run at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from partnercenter.access import policy
from partnercenter.accounts.enums import OrgKind
from partnercenter.accounts.models import Organization
from partnercenter.audit.service import record_action
from partnercenter.core import clock
from partnercenter.core.connection import EMPTY_PAGE, Page, PageArgs, SortKey, fetch_page, utc
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.errors import DomainError, ErrorCode
from partnercenter.customers import service as customers
from partnercenter.customers.models import Customer
from partnercenter.customers.permissions import CUSTOMER
from partnercenter.funds import totp
from partnercenter.funds.enums import AdjustmentOperation, AdjustmentTarget
from partnercenter.funds.models import FundsAdjustment, FundsCreditLineChange, FundsSettings
from partnercenter.funds.permissions import (
    FUNDS_ACCOUNT,
    FUNDS_ACCOUNT_ENTRY,
    FUNDS_ADJUSTMENT,
    can_grant_funds,
    can_move_funds,
    funds_customer_denial,
    funds_reseller_denial,
)
from partnercenter.ledger import service as ledger
from partnercenter.ledger.enums import AccountPurpose, OwnerType, TransactionKind
from partnercenter.ledger.models import LedgerAccount, LedgerEntry

__all__ = [
    "ADJUSTMENT_SORT",
    "BATCH_MAX",
    "ENTRY_SORT",
    "AdjustmentQuery",
    "EntryQuery",
    "FundsOverview",
    "MoveResult",
    "accounts_overview",
    "adjustments_by_ids",
    "batch_move",
    "customer_balances",
    "entries_by_ids",
    "list_adjustments",
    "list_entries",
    "list_funds_customers",
    "monthly_movements",
    "move",
    "partner_funds_account",
    "recharge",
    "reseller_balances",
    "set_credit_line",
    "validate_amount",
]

CURRENCY = "CNY"
MAX_AMOUNT = Decimal("1000000000000")  # 1e12: far below BIGINT cents
BATCH_MAX = 200
MEMO_MAX = 200

ADJUSTMENT_COLUMNS = [
    "id",
    "partner_id",
    "operation",
    "target",
    "customer_id",
    "reseller_id",
    "amount",
    "currency",
    "actor_user_id",
    "transaction_id",
    "memo",
    "created_at",
]
ADJUSTMENT_JOINED = ["reseller__name"]
ADJUSTMENT_KINDS = {"created_at": "datetime", "amount": "money"}
ADJUSTMENT_SORT = SortKey("CREATED_AT_DESC", "created_at", "datetime", True)

ENTRY_COLUMNS = [
    "id",
    "transaction_id",
    "account_id",
    "kind",
    "amount",
    "currency",
    "balance_after",
    "created_at",
]
ENTRY_JOINED = ["transaction__memo", "transaction__reference_type", "transaction__reference_pk"]
ENTRY_KINDS = {"created_at": "datetime", "amount": "money", "balance_after": "money"}
ENTRY_SORT = SortKey("CREATED_AT_DESC", "created_at", "datetime", True)


# --- amounts -----------------------------------------------------------------------------------


def validate_amount(
    amount: Decimal | None, fld: str = "amount", *, allow_zero: bool = False
) -> list[DomainError]:
    if amount is None:
        return [DomainError(ErrorCode.BLANK, "Enter an amount.", fld)]
    if not amount.is_finite():
        return [DomainError(ErrorCode.NOT_A_NUMBER, "The amount must be a number.", fld)]
    if amount < 0 and allow_zero:
        return [DomainError(ErrorCode.NEGATIVE, "The amount must be 0 or more.", fld)]
    if amount <= 0 and not allow_zero:
        return [DomainError(ErrorCode.NOT_POSITIVE, "The amount must be greater than 0.", fld)]
    if amount > MAX_AMOUNT:
        return [DomainError(ErrorCode.TOO_LARGE, f"The amount is at most {MAX_AMOUNT}.", fld)]
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(ledger.CENT):  # type: ignore[operator]
        return [DomainError(ErrorCode.TOO_MANY_DECIMALS, "Use at most two decimals.", fld)]
    return []


def _currency_errors(currency: str, fld: str = "amount") -> list[DomainError]:
    if currency != CURRENCY:
        return [DomainError(ErrorCode.UNSUPPORTED_CURRENCY, "Only CNY is supported.", fld)]
    return []


# --- account figures ---------------------------------------------------------------------------


async def partner_funds_account(org_id: int) -> LedgerAccount:
    return await ledger.account(OwnerType.ORG, org_id, AccountPurpose.PARTNER_FUNDS, CURRENCY)


@dataclass(slots=True)
class FundsOverview:
    org_id: int
    recharge_balance: Decimal
    credit_balance: Decimal
    disbursed_amount: Decimal
    account_balance: Decimal
    require_second_factor: bool = False

    @property
    def disbursable_amount(self) -> Decimal:
        return max(self.account_balance, Decimal("0.00"))


async def accounts_overview(org_ids: Sequence[int]) -> dict[int, FundsOverview]:
    """The figures of several partners in three statements (balances, reseller receipts, settings)."""
    ids = sorted(set(org_ids))
    if not ids:
        return {}
    purposes = [AccountPurpose.PARTNER_FUNDS, AccountPurpose.RECHARGE_SOURCE, AccountPurpose.CREDIT_SOURCE]
    rows = await LedgerAccount.filter(
        owner_type=OwnerType.ORG, owner_id__in=ids, purpose__in=purposes, currency=CURRENCY
    ).values_list("id", "owner_id", "purpose", "balance")
    bal: dict[tuple[int, str], Decimal] = {}
    funds_account: dict[int, int] = {}
    for acc_id, owner, purpose, balance in rows:
        bal[(int(owner), str(purpose))] = balance
        if purpose == AccountPurpose.PARTNER_FUNDS:
            funds_account[int(acc_id)] = int(owner)
    received: dict[int, Decimal] = {}
    if funds_account:
        # What a secondary reseller received from (net of what its distributor recovered).
        id_list = ", ".join(str(int(a)) for a in funds_account)
        _, rows2 = await connections.get("default").execute_query(
            "SELECT e.account_id AS account_id, SUM(e.amount) AS total FROM ledger_entry e "
            "JOIN ledger_account a ON a.id = e.account_id JOIN organization o ON o.id = a.owner_id "
            f"WHERE e.account_id IN ({id_list}) AND o.distributor_id IS NOT NULL "
            "AND e.kind IN ('RESELLER_DISBURSE', 'RESELLER_RECOVER') GROUP BY e.account_id"
        )
        for r in rows2:
            received[funds_account[int(r["account_id"])]] = Decimal(int(r["total"] or 0)).scaleb(-2)
    second_factor = set(
        await FundsSettings.filter(org_id__in=ids, require_second_factor=True).values_list(
            "org_id", flat=True
        )
    )
    zero = Decimal("0.00")
    out = {}
    for oid in ids:
        funds = bal.get((oid, AccountPurpose.PARTNER_FUNDS), zero)
        recharge = -bal.get((oid, AccountPurpose.RECHARGE_SOURCE), zero) + received.get(oid, zero)
        credit = -bal.get((oid, AccountPurpose.CREDIT_SOURCE), zero)
        out[oid] = FundsOverview(
            org_id=oid,
            recharge_balance=recharge + zero,
            credit_balance=credit + zero,
            disbursed_amount=recharge + credit - funds + zero,
            account_balance=funds + zero,
            require_second_factor=oid in second_factor,
        )
    return out


def _placeholder(i: int) -> str:
    is_pg = str(connections.get("default").capabilities.dialect) == "postgres"
    return f"${i}" if is_pg else "?"


async def monthly_movements(org_id: int, months: int = 12) -> list[tuple[str, Decimal, Decimal]]:
    return (await monthly_movements_many([org_id], months))[org_id]


async def monthly_movements_many(
    org_ids: Sequence[int], months: int = 12
) -> dict[int, list[tuple[str, Decimal, Decimal]]]:
    """Per partner: (YYYY-MM, inflow, outflow) of its account for the last `months` months, oldest
    first, every month present (zeros where nothing moved). One statement for all partners."""
    now = clock.now()
    first = datetime(now.year, now.month, 1, tzinfo=now.tzinfo)
    keys = []
    y, m = first.year, first.month
    for _ in range(months):
        keys.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    keys.reverse()
    ids = sorted({int(o) for o in org_ids})
    if not ids:
        return {}
    start = datetime(int(keys[0][:4]), int(keys[0][5:]), 1, tzinfo=now.tzinfo)
    conn = connections.get("default")
    is_pg = str(conn.capabilities.dialect) == "postgres"
    month_expr = (
        "to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM')" if is_pg else "substr(e.created_at, 1, 7)"
    )
    sql = (
        f"SELECT a.owner_id AS org_id, {month_expr} AS month, "
        "SUM(CASE WHEN e.amount > 0 THEN e.amount ELSE 0 END) AS inflow, "
        "SUM(CASE WHEN e.amount < 0 THEN -e.amount ELSE 0 END) AS outflow "
        "FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id "
        f"WHERE a.owner_type = 'ORG' AND a.owner_id IN ({', '.join(map(str, ids))}) "
        f"AND a.purpose = 'PARTNER_FUNDS' AND e.created_at >= {_placeholder(1)} GROUP BY 1, 2"
    )
    start_param: Any = start if is_pg else start.isoformat(" ")
    _, rows = await conn.execute_query(sql, [start_param])
    found = {
        (int(r["org_id"]), str(r["month"])): (int(r["inflow"] or 0), int(r["outflow"] or 0)) for r in rows
    }
    zero = (0, 0)
    return {
        o: [
            (
                k,
                Decimal(found.get((o, k), zero)[0]).scaleb(-2),
                Decimal(found.get((o, k), zero)[1]).scaleb(-2),
            )
            for k in keys
        ]
        for o in ids
    }


async def customer_balances(customer_ids: Sequence[int]) -> dict[int, Decimal]:
    return await ledger.balances(OwnerType.CUSTOMER, customer_ids, AccountPurpose.CUSTOMER_BALANCE, CURRENCY)


async def reseller_balances(viewer: Viewer) -> list[tuple[Organization, Decimal]]:
    """The viewer's secondary resellers with their account balance (what can be recovered)."""
    if not can_move_funds(viewer) and policy.row_scope(viewer, FUNDS_ACCOUNT).value == "NONE":
        return []
    resellers = await Organization.filter(distributor_id=viewer.org_id).order_by("id")
    balances = await ledger.balances(
        OwnerType.ORG, [r.id for r in resellers], AccountPurpose.PARTNER_FUNDS, CURRENCY
    )
    return [(r, balances[r.id]) for r in resellers]


# --- moving money ------------------------------------------------------------------------------


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
) -> _Target | DomainError:
    if (customer_id is None) == (reseller_id is None):
        return DomainError(ErrorCode.INVALID, "Give either a customer or a reseller.", fld)
    if customer_id is not None:
        found = await customers.customers_by_ids(viewer, [customer_id])
        denial = funds_customer_denial(viewer, found.get(customer_id))
        if denial is ErrorCode.NOT_RESALE_CUSTOMER:
            return DomainError(denial, "Only resale (代售) customers receive or return disbursements.", fld)
        if denial is not None:
            return DomainError(denial, "This customer is not one of yours.", fld)
        return _Target(
            AdjustmentTarget.CUSTOMER, customer_id, OwnerType.CUSTOMER, AccountPurpose.CUSTOMER_BALANCE
        )
    assert reseller_id is not None
    org = await Organization.filter(id=reseller_id).values("id", "distributor_id")
    denial = funds_reseller_denial(viewer, org[0] if org else None)
    if denial is not None:
        return DomainError(denial, "This reseller is not one of your secondary resellers.", "resellerId")
    return _Target(AdjustmentTarget.RESELLER, reseller_id, OwnerType.ORG, AccountPurpose.PARTNER_FUNDS)


def _same_operation(adj: FundsAdjustment, op: AdjustmentOperation, target: _Target, amount: Decimal) -> bool:
    target_pk = adj.customer_id if adj.target == AdjustmentTarget.CUSTOMER else adj.reseller_id
    return (
        adj.operation == op and adj.target == target.kind and target_pk == target.pk and adj.amount == amount
    )


async def _replayed_result(viewer: Viewer, posting: ledger.Posting) -> MoveResult | None:
    adj = await FundsAdjustment.get_or_none(transaction_id=posting.id, partner_id=viewer.org_id)
    if adj is None:
        return None
    partner = await partner_funds_account(viewer.org_id)
    target_balance = (
        await customer_balances([adj.customer_id])
        if adj.customer_id is not None
        else await ledger.balances(OwnerType.ORG, [adj.reseller_id or 0], AccountPurpose.PARTNER_FUNDS)
    )
    return MoveResult(adj, True, Decimal(partner.balance), next(iter(target_balance.values())))


class _Refused(Exception):
    def __init__(self, error: DomainError) -> None:
        self.error = error


async def _move_once(
    viewer: Viewer,
    op: AdjustmentOperation,
    target: _Target,
    amount: Decimal,
    key: str,
    memo: str,
    fld: str,
) -> MoveResult | DomainError:
    partner_acc = await partner_funds_account(viewer.org_id)
    target_acc = await ledger.account(target.owner_type, target.pk, target.purpose, CURRENCY)
    if op is AdjustmentOperation.DISBURSE:
        kind = (
            TransactionKind.CUSTOMER_DISBURSE
            if target.kind is AdjustmentTarget.CUSTOMER
            else TransactionKind.RESELLER_DISBURSE
        )
        legs = [ledger.Leg(partner_acc.id, -amount), ledger.Leg(target_acc.id, amount)]
    else:
        kind = (
            TransactionKind.CUSTOMER_RECOVER
            if target.kind is AdjustmentTarget.CUSTOMER
            else TransactionKind.RESELLER_RECOVER
        )
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
                currency=CURRENCY,
                actor_user_id=viewer.user_id,
                memo=memo,
                created_at=clock.now(),
            )
            try:
                posting = await ledger.post(
                    kind,
                    legs,
                    actor_user_id=viewer.user_id,
                    idempotency_key=key,
                    reference_type="FundsAdjustment",
                    reference_pk=adj.id,
                    memo=memo,
                )
            except ledger.InsufficientFunds as exc:
                if exc.account_id == partner_acc.id:
                    raise _Refused(
                        DomainError(
                            ErrorCode.INSUFFICIENT_DISBURSABLE,
                            f"The disbursable amount is {exc.balance:.2f}.",
                            fld,
                        )
                    ) from exc
                raise _Refused(
                    DomainError(
                        ErrorCode.INSUFFICIENT_BALANCE, f"The unspent balance is {exc.balance:.2f}.", fld
                    )
                ) from exc
            except ledger.IdempotencyKeyReused as exc:
                raise _Refused(
                    DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, "This key was used for another operation.")
                ) from exc
            if posting.replayed:
                raise ledger.Replayed(posting)
            adj.transaction_id = posting.id
            await FundsAdjustment.filter(id=adj.id).update(transaction_id=posting.id)
            return MoveResult(
                adj, False, posting.balance_after(partner_acc.id), posting.balance_after(target_acc.id)
            )
    except _Refused as refused:
        return refused.error
    except ledger.Replayed as replay:
        first = await _replayed_result(viewer, replay.posting)
        if first is None or not _same_operation(first.adjustment, op, target, amount):
            return DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, "This key was used for another operation.")
        return first


async def _replay_if_done(
    viewer: Viewer, key: str, op: AdjustmentOperation, target: _Target | None, amount: Decimal
) -> MoveResult | DomainError | None:
    posting = await ledger.find_posting(key, actor_user_id=viewer.user_id)
    if posting is None:
        return None
    first = await _replayed_result(viewer, posting)
    if first is None or target is None or not _same_operation(first.adjustment, op, target, amount):
        return DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, "This key was used for another operation.")
    return first


def _key_errors(key: str) -> list[DomainError]:
    if not key or not key.strip():
        return [DomainError(ErrorCode.BLANK, "An idempotency key is required.", "idempotencyKey")]
    if len(key) > 100:
        return [
            DomainError(
                ErrorCode.TOO_LONG, "The idempotency key is at most 100 characters.", "idempotencyKey"
            )
        ]
    return []


def _memo_errors(memo: str) -> list[DomainError]:
    if len(memo) > MEMO_MAX:
        return [DomainError(ErrorCode.TOO_LONG, f"The memo is at most {MEMO_MAX} characters.", "memo")]
    return []


async def move(
    viewer: Viewer,
    op: AdjustmentOperation,
    *,
    customer_id: int | None,
    reseller_id: int | None,
    amount: Decimal | None,
    currency: str = CURRENCY,
    idempotency_key: str,
    memo: str = "",
    totp_code: str | None = None,
) -> MoveResult | list[DomainError]:
    """Disburse to / recover from one resale customer or secondary reseller."""
    if not can_move_funds(viewer):
        return [DomainError(ErrorCode.FORBIDDEN, "Only the partner admin or finance moves funds.")]
    errors = (
        _key_errors(idempotency_key)
        + validate_amount(amount)
        + _currency_errors(currency)
        + _memo_errors(memo)
    )
    if errors:
        return errors
    assert amount is not None
    fld = "customerId" if customer_id is not None else "resellerId"
    target = await _resolve_target(viewer, customer_id, reseller_id, fld)
    if isinstance(target, DomainError):
        return [target]
    done = await _replay_if_done(viewer, idempotency_key, op, target, amount)
    if done is not None:  # a retry: the first result, no second factor asked again
        return [done] if isinstance(done, DomainError) else done
    errors = await totp.require_second_factor(viewer, totp_code)
    if errors:
        return errors
    result = await _move_once(viewer, op, target, amount, idempotency_key, memo, "amount")
    return [result] if isinstance(result, DomainError) else result


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


async def batch_move(
    viewer: Viewer,
    op: AdjustmentOperation,
    items: Sequence[BatchItem],
    *,
    idempotency_key: str,
    memo: str = "",
    totp_code: str | None = None,
    on_done: Callable[[BatchItemResult], None] | None = None,
) -> list[BatchItemResult] | list[DomainError]:
    """Many customers at once: each customer is its own transaction (atomic per customer), with
    its own result; a retry with the same key replays the customers already done and does the rest."""
    if not can_move_funds(viewer):
        return [DomainError(ErrorCode.FORBIDDEN, "Only the partner admin or finance moves funds.")]
    errors = _key_errors(idempotency_key) + _memo_errors(memo)
    if not items:
        errors.append(DomainError(ErrorCode.BLANK, "Add at least one customer.", "items"))
    elif len(items) > BATCH_MAX:
        errors.append(DomainError(ErrorCode.LIMIT, f"At most {BATCH_MAX} customers at once.", "items"))
    if errors:
        return errors
    results = [BatchItemResult(it.customer_id) for it in items]
    seen: set[int] = set()
    todo: list[tuple[BatchItemResult, _Target, Decimal, str]] = []
    for i, (it, res) in enumerate(zip(items, results, strict=True)):
        fld = f"items.{i}"
        res.errors = validate_amount(it.amount, f"{fld}.amount")
        if res.errors:
            continue
        if it.customer_id in seen:
            res.errors = [
                DomainError(ErrorCode.INVALID, "This customer is already in the batch.", f"{fld}.customerId")
            ]
            continue
        if it.customer_id is not None:
            seen.add(it.customer_id)
        target = await _resolve_target(viewer, it.customer_id, None, f"{fld}.customerId")
        if isinstance(target, DomainError):
            res.errors = [target]
            continue
        assert it.amount is not None
        key = _item_key(idempotency_key, it.customer_id)
        done = await _replay_if_done(viewer, key, op, target, it.amount)
        if isinstance(done, DomainError):
            res.errors = [done]
        elif done is not None:
            res.result = done
        else:
            todo.append((res, target, it.amount, key))
    if todo:
        errors = await totp.require_second_factor(viewer, totp_code)
        if errors:
            return errors
    for res, target, amount, key in todo:
        outcome = await _move_once(viewer, op, target, amount, key, memo, "amount")
        if isinstance(outcome, DomainError):
            res.errors = [outcome]
        else:
            res.result = outcome
        if on_done is not None:  # after the customer's transaction committed (progress, tests)
            on_done(res)
    return results


# --- vendor finance ----------------------------------------------------------------------------


@dataclass(slots=True)
class GrantResult:
    org_id: int
    replayed: bool


async def _partner(org_id: int | None) -> Organization | DomainError:
    org = await Organization.get_or_none(id=org_id or 0)
    if org is None:
        return DomainError(ErrorCode.NOT_FOUND, "No such partner.", "partnerId")
    if org.kind != OrgKind.PARTNER:
        return DomainError(ErrorCode.NOT_A_PARTNER, "Only partners hold funds accounts.", "partnerId")
    return org


async def recharge(
    ctx: RequestContext,
    partner_id: int | None,
    amount: Decimal | None,
    *,
    currency: str = CURRENCY,
    idempotency_key: str,
    memo: str = "",
) -> GrantResult | list[DomainError]:
    """Vendor finance recharges a partner's account 充值 (audited)."""
    viewer = policy.require_viewer(ctx.viewer)
    if not can_grant_funds(viewer):
        return [DomainError(ErrorCode.FORBIDDEN, "Only vendor finance recharges partners.")]
    errors = (
        _key_errors(idempotency_key)
        + validate_amount(amount)
        + _currency_errors(currency)
        + _memo_errors(memo)
    )
    if errors:
        return errors
    assert amount is not None
    org = await _partner(partner_id)
    if isinstance(org, DomainError):
        return [org]
    source = await ledger.account(OwnerType.ORG, org.id, AccountPurpose.RECHARGE_SOURCE, CURRENCY)
    funds = await partner_funds_account(org.id)
    try:
        async with in_transaction():
            posting = await ledger.post(
                TransactionKind.RECHARGE,
                [ledger.Leg(source.id, -amount), ledger.Leg(funds.id, amount)],
                actor_user_id=viewer.user_id,
                idempotency_key=idempotency_key,
                reference_type="Organization",
                reference_pk=org.id,
                memo=memo,
            )
            if not posting.replayed:
                await record_action(
                    ctx,
                    "FUNDS_RECHARGE",
                    detail={
                        "partner_id": org.id,
                        "amount": f"{amount:.2f}",
                        "currency": CURRENCY,
                        "transaction_id": posting.id,
                    },
                    record_ids=[f"Organization:{org.id}"],
                )
    except ledger.IdempotencyKeyReused:
        return [DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, "This key was used for another operation.")]
    return GrantResult(org.id, posting.replayed)


async def set_credit_line(
    ctx: RequestContext,
    partner_id: int | None,
    credit_line: Decimal | None,
    *,
    currency: str = CURRENCY,
    idempotency_key: str,
    memo: str = "",
) -> GrantResult | list[DomainError]:
    """Vendor finance sets a partner's credit line 信用额度 (audited). Cutting it below what the
    partner has already used (its account balance would go below 0) is refused: CREDIT_IN_USE."""
    viewer = policy.require_viewer(ctx.viewer)
    if not can_grant_funds(viewer):
        return [DomainError(ErrorCode.FORBIDDEN, "Only vendor finance sets credit lines.")]
    errors = (
        _key_errors(idempotency_key)
        + validate_amount(credit_line, "creditLine", allow_zero=True)
        + _currency_errors(currency, "creditLine")
        + _memo_errors(memo)
    )
    if errors:
        return errors
    assert credit_line is not None
    org = await _partner(partner_id)
    if isinstance(org, DomainError):
        return [org]
    source = await ledger.account(OwnerType.ORG, org.id, AccountPurpose.CREDIT_SOURCE, CURRENCY)
    funds = await partner_funds_account(org.id)

    async def replay() -> GrantResult | list[DomainError]:
        first = await FundsCreditLineChange.get(actor_user_id=viewer.user_id, idempotency_key=idempotency_key)
        if first.partner_id != org.id or first.new_line != credit_line:
            return [DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, "This key was used for another operation.")]
        return GrantResult(org.id, True)

    if await FundsCreditLineChange.exists(actor_user_id=viewer.user_id, idempotency_key=idempotency_key):
        return await replay()
    try:
        async with in_transaction():
            locked = await ledger.lock_accounts([source.id, funds.id])
            current = -Decimal(locked[source.id].balance)
            delta = credit_line - current
            change = await FundsCreditLineChange.create(
                partner_id=org.id,
                previous_line=current,
                new_line=credit_line,
                currency=CURRENCY,
                actor_user_id=viewer.user_id,
                idempotency_key=idempotency_key,
                created_at=clock.now(),
            )
            transaction_id = None
            if delta != 0:
                posting = await ledger.post(
                    TransactionKind.CREDIT_LINE,
                    [ledger.Leg(source.id, -delta), ledger.Leg(funds.id, delta)],
                    actor_user_id=viewer.user_id,
                    idempotency_key=f"credit-line:{change.id}",
                    reference_type="FundsCreditLineChange",
                    reference_pk=change.id,
                    memo=memo or f"credit line {current:.2f} -> {credit_line:.2f}",
                )
                transaction_id = posting.id
                await FundsCreditLineChange.filter(id=change.id).update(transaction_id=posting.id)
            await record_action(
                ctx,
                "FUNDS_CREDIT_LINE",
                detail={
                    "partner_id": org.id,
                    "from": f"{current:.2f}",
                    "to": f"{credit_line:.2f}",
                    "currency": CURRENCY,
                    "transaction_id": transaction_id,
                },
                record_ids=[f"Organization:{org.id}"],
            )
    except ledger.InsufficientFunds as exc:
        used = credit_line - exc.balance - exc.change
        return [
            DomainError(
                ErrorCode.CREDIT_IN_USE,
                f"The partner has already used {max(used, Decimal(0)):.2f} beyond its recharges.",
                "creditLine",
            )
        ]
    except IntegrityError:  # the same key at the same time: the other one won
        return await replay()
    return GrantResult(org.id, False)


# --- records -----------------------------------------------------------------------------------


@dataclass(slots=True)
class AdjustmentQuery:
    customer_ids: list[int] | None = None
    reseller_ids: list[int] | None = None
    operations: list[AdjustmentOperation] | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    transaction_id: int | None = None
    has_transaction_filter: bool = False


def _scoped_adjustments(viewer: Viewer) -> Any:
    q = policy.scope_q(viewer, FUNDS_ADJUSTMENT)
    return None if q is None else FundsAdjustment.filter(q)


def _apply_adjustments(qs: Any, f: AdjustmentQuery) -> Any:
    if f.customer_ids is not None:
        qs = qs.filter(customer_id__in=f.customer_ids or [0])
    if f.reseller_ids is not None:
        qs = qs.filter(reseller_id__in=f.reseller_ids or [0])
    if f.operations:
        qs = qs.filter(operation__in=[o.value for o in f.operations])
    if f.created_from:
        qs = qs.filter(created_at__gte=utc(f.created_from))
    if f.created_to:
        qs = qs.filter(created_at__lte=utc(f.created_to))
    if f.has_transaction_filter:
        qs = qs.filter(transaction_id=f.transaction_id or 0)
    return qs


async def list_adjustments(viewer: Viewer, f: AdjustmentQuery, page: PageArgs) -> tuple[Page, Any]:
    page.validate()
    qs = _scoped_adjustments(viewer)
    if qs is None:
        return EMPTY_PAGE, _zero
    qs = _apply_adjustments(qs, f)
    result = await fetch_page(
        qs, ADJUSTMENT_SORT, page, ADJUSTMENT_COLUMNS + ADJUSTMENT_JOINED, ADJUSTMENT_KINDS
    )
    return result, qs.count


async def all_adjustments(viewer: Viewer, f: AdjustmentQuery, limit: int) -> list[dict[str, Any]]:
    qs = _scoped_adjustments(viewer)
    if qs is None:
        return []
    qs = _apply_adjustments(qs, f)
    return list(
        await qs.order_by("-created_at", "-id").limit(limit).values(*ADJUSTMENT_COLUMNS, *ADJUSTMENT_JOINED)
    )


async def adjustment_rows(adjustments: Sequence[FundsAdjustment]) -> list[dict[str, Any]]:
    """Rows (as the lists select them) of adjustments just made or replayed by the viewer: no
    re-read, one query for reseller names only when a reseller is involved."""
    reseller_ids = {a.reseller_id for a in adjustments if a.reseller_id is not None}
    names = (
        dict(await Organization.filter(id__in=list(reseller_ids)).values_list("id", "name"))
        if reseller_ids
        else {}
    )
    rows = []
    for a in adjustments:
        row = {c: getattr(a, c) for c in ADJUSTMENT_COLUMNS}
        row["reseller__name"] = names.get(a.reseller_id) if a.reseller_id is not None else None
        rows.append(row)
    return rows


async def adjustments_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, dict[str, Any]]:
    qs = _scoped_adjustments(viewer)
    if qs is None or not ids:
        return {}
    rows = await qs.filter(id__in=ids).values(*ADJUSTMENT_COLUMNS, *ADJUSTMENT_JOINED)
    return {r["id"]: r for r in rows}


@dataclass(slots=True)
class EntryQuery:
    partner_id: int | None = None  # vendor finance picks a partner; partners see their own
    kinds: list[TransactionKind] | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    transaction_id: int | None = None
    has_transaction_filter: bool = False


def _scoped_entries(viewer: Viewer, partner_id: int | None) -> Any:
    """Entries of partner accounts (PARTNER_FUNDS) in the viewer's scope, as LedgerEntry rows with
    the owner as `partner_id` (the policy's column)."""
    q = policy.scope_q(viewer, FUNDS_ACCOUNT_ENTRY)
    if q is None:
        return None
    org = partner_id if partner_id is not None else viewer.org_id
    if not policy.in_scope(viewer, FUNDS_ACCOUNT_ENTRY, {"partner_id": org}):
        return None
    return LedgerEntry.filter(
        account__owner_type=OwnerType.ORG,
        account__owner_id=org,
        account__purpose=AccountPurpose.PARTNER_FUNDS,
    )


def _apply_entries(qs: Any, f: EntryQuery) -> Any:
    if f.kinds:
        qs = qs.filter(kind__in=[k.value for k in f.kinds])
    if f.created_from:
        qs = qs.filter(created_at__gte=utc(f.created_from))
    if f.created_to:
        qs = qs.filter(created_at__lte=utc(f.created_to))
    if f.has_transaction_filter:
        qs = qs.filter(transaction_id=f.transaction_id or 0)
    return qs


async def list_entries(viewer: Viewer, f: EntryQuery, page: PageArgs) -> tuple[Page, Any]:
    page.validate()
    qs = _scoped_entries(viewer, f.partner_id)
    if qs is None:
        return EMPTY_PAGE, _zero
    qs = _apply_entries(qs, f)
    result = await fetch_page(qs, ENTRY_SORT, page, ENTRY_COLUMNS + ENTRY_JOINED, ENTRY_KINDS)
    return result, qs.count


async def all_entries(viewer: Viewer, f: EntryQuery, limit: int) -> list[dict[str, Any]]:
    qs = _scoped_entries(viewer, f.partner_id)
    if qs is None:
        return []
    qs = _apply_entries(qs, f)
    return list(await qs.order_by("-created_at", "-id").limit(limit).values(*ENTRY_COLUMNS, *ENTRY_JOINED))


async def entries_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Node loader: an entry of a partner account in the viewer's scope."""
    q = policy.scope_q(viewer, FUNDS_ACCOUNT_ENTRY)
    if q is None or not ids:
        return {}
    rows = await LedgerEntry.filter(
        id__in=ids, account__owner_type=OwnerType.ORG, account__purpose=AccountPurpose.PARTNER_FUNDS
    ).values(*ENTRY_COLUMNS, *ENTRY_JOINED, "account__owner_id")
    out = {}
    for r in rows:
        r["partner_id"] = r["account__owner_id"]
        if policy.in_scope(viewer, FUNDS_ACCOUNT_ENTRY, r):
            out[r["id"]] = r
    return out


# --- customers and partners with balances ------------------------------------------------------

FUNDS_CUSTOMER_SORT = SortKey("ASSOCIATED_AT_DESC", "associated_at", "datetime", True)


async def list_funds_customers(
    viewer: Viewer, page: PageArgs, resale_only: bool = False, name: str | None = None
) -> tuple[Page, Any, dict[int, Decimal]]:
    """The viewer's own customers (through the Customer scope), with their unspent balances."""
    page.validate()
    q = policy.scope_q(viewer, CUSTOMER)
    if q is None or not can_move_funds(viewer):
        return EMPTY_PAGE, _zero, {}
    qs = Customer.filter(q).filter(partner_id=viewer.org_id)
    if resale_only:
        qs = qs.filter(association_type="RESALE")
    if name:
        policy.check_filter_allowed(viewer, CUSTOMER, policy.MaskedField.NAME)
        qs = qs.filter(name__icontains=name.strip())
    result = await fetch_page(
        qs, FUNDS_CUSTOMER_SORT, page, customers.CUSTOMER_COLUMNS, customers.CUSTOMER_KINDS
    )
    balances = await customer_balances([r["id"] for r in result.rows]) if result.rows else {}
    return result, qs.count, balances


async def list_partner_accounts(viewer: Viewer, page: PageArgs, name: str | None = None) -> tuple[Page, Any]:
    """Partners whose funds account the viewer sees (vendor finance: every partner)."""
    page.validate()
    q = policy.scope_q(viewer, FUNDS_ACCOUNT)
    if q is None:
        return EMPTY_PAGE, _zero
    # FUNDS_ACCOUNT rows are organisations: partner_id is the organisation's own id.
    scope = policy.row_scope(viewer, FUNDS_ACCOUNT)
    qs = Organization.filter(kind=OrgKind.PARTNER)
    if scope.value == "ORG":
        qs = qs.filter(id=viewer.org_id)
    elif scope.value == "PARTNER_TREE":
        qs = qs.filter(id__in=[viewer.org_id, *viewer.reseller_org_ids])
    if name:
        qs = qs.filter(name__icontains=name.strip())
    sort = SortKey("ID_ASC", "id", "int", False)
    result = await fetch_page(qs, sort, page, ["id", "name", "distributor_id"], {})
    return result, qs.count


def account_in_scope(viewer: Viewer, org_id: int) -> bool:
    return policy.in_scope(viewer, FUNDS_ACCOUNT, {"partner_id": org_id})


async def _zero() -> int:
    return 0
