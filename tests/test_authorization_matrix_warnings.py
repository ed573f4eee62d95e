"""The authorization matrix, warnings part: every principal x every warning path (list, counts,
node, nodes, the customer filter, the customer list's pending counts, processing, export), with
the expectations derived from the access policy tables (ROW_SCOPES[WARNING] via `in_scope`,
TOKEN_SCOPES via `require_read`, `process_warning_denial`, the customer masking via
`field_rights`) applied to the rows stored, never hand-listed per cell. Out-of-scope IDs answer
exactly like never-existing ones. An anchor test pins the policy to the domain rules.

The world is built once for this module; the mutations tried here never change anything (the
one principal allowed to process gets a validation error instead)."""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import openpyxl
import pytest
import pytest_asyncio

from partnercenter.accounts import service as accounts
from partnercenter.accounts.enums import Role
from partnercenter.core.context import Viewer
from partnercenter.core.errors import ErrorCode, PublicError
from partnercenter.core.ids import to_global_id
from partnercenter.customers.models import Customer
from partnercenter.settings import get_settings
from partnercenter.warnings.enums import WarningKind, WarningLevel
from partnercenter.warnings.models import CustomerWarning, WarningProcessing
from tests import policy_tables as policy
from tests.conftest import truncate_all
from tests.factories import PASSWORD, World, build_world, gql
from tests.policy_tables import (
    MASKERS,
    ROW_SCOPES,
    MaskedField,
    Resource,
    RowScope,
    field_rights,
    in_scope,
)

SESSION_PRINCIPALS = [
    "a_m1",
    "a_m2",
    "a_m3",
    "a_lead",
    "a_sup",
    "a_admin",
    "a_fin",
    "r_admin",
    "r_m1",
    "b_admin",
    "b_m1",
    "pdm",
    "vfin",
    "cust_user",
]
TOKEN_PRINCIPALS = ["token_full", "token_customers_only"]
PRINCIPALS = [*SESSION_PRINCIPALS, *TOKEN_PRINCIPALS, "anonymous"]

LIST = """query($f: WarningFilter) { customerWarnings(first: 100, filter: $f) { totalCount
  edges { node { id kind viewerCanProcess customer { id name maskedFields } manager { id } } } } }"""
COUNTS = "{ warningCounts { churnPending resourcePending totalPending } }"
NODE = """query($id: ID!) { node(id: $id) { __typename id ... on CustomerWarning { kind viewerCanProcess
  customer { id name } history { id } } } }"""
NODES = """query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on CustomerWarning { kind } } }"""
CUSTOMER_COUNTS = (
    "{ customers(first: 100) { edges { node { id pendingWarnings { churn resource total } } } } }"
)
PROCESS = """mutation($id: ID!) {
  warningProcess(input: {id: $id, result: CHURNED, reason: "", churnDate: "2026-01-01"}) {
  warning { id } processing { id } userErrors { code field message } } }"""
EXPORT = """mutation { warningsExport(input: {}) { file { contentBase64 rowCount } userErrors { code } } }"""


@dataclass
class Matrix:
    world: World
    sessions: dict[str, tuple[str, str]]
    viewers: dict[str, Viewer | None]
    warnings: dict[int, dict[str, Any]]  # pk -> row with the scope columns
    customers: dict[int, dict[str, Any]]


@pytest_asyncio.fixture(scope="module")
async def matrix(app: object) -> Matrix:
    await truncate_all()
    w = await build_world()
    now = datetime(2026, 11, 1, tzinfo=UTC)
    # A customer of A without a manager: its warnings are seen by the admin, processed by nobody.
    orphan = await Customer.create(
        partner_id=w.orgs["a"],
        name="无主预警测试有限公司",
        account_name="hw_orphan7",
        phone="13955550001",
        email="orphan@nomgr7.com",
        industry="RETAIL",
        association_type="CONSULTING",
        associated_at=now,
    )
    w.customers["none"] = orphan.id
    for i, (_key, cid) in enumerate(sorted(w.customers.items())):
        for kind in WarningKind:
            await CustomerWarning.create(
                partner_id=(await Customer.get(id=cid)).partner_id,
                customer_id=cid,
                kind=kind,
                subject="" if kind is WarningKind.CHURN else f"R{i}",
                period="2026-10",
                level=WarningLevel.HIGH,
                created_at=now + timedelta(minutes=i),
                evaluated_at=now,
            )
    sessions: dict[str, tuple[str, str]] = {}
    viewers: dict[str, Viewer | None] = {"anonymous": None}
    for username in SESSION_PRINCIPALS:
        token, csrf = await accounts.login(username, PASSWORD, "203.0.113.7", "pytest-matrix-warnings")
        found = await accounts.viewer_for_session(token)
        assert found is not None
        sessions[username] = (token, csrf)
        viewers[username] = found[0]
    for name in TOKEN_PRINCIPALS:
        viewers[name] = await accounts.viewer_for_token(w.tokens[name.removeprefix("token_")])
    rows = await CustomerWarning.all().values(
        "id", "kind", "customer_id", "customer__manager_id", "customer__partner_id"
    )
    customers = {
        r["id"]: r
        for r in await Customer.all().values(
            "id", "partner_id", "manager_id", "name", "account_name", "phone", "email"
        )
    }
    return Matrix(w, sessions, viewers, {r["id"]: r for r in rows}, customers)


