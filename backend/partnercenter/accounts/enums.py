"""States and kinds of organisations and people."""

from enum import StrEnum

# Role and TokenScope live in core (the Viewer needs them below every slice); re-exported here.
from partnercenter.core.roles import Role, TokenScope

__all__ = ["OrgKind", "PathStage", "Role", "TokenScope"]


class OrgKind(StrEnum):
    VENDOR = "VENDOR"
    PARTNER = "PARTNER"


class PathStage(StrEnum):
    """Development path 发展路径."""

    REGISTERED = "REGISTERED"
    CERTIFIED = "CERTIFIED"
    DIFFERENTIATED = "DIFFERENTIATED"
