"""Which columns are compared, and as what: decided once, from the contract or the reference.

evidently infers a column's type on each side from its pandas dtype, so a numeric column that arrives
as strings silently becomes categorical and "drifts", and a column missing on one side is dropped.
Here the type of a column comes from the data contract when one is configured (ODCS `logicalType`),
else from the reference's physical (DuckDB) type, and the same type is applied to both sides; every
column that cannot be compared gets its own visible result with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mlgate.drift.config import DriftSection
from mlgate.drift.methods import CATEGORICAL, DATETIME, NUMERICAL
from mlgate.results import Status

# Physical kinds: two sides must agree on the kind, whatever the configured column type.
NUMBER, STRING, BOOLEAN, TEMPORAL, OTHER = "number", "string", "boolean", "temporal", "other"

_NUMBER_TYPES = (
    "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
    "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT",
    "FLOAT", "DOUBLE", "REAL", "DECIMAL",
)  # fmt: skip
_TEMPORAL_PREFIXES = ("DATE", "TIME", "TIMESTAMP", "INTERVAL")

# ODCS v3 logicalType -> how the column is compared.
LOGICAL_TYPES = {
    "number": NUMERICAL,
    "integer": NUMERICAL,
    "string": CATEGORICAL,
    "boolean": CATEGORICAL,
    "date": DATETIME,
    "timestamp": DATETIME,
    "time": DATETIME,
}


def physical_kind(duckdb_type: str) -> str:
    base = duckdb_type.upper().split("(")[0].strip()
    if base in _NUMBER_TYPES:
        return NUMBER
    if base in ("VARCHAR", "ENUM") or base.startswith("ENUM"):
        return STRING
    if base == "BOOLEAN":
        return BOOLEAN
    if base.startswith(_TEMPORAL_PREFIXES):
        return TEMPORAL
    return OTHER


def type_from_kind(kind: str) -> str | None:
    """How a column of this physical kind is compared when nothing else says (None = not compared)."""
    return {NUMBER: NUMERICAL, STRING: CATEGORICAL, BOOLEAN: CATEGORICAL, TEMPORAL: DATETIME}.get(kind)


@dataclass(frozen=True)
class ContractType:
    logical_type: str | None
    column_type: str | None  # numerical | categorical | datetime, None when not comparable


@dataclass
class ColumnPlan:
    """A column that both sides have, with the type it is compared as and its settings."""

    name: str
    column_type: str  # numerical | categorical
    type_from: str  # "contract" | "reference" | "per_column"
    reference_type: str  # DuckDB type
    current_type: str
    method: str  # a stattest name or "auto"
    threshold: float | None
    critical: bool


@dataclass
class ColumnIssue:
    """A column that cannot be compared, and the verdict that says why."""

    name: str
    status: Status
    reason: str  # short key: missing_in_current, type_mismatch, all_null_current, ...
    message: str
    details: dict[str, Any] = field(default_factory=dict)


def candidate_columns(section: DriftSection, reference: dict[str, str], current: dict[str, str]) -> list[str]:
    """Columns to look at: the configured list, else every reference column, then current-only ones."""
    excluded = set(section.exclude)
    if section.columns is not None:
        return [c for c in dict.fromkeys(section.columns) if c not in excluded]
    names = [c for c in reference if c not in excluded]
    names.extend(c for c in current if c not in reference and c not in excluded)
    return names


def plan_columns(
    section: DriftSection,
    columns: list[str],
    reference: dict[str, str],
    current: dict[str, str],
    reference_non_null: dict[str, int],
    current_non_null: dict[str, int],
    contract_types: dict[str, ContractType] | None,
) -> tuple[list[ColumnPlan], list[ColumnIssue]]:
    plans: list[ColumnPlan] = []
    issues: list[ColumnIssue] = []
    critical = set(section.critical)
    listed = section.columns is not None
    for name in columns:
        in_ref, in_cur = name in reference, name in current
        if not in_ref and not in_cur:
            issues.append(
                ColumnIssue(
                    name,
                    Status.ERROR,
                    "missing",
                    f"column {name!r} is in neither the reference nor the current data",
                    {},
                )
            )
            continue
        if not in_cur:
            issues.append(
                ColumnIssue(
                    name,
                    Status.FAIL,
                    "missing_in_current",
                    f"column {name!r} is missing from the current data (the reference has it)",
                    {"reference_type": reference[name]},
                )
            )
            continue
        if not in_ref:
            if listed or name in critical:
                issues.append(
                    ColumnIssue(
                        name,
                        Status.FAIL,
                        "missing_in_reference",
                        f"column {name!r} is missing from the reference data (the current data has it)",
                        {"current_type": current[name]},
                    )
                )
            else:
                issues.append(
                    ColumnIssue(
                        name,
                        Status.SKIPPED,
                        "new_in_current",
                        f"column {name!r} is new in the current data: no reference to compare it with",
                        {"current_type": current[name]},
                    )
                )
            continue
        plan_or_issue = _plan_one(
            section,
            name,
            reference[name],
            current[name],
            reference_non_null.get(name, 0),
            current_non_null.get(name, 0),
            contract_types,
            name in critical,
        )
        (plans if isinstance(plan_or_issue, ColumnPlan) else issues).append(plan_or_issue)  # type: ignore[arg-type]
    return plans, issues


def _plan_one(
    section: DriftSection,
    name: str,
    ref_type: str,
    cur_type: str,
    ref_non_null: int,
    cur_non_null: int,
    contract_types: dict[str, ContractType] | None,
    critical: bool,
) -> ColumnPlan | ColumnIssue:
    types = {"reference_type": ref_type, "current_type": cur_type}
    if ref_non_null == 0:
        both = " and the current data" if cur_non_null == 0 else ""
        return ColumnIssue(
            name,
            Status.SKIPPED,
            "all_null_reference",
            f"every value of {name!r} is null in the reference data{both}: nothing to compare with",
            types,
        )
    if cur_non_null == 0:
        status = Status.FAIL
        return ColumnIssue(
            name,
            status,
            "all_null_current",
            f"every value of {name!r} is null in the current data ({ref_non_null} non-null values in the reference)",
            types,
        )
    ref_kind, cur_kind = physical_kind(ref_type), physical_kind(cur_type)
    if ref_kind != cur_kind:
        return ColumnIssue(
            name,
            Status.FAIL,
            "type_mismatch",
            f"column {name!r} changed type: {ref_type} in the reference, {cur_type} in the current data",
            {**types, "reference_kind": ref_kind, "current_kind": cur_kind},
        )

    override = section.per_column.get(name)
    column_type: str | None
    type_from = "reference"
    contract = (contract_types or {}).get(name)
    if override is not None and override.type is not None:
        column_type, type_from = override.type, "per_column"
    elif contract is not None and contract.logical_type is not None:
        column_type, type_from = contract.column_type, "contract"
        if column_type is None:
            return ColumnIssue(
                name,
                Status.SKIPPED,
                "unsupported_type",
                f"column {name!r} has logicalType {contract.logical_type!r} in the contract: drift is computed for numbers, strings and booleans only",
                {**types, "logical_type": contract.logical_type},
            )
    else:
        column_type = type_from_kind(ref_kind)

    if column_type == DATETIME:
        return ColumnIssue(
            name,
            Status.SKIPPED,
            "datetime",
            f"column {name!r} is a date/time column: evidently's DataDriftPreset does not test datetime columns; compare a derived feature (hour, weekday) instead",
            types,
        )
    if column_type is None:
        return ColumnIssue(
            name,
            Status.SKIPPED,
            "unsupported_type",
            f"column {name!r} has type {ref_type}: drift is computed for numbers, strings and booleans only",
            types,
        )
    if column_type == NUMERICAL and ref_kind != NUMBER:
        where = "the contract says" if type_from == "contract" else "per_column says"
        return ColumnIssue(
            name,
            Status.FAIL if type_from == "contract" else Status.ERROR,
            "not_numeric",
            f"column {name!r} is {ref_type} in the data but {where} it is numerical",
            types,
        )
    return ColumnPlan(
        name=name,
        column_type=column_type,
        type_from=type_from,
        reference_type=ref_type,
        current_type=cur_type,
        method=(override.method if override and override.method else section.method),
        threshold=(override.threshold if override and override.threshold is not None else section.threshold),
        critical=critical,
    )


def contract_types(raw: dict[str, Any], schema_name: str | None) -> tuple[dict[str, ContractType], str]:
    """Column types declared by one schema (table) of an ODCS contract, and that table's name.

    Raises ValueError with a readable message when the schema cannot be chosen.
    """
    tables = [t for t in (raw.get("schema") or []) if isinstance(t, dict)]
    names = [str(t.get("name")) for t in tables]
    if schema_name is not None:
        chosen = [t for t in tables if t.get("name") == schema_name]
        if not chosen:
            raise ValueError(
                f"the contract has no schema named {schema_name!r} (it has: {', '.join(names) or 'none'})"
            )
    elif len(tables) == 1:
        chosen = tables
    else:
        raise ValueError(
            f"the contract describes {len(tables)} schemas ({', '.join(names) or 'none'}); say which one with `schema:`"
        )
    table = chosen[0]
    types: dict[str, ContractType] = {}
    for prop in table.get("properties") or []:
        if not isinstance(prop, dict) or not isinstance(prop.get("name"), str):
            continue
        logical = prop.get("logicalType")
        logical = str(logical).lower() if logical is not None else None
        types[prop["name"]] = ContractType(logical, LOGICAL_TYPES.get(logical) if logical else None)
    return types, str(table.get("name"))
