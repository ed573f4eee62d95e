"""A distributor's view of its secondary resellers' customers is one rule (trust issue, small
findings): their basic data only. Coupons a reseller issued to its customers, their operations and
their orders are not basic data, so the distributor does not see them."""

from __future__ import annotations

from partnercenter.accounts.enums import Role
from partnercenter.accounts.models import User
from partnercenter.coupons import service as coupons
from partnercenter.coupons.enums import CouponKind
from partnercenter.customers import service as customers
from partnercenter.orders import service as orders
from tests.coupons_factories import grant, issue, outcome, products, viewer_of
from tests.factories import World


async def test_distributor_sees_its_resellers_customers_but_not_their_coupons_or_orders(world: World) -> None:
    quota = await grant(world, "r", CouponKind.CASH, "500.00")
    [coupon] = await issue(world, quota, ["r_m1"], "50.00", issuer="r_admin")
    codes = await products()
    buyer = await User.create(
        org_id=world.orgs["r"],
        username="r_customer_user",
        name="子客户乙",
        role=Role.CUSTOMER_USER,
        customer_id=world.customers["r_m1"],
        password_hash="x",
    )
    order = await outcome(
        orders.place_order(
            await viewer_of_user(world, buyer.id), [orders.LineDraft(next(iter(codes.values())), 1, 1)]
        )
    )
    assert isinstance(order, int), order
    for username in ("a_admin", "a_fin"):
        distributor = await viewer_of(world, username)
        if username == "a_admin":  # the distributor's admin sees the reseller's customer's basic data
            seen = await customers.customers_by_ids(distributor, [world.customers["r_m1"]])
            assert world.customers["r_m1"] in seen
        assert await coupons.coupons_by_ids(distributor, [coupon]) == {}
        assert await orders.orders_by_ids(distributor, [order]) == {}
    reseller_admin = await viewer_of(world, "r_admin")
    assert coupon in await coupons.coupons_by_ids(reseller_admin, [coupon])
    assert order in await orders.orders_by_ids(reseller_admin, [order])


async def viewer_of_user(world: World, user_id: int):  # type: ignore[no-untyped-def]
    from partnercenter.core.context import Viewer

    user = await User.get(id=user_id)
    return Viewer(org_id=user.org_id, role=Role.CUSTOMER_USER, user_id=user.id, customer_id=user.customer_id)  # type: ignore[attr-defined]


async def test_a_customer_user_cannot_read_the_distributors_reseller_organisations(world: World) -> None:
    """Trust issue, small finding: a customer user read the distributor's secondary resellers by node ID."""
    from partnercenter.accounts import service as accounts
    from partnercenter.core.context import Viewer

    user = await User.get(id=world.users["cust_user"])
    viewer = Viewer(
        org_id=user.org_id,  # type: ignore[attr-defined]
        role=Role.CUSTOMER_USER,
        user_id=user.id,
        customer_id=user.customer_id,  # type: ignore[attr-defined]
    )
    seen = await accounts.organizations_by_ids(viewer, [world.orgs["a"], world.orgs["r"]])
    assert set(seen) == {world.orgs["a"]}  # its own partner only
    admin = await viewer_of(world, "a_admin")
    assert set(await accounts.organizations_by_ids(admin, [world.orgs["a"], world.orgs["r"]])) == {
        world.orgs["a"],
        world.orgs["r"],
    }


async def test_api_tokens_cannot_read_a_customers_association_status(client, world: World) -> None:  # type: ignore[no-untyped-def]
    """Trust issue, small finding: tokens read the last request time and arrears with no scope for it."""
    from partnercenter.core.ids import to_global_id
    from tests.factories import gql

    query = "query($id: ID!) { customerAssociationStatus(customerId: $id) { canRequest lastRequestAt } }"
    variables = {"id": to_global_id("Customer", world.customers["a_m1"])}
    client.cookies.clear()
    body = await gql(client, query, variables, token=world.tokens["full"])
    assert body["data"] is None or body["data"]["customerAssociationStatus"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert "API tokens cannot read" in body["errors"][0]["message"]
