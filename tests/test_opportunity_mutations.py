"""Opportunity mutations (create, update, progress, reassign) and the list's filters and orderings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from partnercenter.accounts.enums import Role
from partnercenter.accounts.models import User
from partnercenter.core.context import Viewer
from partnercenter.core.errors import ErrorCode
from partnercenter.core.ids import from_global_id
from partnercenter.customers.models import Customer
from partnercenter.opportunities.models import Opportunity, OpportunityProgress
from tests import policy_tables as policy
from tests.factories import World, gql, login, sign_in
from tests.policy_tables import Resource, RowScope

PAYLOAD = """opportunity { id name industry type stage confidence description createdAt updatedAt
  expectedMonthlyRevenue { amount currency } owner { id } customer { id } }
  userErrors { code field message }"""
CREATE = f"mutation($input: OpportunityCreateInput!) {{ opportunityCreate(input: $input) {{ {PAYLOAD} }} }}"
UPDATE = f"mutation($input: OpportunityUpdateInput!) {{ opportunityUpdate(input: $input) {{ {PAYLOAD} }} }}"
REASSIGN = (
    f"mutation($input: OpportunityReassignInput!) {{ opportunityReassign(input: $input) {{ {PAYLOAD} }} }}"
)
PROGRESS = """mutation($input: OpportunityProgressAddInput!) { opportunityProgressAdd(input: $input) {
  progress { id note stage createdAt author { id } }
  opportunity { id stage updatedAt progressUpdates { id note stage } }
  userErrors { code field message } } }"""
NODE = """query($id: ID!) { node(id: $id) { ... on Opportunity { id stage owner { id }
  progressUpdates { id note stage author { id } } } } }"""
TOTAL = "{ opportunities(first: 100) { totalCount edges { node { id } } } }"
OLD = datetime(2020, 1, 1, tzinfo=UTC)


def _input(world: World, **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "customerId": world.gid("Customer", world.customers["a_m1"]),
        "name": "新建上云项目",
        "type": "NEW_PURCHASE",
        "stage": "LEAD",
        "confidence": 30,
        "expectedMonthlyRevenue": {"amount": "2500.5", "currency": "CNY"},
    }
    base.update(overrides)
    return base


async def _visible_ids(client) -> list[str]:
    body = await gql(client, TOTAL)
    conn = body["data"]["opportunities"]
    ids = [e["node"]["id"] for e in conn["edges"]]
    assert conn["totalCount"] == len(ids)
    return ids


async def _snapshot(pk: int) -> dict[str, Any]:
    return (await Opportunity.filter(id=pk).values())[0]  # type: ignore[no-any-return]


def _iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


# --- opportunityCreate ---------------------------------------------------------------------------


async def test_manager_creates_for_own_customer(client, world: World) -> None:
    customer_pk = world.customers["a_m1"]
    await Customer.filter(id=customer_pk).update(industry="HEALTHCARE")
    csrf = await login(client, "a_m1")
    before = await _visible_ids(client)
    assert len(before) == 1

    body = await gql(client, CREATE, {"input": _input(world, name="  新建上云项目  ")}, csrf=csrf)
    payload = body["data"]["opportunityCreate"]
    assert payload["userErrors"] == []
    opp = payload["opportunity"]
    assert opp["name"] == "新建上云项目"
    assert opp["industry"] == "HEALTHCARE"  # the customer's industry by default
    assert (opp["type"], opp["stage"], opp["confidence"]) == ("NEW_PURCHASE", "LEAD", 30)
    assert opp["expectedMonthlyRevenue"] == {"amount": "2500.50", "currency": "CNY"}
    assert opp["owner"] == {"id": world.gid("User", world.users["a_m1"])}
    assert opp["customer"] == {"id": world.gid("Customer", customer_pk)}

    decoded = from_global_id(opp["id"])
    assert decoded is not None and decoded[0] == "Opportunity"
    row = await _snapshot(decoded[1])
    assert row["owner_id"] == world.users["a_m1"]
    assert row["partner_id"] == world.orgs["a"]
    assert row["customer_id"] == customer_pk
    assert row["industry"] == "HEALTHCARE"
    assert row["expected_monthly_revenue"] == Decimal("2500.50")
    assert row["currency"] == "CNY"
    assert row["created_at"] == row["updated_at"]
    assert abs(row["created_at"] - datetime.now(UTC)) < timedelta(minutes=5)

    after = await _visible_ids(client)
    assert len(after) == len(before) + 1 and opp["id"] in after


async def test_explicit_industry_and_longest_name_are_kept(client, world: World) -> None:
    csrf = await sign_in(client, world, "a_m1")
    name = "长" * 200
    body = await gql(
        client, CREATE, {"input": _input(world, name=name, industry="FINANCE", confidence=0)}, csrf=csrf
    )
    payload = body["data"]["opportunityCreate"]
    assert payload["userErrors"] == []
    assert payload["opportunity"]["name"] == name
    assert payload["opportunity"]["industry"] == "FINANCE"
    assert payload["opportunity"]["confidence"] == 0


async def test_customer_out_of_scope_looks_exactly_like_an_unknown_id(client, world: World) -> None:
    csrf = await sign_in(client, world, "a_m1")
    count = await Opportunity.all().count()
    answers = []
    for customer_id in (
        world.gid("Customer", world.customers["a_m2"]),  # same partner, another manager's customer
        world.gid("Customer", world.customers["b_m1"]),  # another partner's customer
        world.gid("Customer", world.customers["r_m1"]),
        world.gid("Customer", 999_999),
        world.gid("Opportunity", world.opportunities["a_m1"]),  # wrong type
        "not-a-global-id",
    ):
        body = await gql(client, CREATE, {"input": _input(world, customerId=customer_id)}, csrf=csrf)
        answers.append(body)
    first = answers[0]["data"]["opportunityCreate"]
    assert first["opportunity"] is None
    assert first["userErrors"] == [
        {"code": "NOT_FOUND", "field": "customerId", "message": "No such customer."}
    ]
    assert all(a == answers[0] for a in answers), answers
    assert await Opportunity.all().count() == count


@pytest.mark.parametrize("username", ["a_lead", "a_sup", "a_admin", "cust_user"])
async def test_roles_that_see_the_customer_but_may_not_create(client, world: World, username: str) -> None:
    csrf = await sign_in(client, world, username)
    count = await Opportunity.all().count()
    body = await gql(client, CREATE, {"input": _input(world)}, csrf=csrf)
    payload = body["data"]["opportunityCreate"]
    assert payload["opportunity"] is None
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [("FORBIDDEN", "customerId")]
    assert await Opportunity.all().count() == count


async def test_manager_with_a_visible_customer_of_someone_else_gets_not_your_customer(
    client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With today's table an account manager sees only their own customers; were their customer
    scope wider (here: the whole partner), a visible customer assigned to a colleague answers
    NOT_YOUR_CUSTOMER, while a customer still outside the scope keeps answering NOT_FOUND."""
    monkeypatch.setitem(policy.ROW_SCOPES[Resource.CUSTOMER], Role.ACCOUNT_MANAGER, RowScope.ORG)
    csrf = await sign_in(client, world, "a_m1")
    count = await Opportunity.all().count()
    colleague = world.gid("Customer", world.customers["a_m2"])
    body = await gql(client, CREATE, {"input": _input(world, customerId=colleague)}, csrf=csrf)
    payload = body["data"]["opportunityCreate"]
    assert payload["opportunity"] is None
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [("NOT_YOUR_CUSTOMER", "customerId")]
    outside = await gql(
        client,
        CREATE,
        {"input": _input(world, customerId=world.gid("Customer", world.customers["b_m1"]))},
        csrf=csrf,
    )
    unknown = await gql(
        client, CREATE, {"input": _input(world, customerId=world.gid("Customer", 999_999))}, csrf=csrf
    )
    assert outside == unknown
    assert [e["code"] for e in outside["data"]["opportunityCreate"]["userErrors"]] == ["NOT_FOUND"]
    assert await Opportunity.all().count() == count
    # The own customer still works under the wider scope.
    body = await gql(client, CREATE, {"input": _input(world)}, csrf=csrf)
    assert body["data"]["opportunityCreate"]["userErrors"] == []


