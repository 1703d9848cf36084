"""mlgate's own checks of quality rules, beyond what the ODCS JSON Schema can say.

The schema already rejects unknown metrics, several comparators in one rule and `mustBeBetween` lists
that are not two distinct numbers; those are not reported again here. What it cannot see: reversed
bounds, thresholds no count can meet, arguments that belong to another metric, a metric at the wrong
level, units mlgate cannot apply, regexes and SQL that cannot run.
"""

from __future__ import annotations

import math
from typing import Any

from mlgate.contracts.comparators import SYMBOLS
from mlgate.contracts.lint_findings import Finding, closest, is_number, show
from mlgate.contracts.lint_regex import pattern_problem
from mlgate.contracts.lint_sql import sql_problems
from mlgate.yamlio import JsonPath

LIBRARY_METRICS = ("nullValues", "missingValues", "invalidValues", "duplicateValues", "rowCount")
UNITS = ("rows", "percent")

# metric -> (arguments at property level, arguments at schema level); None = not allowed at that level
_ARGUMENTS: dict[str, tuple[tuple[str, ...] | None, tuple[str, ...] | None]] = {
    "nullValues": ((), None),
    "missingValues": (("missingValues",), None),
    "invalidValues": (("validValues", "invalidValues", "pattern"), None),
    "duplicateValues": ((), ("properties",)),
    "rowCount": (None, ()),
}
_ARGUMENT_OWNER = {
    "missingValues": "missingValues",
    "validValues": "invalidValues",
    "invalidValues": "invalidValues",
    "pattern": "invalidValues",
    "properties": "duplicateValues (on the schema object)",
}


def rule_kind(rule: dict[str, Any]) -> str:
    """library | sql | text | custom, as ODCS defaults it (a rule with `metric` is a library rule)."""
    kind = rule.get("type")
    return kind if isinstance(kind, str) else "library"


def comparator_conflict(comparators: dict[str, Any]) -> str | None:
    """Why no number can satisfy all these comparators together, or None if some can."""
    low, low_strict, high, high_strict = -math.inf, False, math.inf, False
    pinned: list[float] = []
    excluded: list[float] = []
    gaps: list[tuple[float, float]] = []
    words: list[str] = []
    for key, value in comparators.items():
        if key in ("mustBeBetween", "mustNotBeBetween"):
            if not (isinstance(value, list) and len(value) == 2 and all(is_number(v) for v in value)):
                return None
            a, b = sorted(value)
            words.append(f"{'' if key == 'mustBeBetween' else 'not '}between {value[0]} and {value[1]}")
            if key == "mustBeBetween":
                low, low_strict = (a, False) if a > low else (low, low_strict)
                high, high_strict = (b, False) if b < high else (high, high_strict)
            else:
                gaps.append((a, b))
            continue
        if not is_number(value):
            return None
        words.append(f"{SYMBOLS[key]} {value}")
        if key == "mustBe":
            pinned.append(value)
        elif key == "mustNotBe":
            excluded.append(value)
        elif key.startswith("mustBeGreater"):
            strict = key == "mustBeGreaterThan"
            if value > low or (value == low and strict):
                low, low_strict = value, strict
        else:
            strict = key == "mustBeLessThan"
            if value < high or (value == high and strict):
                high, high_strict = value, strict
    impossible = low > high or (low == high and (low_strict or high_strict))
    for point in pinned:
        impossible = impossible or point != pinned[0] or point in excluded
        impossible = impossible or point < low or point > high
        impossible = impossible or (point == low and low_strict) or (point == high and high_strict)
        impossible = impossible or any(a <= point <= b for a, b in gaps)
    return f"no value is {' and '.join(words)}" if impossible else None


def quality_findings(
    rules: Any, path: JsonPath, *, table: dict[str, Any], on_property: bool
) -> list[Finding]:
    """Findings for the `quality` list at `path` (of a schema object, or of one of its properties)."""
    if not isinstance(rules, list):
        return []  # the schema reports the type
    findings: list[Finding] = []
    for index, rule in enumerate(rules):
        if isinstance(rule, dict):
            findings.extend(_rule_findings(rule, (*path, index), table=table, on_property=on_property))
    return findings


