"""The demo world: who exists, who owns what, and that the same seed gives the same world."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from tortoise import connections

from partnercenter.accounts.enums import OrgKind, PathStage, Role
from partnercenter.accounts.models import Organization, User
from partnercenter.accounts.passwords import verify_password
from partnercenter.customers.models import Customer
from partnercenter.opportunities.enums import CONFIDENCE_STEPS, OpportunityStage
from partnercenter.opportunities.models import Opportunity, OpportunityProgress
from partnercenter.seed import DEMO_PASSWORD, SeedSummary, format_logins, seed_demo
from partnercenter.seed.association import ASSOCIATION_USERNAMES
from tests.conftest import truncate_all

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
PREFIXES = ("dist", "r1", "r2", "sol")
SUFFIXES = ("admin", "sup", "lead", "mgr1", "mgr2", "mgr3", "finance")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
EMAIL = re.compile(r"^[a-z0-9.]+@[a-z0-9-]+(\.[a-z]+)+$")


@pytest.fixture(autouse=True)
def _harness_database(app: object) -> None:
    """The run's own database (SQLite or PostgreSQL): a private in-memory context would
    rebind Tortoise's models to another dialect for every later test."""


@asynccontextmanager
async def seeded(seed: int = 42) -> AsyncIterator[SeedSummary]:
    await truncate_all()
    yield await seed_demo(scale=1, seed=seed, now=NOW)


async def rows(sql: str) -> list[dict]:
    return await connections.get("default").execute_query_dict(sql)


async def test_people_orgs_and_supervisor_trees() -> None:
    async with seeded() as summary:
        users = {u.username: u for u in await User.all().prefetch_related("org")}
        expected = {"pdm", "vfinance", "customer1", *ASSOCIATION_USERNAMES}
        expected |= {f"{p}_{s}" for p in PREFIXES for s in SUFFIXES}
        assert expected <= set(users)
        assert {login[0] for login in summary.logins} == set(users) == expected

        vendor = await Organization.get(kind=OrgKind.VENDOR)
        assert vendor.name == "华为云计算技术有限公司"
        assert users["pdm"].role == Role.VENDOR_PDM and users["pdm"].name == "王海洋"
        assert users["vfinance"].role == Role.VENDOR_FINANCE
        assert users["pdm"].org_id == users["vfinance"].org_id == vendor.id  # type: ignore[attr-defined]

        dist = users["dist_admin"].org
        assert dist.is_distributor and dist.is_reseller and dist.core_map
        assert dist.path_stage == PathStage.DIFFERENTIATED
        for prefix, stage in (("r1", PathStage.CERTIFIED), ("r2", PathStage.REGISTERED)):
            org = users[f"{prefix}_admin"].org
            assert org.is_reseller and not org.is_distributor
            assert org.distributor_id == dist.id  # type: ignore[attr-defined]
            assert org.path_stage == stage
        sol = users["sol_admin"].org
        assert sol.is_solution_partner and sol.is_service_provider and sol.path_stage == PathStage.CERTIFIED
        assert await Organization.filter(kind=OrgKind.PARTNER).count() == 4
        for org in await Organization.filter(kind=OrgKind.PARTNER):
            assert org.signing_entity.endswith("有限公司") and org.name.endswith("有限公司")

        roles = {
            "admin": Role.PARTNER_ADMIN, "sup": Role.SUPERVISOR, "lead": Role.SUPERVISOR,
            "mgr1": Role.ACCOUNT_MANAGER, "mgr2": Role.ACCOUNT_MANAGER, "mgr3": Role.ACCOUNT_MANAGER,
            "finance": Role.PARTNER_FINANCE,
        }  # fmt: skip
        bosses = {"lead": "sup", "mgr1": "lead", "mgr2": "lead", "mgr3": "sup"}
        by_id = {u.id: u for u in users.values()}
        for prefix in PREFIXES:
            org_id = users[f"{prefix}_admin"].org_id  # type: ignore[attr-defined]
            for suffix in SUFFIXES:
                user = users[f"{prefix}_{suffix}"]
                assert user.role == roles[suffix]
                assert user.org_id == org_id  # type: ignore[attr-defined]
                boss = bosses.get(suffix)
                assert user.supervisor_id == (users[f"{prefix}_{boss}"].id if boss else None)  # type: ignore[attr-defined]
                # Two levels at most: a manager's chain ends at the top supervisor.
                depth, current = 0, user
                while current.supervisor_id is not None:  # type: ignore[attr-defined]
                    current = by_id[current.supervisor_id]  # type: ignore[attr-defined]
                    depth += 1
                    assert current.org_id == org_id  # type: ignore[attr-defined]
                assert depth <= 2
                assert depth == {"lead": 1, "mgr1": 2, "mgr2": 2, "mgr3": 1}.get(suffix, 0)

        for user in users.values():
            assert MOBILE.match(user.phone), user.phone
            assert EMAIL.match(user.email), user.email
            assert 2 <= len(user.name) <= 3
        assert len({u.name for u in users.values()}) == len(users)

        # One shared argon2 hash, and it verifies.
        hashes = {u.password_hash for u in users.values()}
        assert len(hashes) == 1
        (password_hash,) = hashes
        assert verify_password(password_hash, DEMO_PASSWORD)
        assert not verify_password(password_hash, "wrong-password")

        # customer1 belongs to dist's first customer managed by dist_mgr1.
        customer1 = users["customer1"]
        assert customer1.role == Role.CUSTOMER_USER and customer1.org_id == dist.id  # type: ignore[attr-defined]
        mgr1 = users["dist_mgr1"]
        first = await Customer.filter(partner_id=dist.id, manager_id=mgr1.id).order_by("id").first()
        assert first is not None and customer1.customer_id == first.id


