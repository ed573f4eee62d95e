"""Vendor finance: recharges 充值 and credit lines 信用额度 of partners (audited, idempotent)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from partnercenter.access import policy
from partnercenter.accounts.enums import OrgKind
from partnercenter.accounts.models import Organization
from partnercenter.audit.service import record_action
from partnercenter.core import clock
from partnercenter.core.context import RequestContext
from partnercenter.core.errors import DomainErrors, ErrorCode, check, refuse
from partnercenter.core.money import amount_errors, currency_errors, normalize
from partnercenter.core.money import currency as default_currency
from partnercenter.funds.models import FundsCreditLineChange
from partnercenter.funds.permissions import can_grant_funds
from partnercenter.funds.service.common import key_errors, key_reused, memo_errors, partner_funds_account
from partnercenter.ledger import service as ledger
from partnercenter.ledger.enums import AccountPurpose, OwnerType, TransactionKind

__all__ = ["GrantResult", "recharge", "set_credit_line"]


@dataclass(slots=True)
class GrantResult:
    org_id: int
    replayed: bool


async def _partner(org_id: int | None) -> Organization:
    org = await Organization.get_or_none(id=org_id or 0)
    if org is None:
        refuse(ErrorCode.NOT_FOUND, "No such partner.", "partnerId")
    if org.kind != OrgKind.PARTNER:
        refuse(ErrorCode.NOT_A_PARTNER, "Only partners hold funds accounts.", "partnerId")
    return org


async def recharge(
    ctx: RequestContext,
    partner_id: int | None,
    amount: Decimal | None,
    *,
    currency: str | None = None,
    idempotency_key: str,
    memo: str = "",
) -> GrantResult:
    """Vendor finance recharges a partner's account 充值 (audited)."""
    viewer = policy.require_viewer(ctx.viewer)
    if not can_grant_funds(viewer):
        refuse(ErrorCode.FORBIDDEN, "Only vendor finance recharges partners.")
    check(
        key_errors(idempotency_key)
        + amount_errors(amount)
        + currency_errors(currency or default_currency())
        + memo_errors(memo)
    )
    assert amount is not None
    amount = normalize(amount)
    org = await _partner(partner_id)
    source = await ledger.account(OwnerType.ORG, org.id, AccountPurpose.RECHARGE_SOURCE)
    funds = await partner_funds_account(org.id)
    try:
        async with in_transaction():
            posting = await ledger.post(
                TransactionKind.RECHARGE,
                [ledger.Leg(source.id, -amount), ledger.Leg(funds.id, amount)],
                actor_user_id=viewer.user_id,
                idempotency_key=idempotency_key,
                reference_type="Organization",
                reference_pk=org.id,
                memo=memo,
            )
            if not posting.replayed:
                await record_action(
                    ctx,
                    "FUNDS_RECHARGE",
                    detail={
                        "partner_id": org.id,
                        "amount": f"{amount:.2f}",
                        "currency": default_currency(),
                        "transaction_id": posting.id,
                    },
                    record_ids=[f"Organization:{org.id}"],
                )
    except ledger.IdempotencyKeyReused as exc:
        raise DomainErrors([key_reused()]) from exc
    return GrantResult(org.id, posting.replayed)


async def set_credit_line(
    ctx: RequestContext,
    partner_id: int | None,
    credit_line: Decimal | None,
    *,
    currency: str | None = None,
    idempotency_key: str,
    memo: str = "",
) -> GrantResult:
    """Vendor finance sets a partner's credit line 信用额度 (audited). Cutting it below what the
    partner has already used (its account balance would go below 0) is refused: CREDIT_IN_USE."""
    viewer = policy.require_viewer(ctx.viewer)
    if not can_grant_funds(viewer):
        refuse(ErrorCode.FORBIDDEN, "Only vendor finance sets credit lines.")
    check(
        key_errors(idempotency_key)
        + amount_errors(credit_line, "creditLine", allow_zero=True)
        + currency_errors(currency or default_currency(), "creditLine")
        + memo_errors(memo)
    )
    assert credit_line is not None
    line = normalize(credit_line)
    org = await _partner(partner_id)
    source = await ledger.account(OwnerType.ORG, org.id, AccountPurpose.CREDIT_SOURCE)
    funds = await partner_funds_account(org.id)

    async def replay() -> GrantResult:
        first = await FundsCreditLineChange.get(actor_user_id=viewer.user_id, idempotency_key=idempotency_key)
        if first.partner_id != org.id or first.new_line != line:
            raise DomainErrors([key_reused()])
        return GrantResult(org.id, True)

    if await FundsCreditLineChange.exists(actor_user_id=viewer.user_id, idempotency_key=idempotency_key):
        return await replay()
    try:
        async with in_transaction():
            locked = await ledger.lock_accounts([source.id, funds.id])
            current = -Decimal(locked[source.id].balance)
            delta = line - current
            change = await FundsCreditLineChange.create(
                partner_id=org.id,
                previous_line=current,
                new_line=line,
                currency=default_currency(),
                actor_user_id=viewer.user_id,
                idempotency_key=idempotency_key,
                created_at=clock.now(),
            )
            transaction_id = None
            if delta != 0:
                posting = await ledger.post(
                    TransactionKind.CREDIT_LINE,
                    [ledger.Leg(source.id, -delta), ledger.Leg(funds.id, delta)],
                    actor_user_id=viewer.user_id,
                    idempotency_key=f"credit-line:{change.id}",
                    reference_type="FundsCreditLineChange",
                    reference_pk=change.id,
                    memo=memo or f"credit line {current:.2f} -> {line:.2f}",
                )
                transaction_id = posting.id
                await FundsCreditLineChange.filter(id=change.id).update(transaction_id=posting.id)
            await record_action(
                ctx,
                "FUNDS_CREDIT_LINE",
                detail={
                    "partner_id": org.id,
                    "from": f"{current:.2f}",
                    "to": f"{line:.2f}",
                    "currency": default_currency(),
                    "transaction_id": transaction_id,
                },
                record_ids=[f"Organization:{org.id}"],
            )
    except ledger.InsufficientFunds as exc:
        used = line - exc.balance - exc.change
        refuse(
            ErrorCode.CREDIT_IN_USE,
            f"The partner has already used {max(used, Decimal(0)):.2f} beyond its recharges.",
            "creditLine",
        )
    except IntegrityError:  # the same key at the same time: the other one won
        return await replay()
    return GrantResult(org.id, False)
