"""Customer association rules: switch/unbind requests (admin only, customer confirms, 3-month limit,
obligations, expiry), customer-initiated unbind, the operation log, account manager assignment,
the association notice and knowledge recommendations."""

from __future__ import annotations

from datetime import timedelta

import pytest

from partnercenter.association import service
from partnercenter.association.models import AssociationLogEntry, AssociationRequest
from partnercenter.core import clock
from partnercenter.customers import hooks
from partnercenter.customers.models import Customer
from partnercenter.jobs import run_job
from partnercenter.messages.models import Message
from partnercenter.orders.enums import OrderState
from tests.association_factories import (
    APPROVE,
    ASSIGN,
    CONFIRM,
    CREATE,
    DECLINE,
    KNOWLEDGE,
    KNOWLEDGE_CREATE,
    LOG,
    PUBLISH,
    REJECT,
    SIGN,
    STATUS,
    UNBIND_ASK,
    add_arrears,
    add_customer_user,
    add_order,
    at,
    codes,
    payload,
    run,
)
from tests.factories import World, count_statements, gql, sign_in

CUSTOMER_NODE = "query($id: ID!) { node(id: $id) { id ... on Customer { associationType manager { id } } } }"


def cust(w: World, key: str = "a_m1") -> str:
    return w.gid("Customer", w.customers[key])


async def request(client, w: World, kind: str = "SWITCH_TYPE", key: str = "a_m1") -> dict:
    data = await run(client, w, "a_admin", CREATE, {"c": cust(w, key), "k": kind})
    assert payload(data)["userErrors"] == [], data
    return payload(data)["request"]  # type: ignore[no-any-return]


async def messages_of(w: World, username: str) -> list[str]:
    return [m.kind for m in await Message.filter(recipient_id=w.users[username]).order_by("id")]


async def log_actions(customer_id: int) -> list[str]:
    return [e.action for e in await AssociationLogEntry.filter(customer_id=customer_id).order_by("id")]


# ----------------------------------------------------------------------------- who may ask


@pytest.mark.parametrize(
    ("username", "key", "code"),
    [
        ("a_m1", "a_m1", "PARTNER_ADMIN_ONLY"),  # the customer's own manager
        ("a_lead", "a_m1", "PARTNER_ADMIN_ONLY"),  # a supervisor
        ("a_fin", "a_m1", "PARTNER_ADMIN_ONLY"),  # partner finance
        ("cust_user", "a_m1", "PARTNER_ADMIN_ONLY"),  # the customer itself
        ("a_admin", "r_m1", "PARTNER_ADMIN_ONLY"),  # a distributor's admin, reseller's customer
        ("b_admin", "a_m1", "NOT_FOUND"),  # another partner: like an unknown customer
        ("pdm", "a_m1", "PARTNER_ADMIN_ONLY"),  # vendor staff
    ],
)
async def test_only_the_partner_admin_requests(
    client, world: World, username: str, key: str, code: str
) -> None:
    data = await run(client, world, username, CREATE, {"c": cust(world, key), "k": "SWITCH_TYPE"})
    assert codes(data) == [code]
    assert await AssociationRequest.all().count() == 0
    assert await Message.all().count() == 0


async def test_out_of_scope_customer_answers_like_unknown(client, world: World) -> None:
    unknown = world.gid("Customer", 999_999)
    foreign = await run(client, world, "b_admin", CREATE, {"c": cust(world), "k": "UNBIND"})
    missing = await run(client, world, "b_admin", CREATE, {"c": unknown, "k": "UNBIND"})
    assert foreign == missing


# ----------------------------------------------------------------------------- switch, confirm, decline


