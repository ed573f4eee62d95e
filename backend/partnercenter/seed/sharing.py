"""Demo data of opportunity sharing (PCE): the working calendar 2026-2027, the plan terms, members
(the distributor eligible as a differentiated partner, the solution partner certified but short of
delivered POs), HOs shared with the distributor in every state (one close to its deadline) and POs
in several states. Everything goes through the sharing service (with the clock set to the moment
of each event), so rows, deadlines and messages are exactly what the app itself would make."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from partnercenter.accounts.enums import Role
from partnercenter.accounts.models import User
from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.customers.enums import Industry
from partnercenter.opportunities.models import Opportunity
from partnercenter.sharing import calendar, service
from partnercenter.sharing.enums import CalendarDayKind, HoRejectReason, PoDecision, SupportKind
from partnercenter.sharing.models import PceTerms, WorkingCalendarDay

__all__ = ["CN_CALENDAR", "seed_calendar", "seed_sharing"]


def _span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _days(
    name: str, off: tuple[date, date], worked: tuple[date, ...] = ()
) -> list[tuple[date, CalendarDayKind, str]]:
    """A holiday period (weekend days inside it are listed too, harmlessly) and its make-up working days."""
    out = [(d, CalendarDayKind.HOLIDAY, name) for d in _span(*off)]
    out += [(d, CalendarDayKind.WORKDAY, f"{name}调休上班") for d in worked]
    return out


D = date
# Public holidays of mainland China (国务院办公厅 notice for 2026). 2027 follows the lunar dates of
# its festivals and the usual pattern; the vendor replaces it when the official notice is out.
CN_CALENDAR: list[tuple[date, CalendarDayKind, str]] = [
    *_days("元旦", (D(2026, 1, 1), D(2026, 1, 3)), (D(2026, 1, 4),)),
    *_days("春节", (D(2026, 2, 15), D(2026, 2, 23)), (D(2026, 2, 14), D(2026, 2, 28))),
    *_days("清明节", (D(2026, 4, 4), D(2026, 4, 6))),
    *_days("劳动节", (D(2026, 5, 1), D(2026, 5, 5)), (D(2026, 5, 9),)),
    *_days("端午节", (D(2026, 6, 19), D(2026, 6, 21))),
    *_days("中秋节", (D(2026, 9, 25), D(2026, 9, 27))),
    *_days("国庆节", (D(2026, 10, 1), D(2026, 10, 7)), (D(2026, 9, 20), D(2026, 10, 10))),
    *_days("元旦", (D(2027, 1, 1), D(2027, 1, 3))),
    *_days("春节", (D(2027, 2, 5), D(2027, 2, 13)), (D(2027, 2, 20),)),
    *_days("清明节", (D(2027, 4, 3), D(2027, 4, 5))),
    *_days("劳动节", (D(2027, 5, 1), D(2027, 5, 5)), (D(2027, 4, 25),)),
    *_days("端午节", (D(2027, 6, 9), D(2027, 6, 11)), (D(2027, 6, 12),)),
    *_days("中秋节", (D(2027, 9, 15), D(2027, 9, 17)), (D(2027, 9, 18),)),
    *_days("国庆节", (D(2027, 10, 1), D(2027, 10, 7)), (D(2027, 9, 26), D(2027, 10, 9))),
]

TERMS_BODY = """合作伙伴共拓计划（PCE）条款与条件

1. 加入：合作伙伴管理员代表合作伙伴接受本条款后，合作伙伴成为共拓计划成员。
2. 接收华为共享的机会点（HO）：发展路径为“差异化”的成员，或“已认证”且近12个月内
   有3个已签约并交付的共享机会点（PO）的成员，可以接收华为共享的机会点。
3. 处理时限：合作伙伴须在3个工作日内接受或拒绝华为共享的机会点，逾期自动拒绝。
4. 共享给华为：成员可将自己的商机共享给华为并申请支持（架构验证、业务演示、技术咨询、
   策略支持、资源配置支持、仅供可视）；共享后不可撤回。华为在10个工作日内完成验证，
   逾期默认驳回。同一客户同一需求重复共享时，以先共享者为准。
