"""Funds queries and mutations: thin resolvers over funds.service (the second factor's fields are
in graphql/totp.py over accounts.totp; inputs in graphql/inputs.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.core.connection import PageArgs
from partnercenter.core.context import RequestContext
from partnercenter.core.export import ExportFile
from partnercenter.core.ids import pk_of, to_global_id
from partnercenter.core.money import currency
from partnercenter.core.mutations import attempt, user_errors
from partnercenter.core.types import Connection, Money, MoneyInput, UserError, connection_from_page
from partnercenter.customers.graphql.types import customer_from_row
from partnercenter.funds import service
from partnercenter.funds.enums import AdjustmentOperation
from partnercenter.funds.graphql.inputs import (
    FundsAccountEntriesExportInput,
    FundsAccountEntryFilter,
    FundsAdjustmentFilter,
    FundsAdjustmentsExportInput,
    FundsBatchMoveInput,
    FundsCreditLineSetInput,
    FundsMoveInput,
    FundsRechargeInput,
    FundsSettingsUpdateInput,
    adjustment_query,
    entry_query,
    pk,
)
from partnercenter.funds.graphql.totp import TotpMutations, TotpQueries
from partnercenter.funds.graphql.types import (
    FundsAccountEntryType,
    FundsAccountType,
    FundsAdjustmentType,
    FundsCustomer,
    FundsReseller,
    _money,
    adjustment_from_row,
    entry_from_row,
    load_accounts,
)
from partnercenter.funds.permissions import FUNDS_ACCOUNT, FUNDS_ACCOUNT_ENTRY, FUNDS_ADJUSTMENT

Ctx = Info[RequestContext, Any]


@strawberry.type
class _FundsQueryFields:
    @strawberry.field(
        description="A partner's funds account: your own (no partnerId), or any partner's for vendor finance."
    )
    async def funds_account(
        self, info: Ctx, partner_id: strawberry.ID | None = None
    ) -> FundsAccountType | None:
        viewer = policy.require_read(info.context.viewer, FUNDS_ACCOUNT)
        org = viewer.org_id if partner_id is None else (pk_of(partner_id, "FundsAccount") or 0)
        return (await load_accounts(viewer, [org])).get(org)

    @strawberry.field(
        description="Funds accounts in your scope (vendor finance: every partner); keyset paginated."
    )
    async def funds_partner_accounts(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        name: str | None = None,
    ) -> Connection[FundsAccountType]:
        viewer = policy.require_read(info.context.viewer, FUNDS_ACCOUNT)
        page, count = await service.list_partner_accounts(viewer, PageArgs(first, after, last, before), name)
        accounts = await load_accounts(viewer, [r["id"] for r in page.rows])
        return connection_from_page(page, count, lambda r: accounts[r["id"]])

    @strawberry.field(description="Account change records 收支明细 of a partner account, newest first.")
    async def funds_account_entries(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        partner_id: strawberry.ID | None = None,
        filter: FundsAccountEntryFilter | None = None,
    ) -> Connection[FundsAccountEntryType]:
        viewer = policy.require_read(info.context.viewer, FUNDS_ACCOUNT_ENTRY)
        page, count = await service.list_entries(
            viewer, entry_query(partner_id, filter), PageArgs(first, after, last, before)
        )
        return connection_from_page(page, count, entry_from_row)

    @strawberry.field(description="Adjust records 调账记录 (disbursements and recoveries), newest first.")
    async def funds_adjustments(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: FundsAdjustmentFilter | None = None,
    ) -> Connection[FundsAdjustmentType]:
        viewer = policy.require_read(info.context.viewer, FUNDS_ADJUSTMENT)
        page, count = await service.list_adjustments(
            viewer, adjustment_query(filter), PageArgs(first, after, last, before)
        )
        return connection_from_page(page, count, adjustment_from_row)

    @strawberry.field(
        description="Your own customers with their unspent balances (partner admin and finance)."
    )
    async def funds_customers(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        resale_only: bool = False,
        name: str | None = None,
    ) -> Connection[FundsCustomer]:
        viewer = policy.require_viewer(info.context.viewer)
        page, count, balances = await service.list_funds_customers(
            viewer, PageArgs(first, after, last, before), resale_only, name
        )
        return connection_from_page(
            page,
            count,
            lambda r: FundsCustomer(
                id=strawberry.ID(to_global_id("Customer", r["id"])),
                customer=customer_from_row(viewer, r),
                balance=_money(balances.get(r["id"], Decimal("0.00"))),
            ),
        )

    @strawberry.field(description="Your secondary resellers with their account balances (a distributor).")
    async def funds_resellers(self, info: Ctx) -> list[FundsReseller]:
        viewer = policy.require_viewer(info.context.viewer)
        return [
            FundsReseller(
                id=strawberry.ID(to_global_id("Organization", o.id)), name=o.name, balance=_money(b)
            )
            for o, b in await service.reseller_balances(viewer)
        ]


@strawberry.type
class FundsMovePayload:
    adjustment: FundsAdjustmentType | None
    target_balance: Money | None = strawberry.field(
        default=None, description="The customer's or reseller's balance after."
    )
    replayed: bool = strawberry.field(default=False, description="True when this key was already done.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)
    done: strawberry.Private[bool] = False

    @strawberry.field(description="Your funds account after the operation (loaded only when asked for).")
    async def account(self, info: Ctx) -> FundsAccountType | None:
        return await _own_account(info) if self.done else None


@strawberry.type(description="What happened for one customer of a batch.")
class FundsBatchItemResult:
    customer_id: strawberry.ID
    adjustment: FundsAdjustmentType | None
    replayed: bool
    user_errors: list[UserError]


@strawberry.type
class FundsBatchMovePayload:
    results: list[FundsBatchItemResult]
    user_errors: list[UserError]
    done: strawberry.Private[bool] = False

    @strawberry.field(description="Your funds account after the batch (loaded only when asked for).")
    async def account(self, info: Ctx) -> FundsAccountType | None:
        return await _own_account(info) if self.done else None


@strawberry.type
class FundsGrantPayload:
    account: FundsAccountType | None
    replayed: bool
    user_errors: list[UserError]


@strawberry.type
class FundsSettingsUpdatePayload:
    account: FundsAccountType | None
    user_errors: list[UserError]


@strawberry.type
class FundsExportPayload:
    file: ExportFile | None
    user_errors: list[UserError]


async def _own_account(info: Ctx) -> FundsAccountType | None:
    viewer = policy.require_viewer(info.context.viewer)
    return (await load_accounts(viewer, [viewer.org_id])).get(viewer.org_id)


async def _move(info: Ctx, op: AdjustmentOperation, input: FundsMoveInput) -> FundsMovePayload:
    viewer = policy.require_viewer(info.context.viewer)
    result, errors = await attempt(
        service.move(
            viewer,
            op,
            customer_id=pk(input.customer_id, "Customer"),
            reseller_id=pk(input.reseller_id, "Organization"),
            amount=input.amount.amount,
            currency=input.amount.currency,
            idempotency_key=input.idempotency_key,
            memo=input.memo,
            totp_code=input.totp_code,
        )
    )
    if result is None:
        return FundsMovePayload(adjustment=None, user_errors=errors)
    rows = await service.adjustment_rows([result.adjustment])
    return FundsMovePayload(
        adjustment=adjustment_from_row(rows[0]),
        target_balance=_money(result.target_balance),
        replayed=result.replayed,
        user_errors=[],
        done=True,
    )


async def _grant(
    info: Ctx,
    grant: Callable[..., Awaitable[service.GrantResult]],
    partner_id: strawberry.ID,
    amount: MoneyInput,
    input: FundsRechargeInput | FundsCreditLineSetInput,
) -> FundsGrantPayload:
    """A recharge or a credit line change, and the partner's account after it."""
    result, errors = await attempt(
        grant(
            info.context,
            pk_of(partner_id, "FundsAccount") or pk_of(partner_id, "Organization"),
            amount.amount,
            currency=amount.currency,
            idempotency_key=input.idempotency_key,
            memo=input.memo,
        )
    )
    if result is None:
        return FundsGrantPayload(account=None, replayed=False, user_errors=errors)
    viewer = policy.require_viewer(info.context.viewer)
    account = (await load_accounts(viewer, [result.org_id])).get(result.org_id)
    return FundsGrantPayload(account=account, replayed=result.replayed, user_errors=[])