def test_create_denial_is_decided_by_the_policy() -> None:
    manager = Viewer(org_id=1, role=Role.ACCOUNT_MANAGER, user_id=7)
    assert policy.create_opportunity_denial(manager, {"manager_id": 7}) is None
    assert policy.create_opportunity_denial(manager, {"manager_id": 8}) is ErrorCode.NOT_YOUR_CUSTOMER
    assert policy.create_opportunity_denial(manager, {"manager_id": None}) is ErrorCode.NOT_YOUR_CUSTOMER
    for role in (Role.SUPERVISOR, Role.PARTNER_ADMIN, Role.CUSTOMER_USER, Role.VENDOR_PDM):
        viewer = Viewer(org_id=1, role=role, user_id=7)
        assert policy.create_opportunity_denial(viewer, {"manager_id": 7}) is ErrorCode.FORBIDDEN
    token = Viewer(org_id=1, role=Role.INTEGRATOR, token_id=3)
    assert policy.create_opportunity_denial(token, {"manager_id": None}) is ErrorCode.FORBIDDEN


async def test_api_token_and_anonymous_cannot_create(client, world: World) -> None:
    client.cookies.clear()
    count = await Opportunity.all().count()
    body = await gql(client, CREATE, {"input": _input(world)}, token=world.tokens["full"])
    assert [e["code"] for e in body["data"]["opportunityCreate"]["userErrors"]] == ["FORBIDDEN"]
    body = await gql(client, CREATE, {"input": _input(world)})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert body["data"] is None
    assert await Opportunity.all().count() == count


