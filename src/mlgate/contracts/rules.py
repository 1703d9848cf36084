"""Property and schema-object rules → checks: required, unique, keys, enum, quality[] dispatch.

Every row-level rule becomes an aggregate of the table's single scan; the predicates are the same
ones the sample query uses, so a count and its samples can never disagree.
"""

from __future__ import annotations

from typing import Any

from mlgate.contracts.comparators import Condition
from mlgate.contracts.document import ContractDocument, error_at
from mlgate.contracts.options import plan_options
from mlgate.contracts.plan import Check, Column, TablePlan, decided, is_warning, row_check
from mlgate.contracts.sqlparts import in_list
from mlgate.results import Result, Source, Status
from mlgate.yamlio import JsonPath


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
            unique_check(f"contract:{target}.unique", target, [v], doc.source((*path, "unique")), name)
        )
    options = prop.get("logicalTypeOptions")
    if isinstance(options, dict):
        plan_options(doc, plan, col, options, (*path, "logicalTypeOptions"), target)
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
    plan.checks.append(
        decided(
            cid,
            kind,
            target,
            doc.source(path),
            Status.SKIPPED,
            "not run: the column is missing from the data",
        )
    )


def unique_check(
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
        # COUNT(DISTINCT x) skips NULLs by itself; a composite key (a struct) needs the filter.
        aggregate=f"COUNT({key}) - COUNT(DISTINCT {key})"
        if len(keys) == 1
        else f"COUNT(*) FILTER (WHERE {not_null}) - COUNT(DISTINCT {key}) FILTER (WHERE {not_null})",
        duplicate_key=keys,
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
            decided(
                cid,
                "quality",
                target,
                source,
                Status.SKIPPED,
                f"skipped: {reason}" + (f" ({desc})" if isinstance(desc, str) else ""),
                details={"unsupported": True, "quality_type": qtype},
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


def _key_order(indexed: tuple[int, dict[str, Any]]) -> tuple[int, int]:
    """primaryKeyPosition first (1, 2, ...); keys without a position follow in declaration order."""
    index, prop = indexed
    position = prop.get("primaryKeyPosition")
    valid = isinstance(position, int) and not isinstance(position, bool) and position > 0
    return (position if valid else 10**6, index)  # type: ignore[return-value]


def plan_table_rules(doc: ContractDocument, plan: TablePlan) -> None:
    """Composite primary key and schema-level quality rules."""
    props = plan.obj.get("properties") or []
    keyed = sorted(
        (
            (i, p)
            for i, p in enumerate(props)
            if isinstance(p, dict) and p.get("name") and p.get("primaryKey") is True
        ),
        key=_key_order,
    )
    if keyed:
        _plan_primary_key(doc, plan, keyed)
    for q_index, rule in enumerate(plan.obj.get("quality") or []):
        if isinstance(rule, dict):
            plan_quality(
                doc, plan, rule, ("schema", plan.index, "quality", q_index), plan.name, None, q_index
            )


def _plan_primary_key(
    doc: ContractDocument, plan: TablePlan, keyed: list[tuple[int, dict[str, Any]]]
) -> None:
    names = [str(p["name"]) for _, p in keyed]
    source = doc.source(("schema", plan.index, "properties", keyed[0][0], "primaryKey"))
    cid = f"contract:{plan.name}.primaryKey"
    if any(n in plan.missing for n in names):
        outcome = Result(
            cid,
            "primaryKey",
            Status.SKIPPED,
            plan.name,
            "not run: a key column is missing from the data",
            source=source,
        )
        plan.checks.append(Check(cid, "primaryKey", plan.name, "", "", source, outcome=outcome))
        return
    cols = [plan.columns[n] for n in names]
    check = unique_check(
        cid, plan.name, [c.value for c in cols], source, "(" + ", ".join(names) + ")", kind="primaryKey"
    )
    any_null = " OR ".join(f"{c.raw} IS NULL" for c in cols)
    check.aggregate = f"COUNT(*) FILTER (WHERE {any_null}) + {check.aggregate}"
    check.what = f"primary key ({', '.join(names)}) is unique and never null"
    check.expected = "no null and no duplicate keys"
    check.predicate = any_null  # null keys are sampled row by row; duplicates grouped by key
    check.sample_value = "(" + ", ".join(c.raw for c in cols) + ")" if len(cols) > 1 else cols[0].raw
    plan.checks.append(check)


def column_by_name(plan: TablePlan, name: str, source: Source) -> Column | None:
    """A column named in a rule's arguments; GateError when the contract does not declare it."""
    if name in plan.columns:
        return plan.columns[name]
    if name in plan.missing:
        return None
    raise error_at(
        source,
        f"the rule names property {name!r}, which schema object {plan.name!r} does not declare",
        f"use one of: {', '.join(plan.columns) or '(no properties)'}",
    )


def default_condition(metric: str) -> Condition | None:
    return Condition("mustBeGreaterThan", 0) if metric == "rowCount" else Condition("mustBe", 0)
