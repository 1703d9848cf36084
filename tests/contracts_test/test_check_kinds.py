"""Every check kind, on Parquet, CSV and NDJSON, with exact failing-row counts (through the real CLI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import RunMlgate
from tests.contracts_test.helpers import by_id, contract_test, write_contract, write_data


def _rows() -> list[tuple[object, ...]]:
    rows = []
    for i in range(1, 21):
        rows.append(
            [
                19 if i == 20 else i,  # id: one duplicate
                "eu" if i % 2 else "us",  # region
                2 if i == 4 else i,  # seq: (us, 2) twice -> composite key duplicate
                {3: None, 7: None, 5: "bob", 6: "Al", 8: "Bartholomew"}.get(i, "Alice"),  # name
                {9: -1.0, 10: -2.5, 11: 5000.0}.get(i, 10.5 * i),  # amount
                {12: 0.0, 13: 1.0}.get(i, 0.5),  # score
                {14: "not-an-email", 15: "x@y"}.get(i, f"user{i}@example.com"),  # email
                {2: "paid", 16: "lost", 17: "N/A", 18: None}.get(i, "new"),  # status
                "2023-06-01 00:00:00" if i == 19 else f"2024-03-01 {i:02d}:00:00",  # created_at
                i % 3 == 0,  # is_active
                7 if i == 1 else 1 + i % 3,  # priority
            ]
        )
    return [tuple(r) for r in rows]


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


COLUMNS = [
    ("id", "BIGINT"),
    ("region", "VARCHAR"),
    ("seq", "BIGINT"),
    ("name", "VARCHAR"),
    ("amount", "DOUBLE"),
    ("score", "DOUBLE"),
    ("email", "VARCHAR"),
    ("status", "VARCHAR"),
    ("created_at", "TIMESTAMP"),
    ("is_active", "BOOLEAN"),
    ("priority", "INTEGER"),
]


def data_sql() -> str:
    values = ", ".join("(" + ", ".join(_literal(v) for v in row) + ")" for row in _rows())
    casts = ", ".join(f"CAST(c{i} AS {t}) AS {n}" for i, (n, t) in enumerate(COLUMNS))
    names = ", ".join(f"c{i}" for i in range(len(COLUMNS)))
    return f"SELECT {casts} FROM (VALUES {values}) AS v({names})"


CONTRACT = """
apiVersion: v3.1.0
kind: DataContract
id: orders-contract
version: 1.0.0
status: active
schema:
  - name: orders
    properties:
      - name: id
        logicalType: integer
        physicalType: BIGINT
        unique: true
      - name: region
        logicalType: string
        physicalType: VARCHAR
        primaryKey: true
        primaryKeyPosition: 1
        quality:
          - metric: duplicateValues
            mustBe: 18
      - name: seq
        logicalType: integer
        physicalType: BIGINT
        primaryKey: true
        primaryKeyPosition: 2
      - name: name
        logicalType: string
        required: true
        logicalTypeOptions:
          pattern: "[A-Z][a-z]+"
          minLength: 3
          maxLength: 8
        quality:
          - {metric: nullValues, mustBe: 2}
          - {metric: nullValues, mustNotBe: 2}
          - {metric: nullValues, mustBeGreaterThan: 1}
          - {metric: nullValues, mustBeGreaterOrEqualTo: 3}
          - {metric: nullValues, mustBeLessThan: 10, unit: percent}
          - {metric: nullValues, mustBeLessOrEqualTo: 10, unit: percent}
          - {metric: nullValues, mustBeBetween: [1, 3]}
          - {metric: nullValues, mustNotBeBetween: [1, 3], severity: warning}
      - name: amount
        logicalType: number
        physicalType: DOUBLE
        logicalTypeOptions:
          minimum: 0
          maximum: 1000
        quality:
          - type: sql
            query: SELECT MAX({property}) FROM ${object}
            mustBeLessThan: 6000
      - name: score
        logicalType: number
        logicalTypeOptions:
          exclusiveMinimum: 0
          exclusiveMaximum: 1
      - name: email
        logicalType: string
        logicalTypeOptions:
          format: email
      - name: status
        logicalType: string
        quality:
          - metric: invalidValues
            arguments:
              validValues: [new, paid, refunded]
            mustBe: 0
          - metric: missingValues
            arguments:
              missingValues: [null, "N/A"]
            mustBeLessThan: 2
          - metric: invalidValues
            arguments:
              invalidValues: [lost]
            mustBe: 1
          - metric: invalidValues
            arguments:
              pattern: "[a-z]+"
            mustBe: 0
      - name: created_at
        logicalType: timestamp
        physicalType: TIMESTAMP
        logicalTypeOptions:
          minimum: "2024-01-01T00:00:00"
      - name: is_active
        logicalType: boolean
      - name: priority
        logicalType: integer
        enum:
          - value: 1
          - value: 2
          - value: 3
    quality:
      - metric: rowCount
        mustBe: 20
      - metric: duplicateValues
        arguments:
          properties: [region, seq]
        mustBe: 0
      - type: sql
        query: SELECT COUNT(*) FROM {object} WHERE amount < 0
        mustBe: 0
      - type: text
        description: Orders are reconciled with the ledger nightly.
      - type: custom
        engine: soda
        implementation: "type: row_count"