# (input overrides, expected (code, field) pairs): each wrong input gets its own precise code.
CREATE_INVALID: list[tuple[dict[str, Any], list[tuple[str, str]]]] = [
    ({"name": ""}, [("BLANK", "name")]),
    ({"name": "   "}, [("BLANK", "name")]),
    ({"name": "x" * 201}, [("TOO_LONG", "name")]),
    ({"confidence": 55}, [("NOT_IN_STEPS", "confidence")]),
    ({"confidence": 5}, [("NOT_IN_STEPS", "confidence")]),
    ({"confidence": 110}, [("OUT_OF_RANGE", "confidence")]),
    ({"confidence": -10}, [("OUT_OF_RANGE", "confidence")]),
    ({"expectedMonthlyRevenue": {"amount": "-1"}}, [("NEGATIVE", "expectedMonthlyRevenue")]),
    ({"expectedMonthlyRevenue": {"amount": "-0.01"}}, [("NEGATIVE", "expectedMonthlyRevenue")]),
    ({"expectedMonthlyRevenue": {"amount": "1.234"}}, [("TOO_MANY_DECIMALS", "expectedMonthlyRevenue")]),
    ({"expectedMonthlyRevenue": {"amount": "NaN"}}, [("NOT_A_NUMBER", "expectedMonthlyRevenue")]),
    ({"expectedMonthlyRevenue": {"amount": "Infinity"}}, [("NOT_A_NUMBER", "expectedMonthlyRevenue")]),
    ({"expectedMonthlyRevenue": {"amount": "1e30"}}, [("TOO_LARGE", "expectedMonthlyRevenue")]),
    (
        {"expectedMonthlyRevenue": {"amount": "100", "currency": "USD"}},
        [("UNSUPPORTED_CURRENCY", "expectedMonthlyRevenue")],
    ),
    ({"description": "d" * 5001}, [("TOO_LONG", "description")]),
    ({"name": "", "confidence": 55}, [("BLANK", "name"), ("NOT_IN_STEPS", "confidence")]),
    (
        {"expectedMonthlyRevenue": {"amount": "-1.234", "currency": "USD"}},
        [("NEGATIVE", "expectedMonthlyRevenue"), ("UNSUPPORTED_CURRENCY", "expectedMonthlyRevenue")],
    ),
]


async def test_create_validation(client, world: World) -> None:
    csrf = await sign_in(client, world, "a_m1")
    count = await Opportunity.all().count()
    for overrides, expected in CREATE_INVALID:
        body = await gql(client, CREATE, {"input": _input(world, **overrides)}, csrf=csrf)
        payload = body["data"]["opportunityCreate"]
        assert payload["opportunity"] is None, overrides
        assert sorted((e["code"], e["field"]) for e in payload["userErrors"]) == sorted(expected), (
            overrides,
            payload,
        )
        assert all(e["message"] for e in payload["userErrors"])
    assert await Opportunity.all().count() == count
    # The boundaries themselves are accepted.
    for overrides in (
        {"confidence": 100},
        {"confidence": 0},
        {"expectedMonthlyRevenue": {"amount": "0.01"}},
        {"expectedMonthlyRevenue": {"amount": "999999999999.99"}},
        {"name": "x"},
        {"description": "d" * 5000},
    ):
        body = await gql(client, CREATE, {"input": _input(world, **overrides)}, csrf=csrf)
        assert body["data"]["opportunityCreate"]["userErrors"] == [], overrides
    assert await Opportunity.all().count() == count + 6


# --- opportunityUpdate ---------------------------------------------------------------------------


async def test_owner_updates_stage_confidence_and_revenue(client, world: World) -> None:
    pk = world.opportunities["a_m1"]
    await Opportunity.filter(id=pk).update(updated_at=OLD)
    before = await _snapshot(pk)
    csrf = await sign_in(client, world, "a_m1")
    changes = {
        "id": world.gid("Opportunity", pk),
        "stage": "NEGOTIATION",
        "confidence": 80,
        "expectedMonthlyRevenue": {"amount": "12345.5"},
    }
    body = await gql(client, UPDATE, {"input": changes}, csrf=csrf)
    payload = body["data"]["opportunityUpdate"]
    assert payload["userErrors"] == []
    opp = payload["opportunity"]
    assert (opp["stage"], opp["confidence"]) == ("NEGOTIATION", 80)
    assert opp["expectedMonthlyRevenue"] == {"amount": "12345.50", "currency": "CNY"}
    assert opp["name"] == before["name"] and opp["type"] == before["type"]
    assert _iso(opp["updatedAt"]) > OLD
    assert _iso(opp["createdAt"]) == before["created_at"]

    row = await _snapshot(pk)
    assert (row["stage"], row["confidence"]) == ("NEGOTIATION", 80)
    assert row["expected_monthly_revenue"] == Decimal("12345.50")
    assert row["updated_at"] > OLD
    assert {
        k: v
        for k, v in row.items()
        if k not in ("stage", "confidence", "expected_monthly_revenue", "updated_at")
    } == {
        k: v
        for k, v in before.items()
        if k not in ("stage", "confidence", "expected_monthly_revenue", "updated_at")
    }

    body = await gql(
        client, UPDATE, {"input": {"id": changes["id"], "expectedMonthlyRevenue": {"amount": "7"}}}, csrf=csrf
    )
    assert body["data"]["opportunityUpdate"]["opportunity"]["expectedMonthlyRevenue"]["amount"] == "7.00"


