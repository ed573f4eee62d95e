"""Funds: account figures, disbursement and recovery rules and typed errors, idempotency, batch,
vendor recharge and credit line, records with filters, exports, statement counts."""

from __future__ import annotations

import base64
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import openpyxl
import pytest

from partnercenter.audit.models import AuditEntry
from partnercenter.core import clock
from partnercenter.core.ids import to_global_id
from partnercenter.funds.models import FundsAdjustment
from partnercenter.ledger import service as ledger
from partnercenter.ledger.enums import AccountPurpose, OwnerType
from partnercenter.ledger.models import LedgerTransaction
from tests.factories import World, count_statements, gql, sign_in
from tests.funds_factories import ACCOUNT, BATCH, codes, consulting_customer, fund, move

pytestmark = pytest.mark.asyncio
D = Decimal


def cust(world: World, manager: str = "a_m1") -> str:
    return to_global_id("Customer", world.customers[manager])


def org(world: World, name: str) -> str:
    return to_global_id("Organization", world.orgs[name])


async def account(client: httpx.AsyncClient, partner: str | None = None) -> dict[str, Any]:
    body = await gql(client, ACCOUNT, {"id": partner})
    assert "errors" not in body, body
    return body["data"]["fundsAccount"]  # type: ignore[no-any-return]


async def test_account_figures_follow_the_formula(client: httpx.AsyncClient, world: World) -> None:
    await fund(world, "a", "1000.00", credit="500.00")
    csrf = await sign_in(client, world, "a_admin")
    p = await move(client, csrf, "DISBURSE", customer=cust(world), amount="300.50")
    assert p["userErrors"] == [] and p["targetBalance"]["amount"] == "300.50"
    assert p["account"]["accountBalance"]["amount"] == "1199.50"
    p = await move(client, csrf, "RECOVER", customer=cust(world), amount="100.50")
    assert p["userErrors"] == [] and p["targetBalance"]["amount"] == "200.00"
    a = await account(client)
    assert a["rechargeBalance"]["amount"] == "1000.00"
    assert a["creditBalance"]["amount"] == "500.00"
    assert a["disbursedAmount"]["amount"] == "200.00"
    # 账户余额 = 充值 + 信用 − 已拨款; disbursable is what can go out now
    assert a["accountBalance"]["amount"] == "1300.00" == a["disbursableAmount"]["amount"]
    assert await ledger.verify_ledger() == []


async def test_disburse_over_disbursable_is_refused(client: httpx.AsyncClient, world: World) -> None:
    await fund(world, "a", "100.00")
    csrf = await sign_in(client, world, "a_fin")  # partner finance may move funds too
    p = await move(client, csrf, "DISBURSE", customer=cust(world), amount="100.01")
    assert codes(p) == ["INSUFFICIENT_DISBURSABLE"] and p["userErrors"][0]["field"] == "amount"
    assert (
        await FundsAdjustment.all().count() == 0
        and await LedgerTransaction.filter(kind="CUSTOMER_DISBURSE").count() == 0
    )
    p = await move(client, csrf, "DISBURSE", customer=cust(world), amount="100.00")
    assert p["userErrors"] == [] and p["account"]["disbursableAmount"]["amount"] == "0.00"


async def test_recover_over_unspent_balance_is_refused(client: httpx.AsyncClient, world: World) -> None:
    await fund(world, "a", "100.00")
    csrf = await sign_in(client, world, "a_admin")
    await move(client, csrf, "DISBURSE", customer=cust(world), amount="40.00")
    p = await move(client, csrf, "RECOVER", customer=cust(world), amount="40.01")
    assert codes(p) == ["INSUFFICIENT_BALANCE"]
    assert await ledger.balance(
        OwnerType.CUSTOMER, world.customers["a_m1"], AccountPurpose.CUSTOMER_BALANCE
    ) == D("40")


