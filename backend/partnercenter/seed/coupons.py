"""Demo coupons and funds: the catalogue, coupon quotas granted by vendor finance, a sub-quota the
distributor passes to its first reseller, vouchers and cash coupons for `customer1`'s company
(at least one voucher and two cash coupons usable on an ECS order), and a customer balance.
Everything goes through the services (and so through the ledger), like in production. Runs
after the funds seed, whose recharges fund the disbursement to customer1's company."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from partnercenter.accounts import service as accounts
from partnercenter.accounts.enums import OrgKind, Role
from partnercenter.accounts.models import Organization, User
from partnercenter.catalogue.enums import CloudService
from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.coupons import service as coupons
from partnercenter.coupons.enums import CouponKind
from partnercenter.customers.enums import AssociationType
from partnercenter.customers.models import Customer
from partnercenter.seed.catalogue import seed_catalogue

D = Decimal


async def _viewer(username: str) -> Viewer:
    u = await User.get(username=username)
    org = await Organization.get(id=u.org_id)  # type: ignore[attr-defined]
    return await accounts._build_viewer(
        user_id=u.id,
        org_id=org.id,
        role=Role(u.role),
        is_vendor=org.kind == OrgKind.VENDOR,
        is_distributor=org.is_distributor,
        customer_id=u.customer_id,
    )


async def _grant(
    v: Viewer, org: Organization, kind: CouponKind, amount: str, until: datetime, scope=None
) -> int:  # type: ignore[no-untyped-def]
    result = await coupons.grant_quota(
        v, coupons.QuotaDraft(org.id, kind, D(amount), None, until, product_scope=scope or [])
    )
    assert isinstance(result, int), result
    return result


async def _issue(v: Viewer, quota_id: int, customer_ids: list[int | None], face: str, **extra) -> list[int]:  # type: ignore[no-untyped-def]
    result = await coupons.issue_coupons(
        v, coupons.CouponDraft(quota_id=quota_id, customer_ids=customer_ids, face_value=D(face), **extra)
    )
    assert all(isinstance(r, coupons.IssueResult) for r in result), result
    return [r.coupon_id for r in result if isinstance(r, coupons.IssueResult) and r.coupon_id]


async def _fund_customer(admin: Viewer, customer_id: int, amount: str) -> None:
    """A disbursement from the partner (funded by the funds seed's recharges) to the customer."""
    from partnercenter.funds import service as funds
    from partnercenter.funds.enums import AdjustmentOperation

    done = await funds.move(
        admin, AdjustmentOperation.DISBURSE, customer_id=customer_id, reseller_id=None,
        amount=D(amount), idempotency_key=f"seed-coupons-disburse-{customer_id}", memo="购买云服务",
    )  # fmt: skip
    assert not isinstance(done, list), done


async def seed_coupons() -> dict[str, int]:
    """Call after the organisations, people, customers and `customer1` exist."""
    await seed_catalogue()
    now = clock.now()
    half_year = now + timedelta(days=180)
    vfin = await _viewer("vfinance")
    dist = await Organization.get(name__isnull=False, is_distributor=True)
    sol = await Organization.filter(kind=OrgKind.PARTNER, is_solution_partner=True).first()
    reseller = await Organization.filter(distributor_id=dist.id).order_by("id").first()
    cash = await _grant(vfin, dist, CouponKind.CASH, "50000.00", half_year)
    voucher = await _grant(vfin, dist, CouponKind.VOUCHER, "30000.00", half_year)
    await _grant(
        vfin, dist, CouponKind.CASH, "8000.00", now + timedelta(days=90), [CloudService.ECS, CloudService.EVS]
    )
    if sol is not None:
        await _grant(vfin, sol, CouponKind.CASH, "20000.00", half_year)
    admin = await _viewer("dist_admin")
    if reseller is not None:
        sub = await coupons.grant_sub_quota(admin, cash, reseller.id, D("5000.00"))
        assert isinstance(sub, int), sub

    c1 = await User.get(username="customer1")
    assert c1.customer_id is not None
    # The demo customer buys through its partner (代售): partner coupons need a resale customer.
    await Customer.filter(id=c1.customer_id).update(association_type=AssociationType.RESALE)
    month = now + timedelta(days=30)
    issued = []
    issued += await _issue(
        admin, voucher, [c1.customer_id], "100.00", product_scope=[CloudService.ECS],
        min_order_amount=D("300.00"), valid_until=half_year, memo="新购ECS满300减100",
    )  # fmt: skip
    issued += await _issue(admin, voucher, [c1.customer_id], "50.00", valid_until=month, memo="通用代金券")
    issued += await _issue(
        admin, cash, [c1.customer_id], "80.00", product_scope=[CloudService.ECS], memo="ECS专用现金券"
    )
    issued += await _issue(admin, cash, [c1.customer_id], "60.00", memo="通用现金券")
    issued += await _issue(admin, cash, [c1.customer_id], "30.00", valid_from=now + timedelta(days=7))
    # A few more resale customers of the distributor get a coupon (the issued list has rows).
    others = (
        await Customer.filter(partner_id=dist.id, association_type=AssociationType.RESALE)
        .exclude(id=c1.customer_id)
        .order_by("id")
        .limit(8)
        .values_list("id", flat=True)
    )
    issued += await _issue(admin, cash, list(others), "200.00", memo="季度返利")  # type: ignore[arg-type]
    await _fund_customer(admin, c1.customer_id, "1000.00")
    return {"coupons": len(issued)}
