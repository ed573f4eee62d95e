"""Funds GraphQL inputs: the record filters (and their conversion to service queries) and the
mutation inputs."""

from __future__ import annotations

import strawberry

from partnercenter.core.export import ExportLanguage
from partnercenter.core.ids import pk_of
from partnercenter.core.types import DateTimeRange, MoneyInput
from partnercenter.funds import service
from partnercenter.funds.enums import AdjustmentOperation
from partnercenter.funds.graphql.types import AdjustmentOperationEnum, TransactionKindEnum


def pk(gid: strawberry.ID | None, type_name: str) -> int | None:
    return None if gid is None else (pk_of(gid, type_name) or 0)


def _pks(ids: list[strawberry.ID] | None, type_name: str) -> list[int] | None:
    return None if ids is None else [p for g in ids if (p := pk_of(g, type_name))]


def _transaction_number(value: str | None) -> tuple[bool, int | None]:
    if value is None or not value.strip():
        return False, None
    text = value.strip()
    return True, int(text) if text.isdigit() and len(text) < 10 else 0


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


def entry_query(partner_id: strawberry.ID | None, f: FundsAccountEntryFilter | None) -> service.EntryQuery:
    has_txn, txn = _transaction_number(f.transaction_id if f else None)
    return service.EntryQuery(
        partner_id=pk(partner_id, "FundsAccount"),
        kinds=f.kinds if f else None,
        created_from=f.created_at.from_ if f and f.created_at else None,
        created_to=f.created_at.to if f and f.created_at else None,
        transaction_id=txn,
        has_transaction_filter=has_txn,
    )


def adjustment_query(f: FundsAdjustmentFilter | None) -> service.AdjustmentQuery:
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


@strawberry.input
class FundsSettingsUpdateInput:
    require_second_factor: bool
    totp_code: str | None = strawberry.field(
        default=None,
        description="Your current code: needed to turn the requirement off (and on, once enrolled).",
    )


@strawberry.input
class FundsAccountEntriesExportInput:
    partner_id: strawberry.ID | None = None
    filter: FundsAccountEntryFilter | None = None
    language: ExportLanguage = ExportLanguage.ZH_CN


@strawberry.input
class FundsAdjustmentsExportInput:
    filter: FundsAdjustmentFilter | None = None
    language: ExportLanguage = ExportLanguage.ZH_CN
