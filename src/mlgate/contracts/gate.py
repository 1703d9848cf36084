"""The contracts gate: contract + data → results. Entry point for `mlgate contract test` and `mlgate check`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mlgate.context import GateContext
from mlgate.contracts.document import ContractDocument, error_at, load_contract
from mlgate.contracts.execute import Scan, aggregate, create_views, describe, run_sql_rule, samples
from mlgate.contracts.lint import lint_contract_schema
from mlgate.contracts.plan import Check, TablePlan, plan_columns
from mlgate.contracts.quality import freshness_checks
from mlgate.contracts.rules import plan_property_rules, plan_table_rules
from mlgate.contracts.servers import BoundTable, bind_tables, choose_location, table_name
from mlgate.contracts.shape import check_shape
from mlgate.errors import GateError
from mlgate.results import Result, Status


def run_contract(
    contract: Path,
    ctx: GateContext,
    *,
    data: str | None = None,
    server: str | None = None,
    schema: str | None = None,
) -> list[Result]:
    """Test the data against the contract; every result has gate="contracts". GateError = exit 2."""
    doc = load_contract(_display_path(ctx.resolve(contract)))
    ctx.record_input("contract", str(contract), doc.path)
    # The precise message for the mistakes that would silently drop a check first, then the whole schema.
    for index, obj in doc.tables():
        check_shape(doc, index, obj)
    require_valid_odcs(doc)
    location = choose_location(doc, data, server)
    bound = bind_tables(doc, location, ctx, schema)
    con = ctx.duckdb()
    plans: list[tuple[TablePlan, Scan]] = []
    for table in bound:
        scan = describe(con, table.source)
        plans.append((build_plan(doc, table, scan, ctx.strict), scan))
    freshness_checks(doc, [p for p, _ in plans])
    results: list[Result] = []
    for plan, scan in plans:
        results.extend(execute_plan(con, plan, scan, ctx))
    return _unique_ids(results)


MAX_LISTED_FINDINGS = 5


def require_valid_odcs(doc: ContractDocument) -> None:
    """A contract that breaks the ODCS schema is not tested: a misspelt key or a wrong type would
    otherwise drop its rule without a word, and a typo must never turn a failure into a pass."""
    findings = lint_contract_schema(doc)
    if not findings:
        return
    first = findings[0].source
    listed = "\n".join(f"  {r.source}: {r.message}" for r in findings[:MAX_LISTED_FINDINGS])
    more = len(findings) - MAX_LISTED_FINDINGS
    raise GateError(
        f"the contract does not conform to the ODCS schema ({len(findings)} problem"
        f"{'' if len(findings) == 1 else 's'}), so it is not tested:\n{listed}"
        + (f"\n  … and {more} more" if more > 0 else ""),
        file=first.file if first else doc.path,
        line=first.line if first else None,
        column=first.column if first else None,
        hint=f"fix the contract; `mlgate contract lint {doc.path}` lists every problem",
    )


def _display_path(path: Path) -> Path:
    """Relative to the working directory when under it, so `file:line` locations stay short."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def build_plan(doc: ContractDocument, table: BoundTable, scan: Scan, strict: bool) -> TablePlan:
    plan = TablePlan(table.name, table.index, table.obj, scan.text, scan.columns, file_types=scan.file_types)
    plan_columns(doc, plan, strict)
    props = table.obj.get("properties")
    for p_index, prop in enumerate(props if isinstance(props, list) else []):
        if isinstance(prop, dict) and prop.get("name"):
            plan_property_rules(doc, plan, p_index, prop)
    plan_table_rules(doc, plan)
    return plan


def execute_plan(con: Any, plan: TablePlan, scan: Scan, ctx: GateContext) -> list[Result]:
    measured = [c for c in plan.checks if c.aggregate is not None]
    typed_values = [c.value for c in plan.columns.values() if c.value != c.raw]
    rows, values, scan = measure(con, plan, scan, typed_values)
    outcomes: dict[str, Result] = {}
    for check, value in zip(measured, values, strict=True):
        outcomes[check.id] = judge(check, value, rows)
    sql_checks = [c for c in plan.checks if c.sql is not None]
    if sql_checks:
        typed = {c.column: c.value for c in plan.columns.values()}
        names = [plan.name] + ([str(plan.obj["physicalName"])] if plan.obj.get("physicalName") else [])
        create_views(con, scan, names, typed)
        for check in sql_checks:
            outcomes[check.id] = judge_sql(check, run_sql_rule(con, scan, check))
    failing = [
        c
        for c in measured
        if outcomes[c.id].status in (Status.FAIL, Status.WARN) and outcomes[c.id].failed_rows
    ]
    if failing:
        for cid, found in samples(con, scan, failing, ctx.samples).items():
            outcomes[cid].samples = found
    results: list[Result] = []
    for check in plan.checks:
        result = check.outcome if check.outcome is not None else outcomes[check.id]
        if result.status is Status.SKIPPED and ctx.strict and result.details.get("unsupported"):
            result.status = Status.ERROR
            result.message += " (an error under --strict)"
        results.append(result)
    if rows == 0:
        rid = f"contract:{plan.name}.rows"
        results.insert(
            0,
            Result(
                rid,
                "rows",
                Status.FAIL if ctx.strict else Status.WARN,
                plan.name,
                "the data has no rows, so every row-level check passes without evidence",
                observed=0,
                expected="at least one row",
            ),
        )
    return results


