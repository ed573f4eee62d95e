"""Account figures of partners, their monthly movements, and the balances of customers and
secondary resellers: all read from the ledger through its service (module docstring of the
package says how the figures relate)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from partnercenter.access import policy
from partnercenter.accounts import totp
from partnercenter.accounts.enums import OrgKind
from partnercenter.accounts.models import Organization
from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.funds.permissions import FUNDS_ACCOUNT, can_move_funds
from partnercenter.ledger import service as ledger
from partnercenter.ledger.enums import AccountPurpose, OwnerType, TransactionKind

__all__ = [
    "FundsOverview",
    "account_in_scope",
    "accounts_overview",
    "customer_balances",
    "monthly_movements",
    "monthly_movements_many",
    "partner_accounts_by_ids",
    "reseller_balances",
]

ZERO = Decimal("0.00")
_FIGURE_PURPOSES = (
    AccountPurpose.PARTNER_FUNDS,
    AccountPurpose.RECHARGE_SOURCE,
    AccountPurpose.CREDIT_SOURCE,
)
_RESELLER_KINDS = (TransactionKind.RESELLER_DISBURSE, TransactionKind.RESELLER_RECOVER)


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
        return max(self.account_balance, ZERO)


async def accounts_overview(org_ids: Sequence[int]) -> dict[int, FundsOverview]:
    """The figures of several partners in four statements (balances, secondary resellers among
    them, what those received, settings), whatever their number."""
    ids = sorted(set(org_ids))
    if not ids:
        return {}
    bal = await ledger.balances_by_purpose(OwnerType.ORG, ids, _FIGURE_PURPOSES)
    with_funds = [o for o in ids if (o, AccountPurpose.PARTNER_FUNDS) in bal]
    received: dict[int, Decimal] = {}
    if with_funds:
        # What a secondary reseller received from (net of what its distributor recovered).
        resellers = await Organization.filter(id__in=with_funds, distributor_id__isnull=False).values_list(
            "id", flat=True
        )
        received = await ledger.kind_totals(
            OwnerType.ORG, [int(str(r)) for r in resellers], AccountPurpose.PARTNER_FUNDS, _RESELLER_KINDS
        )
    second_factor = await totp.orgs_requiring_second_factor(ids)
    out = {}
    for oid in ids:
        funds = bal.get((oid, AccountPurpose.PARTNER_FUNDS), ZERO)
        recharge = -bal.get((oid, AccountPurpose.RECHARGE_SOURCE), ZERO) + received.get(oid, ZERO)
        credit = -bal.get((oid, AccountPurpose.CREDIT_SOURCE), ZERO)
        out[oid] = FundsOverview(
            org_id=oid,
            recharge_balance=recharge + ZERO,
            credit_balance=credit + ZERO,
            disbursed_amount=recharge + credit - funds + ZERO,
            account_balance=funds + ZERO,
            require_second_factor=oid in second_factor,
        )
    return out


def account_in_scope(viewer: Viewer, org_id: int) -> bool:
    return policy.in_scope(viewer, FUNDS_ACCOUNT, {"partner_id": org_id})


async def partner_accounts_by_ids(viewer: Viewer, ids: Sequence[int]) -> dict[int, FundsOverview]:
    """Node loader: the funds accounts of these partners that the viewer sees."""
    wanted = [o for o in ids if account_in_scope(viewer, o)]
    if not wanted:
        return {}
    partners = await Organization.filter(id__in=wanted, kind=OrgKind.PARTNER).values_list("id", flat=True)
    return await accounts_overview([int(str(p)) for p in partners])


async def scoped_accounts_overview(viewer: Viewer, org_ids: Sequence[int]) -> dict[int, FundsOverview]:
    """The figures of the partners among `org_ids` whose account the viewer sees."""
    return await accounts_overview([o for o in org_ids if account_in_scope(viewer, o)])


def _month_keys(months: int) -> list[str]:
    now = clock.now()
    keys = []
    y, m = now.year, now.month
    for _ in range(months):
        keys.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    keys.reverse()
    return keys


async def monthly_movements(org_id: int, months: int = 12) -> list[tuple[str, Decimal, Decimal]]:
    return (await monthly_movements_many([org_id], months))[org_id]


async def monthly_movements_many(
    org_ids: Sequence[int], months: int = 12
) -> dict[int, list[tuple[str, Decimal, Decimal]]]:
    """Per partner: (YYYY-MM, inflow, outflow) of its account for the last `months` months, oldest
    first, every month present (zeros where nothing moved). One statement for all partners."""
    keys = _month_keys(months)
    ids = sorted({int(o) for o in org_ids})
    if not ids:
        return {}
    now = clock.now()
    start = datetime(int(keys[0][:4]), int(keys[0][5:]), 1, tzinfo=now.tzinfo)
    found = await ledger.monthly_flows(OwnerType.ORG, ids, AccountPurpose.PARTNER_FUNDS, start)
    zero = (ZERO, ZERO)
    return {o: [(k, *found.get((o, k), zero)) for k in keys] for o in ids}


async def customer_balances(customer_ids: Sequence[int]) -> dict[int, Decimal]:
    return await ledger.balances(OwnerType.CUSTOMER, customer_ids, AccountPurpose.CUSTOMER_BALANCE)


async def reseller_balances(viewer: Viewer) -> list[tuple[Organization, Decimal]]:
    """The viewer's secondary resellers with their account balance (what can be recovered)."""
    if not can_move_funds(viewer):
        return []
    resellers = await Organization.filter(distributor_id=viewer.org_id).order_by("id")
    balances = await ledger.balances(OwnerType.ORG, [r.id for r in resellers], AccountPurpose.PARTNER_FUNDS)
    return [(r, balances[r.id]) for r in resellers]
