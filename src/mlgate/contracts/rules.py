"""Property and schema-object rules → checks: required, unique, keys, logicalTypeOptions, enum, quality[].

Every row-level rule becomes an aggregate of the table's single scan; the predicates here are the
same ones the sample query uses, so a count and its samples can never disagree.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from mlgate.contracts.comparators import Condition
from mlgate.contracts.document import ContractDocument
from mlgate.contracts.plan import Check, Column, TablePlan, is_warning
from mlgate.contracts.types import STRING_FORMAT_PATTERNS, integer_format_range
from mlgate.data.source import sql_identifier, sql_string
from mlgate.errors import GateError
from mlgate.results import Result, Source, Status
from mlgate.yamlio import JsonPath

_BOUNDS = {
    "minimum": ("<", "≥"),
    "exclusiveMinimum": ("<=", ">"),
    "maximum": (">", "≤"),
    "exclusiveMaximum": (">=", "<"),
}


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


def literal(value: Any, family: str | None, source: Source, key: str) -> str:
    """A bound from the contract as a SQL literal of the column's type; GateError when it cannot be."""
    if family in ("integer", "number"):
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return repr(value)
    elif family in ("date", "timestamp", "time") and isinstance(value, str | dt.date):
        text = value.isoformat() if isinstance(value, dt.date) else value
        try:
            if family == "time":
                dt.time.fromisoformat(text)
            else:
                dt.datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            sql_type = {"date": "DATE", "time": "TIME"}.get(
                family, "TIMESTAMPTZ" if re.search(r"([+-]\d\d:?\d\d|Z)$", text) else "TIMESTAMP"
            )
            return f"CAST({sql_string(text)} AS {sql_type})"
    elif family == "string" and isinstance(value, str):
        return sql_string(value)
    raise GateError(
        f"{key}: {value!r} is not a valid bound for a {family or 'untyped'} column",
        file=source.file,
        line=source.line,
        column=source.column,
        hint="use a number for integer/number columns and an ISO date/time string for dates and timestamps",
    )


_UNSUPPORTED_REGEX = re.compile(r"\(\?<?[=!]|\\[1-9]")


def checked_pattern(pattern: str, source: Source, key: str) -> str:
    """A regex DuckDB (RE2) can run, as a SQL literal; GateError at the rule's line otherwise."""
    problem = None
    try:
        re.compile(pattern)
    except re.error as exc:
        problem = f"it does not compile: {exc}"
    if problem is None and _UNSUPPORTED_REGEX.search(pattern):
        problem = "lookarounds and backreferences are not supported by DuckDB's regular expressions (RE2)"
    if problem is not None:
        raise GateError(
            f"{key} {pattern!r} is not a usable regular expression: {problem}",
            file=source.file,
            line=source.line,
            column=source.column,
            hint="fix the pattern; it must match the whole value, e.g. '[A-Z]{2}[0-9]{4}'",
        )
    return sql_string(pattern)


def in_list(expr: str, values: list[Any], value_family: str | None) -> str:
    """SQL `expr IN (...)` that compares numbers as numbers and everything else as text."""
    present = [v for v in values if v is not None]
    if not present:
        return "FALSE"
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in present)
    if numeric and value_family in ("integer", "number"):
        return f"{expr} IN ({', '.join(repr(v) for v in present)})"
    texts = [str(v).lower() if isinstance(v, bool) else str(v) for v in present]
    return f"CAST({expr} AS VARCHAR) IN ({', '.join(sql_string(t) for t in texts)})"


