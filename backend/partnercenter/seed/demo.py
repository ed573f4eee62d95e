"""A realistic, deterministic demo world: one vendor, four partners, their people,
customers 子客户, opportunities 商机 and progress updates 商机进展.

``seed_demo(scale)`` expects Tortoise to be initialised and the schema migrated. Organisations
and people go through the ORM; customers, opportunities and progress updates are written with
bulk ``executemany`` in chunks (one transaction per chunk), in the exact representation the ORM
itself uses, so ``scale=250`` (100,000 customers, 1,000,000 opportunities) stays fast on SQLite
and PostgreSQL alike. The same ``seed`` gives the same world; dates are relative to ``now``.
"""

from __future__ import annotations

import random
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from tortoise.transactions import in_transaction

from partnercenter.accounts.enums import OrgKind, Role
from partnercenter.accounts.models import Organization, User
from partnercenter.accounts.passwords import hash_password
from partnercenter.opportunities.models import Opportunity
from partnercenter.seed.association import seed_association
from partnercenter.seed.bulk import CHUNK_ROWS, _Writer
from partnercenter.seed.rows import (
    _CUSTOMER_COLUMNS,
    _MANAGER_WEIGHTS,
    _OPPORTUNITY_COLUMNS,
    _PROGRESS_COLUMNS,
    CUSTOMERS_PER_SCALE,
    DEMO_PASSWORD,
    OPPORTUNITIES_PER_SCALE,
    PARTNERS,
    USER_LAYOUT,
    VENDOR_DOMAIN,
    VENDOR_NAME,
    _Customer,
    _customer_rows,
    _CustomerFactory,
    _opportunity_rows,
    _People,
)
from partnercenter.seed.sharing import seed_sharing
from partnercenter.seed.warnings import seed_warnings

# --------------------------------------------------------------------------- public results


@dataclass
class SeedSummary:
    organizations: int = 0
    users: int = 0
    customers: int = 0
    opportunities: int = 0
    progress_updates: int = 0
    password: str = DEMO_PASSWORD
    # (username, role, organisation name) of every demo login, in creation order.
    logins: list[tuple[str, Role, str]] = field(default_factory=list)
    seconds: float = 0.0


