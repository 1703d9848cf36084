"""Sampling happens in DuckDB, is seeded and reproducible, and only the compared columns are read."""

from __future__ import annotations

from pathlib import Path

import duckdb

from mlgate.context import GateContext
from mlgate.drift.sample import fetch_column, load_columns, open_side


def _data(tmp_path: Path) -> Path:
    path = tmp_path / "big.parquet"
    duckdb.sql(
        f"COPY (SELECT i, random() AS x, (i % 7)::VARCHAR AS c, CASE WHEN i % 5 = 0 THEN NULL ELSE i END AS n "
        f"FROM range(300000) t(i)) TO '{path}' (FORMAT parquet)"
    )
    return path


def _sample(path: Path, seed: int, size: int = 20_000) -> tuple[list[int], int]:
    with GateContext(base_dir=path.parent) as ctx:
        side = open_side(str(path), "reference", ctx)
        load_columns(side, ["i", "n"], ctx, sample=size, seed=seed)
        ids = sorted(int(v) for v in fetch_column(side, "i", ctx, numerical=True))
        assert side.non_null is not None
        assert side.rows == 300_000 and side.sampled_rows == len(ids) == size and side.sampled
        # A nullable integer reaches pandas as float64 with NaN, as pandas reads it from Parquet.
        n = fetch_column(side, "n", ctx, numerical=True)
        assert str(n.dtype) == "float64" and int(n.isna().sum()) == size - side.non_null["n"]
        return ids, side.non_null["n"]


def test_sample_is_seeded_and_reproducible(tmp_path: Path) -> None:
    path = _data(tmp_path)
    first, second, other = _sample(path, 7), _sample(path, 7), _sample(path, 8)
    assert first == second
    assert len(set(first[0]) & set(other[0])) < len(first[0]) // 2  # a different seed draws other rows


def test_small_data_is_not_sampled_and_unlisted_columns_stay_in_duckdb(tmp_path: Path) -> None:
    path = _data(tmp_path)
    with GateContext(base_dir=tmp_path) as ctx:
        side = open_side(str(path), "current", ctx)
        load_columns(side, ["c"], ctx, sample=1_000_000, seed=1)
        assert (side.rows, side.sampled_rows, side.sampled) == (300_000, 300_000, False)
        columns = [row[0] for row in ctx.duckdb().execute(f"DESCRIBE {side.table}").fetchall()]
        assert columns == ["c"]
        assert fetch_column(side, "c", ctx, numerical=False).nunique() == 7
        # Sampling 10M rows takes over 2 s: DuckDB would draw its progress bar on the user's stderr.
        setting = ctx.duckdb().execute("SELECT current_setting('enable_progress_bar')").fetchone()
        assert setting == (False,)


def test_sample_over_several_files_is_exact_and_draws_from_each(tmp_path: Path) -> None:
    for part in (0, 1, 2):
        duckdb.sql(
            f"COPY (SELECT {part} AS part, i FROM range(40000) t(i)) TO '{tmp_path / f'part{part}.parquet'}' (FORMAT parquet)"
        )
    with GateContext(base_dir=tmp_path) as ctx:
        side = open_side("part*.parquet", "reference", ctx)
        load_columns(side, ["part"], ctx, sample=30_000, seed=3)
        parts = fetch_column(side, "part", ctx, numerical=True).value_counts().to_dict()
    assert (side.rows, side.sampled_rows) == (120_000, 30_000)
    assert sorted(parts) == [0, 1, 2] and all(9_000 < n < 11_000 for n in parts.values()), parts
