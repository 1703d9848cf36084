"""Run a table's plan on DuckDB: one aggregate scan for every row-level check, then samples for failures.

The aggregate query computes every check's number in a single pass over the data (FILTERed counts,
COUNT(DISTINCT ...) for uniqueness). Only checks that fail are revisited, all at once: one more
scan collects the first N offending rows of each (`min_by(..., row, N)`), and a grouped query per
failing uniqueness check shows the duplicated values with their rows.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mlgate.contracts.document import error_at
from mlgate.contracts.plan import Check
from mlgate.data.errors import engine_error as _foundation_engine_error
from mlgate.data.source import DataSource, sql_identifier, sql_string
from mlgate.errors import GateError

if TYPE_CHECKING:
    import duckdb

ROW = "__mlgate_row"
FILE = "__mlgate_file"
CSV_DIALECT = ", quote='\"', escape='\"'"  # RFC 4180; naming it saves DuckDB's dialect search


@dataclass(frozen=True)
class Scan:
    source: DataSource
    text: bool  # CSV, or JSON read as text
    columns: dict[str, str]  # name → DuckDB type as read
    csv_types: dict[str, str] | None = None  # fast path: CSV read with the contract's types
    # Parquet globs: columns whose stored type differs between files → {type: files}; DuckDB reads
    # them all as the first file's type, which would hide an int32 → int64 change in one file.
    file_types: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def typed(self, types: dict[str, str]) -> Scan:
        return Scan(self.source, self.text, self.columns, types, self.file_types)

    @property
    def multi_file(self) -> bool:
        return len(self.source.paths) > 1

    def sql(self, *, row_numbers: bool = False) -> str:
        """The table function scanning the data; with row numbers (1-based per file) for samples."""
        files = "[" + ", ".join(sql_string(str(p)) for p in self.source.paths) + "]"
        file_opt = f", filename={sql_string(FILE)}" if row_numbers else ""
        fmt = self.source.format
        if fmt == "parquet":
            if not row_numbers:
                return f"read_parquet({files})"
            return (
                f"(SELECT *, file_row_number + 1 AS {ROW} FROM "
                f"read_parquet({files}, file_row_number=true{file_opt}))"
            )
        if fmt == "json":
            cols = ", ".join(f"{sql_string(c)}: 'VARCHAR'" for c in self.columns)
            call = f"read_json({files}, format='auto', columns={{{cols}}}{file_opt})"
        else:
            delim = f", delim={sql_string(self.source.delimiter)}" if self.source.delimiter else ""
            # The dialect was sniffed by describe(); declaring it (and every column's type) here
            # skips DuckDB's sniffer, which costs more than checking a small file.
            types = self.csv_types or {}
            cols = ", ".join(f"{sql_string(c)}: {sql_string(types.get(c, 'VARCHAR'))}" for c in self.columns)
            call = f"read_csv({files}, header=true{delim}{CSV_DIALECT}, auto_detect=false, columns={{{cols}}}{file_opt})"
        if not row_numbers:
            return call
        row = (
            f"ordinality - MIN(ordinality) OVER (PARTITION BY {FILE}) + 1"
            if self.multi_file
            else "ordinality"
        )
        return f"(SELECT *, {row} AS {ROW} FROM {call} WITH ORDINALITY)"


def check_not_empty(source: DataSource) -> None:
    """A 0-byte file reads as an empty table in DuckDB; say so instead of testing nothing."""
    for path in source.paths:
        try:
            empty = path.stat().st_size == 0
        except OSError as exc:
            raise GateError(f"cannot read the data file: {exc.strerror}", file=path) from None
        if empty:
            raise GateError(
                "the data file is empty (0 bytes)",
                file=path,
                hint="write the data (with a header row for CSV), or point --data at the right file",
            )


def describe(con: duckdb.DuckDBPyConnection, source: DataSource) -> Scan:
    """Read the column names and types (no rows); GateError for empty, corrupt or unreadable data."""
    import duckdb

    check_not_empty(source)
    files = "[" + ", ".join(sql_string(str(p)) for p in source.paths) + "]"
    if source.format == "parquet":
        probe = f"read_parquet({files})"
    elif source.format == "json":
        probe = f"read_json({files}, format='auto')"
    else:
        delim = f", delim={sql_string(source.delimiter)}" if source.delimiter else ""
        probe = f"read_csv({files}, header=true, all_varchar=true{delim}{CSV_DIALECT})"
    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM {probe}").fetchall()
    except duckdb.Error as exc:
        raise engine_error(exc, source, "reading the data") from None
    columns = {str(r[0]): str(r[1]) for r in rows}
    if source.format == "json" and list(columns) == ["json"]:
        raise GateError(
            "the JSON data holds no objects with fields",
            file=source.paths[0],
            hint="write one JSON object per line (NDJSON) or a JSON array of objects",
        )
    file_types = (
        _parquet_file_types(con, source) if source.format == "parquet" and len(source.paths) > 1 else {}
    )
    return Scan(source, source.format != "parquet", columns, file_types=file_types)


def _parquet_file_types(
    con: duckdb.DuckDBPyConnection, source: DataSource
) -> dict[str, dict[str, list[str]]]:
    """Each file's stored types (footer metadata only, no rows), for the columns where files disagree."""
    import duckdb

    seen: dict[str, dict[str, list[str]]] = {}
    for path in source.paths:
        try:
            rows = con.execute(f"DESCRIBE SELECT * FROM read_parquet({sql_string(str(path))})").fetchall()
        except duckdb.Error as exc:
            raise engine_error(
                exc, DataSource(source.spec, (path,), source.format), "reading the data"
            ) from None
        for name, dtype, *_ in rows:
            seen.setdefault(str(name), {}).setdefault(str(dtype), []).append(str(path))
    return {name: types for name, types in seen.items() if len(types) > 1}


