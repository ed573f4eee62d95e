"""Funds rules: partner account figures, disbursement 拨款 and recovery 回收 (single and batch),
vendor recharges and credit lines, account change records 收支明细 and adjust records 调账记录.

Every movement is a ledger posting (ledger.service.post); this package decides who may move what
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

Expected refusals raise `DomainErrors` (core.errors); amounts follow core.money. Modules:
figures (account figures, monthly movements, balances), moving (move, batch_move), granting
(recharge, set_credit_line), records (the lists), exports (the xlsx exports). Ledger figures are
read through ledger.service only; the second factor is accounts.totp.
"""

from partnercenter.funds.service.common import (
    BATCH_MAX,
    MEMO_MAX,
    disable_second_factor,
    partner_funds_account,
    update_settings,
)
from partnercenter.funds.service.exports import export_adjustments, export_entries
from partnercenter.funds.service.figures import (
    FundsOverview,
    account_in_scope,
    accounts_overview,
    customer_balances,
    monthly_movements,
    monthly_movements_many,
    partner_accounts_by_ids,
    reseller_balances,
    scoped_accounts_overview,
)
from partnercenter.funds.service.granting import GrantResult, recharge, set_credit_line
from partnercenter.funds.service.moving import BatchItem, BatchItemResult, MoveResult, batch_move, move
from partnercenter.funds.service.records import (
    ADJUSTMENT_READ,
    ADJUSTMENT_SORT,
    ENTRY_SORT,
    AdjustmentQuery,
    EntryQuery,
    adjustment_rows,
    adjustments_by_ids,
    entries_by_ids,
    list_adjustments,
    list_entries,
    list_funds_customers,
    list_partner_accounts,
)

__all__ = [
    "ADJUSTMENT_READ",
    "ADJUSTMENT_SORT",
    "BATCH_MAX",
    "ENTRY_SORT",
    "MEMO_MAX",
    "AdjustmentQuery",
    "BatchItem",
    "BatchItemResult",
    "EntryQuery",
    "FundsOverview",
    "GrantResult",
    "MoveResult",
    "account_in_scope",
    "accounts_overview",
    "adjustment_rows",
    "adjustments_by_ids",
    "batch_move",
    "customer_balances",
    "disable_second_factor",
    "entries_by_ids",
    "export_adjustments",
    "export_entries",
    "list_adjustments",
    "list_entries",
    "list_funds_customers",
    "list_partner_accounts",
    "monthly_movements",
    "monthly_movements_many",
    "move",
    "partner_accounts_by_ids",
    "partner_funds_account",
    "recharge",
    "reseller_balances",
    "scoped_accounts_overview",
    "set_credit_line",
    "update_settings",
]
