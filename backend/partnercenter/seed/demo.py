"""A realistic, deterministic demo world: one vendor, four partners, their people,
customers 子客户, opportunities 商机 and progress updates 商机进展.

``seed_demo(scale)`` expects Tortoise to be initialised and the schema migrated. Organisations
and people go through the ORM; customers, opportunities and progress updates are written with
bulk ``executemany`` in chunks (one transaction per chunk), in the exact representation the ORM
itself uses, so ``scale=250`` (100,000 customers, 1,000,000 opportunities) stays fast on SQLite
and PostgreSQL alike. The same ``seed`` gives the same world; dates are relative to ``now``.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
import unicodedata
from bisect import bisect
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import accumulate, islice
from typing import Any, cast

from tortoise import connections
from tortoise.transactions import in_transaction

from partnercenter.accounts.enums import OrgKind, PathStage, Role
from partnercenter.accounts.models import Organization, User
from partnercenter.accounts.passwords import hash_password
from partnercenter.customers.enums import AssociationType, Industry
from partnercenter.opportunities.enums import CONFIDENCE_STEPS, OpportunityStage, OpportunityType
from partnercenter.opportunities.models import Opportunity
from partnercenter.seed import names as N
from partnercenter.seed.association import seed_association
from partnercenter.seed.sharing import seed_sharing
from partnercenter.seed.warnings import seed_warnings

DEMO_PASSWORD = "Partner@2026"
CUSTOMERS_PER_SCALE = 400
OPPORTUNITIES_PER_SCALE = 4_000
PROGRESS_WINDOW = 4_000  # progress updates only for the first opportunities
CHUNK_ROWS = 10_000
BULK_INDEX_THRESHOLD = 50_000  # rows above which a load into an empty table drops and rebuilds indexes

VENDOR_NAME = "华为云计算技术有限公司"
VENDOR_DOMAIN = "huaweicloud.com"

_DAY = 86_400
_THREE_YEARS = 3 * 365 * _DAY
_TWO_YEARS = 2 * 365 * _DAY
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


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


# --------------------------------------------------------------------------- the cast


@dataclass(frozen=True)
class _PartnerSpec:
    prefix: str
    name: str
    signing_entity: str
    domain: str
    customer_share: float
    path_stage: PathStage
    is_distributor: bool = False
    is_reseller: bool = False
    is_service_provider: bool = False
    is_solution_partner: bool = False
    core_map: bool = False
    under_distributor: bool = False


PARTNERS: tuple[_PartnerSpec, ...] = (
    _PartnerSpec(
        "dist", "云联智汇科技股份有限公司", "北京云联智汇科技股份有限公司", "yunlianzh.com", 0.40,
        PathStage.DIFFERENTIATED, is_distributor=True, is_reseller=True, core_map=True,
    ),
    _PartnerSpec(
        "r1", "杭州数栖信息技术有限公司", "杭州数栖信息技术有限公司", "shuqi-tech.com", 0.22,
        PathStage.CERTIFIED, is_reseller=True, under_distributor=True,
    ),
    _PartnerSpec(
        "r2", "成都蜀云网络科技有限公司", "成都蜀云网络科技有限公司", "shuyun-net.cn", 0.18,
        PathStage.REGISTERED, is_reseller=True, under_distributor=True,
    ),
    _PartnerSpec(
        "sol", "深圳智擎数据服务有限公司", "深圳市智擎数据服务有限公司", "zhiqing-data.com", 0.20,
        PathStage.CERTIFIED, is_solution_partner=True, is_service_provider=True,
    ),
)  # fmt: skip

# (suffix, role, supervisor suffix): a two-level supervisor tree per partner.
USER_LAYOUT: tuple[tuple[str, Role, str | None], ...] = (
    ("admin", Role.PARTNER_ADMIN, None),
    ("sup", Role.SUPERVISOR, None),
    ("lead", Role.SUPERVISOR, "sup"),
    ("mgr1", Role.ACCOUNT_MANAGER, "lead"),
    ("mgr2", Role.ACCOUNT_MANAGER, "lead"),
    ("mgr3", Role.ACCOUNT_MANAGER, "sup"),
    ("finance", Role.PARTNER_FINANCE, None),
)
# Share of a partner's managed customers per account manager.
_MANAGER_WEIGHTS = {"mgr1": 5, "mgr2": 4, "mgr3": 3}


class _People:
    """Unique Chinese person names, pinyin e-mail addresses and mobile numbers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: set[str] = set()
        self.locals: set[str] = set()
        self.surname_cum = list(accumulate(range(len(N.SURNAMES), 0, -1)))

    def person(self) -> tuple[str, str]:
        rng = self.rng
        while True:
            surname, sp = N.SURNAMES[bisect(self.surname_cum, rng.random() * self.surname_cum[-1])]
            given = rng.sample(N.GIVEN_CHARS, 2 if rng.random() < 0.7 else 1)
            name = surname + "".join(g for g, _ in given)
            if name not in self.names:
                self.names.add(name)
                return name, sp + "".join(p for _, p in given)

    def email(self, pinyin: str, domain: str) -> str:
        local, n = pinyin, 1
        while f"{local}@{domain}" in self.locals:
            n += 1
            local = f"{pinyin}{n}"
        self.locals.add(f"{local}@{domain}")
        return f"{local}@{domain}"

    def phone(self) -> str:
        return _mobile(self.rng)