async def test_ownership_follows_the_customer() -> None:
    async with seeded():
        # Every opportunity: same partner as its customer, owned by the customer's manager.
        bad = await rows(
            'SELECT COUNT(*) AS n FROM "opportunity" o JOIN "customer" c ON c.id = o.customer_id '
            "WHERE o.partner_id != c.partner_id OR c.manager_id IS NULL OR o.owner_id != c.manager_id "
            "OR o.industry != c.industry"
        )
        assert bad[0]["n"] == 0
        # Every manager is an account manager of the customer's partner.
        bad = await rows(
            'SELECT COUNT(*) AS n FROM "customer" c JOIN "app_user" u ON u.id = c.manager_id '
            "WHERE u.org_id != c.partner_id OR u.role != 'ACCOUNT_MANAGER'"
        )
        assert bad[0]["n"] == 0
        # Progress authors work at the opportunity's partner; stages climb to the current one.
        bad = await rows(
            'SELECT COUNT(*) AS n FROM "opportunity_progress" p '
            'JOIN "opportunity" o ON o.id = p.opportunity_id JOIN "app_user" u ON u.id = p.author_id '
            "WHERE u.org_id != o.partner_id OR p.created_at < o.created_at OR p.created_at > o.updated_at"
        )
        assert bad[0]["n"] == 0
        current = {o["id"]: o["stage"] for o in await Opportunity.all().values("id", "stage")}
        last: dict[int, str] = {}
        progress = OpportunityProgress.all().order_by("created_at", "id")
        for p in await progress.values("opportunity_id", "stage"):
            last[p["opportunity_id"]] = p["stage"]
        assert last and all(current[opportunity_id] == stage for opportunity_id, stage in last.items())