async def test_switch_confirmed_by_the_customer_takes_effect(client, world: World) -> None:
    req = await request(client, world)
    assert (req["state"], req["fromType"], req["toType"]) == ("PENDING", "RESALE", "CONSULTING")
    assert await messages_of(world, "cust_user") == ["ASSOCIATION_CONFIRMATION_PENDING"]
    data = await run(client, world, "cust_user", CONFIRM, {"r": req["id"]})
    assert payload(data)["request"]["state"] == "CONFIRMED"
    assert (await Customer.get(id=world.customers["a_m1"])).association_type == "CONSULTING"
    assert await log_actions(world.customers["a_m1"]) == ["SWITCH_REQUESTED", "CONFIRMED", "SWITCHED"]
    assert await messages_of(world, "a_admin") == ["ASSOCIATION_CONFIRMED"]
    again = await run(client, world, "cust_user", CONFIRM, {"r": req["id"]})
    assert codes(again) == ["REQUEST_NOT_PENDING"]


async def test_declined_switch_changes_nothing(client, world: World) -> None:
    req = await request(client, world)
    data = await run(client, world, "cust_user", DECLINE, {"r": req["id"]})
    assert payload(data)["request"]["state"] == "DECLINED"
    assert (await Customer.get(id=world.customers["a_m1"])).association_type == "RESALE"
    assert await log_actions(world.customers["a_m1"]) == ["SWITCH_REQUESTED", "DECLINED"]
    assert await messages_of(world, "a_admin") == ["ASSOCIATION_DECLINED"]


async def test_only_a_user_of_that_customer_answers(client, world: World) -> None:
    await add_customer_user(world, "cust_other", "a_m2")
    req = await request(client, world)
    other = await run(client, world, "cust_other", CONFIRM, {"r": req["id"]})
    unknown = await run(client, world, "cust_other", CONFIRM, {"r": world.gid("AssociationRequest", 999)})
    assert codes(other) == ["NOT_FOUND"] and other == unknown
    for username in ("a_admin", "a_m1", "a_lead"):
        assert codes(await run(client, world, username, CONFIRM, {"r": req["id"]})) == ["CUSTOMER_USER_ONLY"]
    assert (await AssociationRequest.get(id=1)).state == "PENDING"


# ----------------------------------------------------------------------------- 3-month limit


async def test_one_request_per_customer_per_three_months(client, world: World) -> None:
    with clock.frozen(at(2026, 1, 31)) as cell:
        req = await request(client, world)
        await run(client, world, "cust_user", DECLINE, {"r": req["id"]})
        clock.advance(cell, timedelta(days=60))
        data = await run(client, world, "a_admin", CREATE, {"c": cust(world), "k": "UNBIND"})
        assert codes(data) == ["REQUEST_TOO_SOON"]
        assert "2026-04-30T09:00:00+00:00" in payload(data)["userErrors"][0]["message"]
        status = (await run(client, world, "a_admin", STATUS, {"c": cust(world)}))[
            "customerAssociationStatus"
        ]
        assert status["canRequest"] is False and status["nextRequestAllowedAt"].startswith("2026-04-30T09:00")
        # The customer's own unbind request counts too.
        assert codes(await run(client, world, "cust_user", UNBIND_ASK, {"reason": "x"})) == [
            "REQUEST_TOO_SOON"
        ]
        cell[0] = at(2026, 4, 30)
        assert (await request(client, world, "UNBIND"))["state"] == "PENDING"
    assert await AssociationRequest.all().count() == 2


async def test_add_months_clamps_to_month_end() -> None:
    assert service.add_months(at(2026, 11, 30), 3) == at(2027, 2, 28)
    assert service.add_months(at(2026, 1, 15), 3) == at(2026, 4, 15)


# ----------------------------------------------------------------------------- obligations


async def test_arrears_block_the_request(client, world: World) -> None:
    await add_arrears(world.customers["a_m1"], settled=True)  # settled arrears do not count
    await add_arrears(world.customers["a_m1"])
    data = await run(client, world, "a_admin", CREATE, {"c": cust(world), "k": "SWITCH_TYPE"})
    assert codes(data) == ["CUSTOMER_HAS_ARREARS"]
    status = (await run(client, world, "a_admin", STATUS, {"c": cust(world)}))["customerAssociationStatus"]
    assert status["blockingObligations"] == ["ARREARS"] and status["canRequest"] is False
    assert await AssociationRequest.all().count() == 0 and await Message.all().count() == 0


