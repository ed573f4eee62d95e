"""Every slice's access declarations, composed (beside schema.py): importing this module registers
each slice's resources and action rights with `access.registry`, whatever was imported before.

The app, the CLI, the schema and the tests import it; a new slice adds its permissions module here.
"""

from __future__ import annotations

from partnercenter.accounts import permissions as accounts
from partnercenter.association import permissions as association
from partnercenter.catalogue import permissions as catalogue
from partnercenter.coupons import permissions as coupons
from partnercenter.customers import permissions as customers
from partnercenter.funds import permissions as funds
from partnercenter.messages import permissions as messages
from partnercenter.opportunities import permissions as opportunities
from partnercenter.orders import permissions as orders
from partnercenter.sharing import permissions as sharing
from partnercenter.warnings import permissions as warnings

SLICES = (
    accounts,
    association,
    catalogue,
    coupons,
    customers,
    funds,
    messages,
    opportunities,
    orders,
    sharing,
    warnings,
)
