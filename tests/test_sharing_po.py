"""Partner-shared opportunities (PO): sharing, no withdrawal, duplicates, vendor validation within
10 working days, rejection by default, messages."""

from __future__ import annotations

from datetime import timedelta

from partnercenter.core import clock
from partnercenter.jobs import run_job
from partnercenter.messages.models import Message
from partnercenter.schema import schema
from partnercenter.sharing.models import PartnerSharedOpportunity, PceAcceptance
from tests.factories import World, gql, sign_in
from tests.sharing_factories import FRIDAY, pce_setup, share_po

PO_FIELDS = """id supportKind need state sharedAt deadlineAt validatedAt rejection rejectReason isDuplicate
  viewerCanValidate partnerName customer { id name } opportunity { id name } sharedBy { id }
  duplicateOf { id } partner { id }"""
SHARE = f"""mutation($input: PartnerSharedOpportunityShareInput!) {{
  partnerSharedOpportunityShare(input: $input) {{
  partnerSharedOpportunity {{ {PO_FIELDS} }} userErrors {{ code field message }} }} }}"""
VALIDATE = f"""mutation($id: ID!, $decision: PoDecision!, $reason: String) {{
  partnerSharedOpportunityValidate(input: {{id: $id, decision: $decision, reason: $reason}}) {{
  partnerSharedOpportunity {{ {PO_FIELDS} }} userErrors {{ code field message }} }}
  }}"""
LIST = f"""query($filter: PartnerSharedOpportunityFilter) {{ partnerSharedOpportunities(first:
  50, filter: $filter) {{
  totalCount edges {{ node {{ {PO_FIELDS} }} }} }} }}"""


def _input(
    world: World, opp: str = "a_m1", kind: str = "BUSINESS_DEMO", need: str = "业务演示支持"
) -> dict[str, object]:
    return {
        "opportunityId": world.gid("Opportunity", world.opportunities[opp]),
        "supportKind": kind,
        "need": need,
    }


async def test_owner_shares_and_pdms_are_told(client, world: World) -> None:
    await pce_setup(world)
    csrf = await sign_in(client, world, "a_m1")
    with clock.frozen(FRIDAY):
        body = await gql(client, SHARE, {"input": _input(world)}, csrf=csrf)
    payload = body["data"]["partnerSharedOpportunityShare"]
    assert payload["userErrors"] == []
    po = payload["partnerSharedOpportunity"]
    assert po["state"] == "PENDING" and po["supportKind"] == "BUSINESS_DEMO" and po["isDuplicate"] is False
    # Fri 9 Jan + 10 working days = Fri 23 Jan, end of day in China.
    assert po["deadlineAt"] == "2026-01-23T15:59:59+00:00"
    assert po["customer"]["name"] != world.customer_names["a_m1"]  # masked
    msgs = await Message.all().values("recipient_id", "kind", "params")
    assert [(m["recipient_id"], m["kind"]) for m in msgs] == [(world.users["pdm"], "PO_SHARED")]


async def test_six_support_kinds(client, world: World) -> None:
    await pce_setup(world)
    csrf = await sign_in(client, world, "a_admin")
    kinds = [
        "ARCHITECTURE_VALIDATION",
        "BUSINESS_DEMO",
        "TECHNICAL_CONSULTING",
        "STRATEGY_SUPPORT",
        "RESOURCE_CONFIGURATION_SUPPORT",
        "VISIBLE_ONLY",
    ]
    for i, kind in enumerate(kinds):
        body = await gql(client, SHARE, {"input": _input(world, "a_m2", kind, f"需求{i}")}, csrf=csrf)
        assert body["data"]["partnerSharedOpportunityShare"]["userErrors"] == [], kind
    bad = await gql(client, SHARE, {"input": _input(world, "a_m2", "FREE_LUNCH")}, csrf=csrf)
    assert "errors" in bad