async def test_update_validation_changes_nothing(client, world: World) -> None:
    pk = world.opportunities["a_m1"]
    before = await _snapshot(pk)
    csrf = await sign_in(client, world, "a_m1")
    gid = world.gid("Opportunity", pk)
    for extra, code, field in (
        ({"confidence": 55}, "NOT_IN_STEPS", "confidence"),
        ({"confidence": 200}, "OUT_OF_RANGE", "confidence"),
        ({"name": ""}, "BLANK", "name"),
        ({"name": "n" * 201}, "TOO_LONG", "name"),
        ({"description": "d" * 5001}, "TOO_LONG", "description"),
        ({"expectedMonthlyRevenue": {"amount": "1.001"}}, "TOO_MANY_DECIMALS", "expectedMonthlyRevenue"),
        ({"expectedMonthlyRevenue": {"amount": "-5"}}, "NEGATIVE", "expectedMonthlyRevenue"),
        (
            {"expectedMonthlyRevenue": {"amount": "5", "currency": "USD"}},
            "UNSUPPORTED_CURRENCY",
            "expectedMonthlyRevenue",
        ),
    ):
        body = await gql(client, UPDATE, {"input": {"id": gid, "stage": "WON", **extra}}, csrf=csrf)
        errors = body["data"]["opportunityUpdate"]["userErrors"]
        assert [(e["code"], e["field"]) for e in errors] == [(code, field)], extra
    assert await _snapshot(pk) == before


@pytest.mark.parametrize("username", ["a_m2", "b_admin", "b_m1", "r_admin", "a_m3"])
async def test_update_out_of_scope_is_not_found(client, world: World, username: str) -> None:
    pk = world.opportunities["a_m1"]
    before = await _snapshot(pk)
    csrf = await sign_in(client, world, username)
    known = await gql(
        client, UPDATE, {"input": {"id": world.gid("Opportunity", pk), "stage": "WON"}}, csrf=csrf
    )
    unknown = await gql(
        client, UPDATE, {"input": {"id": world.gid("Opportunity", 999_999), "stage": "WON"}}, csrf=csrf
    )
    assert known == unknown
    assert known["data"]["opportunityUpdate"] == {
        "opportunity": None,
        "userErrors": [{"code": "NOT_FOUND", "field": "id", "message": "No such opportunity."}],
    }
    assert await _snapshot(pk) == before


async def test_partner_admin_may_update_and_supervisor_may_not(client, world: World) -> None:
    pk = world.opportunities["a_m1"]
    gid = world.gid("Opportunity", pk)
    before = await _snapshot(pk)
    for supervisor in ("a_lead", "a_sup"):
        csrf = await sign_in(client, world, supervisor)
        body = await gql(client, UPDATE, {"input": {"id": gid, "stage": "WON"}}, csrf=csrf)
        errors = body["data"]["opportunityUpdate"]["userErrors"]
        assert [(e["code"], e["field"]) for e in errors] == [("FORBIDDEN", "id")]
    assert await _snapshot(pk) == before

    csrf = await sign_in(client, world, "a_admin")
    body = await gql(client, UPDATE, {"input": {"id": gid, "stage": "WON", "confidence": 100}}, csrf=csrf)
    assert body["data"]["opportunityUpdate"]["userErrors"] == []
    row = await _snapshot(pk)
    assert (row["stage"], row["confidence"], row["owner_id"]) == ("WON", 100, world.users["a_m1"])

    # The distributor's admin sees its reseller's opportunity but does not edit it.
    reseller_pk = world.opportunities["r_m1"]
    reseller_before = await _snapshot(reseller_pk)
    body = await gql(
        client, UPDATE, {"input": {"id": world.gid("Opportunity", reseller_pk), "stage": "WON"}}, csrf=csrf
    )
    assert [e["code"] for e in body["data"]["opportunityUpdate"]["userErrors"]] == ["FORBIDDEN"]
    assert await _snapshot(reseller_pk) == reseller_before
    # ... while the reseller's own admin does.
    csrf = await sign_in(client, world, "r_admin")
    body = await gql(
        client, UPDATE, {"input": {"id": world.gid("Opportunity", reseller_pk), "stage": "WON"}}, csrf=csrf
    )
    assert body["data"]["opportunityUpdate"]["userErrors"] == []


# --- opportunityProgressAdd ----------------------------------------------------------------------


