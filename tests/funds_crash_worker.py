"""Run as a subprocess by tests/test_funds_crash.py: one batch disbursement to many customers,
printing `DONE <customer id> <adjustment id>` after each customer's transaction has committed."""

from __future__ import annotations

import asyncio
import sys
from decimal import Decimal

from partnercenter.accounts.enums import Role
from partnercenter.core.context import Viewer
from partnercenter.db import close_db, init_db
from partnercenter.funds import service as funds
from partnercenter.funds.enums import AdjustmentOperation


async def main(url: str, org_id: int, user_id: int, key: str, customer_ids: list[int]) -> None:
    await init_db(url)
    try:
        viewer = Viewer(org_id=org_id, role=Role.PARTNER_ADMIN, user_id=user_id)
        items = [funds.BatchItem(c, Decimal("1.23")) for c in customer_ids]

        def done(res: funds.BatchItemResult) -> None:
            adj = res.result.adjustment.id if res.result else "-"
            print(f"DONE {res.customer_id} {adj}", flush=True)

        await funds.batch_move(viewer, AdjustmentOperation.DISBURSE, items, idempotency_key=key, on_done=done)
        print("FINISHED", flush=True)
    finally:
        await close_db()


if __name__ == "__main__":
    url, org, user, key, ids = sys.argv[1:6]
    asyncio.run(main(url, int(org), int(user), key, [int(i) for i in ids.split(",")]))
