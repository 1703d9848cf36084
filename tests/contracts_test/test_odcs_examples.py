"""Every schema object of the official ODCS examples runs (no engine error, no crash) on matching data.

One directory per contract with one Parquet file per object, named after it: this also exercises
testing a multi-object contract in one run.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import yaml

from mlgate.context import GateContext
from mlgate.contracts.gate import run_contract
from mlgate.results import Status
from tests.conftest import ODCS_EXAMPLES

VALUE_BY_LOGICAL_TYPE = {
    "integer": "range::BIGINT",
    "number": "range * 1.5",
    "string": "'v' || range",
    "date": "DATE '2020-06-01' + range::INTEGER",
    "timestamp": "TIMESTAMP '2020-06-01 10:00:00' + INTERVAL (range) HOUR",
    "time": "TIME '10:00:00'",
    "boolean": "range % 2 = 0",
    "array": "[range, 2]",
    "object": "{'a': range}",
}


def _write_objects(con: duckdb.DuckDBPyConnection, contract: Path, folder: Path) -> int:
    doc = yaml.load(contract.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # strings only
    folder.mkdir()
    count = 0
    for obj in doc.get("schema") or []:
        props = [p for p in obj.get("properties") or [] if isinstance(p, dict) and p.get("name")]
        columns = [
            VALUE_BY_LOGICAL_TYPE.get(p.get("logicalType", "string"), "'x'")
            + ' AS "'
            + (p.get("physicalName") or p["name"])
            + '"'
            for p in props
        ] or ["1 AS placeholder"]
        name = obj.get("physicalName") or obj["name"]
        con.execute(
            f"COPY (SELECT {', '.join(columns)} FROM range(5)) TO '{folder / name}.parquet' (FORMAT parquet)"
        )
        count += 1
    return count


def test_every_official_example_object_runs(tmp_path: Path) -> None:
    con = duckdb.connect()
    statuses: dict[Status, int] = {}
    tested = 0
    for contract in sorted(ODCS_EXAMPLES.glob("*.yaml")):
        objects = _write_objects(con, contract, tmp_path / contract.stem)
        if not objects:
            continue
        with GateContext(base_dir=tmp_path) as ctx:
            results = run_contract(contract, ctx, data=str(tmp_path / contract.stem))
        assert results and all(r.gate == "contracts" and r.source is not None for r in results), contract.name
        tested += len({r.target.split(".")[0] for r in results})
        for r in results:
            statuses[r.status] = statuses.get(r.status, 0) + 1
    assert tested >= 70
    assert statuses.get(Status.ERROR, 0) == 0
    assert statuses[Status.PASS] > 500