def _mobile(rng: random.Random) -> str:
    return f"{rng.choice(N.MOBILE_PREFIXES)}{rng.randrange(100_000_000):08d}"


# --------------------------------------------------------------------------- bulk writing


class _Writer:
    """Bulk inserts in the dialect's placeholders and the ORM's own value representation."""

    def __init__(self, connection_name: str, chunk_rows: int) -> None:
        self.connection_name = connection_name
        self.chunk_rows = chunk_rows
        self.conn = connections.get(connection_name)
        self.dialect = self.conn.capabilities.dialect
        if self.dialect not in ("sqlite", "postgres"):
            raise NotImplementedError(f"seed_demo supports SQLite and PostgreSQL, not {self.dialect}")
        self.sqlite = self.dialect == "sqlite"

    def dt(self, ts: int) -> Any:
        """Epoch seconds -> what Tortoise writes: ISO text with a space on SQLite, aware datetime on PG."""
        value = _EPOCH + timedelta(seconds=ts)
        return value.isoformat(" ") if self.sqlite else value

    def money(self, cents: int) -> int:
        """Money columns hold integer cents (core.fields.MoneyField) on every database."""
        return cents

    def insert_sql(self, table: str, columns: Sequence[str]) -> str:
        if self.sqlite:
            marks = ", ".join("?" for _ in columns)
        else:
            marks = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
        cols = ", ".join(f'"{c}"' for c in columns)
        return f'INSERT INTO "{table}" ({cols}) VALUES ({marks})'

    async def next_id(self, table: str) -> int:
        rows = await self.conn.execute_query_dict(f'SELECT COALESCE(MAX("id"), 0) AS m FROM "{table}"')
        return int(rows[0]["m"]) + 1

    async def sync_sequence(self, table: str) -> None:
        """Explicit ids leave a PostgreSQL serial behind; SQLite AUTOINCREMENT follows by itself."""
        if not self.sqlite:
            await self.conn.execute_query(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT MAX("id") FROM "{table}"))'
            )

    async def secondary_indexes(self, table: str) -> list[tuple[str, str]]:
        """(name, CREATE statement) of the table's droppable indexes (not primary key or unique)."""
        if self.sqlite:
            rows = await self.conn.execute_query_dict(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name",
                [table],
            )
            return [(r["name"], r["sql"]) for r in rows]
        rows = await self.conn.execute_query_dict(
            "SELECT i.relname AS name, pg_get_indexdef(i.oid) AS sql FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "WHERE t.relname = $1 AND t.relnamespace = current_schema()::regnamespace "
            "AND NOT x.indisprimary AND NOT x.indisunique ORDER BY i.relname",
            [table],
        )
        return [(r["name"], r["sql"]) for r in rows]

    @asynccontextmanager
    async def indexes_suspended(self, table: str, rows_expected: int) -> AsyncIterator[None]:
        """Bulk-loading practice: building an index once after the load is several times faster
        than maintaining it row by row. Only for a large load into an empty table; the indexes are
        recreated from their own definitions even if the load fails."""
        indexes: list[tuple[str, str]] = []
        if rows_expected >= BULK_INDEX_THRESHOLD and await self.next_id(table) == 1:
            indexes = await self.secondary_indexes(table)
        for name, _ in indexes:
            await self.conn.execute_script(f'DROP INDEX "{name}"')
        try:
            yield
        finally:
            for _, sql in indexes:
                await self.conn.execute_script(sql)
            if indexes and not self.sqlite:
                await self.conn.execute_script(f'ANALYZE "{table}"')

    async def _write(self, sql: str, chunk: list[tuple]) -> None:
        async with in_transaction(self.connection_name) as tx:
            # Both drivers take any sequence per row; tuples spare a copy of every row.
            await tx.execute_many(sql, cast(list[list[Any]], chunk))

    async def insert(self, table: str, columns: Sequence[str], rows: Iterator[tuple]) -> int:
        """Insert rows chunk by chunk; the next chunk is generated (in a worker thread) while the
        previous one is being written, so generation and database work overlap."""
        sql = self.insert_sql(table, columns)
        total = 0
        pending: asyncio.Task[None] | None = None
        try:
            while True:
                chunk = await asyncio.to_thread(lambda: list(islice(rows, self.chunk_rows)))
                if pending is not None:
                    await pending
                    pending = None
                if not chunk:
                    break
                pending = asyncio.create_task(self._write(sql, chunk))
                total += len(chunk)
        finally:
            if pending is not None:
                await pending
        if total:
            await self.sync_sequence(table)
        return total


