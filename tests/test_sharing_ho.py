"""Vendor-shared opportunities (HO): sharing with eligible PCE partners, the summary before acceptance,
accepting (an opportunity for the chosen manager) or rejecting, deadlines in working days, the job."""

from __future__ import annotations

from datetime import timedelta

from partnercenter.accounts.enums import PathStage
from partnercenter.accounts.models import Organization
from partnercenter.core import clock
from partnercenter.customers.models import Customer
from partnercenter.jobs import run_job
from partnercenter.messages.models import Message
from partnercenter.opportunities.models import Opportunity
from partnercenter.sharing.models import VendorSharedOpportunity
from tests.factories import World, gql, sign_in
from tests.sharing_factories import FRIDAY, pce_setup, share_ho

HO_FIELDS = """id title customerName contactPhone contactEmail industry region need
  opportunityType description
  expectedMonthlyRevenue { amount currency } state sharedAt deadlineAt rejectReason rejectNote summaryOnly
  maskedFields revealableFields hiddenFields revealDenials { field reason } viewerCanHandle
  sharedBy { id } partner { id } opportunity { id name owner { id } customer { id } }"""
NODE = (
    f"query($id: ID!) {{ node(id: $id) {{ __typename ... on VendorSharedOpportunity {{ {HO_FIELDS} }} }} }}"
)
LIST = f"""query($filter: VendorSharedOpportunityFilter) {{ vendorSharedOpportunities(first:
  20, filter: $filter) {{
  totalCount edges {{ node {{ {HO_FIELDS} }} }} }}
  }}"""
SHARE = """mutation($input: VendorSharedOpportunityShareInput!) {
  vendorSharedOpportunityShare(input: $input) {
  vendorSharedOpportunity { id state deadlineAt customerName } userErrors { code field message } } }"""
ACCEPT = f"""mutation($id: ID!, $owner: ID!) {{ vendorSharedOpportunityAccept(input: {{id:
  $id, ownerId: $owner}}) {{
  vendorSharedOpportunity {{ {HO_FIELDS} }} userErrors {{ code field message }} }} }}"""
REJECT = """mutation($id: ID!, $reason: HoRejectReason!, $note: String) {
  vendorSharedOpportunityReject(input: {id: $id, reason: $reason, note: $note}) {
  vendorSharedOpportunity { id state rejectReason rejectNote } userErrors { code field message } } }"""
REVEAL = """mutation($ids: [ID!]!) { maskedFieldsReveal(input: {ids: $ids, fields: [NAME, PHONE]}) {
  records { id name phone } userErrors { code field message } } }"""
CUSTOMER_NAME = "苏州智联园区科技有限公司"


def _share_input(world: World, org: str = "a") -> dict[str, object]:
    return {
        "partnerId": world.gid("Organization", world.orgs[org]),
        "title": "园区视频云",
        "customerName": CUSTOMER_NAME,
        "industry": "MANUFACTURING",
        "region": "华东",
        "need": "视频监控统一上云",
        "expectedMonthlyRevenue": {"amount": "86000.00"},
        "contactPhone": "13912345678",
    }


async def test_pdm_shares_with_an_eligible_member_deadline_three_working_days(client, world: World) -> None:
    await pce_setup(world)
    csrf = await sign_in(client, world, "pdm")
    with clock.frozen(FRIDAY):  # Friday: Mon, Tue, Wed -> Wednesday 14 Jan, end of day in China
        body = await gql(client, SHARE, {"input": _share_input(world)}, csrf=csrf)
    payload = body["data"]["vendorSharedOpportunityShare"]
    assert payload["userErrors"] == []
    ho = payload["vendorSharedOpportunity"]
    assert ho["state"] == "PENDING" and ho["deadlineAt"] == "2026-01-14T15:59:59+00:00"
    assert ho["customerName"] == "苏州**有限公司"  # masked for the PDM too, until revealed
    # HO_SHARED to the partner admins of A only, with no customer name in the params.
    msgs = await Message.all().values("recipient_id", "kind", "record_type", "params")
    assert [(m["recipient_id"], m["kind"]) for m in msgs] == [(world.users["a_admin"], "HO_SHARED")]
    assert msgs[0]["record_type"] == "VendorSharedOpportunity"
    assert CUSTOMER_NAME not in str(msgs[0]["params"])