def _rule_findings(
    rule: dict[str, Any], path: JsonPath, *, table: dict[str, Any], on_property: bool
) -> list[Finding]:
    kind = rule_kind(rule)
    if kind not in ("library", "sql"):
        return []  # text and custom rules are not executed by mlgate; `contract test` reports them skipped
    findings = _comparator_findings(rule, path, kind)
    unit = rule.get("unit")
    if isinstance(unit, str) and unit not in UNITS:
        guess = closest(unit, UNITS)
        findings.append(
            Finding(
                (*path, "unit"),
                "unit-unknown",
                f"unit `{unit}` is not one mlgate can apply (rows or percent)",
                f"did you mean `{guess}`?" if guess else "use `unit: rows` (the default) or `unit: percent`",
            )
        )
    if kind == "library":
        findings += _library_findings(rule, path, table=table, on_property=on_property)
    else:
        query = rule.get("query")
        if isinstance(query, str):
            for problem in sql_problems(query, has_property=on_property):
                line = query[: problem.offset].count("\n") + 1
                where = f" (line {line} of the query)" if "\n" in query.strip() else ""
                findings.append(
                    Finding(
                        (*path, "query"),
                        "sql-invalid",
                        f"SQL: {problem.message}{where}",
                        problem.fix,
                        offset=problem.offset,
                    )
                )
    return findings


def _comparator_findings(rule: dict[str, Any], path: JsonPath, kind: str) -> list[Finding]:
    findings: list[Finding] = []
    percent = rule.get("unit") == "percent"
    metric = rule.get("metric")
    for key in ("mustBeBetween", "mustNotBeBetween"):
        bounds = rule.get(key)
        if (
            isinstance(bounds, list)
            and len(bounds) == 2
            and all(is_number(b) for b in bounds)
            and bounds[0] > bounds[1]
        ):
            findings.append(
                Finding(
                    (*path, key),
                    "range-reversed",
                    f"`{key}: [{bounds[0]}, {bounds[1]}]` has the larger bound first"
                    + (", so no value can pass" if key == "mustBeBetween" else ", so nothing is excluded"),
                    f"write the smaller bound first: `[{bounds[1]}, {bounds[0]}]`",
                )
            )
    if kind != "library":
        return findings
    for key in SYMBOLS:
        if key not in rule:
            continue
        value = rule[key]
        if not is_number(value):
            findings.append(
                Finding(
                    (*path, key),
                    "wrong-type",
                    f"`{key}` must be a number for a library metric, found {show(value)}",
                    "write the threshold as a plain number, without quotes",
                )
            )
            continue
        if metric in LIBRARY_METRICS:
            findings += _threshold_findings(key, value, (*path, key), percent=percent)
    return findings


def _threshold_findings(key: str, value: float, path: JsonPath, *, percent: bool) -> list[Finding]:
    """A count is ≥ 0 and a percentage is within 0..100: thresholds outside can never (or always) pass."""
    never = (
        (key == "mustBe" and value < 0)
        or (key == "mustBeLessThan" and value <= 0)
        or (key == "mustBeLessOrEqualTo" and value < 0)
        or (percent and key == "mustBe" and value > 100)
        or (percent and key == "mustBeGreaterThan" and value >= 100)
        or (percent and key == "mustBeGreaterOrEqualTo" and value > 100)
    )
    if never:
        scale = "a percentage between 0 and 100" if percent else "a count, never below 0"
        return [
            Finding(
                path,
                "never-passes",
                f"`{key}: {value}` can never pass: the metric is {scale}",
                "correct the threshold (or the unit)",
            )
        ]
    if percent and key in ("mustBeLessThan", "mustBeLessOrEqualTo") and value > 100:
        return [
            Finding(
                path,
                "always-passes",
                f"`{key}: {value}` with `unit: percent` always passes: a percentage is at most 100",
                "correct the threshold, or use `unit: rows` for a count",
            )
        ]
    return []


