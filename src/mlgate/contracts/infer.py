"""Data → a draft ODCS v3.1.0 contract that the same data passes.

Types come from DuckDB (Parquet's stored types; CSV/JSON sniffed over the whole file); `required`
where a column has no nulls, `unique` where every value differs, a `validValues` rule for
low-cardinality text columns (ODCS v3.1 has no `enum`), and observed min/max only when asked.
Output is deterministic: the same data gives byte-identical YAML.
"""

from __future__ import annotations

import datetime as dt
import decimal
import os
from pathlib import Path
from typing import Any

from mlgate.context import GateContext
from mlgate.contracts.execute import check_not_empty, engine_error
from mlgate.contracts.servers import Location, resolve_location
from mlgate.contracts.types import family
from mlgate.data.source import DataSource, sql_identifier, sql_string
from mlgate.errors import GateError

MAX_VALID_VALUES = 12  # text columns with at most this many distinct values get a validValues rule
_BOUNDED_FAMILIES = ("integer", "number", "date", "timestamp", "time")
_LOGICAL_BY_FAMILY = {"map": "object"}  # ODCS v3.1 has no `map`


def infer_contract(
    spec: str, ctx: GateContext, *, name: str | None, bounds: bool, output: Path | None
) -> str:
    """The contract as YAML text."""
    import yaml

    source = resolve_location(Location(spec, None, None), ctx)
    check_not_empty(source)
    con = ctx.duckdb()
    columns = _typed_columns(con, source)
    stats = _stats(con, source, columns, bounds)
    if stats["__rows__"] == 0:
        raise GateError(
            "the data has no rows, so there are no values to infer types and rules from",
            file=source.paths[0] if len(source.paths) == 1 else None,
            hint="infer from a sample that holds rows, then point the contract's server at the real data",
        )
    table = name or _stem(source)
    properties = [_property(col, dtype, stats, bounds) for col, dtype in columns.items()]
    contract: dict[str, Any] = {
        "apiVersion": "v3.1.0",
        "kind": "DataContract",
        "id": _identifier(table),
        "name": table,
        "version": "0.1.0",
        "status": "draft",
        "servers": [
            {
                "server": "local",
                "type": "local",
                "path": _server_path(source, spec, output),
                "format": source.format,
            }
        ],
        "schema": [
            {
                "name": table,
                "physicalName": _stem(source),
                "physicalType": "table",
                "properties": properties,
                "quality": [{"metric": "rowCount", "mustBeGreaterThan": 0}],
            }
        ],
    }
    header = (
        f"# Inferred by `mlgate contract infer` from {spec} ({stats['__rows__']} rows).\n"
        "# A draft: review types, required/unique and the valid values before relying on it.\n"
    )
    return header + yaml.dump(
        contract, Dumper=_IndentedDumper, sort_keys=False, allow_unicode=True, width=100
    )


def _dumper_base() -> type[Any]:
    import yaml

    base: type[Any] = yaml.SafeDumper
    return base


