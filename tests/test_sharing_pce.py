"""PCE plan: terms versions, joining (who, when, which version), eligibility computed and explained."""

from __future__ import annotations

from datetime import timedelta

from partnercenter.accounts.enums import PathStage
from partnercenter.accounts.models import Organization
from partnercenter.core import clock
from partnercenter.sharing import service
from partnercenter.sharing.enums import EligibilityCriterion, PoDecision
from partnercenter.sharing.models import PartnerSharedOpportunity, PceAcceptance
from tests.factories import World, gql, sign_in
from tests.sharing_factories import FRIDAY, outcome, pce_setup, share_po, viewer_of

PLAN = """{ pcePlan { viewerCanJoin currentTerms { id version title }
  membership { termsVersion acceptedAt acceptedCurrentTerms acceptedBy { id } }
  eligibility { eligible member pathStage deliveredPos missing criteria { criterion met actual
  required } } } }"""
JOIN = """mutation($id: ID!) { pceJoin(input: {termsId: $id}) {
  plan { membership { termsVersion acceptedCurrentTerms } eligibility { eligible member } }
  userErrors { code field message } } }"""
PUBLISH = """mutation($v: String!) { pceTermsPublish(input: {version: $v, title: "条款", body: "正文"}) {
  terms { id version } userErrors { code field } } }"""


async def test_admin_joins_by_accepting_the_current_terms(client, world: World) -> None:
    await pce_setup(world, members=())
    csrf = await sign_in(client, world, "a_admin")
    plan = (await gql(client, PLAN))["data"]["pcePlan"]
    assert plan["viewerCanJoin"] is True and plan["membership"] is None
    assert plan["eligibility"]["member"] is False and plan["eligibility"]["eligible"] is False
    assert plan["eligibility"]["missing"] == ["PCE_MEMBER"]  # differentiated: only membership missing
    with clock.frozen(FRIDAY):
        body = await gql(client, JOIN, {"id": plan["currentTerms"]["id"]}, csrf=csrf)
    payload = body["data"]["pceJoin"]
    assert payload["userErrors"] == []
    assert payload["plan"]["membership"] == {"termsVersion": "v1", "acceptedCurrentTerms": True}
    assert payload["plan"]["eligibility"] == {"eligible": True, "member": True}
    (row,) = await PceAcceptance.all().values("partner_id", "accepted_by_id", "accepted_at", "terms__version")
    assert row["partner_id"] == world.orgs["a"] and row["accepted_by_id"] == world.users["a_admin"]
    assert row["accepted_at"] == FRIDAY and row["terms__version"] == "v1"
    # Accepting again changes nothing.
    await gql(client, JOIN, {"id": plan["currentTerms"]["id"]}, csrf=csrf)
    assert await PceAcceptance.all().count() == 1


async def test_only_the_current_version_can_be_accepted(client, world: World) -> None:
    old = await pce_setup(world, members=())
    pdm_csrf = await sign_in(client, world, "pdm")
    body = await gql(client, PUBLISH, {"v": "v2"}, csrf=pdm_csrf)
    assert body["data"]["pceTermsPublish"]["terms"]["version"] == "v2"
    dup = await gql(client, PUBLISH, {"v": "v2"}, csrf=pdm_csrf)
    assert dup["data"]["pceTermsPublish"]["userErrors"] == [{"code": "DUPLICATE", "field": "version"}]
    csrf = await sign_in(client, world, "a_admin")
    body = await gql(client, JOIN, {"id": world.gid("PceTerms", old)}, csrf=csrf)
    assert [e["code"] for e in body["data"]["pceJoin"]["userErrors"]] == ["TERMS_NOT_CURRENT"]
    assert await PceAcceptance.all().count() == 0


async def test_only_a_partner_admin_joins_and_only_a_pdm_publishes(client, world: World) -> None:
    terms = await pce_setup(world, members=())
    for username in ("a_m1", "a_sup", "a_fin", "pdm"):
        csrf = await sign_in(client, world, username)
        body = await gql(client, JOIN, {"id": world.gid("PceTerms", terms)}, csrf=csrf)
        assert [e["code"] for e in body["data"]["pceJoin"]["userErrors"]] == ["FORBIDDEN"], username
    csrf = await sign_in(client, world, "a_admin")
    body = await gql(client, PUBLISH, {"v": "v9"}, csrf=csrf)
    assert body["data"]["pceTermsPublish"]["userErrors"] == [{"code": "FORBIDDEN", "field": None}]
    assert await PceAcceptance.all().count() == 0