async def test_holiday_moves_the_deadline(world: World) -> None:
    await pce_setup(world)
    # Thursday 12 Feb 2026 10:00 China: Fri 13, Sat 14 (make-up), Spring Festival, Tue 24 Feb.
    ho = await share_ho(world, at=FRIDAY.replace(month=2, day=12))
    row = await VendorSharedOpportunity.get(id=ho)
    assert row.deadline_at.isoformat() == "2026-02-24T15:59:59+00:00"


async def test_sharing_needs_an_eligible_pce_member(client, world: World) -> None:
    await pce_setup(world, members=("b",))
    csrf = await sign_in(client, world, "pdm")
    body = await gql(client, SHARE, {"input": _share_input(world, "a")}, csrf=csrf)
    errors = body["data"]["vendorSharedOpportunityShare"]["userErrors"]
    assert [(e["code"], e["field"]) for e in errors] == [("NOT_PCE_MEMBER", "partnerId")]
    body = await gql(client, SHARE, {"input": _share_input(world, "b")}, csrf=csrf)  # member, registered
    errors = body["data"]["vendorSharedOpportunityShare"]["userErrors"]
    assert [(e["code"], e["field"]) for e in errors] == [("NOT_ELIGIBLE", "partnerId")]
    await Organization.filter(id=world.orgs["b"]).update(path_stage=PathStage.DIFFERENTIATED)
    body = await gql(client, SHARE, {"input": _share_input(world, "b")}, csrf=csrf)
    assert body["data"]["vendorSharedOpportunityShare"]["userErrors"] == []
    # Only PDMs share; a partner admin cannot.
    csrf = await sign_in(client, world, "b_admin")
    body = await gql(client, SHARE, {"input": _share_input(world, "b")}, csrf=csrf)
    assert [e["code"] for e in body["data"]["vendorSharedOpportunityShare"]["userErrors"]] == ["FORBIDDEN"]
    assert await VendorSharedOpportunity.all().count() == 1


async def test_summary_only_before_acceptance(client, world: World) -> None:
    await pce_setup(world)
    ho = await share_ho(world)
    csrf = await sign_in(client, world, "a_admin")
    with clock.frozen(FRIDAY + timedelta(hours=1)):
        node = (await gql(client, NODE, {"id": world.gid("VendorSharedOpportunity", ho)}))["data"]["node"]
    assert node["customerName"] == "苏州**有限公司"
    assert (
        node["industry"] == "MANUFACTURING"
        and node["region"] == "华东"
        and node["need"] == "视频监控统一上云"
    )
    assert node["contactPhone"] is None and node["expectedMonthlyRevenue"] is None
    assert node["description"] is None and node["opportunityType"] is None
    assert node["summaryOnly"] is True and node["revealableFields"] == []
    assert node["hiddenFields"] == ["PHONE", "EMAIL"] and node["contactEmail"] is None
    assert node["revealDenials"] == [
        {"field": "NAME", "reason": "SUMMARY_ONLY"},
        {"field": "PHONE", "reason": "SUMMARY_ONLY"},
        {"field": "EMAIL", "reason": "SUMMARY_ONLY"},
    ]
    assert node["viewerCanHandle"] is True and node["sharedBy"] is None  # the PDM is outside A's people
    # The name cannot be revealed before acceptance, and the clear text appears nowhere.
    body = await gql(client, REVEAL, {"ids": [node["id"]]}, csrf=csrf)
    errors = body["data"]["maskedFieldsReveal"]["userErrors"]
    assert [(e["code"], e["message"]) for e in errors] == [
        ("FORBIDDEN", "Only the summary of a shared opportunity is visible until it is accepted.")
    ]
    text = str(body)
    assert CUSTOMER_NAME not in text and "13912345678" not in text and "li.lei@" not in text


