"""GraphQL types of funds: partner account figures, account change records 收支明细, adjust
records 调账记录, customers and resellers with their balances."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.accounts.graphql.types import OrganizationType, UserType, organization_loader, user_loader
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.ids import to_global_id
from partnercenter.core.loaders import by_id_loader
from partnercenter.core.money import currency
from partnercenter.core.node import register_node_type
from partnercenter.core.types import Money, Node
from partnercenter.customers.graphql.types import CustomerType, load_customer
from partnercenter.funds import service
from partnercenter.funds.enums import AdjustmentOperation, AdjustmentTarget
from partnercenter.ledger.enums import TransactionKind

AdjustmentOperationEnum = strawberry.enum(
    AdjustmentOperation, name="FundsAdjustmentOperation", description="DISBURSE 拨款 or RECOVER 回收."
)
AdjustmentTargetEnum = strawberry.enum(
    AdjustmentTarget, name="FundsAdjustmentTarget", description="A resale customer or a secondary reseller."
)
TransactionKindEnum = strawberry.enum(
    TransactionKind,
    name="LedgerTransactionKind",
    description="What kind of money movement a ledger transaction is.",
)


def _money(value: Decimal) -> Money:
    return Money.of(value, currency())


@strawberry.type(description="One month of movements on a partner account.")
class FundsMonth:
    month: str = strawberry.field(description="YYYY-MM (UTC).")
    inflow: Money
    outflow: Money


@strawberry.type(
    name="FundsAccount",
    description=(
        "A partner's funds 账户: account balance 账户余额 = recharge balance 充值账户余额 + credit balance "
        "信用账户余额 − disbursed amount 已拨款; the disbursable amount 可拨款 is what can be disbursed now."
    ),
)
class FundsAccountType(Node):
    id: strawberry.ID
    recharge_balance: Money
    credit_balance: Money
    disbursed_amount: Money
    account_balance: Money
    disbursable_amount: Money
    require_second_factor: bool = strawberry.field(
        description="Whether money operations of this partner need a second factor (TOTP)."
    )
    org_id: strawberry.Private[int]

    @strawberry.field(description="The partner.")
    async def partner(self, info: Info[RequestContext, Any]) -> OrganizationType | None:
        return await organization_loader(info.context).load(self.org_id)

    @strawberry.field(description="Inflow and outflow per month, oldest first (at most 24 months).")
    async def monthly_movements(self, info: Info[RequestContext, Any], months: int = 12) -> list[FundsMonth]:
        rows = await _movements_loader(info.context, max(1, min(months, 24))).load(self.org_id)
        return [FundsMonth(month=m, inflow=_money(i), outflow=_money(o)) for m, i, o in rows]


def _movements_loader(ctx: RequestContext, months: int) -> Any:
    """One statement for every account of a page (no N+1 in fundsPartnerAccounts)."""

    async def fetch(ids: list[int]) -> dict[int, Any]:
        return dict(await service.monthly_movements_many(ids, months))

    return by_id_loader(ctx, f"funds.movements.{months}", fetch)


def account_from_overview(o: service.FundsOverview) -> FundsAccountType:
    return FundsAccountType(
        id=strawberry.ID(to_global_id("FundsAccount", o.org_id)),
        recharge_balance=_money(o.recharge_balance),
        credit_balance=_money(o.credit_balance),
        disbursed_amount=_money(o.disbursed_amount),
        account_balance=_money(o.account_balance),
        disbursable_amount=_money(o.disbursable_amount),
        require_second_factor=o.require_second_factor,
        org_id=o.org_id,
    )


async def load_accounts(viewer: Viewer, org_ids: list[int]) -> dict[int, FundsAccountType]:
    overviews = await service.scoped_accounts_overview(viewer, org_ids)
    return {k: account_from_overview(v) for k, v in overviews.items()}


async def _load_accounts(ctx: RequestContext, ids: list[int]) -> dict[int, Any]:
    if ctx.viewer is None:
        return {}
    overviews = await service.partner_accounts_by_ids(ctx.viewer, ids)
    return {k: account_from_overview(v) for k, v in overviews.items()}


register_node_type("FundsAccount", _load_accounts)


@strawberry.type(name="FundsAccountEntry", description="An account change record 收支明细: one ledger entry.")
class FundsAccountEntryType(Node):
    id: strawberry.ID
    created_at: datetime
    kind: TransactionKindEnum  # type: ignore[valid-type]
    amount: Money = strawberry.field(description="Signed: positive is income, negative is expense.")
    balance_after: Money = strawberry.field(description="The account balance after this change.")
    transaction_id: str = strawberry.field(description="The ledger transaction number (交易流水号).")
    memo: str


def entry_from_row(row: dict[str, Any]) -> FundsAccountEntryType:
    return FundsAccountEntryType(
        id=strawberry.ID(to_global_id("FundsAccountEntry", row["id"])),
        created_at=row["created_at"],
        kind=TransactionKind(row["kind"]),
        amount=Money.of(row["amount"], row["currency"]),
        balance_after=Money.of(row["balance_after"], row["currency"]),
        transaction_id=str(row["transaction_id"]),
        memo=row.get("transaction__memo") or "",
    )


async def _load_entries(ctx: RequestContext, ids: list[int]) -> dict[int, Any]:
    if ctx.viewer is None:
        return {}
    rows = await service.entries_by_ids(ctx.viewer, ids)
    return {k: entry_from_row(r) for k, r in rows.items()}


register_node_type("FundsAccountEntry", _load_entries)


@strawberry.type(
    name="FundsAdjustment", description="An adjust record 调账记录: one disbursement or recovery."
)
class FundsAdjustmentType(Node):
    id: strawberry.ID
    created_at: datetime
    operation: AdjustmentOperationEnum  # type: ignore[valid-type]
    target: AdjustmentTargetEnum  # type: ignore[valid-type]
    amount: Money
    transaction_id: str | None = strawberry.field(description="The ledger transaction number.")
    memo: str
    reseller_name: str | None = strawberry.field(description="The secondary reseller (organisation name).")
    customer_id: strawberry.Private[int | None]
    reseller_id: strawberry.Private[int | None]
    actor_user_id: strawberry.Private[int | None]

    @strawberry.field(description="The customer (masked like everywhere); null for a reseller.")
    async def customer(self, info: Info[RequestContext, Any]) -> CustomerType | None:
        if self.customer_id is None:
            return None
        return await load_customer(info.context, self.customer_id)

    @strawberry.field(description="The secondary reseller; null for a customer.")
    async def reseller(self, info: Info[RequestContext, Any]) -> OrganizationType | None:
        if self.reseller_id is None:
            return None
        return await organization_loader(info.context).load(self.reseller_id)

    @strawberry.field(description="Who did it.")
    async def actor(self, info: Info[RequestContext, Any]) -> UserType | None:
        if self.actor_user_id is None:
            return None
        return await user_loader(info.context).load(self.actor_user_id)  # type: ignore[no-any-return]


def adjustment_from_row(row: dict[str, Any]) -> FundsAdjustmentType:
    return FundsAdjustmentType(
        id=strawberry.ID(to_global_id("FundsAdjustment", row["id"])),
        created_at=row["created_at"],
        operation=AdjustmentOperation(row["operation"]),
        target=AdjustmentTarget(row["target"]),
        amount=Money.of(row["amount"], row["currency"]),
        transaction_id=str(row["transaction_id"]) if row.get("transaction_id") is not None else None,
        memo=row.get("memo") or "",
        reseller_name=row.get("reseller__name"),
        customer_id=row.get("customer_id"),
        reseller_id=row.get("reseller_id"),
        actor_user_id=row.get("actor_user_id"),
    )


async def _load_adjustments(ctx: RequestContext, ids: list[int]) -> dict[int, Any]:
    if ctx.viewer is None:
        return {}
    rows = await service.adjustments_by_ids(ctx.viewer, ids)
    return {k: adjustment_from_row(r) for k, r in rows.items()}


register_node_type("FundsAdjustment", _load_adjustments)


@strawberry.type(description="One of your customers with its unspent balance (what can be recovered).")
class FundsCustomer:
    id: strawberry.ID = strawberry.field(description="The customer's ID.")
    customer: CustomerType
    balance: Money


@strawberry.type(description="One of your secondary resellers with its account balance.")
class FundsReseller:
    id: strawberry.ID = strawberry.field(description="The reseller organisation's ID.")
    name: str
    balance: Money