"""

# id -> (status, failed_rows)
EXPECTED: dict[str, tuple[str, int | None]] = {
    "contract:orders.id.unique": ("fail", 1),
    "contract:orders.primaryKey": ("fail", 1),
    "contract:orders.region.quality[0].duplicateValues": ("pass", 18),
    "contract:orders.name.required": ("fail", 2),
    "contract:orders.name.pattern": ("fail", 1),
    "contract:orders.name.minLength": ("fail", 1),
    "contract:orders.name.maxLength": ("fail", 1),
    "contract:orders.name.quality[0].nullValues": ("pass", 2),
    "contract:orders.name.quality[1].nullValues": ("fail", 2),
    "contract:orders.name.quality[2].nullValues": ("pass", 2),
    "contract:orders.name.quality[3].nullValues": ("fail", 2),
    "contract:orders.name.quality[4].nullValues": ("fail", 2),
    "contract:orders.name.quality[5].nullValues": ("pass", 2),
    "contract:orders.name.quality[6].nullValues": ("pass", 2),
    "contract:orders.name.quality[7].nullValues": ("warn", 2),
    "contract:orders.amount.minimum": ("fail", 2),
    "contract:orders.amount.maximum": ("fail", 1),
    "contract:orders.amount.quality[0].sql": ("pass", None),
    "contract:orders.score.exclusiveMinimum": ("fail", 1),
    "contract:orders.score.exclusiveMaximum": ("fail", 1),
    "contract:orders.email.format": ("fail", 2),
    "contract:orders.status.quality[0].invalidValues": ("fail", 2),
    "contract:orders.status.quality[1].missingValues": ("fail", 2),
    "contract:orders.status.quality[2].invalidValues": ("pass", 1),
    "contract:orders.status.quality[3].invalidValues": ("fail", 1),
    "contract:orders.created_at.minimum": ("fail", 1),
    "contract:orders.priority.enum": ("fail", 1),
    "contract:orders.quality[0].rowCount": ("pass", None),
    "contract:orders.quality[1].duplicateValues": ("fail", 1),
    "contract:orders.quality[2].sql": ("fail", None),
    "contract:orders.quality[3].text": ("skipped", None),
    "contract:orders.quality[4].custom": ("skipped", None),
}


@pytest.mark.parametrize("ext", ["parquet", "csv", "ndjson"])
def test_every_check_kind_with_exact_counts(run_mlgate: RunMlgate, tmp_path: Path, ext: str) -> None:
    contract = write_contract(tmp_path / "orders.odcs.yaml", CONTRACT)
    data = write_data(tmp_path / f"orders.{ext}", data_sql())
    result, report = contract_test(run_mlgate, contract, "--data", data)
    assert result.returncode == 1, result.output
    results = by_id(report)
    got = {rid: (results[rid]["status"], results[rid]["failed_rows"]) for rid in EXPECTED if rid in results}
    assert got == EXPECTED
    # every declared column is present and every value parses as its declared type
    for name, _ in COLUMNS:
        assert results[f"contract:orders.{name}.exists"]["status"] == "pass"
        assert results[f"contract:orders.{name}.type"]["status"] == "pass", results[
            f"contract:orders.{name}.type"
        ]
    assert all(r["gate"] == "contracts" for r in report["results"])
    sql = results["contract:orders.quality[2].sql"]
    assert sql["observed"] == 2
    lines = contract.read_text().splitlines()
    sql_line = lines.index(
        "        query: SELECT COUNT(*) FROM {object} WHERE amount < 0"
    )  # 0-based = the `- type` line
    assert (sql["source"]["line"], sql["source"]["column"]) == (sql_line, 9)
    assert sql["source"]["file"].endswith("orders.odcs.yaml")
    assert results["contract:orders.amount.minimum"]["samples"] == [
        {"row": 9, "value": -1.0},
        {"row": 10, "value": -2.5},
    ]
    assert results["contract:orders.id.unique"]["samples"] == [{"value": 19, "count": 2, "rows": [19, 20]}]
    assert results["contract:orders.primaryKey"]["samples"] == [
        {"value": ["us", 2], "count": 2, "rows": [2, 4]}
    ]
    assert "mustBeLessThan: 10" in results["contract:orders.name.quality[4].nullValues"]["expected"]
    assert results["contract:orders.quality[3].text"]["message"].startswith("skipped: a `type: text` rule")
    assert report["summary"]["fail"] == sum(1 for s, _ in EXPECTED.values() if s == "fail")


def test_strict_turns_unexecutable_rules_into_errors(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    contract = write_contract(tmp_path / "orders.odcs.yaml", CONTRACT)
    data = write_data(tmp_path / "orders.parquet", data_sql())
    result, _ = contract_test(run_mlgate, contract, "--data", data, "--strict")
    assert result.returncode == 2
    results = by_id(json_report(result.stdout))
    assert results["contract:orders.quality[3].text"]["status"] == "error"
    assert results["contract:orders.quality[4].custom"]["status"] == "error"


def json_report(stdout: str) -> dict[str, object]:
    import json

    data: dict[str, object] = json.loads(stdout)
    return data
