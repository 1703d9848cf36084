"""`logicalTypeOptions` → row checks: bounds, lengths, pattern, multipleOf, format."""

from __future__ import annotations

from typing import Any

from mlgate.contracts.document import ContractDocument
from mlgate.contracts.plan import Column, TablePlan, decided, row_check
from mlgate.contracts.sqlparts import checked_pattern, literal
from mlgate.contracts.types import STRING_FORMAT_PATTERNS, integer_format_range
from mlgate.data.source import sql_string
from mlgate.results import Source, Status
from mlgate.yamlio import JsonPath

_BOUNDS = {
    "minimum": ("<", "≥"),
    "exclusiveMinimum": ("<=", ">"),
    "maximum": (">", "≤"),
    "exclusiveMaximum": (">=", "<"),
}


def plan_options(
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
                    # NaN sorts above every number in DuckDB, so `NaN < 0` is false: it would pass a minimum.
                    f"({v} {op} {bound} OR isnan({v}))" if fam == "number" else f"{v} {op} {bound}",
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
            decided(
                cid,
                "format",
                target,
                source,
                Status.SKIPPED,
                f"format {fmt!r} cannot be tested on the data (mlgate tests email, uuid, uri, hostname, ipv4, ipv6, byte)",
                details={"unsupported": True},
            )
        )