async def test_accept_creates_the_opportunity_for_the_chosen_manager(client, world: World) -> None:
    await pce_setup(world)
    ho = await share_ho(world)
    gid = world.gid("VendorSharedOpportunity", ho)
    csrf = await sign_in(client, world, "a_admin")
    with clock.frozen(FRIDAY + timedelta(days=3)):  # Monday
        body = await gql(
            client, ACCEPT, {"id": gid, "owner": world.gid("User", world.users["a_m2"])}, csrf=csrf
        )
    payload = body["data"]["vendorSharedOpportunityAccept"]
    assert payload["userErrors"] == []
    node = payload["vendorSharedOpportunity"]
    assert node["state"] == "ACCEPTED" and node["summaryOnly"] is False and node["viewerCanHandle"] is False
    assert node["expectedMonthlyRevenue"] == {"amount": "86000.00", "currency": "CNY"}
    assert node["description"] == "预算已立项" and node["contactPhone"] == "139****5678"
    assert node["contactEmail"] == "l***@s***.cn"  # the domain would name the company
    assert node["revealableFields"] == ["NAME", "PHONE", "EMAIL"] and node["hiddenFields"] == []
    opp = node["opportunity"]
    assert opp["name"] == "园区视频云" and opp["owner"]["id"] == world.gid("User", world.users["a_m2"])
    # Full details can now be revealed by the admin (audited like every reveal).
    body = await gql(client, REVEAL, {"ids": [gid]}, csrf=csrf)
    assert body["data"]["maskedFieldsReveal"]["records"] == [
        {"id": gid, "name": CUSTOMER_NAME, "phone": "13912345678"}
    ]
    # A customer of A was created for that name, managed by the chosen manager.
    customer = await Customer.get(name=CUSTOMER_NAME)
    assert customer.partner_id == world.orgs["a"] and customer.manager_id == world.users["a_m2"]  # type: ignore[attr-defined]
    assert customer.phone == "13912345678" and customer.email == "li.lei@szpark-demo.cn"
    # The chosen manager sees it among their opportunities, with its customer.
    await sign_in(client, world, "a_m2")
    body = await gql(client, "{ opportunities(first: 20) { edges { node { id name customer { id } } } } }")
    names = {e["node"]["name"]: e["node"] for e in body["data"]["opportunities"]["edges"]}
    assert "园区视频云" in names and names["园区视频云"]["customer"] is not None
    # ... and another manager does not.
    await sign_in(client, world, "a_m1")
    body = await gql(client, "{ opportunities(first: 20) { edges { node { name } } } }")
    assert "园区视频云" not in {e["node"]["name"] for e in body["data"]["opportunities"]["edges"]}
    # HO_ACCEPTED to the sharing PDM.
    kinds = await Message.filter(recipient_id=world.users["pdm"]).values_list("kind", flat=True)
    assert list(kinds) == ["HO_ACCEPTED"]


async def test_accept_binds_an_existing_customer_of_that_name(world: World, client) -> None:
    await pce_setup(world)
    name = world.customer_names["a_m3"]
    ho = await share_ho(world, customer_name=name)
    csrf = await sign_in(client, world, "a_admin")
    with clock.frozen(FRIDAY + timedelta(hours=2)):
        body = await gql(
            client,
            ACCEPT,
            {"id": world.gid("VendorSharedOpportunity", ho), "owner": world.gid("User", world.users["a_m3"])},
            csrf=csrf,
        )
    assert body["data"]["vendorSharedOpportunityAccept"]["userErrors"] == []
    assert await Customer.filter(name=name).count() == 1
    opp = await Opportunity.get(name="园区视频云")
    assert opp.customer_id == world.customers["a_m3"]  # type: ignore[attr-defined]


async def test_accept_needs_a_manager_of_the_partner(client, world: World) -> None:
    await pce_setup(world)
    ho = await share_ho(world)
    gid = world.gid("VendorSharedOpportunity", ho)
    csrf = await sign_in(client, world, "a_admin")
    for owner in ("b_m1", "r_m1", "a_fin", "a_admin"):
        with clock.frozen(FRIDAY + timedelta(hours=2)):
            body = await gql(
                client, ACCEPT, {"id": gid, "owner": world.gid("User", world.users[owner])}, csrf=csrf
            )
        errors = body["data"]["vendorSharedOpportunityAccept"]["userErrors"]
        assert [(e["code"], e["field"]) for e in errors] == [("NOT_IN_TEAM", "ownerId")], owner
    assert (await VendorSharedOpportunity.get(id=ho)).state == "PENDING"
    assert await Opportunity.filter(name="园区视频云").count() == 0