async def test_eligibility_certified_needs_three_delivered_pos_in_twelve_months(world: World) -> None:
    await pce_setup(world, members=("a",))
    a = world.orgs["a"]
    await Organization.filter(id=a).update(path_stage=PathStage.CERTIFIED)
    pdm = await viewer_of(world, "pdm")
    pos = [await share_po(world, need=f"需求{i}") for i in range(4)]
    for po in pos:
        with clock.frozen(FRIDAY + timedelta(days=1)):
            assert isinstance(await service.validate_po(pdm, po, PoDecision.APPROVE, ""), int)
    now = FRIDAY + timedelta(days=30)
    with clock.frozen(now):
        status = (await service.eligibility_of([a]))[a]
        assert not status.eligible and status.delivered_pos == 0
        assert status.missing == [EligibilityCriterion.DELIVERED_POS]
        for po in pos[:2]:
            await service.record_po_delivery(pdm, po, now - timedelta(days=20), now - timedelta(days=10))
        # One delivered 13 months ago does not count.
        await PartnerSharedOpportunity.filter(id=pos[2]).update(
            signed_at=now - timedelta(days=420), delivered_at=now - timedelta(days=400)
        )
        status = (await service.eligibility_of([a]))[a]
        assert not status.eligible and status.delivered_pos == 2
        criteria = {c.criterion: c for c in status.criteria}
        assert criteria[EligibilityCriterion.DELIVERED_POS].actual == 2
        assert criteria[EligibilityCriterion.DELIVERED_POS].required == 3
        assert criteria[EligibilityCriterion.PATH_CERTIFIED].met
        assert not criteria[EligibilityCriterion.PATH_DIFFERENTIATED].met
        await service.record_po_delivery(pdm, pos[3], now - timedelta(days=5), now - timedelta(days=1))
        status = (await service.eligibility_of([a]))[a]
        assert status.eligible and status.delivered_pos == 3 and status.missing == []
    # A year later the same deliveries no longer count.
    with clock.frozen(now + timedelta(days=370)):
        assert not (await service.eligibility_of([a]))[a].eligible


async def test_eligibility_registered_partner_and_differentiated_partner(world: World) -> None:
    await pce_setup(world, members=("a", "b"))
    status = await service.eligibility_of([world.orgs["a"], world.orgs["b"]])
    assert status[world.orgs["a"]].eligible  # differentiated member
    b = status[world.orgs["b"]]
    assert not b.eligible and b.member
    assert b.missing == [EligibilityCriterion.PATH_CERTIFIED, EligibilityCriterion.DELIVERED_POS]


async def test_delivery_is_recorded_on_approved_pos_only(world: World) -> None:
    await pce_setup(world)
    po = await share_po(world)
    pdm = await viewer_of(world, "pdm")
    result = await outcome(service.record_po_delivery(pdm, po, FRIDAY, FRIDAY))
    assert isinstance(result, list) and result[0].code == "NOT_APPROVED"
    manager = await viewer_of(world, "a_m1")
    result = await outcome(service.record_po_delivery(manager, po, FRIDAY, FRIDAY))
    assert isinstance(result, list) and result[0].code == "FORBIDDEN"


async def test_plan_for_vendor_and_customer_users_has_no_partner_status(client, world: World) -> None:
    await pce_setup(world)
    for username in ("pdm", "cust_user"):
        await sign_in(client, world, username)
        plan = (await gql(client, PLAN))["data"]["pcePlan"]
        assert plan["membership"] is None and plan["eligibility"] is None and plan["viewerCanJoin"] is False
    await sign_in(client, world, "a_m1")
    plan = (await gql(client, PLAN))["data"]["pcePlan"]
    assert plan["membership"]["termsVersion"] == "v1" and plan["viewerCanJoin"] is False


async def test_pdm_lists_partners_with_their_eligibility(client, world: World) -> None:
    await pce_setup(world, members=("a", "b"))
    query = "{ pcePartners { organization { id } eligibility { eligible member missing } } }"
    await sign_in(client, world, "pdm")
    rows = (await gql(client, query))["data"]["pcePartners"]
    by_org = {r["organization"]["id"]: r["eligibility"] for r in rows}
    assert by_org[world.gid("Organization", world.orgs["a"])] == {
        "eligible": True,
        "member": True,
        "missing": [],
    }
    assert by_org[world.gid("Organization", world.orgs["r"])]["member"] is False
    assert by_org[world.gid("Organization", world.orgs["b"])]["missing"] == [
        "PATH_CERTIFIED",
        "DELIVERED_POS",
    ]
    assert world.gid("Organization", world.orgs["vendor"]) not in by_org
    for username in ("a_admin", "a_m1", "vfin"):
        await sign_in(client, world, username)
        body = await gql(client, query)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", username