async def test_progress_entries_newest_first_with_optional_stage(client, world: World) -> None:
    pk = world.opportunities["a_m1"]
    gid = world.gid("Opportunity", pk)
    await Opportunity.filter(id=pk).update(updated_at=OLD)
    csrf = await sign_in(client, world, "a_m1")
    me = world.gid("User", world.users["a_m1"])

    body = await gql(
        client,
        PROGRESS,
        {"input": {"opportunityId": gid, "note": " 客户确认需求 ", "stage": "SOLUTION"}},
        csrf=csrf,
    )
    first = body["data"]["opportunityProgressAdd"]
    assert first["userErrors"] == []
    assert first["progress"]["note"] == "客户确认需求"
    assert first["progress"]["stage"] == "SOLUTION"
    assert first["progress"]["author"] == {"id": me}
    assert first["opportunity"]["stage"] == "SOLUTION"
    assert _iso(first["opportunity"]["updatedAt"]) > OLD

    body = await gql(client, PROGRESS, {"input": {"opportunityId": gid, "note": "已发送方案"}}, csrf=csrf)
    second = body["data"]["opportunityProgressAdd"]
    assert second["userErrors"] == []
    assert second["progress"]["stage"] == "SOLUTION"  # no stage given: the current one is recorded
    assert second["opportunity"]["stage"] == "SOLUTION"
    assert [p["id"] for p in second["opportunity"]["progressUpdates"]] == [
        second["progress"]["id"],
        first["progress"]["id"],
    ]

    csrf = await sign_in(client, world, "a_admin")
    body = await gql(
        client, PROGRESS, {"input": {"opportunityId": gid, "note": "管理员跟进", "stage": "WON"}}, csrf=csrf
    )
    assert body["data"]["opportunityProgressAdd"]["userErrors"] == []

    await sign_in(client, world, "a_m1")
    node = (await gql(client, NODE, {"id": gid}))["data"]["node"]
    assert node["stage"] == "WON"
    assert [(p["note"], p["stage"]) for p in node["progressUpdates"]] == [
        ("管理员跟进", "WON"),
        ("已发送方案", "SOLUTION"),
        ("客户确认需求", "SOLUTION"),
    ]
    assert node["progressUpdates"][0]["author"]["id"] == world.gid("User", world.users["a_admin"])
    assert await OpportunityProgress.filter(opportunity_id=pk).count() == 3


async def test_progress_validation_and_rights(client, world: World) -> None:
    pk = world.opportunities["a_m1"]
    gid = world.gid("Opportunity", pk)
    before = await _snapshot(pk)
    csrf = await sign_in(client, world, "a_m1")
    for note, code in (("", "BLANK"), ("   ", "BLANK"), ("n" * 2001, "TOO_LONG")):
        body = await gql(
            client, PROGRESS, {"input": {"opportunityId": gid, "note": note, "stage": "WON"}}, csrf=csrf
        )
        payload = body["data"]["opportunityProgressAdd"]
        assert payload["progress"] is None and payload["opportunity"] is None
        assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, "note")]
    for username, code in (("a_m2", "NOT_FOUND"), ("b_admin", "NOT_FOUND"), ("a_lead", "FORBIDDEN")):
        csrf = await sign_in(client, world, username)
        body = await gql(
            client, PROGRESS, {"input": {"opportunityId": gid, "note": "x", "stage": "WON"}}, csrf=csrf
        )
        errors = body["data"]["opportunityProgressAdd"]["userErrors"]
        assert [(e["code"], e["field"]) for e in errors] == [(code, "opportunityId")], username
    assert await OpportunityProgress.all().count() == 0
    assert await _snapshot(pk) == before


# --- opportunityReassign -------------------------------------------------------------------------


async def test_supervisor_reassigns_within_subtree(client, world: World) -> None:
    pk = world.opportunities["a_m1"]
    gid = world.gid("Opportunity", pk)
    csrf = await sign_in(client, world, "a_lead")
    body = await gql(
        client, REASSIGN, {"input": {"id": gid, "ownerId": world.gid("User", world.users["a_m2"])}}, csrf=csrf
    )
    payload = body["data"]["opportunityReassign"]
    assert payload["userErrors"] == []
    assert payload["opportunity"]["owner"] == {"id": world.gid("User", world.users["a_m2"])}
    assert (await _snapshot(pk))["owner_id"] == world.users["a_m2"]

    await sign_in(client, world, "a_m2")
    assert set(await _visible_ids(client)) == {gid, world.gid("Opportunity", world.opportunities["a_m2"])}
    assert (await gql(client, NODE, {"id": gid}))["data"]["node"]["owner"]["id"] == world.gid(
        "User", world.users["a_m2"]
    )
    await sign_in(client, world, "a_m1")
    assert await _visible_ids(client) == []
    assert (await gql(client, NODE, {"id": gid}))["data"]["node"] is None


async def test_supervisor_cannot_reassign_outside_subtree(client, world: World) -> None:
    pk = world.opportunities["a_m1"]
    before = await _snapshot(pk)
    csrf = await sign_in(client, world, "a_lead")
    for target in ("a_m3", "a_fin", "a_admin", "b_m1", "r_m1"):
        body = await gql(
            client,
            REASSIGN,
            {
                "input": {
                    "id": world.gid("Opportunity", pk),
                    "ownerId": world.gid("User", world.users[target]),
                }
            },
            csrf=csrf,
        )
        errors = body["data"]["opportunityReassign"]["userErrors"]
        assert [(e["code"], e["field"]) for e in errors] == [("NOT_IN_TEAM", "ownerId")], target
    # a_m3's opportunity is outside a_lead's scope altogether.
    body = await gql(
        client,
        REASSIGN,
        {
            "input": {
                "id": world.gid("Opportunity", world.opportunities["a_m3"]),
                "ownerId": world.gid("User", world.users["a_m1"]),
            }
        },
        csrf=csrf,
    )
    assert [e["code"] for e in body["data"]["opportunityReassign"]["userErrors"]] == ["NOT_FOUND"]
    assert await _snapshot(pk) == before


