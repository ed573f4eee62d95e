"""Processing 处理: only by the customer's responsible manager, the fields each result needs,
the history; scope of the list and node per role; filters, counts and statement counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from partnercenter.core import clock
from partnercenter.core.ids import to_global_id
from partnercenter.customers.models import Customer
from partnercenter.warnings import service
from partnercenter.warnings.enums import WarningKind, WarningLevel, WarningState
from partnercenter.warnings.models import CustomerWarning, WarningProcessing
from tests.factories import World, count_statements, gql, sign_in
from tests.warnings_factories import NOW, RULES, resource, spend

PROCESS = """mutation($input: WarningProcessInput!) { warningProcess(input: $input) {
  warning { id state result history { result reason churnDate measures followUpDate note actor { id } } }
  processing { id result }
  userErrors { code field message } } }"""
LIST = """query($n: Int!, $after: String, $filter: WarningFilter) {
  customerWarnings(first: $n, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { id kind level state period rules viewerCanProcess
      signals { type month amount { amount } changePercent product resourceName daysLeft expiresAt }
      customer { id name } manager { id name } history { result actor { id name } } } } } }"""
NODE = (
    """query($id: ID!) { node(id: $id) { __typename id ... on CustomerWarning { kind viewerCanProcess } } }"""
)
COUNTS = "{ warningCounts { churnPending resourcePending totalPending } }"


async def _warnings(world: World) -> dict[str, int]:
    """A churn warning for a_m1's customer, a resource warning for a_m2's and one for b_m1's."""
    await spend(world.customers["a_m1"], [10000, 6900, 4800])
    await resource(world.customers["a_m2"], 5)
    await resource(world.customers["b_m1"], 5)
    await resource(world.customers["r_m1"], 5)
    await service.refresh_warnings(RULES, NOW)
    rows = await CustomerWarning.all().values("id", "customer_id")
    by_customer = {r["customer_id"]: r["id"] for r in rows}
    return {m: by_customer[world.customers[m]] for m in ("a_m1", "a_m2", "b_m1", "r_m1")}


def gid(pk: int) -> str:
    return to_global_id("CustomerWarning", pk)


async def process(client: httpx.AsyncClient, csrf: str, **fields: Any) -> dict[str, Any]:
    body = await gql(client, PROCESS, {"input": fields}, csrf=csrf)
    assert "errors" not in body, body
    return body["data"]["warningProcess"]  # type: ignore[no-any-return]


def codes(payload: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(e["code"], e["field"]) for e in payload["userErrors"]]


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    with clock.frozen(NOW):
        yield


async def test_manager_processes_not_churned_with_measures_and_follow_up(client, world: World) -> None:
    ids = await _warnings(world)
    csrf = await sign_in(client, world, "a_m1")
    out = await process(
        client,
        csrf,
        id=gid(ids["a_m1"]),
        result="NOT_CHURNED",
        measures="上门拜访，给予折扣",
        followUpDate="2026-11-30",
        reason="ignored for this result",
    )
    assert out["userErrors"] == []
    w = out["warning"]
    assert (w["state"], w["result"]) == ("PROCESSED", "NOT_CHURNED")
    assert w["history"] == [
        {
            "result": "NOT_CHURNED",
            "reason": "",
            "churnDate": None,
            "measures": "上门拜访，给予折扣",
            "followUpDate": "2026-11-30",
            "note": "",
            "actor": {"id": to_global_id("User", world.users["a_m1"])},
        }
    ]