async def test_orders_awaiting_partner_payment_block_the_request(client, world: World) -> None:
    cid = world.customers["a_m1"]
    await add_order(cid, world.orgs["a"], OrderState.PAID)
    await add_order(cid, world.orgs["a"], OrderState.AWAITING_PAYMENT)
    assert (await request(client, world, "UNBIND", "a_m2"))["state"] == "PENDING"  # another customer
    data = await run(client, world, "a_admin", CREATE, {"c": cust(world), "k": "UNBIND"})
    assert codes(data) == []  # paid and customer-payable orders do not block
    await AssociationLogEntry.all().delete()
    await AssociationRequest.all().delete()
    await add_order(cid, world.orgs["a"], OrderState.AWAITING_PARTNER_PAYMENT)
    data = await run(client, world, "a_admin", CREATE, {"c": cust(world), "k": "UNBIND"})
    assert codes(data) == ["CUSTOMER_HAS_UNPAID_ORDERS"]


async def test_arrears_arising_before_confirmation_block_it(client, world: World) -> None:
    req = await request(client, world)
    await add_arrears(world.customers["a_m1"])
    data = await run(client, world, "cust_user", CONFIRM, {"r": req["id"]})
    assert codes(data) == ["CUSTOMER_HAS_ARREARS"]
    assert (await Customer.get(id=world.customers["a_m1"])).association_type == "RESALE"


# ----------------------------------------------------------------------------- expiry


async def test_expiry_job_is_idempotent(client, world: World) -> None:
    with clock.frozen(at(2026, 3, 1)) as cell:
        req = await request(client, world)
        clock.advance(cell, timedelta(days=7) - timedelta(seconds=1))
        assert await run_job("association-expire") == {"expired": 0}
        clock.advance(cell, timedelta(seconds=1))
        # The window is over even before the job runs.
        assert codes(await run(client, world, "cust_user", CONFIRM, {"r": req["id"]})) == ["REQUEST_EXPIRED"]
        assert await run_job("association-expire") == {"expired": 1}
        assert await run_job("association-expire") == {"expired": 0}
    stored = await AssociationRequest.get(id=1)
    assert stored.state == "EXPIRED" and stored.decided_by_id is None
    assert await log_actions(world.customers["a_m1"]) == ["SWITCH_REQUESTED", "EXPIRED"]
    assert await messages_of(world, "a_admin") == ["ASSOCIATION_EXPIRED"]
    assert codes(await run(client, world, "cust_user", CONFIRM, {"r": req["id"]})) == ["REQUEST_NOT_PENDING"]


# ----------------------------------------------------------------------------- unbind


async def test_confirmed_unbind_releases_the_customer_and_runs_the_hooks(client, world: World) -> None:
    calls: list[tuple[int, int, int | None]] = []

    async def hook(customer_id: int, partner_id: int, actor: int | None) -> None:
        calls.append((customer_id, partner_id, actor))

    hooks.on_customer_unbound(hook)
    try:
        req = await request(client, world, "UNBIND")
        await run(client, world, "cust_user", CONFIRM, {"r": req["id"]})
    finally:
        hooks._UNBIND_HOOKS.remove(hook)
    cid = world.customers["a_m1"]
    assert calls == [(cid, world.orgs["a"], world.users["cust_user"])]
    stored = await Customer.get(id=cid)
    assert stored.unbound_at is not None and stored.manager_id is None
    assert stored.partner_id == world.orgs["vendor"]  # type: ignore[attr-defined]
    for username in ("a_admin", "a_m1", "a_lead", "a_fin"):
        node = await run(client, world, username, CUSTOMER_NODE, {"id": cust(world)})
        assert node["node"] is None, username
    # The customer still sees itself; the partner keeps its log.
    assert (await run(client, world, "cust_user", CUSTOMER_NODE, {"id": cust(world)}))["node"] is not None
    # Its opportunities stay the partner's, but the nested customer is no longer shown.
    opp = "query($id: ID!) { node(id: $id) { ... on Opportunity { id customer { id } } } }"
    for username in ("a_admin", "a_m1"):
        node = await run(
            client, world, username, opp, {"id": world.gid("Opportunity", world.opportunities["a_m1"])}
        )
        assert node["node"] == {"id": world.gid("Opportunity", world.opportunities["a_m1"]), "customer": None}
    entries = (await run(client, world, "a_admin", LOG, {"n": 20}))["associationLog"]["edges"]
    assert [e["node"]["action"] for e in entries] == ["UNBOUND", "CONFIRMED", "UNBIND_REQUESTED"]
    assert entries[0]["node"]["customer"] is None  # no longer the partner's