async def test_admin_reassigns_across_the_partner_but_not_outside_it(client, world: World) -> None:
    pk = world.opportunities["a_m1"]
    gid = world.gid("Opportunity", pk)
    inactive = await User.get(id=world.users["a_m2"])
    csrf = await sign_in(client, world, "a_admin")
    for target in ("b_m1", "r_m1", "a_fin", "pdm"):
        body = await gql(
            client,
            REASSIGN,
            {"input": {"id": gid, "ownerId": world.gid("User", world.users[target])}},
            csrf=csrf,
        )
        errors = body["data"]["opportunityReassign"]["userErrors"]
        assert [(e["code"], e["field"]) for e in errors] == [("NOT_IN_TEAM", "ownerId")], target
    for bad in (world.gid("User", 999_999), world.gid("Customer", world.customers["a_m3"]), "garbage"):
        body = await gql(client, REASSIGN, {"input": {"id": gid, "ownerId": bad}}, csrf=csrf)
        assert [e["code"] for e in body["data"]["opportunityReassign"]["userErrors"]] == ["NOT_IN_TEAM"], bad
    inactive.is_active = False
    await inactive.save()
    body = await gql(
        client, REASSIGN, {"input": {"id": gid, "ownerId": world.gid("User", inactive.id)}}, csrf=csrf
    )
    assert [e["code"] for e in body["data"]["opportunityReassign"]["userErrors"]] == ["NOT_IN_TEAM"]
    assert (await _snapshot(pk))["owner_id"] == world.users["a_m1"]

    body = await gql(
        client, REASSIGN, {"input": {"id": gid, "ownerId": world.gid("User", world.users["a_m3"])}}, csrf=csrf
    )
    assert body["data"]["opportunityReassign"]["userErrors"] == []
    assert (await _snapshot(pk))["owner_id"] == world.users["a_m3"]

    # The reseller's opportunity is visible to the distributor's admin but stays the reseller's business.
    body = await gql(
        client,
        REASSIGN,
        {
            "input": {
                "id": world.gid("Opportunity", world.opportunities["r_m1"]),
                "ownerId": world.gid("User", world.users["r_m1"]),
            }
        },
        csrf=csrf,
    )
    assert [e["code"] for e in body["data"]["opportunityReassign"]["userErrors"]] == ["NOT_IN_TEAM"]


async def test_managers_cannot_reassign(client, world: World) -> None:
    pk = world.opportunities["a_m1"]
    csrf = await sign_in(client, world, "a_m1")
    body = await gql(
        client,
        REASSIGN,
        {"input": {"id": world.gid("Opportunity", pk), "ownerId": world.gid("User", world.users["a_m2"])}},
        csrf=csrf,
    )
    errors = body["data"]["opportunityReassign"]["userErrors"]
    assert [(e["code"], e["field"]) for e in errors] == [("FORBIDDEN", "id")]
    assert (await _snapshot(pk))["owner_id"] == world.users["a_m1"]


# --- list filters --------------------------------------------------------------------------------

EXTRA = [
    # owner, name, industry, type, stage, confidence, revenue, updated_at
    ("a_m1", "Alpha cloud migration", "FINANCE", "MIGRATION", "LEAD", 10, "100.00", datetime(2025, 1, 1)),
    ("a_m1", "beta 扩容", "RETAIL", "EXPANSION", "SOLUTION", 30, "2500.50", datetime(2025, 2, 1)),
    ("a_m2", "Gamma renewal", "FINANCE", "RENEWAL", "WON", 60, "2500.50", datetime(2025, 3, 1)),
    ("a_m2", "delta 新购", "EDUCATION", "NEW_PURCHASE", "LOST", 60, "0.00", datetime(2025, 3, 1)),
    (
        "a_m3",
        "Epsilon ALPHA 项目",
        "INTERNET",
        "MIGRATION",
        "NEGOTIATION",
        90,
        "99999.99",
        datetime(2025, 4, 1),
    ),
    (
        "a_m3",
        "zeta 100% 上云",
        "HEALTHCARE",
        "EXPANSION",
        "QUALIFIED",
        100,
        "10000.00",
        datetime(2026, 1, 1, 1),
    ),
    ("a_m1", "eta_under", "FINANCE", "MIGRATION", "QUALIFIED", 50, "10000.00", datetime(2025, 2, 1)),
]