@pytest.mark.parametrize(
    ("amount", "code"),
    [("0", "NOT_POSITIVE"), ("-5", "NOT_POSITIVE"), ("1.001", "TOO_MANY_DECIMALS"), ("1e15", "TOO_LARGE")],
)
async def test_amount_rules(client: httpx.AsyncClient, world: World, amount: str, code: str) -> None:
    await fund(world, "a", "100.00")
    csrf = await sign_in(client, world, "a_admin")
    for op in ("DISBURSE", "RECOVER"):
        p = await move(client, csrf, op, customer=cust(world), amount=amount)
        assert codes(p) == [code], p
    assert await FundsAdjustment.all().count() == 0


async def test_only_resale_customers(client: httpx.AsyncClient, world: World) -> None:
    await fund(world, "a", "100.00")
    consult = await consulting_customer(world)
    csrf = await sign_in(client, world, "a_admin")
    for op in ("DISBURSE", "RECOVER"):
        p = await move(client, csrf, op, customer=to_global_id("Customer", consult), amount="1.00")
        assert codes(p) == ["NOT_RESALE_CUSTOMER"]


async def test_not_your_customer_answers_like_unknown(client: httpx.AsyncClient, world: World) -> None:
    await fund(world, "a", "100.00")
    csrf = await sign_in(client, world, "a_admin")
    answers = []
    # another partner's customer, the distributor's reseller's customer (visible, basic data), unknown
    for target in (cust(world, "b_m1"), cust(world, "r_m1"), to_global_id("Customer", 999999)):
        p = await move(client, csrf, "DISBURSE", customer=target, amount="1.00", key="k-" + target[-4:])
        answers.append(p["userErrors"])
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0]["code"] == "NOT_YOUR_CUSTOMER"


async def test_reseller_disburse_and_recover(client: httpx.AsyncClient, world: World) -> None:
    await fund(world, "a", "500.00")
    csrf = await sign_in(client, world, "a_admin")
    p = await move(client, csrf, "DISBURSE", reseller=org(world, "r"), amount="200.00")
    assert p["userErrors"] == [] and p["adjustment"]["target"] == "RESELLER"
    assert p["targetBalance"]["amount"] == "200.00"
    p = await move(client, csrf, "RECOVER", reseller=org(world, "r"), amount="200.01")
    assert codes(p) == ["INSUFFICIENT_BALANCE"]
    p = await move(client, csrf, "RECOVER", reseller=org(world, "r"), amount="50.00")
    assert p["userErrors"] == [] and p["account"]["accountBalance"]["amount"] == "350.00"
    # not a reseller of A: B, A itself, unknown -> the same answer
    errs = [
        (await move(client, csrf, "DISBURSE", reseller=g, amount="1.00"))["userErrors"]
        for g in (org(world, "b"), org(world, "a"), to_global_id("Organization", 99999))
    ]
    assert errs[0] == errs[1] == errs[2] and errs[0][0]["code"] == "NOT_YOUR_RESELLER"
    # the reseller sees what it received as recharge
    csrf = await sign_in(client, world, "r_admin")
    a = await account(client)
    assert a["rechargeBalance"]["amount"] == "150.00" and a["accountBalance"]["amount"] == "150.00"
    assert a["disbursedAmount"]["amount"] == "0.00"
    # and can pass it on to its own resale customer
    p = await move(client, csrf, "DISBURSE", customer=cust(world, "r_m1"), amount="150.00")
    assert p["userErrors"] == []
    assert await ledger.verify_ledger() == []


@pytest.mark.parametrize("username", ["a_m1", "a_sup", "pdm", "vfin", "cust_user"])
async def test_who_may_not_move_funds(client: httpx.AsyncClient, world: World, username: str) -> None:
    await fund(world, "a", "100.00")
    csrf = await sign_in(client, world, username)
    p = await move(client, csrf, "DISBURSE", customer=cust(world), amount="1.00")
    assert codes(p) == ["FORBIDDEN"]
    assert await FundsAdjustment.all().count() == 0


async def test_api_token_may_not_move_funds(client: httpx.AsyncClient, world: World) -> None:
    client.cookies.clear()
    body = await gql(
        client,
        "mutation($i: FundsMoveInput!){ fundsDisburse(input:$i){ userErrors{code} } }",
        {"i": {"customerId": cust(world), "amount": {"amount": "1"}, "idempotencyKey": "t"}},
        token=world.tokens["full"],
    )
    assert body["data"]["fundsDisburse"]["userErrors"][0]["code"] == "FORBIDDEN"


