"""The warning rules are data: `rules.toml` (or the file named by WARNING_RULES_FILE), parsed
into typed, validated rules once per process. Tests pass their own `WarningRules`."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from partnercenter.warnings.enums import LEVEL_RANK, WarningLevel

__all__ = ["ChurnRule", "ResourceRule", "WarningRules", "load_rules", "parse_rules"]

DEFAULT_FILE = Path(__file__).with_name("rules.toml")


@dataclass(frozen=True, slots=True)
class ChurnRule:
    code: str
    level: WarningLevel
    drop_percent: int  # each month at least this much below the month before
    consecutive_months: int
    min_baseline: Decimal  # the month before the fall spent at least this much


@dataclass(frozen=True, slots=True)
class ResourceRule:
    code: str
    level: WarningLevel
    within_days: int


@dataclass(frozen=True, slots=True)
class WarningRules:
    churn: tuple[ChurnRule, ...]
    resource: tuple[ResourceRule, ...]

    @property
    def months_needed(self) -> int:
        """How many complete months of spend the churn rules look at (the baseline included)."""
        return max((r.consecutive_months for r in self.churn), default=0) + 1

    @property
    def horizon_days(self) -> int:
        return max((r.within_days for r in self.resource), default=0)


def _level(raw: Any, code: str) -> WarningLevel:
    try:
        return WarningLevel(raw)
    except ValueError as exc:
        raise ValueError(f"rule {code}: level must be one of {', '.join(LEVEL_RANK)}") from exc


def _int(raw: Any, code: str, name: str, low: int, high: int) -> int:
    if type(raw) is not int or not low <= raw <= high:
        raise ValueError(f"rule {code}: {name} must be an integer from {low} to {high}")
    return raw


def parse_rules(data: dict[str, Any]) -> WarningRules:
    churn, resource, codes = [], [], set()
    for raw in data.get("churn", []):
        code = str(raw["code"])
        churn.append(
            ChurnRule(
                code=code,
                level=_level(raw["level"], code),
                drop_percent=_int(raw["drop_percent"], code, "drop_percent", 1, 100),
                consecutive_months=_int(raw["consecutive_months"], code, "consecutive_months", 1, 12),
                min_baseline=Decimal(str(raw.get("min_baseline", "0"))),
            )
        )
        codes.add(code)
    for raw in data.get("resource", []):
        code = str(raw["code"])
        resource.append(
            ResourceRule(
                code=code,
                level=_level(raw["level"], code),
                within_days=_int(raw["within_days"], code, "within_days", 1, 366),
            )
        )
        codes.add(code)
    if len(codes) != len(churn) + len(resource):
        raise ValueError("warning rule codes must be unique")
    return WarningRules(tuple(churn), tuple(resource))


@lru_cache(maxsize=1)
def load_rules() -> WarningRules:
    path = Path(os.environ.get("WARNING_RULES_FILE") or DEFAULT_FILE)
    with path.open("rb") as fh:
        return parse_rules(tomllib.load(fh))