async def test_a_failing_hook_undoes_the_unbind(client, world: World) -> None:
    async def broken(customer_id: int, partner_id: int, actor: int | None) -> None:
        raise RuntimeError("voucher reclaim failed")

    req = await request(client, world, "UNBIND")
    hooks.on_customer_unbound(broken)
    try:
        csrf = await sign_in(client, world, "cust_user")
        body = await gql(client, CONFIRM, {"r": req["id"]}, csrf=csrf)
        assert body.get("errors")
    finally:
        hooks._UNBIND_HOOKS.remove(broken)
    assert (await Customer.get(id=world.customers["a_m1"])).unbound_at is None
    assert (await AssociationRequest.get(id=1)).state == "PENDING"
    assert await log_actions(world.customers["a_m1"]) == ["UNBIND_REQUESTED"]


async def test_customer_initiated_unbind_rejected_with_reason(client, world: World) -> None:
    data = await run(client, world, "cust_user", UNBIND_ASK, {"reason": "改为直接与云厂商合作"})
    req = payload(data)["request"]
    assert (req["initiator"], req["kind"], req["state"], req["expiresAt"]) == (
        "CUSTOMER",
        "UNBIND",
        "PENDING",
        None,
    )
    assert await messages_of(world, "a_admin") == ["UNBIND_REQUESTED"]
    assert await messages_of(world, "a_m1") == []
    # The customer's manager sees the request but does not decide it; the customer cannot confirm its own.
    assert codes(await run(client, world, "a_m1", APPROVE, {"r": req["id"]})) == ["PARTNER_ADMIN_ONLY"]
    assert codes(await run(client, world, "cust_user", CONFIRM, {"r": req["id"]})) == ["PARTNER_ADMIN_ONLY"]
    assert codes(await run(client, world, "a_admin", REJECT, {"r": req["id"], "reason": "  "})) == ["BLANK"]
    data = await run(client, world, "a_admin", REJECT, {"r": req["id"], "reason": "合同未到期"})
    assert payload(data)["request"]["state"] == "REJECTED"
    assert payload(data)["request"]["decisionReason"] == "合同未到期"
    assert await messages_of(world, "cust_user") == ["UNBIND_REJECTED"]
    assert (await Customer.get(id=world.customers["a_m1"])).unbound_at is None
    assert await log_actions(world.customers["a_m1"]) == ["UNBIND_REQUESTED", "REJECTED"]


