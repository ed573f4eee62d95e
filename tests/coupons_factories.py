"""Helpers for the coupons and orders tests: viewers of the fixed world, the catalogue, quotas,
coupons and funded balances (funded through the ledger, like a recharge and a disbursement)."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from tortoise.transactions import in_transaction

from partnercenter.accounts import service as accounts
from partnercenter.accounts.enums import OrgKind, Role
from partnercenter.accounts.models import Organization, User
from partnercenter.catalogue.enums import CloudService
from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, DomainErrors
from partnercenter.coupons import service as coupons
from partnercenter.coupons.enums import CouponKind
from partnercenter.ledger import service as ledger
from partnercenter.ledger.enums import AccountPurpose, OwnerType, TransactionKind
from partnercenter.orders import service as orders
from partnercenter.seed.catalogue import seed_catalogue
from tests.factories import World

T = TypeVar("T")

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
D = Decimal


async def outcome(call: Awaitable[T]) -> T | list[DomainError]:
    """A service call's result, or the errors it refused with (services raise `DomainErrors`):
    lets a test look at a refusal as a value."""
    try:
        return await call
    except DomainErrors as exc:
        return exc.errors


async def viewer_of(world: World, username: str) -> Viewer:
    u = await User.get(id=world.users[username])
    org = await Organization.get(id=u.org_id)
    return await accounts._build_viewer(
        user_id=u.id,
        org_id=org.id,
        role=Role(u.role),
        is_vendor=org.kind == OrgKind.VENDOR,
        is_distributor=org.is_distributor,
        customer_id=u.customer_id,
    )


async def products() -> dict[str, int]:
    return await seed_catalogue()


async def grant(
    world: World,
    org: str = "a",
    kind: CouponKind = CouponKind.CASH,
    amount: str = "1000.00",
    days: int = 90,
    scope: list[CloudService] | None = None,
) -> int:
    vfin = await viewer_of(world, "vfin")
    result = await outcome(
        coupons.grant_quota(
            vfin,
            coupons.QuotaDraft(
                partner_id=world.orgs[org],
                kind=kind,
                amount=D(amount),
                valid_from=None,
                valid_until=clock.now() + timedelta(days=days),
                product_scope=scope or [],
            ),
        )
    )
    assert isinstance(result, int), result
    return result


async def issue(
    world: World,
    quota_id: int,
    customer_keys: list[str],
    face: str = "100.00",
    issuer: str = "a_admin",
    **extra: Any,
) -> list[int]:
    v = await viewer_of(world, issuer)
    result = await outcome(
        coupons.issue_coupons(
            v,
            coupons.CouponDraft(
                quota_id=quota_id,
                customer_ids=[world.customers[k] for k in customer_keys],
                face_value=D(face),
                **extra,
            ),
        )
    )
    assert result and all(isinstance(r, coupons.IssueResult) and r.coupon_id for r in result), result
    return [r.coupon_id for r in result]  # type: ignore[union-attr,misc]


async def fund_partner(org_id: int, amount: str) -> None:
    """A vendor recharge of the partner's funds, straight through the ledger."""
    async with in_transaction():
        src = await ledger.account(OwnerType.ORG, org_id, AccountPurpose.RECHARGE_SOURCE)
        funds = await ledger.account(OwnerType.ORG, org_id, AccountPurpose.PARTNER_FUNDS)
        await ledger.post(
            TransactionKind.RECHARGE,
            [ledger.Leg(src.id, -D(amount)), ledger.Leg(funds.id, D(amount))],
            actor_user_id=None,
            idempotency_key=f"test-recharge:{org_id}:{amount}:{clock.now().isoformat()}:{id(src)}",
        )


async def fund_customer(customer_id: int, partner_id: int, amount: str) -> None:
    """Recharge the partner, then disburse to the customer (ledger transactions)."""
    await fund_partner(partner_id, amount)
    async with in_transaction():
        funds = await ledger.account(OwnerType.ORG, partner_id, AccountPurpose.PARTNER_FUNDS)
        bal = await ledger.account(OwnerType.CUSTOMER, customer_id, AccountPurpose.CUSTOMER_BALANCE)
        await ledger.post(
            TransactionKind.CUSTOMER_DISBURSE,
            [ledger.Leg(funds.id, -D(amount)), ledger.Leg(bal.id, D(amount))],
            actor_user_id=None,
            idempotency_key=f"test-disburse:{customer_id}:{amount}:{clock.now().isoformat()}:{id(bal)}",
        )


async def place(world: World, codes: dict[str, int], *lines: tuple[str, int, int], payer: Any = None) -> int:
    v = await viewer_of(world, "cust_user")
    drafts = [orders.LineDraft(codes[c], q, m) for c, q, m in lines]
    result = (
        await outcome(orders.place_order(v, drafts, payer))
        if payer
        else await outcome(orders.place_order(v, drafts))
    )
    assert isinstance(result, int), result
    return result


async def assert_ledger_ok() -> None:
    assert await ledger.verify_ledger() == []
