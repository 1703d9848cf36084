"""Where the data comes from: servers[], --server, --data, git:REF:PATH, directories; freshness; the example repo."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import REPO_ROOT, RunMlgate, git
from tests.contracts_test.helpers import ODCS_HEADER, by_id, contract_test, write_contract, write_data

CONTRACT = (
    ODCS_HEADER
    + """servers:
  - server: warehouse
    type: postgres
    host: db
    port: 5432
    database: x
    schema: y
  - server: sample
    type: local
    path: data/orders.parquet
    format: parquet
  - server: export
    type: local
    path: data/export.csv
    format: csv
schema:
  - name: orders
    properties:
      - name: id
        logicalType: integer
        unique: true
"""
)


def test_server_path_is_relative_to_the_contract(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    contract = write_contract(tmp_path / "contracts" / "orders.odcs.yaml", CONTRACT)
    write_data(tmp_path / "contracts" / "data" / "orders.parquet", "SELECT range AS id FROM range(5)")
    write_data(tmp_path / "contracts" / "data" / "export.csv", "SELECT range % 2 AS id FROM range(5)")
    result, report = contract_test(run_mlgate, "contracts/orders.odcs.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.output
    assert by_id(report)["contract:orders.id.unique"]["status"] == "pass"
    result, report = contract_test(run_mlgate, contract, "--server", "export")
    assert result.returncode == 1
    assert by_id(report)["contract:orders.id.unique"]["failed_rows"] == 3
    result = run_mlgate("contract", "test", contract, "--server", "warehouse")
    assert result.returncode == 2
    assert "server 'warehouse' (type postgres) is not a local file mlgate can read" in result.stderr
    result = run_mlgate("contract", "test", contract, "--server", "nope")
    assert "the contract has no server named 'nope' (servers: warehouse, sample, export)" in result.stderr


def test_git_data_source(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract = write_contract(git_repo / "orders.odcs.yaml", CONTRACT)
    write_data(git_repo / "orders.csv", "SELECT range AS id FROM range(10)")
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "data")
    write_data(git_repo / "orders.csv", "SELECT range % 5 AS id FROM range(10)")  # uncommitted change
    result, report = contract_test(run_mlgate, contract, "--data", "git:HEAD:orders.csv", cwd=git_repo)
    assert result.returncode == 0, result.output
    result, report = contract_test(run_mlgate, contract, "--data", "orders.csv", cwd=git_repo)
    assert result.returncode == 1
    assert by_id(report)["contract:orders.id.unique"]["failed_rows"] == 5
    result = run_mlgate("contract", "test", contract, "--data", "git:nope:orders.csv", cwd=git_repo)
    assert result.returncode == 2
    assert "nope" in result.stderr


def test_several_objects_one_file_each(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    two = (
        CONTRACT
        + "  - name: customers\n    physicalName: dim_customers\n    properties:\n      - name: email\n        logicalType: string\n        required: true\n"
    )
    contract = write_contract(tmp_path / "c.odcs.yaml", two)
    write_data(tmp_path / "data" / "orders.ndjson", "SELECT range AS id FROM range(4)")
    write_data(
        tmp_path / "data" / "dim_customers.ndjson",
        "SELECT CASE WHEN range = 2 THEN NULL ELSE 'a@b.c' END AS email FROM range(4)",
    )
    result, report = contract_test(run_mlgate, contract, "--data", tmp_path / "data")
    assert result.returncode == 1, result.output
    results = by_id(report)
    assert results["contract:orders.id.unique"]["status"] == "pass"
    assert results["contract:customers.email.required"]["failed_rows"] == 1
    assert results["contract:customers.email.required"]["samples"] == [{"row": 3, "value": None}]
    result, report = contract_test(
        run_mlgate, contract, "--data", tmp_path / "data" / "orders.ndjson", "--schema", "orders"
    )
    assert result.returncode == 0
    assert not any(r["target"].startswith("customers") for r in report["results"])


def test_glob_of_csv_files_reports_file_and_row(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    contract = write_contract(tmp_path / "c.odcs.yaml", CONTRACT)
    write_data(tmp_path / "part-1.csv", "SELECT range AS id FROM range(3)")
    write_data(tmp_path / "part-2.csv", "SELECT range + 2 AS id FROM range(3)")
    result, report = contract_test(run_mlgate, contract, "--data", str(tmp_path / "part-*.csv"))
    assert result.returncode == 1
    unique = by_id(report)["contract:orders.id.unique"]
    assert unique["failed_rows"] == 1
    assert unique["samples"] == [
        {
            "value": 2,
            "count": 2,
            "rows": [
                {"file": str(tmp_path / "part-1.csv"), "row": 3},
                {"file": str(tmp_path / "part-2.csv"), "row": 1},
            ],
        }
    ]


FRESH = (
    ODCS_HEADER
    + """schema:
  - name: events
    properties:
      - name: at
        logicalType: timestamp
slaProperties:
  - property: latency
    value: {value}
    unit: {unit}
    element: events.at
  - property: retention
    value: 3
    unit: y
