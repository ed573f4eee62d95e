"""Demo data of the customer association slice, so that every flow can be shown:

- two versions of 《客户关联合作伙伴须知》 and knowledge items for every industry;
- customer1's company (dist_mgr1's first customer) signed the latest version (knowledge visible),
  has an assignment history, and no switch/unbind request (free for a new one);
- customer2 (dist_mgr1's second customer) has a pending switch request from dist_admin and signed
  only the old notice version (NOTICE_OUTDATED); customer3 (the third) asked to unbind (pending
  for dist_admin to approve or reject);
- the fourth has open arrears, the fifth an order awaiting partner payment (both block requests);
  the sixth has an expired request in its log;
- a BIND line in the association operation log for each customer (the first 5,000 at larger scales).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from partnercenter.accounts.enums import Role
from partnercenter.accounts.models import Organization, User
from partnercenter.association.enums import (
    KnowledgeKind,
    LogAction,
    RequestInitiator,
    RequestKind,
    RequestState,
)
from partnercenter.association.models import (
    AssociationLogEntry,
    AssociationRequest,
    CustomerAssignment,
    KnowledgeItem,
    NoticeSignature,
    NoticeVersion,
)
from partnercenter.association.service import CONFIRMATION_WINDOW
from partnercenter.customers.enums import AssociationType, Industry
from partnercenter.customers.models import Customer
from partnercenter.orders.enums import OrderState
from partnercenter.orders.models import Arrears, Order

ASSOCIATION_USERNAMES = ("customer2", "customer3")
BIND_LOG_MAX = 5_000

NOTICE_V1 = """一、关联关系：子客户与合作伙伴建立关联后，合作伙伴可查看子客户的基础信息、消费概况，
并为子客户提供售前咨询、售后服务。
二、关联类型：代售模式下，合作伙伴为子客户拨款、发放优惠券、代为支付；顾问销售模式下，子客户直接向云厂商付款。
三、切换与解除：切换关联类型或解除关联需由合作伙伴管理员发起并经子客户确认，每个子客户每 3 个月最多一次。"""
NOTICE_V2 = (
    NOTICE_V1
    + """
