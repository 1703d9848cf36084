"""Test data written with DuckDB (`COPY ... TO`), and a small runner around the real CLI."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import duckdb

from tests.conftest import CliResult, RunMlgate

COPY_OPTIONS = {"parquet": "(FORMAT parquet)", "csv": "(HEADER, DELIMITER ',')", "ndjson": "(FORMAT json)"}


# The top of every test contract (its lines count: tests assert file:line positions below it).
ODCS_HEADER = """
apiVersion: v3.1.0
kind: DataContract
id: t
version: 1.0.0
status: active
"""


def write_data(path: Path, select_sql: str, fmt: str | None = None) -> Path:
    """Write the rows of `select_sql` as Parquet, CSV or NDJSON (from the file extension)."""
    fmt = (
        fmt
        or {".parquet": "parquet", ".csv": "csv", ".ndjson": "ndjson", ".jsonl": "ndjson", ".json": "ndjson"}[
            path.suffix
        ]
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute(f"COPY ({select_sql}) TO '{path}' {COPY_OPTIONS[fmt]}")
    finally:
        con.close()
    return path


def write_contract(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def contract_test(
    run_mlgate: RunMlgate, *args: str | Path, cwd: Path | None = None
) -> tuple[CliResult, dict[str, Any]]:
    """Run `mlgate contract test ... --report json:-` and return the parsed report (empty when exit 2)."""
    result = run_mlgate("contract", "test", *args, "--report", "json:-", cwd=cwd)
    report = json.loads(result.stdout) if result.returncode in (0, 1) else {}
    return result, report


def by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in report["results"]}