# --------------------------------------------------------------------------- customers


@dataclass(slots=True)
class _Customer:
    id: int
    partner_id: int
    manager_id: int | None
    supervisor_id: int | None
    industry: Industry
    short: str
    email: str
    associated_ts: int


_SHORT_WORD_OK = frozenset(
    ("数据", "网络", "信息", "金融", "智慧", "电子", "商贸", "医疗", "医药", "物流", "文化", "影视",
     "游戏", "互动", "能源", "电力", "教育", "投资", "支付", "航运", "传媒", "实业", "光伏")
)  # fmt: skip
_CUSTOMER_COLUMNS = (
    "id", "partner_id", "name", "account_name", "phone", "email", "industry", "region",
    "association_type", "associated_at", "manager_id", "tags", "created_at",
)  # fmt: skip


class _CustomerFactory:
    def __init__(self, rng: random.Random, people: _People) -> None:
        self.rng = rng
        self.people = people
        self.city_cum = list(accumulate(N.CITY_WEIGHTS))
        self.industries = tuple(N.INDUSTRY_WEIGHTS)
        self.industry_cum = list(accumulate(N.INDUSTRY_WEIGHTS.values()))
        self.suffix_cum = list(accumulate(w for _, w in N.COMPANY_SUFFIXES))
        self.used_names: set[str] = set()
        self.used_accounts: set[str] = set()

    def _pick(self, seq: Sequence[Any], cum: list[int]) -> Any:
        return seq[bisect(cum, self.rng.random() * cum[-1])]

    def company(self) -> tuple[str, str, str, str, Industry]:
        """(name, short name, pinyin stem, region, industry), unique names."""
        rng = self.rng
        while True:
            city, region = self._pick(N.CITIES, self.city_cum)
            industry: Industry = self._pick(self.industries, self.industry_cum)
            (c1, p1), (c2, p2) = rng.choice(N.STEM_FIRST), rng.choice(N.STEM_SECOND)
            if c1 == c2:
                continue
            word = rng.choice(N.INDUSTRY_WORDS[industry])
            suffix = self._pick(N.COMPANY_SUFFIXES, self.suffix_cum)[0]
            if word.endswith(("科技", "技术", "软件")) and suffix in ("科技有限公司", "技术有限公司"):
                suffix = "有限公司"
            name = f"{city}{c1}{c2}{word}{suffix}"
            if name in self.used_names:
                continue
            self.used_names.add(name)
            short = c1 + c2 + (word[:2] if word[:2] in _SHORT_WORD_OK else "")
            return name, short, p1 + p2, region, industry

    def account_name(self, stem_pinyin: str) -> str:
        name = f"hw_{stem_pinyin}{self.rng.randint(10, 99)}"
        while name in self.used_accounts:
            name += str(self.rng.randint(0, 9))
        self.used_accounts.add(name)
        return name

    def tags(self, industry: Industry) -> str:
        rng = self.rng
        tags: list[str] = []
        if industry in N.GOV_LIKE and rng.random() < 0.6:
            tags.append("政企")
        if rng.random() < 0.55:
            tags += rng.sample(N.CUSTOMER_TAGS, 1 if rng.random() < 0.7 else 2)
        if "新签" in tags and "续约" in tags:
            tags.remove("续约")
        return f",{','.join(tags)}," if tags else ""


