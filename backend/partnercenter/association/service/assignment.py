"""Account manager assignment 客户分配: a supervisor or partner admin moves a customer to a manager
of their team; the history row and the new manager's message are written with the change."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from partnercenter.accounts.models import User
from partnercenter.association.models import CustomerAssignment
from partnercenter.association.permissions import (
    can_assign_customer,
)
from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.core.errors import ErrorCode, refuse
from partnercenter.customers import service as customers
from partnercenter.customers.models import Customer
from partnercenter.messages.enums import MessageKind
from partnercenter.messages.service import notify
from partnercenter.opportunities.permissions import may_reassign


async def assign_customer(viewer: Viewer, customer_id: int, manager_id: int | None) -> int:
    """Assign or reassign the customer's account manager; the assignment's id."""
    customer = await customers.customer_of(viewer, customer_id)
    if customer is None:
        refuse(ErrorCode.NOT_FOUND, "No such customer.", "customerId")
    if not may_reassign(viewer):
        refuse(ErrorCode.FORBIDDEN, "Only supervisors and partner admins assign customers.", "customerId")
    managers = await User.filter(id=manager_id or 0, is_active=True).values("id", "org_id", "role")
    if not managers or not can_assign_customer(viewer, customer, managers[0]):
        refuse(ErrorCode.NOT_IN_TEAM, "Choose an account manager within your team.", "managerId")
    new_id = managers[0]["id"]
    if customer["manager_id"] == new_id:
        refuse(ErrorCode.ALREADY_ASSIGNED, "The customer is already assigned to this manager.", "managerId")
    async with in_transaction():
        changed = await Customer.filter(id=customer_id, manager_id=customer["manager_id"]).update(
            manager_id=new_id
        )
        if not changed:
            refuse(
                ErrorCode.INVALID, "The customer was reassigned meanwhile: reload and retry.", "customerId"
            )
        assignment = await CustomerAssignment.create(
            customer_id=customer_id,
            partner_id=customer["partner_id"],
            from_manager_id=customer["manager_id"],
            to_manager_id=new_id,
            assigned_by_id=viewer.user_id,
            assigned_at=clock.now(),
        )
        await notify([new_id], MessageKind.CUSTOMER_ASSIGNED, record_type="Customer", record_pk=customer_id)
    return assignment.id
