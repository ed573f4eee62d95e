"""The authorization matrix of opportunity sharing: every principal x every read and write path of
HOs (VendorSharedOpportunity) and POs (PartnerSharedOpportunity), expectations derived from the
access policy tables (ROW_SCOPES via `in_scope`, MASKED_FIELDS/REVEAL_RIGHTS via `field_rights`,
TOKEN_SCOPES via `require_read`, the action rights) applied to the stored rows, never hand-listed.

Out-of-scope IDs are compared with never-existing IDs: the whole JSON answer must be identical.
An anchor test pins the policy to the domain rules so a wrong table cannot make this vacuous."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
import pytest_asyncio

from partnercenter.accounts import service as accounts
from partnercenter.accounts.enums import PathStage
from partnercenter.accounts.models import Organization
from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.core.errors import PublicError
from partnercenter.core.ids import to_global_id
from partnercenter.sharing import service
from partnercenter.sharing.models import PartnerSharedOpportunity, VendorSharedOpportunity
from tests import policy_tables as policy
from tests.conftest import truncate_all
from tests.factories import PASSWORD, World, build_world, gql
from tests.policy_tables import MASKERS, MaskedField, Resource, field_rights, in_scope
from tests.sharing_factories import FRIDAY, pce_setup, share_ho, share_po, viewer_of
from tests.test_authorization_matrix import PRINCIPALS, SESSION_PRINCIPALS, TOKEN_PRINCIPALS

HO, PO = Resource.VENDOR_SHARED_OPPORTUNITY, Resource.PARTNER_SHARED_OPPORTUNITY
HO_NODE = """fragment H on VendorSharedOpportunity { id customerName contactPhone contactEmail need region
  expectedMonthlyRevenue { amount } description summaryOnly maskedFields revealableFields hiddenFields
  revealDenials { field reason } viewerCanHandle }"""
HO_LIST = HO_NODE + "\n{ vendorSharedOpportunities(first: 100) { totalCount edges { node { ...H } } } }"
HO_BY_ID = HO_NODE + "\nquery($id: ID!) { node(id: $id) { __typename ...H } }"
PO_LIST = """{ partnerSharedOpportunities(first: 100) { totalCount edges { node { id viewerCanValidate
  customer { id name } } } } }"""
PO_BY_ID = "query($id: ID!) { node(id: $id) { __typename ... on PartnerSharedOpportunity { id state } } }"
ACCEPT = """mutation($id: ID!, $owner: ID!) { vendorSharedOpportunityAccept(input: {id: $id,
  ownerId: $owner}) {
  vendorSharedOpportunity { id } userErrors { code field message } } }"""
REJECT = """mutation($id: ID!) { vendorSharedOpportunityReject(input: {id: $id, reason: NO_CAPACITY}) {
  vendorSharedOpportunity { id } userErrors { code field message } }
  }"""
VALIDATE = """mutation($id: ID!) { partnerSharedOpportunityValidate(input: {id: $id, decision:
  REJECT, reason: "x"}) {
  partnerSharedOpportunity { id } userErrors { code field message } } }"""
SHARE_PO = """mutation($id: ID!) { partnerSharedOpportunityShare(input: {opportunityId: $id,
  supportKind: VISIBLE_ONLY,
  need: "matrix"}) { partnerSharedOpportunity { id } userErrors { code field message } } }"""
REVEAL = """mutation($ids: [ID!]!) { maskedFieldsReveal(input: {ids: $ids, fields: [NAME, PHONE, EMAIL]}) {
  records { id name phone email } userErrors { code field message } } }"""
HO_ROW = ["id", "partner_id", "shared_by_id", "state", "customer_name", "contact_phone", "contact_email"]
# The scope reads the opportunity's current owner.
PO_ROW = ["id", "partner_id", "owner_id", "opportunity__owner_id", "state"]


@dataclass
class Matrix:
    world: World
    sessions: dict[str, tuple[str, str]]
    viewers: dict[str, Viewer | None]
    hos: dict[int, dict[str, Any]]
    pos: dict[int, dict[str, Any]]


@pytest_asyncio.fixture(scope="module")
async def matrix(app: object) -> Matrix:
    await truncate_all()
    w = await build_world()
    await Organization.filter(id=w.orgs["b"]).update(path_stage=PathStage.DIFFERENTIATED)
    await pce_setup(w, members=("a", "r", "b"))
    now = FRIDAY + timedelta(hours=1)
    await share_ho(w, title="甲待处理")
    accepted = await share_ho(w, title="甲已接受", customer_name="无锡已接受测试有限公司")
    await share_ho(w, org="b", title="丙待处理", customer_name="宁波丙方测试有限公司")
    with clock.frozen(now):
        assert isinstance(
            await service.accept_ho(await viewer_of(w, "a_admin"), accepted, w.users["a_m1"]), int
        )
    for user, opp in (("a_m1", "a_m1"), ("a_m2", "a_m2"), ("r_m1", "r_m1"), ("b_m1", "b_m1")):
        await share_po(w, username=user, opportunity=opp, need=f"需求 {user}")
    sessions: dict[str, tuple[str, str]] = {}
    viewers: dict[str, Viewer | None] = {"anonymous": None}
    for username in SESSION_PRINCIPALS:
        token, csrf = await accounts.login(username, PASSWORD, "203.0.113.7", "pytest-matrix")
        found = await accounts.viewer_for_session(token)
        assert found is not None
        sessions[username], viewers[username] = (token, csrf), found[0]
    for name in TOKEN_PRINCIPALS:
        viewers[name] = await accounts.viewer_for_token(w.tokens[name.removeprefix("token_")])
    hos = {r["id"]: r for r in await VendorSharedOpportunity.all().values(*HO_ROW)}
    for r in hos.values():
        r["name"], r["phone"], r["email"] = r["customer_name"], r["contact_phone"], r["contact_email"]
    pos = {r["id"]: r for r in await PartnerSharedOpportunity.all().values(*PO_ROW)}
    return Matrix(w, sessions, viewers, hos, pos)


async def ask(client: httpx.AsyncClient, m: Matrix, principal: str, query: str, variables: Any = None) -> Any:
    client.cookies.clear()
    csrf = token = None
    if principal in m.sessions:
        session, csrf = m.sessions[principal]
        client.cookies.set("pc_session", session)
    elif principal in TOKEN_PRINCIPALS:
        token = m.world.tokens[principal.removeprefix("token_")]
    with clock.frozen(FRIDAY + timedelta(hours=2)):
        return await gql(client, query, variables, csrf=csrf, token=token)


def list_error(viewer: Viewer | None, resource: Resource) -> str | None:
    try:
        policy.require_read(viewer, resource)
    except PublicError as err:
        return err.code.value
    return None


def gid(resource: Resource, pk: int) -> str:
    return to_global_id(resource.value, pk)


def unknown(resource: Resource) -> str:
    return to_global_id(resource.value, 900_000)


def check_ho(viewer: Viewer, node: dict[str, Any], row: dict[str, Any]) -> None:
    """Masked, withheld and revealable exactly as the policy says."""
    rights = field_rights(viewer, HO, row)
    order = list(MaskedField)
    assert node["maskedFields"] == [f.value for f in order if f in rights.masked]
    assert node["revealableFields"] == [f.value for f in order if f in rights.revealable]
    assert node["hiddenFields"] == [f.value for f in order if f in rights.hidden]
    assert node["summaryOnly"] is rights.summary_only is policy.ho_summary_only(viewer, row)
    assert node["customerName"] == MASKERS[(HO, MaskedField.NAME)](row["name"]) != row["name"]
    for field, key in ((MaskedField.PHONE, "contactPhone"), (MaskedField.EMAIL, "contactEmail")):
        if field in rights.hidden:
            assert node[key] is None
        else:
            clear = row[policy.FIELD_COLUMNS[field]]
            assert node[key] == MASKERS[(HO, field)](clear) != clear
    details = [node["expectedMonthlyRevenue"], node["description"]]
    assert (details == [None, None]) is rights.summary_only
    expected = [
        {"field": f.value, "reason": r.value} for f, r in policy.reveal_denials(rights, viewer.is_token)
    ]
    assert node["revealDenials"] == expected
    assert node["viewerCanHandle"] is (policy.may_handle_ho(viewer, row) and row["state"] == "PENDING")


def no_clear_text(body: Any, m: Matrix) -> None:
    text = json.dumps(body, ensure_ascii=False)
    for row in m.hos.values():
        assert row["name"] not in text and row["phone"] not in text and row["email"] not in text


async def path_ho_list(client: httpx.AsyncClient, m: Matrix, principal: str) -> None:
    viewer = m.viewers[principal]
    body = await ask(client, m, principal, HO_LIST)
    error = list_error(viewer, HO)
    if error:
        assert body["data"] is None and body["errors"][0]["extensions"]["code"] == error
        return
    assert viewer is not None
    nodes = [e["node"] for e in body["data"]["vendorSharedOpportunities"]["edges"]]
    expected = {pk for pk, r in m.hos.items() if in_scope(viewer, HO, r)}
    assert sorted(n["id"] for n in nodes) == sorted(gid(HO, p) for p in expected)
    assert body["data"]["vendorSharedOpportunities"]["totalCount"] == len(expected)
    by_gid = {gid(HO, pk): r for pk, r in m.hos.items()}
    for n in nodes:
        check_ho(viewer, n, by_gid[n["id"]])
    no_clear_text(body, m)


async def path_ho_node(client: httpx.AsyncClient, m: Matrix, principal: str) -> None:
    viewer = m.viewers[principal]
    never = await ask(client, m, principal, HO_BY_ID, {"id": unknown(HO)})
    assert never == {"data": {"node": None}}
    for pk, row in m.hos.items():
        body = await ask(client, m, principal, HO_BY_ID, {"id": gid(HO, pk)})
        if in_scope(viewer, HO, row):
            assert viewer is not None
            check_ho(viewer, body["data"]["node"], row)
        else:
            assert body == never, (principal, pk)
        no_clear_text(body, m)


async def path_po_list_and_node(client: httpx.AsyncClient, m: Matrix, principal: str) -> None:
    viewer = m.viewers[principal]
    body = await ask(client, m, principal, PO_LIST)
    error = list_error(viewer, PO)
    if error:
        assert body["data"] is None and body["errors"][0]["extensions"]["code"] == error
    else:
        assert viewer is not None
        nodes = [e["node"] for e in body["data"]["partnerSharedOpportunities"]["edges"]]
        expected = {pk for pk, r in m.pos.items() if in_scope(viewer, PO, r)}
        assert sorted(n["id"] for n in nodes) == sorted(gid(PO, p) for p in expected)
        assert body["data"]["partnerSharedOpportunities"]["totalCount"] == len(expected)
        for n in nodes:
            assert n["viewerCanValidate"] is policy.may_validate_po(viewer)
    never = await ask(client, m, principal, PO_BY_ID, {"id": unknown(PO)})
    for pk, row in m.pos.items():
        got = await ask(client, m, principal, PO_BY_ID, {"id": gid(PO, pk)})
        if in_scope(viewer, PO, row):
            assert got["data"]["node"]["id"] == gid(PO, pk)
        else:
            assert got == never, (principal, pk)


def codes(body: Any) -> list[str] | str:
    if body.get("data") is None:
        return body["errors"][0]["extensions"]["code"]  # type: ignore[no-any-return]
    return [e["code"] for e in next(iter(body["data"].values()))["userErrors"]]


async def path_mutations(client: httpx.AsyncClient, m: Matrix, principal: str) -> None:
    """Out-of-scope IDs answer like unknown ones; what is refused changes nothing."""
    viewer = m.viewers[principal]
    before = (
        await VendorSharedOpportunity.all().order_by("id").values("id", "state"),
        await PartnerSharedOpportunity.all().order_by("id").values("id", "state"),
    )
    owner = gid(Resource.USER, m.world.users["a_m2"])
    for query, extra, resource, rows in (
        (ACCEPT, {"owner": owner}, HO, m.hos),
        (REJECT, {}, HO, m.hos),
        (VALIDATE, {}, PO, m.pos),
    ):
        never = await ask(client, m, principal, query, {"id": unknown(resource), **extra})
        if viewer is None:
            assert codes(never) == "UNAUTHENTICATED"
        for pk, row in rows.items():
            if not in_scope(viewer, resource, row):
                body = await ask(client, m, principal, query, {"id": gid(resource, pk), **extra})
                assert body == never, (principal, query, pk)
    # Sharing an opportunity outside the opportunity scope == an unknown opportunity.
    never = await ask(client, m, principal, SHARE_PO, {"id": unknown(Resource.OPPORTUNITY)})
    for key, opp in m.world.opportunities.items():
        from partnercenter.opportunities.models import Opportunity

        row = await Opportunity.get(id=opp).values("id", "partner_id", "owner_id")
        if not in_scope(viewer, Resource.OPPORTUNITY, row):
            assert (
                await ask(client, m, principal, SHARE_PO, {"id": gid(Resource.OPPORTUNITY, opp)}) == never
            ), key
    after = (
        await VendorSharedOpportunity.all().order_by("id").values("id", "state"),
        await PartnerSharedOpportunity.all().order_by("id").values("id", "state"),
    )
    assert after == before


async def path_reveal(client: httpx.AsyncClient, m: Matrix, principal: str) -> None:
    viewer = m.viewers[principal]
    never = await ask(client, m, principal, REVEAL, {"ids": [unknown(HO)]})
    for pk, row in m.hos.items():
        body = await ask(client, m, principal, REVEAL, {"ids": [gid(HO, pk)]})
        if viewer is None or not in_scope(viewer, HO, row):
            assert json.dumps(body).replace(gid(HO, pk), "X") == json.dumps(never).replace(unknown(HO), "X")
            continue
        rights = field_rights(viewer, HO, row)
        if {MaskedField.NAME, MaskedField.PHONE, MaskedField.EMAIL} <= rights.revealable:
            assert body["data"]["maskedFieldsReveal"]["records"] == [
                {"id": gid(HO, pk), "name": row["name"], "phone": row["phone"], "email": row["email"]}
            ]
        else:
            assert codes(body) == ["FORBIDDEN"]
            no_clear_text(body, m)


PATHS = {
    "vendorSharedOpportunities": path_ho_list,
    "node(VendorSharedOpportunity)": path_ho_node,
    "partnerSharedOpportunities+node": path_po_list_and_node,
    "mutations": path_mutations,
    "maskedFieldsReveal(HO)": path_reveal,
}


@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize("principal", PRINCIPALS)
async def test_matrix(client: httpx.AsyncClient, matrix: Matrix, principal: str, path: str) -> None:
    await PATHS[path](client, matrix, principal)


async def test_policy_matches_the_domain_rules(matrix: Matrix) -> None:
    """HOs: the sharing PDM and the receiving partner's admins only. POs: every PDM, the partner's
    admin, the owner and their supervisors. Summary only before acceptance."""
    m, w = matrix, matrix.world

    def hos_of(principal: str) -> set[str]:
        return {r["customer_name"][:2] for r in m.hos.values() if in_scope(m.viewers[principal], HO, r)}

    def pos_of(principal: str) -> int:
        return sum(in_scope(m.viewers[principal], PO, r) for r in m.pos.values())

    assert hos_of("a_admin") == {"苏州", "无锡"} and hos_of("b_admin") == {"宁波"}
    assert hos_of("pdm") == {"苏州", "无锡", "宁波"}
    for principal in ("a_m1", "a_sup", "a_fin", "r_admin", "vfin", "cust_user", "token_full", "anonymous"):
        assert hos_of(principal) == set(), principal
    assert pos_of("pdm") == 4 and pos_of("a_admin") == 2 and pos_of("a_m1") == 1 and pos_of("a_lead") == 2
    assert pos_of("r_admin") == 1 and pos_of("vfin") == 0 and pos_of("token_full") == 0
    admin = m.viewers["a_admin"]
    assert admin is not None
    summary = [r for r in m.hos.values() if r["partner_id"] == w.orgs["a"] and r["state"] == "PENDING"]
    accepted = [r for r in m.hos.values() if r["state"] == "ACCEPTED"]
    assert field_rights(admin, HO, summary[0]).revealable == set()
    not_ho = {MaskedField.ACCOUNT_NAME, MaskedField.TEXT}
    assert field_rights(admin, HO, accepted[0]).revealable == set(MaskedField) - not_ho
    pdm = m.viewers["pdm"]
    assert pdm is not None and not field_rights(pdm, HO, summary[0]).summary_only
