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
                partner_id=world.orgs["a"], customer_id=world.customers["a_m1"], owner_id=world.users["a_m1"],
                name=f"批量商机{i}", industry="FINANCE", type="EXPANSION", stage="LEAD", confidence=10 * (i % 11),
                expected_monthly_revenue=Decimal(i) + Decimal("0.25"), created_at=base + timedelta(minutes=i),
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
