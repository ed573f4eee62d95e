"""HO revenue follows the one money rule of core/money.py: the one maximum (13 integer digits are
refused), the one decimals rule, and the currency setting (the draft's default currency)."""

from __future__ import annotations

from decimal import Decimal

from partnercenter.core import clock
from partnercenter.core.money import MAX_AMOUNT, currency
from partnercenter.sharing import service
from partnercenter.sharing.models import VendorSharedOpportunity
from tests.factories import World
from tests.sharing_factories import FRIDAY, ho_draft, outcome, pce_setup, viewer_of


async def _share(world: World, amount: str) -> int | list:  # type: ignore[type-arg]
    with clock.frozen(FRIDAY):
        draft = ho_draft(world, expected_monthly_revenue=Decimal(amount))
        return await outcome(service.share_ho(await viewer_of(world, "pdm"), draft))


async def test_ho_revenue_above_the_one_maximum_is_too_large(world: World) -> None:
    await pce_setup(world)
    result = await _share(world, "1000000000000.00")  # 13 integer digits
    assert isinstance(result, list)
    assert [(e.code, e.field) for e in result] == [("TOO_LARGE", "expectedMonthlyRevenue")]
    assert await VendorSharedOpportunity.all().count() == 0


async def test_ho_revenue_at_the_maximum_and_trailing_zero_decimals_are_accepted(world: World) -> None:
    await pce_setup(world)
    assert isinstance(await _share(world, str(MAX_AMOUNT)), int)
    assert isinstance(await _share(world, "10.000"), int)  # 10.00, as everywhere else


def test_ho_draft_currency_defaults_to_the_setting(world: World) -> None:
    draft = ho_draft(world)
    assert draft.currency == currency()