class _IndentedDumper(_dumper_base()):  # type: ignore[misc]
    """Block lists indented under their key, as people write ODCS by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


def _typed_columns(con: Any, source: DataSource) -> dict[str, str]:
    """Column → DuckDB type; text formats are sniffed over every row, and a type only sticks when
    every value casts to it from text (what `contract test` will do)."""
    import duckdb

    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM {_typed_scan(source)}").fetchall()
    except duckdb.Error as exc:
        raise engine_error(exc, source, "reading the data") from None
    # A JSON column holding only nulls has DuckDB type NULL: no value says more than "text".
    columns = {str(r[0]): "VARCHAR" if str(r[1]).strip('"') == "NULL" else str(r[1]) for r in rows}
    if source.format == "parquet":
        return columns
    text = _text_scan(source, list(columns))
    castable = [
        c for c, t in columns.items() if family(t) not in ("string", "array", "object", "map", "other")
    ]
    if castable:
        checks = ", ".join(
            f"COUNT(*) FILTER (WHERE {sql_identifier(c)} IS NOT NULL AND TRY_CAST({sql_identifier(c)} AS {columns[c]}) IS NULL)"
            for c in castable
        )
        try:
            row = con.execute(f"SELECT {checks} FROM {text}").fetchone()
        except duckdb.Error as exc:
            raise engine_error(exc, source, "reading the data as text") from None
        for column, bad in zip(castable, row or (), strict=True):
            if bad:
                columns[column] = "VARCHAR"
    return columns


def _files(source: DataSource) -> str:
    return "[" + ", ".join(sql_string(str(p)) for p in source.paths) + "]"


def _typed_scan(source: DataSource) -> str:
    if source.format == "parquet":
        return f"read_parquet({_files(source)})"
    if source.format == "json":
        return f"read_json({_files(source)}, format='auto', sample_size=-1)"
    delim = f", delim={sql_string(source.delimiter)}" if source.delimiter else ""
    return f"read_csv({_files(source)}, header=true, sample_size=-1{delim})"


def _text_scan(source: DataSource, names: list[str]) -> str:
    if source.format == "json":
        cols = ", ".join(f"{sql_string(c)}: 'VARCHAR'" for c in names)
        return f"read_json({_files(source)}, format='auto', columns={{{cols}}})"
    delim = f", delim={sql_string(source.delimiter)}" if source.delimiter else ""
    return f"read_csv({_files(source)}, header=true, all_varchar=true{delim})"


def _stats(con: Any, source: DataSource, columns: dict[str, str], bounds: bool) -> dict[str, Any]:
    import duckdb

    parts = ["COUNT(*)"]
    keys: list[tuple[str, str]] = []
    for col, dtype in columns.items():
        ident = (
            f"CAST({sql_identifier(col)} AS {dtype})" if source.format != "parquet" else sql_identifier(col)
        )
        fam = family(dtype)
        parts.append(f"COUNT(*) FILTER (WHERE {ident} IS NULL)")
        keys.append((col, "nulls"))
        if fam not in ("array", "object", "map", "other"):
            parts.append(f"COUNT(DISTINCT {ident})")
            keys.append((col, "distinct"))
        if bounds and fam in _BOUNDED_FAMILIES:
            parts += [f"MIN({ident})", f"MAX({ident})"]
            keys += [(col, "min"), (col, "max")]
    scan = _typed_scan(source) if source.format == "parquet" else _text_scan(source, list(columns))
    try:
        row = con.execute(f"SELECT {', '.join(parts)} FROM {scan}").fetchone()
        assert row is not None
        stats: dict[str, Any] = {"__rows__": int(row[0])}
        for (col, what), value in zip(keys, row[1:], strict=True):
            stats.setdefault(col, {})[what] = value
        rows = stats["__rows__"]
        for col, dtype in columns.items():
            distinct = stats[col].get("distinct")
            if (
                family(dtype) == "string"
                and distinct is not None
                and 0 < distinct <= MAX_VALID_VALUES
                and rows >= 2 * distinct
            ):
                ident = sql_identifier(col)
                values = con.execute(
                    f"SELECT DISTINCT CAST({ident} AS VARCHAR) AS v FROM {scan} WHERE {ident} IS NOT NULL ORDER BY v"
                ).fetchall()
                stats[col]["values"] = [v[0] for v in values]
    except duckdb.Error as exc:
        raise engine_error(exc, source, "profiling the data") from None
    return stats


def _property(col: str, dtype: str, stats: dict[str, Any], bounds: bool) -> dict[str, Any]:
    fam = family(dtype)
    rows = stats["__rows__"]
    info = stats[col]
    prop: dict[str, Any] = {"name": col}
    if fam != "other":
        prop["logicalType"] = _LOGICAL_BY_FAMILY.get(fam, fam)
    prop["physicalType"] = dtype
    if rows > 0 and info["nulls"] == 0:
        prop["required"] = True
    if rows > 1 and info.get("distinct") == rows and fam != "boolean":
        prop["unique"] = True
    if bounds and "min" in info and info["min"] is not None:
        prop["logicalTypeOptions"] = {"minimum": _bound(info["min"]), "maximum": _bound(info["max"])}
    if "values" in info:
        prop["quality"] = [
            {
                "metric": "invalidValues",
                "description": (
                    "the only value seen when the contract was inferred"
                    if len(info["values"]) == 1
                    else f"the {len(info['values'])} values seen when the contract was inferred"
                ),
                "arguments": {"validValues": info["values"]},
                "mustBe": 0,
            }
        ]
    return prop


def _bound(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def _stem(source: DataSource) -> str:
    first = source.paths[0].name
    stem = first.split(".", 1)[0] or "data"
    return stem.split("-")[0] if len(source.paths) > 1 else stem


def _identifier(name: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name).strip("-")
    return (cleaned or "data") + "-contract"


def _server_path(source: DataSource, spec: str, output: Path | None) -> str:
    """The data path as the contract should say it: relative to the contract file when possible."""
    if spec.startswith("git:"):
        return spec
    target = Path(spec).expanduser()
    if output is None:
        return spec
    base = output.expanduser().resolve().parent
    absolute = target if target.is_absolute() else Path.cwd() / target
    try:
        return os.path.relpath(absolute, base)
    except ValueError:
        return str(absolute)
