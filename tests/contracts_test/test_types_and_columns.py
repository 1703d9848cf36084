"""Column set and types: int32→int64 on Parquet, extra/missing columns, text values that do not parse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import RunMlgate
from tests.contracts_test.helpers import ODCS_HEADER, by_id, contract_test, write_contract, write_data

CONTRACT = (
    ODCS_HEADER
    + """schema:
  - name: events
    properties:
      - name: event_id
        logicalType: integer
        physicalType: {id_type}
        required: true
      - name: amount
        logicalType: number
        required: true
        logicalTypeOptions:
          minimum: 0
      - name: happened_at
        logicalType: timestamp
"""
)


def _contract(tmp_path: Path, id_type: str = "int") -> Path:
    return write_contract(tmp_path / "events.odcs.yaml", CONTRACT.replace("{id_type}", id_type))


def test_parquet_int32_that_became_int64_fails(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    data = write_data(
        tmp_path / "events.parquet",
        "SELECT range::BIGINT AS event_id, 1.5 AS amount, TIMESTAMP '2024-01-01' AS happened_at FROM range(10)",
    )
    result, report = contract_test(run_mlgate, _contract(tmp_path), "--data", data)
    assert result.returncode == 1
    check = by_id(report)["contract:events.event_id.type"]
    assert check["status"] == "fail"
    assert check["observed"] == "BIGINT"
    assert check["expected"] == "physicalType int, logicalType integer (DuckDB INTEGER)"
    assert "stored as BIGINT, but the contract declares physicalType int" in check["message"]
    # the same file passes a contract that says int64 (or only logicalType integer)
    result, report = contract_test(run_mlgate, _contract(tmp_path, "int64"), "--data", data)
    assert result.returncode == 0, result.output
    assert by_id(report)["contract:events.event_id.type"]["status"] == "pass"


def test_one_parquet_file_of_a_glob_that_became_int64_fails(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    """DuckDB reads a glob with the first file's types; each file's stored type is checked."""
    row = "1.5 AS amount, TIMESTAMP '2024-01-01' AS happened_at FROM range(10)"
    write_data(tmp_path / "part" / "p1.parquet", f"SELECT range::INTEGER AS event_id, {row}")
    write_data(tmp_path / "part" / "p2.parquet", f"SELECT range::BIGINT AS event_id, {row}")
    result, report = contract_test(run_mlgate, _contract(tmp_path), "--data", tmp_path / "part" / "*.parquet")
    assert result.returncode == 1, result.output
    check = by_id(report)["contract:events.event_id.type"]
    assert (check["status"], check["observed"]) == ("fail", "INTEGER | BIGINT")
    assert check["message"].startswith("'event_id' is stored as INTEGER in ")
    assert "p1.parquet; BIGINT in " in check["message"]
    assert check["message"].endswith(
        "p2.parquet, but the contract declares physicalType int, logicalType integer (DuckDB INTEGER)"
    )
    assert by_id(report)["contract:events.amount.type"]["status"] == "pass"


def test_parquet_int32_passes_int_contract(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    data = write_data(
        tmp_path / "events.parquet",
        "SELECT range::INTEGER AS event_id, 1.5 AS amount, TIMESTAMP '2024-01-01' AS happened_at FROM range(10)",
    )
    result, report = contract_test(run_mlgate, _contract(tmp_path), "--data", data)
    assert result.returncode == 0, result.output
    assert report["summary"]["pass"] == report["summary"]["total"]


def test_extra_column_warns_and_fails_under_strict(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    data = write_data(
        tmp_path / "events.parquet",
        "SELECT range::INTEGER AS event_id, 1.5 AS amount, TIMESTAMP '2024-01-01' AS happened_at, "
        "'x' AS debug, 1 AS tmp_col FROM range(3)",
    )
    contract = _contract(tmp_path)
    result, report = contract_test(run_mlgate, contract, "--data", data)
    assert result.returncode == 0
    extra = by_id(report)["contract:events.columns"]
    assert extra["status"] == "warn"
    assert extra["observed"] == ["debug", "tmp_col"]
    assert "2 column(s) in the data are not in the contract: 'debug', 'tmp_col'" in extra["message"]
    assert "mlgate: PASSED with warnings" in result.stderr
    result, report = contract_test(run_mlgate, contract, "--data", data, "--strict")
    assert result.returncode == 1
    assert by_id(report)["contract:events.columns"]["status"] == "fail"


def test_missing_column_is_a_failed_check_not_an_engine_error(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    data = write_data(tmp_path / "events.csv", "SELECT range AS event_id, 2.0 AS Amount FROM range(4)")
    result, report = contract_test(run_mlgate, _contract(tmp_path), "--data", data)
    assert result.returncode == 1, result.output
    results = by_id(report)
    assert results["contract:events.amount.exists"]["status"] == "fail"
    assert (
        "(the data has 'Amount': names are case-sensitive)"
        in results["contract:events.amount.exists"]["message"]
    )
    assert results["contract:events.happened_at.exists"]["status"] == "fail"
    assert results["contract:events.amount.required"]["status"] == "skipped"
    assert results["contract:events.event_id.required"]["status"] == "pass"
    assert report["summary"]["fail"] == 2


TEXT_ROWS = [
    ("1", "10.5", "2024-01-01 10:00:00"),
    ("2", "N/A", "2024-01-02 10:00:00"),
    ("3", "7", "2013-13-45"),
    ("4", "N/A", "2024-01-04T08:30:00"),
    ("5", "", "2024-02-30"),
    ("six", "1e3", ""),
]


def _text_data(path: Path) -> Path:
    """The rows above as CSV, or as NDJSON with numbers as JSON numbers and empty fields as null."""
    if path.suffix == ".csv":
        lines = ["event_id,amount,happened_at"] + [",".join(row) for row in TEXT_ROWS]
    else:
        lines = [
            json.dumps(
                {
                    name: None if value == "" else json.loads(value) if _is_number(value) else value
                    for name, value in zip(("event_id", "amount", "happened_at"), row, strict=True)
                }
            )
            for row in TEXT_ROWS
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("ext", ["csv", "ndjson"])
def test_text_that_does_not_parse_is_counted_and_sampled(
    run_mlgate: RunMlgate, tmp_path: Path, ext: str
) -> None:
    data = _text_data(tmp_path / f"events.{ext}")
    result, report = contract_test(run_mlgate, _contract(tmp_path, "BIGINT"), "--data", data)
    assert result.returncode == 1
    results = by_id(report)
    amount = results["contract:events.amount.type"]
    assert (amount["status"], amount["failed_rows"]) == ("fail", 2)
    assert amount["samples"] == [{"row": 2, "value": "N/A"}, {"row": 4, "value": "N/A"}]
    happened = results["contract:events.happened_at.type"]
    assert (happened["status"], happened["failed_rows"]) == ("fail", 2)
    assert happened["samples"] == [{"row": 3, "value": "2013-13-45"}, {"row": 5, "value": "2024-02-30"}]
    event_id = results["contract:events.event_id.type"]
    assert (event_id["failed_rows"], event_id["samples"]) == (1, [{"row": 6, "value": "six"}])
    # an empty field is a null, not a parse failure; `N/A` is not null either
    assert results["contract:events.amount.required"]["failed_rows"] == 1
    assert results["contract:events.amount.minimum"]["status"] == "pass"


def test_text_rows_shown_with_row_numbers_under_verbose(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    csv = tmp_path / "events.csv"
    csv.write_text("event_id,amount,happened_at\n1,-3,2024-01-01\n2,4,2024-01-01\n3,-1,2024-01-01\n")
    result = run_mlgate("contract", "test", _contract(tmp_path), "--data", csv, "-v")
    assert result.returncode == 1
    assert "contract:events.amount.minimum: 2 of 3 rows (66.7%) break it: amount ≥ 0" in result.stdout
    assert "{'row': 1, 'value': -3.0}" in result.stdout
    assert "{'row': 3, 'value': -1.0}" in result.stdout
    quiet = run_mlgate("contract", "test", _contract(tmp_path), "--data", csv)
    assert "'row': 1" not in quiet.stdout
    assert "events.odcs.yaml:17:20" in quiet.stdout  # where `minimum: 0` is declared


def test_samples_limit(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    data = write_data(
        tmp_path / "events.parquet",
        "SELECT range::INTEGER AS event_id, -range - 1.0 AS amount, NULL::TIMESTAMP AS happened_at FROM range(50)",
    )
    _, report = contract_test(run_mlgate, _contract(tmp_path), "--data", data, "--samples", "2")
    check = by_id(report)["contract:events.amount.minimum"]
    assert check["failed_rows"] == 50
    assert check["samples"] == [{"row": 1, "value": -1.0}, {"row": 2, "value": -2.0}]
    too_many = run_mlgate("contract", "test", _contract(tmp_path), "--data", data, "--samples", "1000001")
    assert too_many.returncode == 2
    assert "Invalid value for '--samples': 1000001 is not in the range 0<=x<=1000." in too_many.stderr


def test_fraction_in_an_integer_csv_column_is_not_rounded_away(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    csv = tmp_path / "events.csv"
    csv.write_text("event_id,amount,happened_at\n1,1,2024-01-01\n1.5,2,2024-01-01\n2,3,2024-01-01\n")
    result, report = contract_test(run_mlgate, _contract(tmp_path, "BIGINT"), "--data", csv)
    assert result.returncode == 1
    check = by_id(report)["contract:events.event_id.type"]
    assert (check["failed_rows"], check["samples"]) == (1, [{"row": 2, "value": "1.5"}])


def test_missing_values_of_any_type_on_typed_and_text_data(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    contract = write_contract(
        tmp_path / "c.odcs.yaml",
        CONTRACT.replace("{id_type}", "BIGINT").replace(
            "      - name: happened_at\n",
            "        quality:\n          - metric: missingValues\n            arguments: {missingValues: [null, -1, 'N/A']}\n"
            "            mustBe: 0\n      - name: happened_at\n",
        ),
    )
    sql = "SELECT range AS event_id, CASE WHEN range = 2 THEN -1.0 WHEN range = 4 THEN NULL ELSE 1.0 END AS amount, NULL::TIMESTAMP AS happened_at FROM range(6)"
    for ext in ("parquet", "csv", "ndjson"):
        data = write_data(tmp_path / f"e.{ext}", sql)
        result, report = contract_test(run_mlgate, contract, "--data", data)
        check = by_id(report)["contract:events.amount.quality[0].missingValues"]
        assert result.returncode == 1, result.output
        assert (ext, check["failed_rows"], [s["row"] for s in check["samples"]]) == (ext, 2, [3, 5])