async def test_who_may_share(client, world: World) -> None:
    await pce_setup(world, members=("a", "r"))
    unknown = {"opportunityId": world.gid("Opportunity", 999_999), "supportKind": "VISIBLE_ONLY", "need": "x"}
    cases = {
        "a_m2": ("a_m1", "NOT_FOUND"),  # another manager's opportunity: out of scope
        "a_lead": ("a_m1", "FORBIDDEN"),  # a supervisor sees it but is not its owner
        "a_admin": ("r_m1", "FORBIDDEN"),  # the distributor sees its reseller's opportunity, not its own
        "pdm": ("a_m1", "FORBIDDEN"),
        "b_admin": ("a_m1", "NOT_FOUND"),
    }
    for username, (opp, code) in cases.items():
        csrf = await sign_in(client, world, username)
        body = await gql(client, SHARE, {"input": _input(world, opp)}, csrf=csrf)
        assert [e["code"] for e in body["data"]["partnerSharedOpportunityShare"]["userErrors"]] == [code], (
            username
        )
        if code == "NOT_FOUND":
            never = await gql(client, SHARE, {"input": unknown}, csrf=csrf)
            assert never == body, username
    csrf = await sign_in(client, world, "a_m1")
    body = await gql(client, SHARE, {"input": _input(world, need="   ")}, csrf=csrf)
    assert body["data"]["partnerSharedOpportunityShare"]["userErrors"][0]["code"] == "BLANK"
    assert await PartnerSharedOpportunity.all().count() == 0


async def test_sharing_needs_pce_membership(client, world: World) -> None:
    await pce_setup(world, members=())
    csrf = await sign_in(client, world, "a_m1")
    body = await gql(client, SHARE, {"input": _input(world)}, csrf=csrf)
    assert [e["code"] for e in body["data"]["partnerSharedOpportunityShare"]["userErrors"]] == [
        "NOT_PCE_MEMBER"
    ]
    assert await PartnerSharedOpportunity.all().count() == 0
    assert await PceAcceptance.all().count() == 0


async def test_a_po_cannot_be_withdrawn_or_edited(client, world: World) -> None:
    await pce_setup(world)
    po = await share_po(world)
    gid = world.gid("PartnerSharedOpportunity", po)
    # No mutation exists that changes a PO on the partner's side.
    mutations = set(schema._schema.mutation_type.fields)  # type: ignore[union-attr]
    po_mutations = {m for m in mutations if m.startswith("partnerSharedOpportunity")}
    assert po_mutations == {
        "partnerSharedOpportunityShare",
        "partnerSharedOpportunityValidate",
        "partnerSharedOpportunityRecordDelivery",
    }
    csrf = await sign_in(client, world, "a_m1")
    for attempt in (
        "mutation($id: ID!) { partnerSharedOpportunityWithdraw(input: {id: $id}) { userErrors { code } } }",
        'mutation($id: ID!) { partnerSharedOpportunityUpdate(input: {id: $id, need: "x"}) {'
        " userErrors { code } } }",
    ):
        body = await gql(client, attempt, {"id": gid}, csrf=csrf)
        assert body.get("data") is None and "Cannot query field" in body["errors"][0]["message"], body
    # The partner cannot validate (reject) its own PO either, the admin included.
    for username in ("a_m1", "a_admin"):
        csrf = await sign_in(client, world, username)
        body = await gql(client, VALIDATE, {"id": gid, "decision": "REJECT", "reason": "撤回"}, csrf=csrf)
        assert [e["code"] for e in body["data"]["partnerSharedOpportunityValidate"]["userErrors"]] == [
            "FORBIDDEN"
        ]
    # Editing the opportunity afterwards does not change what was shared.
    await gql(
        client,
        'mutation($id: ID!) { opportunityUpdate(input: {id: $id, name: "改名"}) { userErrors { code } } }',
        {"id": world.gid("Opportunity", world.opportunities["a_m1"])},
        csrf=csrf,
    )
    row = await PartnerSharedOpportunity.get(id=po)
    assert row.state == "PENDING" and row.need == "架构评审"


