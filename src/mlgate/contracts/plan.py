"""Contract + the data's columns → the list of checks to run on one table.

Each check is data, not code: a SQL aggregate measured in the table's single scan, a predicate that
selects offending rows (used only to fetch samples when the check fails), and how to judge the
measured number. Checks decided without reading rows (missing columns, stored types, rules mlgate
cannot execute) carry their outcome already.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mlgate.contracts.comparators import Threshold
from mlgate.contracts.document import ContractDocument
from mlgate.contracts.types import DeclaredType, declared_type, family, stored_type_matches
from mlgate.data.source import sql_identifier, sql_string
from mlgate.results import Result, Source, Status
from mlgate.yamlio import JsonPath


@dataclass
class Check:
    id: str
    kind: str
    target: str
    what: str  # the rule in words, e.g. "amount ≥ 0 (minimum: 0)"
    expected: str
    source: Source | None
    warn_only: bool = False  # severity: warning
    aggregate: str | None = None  # SQL aggregate in the one scan: offending rows, or the metric value
    predicate: str | None = None  # SQL predicate of an offending row (samples)
    sample_value: str | None = None  # SQL expression shown in samples
    duplicate_key: list[str] | None = None  # uniqueness: samples group rows by this key
    threshold: Threshold | None = None  # library metric; None = offending rows must be 0
    measure: str = "rows"  # rows | count (rowCount) | age_seconds (freshness)
    sql: str | None = None  # type: sql rule, its own query
    outcome: Result | None = None  # decided without reading rows


@dataclass(frozen=True)
class Column:
    prop_name: str  # ODCS property name (ids, targets)
    column: str  # data column (physicalName or name)
    raw: str  # SQL for the value as stored
    value: str  # SQL for the value as the declared type (TRY_CAST for text data)
    declared: DeclaredType
    stored: str  # DuckDB type as read

    @property
    def value_family(self) -> str | None:
        return self.declared.family if self.value != self.raw else family(self.stored)


@dataclass
class TablePlan:
    name: str
    index: int
    obj: dict[str, Any]
    text: bool  # values travel as text (CSV, JSON): types are checked value by value
    data_columns: dict[str, str]  # data column → DuckDB type as read
    columns: dict[str, Column] = field(default_factory=dict)  # property name → column
    checks: list[Check] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)  # property names absent from the data
    file_types: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # Parquet globs: see Scan


def is_warning(rule: dict[str, Any]) -> bool:
    severity = str(rule.get("severity", "error")).strip().lower()
    return severity in ("warning", "warn", "info", "low", "minor")


def decided(
    cid: str,
    kind: str,
    target: str,
    source: Source | None,
    status: Status,
    message: str,
    *,
    expected: str | None = None,
    observed: Any = None,
    details: dict[str, Any] | None = None,
) -> Check:
    """A check whose verdict is known without reading rows (a missing column, a stored type, a rule
    mlgate cannot run): it carries its result and takes no part in the scan."""
    result = Result(
        cid,
        kind,
        status,
        target,
        message,
        observed=observed,
        expected=expected,
        source=source,
        details=details or {},
    )
    return Check(cid, kind, target, message, expected or "", source, outcome=result)


def row_check(
    cid: str, kind: str, target: str, what: str, expected: str, source: Source, bad: str, shown: str
) -> Check:
    """A check that passes when no row matches `bad`."""
    return Check(
        cid,
        kind,
        target,
        what,
        expected,
        source,
        aggregate=f"COUNT(*) FILTER (WHERE {bad})",
        predicate=bad,
        sample_value=shown,
    )


def cast_expr(raw: str, declared: DeclaredType) -> str:
    return f"TRY_CAST({raw} AS {declared.cast_type})"


def plan_columns(doc: ContractDocument, plan: TablePlan, strict: bool) -> None:
    """The column set (missing = fail, extra = warn or fail under --strict) and each column's type."""
    table_path: JsonPath = ("schema", plan.index)
    props = plan.obj.get("properties")
    declared_names: set[str] = set()
    lowered = {c.lower(): c for c in plan.data_columns}
    for p_index, prop in enumerate(props if isinstance(props, list) else []):
        if not isinstance(prop, dict) or not prop.get("name"):
            continue
        name = str(prop["name"])
        column = str(prop.get("physicalName") or name)
        declared_names.add(column)
        path: JsonPath = (*table_path, "properties", p_index)
        target = f"{plan.name}.{name}"
        source = doc.source((*path, "name"))
        exists_id = f"contract:{target}.exists"
        if column not in plan.data_columns:
            plan.missing.add(name)
            near = lowered.get(column.lower())
            hint = f" (the data has {near!r}: names are case-sensitive)" if near else ""
            plan.checks.append(
                decided(
                    exists_id,
                    "column",
                    target,
                    source,
                    Status.FAIL,
                    f"column {column!r} is declared by the contract but missing from the data{hint}",
                    observed="missing",
                    expected=f"column {column!r} present",
                )
            )
            continue
        stored = plan.data_columns[column]
        declared = declared_type(prop)
        raw = sql_identifier(column)
        value = raw
        needs_cast = (
            declared.cast_type is not None
            and family(stored) == "string"
            and (declared.family not in (None, "string"))
        )
        if plan.text or needs_cast:
            value = _text_value(raw, declared, prop)
        plan.columns[name] = Column(name, column, raw, value, declared, stored)
        plan.checks.append(
            decided(
                exists_id,
                "column",
                target,
                source,
                Status.PASS,
                f"column {column!r} is present",
                expected=f"column {column!r} present",
            )
        )
        _plan_type(doc, plan, plan.columns[name], path, prop)
    extra = [c for c in plan.data_columns if c not in declared_names]
    if extra:
        cid = f"contract:{plan.name}.columns"
        shown = ", ".join(repr(c) for c in extra[:10]) + (
            f" and {len(extra) - 10} more" if len(extra) > 10 else ""
        )
        source = doc.source((*table_path, "properties"), key=True)
        plan.checks.append(
            decided(
                cid,
                "columns",
                plan.name,
                source,
                Status.FAIL if strict else Status.WARN,
                f"{len(extra)} column(s) in the data are not in the contract: {shown}"
                + ("" if strict else " (fails under --strict)"),
                observed=extra[:50],
                expected="only the contract's columns",
                details={"extra_columns": len(extra)},
            )
        )


