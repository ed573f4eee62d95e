"""Opportunity sharing rules (no GraphQL here): the PCE plan (terms, joining, eligibility), HOs shared
by the vendor with a partner, POs shared by a partner with the vendor, and the deadline job.

Who does what (the access policy decides, see `access/policy.py`):
- vendor PDM: publishes terms, shares HOs with eligible PCE partners, validates POs, records their
  signing and delivery;
- partner admin: joins the PCE plan, handles the partner's HOs (accept with a chosen manager, or
  reject with a reason), shares any of the partner's opportunities as a PO;
- the owner of an opportunity (account manager or supervisor): shares it as a PO.

Services raise `DomainErrors` for expected failures and return the changed record's id.
Other slices import this package only.
"""

from partnercenter.sharing.service.deadlines import run_deadlines
from partnercenter.sharing.service.eligibility import (
    Criterion,
    Eligibility,
    eligibility_of,
    partner_ids_for_sharing,
    pce_partners,
)
from partnercenter.sharing.service.ho import HoDraft, accept_ho, reject_ho, share_ho
from partnercenter.sharing.service.pce import (
    PlanView,
    current_terms,
    join_pce,
    latest_acceptances,
    plan_of,
    publish_terms,
    terms_by_ids,
)
from partnercenter.sharing.service.po import need_key, record_po_delivery, share_po, validate_po
from partnercenter.sharing.service.queries import (
    HO_READ,
    HO_SORTS,
    PO_READ,
    PO_SORTS,
    HoQuery,
    PoQuery,
    hos_by_ids,
    list_hos,
    list_pos,
    pos_by_ids,
)
from partnercenter.sharing.service.rules import deadline_after
from partnercenter.sharing.service.workflows import HO_WORKFLOW, PO_WORKFLOW, ho_actions, po_actions

__all__ = [
    "HO_READ",
    "HO_SORTS",
    "HO_WORKFLOW",
    "PO_READ",
    "PO_SORTS",
    "PO_WORKFLOW",
    "Criterion",
    "Eligibility",
    "HoDraft",
    "HoQuery",
    "PlanView",
    "PoQuery",
    "accept_ho",
    "current_terms",
    "deadline_after",
    "eligibility_of",
    "ho_actions",
    "hos_by_ids",
    "join_pce",
    "latest_acceptances",
    "list_hos",
    "list_pos",
    "need_key",
    "partner_ids_for_sharing",
    "pce_partners",
    "plan_of",
    "po_actions",
    "pos_by_ids",
    "publish_terms",
    "record_po_delivery",
    "reject_ho",
    "run_deadlines",
    "share_ho",
    "share_po",
    "terms_by_ids",
    "validate_po",
]
