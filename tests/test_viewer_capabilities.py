"""viewer { capabilities }: the slices' declared action rights, evaluated for the viewer, give every
role exactly the menus and buttons the SPA used to derive from the role alone (frontend
src/lib/roles.ts and FundsPage.tsx before the capabilities came from the server)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from partnercenter.access.registry import action_rights
from tests.factories import World, gql, login

QUERY = "{ viewer { role organization { kinds } capabilities { resource action allowed } } }"

# The SPA's capability names and the declared (resource, action) each reads (frontend src/lib/roles.ts).
SPA = {
    "customers": ("Customer", "list"),
    "opportunities": ("Opportunity", "list"),
    "createOpportunity": ("Opportunity", "create"),
    "apiTokens": ("ApiToken", "manage"),
    "seesTeam": ("Opportunity", "seeTeam"),
    "resellerCustomersTab": ("Customer", "listResellerCustomers"),  # and the partner is a distributor
    "funds": ("FundsAccount", "move"),
    "vendorFunds": ("FundsAccount", "grant"),
    "fundsSettings": ("FundsAccount", "requireSecondFactor"),
    "warnings": ("CustomerWarning", "list"),
    "home": ("Workbench", "view"),
    "sharingHo": ("VendorSharedOpportunity", "list"),
    "sharingPo": ("PartnerSharedOpportunity", "list"),
    "pcePlan": ("PceProgram", "view"),
    "vendorSharing": ("VendorSharedOpportunity", "share"),
    "messages": ("Message", "list"),
    "couponQuotas": ("CouponQuota", "list"),
    "grantCouponQuota": ("CouponQuota", "grant"),
    "issuedCoupons": ("Coupon", "list"),
    "products": ("Product", "browse"),
    "placeOrders": ("Order", "place"),
    "partnerOrders": ("Order", "list"),
    "associationAdmin": ("AssociationRequest", "request"),
    "assignCustomers": ("CustomerAssignment", "assign"),
    "associationLog": ("AssociationLogEntry", "list"),
    "noticeAdmin": ("NoticeVersion", "manage"),
    "customerPortal": ("AssociationRequest", "answer"),
}

_OPPORTUNITY_ROLES = {"VENDOR_PDM", "PARTNER_ADMIN", "SUPERVISOR", "ACCOUNT_MANAGER"}
_COUPON_ROLES = {"VENDOR_FINANCE", "PARTNER_ADMIN", "PARTNER_FINANCE"}


def former_spa_capabilities(role: str, kinds: list[str]) -> dict[str, bool]:
    """The role table the SPA used before (a frozen copy, the expectation of this test)."""
    return {
        "customers": role in {*_OPPORTUNITY_ROLES, "VENDOR_FINANCE", "PARTNER_FINANCE"},
        "opportunities": role in _OPPORTUNITY_ROLES,
        "createOpportunity": role == "ACCOUNT_MANAGER",
        "apiTokens": role == "PARTNER_ADMIN",
        "seesTeam": role != "ACCOUNT_MANAGER",
        "resellerCustomersTab": role == "PARTNER_ADMIN" and "DISTRIBUTOR" in kinds,
        "funds": role in {"PARTNER_ADMIN", "PARTNER_FINANCE"},
        "vendorFunds": role == "VENDOR_FINANCE",
        "fundsSettings": role == "PARTNER_ADMIN",  # FundsPage.tsx: the second factor setting
        "warnings": role in {"PARTNER_ADMIN", "SUPERVISOR", "ACCOUNT_MANAGER"},
        "home": role in {"PARTNER_ADMIN", "SUPERVISOR", "ACCOUNT_MANAGER", "PARTNER_FINANCE"},
        "sharingHo": role in {"PARTNER_ADMIN", "VENDOR_PDM"},
        "sharingPo": role in _OPPORTUNITY_ROLES,
        "pcePlan": role in {*_OPPORTUNITY_ROLES, "PARTNER_FINANCE"},
        "vendorSharing": role == "VENDOR_PDM",
        "messages": role != "INTEGRATOR",
        "couponQuotas": role in _COUPON_ROLES,
        "grantCouponQuota": role == "VENDOR_FINANCE",
        "issuedCoupons": role in _COUPON_ROLES,
        "products": role != "INTEGRATOR",
        "placeOrders": role == "CUSTOMER_USER",
        "partnerOrders": role in _COUPON_ROLES,
        "associationAdmin": role == "PARTNER_ADMIN",
        "assignCustomers": role in {"PARTNER_ADMIN", "SUPERVISOR"},
        "associationLog": role in {"PARTNER_ADMIN", "SUPERVISOR", "ACCOUNT_MANAGER", "VENDOR_PDM"},
        "noticeAdmin": role == "VENDOR_PDM",
        "customerPortal": role == "CUSTOMER_USER",
    }


async def _viewer(client: httpx.AsyncClient, username: str) -> dict[str, Any]:
    csrf = await login(client, username)
    body = await gql(client, QUERY, csrf=csrf)
    assert "errors" not in body, body
    return body["data"]["viewer"]  # type: ignore[no-any-return]


# Every role of the world; a_admin of a distributor, r_admin and b_admin of partners that are not.
USERS = ["a_admin", "r_admin", "b_admin", "a_sup", "a_lead", "a_m1", "a_fin", "pdm", "vfin", "cust_user"]


@pytest.mark.parametrize("username", USERS)
async def test_capabilities_match_the_former_role_table(
    client: httpx.AsyncClient, world: World, username: str
) -> None:
    viewer = await _viewer(client, username)
    caps = {(c["resource"], c["action"]): c["allowed"] for c in viewer["capabilities"]}
    kinds = viewer["organization"]["kinds"]
    shown = {name: caps[key] for name, key in SPA.items()}
    shown["resellerCustomersTab"] = shown["resellerCustomersTab"] and "DISTRIBUTOR" in kinds
    assert shown == former_spa_capabilities(viewer["role"], kinds)


async def test_capabilities_list_every_declared_action_right_once(
    client: httpx.AsyncClient, world: World
) -> None:
    viewer = await _viewer(client, "a_m1")
    listed = [(c["resource"], c["action"]) for c in viewer["capabilities"]]
    assert listed == [(a.resource, a.action) for a in action_rights()]
    assert set(SPA.values()) <= set(listed)