def _project_values(scan_sql: str, expressions: list[str], typed_values: list[str]) -> tuple[str, list[str]]:
    """Compute each typed value (a TRY_CAST of text) once per row in a projection, not once per check."""
    used = [v for v in dict.fromkeys(typed_values) if any(v in e for e in expressions)]
    if not used:
        return scan_sql, expressions
    aliases = {v: f"__mlgate_v{i}" for i, v in enumerate(used)}
    projection = ", ".join(f"{v} AS {a}" for v, a in aliases.items())
    rewritten = []
    for expr in expressions:
        for value, alias in aliases.items():
            expr = expr.replace(value, alias)
        rewritten.append(expr)
    return f"(SELECT *, {projection} FROM {scan_sql})", rewritten


def aggregate(
    con: duckdb.DuckDBPyConnection,
    scan: Scan,
    checks: list[Check],
    typed_values: list[str],
    *,
    raise_engine_errors: bool = False,
) -> tuple[int, list[Any]]:
    """The one scan: row count plus every check's aggregate, in one statement."""
    import duckdb

    measured = [c for c in checks if c.aggregate is not None]
    aggregates = [c.aggregate or "" for c in measured]
    source_sql, aggregates = _project_values(scan.sql(), aggregates, typed_values)
    select = ", ".join(["COUNT(*)"] + [f"{a} AS c{i}" for i, a in enumerate(aggregates)])
    try:
        row = con.execute(f"SELECT {select} FROM {source_sql}").fetchone()
    except duckdb.Error as exc:
        if raise_engine_errors:
            raise
        raise engine_error(exc, scan.source, "checking the data") from None
    assert row is not None
    return int(row[0]), list(row[1:])


def samples(
    con: duckdb.DuckDBPyConnection, scan: Scan, checks: list[Check], limit: int
) -> dict[str, list[dict[str, Any]]]:
    """First `limit` offending rows of each failing check (by row number), in one more scan."""
    import duckdb

    out: dict[str, list[dict[str, Any]]] = {}
    if limit <= 0:
        return out
    by_predicate = [c for c in checks if c.predicate is not None and c.sample_value is not None]
    file_field = f", file := {FILE}" if scan.multi_file else ""
    if by_predicate:
        parts = [
            f"min_by(struct_pack(row := {ROW}{file_field}, value := {c.sample_value}), {ROW}, {limit}) "
            f"FILTER (WHERE {c.predicate})"
            for c in by_predicate
        ]
        try:
            row = con.execute(f"SELECT {', '.join(parts)} FROM {scan.sql(row_numbers=True)}").fetchone()
        except duckdb.Error as exc:
            raise engine_error(exc, scan.source, "fetching sample rows") from None
        assert row is not None
        for check, found in zip(by_predicate, row, strict=True):
            out[check.id] = [{k: jsonable(v) for k, v in item.items()} for item in (found or [])]
    for check in checks:
        if check.duplicate_key is None:
            continue
        key = (
            check.duplicate_key[0]
            if len(check.duplicate_key) == 1
            else "(" + ", ".join(check.duplicate_key) + ")"
        )
        not_null = " AND ".join(f"{k} IS NOT NULL" for k in check.duplicate_key)
        rows_expr = f"list({ROW} ORDER BY {ROW})[1:{limit}]"
        if scan.multi_file:
            rows_expr = f"list(struct_pack(file := {FILE}, row := {ROW}) ORDER BY {FILE}, {ROW})[1:{limit}]"
        query = (
            f"SELECT {key} AS k, COUNT(*) AS n, {rows_expr} AS rows FROM {scan.sql(row_numbers=True)} "
            f"WHERE {not_null} GROUP BY ALL HAVING COUNT(*) > 1 ORDER BY MIN({ROW}) LIMIT {limit}"
        )
        try:
            found_rows = con.execute(query).fetchall()
        except duckdb.Error as exc:
            raise engine_error(exc, scan.source, "fetching duplicate samples") from None
        dupes = [{"value": jsonable(k), "count": int(n), "rows": jsonable(r)} for k, n, r in found_rows]
        out[check.id] = (out.get(check.id, []) + dupes)[:limit]
    return out


