"""Association lists: statement count constant in page size for every new list, paging and the demo seed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from partnercenter.association.enums import (
    KnowledgeKind,
    LogAction,
    RequestInitiator,
    RequestKind,
    RequestState,
)
from partnercenter.association.models import (
    AssociationLogEntry,
    AssociationRequest,
    CustomerAssignment,
    KnowledgeItem,
    NoticeSignature,
    NoticeVersion,
)
from partnercenter.orders.service import blocking_obligations
from tests.factories import World, count_statements, gql, sign_in

T0 = datetime(2026, 1, 1, tzinfo=UTC)
ROWS = 30

LISTS = {
    "associationRequests": (
        "a_admin",
        "query($n: Int!, $a: String) { associationRequests(first: $n, after: $a) { totalCount"
        " pageInfo { endCursor } edges { node { id state customer { id name } requestedBy { id name }"
        " decidedBy { id } } } } }",
    ),
    "associationLog": (
        "a_admin",
        "query($n: Int!, $a: String) { associationLog(first: $n, after: $a) { totalCount"
        " pageInfo { endCursor } edges { node { id action customer { id name manager { id } }"
        " actor { id name } request { id state } } } } }",
    ),
    "customerAssignments": (
        "a_admin",
        "query($n: Int!, $a: String) { customerAssignments(first: $n, after: $a) { totalCount"
        " pageInfo { endCursor } edges { node { id customer { id } fromManager { id name } toManager { id }"
        " assignedBy { id } } } } }",
    ),
    "associationNotices": (
        "pdm",
        "query($n: Int!, $a: String) { associationNotices(first: $n, after: $a) { totalCount"
        " pageInfo { endCursor } edges { node { id version title } } } }",
    ),
    "knowledgeItems": (
        "pdm",
        "query($n: Int!, $a: String) { knowledgeItems(first: $n, after: $a) { totalCount"
        " pageInfo { endCursor } edges { node { id kind industries tags } } } }",
    ),
}


async def _fill(w: World) -> None:
    keys = ["a_m1", "a_m2", "a_m3"]
    for i in range(ROWS):
        key = keys[i % 3]
        at = T0 + timedelta(hours=i)
        req = await AssociationRequest.create(
            customer_id=w.customers[key], partner_id=w.orgs["a"], kind=RequestKind.SWITCH_TYPE,
            initiator=RequestInitiator.PARTNER, state=RequestState.DECLINED, from_type="RESALE",
            to_type="CONSULTING", requested_by_id=w.users["a_admin"], requested_at=at,
            decided_by_id=w.users["cust_user"], decided_at=at,
        )  # fmt: skip
        await AssociationLogEntry.create(
            customer_id=w.customers[key], partner_id=w.orgs["a"], action=LogAction.SWITCH_REQUESTED,
            request=req, actor_id=w.users["a_admin"] if i % 2 else w.users["cust_user"], at=at,
        )  # fmt: skip
        await CustomerAssignment.create(
            customer_id=w.customers[key], partner_id=w.orgs["a"], from_manager_id=w.users[keys[(i + 1) % 3]],
            to_manager_id=w.users[key], assigned_by_id=w.users["a_admin"], assigned_at=at,
        )  # fmt: skip
        await NoticeVersion.create(
            version=i + 1, title=f"v{i + 1}", body="正文", published_by_id=w.users["pdm"], published_at=at
        )
        await KnowledgeItem.create(
            kind=KnowledgeKind.PRODUCT, title=f"k{i}", industries=",INTERNET,", tags=",a,b,",
            created_by_id=w.users["pdm"], created_at=at,
        )  # fmt: skip


@pytest.mark.parametrize("field", sorted(LISTS))
async def test_statement_count_is_constant_in_page_size(client, world: World, field: str) -> None:
    await _fill(world)
    username, query = LISTS[field]
    csrf = await sign_in(client, world, username)
    counts = []
    for n in (3, 25):
        with count_statements() as counter:
            body = await gql(client, query, {"n": n}, csrf=csrf)
        assert "errors" not in body, body
        assert len(body["data"][field]["edges"]) == n
        counts.append(len(counter.statements))
    assert counts[0] == counts[1], (field, counts)


@pytest.mark.parametrize("field", sorted(LISTS))
async def test_keyset_pages_cover_every_row_once(client, world: World, field: str) -> None:
    await _fill(world)
    username, query = LISTS[field]
    csrf = await sign_in(client, world, username)
    seen: list[str] = []
    after = None
    while True:
        conn = (await gql(client, query, {"n": 7, "a": after}, csrf=csrf))["data"][field]
        seen += [e["node"]["id"] for e in conn["edges"]]
        after = conn["pageInfo"]["endCursor"]
        if len(conn["edges"]) < 7:
            break
    assert len(seen) == len(set(seen)) == conn["totalCount"] == ROWS


async def test_the_demo_seed_shows_every_flow(db: None) -> None:
    from partnercenter.accounts.models import User
    from partnercenter.seed import seed_demo

    await seed_demo(scale=1, seed=7, now=datetime(2026, 6, 1, tzinfo=UTC))
    c1, c2, c3 = [await User.get(username=u) for u in ("customer1", "customer2", "customer3")]
    assert [n.version for n in await NoticeVersion.all().order_by("version")] == [1, 2]
    assert await KnowledgeItem.all().count() >= 10
    latest = await NoticeVersion.get(version=2)
    assert await NoticeSignature.filter(customer_id=c1.customer_id, notice_id=latest.id).exists()  # signed
    assert not await NoticeSignature.filter(
        customer_id=c2.customer_id, notice_id=latest.id
    ).exists()  # outdated
    pending = await AssociationRequest.filter(state=RequestState.PENDING).order_by("id")
    assert [(r.customer_id, r.initiator) for r in pending] == [
        (c2.customer_id, RequestInitiator.PARTNER),
        (c3.customer_id, RequestInitiator.CUSTOMER),
    ]
    assert not await AssociationRequest.filter(customer_id=c1.customer_id).exists()  # free for a new request
    blocked = [cid for cid in range(1, 401) if await blocking_obligations(cid)]
    assert len(blocked) == 2
    assert await AssociationLogEntry.filter(action=LogAction.BIND).count() == 400
    assert await AssociationLogEntry.filter(action=LogAction.EXPIRED, actor_id=None).count() == 1
    assert await CustomerAssignment.filter(customer_id=c1.customer_id).count() == 1