async def test_processing_again_keeps_the_history(client, world: World) -> None:
    ids = await _warnings(world)
    csrf = await sign_in(client, world, "a_m1")
    await process(
        client, csrf, id=gid(ids["a_m1"]), result="NOT_CHURNED", measures="回访", followUpDate="2026-11-20"
    )
    out = await process(
        client, csrf, id=gid(ids["a_m1"]), result="CHURNED", reason="迁往其他云", churnDate="2026-11-10"
    )
    assert out["userErrors"] == []
    assert [h["result"] for h in out["warning"]["history"]] == ["CHURNED", "NOT_CHURNED"]
    assert out["warning"]["result"] == "CHURNED"
    assert await WarningProcessing.all().count() == 2


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"result": "CHURNED", "churnDate": "2026-11-01"}, [("BLANK", "reason")]),
        ({"result": "CHURNED", "reason": "  "}, [("BLANK", "reason"), ("BLANK", "churnDate")]),
        ({"result": "CHURNED", "reason": "x", "churnDate": "2026-11-16"}, [("DATE_IN_FUTURE", "churnDate")]),
        ({"result": "CHURNED", "reason": "x" * 501, "churnDate": "2026-11-01"}, [("TOO_LONG", "reason")]),
        ({"result": "NOT_CHURNED", "followUpDate": "2026-12-01"}, [("BLANK", "measures")]),
        ({"result": "NOT_CHURNED", "measures": "回访"}, [("BLANK", "followUpDate")]),
        (
            {"result": "NOT_CHURNED", "measures": "回访", "followUpDate": "2026-11-14"},
            [("DATE_IN_PAST", "followUpDate")],
        ),
        ({"result": "RENEWED"}, [("RESULT_NOT_FOR_KIND", "result")]),
    ],
)
async def test_churn_results_need_their_fields(
    client, world: World, fields: dict[str, Any], expected: list
) -> None:  # type: ignore[type-arg]
    ids = await _warnings(world)
    csrf = await sign_in(client, world, "a_m1")
    out = await process(client, csrf, id=gid(ids["a_m1"]), **fields)
    assert codes(out) == expected and out["warning"] is None
    w = await CustomerWarning.get(id=ids["a_m1"])
    assert w.state == WarningState.PENDING and await WarningProcessing.all().count() == 0


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"result": "RENEWED"}, []),
        ({"result": "WILL_NOT_RENEW", "note": "业务下线"}, []),
        ({"result": "OTHER"}, [("BLANK", "note")]),
        ({"result": "OTHER", "note": "客户自行处理"}, []),
        (
            {"result": "NOT_CHURNED", "measures": "x", "followUpDate": "2026-12-01"},
            [("RESULT_NOT_FOR_KIND", "result")],
        ),
    ],
)
async def test_resource_results(client, world: World, fields: dict[str, Any], expected: list) -> None:  # type: ignore[type-arg]
    ids = await _warnings(world)
    csrf = await sign_in(client, world, "a_m2")
    out = await process(client, csrf, id=gid(ids["a_m2"]), **fields)
    assert codes(out) == expected
    if not expected:
        assert out["warning"]["result"] == fields["result"]
        assert out["warning"]["history"][0]["note"] == fields.get("note", "")


@pytest.mark.parametrize("who", ["a_m2", "a_lead", "a_sup", "a_admin"])
async def test_only_the_responsible_manager_may_process(client, world: World, who: str) -> None:
    ids = await _warnings(world)
    csrf = await sign_in(client, world, who)
    out = await process(
        client, csrf, id=gid(ids["a_m1"]), result="CHURNED", reason="x", churnDate="2026-11-01"
    )
    # a_m2 cannot even see a_m1's customer: NOT_FOUND like an unknown ID; the others see it.
    expected = "NOT_FOUND" if who == "a_m2" else "NOT_RESPONSIBLE_MANAGER"
    assert codes(out) == [(expected, "id")]
    assert await WarningProcessing.all().count() == 0


async def test_the_responsible_manager_follows_the_customer(client, world: World) -> None:
    """Reassigning the customer moves the warning (scope and the right to process) to the new manager."""
    ids = await _warnings(world)
    await Customer.filter(id=world.customers["a_m1"]).update(manager_id=world.users["a_m2"])
    csrf = await sign_in(client, world, "a_m1")
    assert codes(
        await process(client, csrf, id=gid(ids["a_m1"]), result="CHURNED", reason="x", churnDate="2026-11-01")
    ) == [("NOT_FOUND", "id")]
    csrf = await sign_in(client, world, "a_m2")
    out = await process(
        client, csrf, id=gid(ids["a_m1"]), result="CHURNED", reason="x", churnDate="2026-11-01"
    )
    assert out["userErrors"] == []


async def test_unknown_and_out_of_scope_answer_alike(client, world: World) -> None:
    ids = await _warnings(world)
    csrf = await sign_in(client, world, "a_m1")
    other = await process(client, csrf, id=gid(ids["b_m1"]), result="RENEWED")
    unknown = await process(client, csrf, id=gid(999999), result="RENEWED")
    assert other == unknown
    assert (await gql(client, NODE, {"id": gid(ids["b_m1"])})) == (
        await gql(client, NODE, {"id": gid(999999)})
    )
    assert (await gql(client, NODE, {"id": gid(ids["b_m1"])}))["data"]["node"] is None


VISIBLE = {
    "a_m1": {"a_m1"},
    "a_m2": {"a_m2"},
    "a_m3": set(),
    "a_lead": {"a_m1", "a_m2"},
    "a_sup": {"a_m1", "a_m2"},
    "a_admin": {"a_m1", "a_m2"},  # not the secondary reseller's customers
    "r_admin": {"r_m1"},
    "b_admin": {"b_m1"},
    "b_m1": {"b_m1"},
}