async def test_idempotent_retry_returns_first_result(client: httpx.AsyncClient, world: World) -> None:
    await fund(world, "a", "100.00")
    csrf = await sign_in(client, world, "a_admin")
    first = await move(client, csrf, "DISBURSE", customer=cust(world), amount="10.00", key="same-key")
    again = await move(client, csrf, "DISBURSE", customer=cust(world), amount="10.00", key="same-key")
    assert not first["replayed"] and again["replayed"]
    assert again["adjustment"]["id"] == first["adjustment"]["id"]
    assert again["account"]["accountBalance"]["amount"] == "90.00"
    assert await FundsAdjustment.all().count() == 1
    other = await move(client, csrf, "DISBURSE", customer=cust(world), amount="11.00", key="same-key")
    assert codes(other) == ["IDEMPOTENCY_KEY_REUSED"]
    other = await move(client, csrf, "RECOVER", customer=cust(world), amount="10.00", key="same-key")
    assert codes(other) == ["IDEMPOTENCY_KEY_REUSED"]
    assert await FundsAdjustment.all().count() == 1


async def test_batch_reports_per_customer(client: httpx.AsyncClient, world: World) -> None:
    await fund(world, "a", "100.00")
    consult = await consulting_customer(world)
    csrf = await sign_in(client, world, "a_admin")
    items = [
        {"customerId": cust(world, "a_m1"), "amount": {"amount": "60.00"}},
        {"customerId": to_global_id("Customer", consult), "amount": {"amount": "1.00"}},
        {"customerId": cust(world, "a_m2"), "amount": {"amount": "50.00"}},  # over what is left
        {"customerId": cust(world, "a_m3"), "amount": {"amount": "40.00"}},
        {"customerId": cust(world, "b_m1"), "amount": {"amount": "1.00"}},
        {"customerId": cust(world, "a_m1"), "amount": {"amount": "1.00"}},  # twice in one batch
    ]
    body = await gql(
        client, BATCH, {"input": {"operation": "DISBURSE", "items": items, "idempotencyKey": "b1"}}, csrf=csrf
    )
    res = body["data"]["fundsBatchMove"]
    got = [[e["code"] for e in r["userErrors"]] for r in res["results"]]
    assert got == [
        [],
        ["NOT_RESALE_CUSTOMER"],
        ["INSUFFICIENT_DISBURSABLE"],
        [],
        ["NOT_YOUR_CUSTOMER"],
        ["INVALID"],
    ]
    assert res["account"]["accountBalance"]["amount"] == "0.00"
    # the retry replays the done customers and tries the rest again
    await fund(world, "a", "50.00")
    body = await gql(
        client, BATCH, {"input": {"operation": "DISBURSE", "items": items, "idempotencyKey": "b1"}}, csrf=csrf
    )
    res = body["data"]["fundsBatchMove"]
    assert [r["replayed"] for r in res["results"]] == [True, False, False, True, False, False]
    assert [[e["code"] for e in r["userErrors"]] for r in res["results"]][2] == []
    assert res["account"]["accountBalance"]["amount"] == "0.00"
    assert await FundsAdjustment.all().count() == 3
    assert await ledger.verify_ledger() == []


async def test_batch_limits(client: httpx.AsyncClient, world: World) -> None:
    csrf = await sign_in(client, world, "a_admin")
    body = await gql(
        client, BATCH, {"input": {"operation": "RECOVER", "items": [], "idempotencyKey": "x"}}, csrf=csrf
    )
    assert codes(body["data"]["fundsBatchMove"]) == ["BLANK"]
    items = [{"customerId": cust(world), "amount": {"amount": "1"}}] * 201
    body = await gql(
        client, BATCH, {"input": {"operation": "RECOVER", "items": items, "idempotencyKey": "x"}}, csrf=csrf
    )
    assert codes(body["data"]["fundsBatchMove"]) == ["LIMIT"]


