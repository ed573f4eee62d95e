"""A small fixed world for the authorization matrix, and helpers to talk to the API."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

import httpx

from partnercenter.accounts.enums import OrgKind, PathStage, Role, TokenScope
from partnercenter.accounts.models import Organization, Session, User
from partnercenter.accounts.passwords import hash_password
from partnercenter.core.ids import to_global_id
from partnercenter.customers.models import Customer
from partnercenter.opportunities.models import Opportunity

PASSWORD = "Test@Passw0rd"


@lru_cache
def _hash() -> str:
    return hash_password(PASSWORD)


@dataclass
class World:
    """Ids by short name: orgs, users (by username), customers and opportunities (by owner username)."""

    orgs: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    customers: dict[str, int] = field(default_factory=dict)  # key: manager username (or "none")
    customer_names: dict[str, str] = field(default_factory=dict)
    opportunities: dict[str, int] = field(default_factory=dict)  # key: owner username
    tokens: dict[str, str] = field(default_factory=dict)

    def gid(self, type_name: str, pk: int) -> str:
        return to_global_id(type_name, pk)


async def _user(
    w: World,
    org: Organization,
    username: str,
    role: Role,
    name: str,
    supervisor: str | None = None,
    customer_id: int | None = None,
) -> User:
    u = await User.create(
        org=org,
        username=username,
        name=name,
        role=role,
        password_hash=_hash(),
        email=f"{username}@example.com",
        phone="13800000000",
        supervisor_id=w.users.get(supervisor) if supervisor else None,
        customer_id=customer_id,
    )
    w.users[username] = u.id
    return u


async def build_world() -> World:
    """vendor (pdm, vfin); distributor A (a_admin, a_sup > a_lead > a_m1, a_m2; a_m3 alone; a_fin);
    A's reseller R (r_admin, r_m1); unrelated partner B (b_admin, b_m1); one customer and one
    opportunity per manager; a customer user of a_m1's customer."""
    w = World()
    vendor = await Organization.create(name="云厂商有限公司", kind=OrgKind.VENDOR)
    a = await Organization.create(
        name="总经销甲有限公司",
        kind=OrgKind.PARTNER,
        is_distributor=True,
        is_reseller=True,
        path_stage=PathStage.DIFFERENTIATED,
        core_map=True,
    )
    r = await Organization.create(
        name="二级经销乙有限公司", kind=OrgKind.PARTNER, is_reseller=True, distributor=a
    )
    b = await Organization.create(name="伙伴丙有限公司", kind=OrgKind.PARTNER, is_reseller=True)
    w.orgs.update(vendor=vendor.id, a=a.id, r=r.id, b=b.id)
    await _user(w, vendor, "pdm", Role.VENDOR_PDM, "王海洋")
    await _user(w, vendor, "vfin", Role.VENDOR_FINANCE, "陈静")
    await _user(w, a, "a_admin", Role.PARTNER_ADMIN, "李管理")
    await _user(w, a, "a_sup", Role.SUPERVISOR, "赵主管")
    await _user(w, a, "a_lead", Role.SUPERVISOR, "钱组长", supervisor="a_sup")
    await _user(w, a, "a_m1", Role.ACCOUNT_MANAGER, "孙经理", supervisor="a_lead")
    await _user(w, a, "a_m2", Role.ACCOUNT_MANAGER, "周经理", supervisor="a_lead")
    await _user(w, a, "a_m3", Role.ACCOUNT_MANAGER, "吴经理")
    await _user(w, a, "a_fin", Role.PARTNER_FINANCE, "郑财务")
    await _user(w, r, "r_admin", Role.PARTNER_ADMIN, "冯管理")
    await _user(w, r, "r_m1", Role.ACCOUNT_MANAGER, "陈经理")
    await _user(w, b, "b_admin", Role.PARTNER_ADMIN, "褚管理")
    await _user(w, b, "b_m1", Role.ACCOUNT_MANAGER, "卫经理")
    base = datetime(2026, 1, 1, tzinfo=UTC)
    managers = [("a_m1", a), ("a_m2", a), ("a_m3", a), ("r_m1", r), ("b_m1", b)]
    for i, (manager, org) in enumerate(managers):
        name = f"{['杭州', '上海', '北京', '成都', '深圳'][i]}测试{i}科技有限公司"
        c = await Customer.create(
            partner=org,
            name=name,
            account_name=f"hw_acct{i:02d}",
            phone=f"1391234{i:04d}",
            email=f"contact{i}@cust{i}.com",
            industry="INTERNET",
            region="华东",
            association_type="RESALE",
            associated_at=base + timedelta(days=i),
            manager_id=w.users[manager],
            tags=",重点客户,",
        )
        w.customers[manager] = c.id
        w.customer_names[manager] = name
        o = await Opportunity.create(
            partner=org,
            customer=c,
            owner_id=w.users[manager],
            name=f"{manager} 上云项目",
            industry="INTERNET",
            type="MIGRATION",
            stage="QUALIFIED",
            confidence=50,
            expected_monthly_revenue=Decimal("10000.00"),
            created_at=base + timedelta(days=i),
            updated_at=base + timedelta(days=i, hours=1),
        )
        w.opportunities[manager] = o.id
    await _user(w, a, "cust_user", Role.CUSTOMER_USER, "客户用户", customer_id=w.customers["a_m1"])
    from partnercenter.accounts import service as accounts
    from partnercenter.core.context import Viewer

    admin_viewer = Viewer(org_id=a.id, role=Role.PARTNER_ADMIN, user_id=w.users["a_admin"])
    _, full = await accounts.create_api_token(
        admin_viewer, "full", [TokenScope.CUSTOMERS_READ, TokenScope.OPPORTUNITIES_READ]
    )
    _, customers_only = await accounts.create_api_token(
        admin_viewer, "customers only", [TokenScope.CUSTOMERS_READ]
    )
    w.tokens.update(full=full, customers_only=customers_only)
    return w