@pytest.mark.parametrize("who", sorted(VISIBLE))
async def test_list_scope_per_role(client, world: World, who: str) -> None:
    ids = await _warnings(world)
    await sign_in(client, world, who)
    body = await gql(client, LIST, {"n": 50})
    conn = body["data"]["customerWarnings"]
    got = {e["node"]["id"] for e in conn["edges"]}
    assert got == {gid(ids[m]) for m in VISIBLE[who]}
    assert conn["totalCount"] == len(VISIBLE[who])
    for e in conn["edges"]:
        node = e["node"]
        owner = next(m for m in VISIBLE[who] if gid(ids[m]) == node["id"])
        assert node["viewerCanProcess"] is (who == owner)
        assert "*" in node["customer"]["name"]  # masked as everywhere
        assert node["customer"]["name"] != world.customer_names[owner]
    counts = (await gql(client, COUNTS))["data"]["warningCounts"]
    expected_churn = 1 if "a_m1" in VISIBLE[who] else 0
    assert counts == {
        "churnPending": expected_churn,
        "resourcePending": len(VISIBLE[who]) - expected_churn,
        "totalPending": len(VISIBLE[who]),
    }


@pytest.mark.parametrize("who", ["pdm", "vfin", "a_fin", "cust_user"])
async def test_roles_without_warnings_see_none(client, world: World, who: str) -> None:
    ids = await _warnings(world)
    await sign_in(client, world, who)
    body = await gql(client, LIST, {"n": 50})
    assert body["data"]["customerWarnings"]["edges"] == []
    assert (await gql(client, NODE, {"id": gid(ids["a_m1"])}))["data"]["node"] is None


async def test_tokens_need_the_customers_scope(client, world: World) -> None:
    ids = await _warnings(world)
    client.cookies.clear()
    body = await gql(client, LIST, {"n": 50}, token=world.tokens["full"])
    assert {e["node"]["id"] for e in body["data"]["customerWarnings"]["edges"]} == {
        gid(ids["a_m1"]),
        gid(ids["a_m2"]),
    }
    assert all(e["node"]["viewerCanProcess"] is False for e in body["data"]["customerWarnings"]["edges"])
    body = await gql(
        client,
        PROCESS,
        {"input": {"id": gid(ids["a_m1"]), "result": "CHURNED", "reason": "x", "churnDate": "2026-11-01"}},
        token=world.tokens["full"],
    )
    assert codes(body["data"]["warningProcess"]) == [("FORBIDDEN", "id")]


async def test_filters(client, world: World) -> None:
    ids = await _warnings(world)
    await CustomerWarning.filter(id=ids["a_m2"]).update(created_at=NOW - timedelta(days=10))
    await sign_in(client, world, "a_admin")

    async def listed(f: dict[str, Any]) -> set[str]:
        body = await gql(client, LIST, {"n": 50, "filter": f})
        assert "errors" not in body, body
        return {e["node"]["id"] for e in body["data"]["customerWarnings"]["edges"]}

    assert await listed({"kinds": ["CHURN"]}) == {gid(ids["a_m1"])}
    assert await listed({"kinds": ["RESOURCE"]}) == {gid(ids["a_m2"])}
    assert await listed({"levels": ["HIGH"]}) == {gid(ids["a_m2"])}
    assert await listed({"states": ["PROCESSED"]}) == set()
    assert await listed({"customerIds": [to_global_id("Customer", world.customers["a_m2"])]}) == {
        gid(ids["a_m2"])
    }
    # another partner's customer filters like an unknown one
    assert await listed({"customerIds": [to_global_id("Customer", world.customers["b_m1"])]}) == set()
    since = (NOW - timedelta(days=1)).isoformat()
    assert await listed({"createdAt": {"from": since}}) == {gid(ids["a_m1"])}
    assert await listed({"createdAt": {"to": since}}) == {gid(ids["a_m2"])}


async def _many(world: World, n: int) -> None:
    customers = [
        await Customer.create(
            partner_id=world.orgs["a"],
            name=f"批量客户{i}有限公司",
            account_name=f"bulk{i}",
            phone="13900000000",
            email=f"c{i}@x.com",
            industry="RETAIL",
            association_type="RESALE",
            associated_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=i),
            manager_id=world.users["a_m1"],
        )
        for i in range(n)
    ]
    for c in customers:
        await resource(c.id, 3)
        await spend(c.id, [10000, 5000, 2000])
    await service.refresh_warnings(RULES, NOW)
    first = await CustomerWarning.filter(kind=WarningKind.CHURN).order_by("id").first()
    assert first is not None
    await WarningProcessing.create(
        warning_id=first.id,
        actor_id=world.users["a_m1"],
        result="NOT_CHURNED",
        measures="m",
        follow_up_date=date(2026, 12, 1),
        created_at=NOW,
    )