GRANT = """
mutation($r: FundsRechargeInput!, $c: FundsCreditLineSetInput!) {
  fundsRecharge(input: $r) { replayed account { rechargeBalance { amount } } userErrors { code field } }
  fundsCreditLineSet(input: $c) {
    replayed account { creditBalance { amount } accountBalance { amount } } userErrors { code field }
  }
}
"""


async def test_vendor_finance_recharges_and_sets_credit(client: httpx.AsyncClient, world: World) -> None:
    csrf = await sign_in(client, world, "vfin")
    a = to_global_id("FundsAccount", world.orgs["a"])
    v = {
        "r": {"partnerId": a, "amount": {"amount": "800.00"}, "idempotencyKey": "r1"},
        "c": {"partnerId": a, "creditLine": {"amount": "300.00"}, "idempotencyKey": "c1"},
    }
    body = await gql(client, GRANT, v, csrf=csrf)
    assert body["data"]["fundsRecharge"]["account"]["rechargeBalance"]["amount"] == "800.00"
    assert body["data"]["fundsCreditLineSet"]["account"]["accountBalance"]["amount"] == "1100.00"
    body = await gql(client, GRANT, v, csrf=csrf)  # both replayed: nothing moves
    assert body["data"]["fundsRecharge"]["replayed"] and body["data"]["fundsCreditLineSet"]["replayed"]
    assert body["data"]["fundsCreditLineSet"]["account"]["accountBalance"]["amount"] == "1100.00"
    audits = await AuditEntry.filter(action__in=["FUNDS_RECHARGE", "FUNDS_CREDIT_LINE"]).count()
    assert audits == 2
    # credit line down below what is used: refused
    csrf_a = await sign_in(client, world, "a_admin")
    await move(client, csrf_a, "DISBURSE", customer=cust(world), amount="1000.00")
    csrf = await sign_in(client, world, "vfin")
    v["r"] = {"partnerId": a, "amount": {"amount": "0.01"}, "idempotencyKey": "r2"}  # balance now 100.01
    v["c"] = {"partnerId": a, "creditLine": {"amount": "99.99"}, "idempotencyKey": "c2"}
    body = await gql(client, GRANT, v, csrf=csrf)
    assert codes(body["data"]["fundsCreditLineSet"]) == ["CREDIT_IN_USE"]
    v["c"] = {"partnerId": a, "creditLine": {"amount": "0.00"}, "idempotencyKey": "c3"}
    v["r"] = {"partnerId": a, "amount": {"amount": "300.00"}, "idempotencyKey": "r3"}
    body = await gql(client, GRANT, v, csrf=csrf)
    assert body["data"]["fundsCreditLineSet"]["userErrors"] == []
    assert body["data"]["fundsCreditLineSet"]["account"]["creditBalance"]["amount"] == "0.00"
    # the vendor itself is not a partner; partners may not grant
    v["r"] = {
        "partnerId": to_global_id("FundsAccount", world.orgs["vendor"]),
        "amount": {"amount": "1"},
        "idempotencyKey": "r4",
    }
    body = await gql(client, GRANT, v, csrf=csrf)
    assert codes(body["data"]["fundsRecharge"]) == ["NOT_A_PARTNER"]
    csrf = await sign_in(client, world, "a_admin")
    v["r"] = {"partnerId": a, "amount": {"amount": "1"}, "idempotencyKey": "r5"}
    body = await gql(client, GRANT, v, csrf=csrf)
    assert codes(body["data"]["fundsRecharge"]) == ["FORBIDDEN"] and codes(
        body["data"]["fundsCreditLineSet"]
    ) == ["FORBIDDEN"]
    assert await ledger.verify_ledger() == []


