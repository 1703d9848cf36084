"""ODCS `quality[]` rules of `type: library` and `type: sql`, and `slaProperties` freshness → checks."""

from __future__ import annotations

import json
import re
from typing import Any

from mlgate.contracts.comparators import Condition, parse_threshold
from mlgate.contracts.document import ContractDocument, error_at
from mlgate.contracts.plan import Check, Column, TablePlan, decided
from mlgate.data.source import sql_identifier
from mlgate.results import Source, Status

METRICS = ("nullValues", "missingValues", "invalidValues", "duplicateValues", "rowCount")
_METRIC_ALIASES = {m.lower(): m for m in METRICS} | {
    "nullvalue": "nullValues",
    "missingvalue": "missingValues",
    "invalidvalue": "invalidValues",
    "duplicatevalue": "duplicateValues",
    "rowcount": "rowCount",
}


def _arguments(rule: dict[str, Any]) -> dict[str, Any]:
    """`arguments:` (ODCS v3.1+) merged over the v3.0 style where they sat on the rule itself."""
    merged: dict[str, Any] = {
        k: rule[k]
        for k in ("validValues", "invalidValues", "missingValues", "pattern", "properties")
        if k in rule
    }
    args = rule.get("arguments")
    if isinstance(args, dict):
        merged.update(args)
    return merged


def library_check(
    doc: ContractDocument,
    plan: TablePlan,
    rule: dict[str, Any],
    cid: str,
    target: str,
    source: Source,
    col: Column | None,
) -> Check:
    from mlgate.contracts.rules import column_by_name, default_condition
    from mlgate.contracts.sqlparts import checked_pattern, in_list

    name = str(rule.get("metric") or rule.get("rule") or "")
    metric = _METRIC_ALIASES.get(name.lower())
    if metric is None:
        return _skipped(
            cid, target, source, f"library metric {name!r} is not one mlgate knows ({', '.join(METRICS)})"
        )
    threshold = parse_threshold(rule, source, default=default_condition(metric))
    args = _arguments(rule)
    if metric == "rowCount":
        return Check(
            cid,
            "rowCount",
            target,
            "row count",
            threshold.describe(),
            source,
            aggregate="COUNT(*)",
            threshold=threshold,
            measure="count",
        )
    if metric == "duplicateValues" and col is None:
        props = args.get("properties")
        if not (isinstance(props, list) and props and all(isinstance(p, str) for p in props)):
            raise error_at(
                source,
                "a schema-level duplicateValues rule needs `arguments: properties: [...]`",
                "list the properties whose combination must be unique, e.g. properties: [tenant_id, order_id]",
            )
        cols = [column_by_name(plan, p, source) for p in props]
        if any(c is None for c in cols):
            return _skipped(
                cid, target, source, "not run: a listed column is missing from the data", unsupported=False
            )
        keys = [c.value for c in cols if c is not None]
        key = keys[0] if len(keys) == 1 else "(" + ", ".join(keys) + ")"
        return Check(
            cid,
            "duplicateValues",
            target,
            f"duplicate ({', '.join(props)}) combinations",
            threshold.describe(),
            source,
            aggregate=f"COUNT(*) - COUNT(DISTINCT {key})",
            threshold=threshold,
            duplicate_key=keys,
        )
    if col is None:
        return _skipped(
            cid,
            target,
            source,
            f"{metric} at schema level needs a column: declare it under the property's `quality:`",
        )
    v, raw = col.value, col.raw
    if metric == "nullValues":
        bad = f"{raw} IS NULL"
        what = f"null values in {col.prop_name}"
    elif metric == "missingValues":
        values = args.get("missingValues", [None, ""])
        if not isinstance(values, list):
            raise error_at(
                source, "missingValues must be a list", "e.g. arguments: {missingValues: [null, '', 'N/A']}"
            )
        parts = ["FALSE"]
        if None in values:
            parts.append(f"{raw} IS NULL")
        # The stored type differs by format and read path: numbers compare as numbers, the rest as text.
        numbers = [x for x in values if isinstance(x, int | float) and not isinstance(x, bool)]
        texts = [x for x in values if x is not None and x not in numbers]
        if numbers:
            parts.append(f"({in_list(f'TRY_CAST({raw} AS DOUBLE)', numbers, 'number')})")
        if texts:
            parts.append(f"({in_list(f'CAST({raw} AS VARCHAR)', texts, 'string')})")
        bad = " OR ".join(parts[1:] or parts)
        what = f"missing values ({json.dumps(values)}) in {col.prop_name}"
    elif metric == "invalidValues":
        parts = []
        valid, invalid, pattern = args.get("validValues"), args.get("invalidValues"), args.get("pattern")
        if isinstance(valid, list):
            parts.append(f"NOT ({in_list(v, valid, col.value_family)})")
        if isinstance(invalid, list):
            parts.append(f"({in_list(v, invalid, col.value_family)})")
        if isinstance(pattern, str):
            text = v if col.value_family == "string" else f"CAST({v} AS VARCHAR)"
            parts.append(f"NOT regexp_full_match({text}, {checked_pattern(pattern, source, 'pattern')})")
        if not parts:
            raise error_at(
                source,
                "an invalidValues rule needs `arguments:` with validValues, invalidValues or pattern",
                "e.g. arguments: {validValues: [EUR, USD]}",
            )
        bad = f"{v} IS NOT NULL AND ({' OR '.join(parts)})"
        what = f"invalid values in {col.prop_name}"
    else:  # duplicateValues on one column
        return Check(
            cid,
            "duplicateValues",
            target,
            f"duplicate values in {col.prop_name}",
            threshold.describe(),
            source,
            aggregate=f"COUNT({v}) - COUNT(DISTINCT {v})",
            threshold=threshold,
            duplicate_key=[v],
        )
    return Check(
        cid,
        metric,
        target,
        what,
        threshold.describe(),
        source,
        aggregate=f"COUNT(*) FILTER (WHERE {bad})",
        predicate=bad,
        sample_value=raw,
        threshold=threshold,
    )


