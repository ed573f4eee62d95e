"""The opportunities list: no N+1 (statements constant in page size), keyset paging, filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from partnercenter.opportunities.models import Opportunity
from tests.factories import World, count_statements, gql, login

LIST = """query($n:Int!,$after:String){ opportunities(first:$n, after:$after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id name stage confidence expectedMonthlyRevenue { amount currency } updatedAt
    customer { id name phone maskedFields } owner { id name } } } } }"""


async def _many(world: World, n: int) -> None:
    base = datetime(2025, 1, 1, tzinfo=UTC)
    await Opportunity.bulk_create(
        [
            Opportunity(
                partner_id=world.orgs["a"],
                customer_id=world.customers["a_m1"],
                owner_id=world.users["a_m1"],
                name=f"批量商机{i}",
                industry="FINANCE",
                type="EXPANSION",
                stage="LEAD",
                confidence=10 * (i % 11),
                expected_monthly_revenue=Decimal(i) + Decimal("0.25"),
                created_at=base + timedelta(minutes=i),
                updated_at=base + timedelta(minutes=i),
            )
            for i in range(n)
        ]
    )


async def test_statement_count_is_constant_in_page_size(client, world: World) -> None:
    await _many(world, 150)
    await login(client, "a_m1")
    counts = {}
    for n in (10, 100):
        with count_statements() as counter:
            body = await gql(client, LIST, {"n": n})
        assert "errors" not in body, body
        assert len(body["data"]["opportunities"]["edges"]) == n
        counts[n] = len(counter.statements)
    assert counts[10] == counts[100], counts
    assert counts[10] <= 3, counts  # session, page (joined customer + owner), count


async def test_keyset_pages_cover_every_row_once(client, world: World) -> None:
    await _many(world, 45)
    await login(client, "a_m1")
    seen: list[str] = []
    after = None
    while True:
        body = await gql(client, LIST, {"n": 20, "after": after})
        conn = body["data"]["opportunities"]
        seen += [e["node"]["id"] for e in conn["edges"]]
        assert conn["totalCount"] == 46
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert len(seen) == 46 and len(set(seen)) == 46


SORTED = """query($dir: OrderDirection!, $min: Decimal){ opportunities(first: 10,
  orderBy: {field: EXPECTED_MONTHLY_REVENUE, direction: $dir},
  filter: {expectedMonthlyRevenue: {min: $min}}) {
  edges { node { expectedMonthlyRevenue { amount } } } } }"""


async def test_revenue_orders_and_filters_numerically(client, world: World) -> None:
    """Money is stored as integer cents: text storage would put 9986.71 above 99833.78."""
    base = datetime(2025, 1, 1, tzinfo=UTC)
    for i, amount in enumerate(["9986.71", "99833.78", "100.00", "1000000.05"]):
        await Opportunity.create(
            partner_id=world.orgs["a"],
            customer_id=world.customers["a_m1"],
            owner_id=world.users["a_m1"],
            name=f"金额{i}",
            industry="FINANCE",
            type="EXPANSION",
            stage="LEAD",
            confidence=10,
            expected_monthly_revenue=Decimal(amount),
            created_at=base,
            updated_at=base,
        )
    await login(client, "a_m1")
    body = await gql(client, SORTED, {"dir": "DESC", "min": "9986.705"})
    assert "errors" not in body, body
    amounts = [e["node"]["expectedMonthlyRevenue"]["amount"] for e in body["data"]["opportunities"]["edges"]]
    assert amounts == ["1000000.05", "99833.78", "10000.00", "9986.71"]
    body = await gql(client, SORTED, {"dir": "ASC", "min": None})
    amounts = [e["node"]["expectedMonthlyRevenue"]["amount"] for e in body["data"]["opportunities"]["edges"]]
    assert amounts == sorted(amounts, key=Decimal)