async def test_counts_and_values() -> None:
    async with seeded() as summary:
        assert summary.organizations == 5 and summary.users == 31 + len(ASSOCIATION_USERNAMES)
        assert 350 <= summary.customers <= 450 and summary.customers == await Customer.all().count()
        assert 3_500 <= summary.opportunities <= 4_500
        assert summary.opportunities == await Opportunity.all().count()
        assert 200 <= summary.progress_updates <= 1_200
        assert summary.progress_updates == await OpportunityProgress.all().count()

        per_partner = {
            r["username"]: r["n"]
            for r in await rows(
                'SELECT u.username AS username, COUNT(*) AS n FROM "customer" c '
                "JOIN \"app_user\" u ON u.org_id = c.partner_id AND u.role = 'PARTNER_ADMIN' "
                "GROUP BY u.username"
            )
        }
        assert set(per_partner) == {f"{p}_admin" for p in PREFIXES}
        assert per_partner["dist_admin"] == max(per_partner.values())
        unmanaged = await Customer.filter(manager_id=None).count()
        assert 0 < unmanaged < summary.customers * 0.15

        customers = await Customer.all()
        assert len({c.name for c in customers}) == len(customers)
        assert len({c.account_name for c in customers}) == len(customers)
        for c in customers:
            assert c.name.endswith("公司") and len(c.name) >= 8
            assert c.account_name.startswith("hw_")
            assert MOBILE.match(c.phone) and EMAIL.match(c.email)
            assert c.region in {"华北", "华东", "华南", "华中", "西南", "西北", "东北"}
            assert c.tags == "" or (c.tags.startswith(",") and c.tags.endswith(",") and ",," not in c.tags)
            assert NOW - timedelta(days=3 * 365) <= c.associated_at <= NOW
            assert c.associated_at.tzinfo is not None

        floor = NOW - timedelta(days=2 * 365)
        stages = set()
        opportunities = await Opportunity.all()
        for o in opportunities:
            stages.add(o.stage)
            assert o.confidence in CONFIDENCE_STEPS
            if o.stage == OpportunityStage.WON:
                assert o.confidence == 100
            elif o.stage == OpportunityStage.LOST:
                assert o.confidence == 0
            else:
                assert 0 < o.confidence < 100
            assert isinstance(o.expected_monthly_revenue, Decimal)
            assert o.expected_monthly_revenue.as_tuple().exponent == -2
            assert Decimal("2000.00") <= o.expected_monthly_revenue <= Decimal("800000.00")
            assert o.currency == "CNY" and o.name
            assert floor <= o.created_at <= o.updated_at <= NOW
        assert stages == set(OpportunityStage)

        # The ORM filters and sorts the bulk-written dates and amounts like its own.
        recent = await Opportunity.filter(updated_at__gte=NOW - timedelta(days=30)).count()
        assert 0 < recent < summary.opportunities
        latest = await Opportunity.all().order_by("-updated_at", "-id").first()
        assert latest is not None
        assert latest.updated_at == max(o.updated_at for o in opportunities)


async def test_bulk_load_rebuilds_indexes_and_ids_continue(monkeypatch) -> None:
    """Large loads drop and rebuild secondary indexes; afterwards the schema is as before and the
    ORM's next ids follow the bulk-written ones."""
    from partnercenter.seed import bulk

    monkeypatch.setattr(bulk, "BULK_INDEX_THRESHOLD", 100)  # the bulk writer lives in seed/bulk.py
    await truncate_all()
    if connections.get("default").capabilities.dialect == "postgres":
        sql = (
            "SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
        )
    else:
        sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    before = await rows(sql)
    summary = await seed_demo(scale=1, now=NOW)
    assert await rows(sql) == before
    assert any("opportunity" in r["name"] for r in before)
    template = await Opportunity.get(id=1)
    created = await Opportunity.create(
        partner_id=template.partner_id,  # type: ignore[attr-defined]
        customer_id=template.customer_id,  # type: ignore[attr-defined]
        owner_id=template.owner_id,  # type: ignore[attr-defined]
        name="新建商机",
        industry=template.industry,
        type=template.type,
        stage=OpportunityStage.LEAD,
        confidence=10,
        expected_monthly_revenue=Decimal("1234.56"),
        created_at=NOW,
        updated_at=NOW,
    )
    assert created.id == summary.opportunities + 1
    again = await Opportunity.get(id=created.id)
    assert again.expected_monthly_revenue == Decimal("1234.56") and again.created_at == NOW


async def test_same_seed_same_world() -> None:
    async def names(seed: int) -> list[str]:
        async with seeded(seed):
            return [c.name for c in await Customer.all().order_by("id")]

    first, again, other = await names(42), await names(42), await names(7)
    assert first == again
    assert first != other


async def test_format_logins() -> None:
    summary = SeedSummary(
        organizations=2, users=2, customers=1, opportunities=1,
        logins=[
            ("pdm", Role.VENDOR_PDM, "华为云计算技术有限公司"),
            ("dist_mgr1", Role.ACCOUNT_MANAGER, "云联智汇科技股份有限公司"),
        ],
    )  # fmt: skip
    text = format_logins(summary)
    assert "pdm" in text and "dist_mgr1" in text and DEMO_PASSWORD in text
    assert "华为云计算技术有限公司" in text and "客户经理" in text