def _customer_rows(
    factory: _CustomerFactory,
    writer: _Writer,
    plan: list[tuple[int, int, list[tuple[int, int]], dict[int, int]]],
    start_id: int,
    now_ts: int,
    out: list[_Customer],
) -> list[tuple]:
    """plan: (partner id, count, [(manager id, weight)], {manager id: supervisor id}).

    Ids follow the association time, as they would in a live system, so the partners interleave."""
    rng = factory.rng
    made: list[tuple[int, int, tuple, _Customer]] = []
    for partner_id, count, managers, supervisors in plan:
        manager_ids = [m for m, _ in managers]
        manager_cum = list(accumulate(w for _, w in managers))
        for _ in range(count):
            name, short, stem_py, region, industry = factory.company()
            domain = stem_py + rng.choice(N.EMAIL_DOMAIN_TAILS) + rng.choice(N.EMAIL_TLDS)
            if rng.random() < 0.6:
                local = _random_pinyin(rng)
            else:
                local = rng.choice(("it", "contact", "admin", "cloud", "ops", "service"))
            email = f"{local}@{domain}"
            manager_id = (
                manager_ids[bisect(manager_cum, rng.random() * manager_cum[-1])]
                if rng.random() < 0.93
                else None
            )
            associated_ts = now_ts - rng.randrange(3_600, _THREE_YEARS)
            association = AssociationType.RESALE if rng.random() < 0.85 else AssociationType.CONSULTING
            associated = writer.dt(associated_ts)
            row = (
                partner_id, name, factory.account_name(stem_py), _mobile(rng), email,
                industry.value, region, association.value, associated, manager_id,
                factory.tags(industry), associated,
            )  # fmt: skip
            customer = _Customer(
                0, partner_id, manager_id, supervisors.get(manager_id) if manager_id else None,
                industry, short, email, associated_ts,
            )  # fmt: skip
            made.append((associated_ts, len(made), row, customer))
    made.sort(key=lambda item: (item[0], item[1]))
    rows = []
    for offset, (_, _, row, customer) in enumerate(made):
        customer.id = start_id + offset
        out.append(customer)
        rows.append((customer.id, *row))
    return rows


def _random_pinyin(rng: random.Random) -> str:
    surname = rng.choice(N.SURNAMES)[1]
    return surname + "".join(rng.choice(N.GIVEN_CHARS)[1] for _ in range(rng.choice((1, 2, 2))))


# --------------------------------------------------------------------------- opportunities

_OPEN_STAGES = (
    OpportunityStage.LEAD,
    OpportunityStage.QUALIFIED,
    OpportunityStage.SOLUTION,
    OpportunityStage.NEGOTIATION,
)
_STAGE_WEIGHTS = {
    OpportunityStage.LEAD: 22, OpportunityStage.QUALIFIED: 18, OpportunityStage.SOLUTION: 15,
    OpportunityStage.NEGOTIATION: 11, OpportunityStage.WON: 20, OpportunityStage.LOST: 14,
}  # fmt: skip
_CONFIDENCE = {
    OpportunityStage.LEAD: (10, 10, 20, 20, 30),
    OpportunityStage.QUALIFIED: (20, 30, 30, 40),
    OpportunityStage.SOLUTION: (40, 50, 50, 60),
    OpportunityStage.NEGOTIATION: (60, 70, 80, 80, 90),
    OpportunityStage.WON: (100,),
    OpportunityStage.LOST: (0,),
}
assert all(c in CONFIDENCE_STEPS for steps in _CONFIDENCE.values() for c in steps)
_TYPE_WEIGHTS = {
    OpportunityType.NEW_PURCHASE: 40, OpportunityType.EXPANSION: 25,
    OpportunityType.RENEWAL: 20, OpportunityType.MIGRATION: 15,
}  # fmt: skip
_OPPORTUNITY_COLUMNS = (
    "id", "partner_id", "customer_id", "owner_id", "name", "industry", "type", "stage", "confidence",
    "expected_monthly_revenue", "currency", "description", "created_at", "updated_at",
)  # fmt: skip
_PROGRESS_COLUMNS = ("id", "opportunity_id", "author_id", "note", "stage", "created_at")
_LOG_MIN_REVENUE, _LOG_MAX_REVENUE = math.log(2_000), math.log(800_000)