_PLACEHOLDER = re.compile(r"\$?\{\s*(object|table|model|property|column|field)\s*\}")


def sql_check(
    doc: ContractDocument,
    plan: TablePlan,
    rule: dict[str, Any],
    cid: str,
    target: str,
    source: Source,
    col: Column | None,
) -> Check:
    query = rule.get("query")
    if not isinstance(query, str) or not query.strip():
        raise error_at(
            source,
            "a `type: sql` rule needs a `query:`",
            "e.g. query: SELECT COUNT(*) FROM {object} WHERE amount < 0",
        )
    threshold = parse_threshold(rule, source, default=None, allow_bool=True)

    def replace(match: re.Match[str]) -> str:
        if match.group(1) in ("object", "table", "model"):
            return sql_identifier(plan.name)
        if col is None:
            raise error_at(
                source,
                f"{match.group(0)} is used in a schema-level rule, which has no property",
                "move the rule under the property's `quality:`, or write the column name",
            )
        return col.raw

    sql = _PLACEHOLDER.sub(replace, query).strip().rstrip(";")
    return Check(
        cid,
        "sql",
        target,
        f"SQL rule: {' '.join(sql.split())}",
        threshold.describe(),
        source,
        sql=sql,
        threshold=threshold,
        measure="value",
    )


def _skipped(cid: str, target: str, source: Source, reason: str, *, unsupported: bool = True) -> Check:
    return decided(
        cid,
        "quality",
        target,
        source,
        Status.SKIPPED,
        f"skipped: {reason}",
        details={"unsupported": unsupported},
    )


_UNIT_SECONDS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
    "w": 604800,
    "week": 604800,
    "weeks": 604800,
    "y": 31536000,
    "yr": 31536000,
    "year": 31536000,
    "years": 31536000,
}
FRESHNESS_PROPERTIES = ("freshness", "latency", "ly")