"""
)


def test_freshness_from_sla_properties(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    two_days_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S")
    data = write_data(
        tmp_path / "events.csv",
        f"SELECT TIMESTAMP '{two_days_ago}' - INTERVAL (range) HOUR AS at FROM range(5)",
    )
    ok = write_contract(tmp_path / "ok.odcs.yaml", FRESH.format(value=3, unit="d"))
    result, report = contract_test(run_mlgate, ok, "--data", data)
    assert result.returncode == 0, result.output
    fresh = by_id(report)["contract:events.freshness"]
    assert fresh["status"] == "pass"
    assert fresh["observed"].endswith(" d") and fresh["observed"].startswith("2.0")
    stale = write_contract(tmp_path / "stale.odcs.yaml", FRESH.format(value=36, unit="h"))
    result, report = contract_test(run_mlgate, stale, "--data", data)
    assert result.returncode == 1
    fresh = by_id(report)["contract:events.freshness"]
    assert fresh["status"] == "fail"
    assert fresh["expected"] == "newest value at most 36 h old (129600 s)"
    assert fresh["source"]["line"] == 12  # the `- property: latency` entry


def test_example_repo_passes_and_its_broken_export_fails(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    examples = tmp_path / "examples"
    shutil.copytree(REPO_ROOT / "examples" / "contracts", examples / "contracts")
    shutil.copytree(REPO_ROOT / "examples" / "data", examples / "data")
    result, report = contract_test(run_mlgate, "contracts/transactions.odcs.yaml", cwd=examples)
    assert result.returncode == 0, result.output
    assert report["summary"]["fail"] == 0 and report["summary"]["skipped"] == 1
    result, report = contract_test(
        run_mlgate, "contracts/transactions.odcs.yaml", "--data", "data/transactions_broken.csv", cwd=examples
    )
    assert result.returncode == 1
    failed = {r["id"]: r["failed_rows"] for r in report["results"] if r["status"] == "fail"}
    assert failed == {
        "contract:transactions.amount.type": 3,
        "contract:transactions.amount.minimum": 2,
        "contract:transactions.created_at.type": 1,
        "contract:transactions.currency.quality[0].invalidValues": 4,
        "contract:transactions.transaction_id.unique": 1,
        "contract:transactions.primaryKey": 1,
        "contract:transactions.customer_email.format": 2,
        "contract:transactions.quality[0].rowCount": None,
    }
    assert by_id(report)["contract:transactions.columns"]["status"] == "warn"
    # the committed data is what the committed script makes
    before = {p.name: p.read_bytes() for p in (examples / "data").iterdir() if p.suffix in (".csv",)}
    run = __import__("subprocess").run(
        [__import__("sys").executable, str(examples / "data" / "make_data.py")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert {p.name: p.read_bytes() for p in (examples / "data").iterdir() if p.suffix in (".csv",)} == before


def test_freshness_element_naming_an_unknown_table_is_visible(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    data = write_data(tmp_path / "events.parquet", "SELECT TIMESTAMP '2024-01-01' AS at")
    contract = write_contract(
        tmp_path / "c.odcs.yaml", FRESH.format(value=3, unit="d").replace("events.at", "tab1.at")
    )
    result, report = contract_test(run_mlgate, contract, "--data", data)
    assert result.returncode == 0
    skipped = by_id(report)["contract:slaProperties[0].freshness"]
    assert skipped["status"] == "skipped"
    assert "names table 'tab1', which is not in the contract's schema" in skipped["message"]


def test_nested_json_values_are_not_type_failures(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    data = tmp_path / "events.ndjson"
    data.write_text(
        '{"id": 1, "tags": ["a", "b"], "meta": {"k": 1}}\n{"id": 2, "tags": [], "meta": {"k": 2}}\n'
    )
    contract = write_contract(
        tmp_path / "c.odcs.yaml",
        CONTRACT.split("servers:")[0]
        + "schema:\n  - name: events\n    properties:\n      - {name: id, logicalType: integer, required: true}\n"
        "      - {name: tags, logicalType: array}\n      - {name: meta, logicalType: object, required: true}\n",
    )
    result, report = contract_test(run_mlgate, contract, "--data", data, "--strict")
    assert result.returncode == 0, result.output
    assert by_id(report)["contract:events.meta.required"]["status"] == "pass"


def test_json_numbers_in_a_string_column_fail_the_type_check(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    data = tmp_path / "events.ndjson"
    data.write_text('{"id": 1, "code": 5}\n{"id": 2, "code": 7}\n')
    contract = write_contract(
        tmp_path / "c.odcs.yaml",
        CONTRACT.split("servers:")[0]
        + "schema:\n  - name: events\n    properties:\n      - {name: id, logicalType: integer}\n"
        "      - {name: code, logicalType: string}\n",
    )
    result, report = contract_test(run_mlgate, contract, "--data", data)
    assert result.returncode == 1, result.output
    check = by_id(report)["contract:events.code.type"]
    assert (check["status"], check["observed"]) == ("fail", "BIGINT")
    assert check["message"] == "'code' is stored as BIGINT, but the contract declares logicalType string"


def test_column_logical_types_for_the_drift_gate(tmp_path: Path) -> None:
    from mlgate.contracts.document import load_contract
    from mlgate.contracts.gate import column_logical_types

    contract = write_contract(
        tmp_path / "c.odcs.yaml",
        CONTRACT.replace("- name: id\n", "- name: id\n        physicalName: order_id\n"),
    )
    assert column_logical_types(load_contract(contract), None) == {"order_id": "integer"}
    assert (
        column_logical_types(
            load_contract(REPO_ROOT / "examples" / "contracts" / "transactions.odcs.yaml"), "transactions"
        )["created_at"]
        == "timestamp"
    )
