"""The opportunities export presents the name as the list does: the customer's trade name 字号
masked for a viewer who sees the customer masked."""

from __future__ import annotations

import httpx

from tests.factories import World, login
from tests.test_exports import OPPORTUNITIES, column, export
from tests.test_free_text_masking import _name_the_customer


async def test_opportunities_export_masks_the_trade_name_in_the_name(
    client: httpx.AsyncClient, world: World
) -> None:
    _, trade, _ = await _name_the_customer(world)
    csrf = await login(client, "a_m1")
    rows, _ = await export(client, OPPORTUNITIES, csrf, filter={"stages": ["QUALIFIED"]})
    assert column(rows, "商机名称") == ["**等保2.0项目"]
    assert trade not in str(rows)
