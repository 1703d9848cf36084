"""ODCS comparators (`mustBe`, `mustBeBetween`...) and `unit: rows | percent`.

A quality rule carries one operator; its value is compared with the measured metric (a row count,
or the percentage of rows when `unit: percent`). The words in `describe()` go into
`Result.expected`, so a reader sees the threshold as written and as a formula.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from mlgate.contracts.document import error_at
from mlgate.results import Source

OPERATORS: tuple[str, ...] = (
    "mustBe",
    "mustNotBe",
    "mustBeGreaterThan",
    "mustBeGreaterOrEqualTo",
    "mustBeLessThan",
    "mustBeLessOrEqualTo",
    "mustBeBetween",
    "mustNotBeBetween",
)
SYMBOLS = {  # the single-value operators, as a reader writes them
    "mustBe": "=",
    "mustNotBe": "≠",
    "mustBeGreaterThan": ">",
    "mustBeGreaterOrEqualTo": "≥",
    "mustBeLessThan": "<",
    "mustBeLessOrEqualTo": "≤",
}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True)
class Condition:
    operator: str
    value: Any  # number, bool, or [low, high] for the between operators

    def holds(self, observed: float | bool) -> bool:
        op, value = self.operator, self.value
        if op == "mustBe":
            return bool(observed == value)
        if op == "mustNotBe":
            return bool(observed != value)
        if isinstance(observed, bool):
            observed = int(observed)
        if op == "mustBeGreaterThan":
            return bool(observed > value)
        if op == "mustBeGreaterOrEqualTo":
            return bool(observed >= value)
        if op == "mustBeLessThan":
            return bool(observed < value)
        if op == "mustBeLessOrEqualTo":
            return bool(observed <= value)
        low, high = value
        inside = low <= observed <= high
        return inside if op == "mustBeBetween" else not inside

    def describe(self, suffix: str) -> str:
        if self.operator == "mustBeBetween":
            return (
                f"between {self.value[0]}{suffix} and {self.value[1]}{suffix} (mustBeBetween: {self.value})"
            )
        if self.operator == "mustNotBeBetween":
            return (
                f"outside {self.value[0]}{suffix}..{self.value[1]}{suffix} (mustNotBeBetween: {self.value})"
            )
        shown = str(self.value).lower() if isinstance(self.value, bool) else self.value
        return f"{SYMBOLS[self.operator]} {shown}{suffix} ({self.operator}: {shown})"


@dataclass(frozen=True)
class Threshold:
    conditions: tuple[Condition, ...]
    unit: str  # rows | percent

    @property
    def percent(self) -> bool:
        return self.unit == "percent"

    def holds(self, observed: float | bool) -> bool:
        return all(c.holds(observed) for c in self.conditions)

    def describe(self) -> str:
        suffix = "%" if self.percent else ""
        return " and ".join(c.describe(suffix) for c in self.conditions)


def parse_threshold(
    rule: dict[str, Any], source: Source, *, default: Condition | None, allow_bool: bool = False
) -> Threshold:
    """Read the operators of a quality rule; GateError (at the rule's line) for a malformed value."""
    conditions: list[Condition] = []
    for op in OPERATORS:
        if op not in rule:
            continue
        value = rule[op]
        if op in ("mustBeBetween", "mustNotBeBetween"):
            if not (isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value)):
                raise error_at(
                    source, f"{op} must be a list of two numbers, found {value!r}", f"{op}: [10, 20]"
                )
            low, high = sorted(value)
            conditions.append(Condition(op, [low, high]))
        elif op in ("mustBe", "mustNotBe"):
            if not (_is_number(value) or (allow_bool and isinstance(value, bool))):
                raise error_at(source, f"{op} must be a number, found {value!r}", f"{op}: 0")
            conditions.append(Condition(op, value))
        else:
            if not _is_number(value):
                raise error_at(source, f"{op} must be a number, found {value!r}", f"{op}: 0")
            conditions.append(Condition(op, value))
    if not conditions:
        if default is None:
            raise error_at(
                source,
                "this rule has no comparator, so it cannot pass or fail",
                "add one of: " + ", ".join(OPERATORS),
            )
        conditions.append(default)
    unit = rule.get("unit", "rows")
    unit_text = str(unit).strip().lower()
    if unit_text in ("percent", "%", "pct", "percentage"):
        unit_text = "percent"
    elif unit_text in ("rows", "row", "count"):
        unit_text = "rows"
    else:
        raise error_at(
            source, f"unit {unit!r} is not supported", "use `unit: rows` (default) or `unit: percent`"
        )
    return Threshold(tuple(conditions), unit_text)
