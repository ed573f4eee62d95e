"""Helpers for the funds tests: fund a partner, call the funds mutations."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import httpx

from partnercenter.accounts.enums import Role
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.customers.models import Customer
from partnercenter.funds import service as funds
from tests.factories import World, gql

MOVE = """
mutation($input: FundsMoveInput!) {
  %s(input: $input) {
    replayed
    adjustment { id operation target amount { amount currency } transactionId memo
                 customer { id name } resellerName }
    account { accountBalance { amount } disbursableAmount { amount } disbursedAmount { amount } }
    targetBalance { amount }
    userErrors { code field message }
  }
}
"""

BATCH = """
mutation($input: FundsBatchMoveInput!) {
  fundsBatchMove(input: $input) {
    results { customerId replayed adjustment { id amount { amount } } userErrors { code field } }
    account { accountBalance { amount } }
    userErrors { code field message }
  }
}
"""

ACCOUNT = """
query($id: ID) {
  fundsAccount(partnerId: $id) {
    id rechargeBalance { amount } creditBalance { amount } disbursedAmount { amount }
    accountBalance { amount } disbursableAmount { amount } requireSecondFactor
  }
}
"""


def vendor_ctx(world: World) -> RequestContext:
    viewer = Viewer(
        org_id=world.orgs["vendor"], role=Role.VENDOR_FINANCE, user_id=world.users["vfin"], is_vendor=True
    )
    return RequestContext(request_id="test", viewer=viewer)


async def fund(world: World, org: str = "a", amount: str = "1000.00", credit: str | None = None) -> None:
    ctx = vendor_ctx(world)
    result = await funds.recharge(
        ctx, world.orgs[org], Decimal(amount), idempotency_key=f"fund-{uuid.uuid4()}"
    )
    assert not isinstance(result, list), result
    if credit is not None:
        result = await funds.set_credit_line(
            ctx, world.orgs[org], Decimal(credit), idempotency_key=f"credit-{uuid.uuid4()}"
        )
        assert not isinstance(result, list), result


async def consulting_customer(world: World, org: str = "a", manager: str = "a_m1") -> int:
    base = await Customer.get(id=world.customers[manager])
    c = await Customer.create(
        partner_id=world.orgs[org],
        name="顾问销售测试有限公司",
        account_name="hw_consult",
        industry="INTERNET",
        association_type="CONSULTING",
        associated_at=base.associated_at,
        manager_id=world.users[manager],
    )
    return int(c.id)


async def move(
    client: httpx.AsyncClient,
    csrf: str,
    op: str,
    *,
    customer: str | None = None,
    reseller: str | None = None,
    amount: str,
    key: str | None = None,
    totp: str | None = None,
    memo: str = "",
) -> dict[str, Any]:
    name = "fundsDisburse" if op == "DISBURSE" else "fundsRecover"
    inp: dict[str, Any] = {
        "amount": {"amount": amount, "currency": "CNY"},
        "idempotencyKey": key or str(uuid.uuid4()),
        "memo": memo,
    }
    if customer is not None:
        inp["customerId"] = customer
    if reseller is not None:
        inp["resellerId"] = reseller
    if totp is not None:
        inp["totpCode"] = totp
    body = await gql(client, MOVE % name, {"input": inp}, csrf=csrf)
    assert "errors" not in body, body
    return body["data"][name]  # type: ignore[no-any-return]


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]
