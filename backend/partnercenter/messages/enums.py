"""Message kinds: one per event a person must act on or know about. The SPA renders the text from
the kind and the message's params (locale files), never from server-side prose."""

from enum import StrEnum


class MessageKind(StrEnum):
    # Opportunity sharing (PCE)
    HO_SHARED = "HO_SHARED"  # vendor shared an opportunity with the partner
    HO_EXPIRING = "HO_EXPIRING"  # HO not handled, deadline near
    HO_EXPIRED = "HO_EXPIRED"  # HO rejected automatically
    HO_ACCEPTED = "HO_ACCEPTED"  # to the vendor PDM
    HO_REJECTED = "HO_REJECTED"  # to the vendor PDM
    PO_SHARED = "PO_SHARED"  # to vendor PDMs
    PO_VALIDATED = "PO_VALIDATED"
    PO_REJECTED = "PO_REJECTED"
    # Customers
    WARNING_ASSIGNED = "WARNING_ASSIGNED"
    CUSTOMER_ASSIGNED = "CUSTOMER_ASSIGNED"
    ASSOCIATION_CONFIRMATION_PENDING = "ASSOCIATION_CONFIRMATION_PENDING"  # to the customer user
    ASSOCIATION_CONFIRMED = "ASSOCIATION_CONFIRMED"
    ASSOCIATION_DECLINED = "ASSOCIATION_DECLINED"
    ASSOCIATION_EXPIRED = "ASSOCIATION_EXPIRED"
    UNBIND_REQUESTED = "UNBIND_REQUESTED"  # customer-initiated, to the partner admin
    UNBIND_APPROVED = "UNBIND_APPROVED"
    UNBIND_REJECTED = "UNBIND_REJECTED"
    # Money
    COUPON_ISSUED = "COUPON_ISSUED"
    QUOTA_GRANTED = "QUOTA_GRANTED"
    # Security: the partner's second-factor requirement or an admin's factor changed (to the other admins)
    SECOND_FACTOR_CHANGED = "SECOND_FACTOR_CHANGED"