def freshness_checks(doc: ContractDocument, plans: list[TablePlan]) -> None:
    """`slaProperties` latency/freshness: the newest value of `element` is at most `value unit` old."""
    sla = doc.raw.get("slaProperties")
    default_element = doc.raw.get("slaDefaultElement")
    for index, entry in enumerate(sla if isinstance(sla, list) else []):
        if not isinstance(entry, dict) or str(entry.get("property", "")).lower() not in FRESHNESS_PROPERTIES:
            continue
        source = doc.source(("slaProperties", index))
        element = entry.get("element") or default_element
        value, unit = entry.get("value"), str(entry.get("unit", "d")).strip().lower()
        if isinstance(value, bool) or not isinstance(value, int | float) or unit not in _UNIT_SECONDS:
            raise error_at(
                source,
                f"freshness needs a numeric `value` and a time `unit`, found value={value!r} unit={unit!r}",
                "e.g. property: latency, value: 4, unit: d, element: orders.created_at",
            )
        limit = float(value) * _UNIT_SECONDS[unit]
        known = {str(n) for _, o in doc.tables() for n in (o.get("name"), o.get("physicalName")) if n}
        for plan, col, cid, problem in _freshness_targets(element, plans, index, known):
            if problem is not None:
                if plan is not None:
                    plan.checks.append(_skipped(cid, plan.name, source, problem, unsupported=col is None))
                continue
            assert plan is not None and col is not None
            if col.value_family not in ("date", "timestamp"):
                raise error_at(
                    source,
                    f"freshness element {col.column!r} is not a date or timestamp column",
                    "point `element` at a timestamp column, e.g. element: orders.created_at",
                )
            threshold = parse_threshold({"mustBeLessOrEqualTo": limit}, source, default=None)
            plan.checks.append(
                Check(
                    cid,
                    "freshness",
                    f"{plan.name}.{col.prop_name}",
                    f"newest {col.prop_name} is at most {value} {unit} old",
                    f"newest value at most {value} {unit} old ({limit:.0f} s)",
                    source,
                    aggregate=f"epoch(now()) - epoch(MAX({col.value}))",
                    threshold=threshold,
                    measure="age_seconds",
                )
            )


def _freshness_targets(
    element: Any, plans: list[TablePlan], index: int, known: set[str]
) -> list[tuple[TablePlan | None, Column | None, str, str | None]]:
    cid = f"contract:slaProperties[{index}].freshness"
    if not isinstance(element, str) or not element.strip():
        return [
            (
                plans[0] if len(plans) == 1 else None,
                None,
                cid,
                "no `element` names the timestamp column to check",
            )
        ]
    out: list[tuple[TablePlan | None, Column | None, str, str | None]] = []
    for part in (p.strip() for p in element.split(",") if p.strip()):
        table, _, column = part.rpartition(".")
        candidates = [p for p in plans if not table or table in (p.name, p.obj.get("physicalName"))]
        if not candidates:
            if table in known:
                continue  # another object of the contract, not tested in this run
            # a table the contract does not declare: say so rather than check nothing
            out.append(
                (
                    plans[0],
                    None,
                    cid,
                    f"element {part!r} names table {table!r}, which is not in the contract's schema",
                )
            )
            continue
        for plan in candidates:
            tid = f"contract:{plan.name}.freshness"
            prop = next((n for n, c in plan.columns.items() if column in (n, c.column)), None)
            if prop is None:
                problem = (
                    f"not run: column {column!r} is missing from the data"
                    if column in plan.missing
                    else f"element {part!r} names no property of {plan.name!r}"
                )
                out.append((plan, None, tid, problem))
            else:
                out.append((plan, plan.columns[prop], tid, None))
    return out


__all__ = ["Condition", "freshness_checks", "library_check", "sql_check"]