async def test_customer_initiated_unbind_approved(client, world: World) -> None:
    calls: list[int] = []

    async def hook(customer_id: int, partner_id: int, actor: int | None) -> None:
        calls.append(customer_id)

    req = payload(await run(client, world, "cust_user", UNBIND_ASK, {"reason": ""}))["request"]
    assert codes(await run(client, world, "b_admin", APPROVE, {"r": req["id"]})) == ["NOT_FOUND"]
    hooks.on_customer_unbound(hook)
    try:
        data = await run(client, world, "a_admin", APPROVE, {"r": req["id"]})
    finally:
        hooks._UNBIND_HOOKS.remove(hook)
    assert payload(data)["request"]["state"] == "APPROVED"
    assert calls == [world.customers["a_m1"]]
    assert (await Customer.get(id=world.customers["a_m1"])).unbound_at is not None
    assert await messages_of(world, "cust_user") == ["UNBIND_APPROVED"]
    assert await log_actions(world.customers["a_m1"]) == ["UNBIND_REQUESTED", "APPROVED", "UNBOUND"]


# ----------------------------------------------------------------------------- operation log


async def test_log_lists_actor_and_time_filtered_and_scoped(client, world: World) -> None:
    with clock.frozen(at(2026, 5, 1)):
        req = await request(client, world)
        await run(client, world, "cust_user", CONFIRM, {"r": req["id"]})
        await request(client, world, "SWITCH_TYPE", "a_m2")
    admin = (await run(client, world, "a_admin", LOG, {"n": 50}))["associationLog"]
    assert admin["totalCount"] == 4
    first = admin["edges"][-1]["node"]
    assert first["action"] == "SWITCH_REQUESTED" and first["at"].startswith("2026-05-01T09:00:00")
    assert first["actor"]["id"] == world.gid("User", world.users["a_admin"]) and first["bySystem"] is False
    confirmed = await run(client, world, "a_admin", LOG, {"n": 50, "f": {"actions": ["CONFIRMED"]}})
    node = confirmed["associationLog"]["edges"][0]["node"]
    assert node["actor"]["id"] == world.gid("User", world.users["cust_user"])
    by_customer = await run(
        client, world, "a_admin", LOG, {"n": 50, "f": {"customerIds": [cust(world, "a_m2")]}}
    )
    assert by_customer["associationLog"]["totalCount"] == 1
    # Scope: each manager sees only their customers' lines; another partner sees none.
    assert (await run(client, world, "a_m1", LOG, {"n": 50}))["associationLog"]["totalCount"] == 3
    assert (await run(client, world, "a_m2", LOG, {"n": 50}))["associationLog"]["totalCount"] == 1
    assert (await run(client, world, "a_m3", LOG, {"n": 50}))["associationLog"]["totalCount"] == 0
    assert (await run(client, world, "b_admin", LOG, {"n": 50}))["associationLog"]["totalCount"] == 0
    assert (await run(client, world, "cust_user", LOG, {"n": 50}))["associationLog"]["totalCount"] == 3
    foreign = await run(client, world, "b_admin", LOG, {"n": 50, "f": {"customerIds": [cust(world)]}})
    assert foreign["associationLog"]["totalCount"] == 0


async def test_log_statement_count_is_constant_in_page_size(client, world: World) -> None:
    for key in ("a_m1", "a_m2", "a_m3"):
        await request(client, world, "SWITCH_TYPE", key)
    for _ in range(30):
        await service.log(world.customers["a_m1"], world.orgs["a"], "BIND", world.users["a_admin"])  # type: ignore[arg-type]
    csrf = await sign_in(client, world, "a_admin")
    counts = []
    for n in (2, 25):
        with count_statements() as counter:
            body = await gql(client, LOG, {"n": n}, csrf=csrf)
        assert len(body["data"]["associationLog"]["edges"]) == n
        counts.append(len(counter.statements))
    assert counts[0] == counts[1], counts


# ----------------------------------------------------------------------------- assignment