ENTRIES = """
query($f: FundsAccountEntryFilter, $first: Int, $after: String) {
  fundsAccountEntries(first: $first, after: $after, filter: $f) {
    totalCount
    edges { cursor node { id kind amount { amount } balanceAfter { amount } transactionId createdAt } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
ADJUSTMENTS = """
query($f: FundsAdjustmentFilter, $first: Int, $after: String) {
  fundsAdjustments(first: $first, after: $after, filter: $f) {
    totalCount
    nodes {
      id operation target amount { amount } transactionId customer { id name } resellerName actor { id }
    }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def test_records_and_filters(client: httpx.AsyncClient, world: World) -> None:
    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    with clock.frozen(t0) as cell:
        await fund(world, "a", "1000.00")
        csrf = await sign_in(client, world, "a_admin")
        clock.advance(cell, timedelta(days=1))
        d1 = await move(client, csrf, "DISBURSE", customer=cust(world, "a_m1"), amount="100.00")
        clock.advance(cell, timedelta(days=1))
        await move(client, csrf, "DISBURSE", customer=cust(world, "a_m2"), amount="50.00")
        clock.advance(cell, timedelta(days=1))
        await move(client, csrf, "RECOVER", customer=cust(world, "a_m1"), amount="30.00")
        await move(client, csrf, "DISBURSE", reseller=org(world, "r"), amount="20.00")
    body = await gql(client, ENTRIES, {"first": 10})
    conn = body["data"]["fundsAccountEntries"]
    assert conn["totalCount"] == 5
    balances = [e["node"]["balanceAfter"]["amount"] for e in conn["edges"]]
    assert balances == ["860.00", "880.00", "850.00", "900.00", "1000.00"]  # newest first
    assert [e["node"]["amount"]["amount"] for e in conn["edges"]][:2] == ["-20.00", "30.00"]
    body = await gql(client, ENTRIES, {"first": 10, "f": {"kinds": ["RECHARGE"]}})
    assert body["data"]["fundsAccountEntries"]["totalCount"] == 1
    body = await gql(
        client, ENTRIES, {"first": 10, "f": {"transactionId": d1["adjustment"]["transactionId"]}}
    )
    assert [e["node"]["amount"]["amount"] for e in body["data"]["fundsAccountEntries"]["edges"]] == [
        "-100.00"
    ]
    body = await gql(client, ENTRIES, {"first": 2})
    page2 = await gql(
        client, ENTRIES, {"first": 2, "after": body["data"]["fundsAccountEntries"]["pageInfo"]["endCursor"]}
    )
    assert [e["node"]["balanceAfter"]["amount"] for e in page2["data"]["fundsAccountEntries"]["edges"]] == [
        "850.00",
        "900.00",
    ]

    async def adjustments(f: dict[str, Any]) -> list[dict[str, Any]]:
        body = await gql(client, ADJUSTMENTS, {"first": 20, "f": f})
        assert "errors" not in body, body
        return body["data"]["fundsAdjustments"]["nodes"]  # type: ignore[no-any-return]

    assert len(await adjustments({})) == 4
    by_cust = await adjustments({"customerIds": [cust(world, "a_m1")]})
    assert [n["operation"] for n in by_cust] == ["RECOVER", "DISBURSE"]
    assert "*" in by_cust[0]["customer"]["name"]  # masked like everywhere
    assert len(await adjustments({"resellerIds": [org(world, "r")]})) == 1
    assert len(await adjustments({"operations": ["RECOVER"]})) == 1
    window = {
        "from": (t0 + timedelta(days=1, hours=12)).isoformat(),
        "to": (t0 + timedelta(days=2, hours=12)).isoformat(),
    }
    assert [n["amount"]["amount"] for n in await adjustments({"createdAt": window})] == ["50.00"]
    assert len(await adjustments({"transactionId": d1["adjustment"]["transactionId"]})) == 1
    assert await adjustments({"transactionId": "not-a-number"}) == []
    # other roles of the partner see no records; another partner sees none of A's
    for username in ("a_m1", "b_admin"):
        await sign_in(client, world, username)
        body = await gql(client, ADJUSTMENTS, {"first": 5})
        assert body["data"]["fundsAdjustments"]["totalCount"] == 0
    # vendor finance sees them
    await sign_in(client, world, "vfin")
    body = await gql(client, ADJUSTMENTS, {"first": 5})
    assert body["data"]["fundsAdjustments"]["totalCount"] == 4


async def test_monthly_movements(client: httpx.AsyncClient, world: World) -> None:
    with clock.frozen(datetime(2026, 1, 15, tzinfo=UTC)) as cell:
        await fund(world, "a", "1000.00")
        csrf = await sign_in(client, world, "a_admin")
        clock.advance(cell, timedelta(days=40))
        await move(client, csrf, "DISBURSE", customer=cust(world), amount="100.00")
        await move(client, csrf, "RECOVER", customer=cust(world), amount="40.00")
        body = await gql(
            client, "{ fundsAccount { monthlyMovements { month inflow { amount } outflow { amount } } } }"
        )
    months = body["data"]["fundsAccount"]["monthlyMovements"]
    assert len(months) == 12 and months[-1]["month"] == "2026-02" and months[-2]["month"] == "2026-01"
    assert months[-2]["inflow"]["amount"] == "1000.00"
    assert months[-1]["inflow"]["amount"] == "40.00" and months[-1]["outflow"]["amount"] == "100.00"
    assert months[0]["inflow"]["amount"] == "0.00"


async def test_exports_are_scoped_masked_and_audited(client: httpx.AsyncClient, world: World) -> None:
    await fund(world, "a", "100.00")
    csrf = await sign_in(client, world, "a_admin")
    await move(client, csrf, "DISBURSE", customer=cust(world), amount="10.00")
    body = await gql(
        client,
        "mutation { fundsAdjustmentsExport(input: {}) { file { filename contentBase64 rowCount } "
        "userErrors { code } } "
        "fundsAccountEntriesExport(input: {}) { file { rowCount contentBase64 } userErrors { code } } }",
        csrf=csrf,
    )
    f = body["data"]["fundsAdjustmentsExport"]["file"]
    assert f["rowCount"] == 1
    ws = openpyxl.load_workbook(io.BytesIO(base64.b64decode(f["contentBase64"]))).active
    row = [c.value for c in ws[2]]
    assert "*" in row[2] and world.customer_names["a_m1"] not in row
    assert body["data"]["fundsAccountEntriesExport"]["file"]["rowCount"] == 2
    assert await AuditEntry.filter(action="EXPORT").count() == 2
    # a role without funds rows exports nothing (same scope as the screen)
    csrf = await sign_in(client, world, "a_m1")
    body = await gql(
        client, "mutation { fundsAdjustmentsExport(input: {}) { file { rowCount } } }", csrf=csrf
    )
    assert body["data"]["fundsAdjustmentsExport"]["file"]["rowCount"] == 0


async def _seed_records(world: World, n: int) -> None:
    await fund(world, "a", "100000.00")
    from partnercenter.accounts.enums import Role
    from partnercenter.core.context import Viewer
    from partnercenter.funds import service as funds
    from partnercenter.funds.enums import AdjustmentOperation

    viewer = Viewer(
        org_id=world.orgs["a"],
        role=Role.PARTNER_ADMIN,
        user_id=world.users["a_admin"],
        reseller_org_ids=(world.orgs["r"],),
    )
    for i in range(n):
        target = ["a_m1", "a_m2", "a_m3"][i % 3]
        r = await funds.move(
            viewer,
            AdjustmentOperation.DISBURSE,
            customer_id=world.customers[target],
            reseller_id=None,
            amount=D("1.00"),
            idempotency_key=f"seed-{i}",
        )
        assert not isinstance(r, list)


@pytest.mark.parametrize("query", [ENTRIES, ADJUSTMENTS])
async def test_record_lists_statement_count(client: httpx.AsyncClient, world: World, query: str) -> None:
    await _seed_records(world, 105)
    await sign_in(client, world, "a_admin")
    counts = []
    for size in (10, 100):
        with count_statements() as counter:
            body = await gql(client, query, {"first": size})
        assert "errors" not in body, body
        counts.append(len(counter.statements))
    assert counts[0] == counts[1], counts


async def test_funds_customers_statement_count(client: httpx.AsyncClient, world: World) -> None:
    await _seed_records(world, 3)
    await sign_in(client, world, "a_admin")
    q = (
        "query($n:Int){ fundsCustomers(first:$n){ totalCount "
        "nodes { id balance { amount } customer { name associationType } } } }"
    )
    with count_statements() as c10:
        body = await gql(client, q, {"n": 10})
    with count_statements() as c100:
        await gql(client, q, {"n": 100})
    assert len(c10.statements) == len(c100.statements)
    nodes = body["data"]["fundsCustomers"]["nodes"]
    assert {n["balance"]["amount"] for n in nodes} == {"1.00"}
    assert body["data"]["fundsCustomers"]["totalCount"] == 3  # own customers only, not the reseller's


async def test_partner_accounts_for_vendor_finance(client: httpx.AsyncClient, world: World) -> None:
    await fund(world, "a", "10.00")
    await fund(world, "b", "20.00")
    await sign_in(client, world, "vfin")
    q = (
        "{ fundsPartnerAccounts(first: 10) { totalCount "
        "nodes { id accountBalance { amount } partner { name } } } }"
    )
    body = await gql(client, q)
    assert body["data"]["fundsPartnerAccounts"]["totalCount"] == 3
    await sign_in(client, world, "a_admin")  # a distributor: itself and its reseller
    body = await gql(client, q)
    assert body["data"]["fundsPartnerAccounts"]["totalCount"] == 2
    await sign_in(client, world, "b_admin")
    body = await gql(client, q)
    assert body["data"]["fundsPartnerAccounts"]["totalCount"] == 1
    body = await gql(client, ACCOUNT, {"id": to_global_id("FundsAccount", world.orgs["a"])})
    assert body["data"]["fundsAccount"] is None  # another partner's account: like unknown
    body = await gql(
        client, "query($id:ID!){ node(id:$id){ id } }", {"id": to_global_id("FundsAccount", world.orgs["a"])}
    )
    assert body["data"]["node"] is None


async def test_partner_accounts_statement_count(client: httpx.AsyncClient, world: World) -> None:
    from partnercenter.accounts.enums import OrgKind
    from partnercenter.accounts.models import Organization

    for i in range(12):
        await Organization.create(name=f"伙伴{i}有限公司", kind=OrgKind.PARTNER)
    for org in ("a", "b", "r"):
        await fund(world, org, "10.00")
    await sign_in(client, world, "vfin")
    q = (
        "query($n:Int){ fundsPartnerAccounts(first:$n){ totalCount nodes { id accountBalance { amount } "
        "requireSecondFactor partner { name } monthlyMovements { month inflow { amount } } } } }"
    )
    counts = []
    for n in (2, 15):
        with count_statements() as counter:
            body = await gql(client, q, {"n": n})
        assert "errors" not in body, body
        assert len(body["data"]["fundsPartnerAccounts"]["nodes"]) == n
        counts.append(len(counter.statements))
    assert counts[0] == counts[1], counts


async def test_currency_key_and_target_rules(client: httpx.AsyncClient, world: World) -> None:
    await fund(world, "a", "100.00")
    csrf = await sign_in(client, world, "a_admin")
    q = "mutation($i: FundsMoveInput!){ fundsDisburse(input:$i){ userErrors { code field } } }"

    async def errors(inp: dict[str, Any]) -> list[tuple[str, str | None]]:
        body = await gql(client, q, {"i": inp}, csrf=csrf)
        return [(e["code"], e["field"]) for e in body["data"]["fundsDisburse"]["userErrors"]]

    base = {"customerId": cust(world), "amount": {"amount": "1.00"}, "idempotencyKey": "k"}
    assert await errors({**base, "amount": {"amount": "1.00", "currency": "USD"}}) == [
        ("UNSUPPORTED_CURRENCY", "amount")
    ]
    assert await errors({**base, "idempotencyKey": " "}) == [("BLANK", "idempotencyKey")]
    assert await errors({**base, "idempotencyKey": "x" * 101}) == [("TOO_LONG", "idempotencyKey")]
    assert await errors({**base, "memo": "备" * 201}) == [("TOO_LONG", "memo")]
    both = {**base, "resellerId": org(world, "r")}
    assert await errors(both) == [("INVALID", "customerId")]
    assert await FundsAdjustment.all().count() == 0
