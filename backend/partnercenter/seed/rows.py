"""The demo world's cast (partners and their people) and its generated customers, opportunities
and progress updates, as plain rows for the bulk writer."""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from itertools import accumulate
from typing import Any

from partnercenter.accounts.enums import PathStage, Role
from partnercenter.customers.enums import AssociationType, Industry
from partnercenter.opportunities.enums import CONFIDENCE_STEPS, OpportunityStage, OpportunityType
from partnercenter.seed import names as N
from partnercenter.seed.bulk import _EPOCH, _Writer

DEMO_PASSWORD = "Partner@2026"
CUSTOMERS_PER_SCALE = 400
OPPORTUNITIES_PER_SCALE = 4_000
PROGRESS_WINDOW = 4_000  # progress updates only for the first opportunities

VENDOR_NAME = "华为云计算技术有限公司"
VENDOR_DOMAIN = "huaweicloud.com"

_DAY = 86_400
_THREE_YEARS = 3 * 365 * _DAY
_TWO_YEARS = 2 * 365 * _DAY


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