def measure(con: Any, plan: TablePlan, scan: Scan, typed_values: list[str]) -> tuple[int, list[Any], Scan]:
    """The one scan. CSV first tries a typed read with the contract's types (what a hand-written
    query would do); if a value does not parse, the read fails and the text read counts and
    samples the values that do not parse. Either way, every check sees every row."""
    import duckdb

    if scan.source.format == "csv" and plan.columns and not any("STRPTIME" in v for v in typed_values):
        # Integers stay text: DuckDB's CSV reader rounds 1.5 into an integer column, TRY_CAST + the
        # type check's comparison with the DOUBLE reading does not.
        fast = scan.typed(
            {
                c.column: "VARCHAR" if c.declared.family == "integer" else c.declared.cast_type or "VARCHAR"
                for c in plan.columns.values()
            }
        )
        try:
            rows, values = aggregate(con, fast, plan.checks, typed_values, raise_engine_errors=True)
        except duckdb.Error:
            pass  # a value that is not of its declared type: count it on the text read below
        else:
            return rows, values, fast
    rows, values = aggregate(con, scan, plan.checks, typed_values)
    return rows, values, scan


def _percent(count: float, rows: int) -> float:
    return 0.0 if rows == 0 else 100.0 * count / rows


def judge(check: Check, value: Any, rows: int) -> Result:
    """A measured number → pass/fail/warn with words for people and numbers for machines."""
    bad_status = Status.WARN if check.warn_only else Status.FAIL
    if check.threshold is None:  # offending rows must be zero
        count = int(value or 0)
        ok = count == 0
        message = (
            f"{check.what}"
            if ok
            else f"{count} of {rows} rows ({_percent(count, rows):.3g}%) break it: {check.what}"
        )
        return _result(
            check,
            Status.PASS if ok else bad_status,
            message,
            observed=_rows(count),
            failed_rows=count,
            details={"rows": rows, "count": count},
        )
    if check.measure == "age_seconds":
        if value is None:
            return _result(
                check,
                bad_status,
                f"no value to judge freshness by: {check.what}",
                observed="no values",
            )
        age = float(value)
        ok = check.threshold.holds(age)
        message = f"newest value is {_duration(age)} old; {check.what}"
        return _result(
            check,
            Status.PASS if ok else bad_status,
            message,
            observed=_duration(age),
            details={"age_seconds": age},
        )
    count = int(value or 0)
    measured: float = _percent(count, rows) if check.threshold.percent else count
    ok = check.threshold.holds(measured)
    shown = _rows(count) if check.measure == "count" else f"{_rows(count)} ({_percent(count, rows):.3g}%)"
    status = Status.PASS if ok else bad_status
    message = f"{check.what}: {shown}, expected {check.threshold.describe()}"
    failed = None if check.measure == "count" else count
    return _result(
        check,
        status,
        message,
        observed=shown,
        failed_rows=failed,
        details={"rows": rows, "count": count, "value": measured},
    )


def judge_sql(check: Check, value: Any) -> Result:
    bad_status = Status.WARN if check.warn_only else Status.FAIL
    assert check.threshold is not None
    if isinstance(value, bool):
        measured: float | bool = value
    elif isinstance(value, int | float):
        measured = value
    else:
        try:
            measured = float(value)
        except (TypeError, ValueError):
            src = check.source
            raise error_at(
                src,
                f"the SQL rule returned {value!r}, not a number",
                "make the query return one number (e.g. SELECT COUNT(*) ...) or a boolean",
            ) from None
    ok = check.threshold.holds(measured)
    return _result(
        check,
        Status.PASS if ok else bad_status,
        f"query returned {_number(measured)}, expected {check.threshold.describe()}",
        observed=measured,
        details={"value": measured},
    )


def _result(check: Check, status: Status, message: str, **fields: Any) -> Result:
    return Result(
        check.id,
        check.kind,
        status,
        check.target,
        message,
        source=check.source,
        expected=check.expected,
        **fields,
    )


def _number(value: float | bool) -> str:
    return str(value).lower() if isinstance(value, bool) else f"{value:.6g}"


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def _duration(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if abs(seconds) >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.0f} s"


def _unique_ids(results: list[Result]) -> list[Result]:
    seen: dict[str, int] = {}
    for result in results:
        result.gate = "contracts"
        n = seen.get(result.id, 0) + 1
        seen[result.id] = n
        if n > 1:
            result.id = f"{result.id}#{n}"
    return results


def column_logical_types(doc: ContractDocument, schema: str | None) -> dict[str, str]:
    """Column (physicalName or name) → ODCS logicalType, for one schema object (the only one if None)."""
    tables = doc.tables()
    if schema is not None:
        tables = [(i, o) for i, o in tables if schema in (o.get("name"), o.get("physicalName"))]
        if not tables:
            raise GateError(f"the contract has no schema object named {schema!r}", file=doc.path)
    elif len(tables) > 1:
        names = ", ".join(table_name(o, i) for i, o in tables)
        raise GateError(f"the contract has several schema objects ({names}); name one", file=doc.path)
    out: dict[str, str] = {}
    for _, obj in tables[:1]:
        for prop in obj.get("properties") or []:
            if isinstance(prop, dict) and prop.get("name") and isinstance(prop.get("logicalType"), str):
                out[str(prop.get("physicalName") or prop["name"])] = str(prop["logicalType"])
    return out
