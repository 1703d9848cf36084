"""Read each side through DuckDB: schema, row count, and a seeded sample of only the compared columns.

The sample is drawn inside DuckDB (`USING SAMPLE reservoir(N ROWS) REPEATABLE (seed)`) into a temporary
table, so a 10-million-row file never reaches pandas; columns are then fetched one at a time, so only
one column of one side is a pandas Series at any moment.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mlgate.context import GateContext
from mlgate.data.errors import engine_error
from mlgate.data.source import DataSource, resolve_data, scan_sql, sql_identifier
from mlgate.errors import GateError

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

_table_ids = itertools.count()


@dataclass
class Side:
    """One dataset (reference or current) as seen by the gate."""

    role: str  # "reference" | "current"
    source: DataSource
    schema: dict[str, str]  # column -> DuckDB type, in file order
    rows: int  # rows in the data
    table: str | None = None  # temp table (or view) holding the (sampled) compared columns
    table_kind: str = "TABLE"
    sampled_rows: int = 0  # rows in that table
    non_null: dict[str, int] | None = None  # non-null count per column in the table

    @property
    def sampled(self) -> bool:
        return self.sampled_rows < self.rows


def open_side(spec: str, role: str, ctx: GateContext) -> Side:
    """Resolve the data and read its schema and row count (GateError when it cannot be read)."""
    source = resolve_data(spec, ctx, role=f"drift.{role}")
    con = ctx.duckdb()
    scan = scan_sql(source)
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()
        counted = con.execute(f"SELECT count(*) FROM {scan}").fetchone()
    except Exception as exc:  # duckdb raises its own error classes; all mean "cannot read"
        raise engine_error(exc, source, f"reading the {role} data") from None
    schema = {str(row[0]): str(row[1]) for row in described}
    rows = int(counted[0]) if counted else 0
    return Side(role=role, source=source, schema=schema, rows=rows)


def load_columns(side: Side, columns: list[str], ctx: GateContext, *, sample: int, seed: int) -> None:
    """Copy `columns` of `side` (a seeded sample of `sample` rows when larger) into a DuckDB temp table."""
    con = ctx.duckdb()
    table = f"mlgate_drift_{side.role}_{next(_table_ids)}"
    selected = ", ".join(sql_identifier(c) for c in columns) if columns else "NULL AS _none"
    sampling = ""
    if side.rows > sample:
        # Reservoir sampling of an exact number of rows; REPEATABLE makes it the same sample every run.
        sampling = f" USING SAMPLE reservoir({int(sample)} ROWS) REPEATABLE ({int(seed)})"
    counts = ", ".join(f"count({sql_identifier(c)})" for c in columns)
    # A sample is materialised (drawn once, so every column comes from the same rows). An unsampled
    # Parquet file stays a view: each column is then read straight from the file, one at a time,
    # instead of holding every column of both sides in memory at once.
    kind = "VIEW" if not sampling and side.source.format == "parquet" else "TABLE"
    try:
        # Not TEMP: columns are fetched by worker threads through their own cursors, which share
        # the in-memory database's catalog but not a connection's temporary objects.
        con.execute(f"CREATE {kind} {table} AS SELECT {selected} FROM {scan_sql(side.source)}{sampling}")
        stats = con.execute(f"SELECT count(*){', ' + counts if counts else ''} FROM {table}").fetchone()
    except Exception as exc:
        raise engine_error(exc, side.source, f"sampling the {side.role} data") from None
    if stats is None:  # pragma: no cover - count(*) always returns a row
        raise GateError(f"could not count the rows of the {side.role} data", file=side.source.spec)
    side.table, side.table_kind = table, kind
    side.sampled_rows = int(stats[0])
    side.non_null = {c: int(n) for c, n in zip(columns, stats[1:], strict=True)}


def fetch_column(
    side: Side,
    column: str,
    ctx: GateContext,
    *,
    numerical: bool,
    con: duckdb.DuckDBPyConnection | None = None,
) -> pd.Series:
    """One column of the sampled table as a pandas Series, in the dtypes evidently gets from Parquet.

    DuckDB hands nullable columns to pandas as extension dtypes (Int64, boolean); evidently is fed
    numpy dtypes (what `pd.read_parquet` gives), so they are converted: numbers to float64 with NaN,
    everything else to object with None.
    """

    if side.table is None:  # pragma: no cover - load_columns always runs first
        raise RuntimeError("load_columns must run before fetch_column")
    con = con or ctx.duckdb()
    try:
        frame = con.execute(f"SELECT {sql_identifier(column)} FROM {side.table}").df()
    except Exception as exc:
        raise engine_error(exc, side.source, f"reading column {column!r} of the {side.role} data") from None
    series: pd.Series = frame.iloc[:, 0]
    series.name = column
    return _numpy_dtypes(series, numerical)


def fetch_frame(side: Side, columns: dict[str, bool], ctx: GateContext) -> pd.DataFrame:
    """Several columns (name -> numerical?) of the sampled table as one DataFrame (for the HTML report)."""
    if side.table is None:  # pragma: no cover - load_columns always runs first
        raise RuntimeError("load_columns must run before fetch_frame")
    selected = ", ".join(sql_identifier(c) for c in columns)
    try:
        frame = ctx.duckdb().execute(f"SELECT {selected} FROM {side.table}").df()
    except Exception as exc:
        raise engine_error(exc, side.source, f"reading the {side.role} data") from None
    for name, numerical in columns.items():
        frame[name] = _numpy_dtypes(frame[name], numerical)
    return frame


def _numpy_dtypes(series: pd.Series, numerical: bool) -> pd.Series:
    import pandas as pd

    if isinstance(series.dtype, pd.api.extensions.ExtensionDtype):
        if numerical and pd.api.types.is_numeric_dtype(series.dtype):
            return series.astype("float64")
        return series.astype(object).where(series.notna(), None)
    return series


def drop_tables(sides: list[Side], ctx: GateContext) -> None:
    con = ctx.duckdb()
    for side in sides:
        if side.table is not None:
            con.execute(f"DROP {side.table_kind} IF EXISTS {side.table}")
            side.table = None
