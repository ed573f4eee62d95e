"""Customer warnings 客户预警: the public service API of the slice (other slices import only this).

- `queries`: the scoped reads (`WARNING_READ`), history and pending counts;
- `processing`: the responsible manager processes a warning;
- `evaluation`: the rules (`warnings/rules.py`) evaluated over the customer data;
- `refresh`: the daily job that raises and updates warnings from them.
"""

from partnercenter.warnings.service.evaluation import Candidate, candidates
from partnercenter.warnings.service.processing import (
    MAX_REASON,
    MAX_TEXT,
    ProcessingInput,
    process_warning,
    processing_errors,
)
from partnercenter.warnings.service.queries import (
    ALL_COLUMNS,
    COLUMN_KINDS,
    WARNING_READ,
    WARNING_SORTS,
    WarningQuery,
    decode_rows,
    filtered_warnings,
    hide_managers_out_of_scope,
    history_for,
    list_warnings,
    pending_counts,
    pending_counts_by_customer,
    warnings_by_ids,
)
from partnercenter.warnings.service.refresh import REFRESH_CHUNK, refresh_warnings

__all__ = [
    "ALL_COLUMNS",
    "COLUMN_KINDS",
    "MAX_REASON",
    "MAX_TEXT",
    "REFRESH_CHUNK",
    "WARNING_READ",
    "WARNING_SORTS",
    "Candidate",
    "ProcessingInput",
    "WarningQuery",
    "candidates",
    "decode_rows",
    "filtered_warnings",
    "hide_managers_out_of_scope",
    "history_for",
    "list_warnings",
    "pending_counts",
    "pending_counts_by_customer",
    "process_warning",
    "processing_errors",
    "refresh_warnings",
    "warnings_by_ids",
]
