"""Read each side through DuckDB: schema, row count, and a seeded sample of only the compared columns.

The sample is drawn inside DuckDB (the rows with the smallest seeded hash of their position) into a
Parquet file in the run's temp dir, so a 10-million-row file never reaches pandas; columns are then fetched one
at a time, so only the columns being scored are pandas Series at any moment.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mlgate.context import GateContext
from mlgate.data.errors import engine_error
from mlgate.data.source import DataSource, resolve_data, scan_sql, sql_identifier, sql_string
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
    table: str | None = None  # view over the (sampled) compared columns
    sampled_rows: int = 0  # rows in that table
    non_null: dict[str, int] | None = None  # non-null count per column in the table

    @property
    def sampled(self) -> bool:
        return self.sampled_rows < self.rows


def open_side(spec: str, role: str, ctx: GateContext) -> Side:
    """Resolve the data and read its schema and row count (GateError when it cannot be read)."""
    source = resolve_data(spec, ctx, role=f"drift.{role}")
    con = ctx.duckdb()
    # DuckDB draws a progress bar on stderr for queries over 2 s (sampling 10M rows): noise in CI logs.
    con.execute("SET enable_progress_bar = false")
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
    """Make `columns` of `side` (a seeded sample of `sample` rows when larger) a view over Parquet.

    CSV and NDJSON data is parsed once into a Parquet file in the run's temp dir; a sample is written
    there too (drawn once, so every column comes from the same rows). Each column is then read on its
    own, when it is scored, and no side is held in memory while the other one is read.
    """
    con = ctx.duckdb()
    table = f"mlgate_drift_{side.role}_{next(_table_ids)}"
    selected = ", ".join(sql_identifier(c) for c in columns) if columns else "NULL AS _none"
    counts = ", ".join(f"count({sql_identifier(c)})" for c in columns)
    files = [str(p) for p in side.source.paths]
    try:
        if side.source.format != "parquet":
            staged = ctx.tempdir() / f"{table}_all.parquet"
            _copy(con, f"SELECT {selected} FROM {scan_sql(side.source)}", staged)
            files = [str(staged)]
        if side.rows > sample:
            staged = ctx.tempdir() / f"{table}_sample.parquet"
            _sample_rows(con, files, selected, staged, sample=sample, seed=seed)
            files = [str(staged)]
        listed = "[" + ", ".join(sql_string(f) for f in files) + "]"
        con.execute(f"CREATE VIEW {table} AS SELECT {selected} FROM read_parquet({listed})")
        stats = con.execute(f"SELECT count(*){', ' + counts if counts else ''} FROM {table}").fetchone()
    except Exception as exc:
        raise engine_error(exc, side.source, f"sampling the {side.role} data") from None
    if stats is None:  # pragma: no cover - count(*) always returns a row
        raise GateError(f"could not count the rows of the {side.role} data", file=side.source.spec)
    side.table = table
    side.sampled_rows = int(stats[0])
    side.non_null = {c: int(n) for c, n in zip(columns, stats[1:], strict=True)}


def _copy(con: duckdb.DuckDBPyConnection, query: str, target: Path) -> None:
    con.execute(f"COPY ({query}) TO {sql_string(str(target))} (FORMAT parquet, COMPRESSION snappy)")


def _sample_rows(
    con: duckdb.DuckDBPyConnection, files: list[str], selected: str, target: Path, *, sample: int, seed: int
) -> None:
    """Write a seeded sample of exactly `sample` rows of `files` (Parquet) to `target`.

    A row is identified by its file's position in the (sorted) list and its row number in that file;
    the rows kept are those with the smallest hash of (file, row, seed): a uniform random sample that
    is the same on every run, machine and thread count, wherever the files live. Only the row ids are
    ranked (DuckDB's reservoir sampler holds whole rows per thread: over 1 GB for 1M rows × 20
    columns); the columns are then read once, in a streaming semi-join.
    """
    listed = "[" + ", ".join(sql_string(f) for f in files) + "]"
    # One file (the usual case, and every staged CSV) needs no per-row file name or lookup.
    several = len(files) > 1
    scan = f"read_parquet({listed}{', filename=' + sql_string('__mlgate_file') if several else ''}, file_row_number=true)"
    position = f"list_position({listed}, __mlgate_file)" if several else "1"
    ids = f"mlgate_drift_ids_{next(_table_ids)}"
    con.execute(
        f"CREATE TEMP TABLE {ids} AS SELECT {position} AS file_index, file_row_number AS row_number "
        f"FROM {scan} ORDER BY hash({position}, file_row_number, {int(seed)}), file_index, row_number "
        f"LIMIT {int(sample)}"
    )
    try:
        _copy(
            con,
            f"SELECT {selected} FROM {scan} AS data SEMI JOIN {ids} AS ids "
            f"ON {position.replace('__mlgate_file', 'data.__mlgate_file')} = ids.file_index "
            "AND data.file_row_number = ids.row_number",
            target,
        )
    finally:
        con.execute(f"DROP TABLE IF EXISTS {ids}")


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
            con.execute(f"DROP VIEW IF EXISTS {side.table}")
            side.table = None