ROLE_LABELS: dict[Role, str] = {
    Role.VENDOR_PDM: "生态经理 PDM",
    Role.VENDOR_FINANCE: "华为财经 Finance",
    Role.PARTNER_ADMIN: "管理员 Admin",
    Role.SUPERVISOR: "客户经理主管 Supervisor",
    Role.ACCOUNT_MANAGER: "客户经理 Account manager",
    Role.PARTNER_FINANCE: "财务 Finance",
    Role.CUSTOMER_USER: "子客户 Customer",
}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_logins(summary: SeedSummary) -> str:
    """A plain-text table of the demo logins (CJK-aware alignment) and the shared password."""
    header = ("用户名 Username", "角色 Role", "组织 Organization")
    rows = [(u, ROLE_LABELS.get(Role(r), str(r)), org) for u, r, org in summary.logins]
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(3)]
    rule = "  ".join("-" * w for w in widths)
    lines = ["  ".join(_pad(cell, w) for cell, w in zip(header, widths, strict=True)).rstrip(), rule]
    lines += ["  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines += [
        rule,
        f"密码 Password (all demo logins): {summary.password}",
        f"{summary.organizations} organizations, {summary.users} users, {summary.customers:,} customers, "
        f"{summary.opportunities:,} opportunities, {summary.progress_updates:,} progress updates"
        + (f" in {summary.seconds:.1f} s" if summary.seconds else ""),
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- the entry point


@cache
def _demo_password_hash() -> str:
    """argon2 is deliberately slow: hash the shared demo password once per process."""
    return hash_password(DEMO_PASSWORD)


async def seed_demo(
    scale: int = 1,
    *,
    seed: int = 42,
    now: datetime | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> SeedSummary:
    """Build the demo world into empty, migrated tables and return what was made.

    ``scale`` multiplies customers (400 each) and opportunities (4,000 each). Everything random
    comes from ``random.Random(seed)``; dates are within the last three years before ``now``
    (default: the current time, to the second).
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    started = time.perf_counter()
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    now_ts = int(now.timestamp())
    master = random.Random(seed)
    people = _People(random.Random(master.getrandbits(64)))
    customer_rng = random.Random(master.getrandbits(64))
    opportunity_rng = random.Random(master.getrandbits(64))

    connection_name = Opportunity._meta.default_connection or "default"
    writer = _Writer(connection_name, chunk_rows)
    summary = SeedSummary()
    password_hash = _demo_password_hash()

    async def add_user(org: Organization, username: str, role: Role, domain: str, **extra: Any) -> User:
        name = extra.pop("name", None)
        if name is None:
            name, pinyin = people.person()
        else:
            pinyin = extra.pop("pinyin")
        user = await User.create(
            org=org, username=username, name=name, email=people.email(pinyin, domain),
            phone=people.phone(), password_hash=password_hash, role=role, **extra,
        )  # fmt: skip
        summary.logins.append((username, role, org.name))
        summary.users += 1
        return user

    # Organisations and people (ORM, a few dozen rows).
    async with in_transaction(connection_name):
        vendor = await Organization.create(name=VENDOR_NAME, kind=OrgKind.VENDOR, signing_entity=VENDOR_NAME)
        summary.organizations += 1
        people.names.add("王海洋")
        await add_user(vendor, "pdm", Role.VENDOR_PDM, VENDOR_DOMAIN, name="王海洋", pinyin="wanghaiyang")
        await add_user(vendor, "vfinance", Role.VENDOR_FINANCE, VENDOR_DOMAIN)

        orgs: dict[str, Organization] = {}
        staff: dict[str, dict[str, User]] = {}
        for spec in PARTNERS:
            org = await Organization.create(
                name=spec.name, kind=OrgKind.PARTNER, signing_entity=spec.signing_entity,
                is_distributor=spec.is_distributor, is_reseller=spec.is_reseller,
                is_service_provider=spec.is_service_provider, is_solution_partner=spec.is_solution_partner,
                distributor=orgs["dist"] if spec.under_distributor else None,
                path_stage=spec.path_stage, core_map=spec.core_map,
            )  # fmt: skip
            summary.organizations += 1
            orgs[spec.prefix] = org
            members: dict[str, User] = {}
            for suffix, role, boss in USER_LAYOUT:
                members[suffix] = await add_user(
                    org, f"{spec.prefix}_{suffix}", role, spec.domain,
                    supervisor=members[boss] if boss else None,
                )  # fmt: skip
            staff[spec.prefix] = members

    # Customers: bulk.
    total_customers = CUSTOMERS_PER_SCALE * scale
    plan: list[tuple[int, int, list[tuple[int, int]], dict[int, int]]] = []
    remaining = total_customers
    for index, spec in enumerate(PARTNERS):
        count = remaining if index == len(PARTNERS) - 1 else round(total_customers * spec.customer_share)
        remaining -= count
        members = staff[spec.prefix]
        managers = [(members[s].id, w) for s, w in _MANAGER_WEIGHTS.items()]
        supervisors = {members[s].id: members[s].supervisor_id for s in _MANAGER_WEIGHTS}  # type: ignore[attr-defined]
        plan.append((orgs[spec.prefix].id, count, managers, supervisors))
    customers: list[_Customer] = []
    factory = _CustomerFactory(customer_rng, people)
    customer_start = await writer.next_id("customer")
    async with writer.indexes_suspended("customer", total_customers):
        summary.customers = await writer.insert(
            "customer", _CUSTOMER_COLUMNS,
            iter(_customer_rows(factory, writer, plan, customer_start, now_ts, customers)),
        )  # fmt: skip

    # Opportunities and their progress updates: bulk.
    progress: list[tuple] = []
    opportunity_start = await writer.next_id("opportunity")
    progress_start = await writer.next_id("opportunity_progress")
    async with writer.indexes_suspended("opportunity", OPPORTUNITIES_PER_SCALE * scale):
        summary.opportunities = await writer.insert(
            "opportunity", _OPPORTUNITY_COLUMNS,
            _opportunity_rows(
                opportunity_rng, writer, customers, OPPORTUNITIES_PER_SCALE * scale,
                opportunity_start, progress_start, now_ts, progress,
            ),
        )  # fmt: skip
    summary.progress_updates = await writer.insert("opportunity_progress", _PROGRESS_COLUMNS, iter(progress))

    # A customer user: a person at the first dist customer managed by dist_mgr1.
    dist_mgr1 = staff["dist"]["mgr1"].id
    first = next(c for c in customers if c.manager_id == dist_mgr1)
    name, pinyin = people.person()
    await add_user(
        orgs["dist"], "customer1", Role.CUSTOMER_USER, first.email.split("@", 1)[1],
        name=name, pinyin=pinyin, customer_id=first.id,
    )  # fmt: skip
    await seed_association(summary, now, password_hash)

    from partnercenter.seed.funds import seed_funds  # funds slice: recharges, credit, disbursements

    await seed_funds(now)

    # The assignments above are real events: each manager was told about their newest customers.
    from partnercenter.messages.enums import MessageKind
    from partnercenter.messages.service import notify

    newest: dict[int, list[_Customer]] = {}
    for c in customers:
        if c.manager_id is not None:
            newest.setdefault(c.manager_id, []).append(c)
    for manager_id, owned in newest.items():
        for c in owned[-3:]:
            await notify([manager_id], MessageKind.CUSTOMER_ASSIGNED, "Customer", c.id)

    await seed_warnings(now)  # customer spend, resources and the warnings they raise (seed/warnings.py)
    # Opportunity sharing (PCE): calendar, terms, members, HOs and POs (an accepted HO adds a customer
    # and an opportunity).
    summary.customers, summary.opportunities = await seed_sharing(
        now, summary.customers, summary.opportunities
    )

    from partnercenter.seed.coupons import seed_coupons  # catalogue, coupon quotas, coupons, a balance

    await seed_coupons()
    summary.seconds = time.perf_counter() - started
    return summary