async def test_duplicate_is_flagged_and_the_earlier_wins(client, world: World) -> None:
    await pce_setup(world)
    first = await share_po(world, need="架构 评审")
    # Same customer (a_m1's) and the same need, spelled differently: a duplicate.
    second = await share_po(world, username="a_admin", need="  架构   评审 ", at=FRIDAY + timedelta(hours=1))
    other_need = await share_po(world, need="业务演示", at=FRIDAY + timedelta(hours=2))
    other_customer = await share_po(world, username="a_m2", opportunity="a_m2", need="架构 评审")
    rows = {r["id"]: r for r in await PartnerSharedOpportunity.all().values("id", "duplicate_of_id")}
    assert rows[first]["duplicate_of_id"] is None and rows[second]["duplicate_of_id"] == first
    assert rows[other_need]["duplicate_of_id"] is None and rows[other_customer]["duplicate_of_id"] is None
    csrf = await sign_in(client, world, "pdm")
    listed = await gql(client, LIST, {"filter": {"duplicate": True}})
    (node,) = [e["node"] for e in listed["data"]["partnerSharedOpportunities"]["edges"]]
    assert node["isDuplicate"] is True and node["duplicateOf"]["id"] == world.gid(
        "PartnerSharedOpportunity", first
    )
    with clock.frozen(FRIDAY + timedelta(days=1)):
        body = await gql(
            client,
            VALIDATE,
            {"id": world.gid("PartnerSharedOpportunity", second), "decision": "APPROVE"},
            csrf=csrf,
        )
        errors = body["data"]["partnerSharedOpportunityValidate"]["userErrors"]
        assert [e["code"] for e in errors] == ["DUPLICATE"]
        body = await gql(
            client,
            VALIDATE,
            {"id": world.gid("PartnerSharedOpportunity", first), "decision": "APPROVE"},
            csrf=csrf,
        )
        assert body["data"]["partnerSharedOpportunityValidate"]["userErrors"] == []
        body = await gql(
            client,
            VALIDATE,
            {"id": world.gid("PartnerSharedOpportunity", second), "decision": "APPROVE"},
            csrf=csrf,
        )
        assert [e["code"] for e in body["data"]["partnerSharedOpportunityValidate"]["userErrors"]] == [
            "DUPLICATE"
        ]
        # A third one while the first is approved is a duplicate too.
    third = await share_po(world, need="架构评审 ".replace("评审", " 评审"), at=FRIDAY + timedelta(days=2))
    assert (await PartnerSharedOpportunity.get(id=third)).duplicate_of_id == first  # type: ignore[attr-defined]
    assert (await PartnerSharedOpportunity.get(id=second)).state == "PENDING"