def _text_value(raw: str, declared: DeclaredType, prop: dict[str, Any]) -> str:
    """SQL reading a text value as the declared type (NULL when it does not parse)."""
    if declared.cast_type is None or declared.family == "string":
        return raw
    options = prop.get("logicalTypeOptions")
    fmt = options.get("format") if isinstance(options, dict) else None
    if isinstance(fmt, str) and declared.family in ("date", "timestamp", "time"):
        from mlgate.contracts.types import java_to_strptime

        pattern = java_to_strptime(fmt)
        if pattern is not None:
            parsed = f"TRY_STRPTIME({raw}, {sql_string(pattern)})"
            return f"CAST({parsed} AS {declared.cast_type})"
    return cast_expr(raw, declared)


def _plan_type(
    doc: ContractDocument, plan: TablePlan, col: Column, path: JsonPath, prop: dict[str, Any]
) -> None:
    declared = col.declared
    if declared.logical is None and declared.physical is None:
        return
    if plan.text and declared.cast_type is None:
        return  # arrays/objects in CSV/JSON text: no text form to parse them from
    target = f"{plan.name}.{col.prop_name}"
    cid = f"contract:{target}.type"
    key = "physicalType" if declared.physical_duckdb is not None else "logicalType"
    source = doc.source((*path, key if key in prop else "name"))
    expected = declared.describe() + (
        f" (DuckDB {declared.physical_duckdb})" if declared.physical_duckdb else ""
    )
    if col.value != col.raw:  # values travel as text: count those that do not parse
        bad = f"{col.raw} IS NOT NULL AND {col.value} IS NULL"
        if declared.family == "integer" and "STRPTIME" not in col.value:
            bad = f"{col.raw} IS NOT NULL AND ({col.value} IS NULL OR {col.value} <> TRY_CAST({col.raw} AS DOUBLE))"
        what = f"every value of {col.column!r} parses as {declared.cast_type}"
        plan.checks.append(row_check(cid, "type", target, what, expected, source, bad, col.raw))
        if plan.text:
            return
    matches = stored_type_matches(col.stored, declared)
    read_as = (
        f"{col.column!r} is read as text"
        if plan.text and family(col.stored) == "string"
        else f"{col.column!r} is stored as {col.stored}"
    )
    by_file = plan.file_types.get(col.column)
    if by_file:
        matches = all(stored_type_matches(t, declared) for t in by_file)
        read_as = f"{col.column!r} is stored as " + "; ".join(
            f"{t} in {_files_text(files)}" for t, files in by_file.items()
        )
    plan.checks.append(
        decided(
            cid if col.value == col.raw else f"{cid}.stored",  # text data reaches here only as text
            "type",
            target,
            source,
            Status.PASS if matches else Status.FAIL,
            read_as + ("" if matches else f", but the contract declares {expected}"),
            observed=" | ".join(by_file) if by_file else col.stored,
            expected=expected,
        )
    )


def _files_text(files: list[str]) -> str:
    shown = ", ".join(files[:3])
    return shown + (f" and {len(files) - 3} more files" if len(files) > 3 else "")