5. 保密：双方对共享的客户信息保密，仅用于本计划约定的目的。"""


async def seed_calendar() -> int:
    """The working calendar exceptions 2026-2027 (idempotent)."""
    existing = set(await WorkingCalendarDay.all().values_list("day", flat=True))
    rows = [WorkingCalendarDay(day=d, kind=k, name=n) for d, k, n in CN_CALENDAR if d not in existing]
    await WorkingCalendarDay.bulk_create(rows)
    return len(rows)


def _working_days_before(day: date, n: int) -> date:
    """The n-th working day before `day` by the seeded calendar (for back-dating demo events)."""
    holidays = {d for d, k, _ in CN_CALENDAR if k is CalendarDayKind.HOLIDAY}
    workdays = {d for d, k, _ in CN_CALENDAR if k is CalendarDayKind.WORKDAY}
    while n:
        day -= timedelta(days=1)
        if calendar.is_working_day(day, holidays, workdays):
            n -= 1
    return day


def _at(day: date, hour: int) -> datetime:
    return calendar.start_of_business_day(day) + timedelta(hours=hour)


async def _viewer(username: str) -> Viewer:
    u = await User.get(username=username).values("id", "org_id", "role")
    return Viewer(
        org_id=u["org_id"], role=Role(u["role"]), user_id=u["id"], is_vendor=u["role"].startswith("VENDOR")
    )


async def _ids(qs: Any) -> list[int]:
    return [int(r["id"]) for r in await qs.values("id")]


def _ok(result: object) -> int:
    assert isinstance(result, int), result
    return result


async def seed_sharing(now: datetime, customers: int, opportunities: int) -> tuple[int, int]:
    """Called by `seed_demo` after the partners, people and opportunities exist; returns the counts of
    customers and opportunities updated with those made by accepting HOs."""
    from partnercenter.customers.models import Customer

    before = (await Customer.all().count(), await Opportunity.all().count())
    await seed_calendar()
    today = calendar.business_date(now)
    pdm = await _viewer("pdm")
    dist_admin, dist_mgr3 = await _viewer("dist_admin"), await _viewer("dist_mgr3")
    sol_admin, sol_mgr1 = await _viewer("sol_admin"), await _viewer("sol_mgr1")

    def ago(working_days: int, hour: int = 10) -> datetime:
        return _at(_working_days_before(today, working_days), hour)

    with clock.frozen(now - timedelta(days=400)):
        terms = _ok(await service.publish_terms(pdm, "2026.1", "合作伙伴共拓计划条款 2026版", TERMS_BODY))
    await PceTerms.filter(id=terms).update(published_at=now - timedelta(days=400))
    with clock.frozen(now - timedelta(days=380)):
        _ok(await service.join_pce(dist_admin, terms))
        _ok(await service.join_pce(sol_admin, terms))

    # POs of the distributor (owner dist_mgr3) and of the solution partner (sol_mgr1).
    dist_opps = await _ids(Opportunity.filter(owner_id=dist_mgr3.user_id).order_by("id").limit(6))
    sol_opps = await _ids(Opportunity.filter(owner_id=sol_mgr1.user_id).order_by("id").limit(3))
    po_plan = [
        # (viewer, opportunity, support, need, shared working days ago, decision, reason)
        (sol_mgr1, sol_opps[0], SupportKind.ARCHITECTURE_VALIDATION, "核心交易系统上云架构评审", 120, PoDecision.APPROVE, ""),  # noqa: E501
        (sol_mgr1, sol_opps[1], SupportKind.BUSINESS_DEMO, "数据中台业务演示", 90, PoDecision.APPROVE, ""),
        (dist_mgr3, dist_opps[0], SupportKind.TECHNICAL_CONSULTING, "容器化改造技术咨询", 40, PoDecision.APPROVE, ""),  # noqa: E501
        (dist_mgr3, dist_opps[1], SupportKind.STRATEGY_SUPPORT, "行业竞争策略支持", 25,
         PoDecision.REJECT, "客户已由其他伙伴报备，请与生态经理沟通"),
        (dist_mgr3, dist_opps[2], SupportKind.RESOURCE_CONFIGURATION_SUPPORT, "大促期间弹性资源配置", 14, None, ""),  # noqa: E501
        (dist_mgr3, dist_opps[3], SupportKind.VISIBLE_ONLY, "同步商机进展", 3, None, ""),
        (dist_mgr3, dist_opps[4], SupportKind.TECHNICAL_CONSULTING, "数据库迁移方案咨询", 2, None, ""),
    ]  # fmt: skip
    delivered: list[int] = []
    for viewer, opp, kind, need, days, decision, reason in po_plan:
        shared = ago(days)
        with clock.frozen(shared):
            po = _ok(await service.share_po(viewer, opp, kind, need))
        if decision is not None:
            with clock.frozen(shared + timedelta(days=2)):
                _ok(await service.validate_po(pdm, po, decision, reason))
            if decision is PoDecision.APPROVE and viewer is sol_mgr1:
                delivered.append(po)
    # A duplicate: the same customer and need as the pending one shared 3 working days ago.
    dup_opp = await Opportunity.get(id=dist_opps[3]).values("customer_id")
    same_customer = (
        await Opportunity.filter(customer_id=dup_opp["customer_id"]).exclude(id=dist_opps[3]).first()
    )
    with clock.frozen(ago(1)):
        _ok(await service.share_po(dist_admin, same_customer.id if same_customer else dist_opps[3],
                                   SupportKind.VISIBLE_ONLY, "同步商机进展"))  # fmt: skip
    for po in delivered:  # the solution partner: 2 signed and delivered (one short of eligibility)
        with clock.frozen(now):
            _ok(await service.record_po_delivery(pdm, po, now - timedelta(days=60), now - timedelta(days=20)))

    # HOs shared with the distributor.
    hos = [
        # (title, customer, industry, region, need, revenue, shared working days ago, outcome)
        ("智慧园区视频云平台", "苏州工业园区智联科技有限公司", Industry.MANUFACTURING, "华东",
         "园区视频监控统一上云，需要本地化交付与运维伙伴", "86000.00", 0, None),
        ("线上教育直播扩容", "北京启明在线教育科技有限公司", Industry.EDUCATION, "华北",
         "寒假直播高峰扩容，需要两周内完成压测与资源规划", "42000.00", 2, None),
        ("医院影像归档迁移", "杭州仁和医疗信息技术有限公司", Industry.HEALTHCARE, "华东",
         "PACS 影像归档迁移至对象存储，需等保三级方案", "58000.00", 8, "ACCEPT"),
        ("连锁零售会员中台", "成都锦程商贸连锁有限公司", Industry.RETAIL, "西南",
         "会员与营销中台建设，需要零售行业经验", "35000.00", 12, "REJECT"),
        ("港口物流数据平台", "宁波东港物流集团有限公司", Industry.TRANSPORT, "华东",
         "港口作业数据采集与分析平台", "73000.00", 20, "EXPIRE"),
    ]  # fmt: skip
    managers = await _ids(User.filter(org_id=dist_admin.org_id, role=Role.ACCOUNT_MANAGER).order_by("id"))
    for title, customer, industry, region, need, revenue, days, outcome in hos:
        shared = _at(today, 9) if days == 0 else ago(days)
        if days == 0 and shared > now:
            shared = now - timedelta(minutes=30)
        draft = service.HoDraft(
            partner_id=dist_admin.org_id, title=title, customer_name=customer, industry=industry,
            region=region,
            need=need, expected_monthly_revenue=Decimal(revenue), contact_phone="13912345678",
            contact_email=f"contact{len(title)}@{industry.value.lower()}-demo.cn",
            description="客户已完成初步需求沟通，预算已立项。",
        )  # fmt: skip
        with clock.frozen(shared):
            ho = _ok(await service.share_ho(pdm, draft))
        if outcome == "ACCEPT":
            with clock.frozen(shared + timedelta(hours=5)):
                _ok(await service.accept_ho(dist_admin, ho, managers[1]))
        elif outcome == "REJECT":
            with clock.frozen(shared + timedelta(hours=5)):
                _ok(
                    await service.reject_ho(
                        dist_admin, ho, HoRejectReason.INDUSTRY_NOT_COVERED, "暂无零售行业交付团队"
                    )
                )
        elif outcome == "EXPIRE":
            with clock.frozen(shared + timedelta(days=10)):
                await service.run_deadlines()
    with clock.frozen(now):
        await service.run_deadlines()  # HO_EXPIRING for the one close to its deadline; overdue POs rejected
    after = (await Customer.all().count(), await Opportunity.all().count())
    return customers + after[0] - before[0], opportunities + after[1] - before[1]