@strawberry.type
class _MoneyMutations:
    @strawberry.mutation(description="Disburse 拨款 to a resale customer or a secondary reseller.")
    async def funds_disburse(self, info: Ctx, input: FundsMoveInput) -> FundsMovePayload:
        return await _move(info, AdjustmentOperation.DISBURSE, input)

    @strawberry.mutation(
        description="Recover 回收 unspent balance from a resale customer or a secondary reseller."
    )
    async def funds_recover(self, info: Ctx, input: FundsMoveInput) -> FundsMovePayload:
        return await _move(info, AdjustmentOperation.RECOVER, input)

    @strawberry.mutation(description="Disburse to or recover from many customers; a result per customer.")
    async def funds_batch_move(self, info: Ctx, input: FundsBatchMoveInput) -> FundsBatchMovePayload:
        viewer = policy.require_viewer(info.context.viewer)
        items = [
            # an item in another currency reads as no amount (BLANK), as it always has
            service.BatchItem(
                pk(i.customer_id, "Customer"), i.amount.amount if i.amount.currency == currency() else None
            )
            for i in input.items
        ]
        result, errors = await attempt(
            service.batch_move(
                viewer,
                AdjustmentOperation(str(input.operation)),
                items,
                idempotency_key=input.idempotency_key,
                memo=input.memo,
                totp_code=input.totp_code,
            )
        )
        if result is None:
            return FundsBatchMovePayload(results=[], user_errors=errors)
        made = [r.result.adjustment for r in result if r.result is not None]
        rows = {row["id"]: row for row in await service.adjustment_rows(made)}
        out = []
        for given, r in zip(input.items, result, strict=True):
            adj = rows.get(r.result.adjustment.id) if r.result is not None else None
            out.append(
                FundsBatchItemResult(
                    customer_id=given.customer_id,
                    adjustment=adjustment_from_row(adj) if adj else None,
                    replayed=bool(r.result and r.result.replayed),
                    user_errors=user_errors(r.errors),
                )
            )
        return FundsBatchMovePayload(results=out, user_errors=[], done=True)

    @strawberry.mutation(description="Vendor finance recharges a partner 充值 (audited).")
    async def funds_recharge(self, info: Ctx, input: FundsRechargeInput) -> FundsGrantPayload:
        return await _grant(info, service.recharge, input.partner_id, input.amount, input)

    @strawberry.mutation(description="Vendor finance sets a partner's credit line 信用额度 (audited).")
    async def funds_credit_line_set(self, info: Ctx, input: FundsCreditLineSetInput) -> FundsGrantPayload:
        return await _grant(info, service.set_credit_line, input.partner_id, input.credit_line, input)

    @strawberry.mutation(description="Partner admin: whether money operations need a second factor.")
    async def funds_settings_update(
        self, info: Ctx, input: FundsSettingsUpdateInput
    ) -> FundsSettingsUpdatePayload:
        _, errors = await attempt(
            service.update_settings(info.context, input.require_second_factor, input.totp_code)
        )
        if errors:
            return FundsSettingsUpdatePayload(account=None, user_errors=errors)
        return FundsSettingsUpdatePayload(account=await _own_account(info), user_errors=[])


@strawberry.type
class _ExportMutations:
    @strawberry.mutation(
        description="Account change records 收支明细 as xlsx (same scope and filters; audited)."
    )
    async def funds_account_entries_export(
        self, info: Ctx, input: FundsAccountEntriesExportInput
    ) -> FundsExportPayload:
        file, errors = await attempt(
            service.export_entries(
                info.context, entry_query(input.partner_id, input.filter), input.language.value
            )
        )
        return FundsExportPayload(file=file, user_errors=errors)

    @strawberry.mutation(
        description="Adjust records 调账记录 as xlsx (same scope, filters and masking; audited)."
    )
    async def funds_adjustments_export(
        self, info: Ctx, input: FundsAdjustmentsExportInput
    ) -> FundsExportPayload:
        file, errors = await attempt(
            service.export_adjustments(info.context, adjustment_query(input.filter), input.language.value)
        )
        return FundsExportPayload(file=file, user_errors=errors)


# Composed so that the fields keep their order in schema.graphql (the bases in order).
@strawberry.type
class FundsQueries(_FundsQueryFields, TotpQueries):
    pass


@strawberry.type
class FundsMutations(_MoneyMutations, TotpMutations, _ExportMutations):
    pass
