"""The audit row of a change is written inside the change's transaction (issue 8)."""

from __future__ import annotations

import pytest
from tortoise.transactions import in_transaction

from partnercenter.accounts import service as accounts
from partnercenter.audit import service as audit
from partnercenter.audit.models import AuditEntry
from partnercenter.core.context import RequestContext
from tests.factories import PASSWORD, World


async def _ctx(username: str) -> RequestContext:
    token, _ = await accounts.login(username, PASSWORD, "127.0.0.1", "test")
    found = await accounts.viewer_for_session(token)
    assert found is not None
    return RequestContext(request_id="audit-test", viewer=found[0], auth_method="cookie", csrf_ok=True)


async def test_record_change_refuses_outside_a_transaction(world: World) -> None:
    ctx = await _ctx("a_admin")
    before = await AuditEntry.all().count()
    with pytest.raises(RuntimeError, match="inside the change's transaction"):
        await audit.record_change(ctx, "TEST_CHANGE")
    assert await AuditEntry.all().count() == before


async def test_record_change_commits_and_rolls_back_with_the_change(world: World) -> None:
    ctx = await _ctx("a_admin")
    before = await AuditEntry.all().count()
    async with in_transaction():
        entry = await audit.record_change(ctx, "TEST_CHANGE", detail={"n": 1}, record_ids=["X:1"])
    assert await AuditEntry.filter(id=entry.id, action="TEST_CHANGE").exists()

    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        async with in_transaction():
            await audit.record_change(ctx, "TEST_ROLLED_BACK")
            raise Boom
    assert not await AuditEntry.filter(action="TEST_ROLLED_BACK").exists()
    assert await AuditEntry.all().count() == before + 1