def plan_property_rules(doc: ContractDocument, plan: TablePlan, p_index: int, prop: dict[str, Any]) -> None:
    name = str(prop["name"])
    col = plan.columns.get(name)
    path: JsonPath = ("schema", plan.index, "properties", p_index)
    target = f"{plan.name}.{name}"
    if col is None:  # missing column: its rules cannot run; say so once each
        for key in ("required", "unique", "logicalTypeOptions", "enum"):
            if prop.get(key):
                _not_run(doc, plan, f"contract:{target}.{key}", key, target, (*path, key))
        for q_index, rule in enumerate(prop.get("quality") or []):
            if isinstance(rule, dict):
                _not_run(
                    doc,
                    plan,
                    _quality_id(target, q_index, rule),
                    "quality",
                    target,
                    (*path, "quality", q_index),
                )
        return
    v, raw = col.value, col.raw
    if prop.get("required") is True:
        plan.checks.append(
            row_check(
                f"contract:{target}.required",
                "required",
                target,
                f"{name} is never null",
                "no null values (required: true)",
                doc.source((*path, "required")),
                f"{raw} IS NULL",
                raw,
            )
        )
    if prop.get("unique") is True:
        plan.checks.append(
            _unique_check(f"contract:{target}.unique", target, [v], doc.source((*path, "unique")), name)
        )
    options = prop.get("logicalTypeOptions")
    if isinstance(options, dict):
        _plan_options(doc, plan, col, options, (*path, "logicalTypeOptions"), target)
    enum = prop.get("enum")
    if isinstance(enum, list) and enum:
        values = [e.get("value") if isinstance(e, dict) else e for e in enum]
        bad = f"{v} IS NOT NULL AND NOT ({in_list(v, values, col.value_family)})"
        plan.checks.append(
            row_check(
                f"contract:{target}.enum",
                "enum",
                target,
                f"{name} is one of {len(values)} allowed values",
                f"one of {values}",
                doc.source((*path, "enum")),
                bad,
                v,
            )
        )
    for q_index, rule in enumerate(prop.get("quality") or []):
        if isinstance(rule, dict):
            plan_quality(doc, plan, rule, (*path, "quality", q_index), target, col, q_index)


def _not_run(
    doc: ContractDocument, plan: TablePlan, cid: str, kind: str, target: str, path: JsonPath
) -> None:
    source = doc.source(path)
    plan.checks.append(
        Check(
            cid,
            kind,
            target,
            "",
            "",
            source,
            outcome=Result(
                cid,
                kind,
                Status.SKIPPED,
                target,
                "not run: the column is missing from the data",
                source=source,
            ),
        )
    )


def _unique_check(
    cid: str, target: str, keys: list[str], source: Source, label: str, kind: str = "unique"
) -> Check:
    key = keys[0] if len(keys) == 1 else "(" + ", ".join(keys) + ")"
    not_null = " AND ".join(f"{k} IS NOT NULL" for k in keys)
    return Check(
        cid,
        kind,
        target,
        f"{label} has no duplicate values",
        "no duplicate values (rows − distinct values = 0)",
        source,
        aggregate=f"COUNT(*) FILTER (WHERE {not_null}) - COUNT(DISTINCT {key}) FILTER (WHERE {not_null})",
        duplicate_key=keys,
    )


def _plan_options(
    doc: ContractDocument, plan: TablePlan, col: Column, options: dict[str, Any], path: JsonPath, target: str
) -> None:
    v, fam = col.value, col.value_family
    text = f"CAST({v} AS VARCHAR)" if fam != "string" else v
    for key, value in options.items():
        source = doc.source((*path, key))
        cid = f"contract:{target}.{key}"
        if key in _BOUNDS:
            op, symbol = _BOUNDS[key]
            bound = literal(value, fam, source, key)
            plan.checks.append(
                row_check(
                    cid,
                    key,
                    target,
                    f"{col.prop_name} {symbol} {value}",
                    f"{symbol} {value} ({key}: {value})",
                    source,
                    f"{v} {op} {bound}",
                    v,
                )
            )
        elif key in ("minLength", "maxLength") and isinstance(value, int):
            op, symbol = ("<", "≥") if key == "minLength" else (">", "≤")
            plan.checks.append(
                row_check(
                    cid,
                    key,
                    target,
                    f"length({col.prop_name}) {symbol} {value}",
                    f"length {symbol} {value} ({key}: {value})",
                    source,
                    f"length({text}) {op} {value}",
                    v,
                )
            )
        elif key == "pattern" and isinstance(value, str):
            plan.checks.append(
                row_check(
                    cid,
                    "pattern",
                    target,
                    f"{col.prop_name} matches /{value}/",
                    f"matches {value}",
                    source,
                    f"{v} IS NOT NULL AND NOT regexp_full_match({text}, {checked_pattern(value, source, 'pattern')})",
                    v,
                )
            )
        elif key == "multipleOf" and isinstance(value, int | float) and value > 0:
            bad = f"{v} IS NOT NULL AND abs({v} / {value!r} - round({v} / {value!r})) > 1e-9"
            plan.checks.append(
                row_check(
                    cid,
                    key,
                    target,
                    f"{col.prop_name} is a multiple of {value}",
                    f"multiple of {value}",
                    source,
                    bad,
                    v,
                )
            )
        elif key == "format" and isinstance(value, str):
            _plan_format(plan, col, value, cid, target, source)