async def test_reject_with_fixed_reasons(client, world: World) -> None:
    await pce_setup(world)
    first, second = await share_ho(world), await share_ho(world, title="第二个")
    csrf = await sign_in(client, world, "a_admin")
    with clock.frozen(FRIDAY + timedelta(hours=2)):
        body = await gql(
            client, REJECT, {"id": world.gid("VendorSharedOpportunity", first), "reason": "OTHER"}, csrf=csrf
        )
        assert [
            (e["code"], e["field"]) for e in body["data"]["vendorSharedOpportunityReject"]["userErrors"]
        ] == [("BLANK", "note")]
        body = await gql(
            client,
            REJECT,
            {"id": world.gid("VendorSharedOpportunity", first), "reason": "EXPIRED"},
            csrf=csrf,
        )
        assert [e["code"] for e in body["data"]["vendorSharedOpportunityReject"]["userErrors"]] == ["INVALID"]
        body = await gql(
            client,
            REJECT,
            {"id": world.gid("VendorSharedOpportunity", first), "reason": "NOT_A_REASON"},
            csrf=csrf,
        )
        assert "errors" in body  # not one of the fixed reasons: refused by the schema
        body = await gql(
            client,
            REJECT,
            {
                "id": world.gid("VendorSharedOpportunity", first),
                "reason": "REGION_NOT_COVERED",
                "note": "无西南团队",
            },
            csrf=csrf,
        )
        ho = body["data"]["vendorSharedOpportunityReject"]["vendorSharedOpportunity"]
        assert (
            ho["state"] == "REJECTED"
            and ho["rejectReason"] == "REGION_NOT_COVERED"
            and ho["rejectNote"] == "无西南团队"
        )
        body = await gql(
            client,
            REJECT,
            {"id": world.gid("VendorSharedOpportunity", second), "reason": "OTHER", "note": "客户冲突"},
            csrf=csrf,
        )
        assert body["data"]["vendorSharedOpportunityReject"]["userErrors"] == []
        # Handled once only: accepting a rejected HO is refused.
        body = await gql(
            client,
            ACCEPT,
            {
                "id": world.gid("VendorSharedOpportunity", first),
                "owner": world.gid("User", world.users["a_m1"]),
            },
            csrf=csrf,
        )
    assert [e["code"] for e in body["data"]["vendorSharedOpportunityAccept"]["userErrors"]] == [
        "ALREADY_HANDLED"
    ]
    kinds = await Message.filter(recipient_id=world.users["pdm"]).values_list("kind", "params")
    assert [k for k, _ in kinds] == ["HO_REJECTED", "HO_REJECTED"]
    # A rejected HO stays a summary for the partner.
    with clock.frozen(FRIDAY + timedelta(hours=3)):
        node = (await gql(client, NODE, {"id": world.gid("VendorSharedOpportunity", first)}))["data"]["node"]
    assert node["summaryOnly"] is True and node["expectedMonthlyRevenue"] is None


async def test_only_the_partner_admin_handles_and_other_partners_cannot_see(client, world: World) -> None:
    await pce_setup(world)
    ho = await share_ho(world)
    gid = world.gid("VendorSharedOpportunity", ho)
    unknown = world.gid("VendorSharedOpportunity", 999_999)
    for username in ("b_admin", "r_admin", "a_m1", "a_sup", "a_fin", "cust_user", "vfin"):
        csrf = await sign_in(client, world, username)
        listed = await gql(client, LIST)
        assert listed["data"]["vendorSharedOpportunities"]["totalCount"] == 0, username
        assert (await gql(client, NODE, {"id": gid}))["data"]["node"] is None, username
        owner = world.gid("User", world.users["a_m1"])
        with clock.frozen(FRIDAY + timedelta(hours=1)):
            seen = await gql(client, ACCEPT, {"id": gid, "owner": owner}, csrf=csrf)
            never = await gql(client, ACCEPT, {"id": unknown, "owner": owner}, csrf=csrf)
        assert seen == never, username  # out of scope answers exactly like unknown
        assert [e["code"] for e in seen["data"]["vendorSharedOpportunityAccept"]["userErrors"]] == [
            "NOT_FOUND"
        ]
    await sign_in(client, world, "a_admin")
    assert (await gql(client, LIST))["data"]["vendorSharedOpportunities"]["totalCount"] == 1
    await sign_in(client, world, "pdm")
    assert (await gql(client, LIST))["data"]["vendorSharedOpportunities"]["totalCount"] == 1
    assert (await VendorSharedOpportunity.get(id=ho)).state == "PENDING"