async def test_warning_list_statement_count_is_constant(client, world: World) -> None:
    await _many(world, 55)
    await sign_in(client, world, "a_lead")
    counts = {}
    for n in (10, 100):
        with count_statements() as counter:
            body = await gql(client, LIST, {"n": n})
        assert "errors" not in body, body
        assert len(body["data"]["customerWarnings"]["edges"]) == n
        counts[n] = len(counter.statements)
    assert counts[10] == counts[100], counts
    assert counts[10] <= 5, counts  # session, subtree, page (joined customer + manager), count, history


async def test_keyset_pages_cover_every_warning_once(client, world: World) -> None:
    await _many(world, 25)
    await sign_in(client, world, "a_m1")
    seen: list[str] = []
    after = None
    while True:
        conn = (await gql(client, LIST, {"n": 20, "after": after}))["data"]["customerWarnings"]
        seen += [e["node"]["id"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert len(seen) == 50 == len(set(seen))


CUSTOMERS = """query($n: Int!) {
  customers(first: $n) { edges { node { id pendingWarnings { churn resource total } } } } }"""


async def test_customer_list_pending_counts_without_n_plus_one(client, world: World) -> None:
    await _many(world, 110)
    await sign_in(client, world, "a_m1")
    counts = {}
    for n in (10, 100):
        with count_statements() as counter:
            body = await gql(client, CUSTOMERS, {"n": n})
        assert "errors" not in body, body
        nodes = [e["node"] for e in body["data"]["customers"]["edges"]]
        assert len(nodes) == n
        counts[n] = len(counter.statements)
    assert counts[10] == counts[100] <= 3, counts  # session, page, grouped pending counts
    body = await gql(client, CUSTOMERS, {"n": 100})
    by_id = {e["node"]["id"]: e["node"]["pendingWarnings"] for e in body["data"]["customers"]["edges"]}
    processed = await CustomerWarning.filter(state=WarningState.PROCESSED).values_list(
        "customer_id", flat=True
    )
    for cid, n in by_id.items():
        pk = int(await _pk(cid))
        churn = 0 if pk in processed else 1
        assert n == {"churn": churn, "resource": 1, "total": churn + 1}, (pk, n)


async def _pk(global_id: str) -> int:
    from partnercenter.core.ids import from_global_id

    decoded = from_global_id(global_id)
    assert decoded is not None
    return decoded[1]


async def test_pending_counts_follow_the_scope(client, world: World) -> None:
    ids = await _warnings(world)
    await sign_in(client, world, "a_admin")
    body = await gql(client, CUSTOMERS, {"n": 50})
    by_id = {e["node"]["id"]: e["node"]["pendingWarnings"] for e in body["data"]["customers"]["edges"]}
    assert by_id[to_global_id("Customer", world.customers["a_m1"])] == {"churn": 1, "resource": 0, "total": 1}
    assert by_id[to_global_id("Customer", world.customers["a_m2"])] == {"churn": 0, "resource": 1, "total": 1}
    # the reseller's customer is listed for the distributor admin, but its warnings are not in scope
    assert by_id[to_global_id("Customer", world.customers["r_m1"])]["total"] == 0
    assert ids["r_m1"]
    assert WarningLevel.HIGH


async def test_processing_goes_through_the_workflow(client, world: World) -> None:
    """core/workflow.py: each processing is a compare-and-set transition with a generic history row
    and an event in the same transaction; a refused processing writes none of them."""
    from partnercenter.core.models import WorkflowHistory
    from partnercenter.warnings.workflow import WARNING_WORKFLOW

    ids = await _warnings(world)
    pk = ids["a_m2"]
    refused = await process(client, await sign_in(client, world, "a_lead"), id=gid(pk), result="RENEWED")
    assert codes(refused) == [("NOT_RESPONSIBLE_MANAGER", "id")]
    assert not await WorkflowHistory.filter(workflow=WARNING_WORKFLOW.name, record_id=pk).exists()
    csrf = await sign_in(client, world, "a_m2")
    for result in ("RENEWED", "WILL_NOT_RENEW"):
        assert (await process(client, csrf, id=gid(pk), result=result))["userErrors"] == []
    rows = (
        await WorkflowHistory.filter(workflow=WARNING_WORKFLOW.name, record_id=pk)
        .order_by("id")
        .values("transition", "from_state", "to_state", "actor_id", "payload")
    )
    assert [(r["transition"], r["from_state"], r["to_state"]) for r in rows] == [
        ("PROCESS", "PENDING", "PROCESSED"),
        ("PROCESS", "PROCESSED", "PROCESSED"),
    ]
    assert {r["actor_id"] for r in rows} == {world.users["a_m2"]}
    assert [r["payload"]["result"] for r in rows] == ["RENEWED", "WILL_NOT_RENEW"]
    assert await WarningProcessing.filter(warning_id=pk).count() == 2