async def test_assignment_moves_visibility_and_keeps_history(client, world: World) -> None:
    cid = cust(world)
    assert (await run(client, world, "a_m3", CUSTOMER_NODE, {"id": cid}))["node"] is None
    data = await run(
        client, world, "a_admin", ASSIGN, {"c": cid, "m": world.gid("User", world.users["a_m3"])}
    )
    result = payload(data)
    assert result["userErrors"] == []
    assert result["assignment"]["fromManager"]["id"] == world.gid("User", world.users["a_m1"])
    assert result["customer"]["manager"]["id"] == world.gid("User", world.users["a_m3"])
    assert (await run(client, world, "a_m1", CUSTOMER_NODE, {"id": cid}))["node"] is None
    assert (await run(client, world, "a_m3", CUSTOMER_NODE, {"id": cid}))["node"]["id"] == cid
    assert await messages_of(world, "a_m3") == ["CUSTOMER_ASSIGNED"]
    history = "query($c: [ID!]) { customerAssignments(first: 10, customerIds: $c) { totalCount } }"
    assert (await run(client, world, "a_admin", history, {"c": [cid]}))["customerAssignments"][
        "totalCount"
    ] == 1
    assert (await run(client, world, "a_m3", history, {"c": [cid]}))["customerAssignments"]["totalCount"] == 1
    assert (await run(client, world, "a_m1", history, {"c": [cid]}))["customerAssignments"]["totalCount"] == 0
    again = await run(
        client, world, "a_admin", ASSIGN, {"c": cid, "m": world.gid("User", world.users["a_m3"])}
    )
    assert codes(again) == ["ALREADY_ASSIGNED"]


@pytest.mark.parametrize(
    ("username", "target", "code"),
    [
        ("a_lead", "a_m2", None),  # supervisor, within the subtree
        ("a_lead", "a_m3", "NOT_IN_TEAM"),  # outside the subtree
        ("a_admin", "b_m1", "NOT_IN_TEAM"),  # another partner's manager
        ("a_admin", "a_fin", "NOT_IN_TEAM"),  # not a manager
        ("a_m1", "a_m2", "FORBIDDEN"),  # managers do not assign
        ("b_admin", "b_m1", "NOT_FOUND"),  # customer out of scope
    ],
)
async def test_who_assigns_to_whom(
    client, world: World, username: str, target: str, code: str | None
) -> None:
    data = await run(
        client, world, username, ASSIGN, {"c": cust(world), "m": world.gid("User", world.users[target])}
    )
    assert codes(data) == ([] if code is None else [code])
    expected = world.users[target] if code is None else world.users["a_m1"]
    assert (await Customer.get(id=world.customers["a_m1"])).manager_id == expected


# ----------------------------------------------------------------------------- notice and knowledge


async def test_knowledge_needs_the_latest_notice_signed(client, world: World) -> None:
    cid = cust(world)

    async def knowledge(username: str = "a_m1") -> dict:
        return (await run(client, world, username, KNOWLEDGE, {"c": cid}))["customerKnowledge"]  # type: ignore[no-any-return]

    assert (await knowledge())["reason"] == "NO_NOTICE_PUBLISHED"
    for kind, title, industry in (("PRODUCT", "云数据库", "INTERNET"), ("SOLUTION", "银行核心", "FINANCE")):
        data = await run(client, world, "pdm", KNOWLEDGE_CREATE, {"k": kind, "t": title, "i": [industry]})
        assert codes(data) == []
    v1 = payload(await run(client, world, "pdm", PUBLISH, {"t": "须知 v1", "b": "正文"}))["notice"]
    assert v1["version"] == 1
    got = await knowledge()
    assert (got["available"], got["reason"], got["items"]) == (False, "NOTICE_NOT_SIGNED", [])
    status = payload(await run(client, world, "cust_user", SIGN, {"n": v1["id"]}))["status"]
    assert status == {"signedVersion": 1, "upToDate": True, "latest": {"version": 1}}
    got = await knowledge()
    assert got["available"] is True and got["reason"] is None
    assert [i["title"] for i in got["items"]] == ["云数据库"]  # matched to the customer's industry
    v2 = payload(await run(client, world, "pdm", PUBLISH, {"t": "须知 v2", "b": "新正文"}))["notice"]
    got = await knowledge("a_admin")
    assert (got["reason"], got["signedNoticeVersion"], got["latestNoticeVersion"]) == (
        "NOTICE_OUTDATED",
        1,
        2,
    )
    assert got["items"] == []
    assert codes(await run(client, world, "cust_user", SIGN, {"n": v1["id"]})) == ["NOTICE_OUTDATED"]
    assert codes(await run(client, world, "cust_user", SIGN, {"n": v2["id"]})) == []
    assert (await knowledge())["available"] is True
    # Out of scope: like an unknown customer.
    assert (await knowledge("b_admin")) is None
    assert (await knowledge("a_m2")) is None


