"""Processing 处理 a warning: the responsible manager records a result (again after a follow-up)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.transactions import in_transaction

from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, ErrorCode, check, refuse
from partnercenter.core.workflow import fire
from partnercenter.warnings.enums import RESULT_KINDS, WarningKind, WarningResult
from partnercenter.warnings.models import WarningProcessing
from partnercenter.warnings.permissions import process_warning_denial
from partnercenter.warnings.service.queries import warnings_by_ids
from partnercenter.warnings.workflow import PROCESS, WARNING_WORKFLOW

__all__ = ["MAX_REASON", "MAX_TEXT", "ProcessingInput", "process_warning", "processing_errors"]

MAX_REASON, MAX_TEXT = 500, 1000


@dataclass(slots=True)
class ProcessingInput:
    result: WarningResult
    reason: str = ""
    churn_date: date | None = None
    measures: str = ""
    follow_up_date: date | None = None
    note: str = ""


def processing_errors(kind: WarningKind, p: ProcessingInput, today: date) -> list[DomainError]:
    """Every wrong field of a processing of a warning of this kind (empty: valid)."""
    errors: list[DomainError] = []
    if RESULT_KINDS[p.result] is not kind:
        return [
            DomainError(
                ErrorCode.RESULT_NOT_FOR_KIND, f"{p.result} is not a result of a {kind} warning.", "result"
            )
        ]

    def text(value: str, name: str, required: bool, limit: int) -> None:
        if required and not value.strip():
            errors.append(DomainError(ErrorCode.BLANK, f"`{name}` is required for {p.result}.", name))
        elif len(value) > limit:
            errors.append(DomainError(ErrorCode.TOO_LONG, f"`{name}` has at most {limit} characters.", name))

    if p.result is WarningResult.CHURNED:
        text(p.reason, "reason", True, MAX_REASON)
        if p.churn_date is None:
            errors.append(DomainError(ErrorCode.BLANK, "`churnDate` is required for CHURNED.", "churnDate"))
        elif p.churn_date > today:
            errors.append(
                DomainError(ErrorCode.DATE_IN_FUTURE, "The churn date cannot be in the future.", "churnDate")
            )
    elif p.result is WarningResult.NOT_CHURNED:
        text(p.measures, "measures", True, MAX_TEXT)
        if p.follow_up_date is None:
            errors.append(
                DomainError(ErrorCode.BLANK, "`followUpDate` is required for NOT_CHURNED.", "followUpDate")
            )
        elif p.follow_up_date < today:
            errors.append(
                DomainError(
                    ErrorCode.DATE_IN_PAST, "The follow-up date cannot be in the past.", "followUpDate"
                )
            )
    else:
        text(p.note, "note", p.result is WarningResult.OTHER, MAX_TEXT)
    return errors


async def process_warning(viewer: Viewer, pk: int, p: ProcessingInput) -> int:
    """Records one processing 处理 (a warning may be processed again, e.g. after a follow-up).
    Only fields of the chosen result are kept; returns the processing's id. Raises DomainErrors."""
    async with in_transaction():
        row = (await warnings_by_ids(viewer, [pk])).get(pk) if pk else None
        if row is None:
            refuse(ErrorCode.NOT_FOUND, "No such warning.", "id")
        denial = process_warning_denial(viewer, row)
        if denial is ErrorCode.FORBIDDEN:
            refuse(denial, "API tokens cannot process warnings.", "id")
        if denial is not None:
            refuse(denial, "Only the customer's responsible account manager may process it.", "id")
        now = clock.now()
        check(processing_errors(WarningKind(row["kind"]), p, now.date()))
        churn = p.result is WarningResult.CHURNED
        not_churned = p.result is WarningResult.NOT_CHURNED
        record = await WarningProcessing.create(
            warning_id=pk,
            actor_id=viewer.user_id,
            result=p.result,
            reason=p.reason.strip() if churn else "",
            churn_date=p.churn_date if churn else None,
            measures=p.measures.strip() if not_churned else "",
            follow_up_date=p.follow_up_date if not_churned else None,
            note=p.note.strip() if RESULT_KINDS[p.result] is WarningKind.RESOURCE else "",
            created_at=now,
        )
        # Compare-and-set on the state with a generic history row and an event (core/workflow.py).
        await fire(
            WARNING_WORKFLOW,
            pk,
            PROCESS,
            viewer,
            reason=record.reason,
            payload={"result": p.result.value, "processingId": record.id},
            extra_updates={"result": p.result, "processed_at": now},
            row=row,
        )
        return record.id