async def test_handling_after_the_deadline_is_refused(client, world: World) -> None:
    await pce_setup(world)
    ho = await share_ho(world)
    csrf = await sign_in(client, world, "a_admin")
    with clock.frozen(FRIDAY.replace(day=14, hour=15, minute=59, second=58)):  # Wed 23:59:58 in China
        node = (await gql(client, NODE, {"id": world.gid("VendorSharedOpportunity", ho)}))["data"]["node"]
        assert node["viewerCanHandle"] is True
    with clock.frozen(FRIDAY.replace(day=14, hour=16)):  # Thursday 00:00 in China
        body = await gql(
            client,
            REJECT,
            {"id": world.gid("VendorSharedOpportunity", ho), "reason": "NO_CAPACITY"},
            csrf=csrf,
        )
    assert [e["code"] for e in body["data"]["vendorSharedOpportunityReject"]["userErrors"]] == [
        "DEADLINE_PASSED"
    ]


async def test_job_expires_and_warns_once_idempotently(world: World) -> None:
    await pce_setup(world)
    ho = await share_ho(world)  # Friday 9 Jan: warn from Tue 13 Jan 00:00, deadline Wed 14 Jan 23:59:59
    admin = world.users["a_admin"]

    async def kinds() -> list[str]:
        return list(await Message.filter(record_pk=ho).order_by("id").values_list("kind", flat=True))

    with clock.frozen(FRIDAY.replace(day=12, hour=15)):  # Mon 23:00 China: nothing yet
        assert await run_job("sharing-deadlines") == {
            "hos_expired": 0,
            "hos_expiring_notified": 0,
            "pos_rejected": 0,
        }
    with clock.frozen(FRIDAY.replace(day=12, hour=16)):  # Tue 00:00 China: one working day before
        assert (await run_job("sharing-deadlines"))["hos_expiring_notified"] == 1
        assert (await run_job("sharing-deadlines"))["hos_expiring_notified"] == 0
    with clock.frozen(FRIDAY.replace(day=14, hour=12)):
        await run_job("sharing-deadlines")
    assert await kinds() == ["HO_SHARED", "HO_EXPIRING"]
    assert (await VendorSharedOpportunity.get(id=ho)).state == "PENDING"
    with clock.frozen(FRIDAY.replace(day=14, hour=16)):  # Thursday 00:00 China: past the deadline
        assert (await run_job("sharing-deadlines"))["hos_expired"] == 1
        assert (await run_job("sharing-deadlines"))["hos_expired"] == 0
    row = await VendorSharedOpportunity.get(id=ho)
    assert row.state == "REJECTED" and row.reject_reason == "EXPIRED"
    assert await kinds() == ["HO_SHARED", "HO_EXPIRING", "HO_EXPIRED", "HO_EXPIRED"]
    expired_to = await Message.filter(record_pk=ho, kind="HO_EXPIRED").values_list("recipient_id", flat=True)
    assert sorted(expired_to) == sorted([admin, world.users["pdm"]])
    assert await Message.filter(kind="HO_EXPIRING", recipient_id=admin).count() == 1


async def test_expiring_skips_the_weekend_and_holidays(world: World) -> None:
    await pce_setup(world)
    # Thursday 12 Feb 2026: deadline Tue 24 Feb, warning from Mon 23 Feb?  No: 23 Feb is a holiday, so the
    # working day before the deadline is Sat 14 Feb (make-up): the warning starts then.
    ho = await share_ho(world, at=FRIDAY.replace(month=2, day=12))
    row = await VendorSharedOpportunity.get(id=ho)
    assert row.expiring_from.isoformat() == "2026-02-13T16:00:00+00:00"
    with clock.frozen(FRIDAY.replace(month=2, day=13)):  # Fri 13 Feb 10:00 China
        assert (await run_job("sharing-deadlines"))["hos_expiring_notified"] == 0
    with clock.frozen(FRIDAY.replace(month=2, day=20)):  # in the holiday
        assert (await run_job("sharing-deadlines")) == {
            "hos_expired": 0,
            "hos_expiring_notified": 1,
            "pos_rejected": 0,
        }
