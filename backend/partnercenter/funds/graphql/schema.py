"""Funds queries and mutations: thin resolvers over funds.service, funds.totp and the ledger."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.audit.service import record_action
from partnercenter.core.connection import PageArgs
from partnercenter.core.context import RequestContext
from partnercenter.core.errors import DomainError, ErrorCode
from partnercenter.core.export import EXPORT_MAX_ROWS, ExportFile, build_xlsx, export_file
from partnercenter.core.ids import pk_of, to_global_id
from partnercenter.core.types import (
    Connection,
    DateTimeRange,
    Money,
    MoneyInput,
    UserError,
    connection_from_page,
)
from partnercenter.customers import service as customers
from partnercenter.customers.graphql.types import customer_from_row
from partnercenter.funds import service, totp
from partnercenter.funds.enums import AdjustmentOperation
from partnercenter.funds.graphql.types import (
    AdjustmentOperationEnum,
    FundsAccountEntryType,
    FundsAccountType,
    FundsAdjustmentType,
    FundsCustomer,
    FundsReseller,
    TransactionKindEnum,
    _money,
    adjustment_from_row,
    entry_from_row,
    load_accounts,
)
from partnercenter.funds.permissions import (
    FUNDS_ACCOUNT,
    FUNDS_ACCOUNT_ENTRY,
    FUNDS_ADJUSTMENT,
    can_move_funds,
)

Ctx = Info[RequestContext, Any]


def _errors(errs: list[DomainError]) -> list[UserError]:
    return [UserError.of(e) for e in errs]


def _pk(gid: strawberry.ID | None, type_name: str) -> int | None:
    return None if gid is None else (pk_of(gid, type_name) or 0)


def _transaction_number(value: str | None) -> tuple[bool, int | None]:
    if value is None or not value.strip():
        return False, None
    text = value.strip()
    return True, int(text) if text.isdigit() and len(text) < 10 else 0


# --- queries -----------------------------------------------------------------------------------


@strawberry.input(description="Filters of account change records 收支明细 (combine with AND).")
class FundsAccountEntryFilter:
    kinds: list[TransactionKindEnum] | None = None  # type: ignore[valid-type]
    created_at: DateTimeRange | None = None
    transaction_id: str | None = strawberry.field(default=None, description="A ledger transaction number.")


@strawberry.input(description="Filters of adjust records 调账记录 (combine with AND).")
class FundsAdjustmentFilter:
    customer_ids: list[strawberry.ID] | None = None
    reseller_ids: list[strawberry.ID] | None = None
    operations: list[AdjustmentOperationEnum] | None = None  # type: ignore[valid-type]
    created_at: DateTimeRange | None = None
    transaction_id: str | None = strawberry.field(default=None, description="A ledger transaction number.")


def _entry_query(partner_id: strawberry.ID | None, f: FundsAccountEntryFilter | None) -> service.EntryQuery:
    has_txn, txn = _transaction_number(f.transaction_id if f else None)
    return service.EntryQuery(
        partner_id=_pk(partner_id, "FundsAccount"),
        kinds=f.kinds if f else None,
        created_from=f.created_at.from_ if f and f.created_at else None,
        created_to=f.created_at.to if f and f.created_at else None,
        transaction_id=txn,
        has_transaction_filter=has_txn,
    )


def _pks(ids: list[strawberry.ID] | None, type_name: str) -> list[int] | None:
    return None if ids is None else [p for g in ids if (p := pk_of(g, type_name))]


def _adjustment_query(f: FundsAdjustmentFilter | None) -> service.AdjustmentQuery:
    if f is None:
        return service.AdjustmentQuery()
    has_txn, txn = _transaction_number(f.transaction_id)
    return service.AdjustmentQuery(
        customer_ids=_pks(f.customer_ids, "Customer"),
        reseller_ids=_pks(f.reseller_ids, "Organization"),
        operations=[AdjustmentOperation(str(o)) for o in f.operations] if f.operations else None,
        created_from=f.created_at.from_ if f.created_at else None,
        created_to=f.created_at.to if f.created_at else None,
        transaction_id=txn,
        has_transaction_filter=has_txn,
    )


def _require_funds_reader(info: Ctx, resource: str) -> Any:
    viewer = policy.require_read(info.context.viewer, resource)
    return viewer


@strawberry.type(description="Whether the viewer has a second factor and whether their partner requires it.")
class TotpStatus:
    enrolled: bool
    required: bool


@strawberry.type
class FundsQueries:
    @strawberry.field(
        description="A partner's funds account: your own (no partnerId), or any partner's for vendor finance."
    )
    async def funds_account(
        self, info: Ctx, partner_id: strawberry.ID | None = None
    ) -> FundsAccountType | None:
        viewer = _require_funds_reader(info, FUNDS_ACCOUNT)
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
        viewer = _require_funds_reader(info, FUNDS_ACCOUNT)
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
        viewer = _require_funds_reader(info, FUNDS_ACCOUNT_ENTRY)
        page, count = await service.list_entries(
            viewer, _entry_query(partner_id, filter), PageArgs(first, after, last, before)
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
        viewer = _require_funds_reader(info, FUNDS_ADJUSTMENT)
        page, count = await service.list_adjustments(
            viewer, _adjustment_query(filter), PageArgs(first, after, last, before)
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
                balance=_money(balances.get(r["id"], service.Decimal("0.00"))),
            ),
        )

    @strawberry.field(description="Your secondary resellers with their account balances (a distributor).")
    async def funds_resellers(self, info: Ctx) -> list[FundsReseller]:
        viewer = policy.require_viewer(info.context.viewer)
        if not can_move_funds(viewer):
            return []
        return [
            FundsReseller(
                id=strawberry.ID(to_global_id("Organization", o.id)), name=o.name, balance=_money(b)
            )
            for o, b in await service.reseller_balances(viewer)
        ]

    @strawberry.field(description="The viewer's second-factor status.")
    async def totp_status(self, info: Ctx) -> TotpStatus:
        viewer = policy.require_viewer(info.context.viewer)
        return TotpStatus(
            enrolled=await totp.is_enrolled(viewer.user_id),
            required=await totp.second_factor_required(viewer.org_id) if not viewer.is_vendor else False,
        )


# --- mutations ---------------------------------------------------------------------------------


@strawberry.input(description="Disburse to or recover from one resale customer OR one secondary reseller.")
class FundsMoveInput:
    customer_id: strawberry.ID | None = None
    reseller_id: strawberry.ID | None = None
    amount: MoneyInput
    idempotency_key: str = strawberry.field(
        description="Unique per operation (e.g. a UUID made when the dialog opens); a retry with the same "
        "key returns the first result and moves nothing."
    )
    memo: str = ""
    totp_code: str | None = strawberry.field(default=None, description="Needed when the partner requires it.")


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


@strawberry.input
class FundsBatchItemInput:
    customer_id: strawberry.ID
    amount: MoneyInput


@strawberry.input(description="The same operation for many customers; each one is done (or not) on its own.")
class FundsBatchMoveInput:
    operation: AdjustmentOperationEnum  # type: ignore[valid-type]
    items: list[FundsBatchItemInput]
    idempotency_key: str
    memo: str = ""
    totp_code: str | None = None


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


@strawberry.input(description="Vendor finance: recharge a partner 充值.")
class FundsRechargeInput:
    partner_id: strawberry.ID
    amount: MoneyInput
    idempotency_key: str
    memo: str = ""


@strawberry.input(description="Vendor finance: set a partner's credit line 信用额度 (the new total).")
class FundsCreditLineSetInput:
    partner_id: strawberry.ID
    credit_line: MoneyInput
    idempotency_key: str
    memo: str = ""


@strawberry.type
class FundsGrantPayload:
    account: FundsAccountType | None
    replayed: bool
    user_errors: list[UserError]


@strawberry.input
class FundsSettingsUpdateInput:
    require_second_factor: bool


@strawberry.type
class FundsSettingsUpdatePayload:
    account: FundsAccountType | None
    user_errors: list[UserError]


@strawberry.input
class TotpEnrolStartInput:
    confirm_replace: bool = False


@strawberry.type(
    description="The secret is shown once: scan the otpauth URI, then confirm with a first code."
)
class TotpEnrolStartPayload:
    otpauth_uri: str | None
    secret: str | None
    user_errors: list[UserError]


@strawberry.input
class TotpCodeInput:
    code: str


@strawberry.type
class TotpStatusPayload:
    status: TotpStatus | None
    user_errors: list[UserError]


@strawberry.input
class FundsAccountEntriesExportInput:
    partner_id: strawberry.ID | None = None
    filter: FundsAccountEntryFilter | None = None


@strawberry.input
class FundsAdjustmentsExportInput:
    filter: FundsAdjustmentFilter | None = None


@strawberry.type
class FundsExportPayload:
    file: ExportFile | None
    user_errors: list[UserError]


async def _own_account(info: Ctx) -> FundsAccountType | None:
    viewer = policy.require_viewer(info.context.viewer)
    return (await load_accounts(viewer, [viewer.org_id])).get(viewer.org_id)


async def _move(info: Ctx, op: AdjustmentOperation, input: FundsMoveInput) -> FundsMovePayload:
    viewer = policy.require_viewer(info.context.viewer)
    result = await service.move(
        viewer,
        op,
        customer_id=_pk(input.customer_id, "Customer"),
        reseller_id=_pk(input.reseller_id, "Organization"),
        amount=input.amount.amount,
        currency=input.amount.currency,
        idempotency_key=input.idempotency_key,
        memo=input.memo,
        totp_code=input.totp_code,
    )
    if isinstance(result, list):
        return FundsMovePayload(adjustment=None, user_errors=_errors(result))
    rows = await service.adjustment_rows([result.adjustment])
    return FundsMovePayload(
        adjustment=adjustment_from_row(rows[0]),
        target_balance=_money(result.target_balance),
        replayed=result.replayed,
        user_errors=[],
        done=True,
    )


@strawberry.type
class FundsMutations:
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
        op = AdjustmentOperation(str(input.operation))
        items = [service.BatchItem(_pk(i.customer_id, "Customer"), i.amount.amount) for i in input.items]
        for i, it in enumerate(input.items):
            if it.amount.currency != service.CURRENCY:
                items[i].amount = None
        result = await service.batch_move(
            viewer,
            op,
            items,
            idempotency_key=input.idempotency_key,
            memo=input.memo,
            totp_code=input.totp_code,
        )
        if result and isinstance(result[0], DomainError):
            return FundsBatchMovePayload(results=[], user_errors=_errors(result))  # type: ignore[arg-type]
        made = [r.result.adjustment for r in result if r.result is not None]  # type: ignore[union-attr]
        rows = {row["id"]: row for row in await service.adjustment_rows(made)}
        out = []
        for given, r in zip(input.items, result, strict=True):
            assert isinstance(r, service.BatchItemResult)
            adj = rows.get(r.result.adjustment.id) if r.result is not None else None
            out.append(
                FundsBatchItemResult(
                    customer_id=given.customer_id,
                    adjustment=adjustment_from_row(adj) if adj else None,
                    replayed=bool(r.result and r.result.replayed),
                    user_errors=_errors(r.errors),
                )
            )
        return FundsBatchMovePayload(results=out, user_errors=[], done=True)

    @strawberry.mutation(description="Vendor finance recharges a partner 充值 (audited).")
    async def funds_recharge(self, info: Ctx, input: FundsRechargeInput) -> FundsGrantPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result = await service.recharge(
            info.context,
            pk_of(input.partner_id, "FundsAccount") or pk_of(input.partner_id, "Organization"),
            input.amount.amount,
            currency=input.amount.currency,
            idempotency_key=input.idempotency_key,
            memo=input.memo,
        )
        if isinstance(result, list):
            return FundsGrantPayload(account=None, replayed=False, user_errors=_errors(result))
        account = (await load_accounts(viewer, [result.org_id])).get(result.org_id)
        return FundsGrantPayload(account=account, replayed=result.replayed, user_errors=[])

    @strawberry.mutation(description="Vendor finance sets a partner's credit line 信用额度 (audited).")
    async def funds_credit_line_set(self, info: Ctx, input: FundsCreditLineSetInput) -> FundsGrantPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result = await service.set_credit_line(
            info.context,
            pk_of(input.partner_id, "FundsAccount") or pk_of(input.partner_id, "Organization"),
            input.credit_line.amount,
            currency=input.credit_line.currency,
            idempotency_key=input.idempotency_key,
            memo=input.memo,
        )
        if isinstance(result, list):
            return FundsGrantPayload(account=None, replayed=False, user_errors=_errors(result))
        account = (await load_accounts(viewer, [result.org_id])).get(result.org_id)
        return FundsGrantPayload(account=account, replayed=result.replayed, user_errors=[])

    @strawberry.mutation(description="Partner admin: whether money operations need a second factor.")
    async def funds_settings_update(
        self, info: Ctx, input: FundsSettingsUpdateInput
    ) -> FundsSettingsUpdatePayload:
        viewer = policy.require_viewer(info.context.viewer)
        errors = await totp.set_second_factor_required(viewer, input.require_second_factor)
        if errors:
            return FundsSettingsUpdatePayload(account=None, user_errors=_errors(errors))
        await record_action(
            info.context,
            "FUNDS_SECOND_FACTOR",
            detail={"required": input.require_second_factor},
            record_ids=[f"Organization:{viewer.org_id}"],
        )
        return FundsSettingsUpdatePayload(account=await _own_account(info), user_errors=[])

    @strawberry.mutation(description="Start TOTP enrolment: a new secret, shown once.")
    async def totp_enrol_start(
        self, info: Ctx, input: TotpEnrolStartInput | None = None
    ) -> TotpEnrolStartPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result = await totp.start_enrolment(viewer)
        if isinstance(result, list):
            return TotpEnrolStartPayload(otpauth_uri=None, secret=None, user_errors=_errors(result))
        return TotpEnrolStartPayload(otpauth_uri=result.otpauth_uri, secret=result.secret, user_errors=[])

    @strawberry.mutation(description="Confirm TOTP enrolment with a first code from the authenticator app.")
    async def totp_enrol_confirm(self, info: Ctx, input: TotpCodeInput) -> TotpStatusPayload:
        viewer = policy.require_viewer(info.context.viewer)
        errors = await totp.confirm_enrolment(viewer, input.code)
        if errors:
            return TotpStatusPayload(status=None, user_errors=_errors(errors))
        return TotpStatusPayload(
            status=TotpStatus(enrolled=True, required=await totp.second_factor_required(viewer.org_id)),
            user_errors=[],
        )

    @strawberry.mutation(description="Remove your second factor (needs a valid code).")
    async def totp_disable(self, info: Ctx, input: TotpCodeInput) -> TotpStatusPayload:
        viewer = policy.require_viewer(info.context.viewer)
        errors = await totp.disable(viewer, input.code)
        if errors:
            return TotpStatusPayload(status=None, user_errors=_errors(errors))
        return TotpStatusPayload(
            status=TotpStatus(enrolled=False, required=await totp.second_factor_required(viewer.org_id)),
            user_errors=[],
        )

    @strawberry.mutation(
        description="Account change records 收支明细 as xlsx (same scope and filters; audited)."
    )
    async def funds_account_entries_export(
        self, info: Ctx, input: FundsAccountEntriesExportInput
    ) -> FundsExportPayload:
        viewer = policy.require_read(info.context.viewer, FUNDS_ACCOUNT_ENTRY)
        rows = await service.all_entries(
            viewer, _entry_query(input.partner_id, input.filter), EXPORT_MAX_ROWS + 1
        )
        if len(rows) > EXPORT_MAX_ROWS:
            return FundsExportPayload(
                file=None,
                user_errors=[
                    UserError(
                        code=ErrorCode.LIMIT, field="filter", message="Too many rows: narrow the filter."
                    )
                ],
            )
        headers = ["time", "kind", "amount", "currency", "balance after", "transaction", "memo"]
        data = (
            [
                r["created_at"],
                r["kind"],
                r["amount"],
                r["currency"],
                r["balance_after"],
                str(r["transaction_id"]),
                r.get("transaction__memo") or "",
            ]
            for r in rows
        )
        content, count = build_xlsx("account changes", headers, data)
        await record_action(
            info.context,
            "EXPORT",
            detail={"list": "fundsAccountEntries", "rows": count},
            record_ids=[f"FundsAccount:{_pk(input.partner_id, 'FundsAccount') or viewer.org_id}"],
        )
        return FundsExportPayload(file=export_file("account-changes.xlsx", content, count), user_errors=[])

    @strawberry.mutation(
        description="Adjust records 调账记录 as xlsx (same scope, filters and masking; audited)."
    )
    async def funds_adjustments_export(
        self, info: Ctx, input: FundsAdjustmentsExportInput
    ) -> FundsExportPayload:
        viewer = policy.require_read(info.context.viewer, FUNDS_ADJUSTMENT)
        rows = await service.all_adjustments(viewer, _adjustment_query(input.filter), EXPORT_MAX_ROWS + 1)
        if len(rows) > EXPORT_MAX_ROWS:
            return FundsExportPayload(
                file=None,
                user_errors=[
                    UserError(
                        code=ErrorCode.LIMIT, field="filter", message="Too many rows: narrow the filter."
                    )
                ],
            )
        customer_ids = sorted({r["customer_id"] for r in rows if r["customer_id"] is not None})
        shown: dict[int, str] = {}
        for i in range(0, len(customer_ids), 500):
            found = await customers.customers_by_ids(viewer, customer_ids[i : i + 500])
            shown.update({k: customer_from_row(viewer, v).name for k, v in found.items()})
        headers = ["time", "operation", "customer", "reseller", "amount", "currency", "transaction", "memo"]
        data = (
            [
                r["created_at"],
                r["operation"],
                shown.get(r["customer_id"], "") if r["customer_id"] else "",
                r.get("reseller__name") or "",
                r["amount"],
                r["currency"],
                str(r["transaction_id"]) if r["transaction_id"] else "",
                r["memo"],
            ]
            for r in rows
        )
        content, count = build_xlsx("adjust records", headers, data)
        await record_action(
            info.context,
            "EXPORT",
            detail={"list": "fundsAdjustments", "rows": count},
            record_ids=[f"FundsAdjustment:{r['id']}" for r in rows[:1000]],
        )
        return FundsExportPayload(file=export_file("adjust-records.xlsx", content, count), user_errors=[])