async def ask(
    client: httpx.AsyncClient, m: Matrix, who: str, query: str, variables: dict[str, Any] | None = None
) -> Any:
    client.cookies.clear()
    csrf = token = None
    if who in m.sessions:
        session, csrf = m.sessions[who]
        client.cookies.set(get_settings().session_cookie, session)
    elif who in TOKEN_PRINCIPALS:
        token = m.world.tokens[who.removeprefix("token_")]
    return await gql(client, query, variables, csrf=csrf, token=token)


def gid(pk: int) -> str:
    return to_global_id("CustomerWarning", pk)


def unknown(k: int = 0) -> str:
    return to_global_id("CustomerWarning", 900_000 + k)


def visible(viewer: Viewer | None, m: Matrix) -> set[int]:
    return {pk for pk, row in m.warnings.items() if in_scope(viewer, Resource.WARNING, row)}


def list_error(viewer: Viewer | None) -> str | None:
    try:
        policy.require_read(viewer, Resource.WARNING)
    except PublicError as err:
        return err.code.value
    return None


def assert_error(body: dict[str, Any], code: str) -> None:
    assert body.get("data") is None, body
    assert [e["extensions"]["code"] for e in body["errors"]] == [code], body


# --------------------------------------------------------------------------- paths


async def path_list(client: httpx.AsyncClient, m: Matrix, who: str) -> None:
    viewer = m.viewers[who]
    body = await ask(client, m, who, LIST)
    if error := list_error(viewer):
        assert_error(body, error)
        return
    assert viewer is not None
    conn = body["data"]["customerWarnings"]
    expected = visible(viewer, m)
    assert {e["node"]["id"] for e in conn["edges"]} == {gid(p) for p in expected}
    assert conn["totalCount"] == len(expected)
    text = json.dumps(body, ensure_ascii=False)
    for e in conn["edges"]:
        node = e["node"]
        row = m.warnings[next(p for p in expected if gid(p) == node["id"])]
        assert node["viewerCanProcess"] is (policy.process_warning_denial(viewer, row) is None)
        customer = m.customers[row["customer_id"]]
        rights = field_rights(viewer, Resource.CUSTOMER, customer)
        assert node["customer"]["maskedFields"] == [f.value for f in MaskedField if f in rights.masked]
        assert node["customer"]["name"] == MASKERS[(Resource.CUSTOMER, MaskedField.NAME)](customer["name"])
    for customer in m.customers.values():
        assert customer["name"] not in text and customer["phone"] not in text


async def path_counts(client: httpx.AsyncClient, m: Matrix, who: str) -> None:
    viewer = m.viewers[who]
    body = await ask(client, m, who, COUNTS)
    if error := list_error(viewer):
        assert_error(body, error)
        return
    seen = [m.warnings[p] for p in visible(viewer, m)]
    churn = sum(1 for r in seen if r["kind"] == "CHURN")
    assert body["data"]["warningCounts"] == {
        "churnPending": churn,
        "resourcePending": len(seen) - churn,
        "totalPending": len(seen),
    }


async def path_node(client: httpx.AsyncClient, m: Matrix, who: str) -> None:
    viewer = m.viewers[who]
    expected = visible(viewer, m)
    never = await ask(client, m, who, NODE, {"id": unknown()})
    for pk in m.warnings:
        body = await ask(client, m, who, NODE, {"id": gid(pk)})
        if pk in expected:
            assert body["data"]["node"]["id"] == gid(pk), body
        else:
            assert json.dumps(body) == json.dumps(never).replace(unknown(), gid(pk)) or body == never, (
                pk,
                body,
            )
            assert body["data"]["node"] is None


async def path_nodes(client: httpx.AsyncClient, m: Matrix, who: str) -> None:
    viewer = m.viewers[who]
    expected = visible(viewer, m)
    pks = sorted(m.warnings)
    body = await ask(client, m, who, NODES, {"ids": [gid(p) for p in pks]})
    got = body["data"]["nodes"]
    assert [n is not None for n in got] == [p in expected for p in pks]


async def path_customer_filter(client: httpx.AsyncClient, m: Matrix, who: str) -> None:
    """Filtering by a customer outside the customer scope answers like an unknown customer."""
    viewer = m.viewers[who]
    if list_error(viewer):
        return
    unknown_customer = await ask(
        client, m, who, LIST, {"f": {"customerIds": [to_global_id("Customer", 900_001)]}}
    )
    assert unknown_customer["data"]["customerWarnings"]["totalCount"] == 0
    for cid, crow in m.customers.items():
        body = await ask(client, m, who, LIST, {"f": {"customerIds": [to_global_id("Customer", cid)]}})
        expected = (
            {p for p in visible(viewer, m) if m.warnings[p]["customer_id"] == cid}
            if in_scope(viewer, Resource.CUSTOMER, crow)
            else set()
        )
        assert {e["node"]["id"] for e in body["data"]["customerWarnings"]["edges"]} == {
            gid(p) for p in expected
        }