async def test_pdm_validates_within_the_deadline(client, world: World) -> None:
    await pce_setup(world)
    approved, rejected, late = (
        await share_po(world, need="a"),
        await share_po(world, need="b"),
        await share_po(world, need="c"),
    )
    csrf = await sign_in(client, world, "pdm")
    with clock.frozen(FRIDAY + timedelta(days=5)):
        body = await gql(
            client,
            VALIDATE,
            {"id": world.gid("PartnerSharedOpportunity", rejected), "decision": "REJECT"},
            csrf=csrf,
        )
        assert [
            (e["code"], e["field"]) for e in body["data"]["partnerSharedOpportunityValidate"]["userErrors"]
        ] == [("BLANK", "reason")]
        body = await gql(
            client,
            VALIDATE,
            {
                "id": world.gid("PartnerSharedOpportunity", rejected),
                "decision": "REJECT",
                "reason": "信息不全",
            },
            csrf=csrf,
        )
        po = body["data"]["partnerSharedOpportunityValidate"]["partnerSharedOpportunity"]
        assert (
            po["state"] == "REJECTED" and po["rejection"] == "BY_VENDOR" and po["rejectReason"] == "信息不全"
        )
        body = await gql(
            client,
            VALIDATE,
            {"id": world.gid("PartnerSharedOpportunity", approved), "decision": "APPROVE"},
            csrf=csrf,
        )
        assert (
            body["data"]["partnerSharedOpportunityValidate"]["partnerSharedOpportunity"]["state"]
            == "APPROVED"
        )
        again = await gql(
            client,
            VALIDATE,
            {"id": world.gid("PartnerSharedOpportunity", approved), "decision": "REJECT", "reason": "x"},
            csrf=csrf,
        )
        assert [e["code"] for e in again["data"]["partnerSharedOpportunityValidate"]["userErrors"]] == [
            "ALREADY_HANDLED"
        ]
    with clock.frozen(FRIDAY.replace(day=23, hour=16)):  # Sat 24 Jan 00:00 China: past the 10th working day
        body = await gql(
            client,
            VALIDATE,
            {"id": world.gid("PartnerSharedOpportunity", late), "decision": "APPROVE"},
            csrf=csrf,
        )
        assert [e["code"] for e in body["data"]["partnerSharedOpportunityValidate"]["userErrors"]] == [
            "DEADLINE_PASSED"
        ]
    # PO_VALIDATED / PO_REJECTED to the sharer (a_m1) and the partner admins.
    for po, kind in ((approved, "PO_VALIDATED"), (rejected, "PO_REJECTED")):
        to = await Message.filter(record_pk=po, kind=kind).values_list("recipient_id", flat=True)
        assert sorted(to) == sorted([world.users["a_m1"], world.users["a_admin"]]), kind
    # The sharer sees the outcome.
    await sign_in(client, world, "a_m1")
    states = {
        e["node"]["id"]: e["node"]["state"]
        for e in (await gql(client, LIST))["data"]["partnerSharedOpportunities"]["edges"]
    }
    assert states[world.gid("PartnerSharedOpportunity", rejected)] == "REJECTED"


async def test_job_rejects_unvalidated_pos_by_default(world: World) -> None:
    await pce_setup(world)
    po = await share_po(world)
    with clock.frozen(FRIDAY.replace(day=23, hour=15)):  # Fri 23 Jan 23:00 China: still in time
        assert (await run_job("sharing-deadlines"))["pos_rejected"] == 0
    with clock.frozen(FRIDAY.replace(day=23, hour=16)):
        assert (await run_job("sharing-deadlines"))["pos_rejected"] == 1
        assert (await run_job("sharing-deadlines"))["pos_rejected"] == 0
    row = await PartnerSharedOpportunity.get(id=po)
    assert row.state == "REJECTED" and row.rejection == "EXPIRED"
    msgs = await Message.filter(record_pk=po, kind="PO_REJECTED").values("recipient_id", "params")
    assert sorted(m["recipient_id"] for m in msgs) == sorted([world.users["a_m1"], world.users["a_admin"]])
    assert msgs[0]["params"]["rejection"] == "EXPIRED"


async def test_scope_of_po_lists(client, world: World) -> None:
    await pce_setup(world, members=("a", "r", "b"))
    await share_po(world, need="m1")
    await share_po(world, username="a_m2", opportunity="a_m2", need="m2")
    await share_po(world, username="a_m3", opportunity="a_m3", need="m3")
    await share_po(world, username="b_m1", opportunity="b_m1", need="b")
    expected = {"a_m1": 1, "a_m2": 1, "a_lead": 2, "a_sup": 2, "a_admin": 3, "b_admin": 1, "r_admin": 0,
                "pdm": 4, "vfin": 0, "a_fin": 0, "cust_user": 0}  # fmt: skip
    for username, count in expected.items():
        await sign_in(client, world, username)
        body = await gql(client, LIST)
        conn = body["data"]["partnerSharedOpportunities"]
        assert conn["totalCount"] == len(conn["edges"]) == count, username
