"""The demo world raises a realistic set of warnings for every demo account manager."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from partnercenter.accounts.models import User
from partnercenter.messages.enums import MessageKind
from partnercenter.messages.models import Message
from partnercenter.seed import seed_demo
from partnercenter.warnings import service
from partnercenter.warnings.enums import WarningKind, WarningState
from partnercenter.warnings.models import CustomerWarning, WarningProcessing
from tests.conftest import truncate_all

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _harness_database(app: object) -> None:
    """The run's own database, as in test_seed."""


async def test_demo_managers_have_pending_warnings_of_both_kinds() -> None:
    await truncate_all()
    await seed_demo(scale=1, now=NOW)
    for prefix in ("dist", "r1", "r2", "sol"):
        for suffix in ("mgr1", "mgr2", "mgr3"):
            user = await User.get(username=f"{prefix}_{suffix}")
            mine = CustomerWarning.filter(customer__manager_id=user.id, state=WarningState.PENDING)
            assert await mine.filter(kind=WarningKind.CHURN).count() >= 2, user.username
            assert await mine.filter(kind=WarningKind.RESOURCE).count() >= 1, user.username
            assert await Message.filter(recipient_id=user.id, kind=MessageKind.WARNING_ASSIGNED).count() >= 3
    assert await WarningProcessing.all().count() >= 12  # some history to look at
    total = await CustomerWarning.all().count()
    assert total < 400  # a realistic share of the customers, not all of them
    assert (await service.refresh_warnings(now=NOW))["created"] == 0
    assert await CustomerWarning.all().count() == total
