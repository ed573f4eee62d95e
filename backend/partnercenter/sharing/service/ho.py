"""HOs 由华为共享: a vendor PDM shares an opportunity with an eligible PCE partner; its admin accepts
it (it becomes one of the partner's opportunities, owned by a manager the admin chooses) or
rejects it with a reason within 3 working days."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tortoise.transactions import in_transaction

from partnercenter.accounts.enums import Role
from partnercenter.accounts.models import User
from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, ErrorCode, check, refuse
from partnercenter.core.money import amount_errors, currency, currency_errors
from partnercenter.customers.enums import AssociationType, Industry
from partnercenter.customers.models import Customer
from partnercenter.messages import service as messages
from partnercenter.messages.enums import MessageKind
from partnercenter.opportunities import service as opportunities
from partnercenter.opportunities.enums import OpportunityStage, OpportunityType
from partnercenter.opportunities.models import Opportunity
from partnercenter.sharing import calendar
from partnercenter.sharing.enums import HO_HANDLING_WORKING_DAYS, HoRejectReason, HoState
from partnercenter.sharing.models import VendorSharedOpportunity
from partnercenter.sharing.permissions import may_handle_ho, may_share_ho
from partnercenter.sharing.service.eligibility import eligibility_of
from partnercenter.sharing.service.queries import hos_by_ids
from partnercenter.sharing.service.rules import HO, NOTE_MAX, TEXT_MAX, TITLE_MAX, text_errors
from partnercenter.sharing.service.workflows import HO_WORKFLOW, fire_or_refuse

__all__ = ["HoDraft", "accept_ho", "reject_ho", "share_ho"]

REVENUE_FIELD = "expectedMonthlyRevenue"
ALREADY_HANDLED = "This shared opportunity was handled already."


@dataclass(slots=True)
class HoDraft:
    partner_id: int | None
    title: str
    customer_name: str
    industry: Industry
    region: str
    need: str
    expected_monthly_revenue: Decimal
    currency: str = field(default_factory=currency)
    contact_phone: str = ""
    contact_email: str = ""
    opportunity_type: OpportunityType = OpportunityType.NEW_PURCHASE
    description: str = ""


def _ho_errors(d: HoDraft) -> list[DomainError]:
    errors = [
        *text_errors(d.title, "title", TITLE_MAX, "a title"),
        *text_errors(d.customer_name, "customerName", TITLE_MAX, "the customer name"),
        *text_errors(d.need, "need", TEXT_MAX, "the need"),
    ]
    if len(d.region) > 64:
        errors.append(DomainError(ErrorCode.TOO_LONG, "The region is over 64 characters.", "region"))
    if len(d.contact_phone) > 32:
        errors.append(DomainError(ErrorCode.TOO_LONG, "The phone is over 32 characters.", "contactPhone"))
    if len(d.contact_email) > 200:
        errors.append(DomainError(ErrorCode.TOO_LONG, "The email is over 200 characters.", "contactEmail"))
    if len(d.description) > TEXT_MAX:
        errors.append(DomainError(ErrorCode.TOO_LONG, "The description is too long.", "description"))
    errors += amount_errors(
        d.expected_monthly_revenue, REVENUE_FIELD, allow_zero=True, what="Expected monthly revenue"
    )
    errors += currency_errors(d.currency, REVENUE_FIELD)
    return errors


async def share_ho(viewer: Viewer, d: HoDraft) -> int:
    """A vendor PDM shares an opportunity with an eligible PCE partner; its admins must handle it
    within 3 working days."""
    if not may_share_ho(viewer):
        refuse(ErrorCode.FORBIDDEN, "Only vendor PDMs share opportunities with partners.")
    check(_ho_errors(d))
    status = (await eligibility_of([d.partner_id] if d.partner_id else [])).get(d.partner_id or 0)
    if status is None:
        refuse(ErrorCode.NOT_FOUND, "No such partner.", "partnerId")
    if not status.member:
        refuse(ErrorCode.NOT_PCE_MEMBER, "This partner has not joined the PCE plan.", "partnerId")
    if not status.eligible:
        refuse(
            ErrorCode.NOT_ELIGIBLE,
            "This partner is not eligible to receive shared opportunities.",
            "partnerId",
        )
    now = clock.now()
    shared_day = calendar.business_date(now)
    deadline_day = await calendar.working_days_after(shared_day, HO_HANDLING_WORKING_DAYS)
    warn_day = await calendar.working_days_after(shared_day, HO_HANDLING_WORKING_DAYS - 1)
    async with in_transaction():
        ho = await VendorSharedOpportunity.create(
            partner_id=d.partner_id,
            shared_by_id=viewer.user_id,
            title=d.title.strip(),
            customer_name=d.customer_name.strip(),
            contact_phone=d.contact_phone.strip(),
            contact_email=d.contact_email.strip(),
            industry=d.industry,
            region=d.region.strip(),
            need=d.need.strip(),
            opportunity_type=d.opportunity_type,
            expected_monthly_revenue=d.expected_monthly_revenue,
            currency=d.currency,
            description=d.description.strip(),
            state=HoState.PENDING,
            shared_at=now,
            deadline_at=calendar.end_of_business_day(deadline_day),
            due_at=calendar.end_of_business_day(deadline_day),
            expiring_from=calendar.start_of_business_day(warn_day),
        )
        admins = await messages.users_with_roles(d.partner_id or 0, [Role.PARTNER_ADMIN])
        await messages.notify(
            admins,
            MessageKind.HO_SHARED,
            record_type=HO,
            record_pk=ho.id,
            params={"deadline": ho.deadline_at.isoformat(), "industry": d.industry.value},
        )
    return ho.id


async def _handleable(viewer: Viewer, ho_id: int) -> dict[str, Any]:
    row = (await hos_by_ids(viewer, [ho_id])).get(ho_id)
    if row is None:
        refuse(ErrorCode.NOT_FOUND, "No such shared opportunity.", "id")
    if not may_handle_ho(viewer, row):
        refuse(ErrorCode.FORBIDDEN, "Only the partner admin handles shared opportunities.", "id")
    if row["state"] != HoState.PENDING:
        refuse(ErrorCode.ALREADY_HANDLED, ALREADY_HANDLED, "id")
    if clock.now() > row["deadline_at"]:
        refuse(ErrorCode.DEADLINE_PASSED, "The deadline to handle it has passed.", "id")
    return row


async def _fire(viewer: Viewer, ho_id: int, transition: str, row: dict[str, Any], **kwargs: Any) -> None:
    """The HO workflow's compare-and-set: the pending HO takes the change, or it was handled
    meanwhile (another admin, or the deadline sweeper) and the transaction rolls back."""
    await fire_or_refuse(HO_WORKFLOW, ho_id, transition, viewer, already=ALREADY_HANDLED, row=row, **kwargs)


async def _opportunity_for(viewer: Viewer, ho_id: int, row: dict[str, Any], owner: int) -> tuple[int, int]:
    """The partner's customer of the HO's name (created, or given a manager, as needed) and a new
    qualified opportunity for it; (customer id, opportunity id)."""
    now = clock.now()
    customer = await Customer.filter(partner_id=viewer.org_id, name=row["customer_name"]).first()
    if customer is None:
        customer = await Customer.create(
            partner_id=viewer.org_id,
            name=row["customer_name"],
            account_name=f"hw_pce_ho{ho_id:06d}",
            phone=row["contact_phone"],
            email=row["contact_email"],
            industry=row["industry"],
            region=row["region"],
            association_type=AssociationType.CONSULTING,
            associated_at=now,
            manager_id=owner,
            tags=",PCE,",
        )
    elif customer.manager_id is None:  # type: ignore[attr-defined]
        await Customer.filter(id=customer.id).update(manager_id=owner)
    description = row["need"] if not row["description"] else f"{row['need']}\n\n{row['description']}"
    opportunity = await Opportunity.create(
        partner_id=viewer.org_id,
        customer_id=customer.id,
        owner_id=owner,
        name=row["title"],
        industry=row["industry"],
        type=row["opportunity_type"],
        stage=OpportunityStage.QUALIFIED,
        confidence=30,
        expected_monthly_revenue=row["expected_monthly_revenue"],
        currency=row["currency"],
        description=description[: opportunities.DESCRIPTION_MAX],
        created_at=now,
        updated_at=now,
    )
    return customer.id, opportunity.id


async def accept_ho(viewer: Viewer, ho_id: int, owner_id: int | None) -> int:
    """Accepting makes the HO one of the partner's opportunities, owned by the manager the admin
    chose, for the partner's customer of that name (created, or bound, as needed). The workflow's
    ACCEPT sends HO_ACCEPTED to the sharing PDM."""
    row = await _handleable(viewer, ho_id)
    owners = await User.filter(
        id=owner_id or 0,
        org_id=viewer.org_id,
        is_active=True,
        role__in=[Role.ACCOUNT_MANAGER, Role.SUPERVISOR],
    ).values("id")
    if not owners:
        refuse(ErrorCode.NOT_IN_TEAM, "Choose an account manager of your partner.", "ownerId")
    owner = owners[0]["id"]
    async with in_transaction():
        await _fire(viewer, ho_id, "ACCEPT", row, extra_updates={"handled_by_id": viewer.user_id})
        customer_id, opportunity_id = await _opportunity_for(viewer, ho_id, row, owner)
        await VendorSharedOpportunity.filter(id=ho_id).update(
            customer_id=customer_id, opportunity_id=opportunity_id
        )
    return ho_id


async def reject_ho(viewer: Viewer, ho_id: int, reason: HoRejectReason, note: str) -> int:
    """The partner admin rejects with one of the fixed reasons (OTHER needs a note)."""
    row = await _handleable(viewer, ho_id)
    note = note.strip()
    if reason is HoRejectReason.EXPIRED:
        refuse(ErrorCode.INVALID, "EXPIRED is set by the deadline only.", "reason")
    if reason is HoRejectReason.OTHER and not note:
        refuse(ErrorCode.BLANK, "Say why.", "note")
    if len(note) > NOTE_MAX:
        refuse(ErrorCode.TOO_LONG, f"The note is over {NOTE_MAX} characters.", "note")
    async with in_transaction():
        await _fire(
            viewer,
            ho_id,
            "REJECT",
            row,
            reason=reason.value,
            payload={"note": note} if note else None,
            extra_updates={"handled_by_id": viewer.user_id, "reject_reason": reason, "reject_note": note},
        )
        await messages.notify(
            [row["shared_by_id"]],
            MessageKind.HO_REJECTED,
            record_type=HO,
            record_pk=ho_id,
            params={"reason": reason.value},
        )
    return ho_id
