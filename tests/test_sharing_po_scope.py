"""A PO follows its opportunity's current owner (trust issue finding 11): before, the manager who
owned the opportunity when it was shared kept seeing the PO, and a new owner never did."""

from __future__ import annotations

from partnercenter.opportunities import service as opportunities
from partnercenter.sharing import service
from tests.factories import World
from tests.sharing_factories import pce_setup, share_po, viewer_of


async def visible(world: World, username: str, po_id: int) -> bool:
    return po_id in await service.pos_by_ids(await viewer_of(world, username), [po_id])


async def test_a_reassigned_opportunity_takes_its_po_along(world: World) -> None:
    await pce_setup(world)
    po = await share_po(world, "a_m1", "a_m1")
    assert await visible(world, "a_m1", po) and not await visible(world, "a_m2", po)
    admin = await viewer_of(world, "a_admin")
    await opportunities.reassign_opportunity(admin, world.opportunities["a_m1"], world.users["a_m2"])
    assert not await visible(world, "a_m1", po)
    assert await visible(world, "a_m2", po)
    assert await visible(world, "a_admin", po)  # the partner admin sees every PO of the partner
    # The list answers the same as the node path.
    from partnercenter.core.connection import PageArgs

    for username, expected in (("a_m1", []), ("a_m2", [po])):
        page, count = await service.list_pos(
            await viewer_of(world, username),
            service.PoQuery(),
            service.PO_SORTS[("SHARED_AT", True)],
            PageArgs(first=10),
        )
        assert [r["id"] for r in page.rows] == expected
        assert await count() == len(expected)
