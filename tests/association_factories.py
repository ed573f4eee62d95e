"""Helpers for the association tests: a second customer user, arrears/orders, GraphQL documents."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx

from partnercenter.accounts.enums import Role
from partnercenter.accounts.models import User
from partnercenter.core import clock
from partnercenter.orders.enums import OrderState
from partnercenter.orders.models import Arrears, Order
from tests.factories import World, _hash, gql, sign_in

REQUEST_FIELDS = "id kind initiator state fromType toType reason decisionReason requestedAt expiresAt"
CREATE = (
    "mutation($c: ID!, $k: AssociationRequestKind!) {"
    " associationRequestCreate(input: {customerId: $c, kind: $k})"
    " { request { " + REQUEST_FIELDS + " } userErrors { code field message } } }"
)
CONFIRM = (
    "mutation($r: ID!) { associationRequestConfirm(input: {requestId: $r})"
    " { request { " + REQUEST_FIELDS + " } userErrors { code field message } } }"
)
DECLINE = CONFIRM.replace("associationRequestConfirm", "associationRequestDecline")
UNBIND_ASK = (
    "mutation($reason: String!) { associationUnbindRequestCreate(input: {reason: $reason})"
    " { request { " + REQUEST_FIELDS + " } userErrors { code field message } } }"
)
APPROVE = CONFIRM.replace("associationRequestConfirm", "associationUnbindRequestApprove")
REJECT = (
    "mutation($r: ID!, $reason: String!) {"
    " associationUnbindRequestReject(input: {requestId: $r, reason: $reason})"
    " { request { " + REQUEST_FIELDS + " } userErrors { code field message } } }"
)
ASSIGN = (
    "mutation($c: ID!, $m: ID!) { customerAssign(input: {customerId: $c, managerId: $m})"
    " { assignment { id fromManager { id } toManager { id } assignedBy { id } }"
    " customer { id manager { id } } userErrors { code field message } } }"
)
LOG = (
    "query($f: AssociationLogFilter, $n: Int!) { associationLog(first: $n, filter: $f) { totalCount"
    " edges { node { id action fromType toType note at bySystem actor { id } customer { id }"
    " request { id } } } } }"
)
PUBLISH = (
    "mutation($t: String!, $b: String!) { associationNoticePublish(input: {title: $t, body: $b})"
    " { notice { id version } userErrors { code field message } } }"
)
SIGN = (
    "mutation($n: ID!) { associationNoticeSign(input: {noticeId: $n})"
    " { status { signedVersion upToDate latest { version } } userErrors { code field message } } }"
)
KNOWLEDGE = (
    "query($c: ID!) { customerKnowledge(customerId: $c) { available reason latestNoticeVersion"
    " signedNoticeVersion items { id title kind industries } } }"
)
KNOWLEDGE_CREATE = (
    "mutation($k: KnowledgeKind!, $t: String!, $i: [Industry!]!) { knowledgeItemCreate(input:"
    ' {kind: $k, title: $t, industries: $i, summary: "s", url: "https://example.com/k"})'
    " { item { id } userErrors { code field message } } }"
)
STATUS = (
    "query($c: ID!) { customerAssociationStatus(customerId: $c) { canRequest nextRequestAllowedAt"
    " blockingObligations pendingRequest { id } } }"
)


async def add_customer_user(w: World, username: str, manager_key: str) -> int:
    """Another customer user, of the customer managed by `manager_key`."""
    u = await User.create(
        org_id=w.orgs["a"] if manager_key.startswith("a_") else w.orgs["b"],
        username=username,
        name="客户二",
        role=Role.CUSTOMER_USER,
        password_hash=_hash(),
        customer_id=w.customers[manager_key],
    )
    w.users[username] = u.id
    return u.id


async def add_arrears(customer_id: int, settled: bool = False) -> None:
    now = clock.now()
    await Arrears.create(
        customer_id=customer_id, amount=Decimal("120.50"), since=now, settled_at=now if settled else None
    )


async def add_order(customer_id: int, partner_id: int, state: OrderState) -> None:
    await Order.create(
        customer_id=customer_id,
        partner_id=partner_id,
        state=state,
        amount=Decimal("99.00"),
        created_at=clock.now(),
    )


async def as_user(client: httpx.AsyncClient, w: World, username: str) -> str:
    return await sign_in(client, w, username)


async def run(
    client: httpx.AsyncClient, w: World, username: str, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Signs in as `username` and runs one document; returns `data` (asserting no top-level errors)."""
    csrf = await sign_in(client, w, username)
    body = await gql(client, query, variables, csrf=csrf)
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


def payload(data: dict[str, Any]) -> dict[str, Any]:
    return next(iter(data.values()))  # type: ignore[no-any-return]


def codes(data: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload(data)["userErrors"]]


def at(year: int, month: int, day: int) -> datetime:
    from datetime import UTC

    return datetime(year, month, day, 9, 0, tzinfo=UTC)
