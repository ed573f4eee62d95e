"""HO and PO lists: statement counts constant in page size, keyset pages, filters and orderings."""

from __future__ import annotations

from datetime import timedelta

from partnercenter.sharing.models import PartnerSharedOpportunity, VendorSharedOpportunity
from tests.factories import World, count_statements, gql, sign_in
from tests.sharing_factories import FRIDAY, pce_setup, share_ho, share_po

HO_LIST = """query($n: Int!, $after: String, $filter: VendorSharedOpportunityFilter, $order:
  SharedOpportunityOrder) {
  vendorSharedOpportunities(first: $n, after: $after, filter: $filter, orderBy: $order) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id title customerName state deadlineAt sharedBy { id name } partner { id name }
    opportunity { id name } revealDenials { field reason } } } }
  }"""
PO_LIST = """query($n: Int!, $after: String, $filter: PartnerSharedOpportunityFilter, $order:
  SharedOpportunityOrder) {
  partnerSharedOpportunities(first: $n, after: $after, filter: $filter, orderBy: $order) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id state supportKind deadlineAt isDuplicate partnerName customer { id name }
    opportunity { id name } sharedBy { id name } partner { id } duplicateOf { id } } } } }"""


async def _many_hos(world: World, n: int) -> None:
    ho = await VendorSharedOpportunity.get(id=await share_ho(world))
    rows = []
    for i in range(n - 1):
        values = {k: v for k, v in ho.__dict__.items() if not k.startswith("_") and k != "id"}
        values["shared_at"] = ho.shared_at + timedelta(minutes=i + 1)
        values["state"] = ["PENDING", "ACCEPTED", "REJECTED"][i % 3]
        rows.append(VendorSharedOpportunity(**values))
    await VendorSharedOpportunity.bulk_create(rows)


async def _many_pos(world: World, n: int) -> None:
    po = await PartnerSharedOpportunity.get(id=await share_po(world))
    rows = []
    for i in range(n - 1):
        values = {k: v for k, v in po.__dict__.items() if not k.startswith("_") and k != "id"}
        values["shared_at"] = po.shared_at + timedelta(minutes=i + 1)
        values["duplicate_of_id"] = po.id if i % 2 else None
        values["state"] = ["PENDING", "APPROVED", "REJECTED"][i % 3]
        rows.append(PartnerSharedOpportunity(**values))
    await PartnerSharedOpportunity.bulk_create(rows)


async def _counts(client, query: str, key: str) -> dict[int, int]:
    counts = {}
    for n in (10, 100):
        with count_statements() as counter:
            body = await gql(client, query, {"n": n})
        assert "errors" not in body, body
        assert len(body["data"][key]["edges"]) == n
        counts[n] = len(counter.statements)
    return counts


async def test_ho_list_statements_constant_in_page_size(client, world: World) -> None:
    await pce_setup(world)
    await _many_hos(world, 150)
    for username in ("a_admin", "pdm"):
        await sign_in(client, world, username)
        counts = await _counts(client, HO_LIST, "vendorSharedOpportunities")
        assert counts[10] == counts[100], (username, counts)
        # session, page (joined sharer and partner name), count, partner loader, opportunity loader, people
        assert counts[10] <= 6, (username, counts)


async def test_po_list_statements_constant_in_page_size(client, world: World) -> None:
    await pce_setup(world)
    await _many_pos(world, 150)
    for username in ("a_admin", "pdm", "a_m1"):
        await sign_in(client, world, username)
        counts = await _counts(client, PO_LIST, "partnerSharedOpportunities")
        assert counts[10] == counts[100], (username, counts)
        # session, page, count, and one batched loader each: partner, opportunity, sharer, duplicateOf
        assert counts[10] <= 8, (username, counts)


async def test_keyset_pages_filters_and_orderings(client, world: World) -> None:
    await pce_setup(world)
    await _many_hos(world, 45)
    await sign_in(client, world, "a_admin")
    seen: list[str] = []
    after = None
    while True:
        conn = (await gql(client, HO_LIST, {"n": 20, "after": after}))["data"]["vendorSharedOpportunities"]
        seen += [e["node"]["id"] for e in conn["edges"]]
        assert conn["totalCount"] == 45
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 45
    pending = (await gql(client, HO_LIST, {"n": 100, "filter": {"states": ["PENDING"]}}))["data"]
    assert pending["vendorSharedOpportunities"]["totalCount"] == 16  # the first + 15 of the 44
    assert {e["node"]["state"] for e in pending["vendorSharedOpportunities"]["edges"]} == {"PENDING"}
    by_deadline = await gql(client, HO_LIST, {"n": 5, "order": {"field": "DEADLINE_AT", "direction": "ASC"}})
    assert "errors" not in by_deadline
    await _many_pos(world, 30)
    dup = (await gql(client, PO_LIST, {"n": 100, "filter": {"duplicate": True, "states": ["PENDING"]}}))[
        "data"
    ]
    nodes = [e["node"] for e in dup["partnerSharedOpportunities"]["edges"]]
    assert nodes and all(n["isDuplicate"] and n["state"] == "PENDING" for n in nodes)
    assert dup["partnerSharedOpportunities"]["totalCount"] == len(nodes)


async def test_lists_need_a_session(client, world: World) -> None:
    client.cookies.clear()
    body = await gql(client, PO_LIST, {"n": 10})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    body = await gql(client, HO_LIST, {"n": 10}, token=world.tokens["full"])
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert FRIDAY  # the factories' clock anchor is shared by every sharing test
