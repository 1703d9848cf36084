"""mlgate's own checks of a contract's schema objects and properties (the schema cannot express them).

Duplicate names (also names that differ only in case: SQL engines such as DuckDB fold them into one
column), duplicate or meaningless `primaryKeyPosition`s, `logicalTypeOptions` whose bounds leave no
valid value, patterns that do not compile — plus every quality rule, through `lint_quality`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from mlgate.contracts.lint_findings import Finding, is_number, show
from mlgate.contracts.lint_quality import quality_findings
from mlgate.contracts.lint_regex import pattern_problem
from mlgate.yamlio import JsonPath

LineOf = Callable[[JsonPath], int | None]

# (lower bound, upper bound, True when an equal pair already leaves no value)
_BOUND_PAIRS = (
    ("minimum", "maximum", False),
    ("exclusiveMinimum", "exclusiveMaximum", True),
    ("minimum", "exclusiveMaximum", True),
    ("exclusiveMinimum", "maximum", True),
    ("minLength", "maxLength", False),
    ("minItems", "maxItems", False),
    ("minProperties", "maxProperties", False),
)


def semantic_findings(data: dict[str, Any], line_of: LineOf) -> list[Finding]:
    schema = data.get("schema")
    if not isinstance(schema, list):
        return []
    findings = _duplicate_names(schema, ("schema",), "schema object", line_of)
    for index, table in enumerate(schema):
        if not isinstance(table, dict):
            continue
        path: JsonPath = ("schema", index)
        findings += quality_findings(table.get("quality"), (*path, "quality"), table=table, on_property=False)
        findings += _properties(table.get("properties"), (*path, "properties"), table, line_of)
        findings += _primary_keys(table, path)
    return findings


def _properties(props: Any, path: JsonPath, table: dict[str, Any], line_of: LineOf) -> list[Finding]:
    if not isinstance(props, list):
        return []
    findings = _duplicate_names(props, path, "property", line_of)
    for index, prop in enumerate(props):
        if isinstance(prop, dict):
            findings += _element(prop, (*path, index), table, line_of)
    return findings


def _element(prop: dict[str, Any], path: JsonPath, table: dict[str, Any], line_of: LineOf) -> list[Finding]:
    """One property, or an array's `items`, or a map's key/value: options, quality, nested elements."""
    findings = _options(prop.get("logicalTypeOptions"), (*path, "logicalTypeOptions"))
    findings += quality_findings(prop.get("quality"), (*path, "quality"), table=table, on_property=True)
    findings += _properties(prop.get("properties"), (*path, "properties"), table, line_of)
    items = prop.get("items")
    if isinstance(items, dict):
        findings += _element(items, (*path, "items"), table, line_of)
    mapping = prop.get("map")
    if isinstance(mapping, dict):
        for part in ("key", "value"):
            if isinstance(mapping.get(part), dict):
                findings += _element(mapping[part], (*path, "map", part), table, line_of)
    return findings


def _duplicate_names(items: list[Any], path: JsonPath, what: str, line_of: LineOf) -> list[Finding]:
    first_seen: dict[str, tuple[int, str]] = {}
    findings = []
    for index, item in enumerate(items):
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str):
            continue
        folded = name.casefold()
        if folded not in first_seen:
            first_seen[folded] = (index, name)
            continue
        first_index, first_name = first_seen[folded]
        line = line_of((*path, first_index, "name"))
        where = f" (first on line {line})" if line else ""
        if first_name == name:
            message = f"{what} `{name}` is declared twice{where}"
        else:
            message = (
                f"{what} `{name}` differs from `{first_name}`{where} only in case; "
                "SQL engines such as DuckDB treat them as the same name"
            )
        findings.append(
            Finding((*path, index, "name"), "duplicate-name", message, "rename or remove one of them")
        )
    return findings


def _primary_keys(table: dict[str, Any], path: JsonPath) -> list[Finding]:
    props = table.get("properties")
    if not isinstance(props, list):
        return []
    findings: list[Finding] = []
    used: dict[int, str] = {}
    for index, prop in enumerate(props):
        if not isinstance(prop, dict):
            continue
        position = prop.get("primaryKeyPosition")
        if not isinstance(position, int) or isinstance(position, bool) or position == -1:
            continue
        where: JsonPath = (*path, "properties", index, "primaryKeyPosition")
        name = prop.get("name")
        if position < 1:
            findings.append(
                Finding(
                    where,
                    "primary-key",
                    f"`primaryKeyPosition: {position}` is not a position",
                    "positions start at 1; -1 means not part of the key",
                )
            )
        elif prop.get("primaryKey") is not True:
            findings.append(
                Finding(
                    where,
                    "primary-key",
                    f"property `{name}` has `primaryKeyPosition: {position}` but is not part of the primary key",
                    "add `primaryKey: true`, or remove `primaryKeyPosition`",
                )
            )
        elif position in used:
            findings.append(
                Finding(
                    where,
                    "primary-key",
                    f"`primaryKeyPosition: {position}` is used by both `{used[position]}` and `{name}`",
                    "give each primary-key property its own position (1, 2, …)",
                )
            )
        else:
            used[position] = str(name)
    return findings


def _options(options: Any, path: JsonPath) -> list[Finding]:
    if not isinstance(options, dict):
        return []
    findings: list[Finding] = []
    pattern = options.get("pattern")
    if isinstance(pattern, str):
        problem = pattern_problem(pattern)
        if problem:
            findings.append(
                Finding(
                    (*path, "pattern"), "pattern-invalid", problem.message, problem.fix, offset=problem.offset
                )
            )
    for low_key, high_key, strict in _BOUND_PAIRS:
        if low_key not in options or high_key not in options:
            continue
        low, high = _comparable(options[low_key]), _comparable(options[high_key])
        if low is None or high is None:
            continue
        try:
            empty = low > high or (strict and low == high)
        except TypeError:  # e.g. a timestamp with a time zone against one without
            continue
        if empty:
            greater = low > high
            findings.append(
                Finding(
                    (*path, low_key),
                    "range-reversed",
                    f"`{low_key}` ({show(options[low_key])}) is {'greater than' if greater else 'equal to'} "
                    f"`{high_key}` ({show(options[high_key])}), so no value can pass",
                    "swap them, or correct one" if greater else f"make `{low_key}` smaller than `{high_key}`",
                )
            )
    return findings


def _comparable(value: Any) -> Any:
    """Numbers as they are; ISO dates, timestamps and times parsed; anything else None (not compared)."""
    if is_number(value):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat, dt.time.fromisoformat):
        try:
            return parse(text)
        except ValueError:
            continue
    return None
