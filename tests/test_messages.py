"""Message centre: own messages only, unread count, mark read, kinds filter, scoped record links,
constant statement count."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from partnercenter.core.ids import to_global_id
from partnercenter.messages.enums import MessageKind
from partnercenter.messages.models import Message
from partnercenter.messages.service import notify, users_with_roles
from tests.factories import World, count_statements, gql, sign_in

LIST = """
query($first: Int, $filter: MessageFilter) {
  unreadMessageCount
  messages(first: $first, filter: $filter) {
    totalCount
    edges { node { id kind params read readAt recordType record { __typename id } } }
  }
}
"""

MARK = """
mutation($ids: [ID!]!) {
  messagesMarkRead(input: {ids: $ids}) { unreadCount messages { id read } userErrors { code field } }
}
"""

MARK_ALL = """
mutation($kinds: [MessageKind!]) {
  messagesMarkAllRead(input: {kinds: $kinds}) { markedCount unreadCount userErrors { code } }
}
"""


async def _list(client: httpx.AsyncClient, **variables: Any) -> dict[str, Any]:
    body = await gql(client, LIST, {"first": 50, **variables})
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


async def test_notify_creates_one_message_per_distinct_recipient(world: World) -> None:
    m1 = world.users["a_m1"]
    created = await notify([m1, m1, None], MessageKind.WARNING_ASSIGNED, "Customer", world.customers["a_m1"])
    assert created == 1
    assert await Message.filter(recipient_id=m1).count() == 1
    assert await notify([], MessageKind.HO_SHARED) == 0


async def test_users_with_roles_finds_the_partner_admins(world: World) -> None:
    from partnercenter.accounts.enums import Role

    assert await users_with_roles(world.orgs["a"], [Role.PARTNER_ADMIN]) == [world.users["a_admin"]]


async def test_a_person_lists_only_their_own_messages_newest_first(client, world: World) -> None:
    await notify([world.users["a_m1"]], MessageKind.CUSTOMER_ASSIGNED, "Customer", world.customers["a_m1"])
    await notify([world.users["a_m1"]], MessageKind.WARNING_ASSIGNED, params={"kind": "CHURN"})
    await notify([world.users["a_m2"]], MessageKind.HO_SHARED)
    await sign_in(client, world, "a_m1")
    data = await _list(client)
    kinds = [e["node"]["kind"] for e in data["messages"]["edges"]]
    assert kinds == ["WARNING_ASSIGNED", "CUSTOMER_ASSIGNED"]
    assert data["messages"]["totalCount"] == 2
    assert data["unreadMessageCount"] == 2
    assert data["messages"]["edges"][0]["node"]["params"] == {"kind": "CHURN"}


async def test_kind_and_unread_filters(client, world: World) -> None:
    me = world.users["a_m1"]
    await notify([me], MessageKind.CUSTOMER_ASSIGNED)
    await notify([me], MessageKind.WARNING_ASSIGNED)
    await Message.filter(kind=MessageKind.CUSTOMER_ASSIGNED).update(read_at=datetime(2026, 1, 1, tzinfo=UTC))
    await sign_in(client, world, "a_m1")
    only_kind = await _list(client, filter={"kinds": ["WARNING_ASSIGNED"]})
    assert [e["node"]["kind"] for e in only_kind["messages"]["edges"]] == ["WARNING_ASSIGNED"]
    unread = await _list(client, filter={"unreadOnly": True})
    assert [e["node"]["kind"] for e in unread["messages"]["edges"]] == ["WARNING_ASSIGNED"]
    assert unread["unreadMessageCount"] == 1


async def test_mark_read_and_all_read(client, world: World) -> None:
    me = world.users["a_m1"]
    for kind in (MessageKind.CUSTOMER_ASSIGNED, MessageKind.WARNING_ASSIGNED, MessageKind.WARNING_ASSIGNED):
        await notify([me], kind)
    csrf = await sign_in(client, world, "a_m1")
    ids = [e["node"]["id"] for e in (await _list(client))["messages"]["edges"]]
    body = await gql(client, MARK, {"ids": ids[:1]}, csrf=csrf)
    payload = body["data"]["messagesMarkRead"]
    assert payload["userErrors"] == [] and payload["unreadCount"] == 2
    assert payload["messages"] == [{"id": ids[0], "read": True}]
    body = await gql(client, MARK_ALL, {"kinds": ["WARNING_ASSIGNED"]}, csrf=csrf)
    assert body["data"]["messagesMarkAllRead"] == {"markedCount": 1, "unreadCount": 1, "userErrors": []}
    body = await gql(client, MARK_ALL, {}, csrf=csrf)
    assert body["data"]["messagesMarkAllRead"]["unreadCount"] == 0
    assert await Message.filter(recipient_id=me, read_at__isnull=True).count() == 0


async def test_someone_elses_message_is_not_found_and_stays_unread(client, world: World) -> None:
    await notify([world.users["a_m2"]], MessageKind.CUSTOMER_ASSIGNED)
    theirs = await Message.get(recipient_id=world.users["a_m2"])
    gid = to_global_id("Message", theirs.id)
    csrf = await sign_in(client, world, "a_m1")
    body = await gql(client, MARK, {"ids": [gid]}, csrf=csrf)
    assert body["data"]["messagesMarkRead"]["userErrors"] == [{"code": "NOT_FOUND", "field": "ids"}]
    assert (await Message.get(id=theirs.id)).read_at is None
    node = await gql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": gid})
    unknown = await gql(
        client, "query($id: ID!) { node(id: $id) { id } }", {"id": to_global_id("Message", 999999)}
    )
    assert node == unknown == {"data": {"node": None}}


async def test_the_linked_record_goes_through_the_access_policy(client, world: World) -> None:
    """a_m1 was told about a_m2's opportunity (e.g. before a reassignment): the message stays,
    but the record link is null, exactly as for a record that does not exist."""
    me = world.users["a_m1"]
    await notify([me], MessageKind.CUSTOMER_ASSIGNED, "Customer", world.customers["a_m1"])
    await notify([me], MessageKind.HO_ACCEPTED, "Opportunity", world.opportunities["a_m2"])
    await sign_in(client, world, "a_m1")
    nodes = [e["node"] for e in (await _list(client))["messages"]["edges"]]
    by_kind = {n["kind"]: n for n in nodes}
    assert by_kind["CUSTOMER_ASSIGNED"]["record"] == {
        "__typename": "Customer",
        "id": to_global_id("Customer", world.customers["a_m1"]),
    }
    assert by_kind["HO_ACCEPTED"]["record"] is None
    assert by_kind["HO_ACCEPTED"]["recordType"] == "Opportunity"


async def test_api_tokens_have_no_messages(client, world: World) -> None:
    body = await gql(client, "{ unreadMessageCount }", token=world.tokens["full"])
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_anonymous_gets_unauthenticated(client, world: World) -> None:
    client.cookies.clear()
    body = await gql(client, "{ messages(first: 5) { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_statement_count_does_not_grow_with_page_size(client, world: World) -> None:
    me = world.users["a_admin"]
    for i in range(120):
        kind = MessageKind.CUSTOMER_ASSIGNED if i % 2 else MessageKind.HO_ACCEPTED
        record = (
            ("Customer", world.customers["a_m1"]) if i % 2 else ("Opportunity", world.opportunities["a_m2"])
        )
        await notify([me], kind, *record)
    await sign_in(client, world, "a_admin")
    counts = []
    for size in (10, 100):
        with count_statements() as counter:
            data = await _list(client, first=size)
        assert len(data["messages"]["edges"]) == size
        assert all(e["node"]["record"] is not None for e in data["messages"]["edges"])
        counts.append(len(counter.statements))
    assert counts[0] == counts[1], counts