def _plan_format(plan: TablePlan, col: Column, fmt: str, cid: str, target: str, source: Source) -> None:
    v, fam = col.value, col.value_family
    if fam == "integer" and (bounds := integer_format_range(fmt)):
        bad = f"{v} < {bounds[0]} OR {v} > {bounds[1]}"
        plan.checks.append(
            row_check(
                cid,
                "format",
                target,
                f"{col.prop_name} fits {fmt}",
                f"{fmt}: {bounds[0]}..{bounds[1]}",
                source,
                bad,
                v,
            )
        )
    elif fam == "number" and fmt == "f32":
        bad = f"abs({v}) > 3.4028234663852886e38 AND isfinite({v})"
        plan.checks.append(
            row_check(
                cid, "format", target, f"{col.prop_name} fits f32", "within the f32 range", source, bad, v
            )
        )
    elif fam == "string" and fmt.lower() in STRING_FORMAT_PATTERNS:
        pattern = STRING_FORMAT_PATTERNS[fmt.lower()]
        bad = f"{v} IS NOT NULL AND NOT regexp_full_match({v}, {sql_string(pattern)})"
        plan.checks.append(
            row_check(
                cid, "format", target, f"{col.prop_name} is a valid {fmt}", f"a valid {fmt}", source, bad, v
            )
        )
    elif fam in ("date", "timestamp", "time"):
        return  # text values are parsed with this format by the type check; stored dates have no format
    elif fam not in ("integer", "number"):
        plan.checks.append(
            Check(
                cid,
                "format",
                target,
                "",
                "",
                source,
                outcome=Result(
                    cid,
                    "format",
                    Status.SKIPPED,
                    target,
                    f"format {fmt!r} cannot be tested on the data (mlgate tests email, uuid, uri, hostname, ipv4, ipv6, byte)",
                    source=source,
                    details={"unsupported": True},
                ),
            )
        )


def _quality_id(target: str, q_index: int, rule: dict[str, Any]) -> str:
    qtype = str(rule.get("type") or "library")
    label = rule.get("metric") or rule.get("rule") if qtype == "library" else qtype
    return f"contract:{target}.quality[{q_index}].{label}"


def plan_quality(
    doc: ContractDocument,
    plan: TablePlan,
    rule: dict[str, Any],
    path: JsonPath,
    target: str,
    col: Column | None,
    q_index: int,
) -> None:
    from mlgate.contracts.quality import library_check, sql_check

    cid = _quality_id(target, q_index, rule)
    source = doc.source(path)
    qtype = str(rule.get("type") or "library").lower()
    if qtype in ("text", "custom") or qtype not in ("library", "sql"):
        engine = f" for engine {rule.get('engine')!r}" if rule.get("engine") else ""
        reason = {
            "text": "a `type: text` rule is prose for people; mlgate cannot execute it",
            "custom": f"a `type: custom` rule{engine} is vendor-specific; mlgate cannot execute it",
        }.get(qtype, f"quality type {qtype!r} is not executable")
        desc = rule.get("description")
        plan.checks.append(
            Check(
                cid,
                "quality",
                target,
                "",
                "",
                source,
                outcome=Result(
                    cid,
                    "quality",
                    Status.SKIPPED,
                    target,
                    f"skipped: {reason}" + (f" ({desc})" if isinstance(desc, str) else ""),
                    source=source,
                    details={"unsupported": True, "quality_type": qtype},
                ),
            )
        )
        return
    check = (
        sql_check(doc, plan, rule, cid, target, source, col)
        if qtype == "sql"
        else library_check(doc, plan, rule, cid, target, source, col)
    )
    check.warn_only = is_warning(rule)
    plan.checks.append(check)


