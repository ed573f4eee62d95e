"""The customers list: row scope, filters, filter rights, the distributor's two views, and the
statement count of the customers and opportunities lists (constant in page size)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from partnercenter.customers.models import Customer
from partnercenter.opportunities.models import Opportunity, OpportunityProgress
from tests.factories import World, count_statements, gql, login, sign_in

LIST = """query($filter: CustomerFilter, $first: Int) { customers(first: $first, filter: $filter) {
  totalCount edges { node { id name accountName phone email isResellerCustomer
    maskedFields revealableFields hiddenFields manager { id } } } } }"""


EXTRA = [
    # partner, manager, name, account name, phone, industry, association type, associated at, tags
    (
        "a",
        "a_m1",
        "Acme 金融科技有限公司",
        "acme_fin",
        "13700001111",
        "FINANCE",
        "CONSULTING",
        "2025-01-01",
        ",vip,华东,",
    ),
    (
        "a",
        "a_m2",
        "北京Beta教育集团",
        "beta_edu",
        "13700002222",
        "EDUCATION",
        "RESALE",
        "2025-02-01",
        ",vip,",
    ),
    ("a", None, "无经理客户", "nomgr", "13700003333", "RETAIL", "CONSULTING", "2025-03-01", ""),
    (
        "a",
        "a_m3",
        "Gamma 零售",
        "gamma_retail",
        "13811112222",
        "RETAIL",
        "RESALE",
        "2025-03-01",
        ",重点客户,vip2,",
    ),
    ("r", "r_m1", "二级客户Delta", "delta_r", "13922223333", "FINANCE", "CONSULTING", "2025-04-01", ",vip,"),
    (
        "b",
        "b_m1",
        "伙伴丙的Beta客户",
        "beta_b",
        "13700002222",
        "FINANCE",
        "CONSULTING",
        "2025-02-01",
        ",vip,",
    ),
]


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


async def _build(world: World) -> None:
    for partner, manager, name, account, phone, industry, association, day, tags in EXTRA:
        await Customer.create(
            partner_id=world.orgs[partner],
            manager_id=world.users[manager] if manager else None,
            name=name,
            account_name=account,
            phone=phone,
            email=f"{account}@example.com",
            industry=industry,
            region="华东",
            association_type=association,
            associated_at=_at(day),
            tags=tags,
        )


async def _ids(client, filter_: dict[str, Any] | None = None) -> set[str]:
    body = await gql(client, LIST, {"filter": filter_, "first": 100})
    assert "errors" not in body, (filter_, body)
    conn = body["data"]["customers"]
    assert conn["totalCount"] == len(conn["edges"]), filter_
    return {e["node"]["id"] for e in conn["edges"]}


def _gids(world: World, rows: list[Customer]) -> set[str]:
    return {world.gid("Customer", c.id) for c in rows}


async def test_a_manager_lists_only_own_customers(client, world: World) -> None:
    await _build(world)
    await login(client, "a_m1")
    own = list(await Customer.filter(manager_id=world.users["a_m1"]))
    assert len(own) == 2
    assert await _ids(client) == _gids(world, own)
    # A filter never widens the scope.
    assert await _ids(client, {"managerIds": [world.gid("User", world.users["a_m2"])]}) == set()
    assert await _ids(client, {"name": "Beta"}) == set()


async def test_each_filter_returns_exactly_the_matching_rows(client, world: World) -> None:
    await _build(world)
    a, r = world.orgs["a"], world.orgs["r"]
    rows = list(await Customer.filter(partner_id__in=[a, r]))  # a_admin's scope
    assert len(rows) == 4 + 5
    u = world.users

    def phone_visible(
        c: Customer,
    ) -> bool:  # a reseller's customers' phones are withheld from the distributor
        return c.partner_id == a

    cases: list[tuple[dict[str, Any], Callable[[Customer], bool]]] = [
        ({"associationTypes": ["CONSULTING"]}, lambda c: c.association_type == "CONSULTING"),
        ({"associationTypes": ["RESALE"]}, lambda c: c.association_type == "RESALE"),
        ({"industries": ["FINANCE", "RETAIL"]}, lambda c: c.industry in ("FINANCE", "RETAIL")),
        ({"industries": ["EDUCATION"]}, lambda c: c.industry == "EDUCATION"),
        (
            {"associatedAt": {"from": "2025-02-01T00:00:00+00:00", "to": "2025-03-01T00:00:00+00:00"}},
            lambda c: _at("2025-02-01") <= c.associated_at <= _at("2025-03-01"),
        ),
        ({"associatedAt": {"from": "2026-01-02T00:00:00Z"}}, lambda c: c.associated_at >= _at("2026-01-02")),
        (
            {"associatedAt": {"to": "2025-03-01T08:00:00+08:00"}},  # = 2025-03-01 00:00 UTC
            lambda c: c.associated_at <= _at("2025-03-01"),
        ),
        ({"name": "beta"}, lambda c: "beta" in c.name.lower()),
        ({"name": "测试"}, lambda c: "测试" in c.name),
        ({"name": "  Gamma "}, lambda c: "Gamma" in c.name),
        ({"accountName": "hw_acct0"}, lambda c: "hw_acct0" in c.account_name),
        ({"accountName": "ACME"}, lambda c: "acme" in c.account_name),
        ({"phone": "1370000"}, lambda c: "1370000" in c.phone and phone_visible(c)),
        ({"phone": "2222"}, lambda c: "2222" in c.phone and phone_visible(c)),
        ({"tag": "vip"}, lambda c: ",vip," in c.tags),
        ({"tag": "重点客户"}, lambda c: ",重点客户," in c.tags),
        ({"managerIds": [world.gid("User", u["a_m2"])]}, lambda c: c.manager_id == u["a_m2"]),
        (
            {"managerIds": [world.gid("User", u["a_m1"]), world.gid("User", u["r_m1"])]},
            lambda c: c.manager_id in (u["a_m1"], u["r_m1"]),
        ),
        (
            {"industries": ["FINANCE"], "associationTypes": ["CONSULTING"], "tag": "vip"},
            lambda c: c.industry == "FINANCE" and c.association_type == "CONSULTING" and ",vip," in c.tags,
        ),
    ]
    await login(client, "a_admin")
    for filter_, predicate in cases:
        expected = {world.gid("Customer", c.id) for c in rows if predicate(c)}
        assert 0 < len(expected) < len(rows), filter_  # every case must discriminate
        assert await _ids(client, filter_) == expected, filter_
    for empty in ({"managerIds": []}, {"managerIds": [world.gid("User", u["b_m1"])]}, {"tag": "vi"}):
        assert await _ids(client, empty) == set(), empty


async def test_phone_filter_does_not_confirm_a_reseller_customers_hidden_phone(client, world: World) -> None:
    """The distributor sees only basic data of its reseller's customers: their phone is withheld, so a
    phone filter must not match them (it would confirm the number)."""
    reseller_customer = world.customers["r_m1"]
    phone = (await Customer.get(id=reseller_customer)).phone
    await login(client, "a_admin")
    body = await gql(client, LIST, {"filter": {"view": "RESELLERS"}, "first": 10})
    node = body["data"]["customers"]["edges"][0]["node"]
    assert node["phone"] is None and "PHONE" in node["hiddenFields"]
    assert await _ids(client, {"phone": phone}) == set()
    assert await _ids(client, {"phone": phone, "view": "RESELLERS"}) == set()
    # The reseller's own admin may filter by it.
    await login(client, "r_admin")
    assert await _ids(client, {"phone": phone}) == {world.gid("Customer", reseller_customer)}


async def test_filtering_by_a_field_one_may_not_reveal_is_forbidden(client, world: World) -> None:
    await _build(world)
    for username, allowed, forbidden in (
        ("pdm", {"name": "Beta"}, [{"phone": "1370000"}, {"accountName": "acme"}]),
        ("vfin", {"accountName": "acme"}, [{"phone": "1370000"}]),
        ("a_fin", {"name": "Beta"}, [{"phone": "1370000"}, {"name": "Beta", "phone": "2222"}]),
    ):
        await sign_in(client, world, username)
        assert await _ids(client, allowed), username
        for filter_ in forbidden:
            body = await gql(client, LIST, {"filter": filter_, "first": 10})
            assert body["data"] is None, (username, filter_)
            error = body["errors"][0]
            assert error["extensions"] == {"code": "FORBIDDEN"}, (username, filter_, error)
            assert error["message"].startswith("Filtering by ")

    client.cookies.clear()
    for filter_ in ({"name": "Beta"}, {"phone": "1370000"}):
        body = await gql(client, LIST, {"filter": filter_, "first": 10}, token=world.tokens["customers_only"])
        assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN"}, filter_
    body = await gql(
        client, LIST, {"filter": {"tag": "vip"}, "first": 10}, token=world.tokens["customers_only"]
    )
    assert "errors" not in body


async def test_vendor_pdm_filters_by_name_across_partners(client, world: World) -> None:
    await _build(world)
    await sign_in(client, world, "pdm")
    expected = {world.gid("Customer", c.id) for c in await Customer.all() if "beta" in c.name.lower()}
    assert len(expected) == 2  # one of A's, one of B's
    assert await _ids(client, {"name": "beta"}) == expected


async def test_distributor_admin_views(client, world: World) -> None:
    await _build(world)
    a, r = world.orgs["a"], world.orgs["r"]
    await login(client, "a_admin")
    own = {world.gid("Customer", c.id) for c in await Customer.filter(partner_id=a)}
    resellers = {world.gid("Customer", c.id) for c in await Customer.filter(partner_id=r)}
    assert len(own) == 7 and len(resellers) == 2

    assert await _ids(client, {"view": "OWN"}) == own
    assert await _ids(client, {"view": "RESELLERS"}) == resellers
    assert await _ids(client) == own | resellers

    body = await gql(client, LIST, {"filter": {"view": "RESELLERS"}, "first": 100})
    for edge in body["data"]["customers"]["edges"]:
        node = edge["node"]
        assert node["isResellerCustomer"] is True
        assert node["hiddenFields"] == ["PHONE", "EMAIL"]
        assert node["phone"] is None and node["email"] is None
        assert "PHONE" not in node["revealableFields"] and "EMAIL" not in node["revealableFields"]
        assert node["name"] and node["accountName"]
    body = await gql(client, LIST, {"filter": {"view": "OWN"}, "first": 100})
    for edge in body["data"]["customers"]["edges"]:
        node = edge["node"]
        assert node["isResellerCustomer"] is False
        assert node["hiddenFields"] == []
        assert node["phone"] and node["email"]
        assert node["revealableFields"] == ["NAME", "ACCOUNT_NAME", "PHONE", "EMAIL"]

    # The distributor's supervisor has an empty reseller tab; the reseller's admin sees its own rows plainly.
    await sign_in(client, world, "a_sup")
    assert await _ids(client, {"view": "RESELLERS"}) == set()
    await sign_in(client, world, "r_admin")
    body = await gql(client, LIST, {"first": 100})
    nodes = [e["node"] for e in body["data"]["customers"]["edges"]]
    assert {n["id"] for n in nodes} == resellers
    assert all(n["isResellerCustomer"] is False and n["hiddenFields"] == [] for n in nodes)


# --- statement counts ----------------------------------------------------------------------------

CUSTOMERS_PAGE = """query($n: Int!) { customers(first: $n) { totalCount
  edges { node { id name phone maskedFields manager { id name } } } } }"""
CUSTOMERS_WITH_PARTNER = """query($n: Int!) { customers(first: $n) { totalCount
  edges { node { id name manager { name } partner { name } } } } }"""
OPPORTUNITIES_PAGE = """query($n: Int!) { opportunities(first: $n) { totalCount
  edges { node { id name progressUpdates { id note author { name } }
    customer { id name manager { name } partner { name } } owner { name } } } } }"""


async def _counts(client, query: str, connection: str) -> dict[int, int]:
    counts = {}
    for n in (10, 100):
        with count_statements() as counter:
            body = await gql(client, query, {"n": n})
        assert "errors" not in body, body
        assert len(body["data"][connection]["edges"]) == n
        counts[n] = len(counter.statements)
    return counts


async def test_customers_list_statements_are_constant_in_page_size(client, world: World) -> None:
    base = datetime(2024, 1, 1, tzinfo=UTC)
    await Customer.bulk_create(
        [
            Customer(
                partner_id=world.orgs["a"],
                manager_id=world.users["a_m1"],
                name=f"批量客户{i}有限公司",
                account_name=f"bulk{i:03d}",
                phone=f"1380000{i:04d}",
                email=f"c{i}@bulk.com",
                industry="RETAIL",
                association_type="RESALE",
                associated_at=base + timedelta(hours=i),
                tags="",
            )
            for i in range(120)
        ]
    )
    await sign_in(client, world, "a_m1")
    counts = await _counts(client, CUSTOMERS_PAGE, "customers")
    assert counts[10] == counts[100], counts
    assert counts[10] <= 3, counts  # session, page (manager joined), count
    counts = await _counts(client, CUSTOMERS_WITH_PARTNER, "customers")
    assert counts[10] == counts[100], counts
    assert counts[10] <= 4, counts  # ... and one batched partner load


async def test_opportunities_list_with_nested_objects_is_constant_in_page_size(client, world: World) -> None:
    base = datetime(2024, 1, 1, tzinfo=UTC)
    await Opportunity.bulk_create(
        [
            Opportunity(
                partner_id=world.orgs["a"],
                customer_id=world.customers["a_m1"],
                owner_id=world.users["a_m1"],
                name=f"批量商机{i}",
                industry="RETAIL",
                type="EXPANSION",
                stage="LEAD",
                confidence=10,
                expected_monthly_revenue=Decimal("1.00"),
                created_at=base + timedelta(hours=i),
                updated_at=base + timedelta(hours=i),
            )
            for i in range(120)
        ]
    )
    ids = await Opportunity.filter(owner_id=world.users["a_m1"]).values_list("id", flat=True)
    await OpportunityProgress.bulk_create(
        [
            OpportunityProgress(
                opportunity_id=pk, author_id=world.users["a_m1"], note=f"进展{j}", stage="LEAD"
            )
            for pk in ids
            for j in range(2)
        ]
    )
    await sign_in(client, world, "a_m1")
    body = await gql(client, OPPORTUNITIES_PAGE, {"n": 3})
    node = body["data"]["opportunities"]["edges"][0]["node"]
    assert len(node["progressUpdates"]) == 2 and node["customer"]["manager"]["name"]
    assert node["customer"]["partner"]["name"]
    counts = await _counts(client, OPPORTUNITIES_PAGE, "opportunities")
    assert counts[10] == counts[100], counts
    # session, page (customer and owner joined), count, progress, people, organisations
    assert counts[10] <= 6, counts
