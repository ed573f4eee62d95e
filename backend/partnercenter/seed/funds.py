"""Demo funds: vendor finance recharges every partner and gives it a credit line; over the last
twelve months partners disburse to some resale customers and recover part of it; the
distributor disburses to its secondary resellers and recovers a little. Everything goes through
the funds service (and so through the ledger), backdated with the injected clock, so the records
and the 12-month chart have data. Deterministic for a given seed."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from partnercenter.accounts.enums import OrgKind, Role
from partnercenter.accounts.models import Organization, User
from partnercenter.core import clock
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.errors import DomainErrors
from partnercenter.customers.models import Customer
from partnercenter.funds import service as funds
from partnercenter.funds.enums import AdjustmentOperation

__all__ = ["seed_funds"]

RECHARGES = {"dist": "500000.00", "r1": "80000.00", "r2": "60000.00", "sol": "120000.00"}
CREDIT_LINES = {"dist": "200000.00", "r1": "20000.00", "r2": "0.00", "sol": "50000.00"}


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low * 100, high * 100)).scaleb(-2)


async def seed_funds(now: datetime, seed: int = 7) -> int:
    """Returns the number of adjust records made."""
    rng = random.Random(seed)
    vendor_finance = await User.filter(role=Role.VENDOR_FINANCE).order_by("id").first()
    if vendor_finance is None:
        return 0
    vctx = RequestContext(
        request_id="seed",
        viewer=Viewer(
            org_id=vendor_finance.org_id,  # type: ignore[attr-defined]
            role=Role.VENDOR_FINANCE,
            user_id=vendor_finance.id,
            is_vendor=True,
        ),
    )
    partners = {o.name: o for o in await Organization.filter(kind=OrgKind.PARTNER).order_by("id")}
    by_prefix: dict[str, Organization] = {}
    for org in partners.values():
        admin = await User.filter(org_id=org.id, role=Role.PARTNER_ADMIN).order_by("id").first()
        if admin is not None:
            by_prefix[admin.username.split("_", 1)[0]] = org
    start = now - timedelta(days=360)
    made = 0
    for prefix, org in by_prefix.items():
        with clock.frozen(start + timedelta(days=rng.randrange(0, 10))):
            await funds.set_credit_line(vctx, org.id, Decimal(CREDIT_LINES.get(prefix, "0.00")),
                                        idempotency_key=f"seed-credit-{org.id}")  # fmt: skip
        quarter = Decimal(RECHARGES.get(prefix, "50000.00")) / 4
        for q in range(4):  # a recharge every quarter
            with clock.frozen(start + timedelta(days=90 * q + rng.randrange(0, 10), hours=9)):
                amount = (quarter * Decimal(rng.randrange(80, 121)) / 100).quantize(Decimal("0.01"))
                await funds.recharge(vctx, org.id, amount, idempotency_key=f"seed-recharge-{org.id}-{q}",
                                     memo="季度充值")  # fmt: skip
    prefix_of = {org.id: prefix for prefix, org in by_prefix.items()}
    for org in by_prefix.values():
        admin = await User.filter(org_id=org.id, role=Role.PARTNER_ADMIN).order_by("id").first()
        assert admin is not None
        resellers = tuple(
            int(str(i)) for i in await Organization.filter(distributor_id=org.id).values_list("id", flat=True)
        )
        viewer = Viewer(org_id=org.id, role=Role.PARTNER_ADMIN, user_id=admin.id, reseller_org_ids=resellers)  # type: ignore[arg-type]
        customers = (
            await Customer.filter(partner_id=org.id, association_type="RESALE")
            .order_by("-associated_at", "-id")
            .limit(12)
        )
        factor = Decimal(RECHARGES.get(prefix_of[org.id], "50000.00")) / Decimal("200000")
        for month in range(12):
            day = start + timedelta(days=30 * month + rng.randrange(1, 25), hours=rng.randrange(8, 18))
            for customer in rng.sample(customers, k=min(len(customers), rng.randrange(1, 4))):
                amount = (_money(rng, 500, 8_000) * factor).quantize(Decimal("0.01"))
                key = f"{org.id}-{month}-{customer.id}"
                if await _move(viewer, day, AdjustmentOperation.DISBURSE, amount, f"seed-d-{key}", "项目拨款",
                               customer_id=customer.id):  # fmt: skip
                    made += 1
                    if rng.random() < 0.3:
                        back, later = (amount / 4).quantize(Decimal("0.01")), day + timedelta(days=3)
                        made += await _move(viewer, later, AdjustmentOperation.RECOVER, back, f"seed-r-{key}",
                                            "未消费余额回收", customer_id=customer.id)  # fmt: skip
            for reseller_id in resellers:
                key = f"{org.id}-{month}-{reseller_id}"
                if month % 3 == 0:
                    made += await _move(viewer, day + timedelta(hours=2), AdjustmentOperation.DISBURSE,
                                        _money(rng, 5_000, 20_000), f"seed-rd-{key}", "经销商调账",
                                        reseller_id=reseller_id)  # fmt: skip
                if month == 10:
                    made += await _move(viewer, day + timedelta(days=1), AdjustmentOperation.RECOVER,
                                        Decimal("1000.00"), f"seed-rr-{key}", "经销商回收",
                                        reseller_id=reseller_id)  # fmt: skip
    return made


async def _move(
    viewer: Viewer,
    at: datetime,
    op: AdjustmentOperation,
    amount: Decimal,
    key: str,
    memo: str,
    *,
    customer_id: int | None = None,
    reseller_id: int | None = None,
) -> bool:
    try:
        with clock.frozen(at):
            await funds.move(viewer, op, customer_id=customer_id, reseller_id=reseller_id, amount=amount,
                             idempotency_key=key, memo=memo)  # fmt: skip
    except DomainErrors:  # refused (not enough money): the seed goes on without it
        return False
    return True