def plan_table_rules(doc: ContractDocument, plan: TablePlan) -> None:
    """Composite primary key and schema-level quality rules."""
    props = [p for p in (plan.obj.get("properties") or []) if isinstance(p, dict) and p.get("name")]
    keyed = [p for p in props if p.get("primaryKey") is True]
    if keyed:
        ordered = sorted(
            enumerate(keyed),
            key=lambda ip: (
                ip[1].get("primaryKeyPosition", -1)
                if isinstance(ip[1].get("primaryKeyPosition"), int)
                and ip[1].get("primaryKeyPosition", -1) > 0
                else 10**6,
                ip[0],
            ),
        )
        names = [str(p["name"]) for _, p in ordered]
        first = props.index(ordered[0][1])
        source = doc.source(
            (
                "schema",
                plan.index,
                "properties",
                (plan.obj.get("properties") or []).index(ordered[0][1]),
                "primaryKey",
            )
        )
        del first
        cid = f"contract:{plan.name}.primaryKey"
        if any(n in plan.missing for n in names):
            plan.checks.append(
                Check(
                    cid,
                    "primaryKey",
                    plan.name,
                    "",
                    "",
                    source,
                    outcome=Result(
                        cid,
                        "primaryKey",
                        Status.SKIPPED,
                        plan.name,
                        "not run: a key column is missing from the data",
                        source=source,
                    ),
                )
            )
        else:
            cols = [plan.columns[n] for n in names]
            check = _unique_check(
                cid,
                plan.name,
                [c.value for c in cols],
                source,
                "(" + ", ".join(names) + ")",
                kind="primaryKey",
            )
            any_null = " OR ".join(f"{c.raw} IS NULL" for c in cols)
            check.aggregate = f"COUNT(*) FILTER (WHERE {any_null}) + {check.aggregate}"
            check.what = f"primary key ({', '.join(names)}) is unique and never null"
            check.expected = "no null and no duplicate keys"
            check.predicate = any_null  # null keys are sampled directly; duplicates by key
            check.sample_value = "(" + ", ".join(c.raw for c in cols) + ")" if len(cols) > 1 else cols[0].raw
            plan.checks.append(check)
    for q_index, rule in enumerate(plan.obj.get("quality") or []):
        if isinstance(rule, dict):
            plan_quality(
                doc, plan, rule, ("schema", plan.index, "quality", q_index), plan.name, None, q_index
            )


def column_by_name(plan: TablePlan, name: str, source: Source) -> Column | None:
    """A column named in a rule's arguments; GateError when the contract does not declare it."""
    if name in plan.columns:
        return plan.columns[name]
    if name in plan.missing:
        return None
    raise GateError(
        f"the rule names property {name!r}, which schema object {plan.name!r} does not declare",
        file=source.file,
        line=source.line,
        column=source.column,
        hint=f"use one of: {', '.join(plan.columns) or '(no properties)'}",
    )


def default_condition(metric: str) -> Condition | None:
    return Condition("mustBeGreaterThan", 0) if metric == "rowCount" else Condition("mustBe", 0)


__all__ = [
    "column_by_name",
    "default_condition",
    "in_list",
    "plan_property_rules",
    "plan_table_rules",
    "row_check",
    "sql_identifier",
]