@pytest.mark.parametrize("username", ["a_admin", "a_m1", "cust_user", "vfin"])
async def test_only_vendor_pdm_publishes_and_maintains_knowledge(client, world: World, username: str) -> None:
    assert codes(await run(client, world, username, PUBLISH, {"t": "t", "b": "b"})) == ["FORBIDDEN"]
    data = await run(client, world, username, KNOWLEDGE_CREATE, {"k": "PRODUCT", "t": "t", "i": ["INTERNET"]})
    assert codes(data) == ["FORBIDDEN"]


async def test_only_customer_users_sign(client, world: World) -> None:
    v1 = payload(await run(client, world, "pdm", PUBLISH, {"t": "须知", "b": "正文"}))["notice"]
    for username in ("a_admin", "a_m1", "pdm"):
        assert codes(await run(client, world, username, SIGN, {"n": v1["id"]})) == ["CUSTOMER_USER_ONLY"]
    assert codes(await run(client, world, "pdm", PUBLISH, {"t": " ", "b": ""})) == ["BLANK", "BLANK"]


# ----------------------------------------------------------------------------- messages in the message centre

MESSAGES = (
    "{ messages(first: 20) { edges { node { kind params recordType"
    " record { __typename id ... on AssociationRequest { state } } } } } }"
)


async def test_messages_link_to_the_request_without_personal_data(client, world: World) -> None:
    with clock.frozen(at(2026, 7, 1)):
        req = await request(client, world, "UNBIND")
    mine = (await run(client, world, "cust_user", MESSAGES))["messages"]["edges"]
    assert [e["node"]["kind"] for e in mine] == ["ASSOCIATION_CONFIRMATION_PENDING"]
    node = mine[0]["node"]
    assert node["params"] == {
        "requestKind": "UNBIND",
        "associationType": None,
        "deadline": "2026-07-08T09:00:00+00:00",
    }
    assert node["record"] == {"__typename": "AssociationRequest", "id": req["id"], "state": "PENDING"}
    name = world.customer_names["a_m1"]
    with clock.frozen(at(2026, 7, 2)):
        assert codes(await run(client, world, "cust_user", DECLINE, {"r": req["id"]})) == []
    theirs = (await run(client, world, "a_admin", MESSAGES))["messages"]["edges"]
    assert [e["node"]["kind"] for e in theirs] == ["ASSOCIATION_DECLINED"]
    assert theirs[0]["node"]["record"]["state"] == "DECLINED"
    for e in mine + theirs:
        assert name not in str(e["node"]["params"])


async def test_customer_assigned_message_links_to_the_customer_only_for_its_new_manager(
    client, world: World
) -> None:
    cid = cust(world)
    await run(client, world, "a_admin", ASSIGN, {"c": cid, "m": world.gid("User", world.users["a_m2"])})
    got = (await run(client, world, "a_m2", MESSAGES))["messages"]["edges"]
    assert [(e["node"]["kind"], e["node"]["record"]["id"]) for e in got] == [("CUSTOMER_ASSIGNED", cid)]
    # Reassigned away again: the old message no longer reveals the customer.
    await run(client, world, "a_admin", ASSIGN, {"c": cid, "m": world.gid("User", world.users["a_m1"])})
    got = (await run(client, world, "a_m2", MESSAGES))["messages"]["edges"]
    assert got[0]["node"]["record"] is None