def _opportunity_name(rng: random.Random, kind: OpportunityType, customer: _Customer, created: int) -> str:
    short = customer.short
    if kind is OpportunityType.MIGRATION:
        return short + rng.choice(N.MIGRATION_NEEDS)
    if kind is OpportunityType.EXPANSION:
        return f"{short}{rng.choice(N.PRODUCTS)}扩容"
    if kind is OpportunityType.RENEWAL:
        if rng.random() < 0.5:
            return f"{short}{(_EPOCH + timedelta(seconds=created)).year}年度云资源续费"
        return f"{short}{rng.choice(N.PRODUCTS)}包年续费"
    needs = N.INDUSTRY_NEEDS[customer.industry] if rng.random() < 0.7 else N.GENERIC_NEEDS
    return short + rng.choice(needs) + rng.choice(N.NAME_TAILS)


def _opportunity_rows(
    rng: random.Random,
    writer: _Writer,
    customers: list[_Customer],
    count: int,
    start_id: int,
    progress_start_id: int,
    now_ts: int,
    progress_out: list[tuple],
) -> Iterator[tuple]:
    managed = [c for c in customers if c.manager_id is not None]
    if not managed:
        return
    # Heavy-tailed activity: a few customers have many opportunities, many have few or none.
    cum = list(accumulate(min(rng.paretovariate(1.3), 40.0) for _ in managed))
    total_weight = cum[-1]
    stages = tuple(_STAGE_WEIGHTS)
    stage_cum = list(accumulate(_STAGE_WEIGHTS.values()))
    kinds = tuple(_TYPE_WEIGHTS)
    kind_cum = list(accumulate(_TYPE_WEIGHTS.values()))
    floor_ts = now_ts - _TWO_YEARS
    progress_id = progress_start_id
    random_ = rng.random
    for i in range(count):
        customer = managed[bisect(cum, random_() * total_weight)]
        stage = stages[bisect(stage_cum, random_() * stage_cum[-1])]
        kind = kinds[bisect(kind_cum, random_() * kind_cum[-1])]
        lo = max(customer.associated_ts, floor_ts)
        created = lo + int((now_ts - lo) * random_())
        updated = created + int((now_ts - created) * random_() ** 2)
        yuan = math.exp(_LOG_MIN_REVENUE + (_LOG_MAX_REVENUE - _LOG_MIN_REVENUE) * random_())
        cents = round(yuan, -2) * 100 if random_() < 0.7 else round(yuan * 100)
        opp_id = start_id + i
        owner = customer.manager_id
        yield (
            opp_id, customer.partner_id, customer.id, owner,
            _opportunity_name(rng, kind, customer, created), customer.industry.value, kind.value,
            stage.value, rng.choice(_CONFIDENCE[stage]), writer.money(int(cents)), "CNY",
            rng.choice(N.DESCRIPTIONS) if random_() < 0.3 else "",
            writer.dt(created), writer.dt(updated),
        )  # fmt: skip
        if i < PROGRESS_WINDOW and random_() < 0.1:
            for note_stage, ts in _progress_path(rng, stage, created, updated):
                author = customer.supervisor_id if customer.supervisor_id and random_() < 0.15 else owner
                note = rng.choice(N.PROGRESS_NOTES[note_stage.value])
                progress_out.append((progress_id, opp_id, author, note, note_stage.value, writer.dt(ts)))
                progress_id += 1


def _progress_path(
    rng: random.Random, stage: OpportunityStage, created: int, updated: int
) -> list[tuple[OpportunityStage, int]]:
    """1-3 updates whose stages climb to the current stage, the last one at ``updated``."""
    before = _OPEN_STAGES[: _OPEN_STAGES.index(stage)] if stage in _OPEN_STAGES else _OPEN_STAGES
    k = min(rng.randint(1, 3), len(before) + 1)
    path = [*sorted(rng.sample(before, k - 1), key=_OPEN_STAGES.index), stage]
    times = [*sorted(created + int((updated - created) * rng.random()) for _ in range(k - 1)), updated]
    return list(zip(path, times, strict=True))


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