def run_sql_rule(con: duckdb.DuckDBPyConnection, scan: Scan, check: Check) -> Any:
    import duckdb

    assert check.sql is not None
    src = check.source
    try:
        statements = con.extract_statements(check.sql)
        if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
            raise error_at(
                src,
                "a SQL rule must be one SELECT statement (it reads the data; it never changes anything)",
                "write a single query such as SELECT COUNT(*) FROM {object} WHERE amount < 0",
            )
        # Two rows tell whether the query returned exactly one, without fetching a large result.
        rows = con.execute(check.sql).fetchmany(2)
        width = len(con.description or ())
    except duckdb.Error as exc:
        text = str(exc).strip().splitlines()[0]
        raise error_at(
            src,
            f"the SQL rule failed to run: {text}",
            "the table is a view named after the schema object (and its physicalName); "
            "{object} and {property} are replaced for you; the query must return one number",
        ) from None
    if len(rows) != 1 or width != 1:
        shape = f"{len(rows) if len(rows) < 2 else 'several'} rows" if len(rows) != 1 else f"{width} columns"
        raise error_at(
            src,
            f"a SQL rule must return exactly one value (one row, one column); this query returned {shape}",
            "aggregate to a single number, e.g. SELECT COUNT(*) FROM {object} WHERE amount < 0",
        )
    return rows[0][0]


def create_views(
    con: duckdb.DuckDBPyConnection, scan: Scan, names: list[str], typed_columns: dict[str, str]
) -> None:
    """Expose the table to `type: sql` rules under its schema name(s), values typed as declared."""
    import duckdb

    projection = ", ".join(f"{expr} AS {sql_identifier(col)}" for col, expr in typed_columns.items()) or "*"
    extra = [c for c in scan.columns if c not in typed_columns]
    if extra and typed_columns:
        projection += ", " + ", ".join(sql_identifier(c) for c in extra)
    for name in dict.fromkeys(names):
        try:
            con.execute(
                f"CREATE OR REPLACE TEMP VIEW {sql_identifier(name)} AS SELECT {projection} FROM {scan.sql()}"
            )
        except duckdb.Error as exc:
            raise engine_error(exc, scan.source, f"exposing the data as view {name!r}") from None


def engine_error(exc: Exception, source: DataSource, doing: str) -> GateError:
    """The shared translation, plus the detail DuckDB puts below its first line (CSV errors)."""
    error = _foundation_engine_error(exc, source, doing)
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    detail = next(
        (line for line in lines[1:] if not line.lower().startswith(("original line", "possible"))), None
    )
    lowered = str(exc).lower()
    if "invalid unicode" in lowered:
        detail = "the file holds bytes that are not UTF-8"
        error.hint = "the file is not UTF-8 text; re-encode it as UTF-8 (e.g. iconv -f latin1 -t utf-8)"
    elif "expected number of columns" in lowered or "not possible to automatically detect" in lowered:
        error.hint = (
            "the CSV rows do not all have the same number of fields; fix the ragged rows or the delimiter"
        )
    if (
        detail
        and lines
        and lines[0].lower().startswith(("invalid input error: csv error", "conversion error"))
    ):
        error.message += f" ({detail})"
    return error


def jsonable(value: Any) -> Any:
    """DuckDB values → JSON-friendly values for reports."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return str(value)