async def login(client: httpx.AsyncClient, username: str, password: str = PASSWORD) -> str:
    """Signs in (cookies kept by the client) and returns the CSRF token."""
    client.cookies.clear()
    r = await client.post(
        "/graphql",
        json={
            "query": "mutation($u:String!,$p:String!){"
            "login(input:{username:$u,password:$p}){userErrors{code}}}",
            "variables": {"u": username, "p": password},
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["data"]["login"]["userErrors"] == [], r.text
    return client.cookies["pc_csrf"]


async def gql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    csrf: str | None = None,
    token: str | None = None,
    status: int = 200,
) -> dict[str, Any]:
    headers = {}
    if csrf:
        headers["X-CSRF-Token"] = csrf
    if token:
        headers["Authorization"] = f"Bearer {token}"
    r = await client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
    assert r.status_code == status, r.text
    return r.json()  # type: ignore[no-any-return]


class StatementCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        sql = str(record.msg if not record.args else record.args[0]).lstrip().upper()
        if sql.startswith(("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")):
            self.statements.append(sql)


@contextmanager
def count_statements() -> Iterator[StatementCounter]:
    logger = logging.getLogger("tortoise.db_client")
    counter = StatementCounter()
    old = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(old)


async def sign_in(client: httpx.AsyncClient, world: World, username: str) -> str:
    """A session straight in the database (no argon2 round per test); returns the CSRF token."""
    from partnercenter.accounts.service import csrf_token_for

    token = secrets.token_urlsafe(32)
    csrf = csrf_token_for(token)
    await Session.create(
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
        csrf_token=csrf,
        user_id=world.users[username],
        expires_at=datetime.now(UTC) + timedelta(hours=1),
    )
    client.cookies.clear()
    client.cookies.set("pc_session", token)
    return csrf