async def _build_list(world: World) -> list[Opportunity]:
    for i, (owner, name, industry, type_, stage, confidence, revenue, updated) in enumerate(EXTRA):
        stamp = updated.replace(tzinfo=UTC)
        await Opportunity.create(
            partner_id=world.orgs["a"],
            customer_id=world.customers[owner],
            owner_id=world.users[owner],
            name=name,
            industry=industry,
            type=type_,
            stage=stage,
            confidence=confidence,
            expected_monthly_revenue=Decimal(revenue),
            created_at=datetime(2025, 1, 1 + i // 2, tzinfo=UTC),
            updated_at=stamp,
        )
    # What a_admin sees: its own partner and its reseller's.
    return list(await Opportunity.filter(partner_id__in=[world.orgs["a"], world.orgs["r"]]))


LIST = """query($filter: OpportunityFilter, $order: OpportunityOrder, $first: Int, $after: String,
  $last: Int, $before: String) {
  opportunities(first: $first, after: $after, last: $last, before: $before,
    filter: $filter, orderBy: $order) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name } } } }"""


async def _names(client, filter_: dict[str, Any]) -> set[str]:
    body = await gql(client, LIST, {"filter": filter_, "first": 100})
    assert "errors" not in body, (filter_, body)
    conn = body["data"]["opportunities"]
    assert conn["totalCount"] == len(conn["edges"]), filter_
    return {e["node"]["name"] for e in conn["edges"]}


def _d(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


async def test_each_filter_returns_exactly_the_matching_rows(client, world: World) -> None:
    rows = await _build_list(world)
    assert len(rows) == 4 + len(EXTRA)
    user, customer = world.users, world.customers
    cases: list[tuple[dict[str, Any], Callable[[Opportunity], bool]]] = [
        ({"industries": ["FINANCE"]}, lambda o: o.industry == "FINANCE"),
        ({"industries": ["FINANCE", "RETAIL"]}, lambda o: o.industry in ("FINANCE", "RETAIL")),
        ({"types": ["RENEWAL", "NEW_PURCHASE"]}, lambda o: o.type in ("RENEWAL", "NEW_PURCHASE")),
        ({"stages": ["WON", "LOST"]}, lambda o: o.stage in ("WON", "LOST")),
        ({"stages": ["QUALIFIED"]}, lambda o: o.stage == "QUALIFIED"),
        ({"confidence": {"min": 30, "max": 60}}, lambda o: 30 <= o.confidence <= 60),
        ({"confidence": {"min": 90}}, lambda o: o.confidence >= 90),
        ({"confidence": {"max": 10}}, lambda o: o.confidence <= 10),
        ({"ownerIds": [world.gid("User", user["a_m2"])]}, lambda o: o.owner_id == user["a_m2"]),
        (
            {"ownerIds": [world.gid("User", user["a_m2"]), world.gid("User", user["a_m3"])]},
            lambda o: o.owner_id in (user["a_m2"], user["a_m3"]),
        ),
        ({"ownerIds": []}, lambda o: False),
        ({"ownerIds": [world.gid("User", 999_999), "garbage"]}, lambda o: False),
        (
            {"customerIds": [world.gid("Customer", customer["a_m2"])]},
            lambda o: o.customer_id == customer["a_m2"],
        ),
        (
            {
                "customerIds": [
                    world.gid("Customer", customer["a_m1"]),
                    world.gid("Customer", customer["r_m1"]),
                ]
            },
            lambda o: o.customer_id in (customer["a_m1"], customer["r_m1"]),
        ),
        (
            {"expectedMonthlyRevenue": {"min": "2500.50", "max": "10000.00"}},
            lambda o: Decimal("2500.50") <= o.expected_monthly_revenue <= Decimal("10000.00"),
        ),
        (
            {"expectedMonthlyRevenue": {"min": "2500.51"}},
            lambda o: o.expected_monthly_revenue >= Decimal("2500.51"),
        ),
        ({"expectedMonthlyRevenue": {"max": "0"}}, lambda o: o.expected_monthly_revenue <= 0),
        (
            {"updatedAt": {"from": "2025-02-01T00:00:00+00:00", "to": "2025-03-01T00:00:00+00:00"}},
            lambda o: _d("2025-02-01") <= o.updated_at <= _d("2025-03-01"),
        ),
        ({"updatedAt": {"from": "2026-01-01T00:00:00Z"}}, lambda o: o.updated_at >= _d("2026-01-01")),
        ({"updatedAt": {"to": "2025-01-01T00:00:00+00:00"}}, lambda o: o.updated_at <= _d("2025-01-01")),
        # 2025-03-01 08:00 in Shanghai is 00:00 UTC: time zones are honoured.
        (
            {"updatedAt": {"from": "2025-03-01T08:00:00+08:00", "to": "2025-03-01T08:00:00+08:00"}},
            lambda o: o.updated_at == _d("2025-03-01"),
        ),
        ({"search": "alpha"}, lambda o: "alpha" in o.name.lower()),
        ({"search": "上云"}, lambda o: "上云" in o.name),
        ({"search": "  Gamma  "}, lambda o: "gamma" in o.name.lower()),
        ({"search": "%"}, lambda o: "%" in o.name),
        ({"search": "_"}, lambda o: "_" in o.name),
        (
            {"industries": ["FINANCE"], "stages": ["WON", "QUALIFIED"]},
            lambda o: o.industry == "FINANCE" and o.stage in ("WON", "QUALIFIED"),
        ),
    ]
    await sign_in(client, world, "a_admin")
    for filter_, predicate in cases:
        expected = {o.name for o in rows if predicate(o)}
        if filter_ not in ({"ownerIds": []}, {"ownerIds": [world.gid("User", 999_999), "garbage"]}):
            assert 0 < len(expected) < len(rows), filter_  # every case must discriminate
        assert await _names(client, filter_) == expected, filter_


async def test_out_of_range_date_filter_is_a_typed_error(client, world: World) -> None:
    await sign_in(client, world, "a_admin")
    for bound in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"):
        body = await gql(client, LIST, {"filter": {"updatedAt": {"from": bound}}, "first": 10})
        assert body["data"] is None
        assert body["errors"][0]["extensions"] == {"code": "INVALID"}, body


async def test_filters_never_widen_the_row_scope(client, world: World) -> None:
    await _build_list(world)
    await sign_in(client, world, "a_m1")
    names = await _names(client, {"ownerIds": [world.gid("User", world.users["a_m2"])]})
    assert names == set()
    names = await _names(client, {"industries": ["FINANCE"]})
    assert names == {"Alpha cloud migration", "eta_under"}


# --- ordering and paging -------------------------------------------------------------------------

ORDER_KEYS: dict[str, Callable[[Opportunity], Any]] = {
    "UPDATED_AT": lambda o: o.updated_at,
    "CREATED_AT": lambda o: o.created_at,
    "EXPECTED_MONTHLY_REVENUE": lambda o: o.expected_monthly_revenue,
    "CONFIDENCE": lambda o: o.confidence,
}


def _expected_order(rows: list[Opportunity], field: str, direction: str) -> list[str]:
    key = ORDER_KEYS[field]
    ordered = sorted(rows, key=lambda o: (key(o), o.id), reverse=direction == "DESC")
    return [World().gid("Opportunity", o.id) for o in ordered]


async def _page(client, order: dict[str, str], **args: Any) -> dict[str, Any]:
    body = await gql(client, LIST, {"order": order, **args})
    assert "errors" not in body, body
    return body["data"]["opportunities"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("field", list(ORDER_KEYS))
async def test_ordering_and_paging_in_both_directions(client, world: World, field: str) -> None:
    rows = await _build_list(world)
    keys = [ORDER_KEYS[field](o) for o in rows]
    assert len(set(keys)) < len(keys)  # ties exist, so the id tie-break matters
    await sign_in(client, world, "a_admin")
    for direction in ("ASC", "DESC"):
        order = {"field": field, "direction": direction}
        expected = _expected_order(rows, field, direction)
        everything = await _page(client, order, first=100)
        assert [e["node"]["id"] for e in everything["edges"]] == expected, order

        # Forwards, three at a time.
        seen: list[str] = []
        after = None
        while True:
            conn = await _page(client, order, first=3, after=after)
            seen += [e["node"]["id"] for e in conn["edges"]]
            assert conn["pageInfo"]["hasPreviousPage"] is (after is not None)
            if not conn["pageInfo"]["hasNextPage"]:
                break
            after = conn["pageInfo"]["endCursor"]
        assert seen == expected, order

        # Backwards: the page before a cursor, in order.
        cursors = [e["cursor"] for e in everything["edges"]]
        conn = await _page(client, order, last=3, before=cursors[6])
        assert [e["node"]["id"] for e in conn["edges"]] == expected[3:6], order
        assert conn["pageInfo"]["hasPreviousPage"] is True
        assert conn["pageInfo"]["hasNextPage"] is True
        assert conn["pageInfo"]["startCursor"] == cursors[3]
        assert conn["pageInfo"]["endCursor"] == cursors[5]

        conn = await _page(client, order, last=3, before=cursors[2])
        assert [e["node"]["id"] for e in conn["edges"]] == expected[:2]
        assert conn["pageInfo"]["hasPreviousPage"] is False

        # The last page without a cursor, then walking back to the start.
        back: list[str] = []
        before = None
        while True:
            conn = await _page(client, order, last=4, before=before)
            back = [e["node"]["id"] for e in conn["edges"]] + back
            if before is None:
                assert conn["pageInfo"]["hasNextPage"] is False
                assert back == expected[-4:]
            if not conn["pageInfo"]["hasPreviousPage"]:
                break
            before = conn["pageInfo"]["startCursor"]
        assert back == expected, order


async def test_revenue_follows_the_one_money_rule(client, world: World) -> None:
    """core/money.py's rule (issue 8): 13 integer digits are refused, `10.000` and `1e3` are exact."""
    csrf = await sign_in(client, world, "a_m1")
    for amount, expected in (
        ("1000000000000", [("TOO_LARGE", "expectedMonthlyRevenue")]),
        ("999999999999.999", [("TOO_LARGE", "expectedMonthlyRevenue")]),
        ("NaN", [("NOT_A_NUMBER", "expectedMonthlyRevenue")]),
        ("10.000", []),
        ("1e3", []),
        ("-0", []),
    ):
        body = await gql(
            client, CREATE, {"input": _input(world, expectedMonthlyRevenue={"amount": amount})}, csrf=csrf
        )
        payload = body["data"]["opportunityCreate"]
        assert [(e["code"], e["field"]) for e in payload["userErrors"]] == expected, (amount, payload)
        if not expected:
            assert Decimal(payload["opportunity"]["expectedMonthlyRevenue"]["amount"]) == Decimal(amount)