def _library_findings(
    rule: dict[str, Any], path: JsonPath, *, table: dict[str, Any], on_property: bool
) -> list[Finding]:
    metric = rule.get("metric")
    if metric not in _ARGUMENTS:
        return []  # the schema reports unknown or missing metrics
    findings: list[Finding] = []
    on_property_args, on_table_args = _ARGUMENTS[metric]
    allowed = on_property_args if on_property else on_table_args
    if allowed is None:
        if on_property:
            message, fix = (
                f"`{metric}` counts the rows of the whole table",
                "move this rule to the schema object's `quality` list",
            )
        else:
            message, fix = (
                f"`{metric}` is measured on one column",
                "move this rule to the `quality` list of the property it checks",
            )
        findings.append(Finding((*path, "metric"), "metric-level", message, fix))
        return findings
    if rule.get("unit") == "percent" and metric == "rowCount":
        findings.append(
            Finding(
                (*path, "unit"),
                "unit-unknown",
                "`rowCount` with `unit: percent` has no meaning",
                "remove `unit` (row counts are in rows)",
            )
        )
    arguments = rule.get("arguments")
    arguments = arguments if isinstance(arguments, dict) else {}
    for name, value in arguments.items():
        findings += _argument_findings(metric, name, value, (*path, "arguments", name), allowed, table)
    if metric == "invalidValues" and not any(
        k in arguments for k in ("validValues", "invalidValues", "pattern")
    ):
        findings.append(
            Finding(
                path,
                "missing-argument",
                "`invalidValues` has nothing to check values against",
                "add `arguments:` with `validValues: [...]`, `invalidValues: [...]` or `pattern: '...'`",
            )
        )
    if metric == "duplicateValues" and not on_property and "properties" not in arguments:
        findings.append(
            Finding(
                path,
                "missing-argument",
                "`duplicateValues` on a schema object needs the columns that must be unique together",
                "add `arguments: {properties: [col_a, col_b]}`, or move the rule under one property",
            )
        )
    return findings


def _argument_findings(
    metric: str, name: str, value: Any, path: JsonPath, allowed: tuple[str, ...], table: dict[str, Any]
) -> list[Finding]:
    if name not in allowed:
        owner = _ARGUMENT_OWNER.get(name)
        guess = closest(name, allowed) if allowed else None
        if guess:
            fix = f"did you mean `{guess}`?"
        elif owner:
            fix = f"`{name}` is an argument of `metric: {owner}`; remove it or change the metric"
        else:
            fix = "remove it" + (
                f" (`{metric}` takes: {', '.join(allowed)})"
                if allowed
                else f" (`{metric}` takes no arguments)"
            )
        return [
            Finding(path, "unknown-argument", f"`{name}` is not an argument of `{metric}`", fix, at_key=True)
        ]
    if name in ("validValues", "invalidValues", "missingValues", "properties") and not isinstance(
        value, list
    ):
        return [
            Finding(
                path,
                "wrong-type",
                f"`{name}` must be a list, found {show(value)}",
                "write `[a, b]` or one `- item` per line",
            )
        ]
    if name in ("validValues", "invalidValues", "properties") and not value:
        return [
            Finding(path, "empty-list", f"`{name}` is empty, so the rule checks nothing", "list the values")
        ]
    if name == "pattern":
        if not isinstance(value, str):
            return [
                Finding(
                    path,
                    "wrong-type",
                    f"`pattern` must be text, found {show(value)}",
                    "quote the regular expression",
                )
            ]
        problem = pattern_problem(value)
        if problem is None:
            return []
        return [Finding(path, "pattern-invalid", problem.message, problem.fix, offset=problem.offset)]
    if name == "properties":
        return _unknown_columns(value, path, table)
    return []


def _unknown_columns(names: list[Any], path: JsonPath, table: dict[str, Any]) -> list[Finding]:
    props = table.get("properties")
    columns = [p.get("name") for p in props if isinstance(p, dict)] if isinstance(props, list) else []
    known = {c for c in columns if isinstance(c, str)}
    findings = []
    for index, name in enumerate(names):
        if isinstance(name, str) and name not in known:
            guess = closest(name, known)
            findings.append(
                Finding(
                    (*path, index),
                    "unknown-property",
                    f"`{name}` is not a property of schema object `{table.get('name')}`",
                    f"did you mean `{guess}`?" if guess else "use the name of one of its properties",
                )
            )
    return findings
