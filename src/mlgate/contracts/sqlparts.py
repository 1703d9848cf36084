"""SQL building blocks shared by the rule planners: row checks, typed literals, lists, regexes."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from mlgate.contracts.document import error_at
from mlgate.data.source import sql_string
from mlgate.results import Source


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
    raise error_at(
        source,
        f"{key}: {value!r} is not a valid bound for a {family or 'untyped'} column",
        "use a number for integer/number columns and an ISO date/time string for dates and timestamps",
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
        raise error_at(
            source,
            f"{key} {pattern!r} is not a usable regular expression: {problem}",
            "fix the pattern; it must match the whole value, e.g. '[A-Z]{2}[0-9]{4}'",
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
    text = expr if value_family == "string" else f"CAST({expr} AS VARCHAR)"
    return f"{text} IN ({', '.join(sql_string(t) for t in texts)})"
