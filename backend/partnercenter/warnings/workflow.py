"""The warning's life cycle as data (core/workflow.py): a pending warning is processed 处理 by the
customer's responsible account manager, and may be processed again (a follow-up) — each time a
generic history row and an event, next to the warning's own detailed `WarningProcessing` row."""

from __future__ import annotations

from typing import Any

from partnercenter.core.context import Viewer
from partnercenter.core.workflow import Transition, Workflow, register
from partnercenter.warnings.enums import WarningState
from partnercenter.warnings.models import CustomerWarning
from partnercenter.warnings.permissions import can_process_warning

__all__ = ["PROCESS", "WARNING_WORKFLOW"]

PROCESS = "PROCESS"


def _responsible_manager(actor: Viewer, row: Any) -> bool:
    """Only the customer's responsible account manager may process (NOT_RESPONSIBLE_MANAGER)."""
    return can_process_warning(actor, row)


WARNING_WORKFLOW = register(
    Workflow(
        name="customer_warning",
        model=CustomerWarning,
        states=WarningState,
        transitions=[
            Transition(
                PROCESS,
                {WarningState.PENDING, WarningState.PROCESSED},
                WarningState.PROCESSED,
                by=_responsible_manager,
            ),
        ],
    )
)