四、知识推荐：子客户签署本须知后，合作伙伴可获得与子客户行业相关的产品、行业案例与解决方案推荐。
五、信息保护：合作伙伴查看子客户的姓名、电话、邮箱等信息默认脱敏，查看明文的操作均记录审计日志。"""
)

_KNOWLEDGE: tuple[tuple[KnowledgeKind, str, str, tuple[Industry, ...], str], ...] = (
    (
        KnowledgeKind.PRODUCT,
        "云数据库 RDS for MySQL",
        "高可用、弹性扩展的关系型数据库，适合互联网与零售业务。",
        (Industry.INTERNET, Industry.RETAIL, Industry.GAMING, Industry.MEDIA),
        "数据库",
    ),
    (KnowledgeKind.PRODUCT, "弹性云服务器 ECS", "按需使用、弹性伸缩的计算服务。", tuple(Industry), "计算"),
    (
        KnowledgeKind.INDUSTRY_CASE,
        "某城商行核心系统上云实践",
        "分布式数据库与同城双活架构，RPO=0。",
        (Industry.FINANCE,),
        "金融,容灾",
    ),
    (
        KnowledgeKind.SOLUTION,
        "政务云一体化解决方案",
        "满足等保三级要求的政务云平台与数据共享交换。",
        (Industry.GOVERNMENT,),
        "政务",
    ),
    (
        KnowledgeKind.SOLUTION,
        "工业互联网平台解决方案",
        "设备接入、数据采集与智能排产。",
        (Industry.MANUFACTURING, Industry.ENERGY),
        "工业",
    ),
    (
        KnowledgeKind.INDUSTRY_CASE,
        "连锁零售全渠道会员系统",
        "会员、营销与库存一体化，大促期间弹性扩容。",
        (Industry.RETAIL,),
        "零售",
    ),
    (KnowledgeKind.SOLUTION, "智慧教育云课堂", "直播互动课堂与教学资源管理。", (Industry.EDUCATION,), "教育"),
    (KnowledgeKind.INDUSTRY_CASE, "区域医疗影像云", "影像归档与远程诊断。", (Industry.HEALTHCARE,), "医疗"),
    (
        KnowledgeKind.PRODUCT,
        "CDN 与视频点播",
        "低时延分发与转码。",
        (Industry.MEDIA, Industry.GAMING, Industry.INTERNET),
        "视频",
    ),
    (
        KnowledgeKind.SOLUTION,
        "智慧物流调度平台",
        "运力调度与路径优化。",
        (Industry.TRANSPORT, Industry.OTHER),
        "物流",
    ),
)


async def seed_association(summary: Any, now: datetime, password_hash: str) -> None:
    """Runs after the demo world exists (called from seed_demo)."""
    pdm = await User.get(username="pdm")
    admin = await User.get(username="dist_admin")
    mgr1 = await User.get(username="dist_mgr1")
    mgr2 = await User.get(username="dist_mgr2")
    customer1 = await User.get(username="customer1")
    partner_id: int = admin.org_id  # type: ignore[attr-defined]
    partner = await Organization.get(id=partner_id)
    mine = await Customer.filter(partner_id=partner_id, manager_id=mgr1.id).order_by("id").limit(6)
    c1, c2, c3, c4, c5, c6 = mine
    assert customer1.customer_id == c1.id

    v1 = await NoticeVersion.create(
        version=1,
        title="客户关联合作伙伴须知",
        body=NOTICE_V1,
        published_by=pdm,
        published_at=now - timedelta(days=400),
    )
    v2 = await NoticeVersion.create(
        version=2,
        title="客户关联合作伙伴须知",
        body=NOTICE_V2,
        published_by=pdm,
        published_at=now - timedelta(days=30),
    )
    for i, (kind, title, summary_text, industries, tags) in enumerate(_KNOWLEDGE):
        await KnowledgeItem.create(
            kind=kind,
            title=title,
            summary=summary_text,
            url=f"https://support.example.com/kb/{1000 + i}",
            industries="," + ",".join(sorted(i.value for i in industries)) + ",",
            tags=f",{tags},",
            created_by=pdm,
            created_at=now - timedelta(days=60 - i),
        )

    async def customer_user(username: str, customer: Customer, name: str) -> User:
        user = await User.create(
            org_id=partner_id,
            username=username,
            name=name,
            email=f"{username}@{customer.email.split('@')[-1]}",
            phone="13700001111" if username == "customer2" else "13700002222",
            password_hash=password_hash,
            role=Role.CUSTOMER_USER,
            customer_id=customer.id,
        )
        summary.logins.append((username, Role.CUSTOMER_USER, partner.name))
        summary.users += 1
        return user

    customer2 = await customer_user("customer2", c2, "许晓明")
    customer3 = await customer_user("customer3", c3, "龚丽娟")

    # Signatures: customer1's company the latest version, customer2's only the older one.
    await NoticeSignature.create(
        customer=c1, notice=v2, signed_by=customer1, signed_at=now - timedelta(days=20)
    )
    await NoticeSignature.create(
        customer=c2, notice=v1, signed_by=customer2, signed_at=now - timedelta(days=300)
    )

    # BIND lines in the operation log, by each partner's admin at the association time.
    admins = {u.org_id: u.id for u in await User.filter(role=Role.PARTNER_ADMIN)}  # type: ignore[attr-defined]
    rows = (
        await Customer.all()
        .order_by("id")
        .limit(BIND_LOG_MAX)
        .values("id", "partner_id", "association_type", "associated_at")
    )
    await AssociationLogEntry.bulk_create(
        [
            AssociationLogEntry(
                customer_id=r["id"],
                partner_id=r["partner_id"],
                action=LogAction.BIND,
                to_type=r["association_type"],
                actor_id=admins.get(r["partner_id"]),
                at=r["associated_at"],
            )
            for r in rows
        ],
        batch_size=1000,
    )

    # customer1's company: reassigned from mgr2 to mgr1 a while after association.
    moved = min(c1.associated_at + timedelta(days=10), now - timedelta(days=1))
    await CustomerAssignment.create(
        customer=c1,
        partner_id=partner_id,
        from_manager=mgr2,
        to_manager=mgr1,
        assigned_by=admin,
        assigned_at=moved,
    )

    # customer2: a pending switch request from the partner admin.
    asked = now - timedelta(days=2)
    to_type = (
        AssociationType.CONSULTING
        if c2.association_type == AssociationType.RESALE
        else AssociationType.RESALE
    )
    req = await AssociationRequest.create(
        customer=c2,
        partner_id=partner_id,
        kind=RequestKind.SWITCH_TYPE,
        initiator=RequestInitiator.PARTNER,
        from_type=c2.association_type,
        to_type=to_type,
        requested_by=admin,
        requested_at=asked,
        expires_at=asked + CONFIRMATION_WINDOW,
    )
    await _log(c2, LogAction.SWITCH_REQUESTED, admin.id, req, asked)

    # customer3: asked to unbind, waiting for the partner admin.
    asked3 = now - timedelta(days=1)
    req3 = await AssociationRequest.create(
        customer=c3,
        partner_id=partner_id,
        kind=RequestKind.UNBIND,
        initiator=RequestInitiator.CUSTOMER,
        from_type=c3.association_type,
        reason="公司业务调整，改为直接与云厂商合作",
        requested_by=customer3,
        requested_at=asked3,
    )
    await _log(c3, LogAction.UNBIND_REQUESTED, customer3.id, req3, asked3, note=req3.reason)

    # Money the customers still owe (blocks switch and unbind).
    await Arrears.create(customer=c4, amount=Decimal("1280.00"), since=now - timedelta(days=15))
    await Order.create(
        customer=c5,
        partner_id=partner_id,
        state=OrderState.AWAITING_PARTNER_PAYMENT,
        amount=Decimal("3650.00"),
        created_at=now - timedelta(days=3),
    )

    # An old request nobody answered: expired by the job.
    old = now - timedelta(days=200)
    req6 = await AssociationRequest.create(
        customer=c6,
        partner_id=partner_id,
        kind=RequestKind.SWITCH_TYPE,
        initiator=RequestInitiator.PARTNER,
        state=RequestState.EXPIRED,
        from_type=c6.association_type,
        to_type=AssociationType.CONSULTING
        if c6.association_type == AssociationType.RESALE
        else AssociationType.RESALE,
        requested_by=admin,
        requested_at=old,
        expires_at=old + CONFIRMATION_WINDOW,
        decided_at=old + CONFIRMATION_WINDOW,
    )
    await _log(c6, LogAction.SWITCH_REQUESTED, admin.id, req6, old)
    await _log(c6, LogAction.EXPIRED, None, req6, old + CONFIRMATION_WINDOW)


async def _log(
    customer: Customer,
    action: LogAction,
    actor: int | None,
    req: AssociationRequest,
    at: datetime,
    note: str = "",
) -> None:
    await AssociationLogEntry.create(
        customer=customer,
        partner_id=customer.partner_id,  # type: ignore[attr-defined]
        action=action,
        request=req,
        from_type=req.from_type,
        to_type=req.to_type,
        actor_id=actor,
        at=at,
        note=note,
    )