async def path_customer_pending_counts(client: httpx.AsyncClient, m: Matrix, who: str) -> None:
    viewer = m.viewers[who]
    body = await ask(client, m, who, CUSTOMER_COUNTS)
    if body.get("data") is None:
        return  # no customer list for this principal (covered by the main matrix)
    seen = visible(viewer, m)
    for e in body["data"]["customers"]["edges"]:
        cid = next(c for c in m.customers if to_global_id("Customer", c) == e["node"]["id"])
        mine = [m.warnings[p]["kind"] for p in seen if m.warnings[p]["customer_id"] == cid]
        assert e["node"]["pendingWarnings"] == {
            "churn": mine.count("CHURN"),
            "resource": mine.count("RESOURCE"),
            "total": len(mine),
        }


async def path_process(client: httpx.AsyncClient, m: Matrix, who: str) -> None:
    viewer = m.viewers[who]
    if viewer is None:
        body = await ask(client, m, who, PROCESS, {"id": unknown()})
        assert_error(body, ErrorCode.UNAUTHENTICATED.value)
        return
    expected = visible(viewer, m)
    never = (await ask(client, m, who, PROCESS, {"id": unknown()}))["data"]["warningProcess"]
    assert [e["code"] for e in never["userErrors"]] == ["NOT_FOUND"]
    for pk, row in m.warnings.items():
        got = (await ask(client, m, who, PROCESS, {"id": gid(pk)}))["data"]["warningProcess"]
        if pk not in expected:
            assert got == never, (pk, got)
            continue
        denial = policy.process_warning_denial(viewer, row)
        if denial is not None:
            assert [(e["code"], e["field"]) for e in got["userErrors"]] == [(denial.value, "id")]
        else:  # allowed: the (deliberately invalid) input is what fails
            kind_ok = row["kind"] == "CHURN"
            codes = [e["code"] for e in got["userErrors"]]
            assert codes == (["BLANK"] if kind_ok else ["RESULT_NOT_FOR_KIND"]), (pk, got)
    assert await WarningProcessing.all().count() == 0


async def path_export(client: httpx.AsyncClient, m: Matrix, who: str) -> None:
    viewer = m.viewers[who]
    body = await ask(client, m, who, EXPORT)
    if error := list_error(viewer):
        assert_error(body, error)
        return
    f = body["data"]["warningsExport"]["file"]
    assert f["rowCount"] == len(visible(viewer, m))
    sheet = openpyxl.load_workbook(
        io.BytesIO(base64.b64decode(f["contentBase64"])), read_only=True
    ).worksheets[0]
    text = json.dumps([list(r) for r in sheet.iter_rows(values_only=True)], ensure_ascii=False, default=str)
    for customer in m.customers.values():
        assert customer["name"] not in text


PATHS = {
    "list": path_list,
    "counts": path_counts,
    "node": path_node,
    "nodes": path_nodes,
    "customer_filter": path_customer_filter,
    "customer_pending_counts": path_customer_pending_counts,
    "process": path_process,
    "export": path_export,
}


@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize("principal", PRINCIPALS)
async def test_matrix(client: httpx.AsyncClient, matrix: Matrix, principal: str, path: str) -> None:
    await PATHS[path](client, matrix, principal)


async def test_policy_matches_the_domain_rules(matrix: Matrix) -> None:
    """The tables themselves, pinned to DOMAIN.md: managers their own customers' warnings,
    supervisors their team's, admins the partner's; vendor staff, finance and customers none;
    only the customer's manager processes (supervisors and admins included in the refusal)."""
    scopes = ROW_SCOPES[Resource.WARNING]
    assert scopes[Role.ACCOUNT_MANAGER] is RowScope.OWN
    assert scopes[Role.SUPERVISOR] is RowScope.SUBTREE
    assert scopes[Role.PARTNER_ADMIN] is RowScope.ORG
    for role in (Role.VENDOR_PDM, Role.VENDOR_FINANCE, Role.PARTNER_FINANCE, Role.CUSTOMER_USER):
        assert scopes[role] is RowScope.NONE
    m = matrix
    a_m1_warnings = [r for r in m.warnings.values() if r["customer_id"] == m.world.customers["a_m1"]]
    assert a_m1_warnings
    for who, allowed in (
        ("a_m1", True),
        ("a_lead", False),
        ("a_sup", False),
        ("a_admin", False),
        ("token_full", False),
    ):
        viewer = m.viewers[who]
        assert viewer is not None
        for row in a_m1_warnings:
            assert in_scope(viewer, Resource.WARNING, row), who
            assert (policy.process_warning_denial(viewer, row) is None) is allowed, who
    assert visible(m.viewers["a_admin"], m) == {
        p for p, r in m.warnings.items() if r["customer__partner_id"] == m.world.orgs["a"]
    }
