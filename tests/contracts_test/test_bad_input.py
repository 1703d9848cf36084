"""Ugly input never tracebacks and never passes silently: exit 2 with a message that says what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import RunMlgate
from tests.contracts_test.helpers import ODCS_HEADER, by_id, contract_test, write_contract, write_data

CONTRACT = (
    ODCS_HEADER
    + """schema:
  - name: items
    properties:
      - name: a
        logicalType: integer
        required: true
      - name: b
        logicalType: string
"""
)


def _contract(tmp_path: Path) -> Path:
    return write_contract(tmp_path / "items.odcs.yaml", CONTRACT)


def test_empty_file(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    for name in ("empty.csv", "empty.parquet", "empty.ndjson"):
        (tmp_path / name).write_bytes(b"")
        result = run_mlgate("contract", "test", _contract(tmp_path), "--data", tmp_path / name)
        assert result.returncode == 2, result.output
        assert f"{name}: the data file is empty (0 bytes)" in result.stderr


def test_header_only_csv_warns_instead_of_passing_silently(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    csv = tmp_path / "items.csv"
    csv.write_text("a,b\n")
    result, report = contract_test(run_mlgate, _contract(tmp_path), "--data", csv)
    assert result.returncode == 0
    rows = by_id(report)["contract:items.rows"]
    assert rows["status"] == "warn"
    assert rows["message"] == "the data has no rows, so every row-level check passes without evidence"
    assert (
        run_mlgate("contract", "test", _contract(tmp_path), "--data", csv, "--fail-on", "warn").returncode
        == 1
    )
    assert run_mlgate("contract", "test", _contract(tmp_path), "--data", csv, "--strict").returncode == 1


def test_corrupt_parquet(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    good = write_data(tmp_path / "good.parquet", "SELECT range AS a, 'x' || range AS b FROM range(100000)")
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(good.read_bytes()[:200])
    result = run_mlgate("contract", "test", _contract(tmp_path), "--data", bad)
    assert result.returncode == 2
    assert "bad.parquet: reading the data failed:" in result.stderr
    assert "fix: the file is not valid Parquet (truncated or corrupt?)" in result.stderr
    # a damaged footer length, and data pages that no longer decompress (the footer still reads)
    footer = bytearray(good.read_bytes())
    footer[-8:-4] = b"\xff\xff\xff\x7f"
    pages = bytearray(good.read_bytes())
    for i in range(100, len(pages) // 2):
        pages[i] ^= 0x5A
    for name, damaged in (("footer.parquet", footer), ("pages.parquet", pages)):
        (tmp_path / name).write_bytes(bytes(damaged))
        result = run_mlgate("contract", "test", _contract(tmp_path), "--data", tmp_path / name)
        assert result.returncode == 2, result.output
        assert f"{name}: " in result.stderr and " failed: " in result.stderr
        assert "fix: the file is not valid Parquet (truncated or corrupt?)" in result.stderr


def test_ragged_csv(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    csv = tmp_path / "items.csv"
    csv.write_text("a,b\n1,x\n2,y,extra\n3,z\n")
    result = run_mlgate("contract", "test", _contract(tmp_path), "--data", csv)
    assert result.returncode == 2
    assert "items.csv: reading the data failed" in result.stderr
    assert "fix: the CSV rows do not all have the same number of fields" in result.stderr


def test_non_utf8_bytes(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    csv = tmp_path / "items.csv"
    csv.write_bytes(b"a,b\n1,caf\xe9\n2,ok\n")
    result = run_mlgate("contract", "test", _contract(tmp_path), "--data", csv)
    assert result.returncode == 2
    assert "fix: the file is not UTF-8 text; re-encode it as UTF-8" in result.stderr


def test_contract_that_is_not_yaml(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    data = write_data(tmp_path / "items.csv", "SELECT 1 AS a, 'x' AS b")
    bad = tmp_path / "bad.odcs.yaml"
    bad.write_text("schema:\n  - name: items\n   properties: [\n")
    result = run_mlgate("contract", "test", bad, "--data", data)
    assert result.returncode == 2
    assert "bad.odcs.yaml:3:" in result.stderr and "not valid YAML" in result.stderr
    (tmp_path / "list.yaml").write_text("- a\n- b\n")
    result = run_mlgate("contract", "test", tmp_path / "list.yaml", "--data", data)
    assert result.returncode == 2
    assert "contract must be a YAML mapping, found a list" in result.stderr
    result = run_mlgate("contract", "test", tmp_path / "missing.yaml", "--data", data)
    assert result.returncode == 2
    assert "contract not found" in result.stderr


def test_contract_for_a_table_that_is_not_in_the_data(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    data = write_data(tmp_path / "items.parquet", "SELECT 1 AS a, 'x' AS b")
    result = run_mlgate("contract", "test", _contract(tmp_path), "--data", data, "--schema", "orders")
    assert result.returncode == 2
    assert "the contract has no schema object named 'orders' (it has: items)" in result.stderr
    two = write_contract(
        tmp_path / "two.odcs.yaml",
        CONTRACT + "  - name: customers\n    properties:\n      - name: id\n        logicalType: integer\n",
    )
    result = run_mlgate("contract", "test", two, "--data", tmp_path)
    assert result.returncode == 2
    assert "no data file for customers" in result.stderr
    assert "--schema NAME" in result.stderr


def test_data_that_does_not_exist_and_no_server(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    result = run_mlgate("contract", "test", _contract(tmp_path), "--data", tmp_path / "nope.parquet")
    assert result.returncode == 2
    assert "data file not found" in result.stderr
    result = run_mlgate("contract", "test", _contract(tmp_path))
    assert result.returncode == 2
    assert "the contract names no local data to test" in result.stderr
    assert "--data PATH" in result.stderr


def test_ten_thousand_column_header(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    csv = tmp_path / "wide.csv"
    header = ["a", "b"] + [f"c{i}" for i in range(9998)]
    csv.write_text(",".join(header) + "\n" + ",".join(["1", "x"] + ["0"] * 9998) + "\n")
    result, report = contract_test(run_mlgate, _contract(tmp_path), "--data", csv)
    assert result.returncode == 0, result.output
    extra = by_id(report)["contract:items.columns"]
    assert extra["status"] == "warn"
    assert extra["details"]["extra_columns"] == 9998
    assert "9998 column(s) in the data are not in the contract: 'c0', 'c1'" in extra["message"]
    assert "and 9988 more" in extra["message"]


def test_sql_rule_that_does_not_run(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    contract = write_contract(
        tmp_path / "c.odcs.yaml",
        CONTRACT
        + "    quality:\n      - type: sql\n        query: SELECT COUNT(*) FROM {object} WHERE nope > 1\n        mustBe: 0\n",
    )
    data = write_data(tmp_path / "items.csv", "SELECT 1 AS a, 'x' AS b")
    result = run_mlgate("contract", "test", contract, "--data", data)
    assert result.returncode == 2
    assert "c.odcs.yaml:15:9: the SQL rule failed to run:" in result.stderr
    assert "nope" in result.stderr


def test_malformed_comparator_points_at_the_rule(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    contract = write_contract(
        tmp_path / "c.odcs.yaml",
        CONTRACT + "    quality:\n      - metric: rowCount\n        mustBeBetween: [1]\n",
    )
    data = write_data(tmp_path / "items.csv", "SELECT 1 AS a, 'x' AS b")
    result = run_mlgate("contract", "test", contract, "--data", data)
    assert result.returncode == 2
    assert "does not conform to the ODCS schema (1 problem)" in result.stderr
    assert (
        "c.odcs.yaml:16:24: `mustBeBetween` needs exactly 2 numbers, [low, high]: found [1]" in result.stderr
    )


def test_schema_typos_and_wrong_types_stop_the_run_instead_of_dropping_rules(
    run_mlgate: RunMlgate, tmp_path: Path
) -> None:
    """A misspelt option or a quoted boolean would otherwise plan no check, and the data would pass."""
    contract = write_contract(
        tmp_path / "c.odcs.yaml",
        CONTRACT.replace("required: true", 'required: "yes"', 1)
        + "    quality:\n      - metric: rowCount\n        mustBeGreaterThan: 0\n",
    )
    data = write_data(tmp_path / "items.csv", "SELECT NULL::INTEGER AS a, 'x' AS b")
    result = run_mlgate("contract", "test", contract, "--data", data)
    assert result.returncode == 2, result.output
    assert "`required` must be a boolean, found text ('yes')" in result.stderr
    assert "mlgate contract lint" in result.stderr


def test_sql_rule_must_be_one_select(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    victim = tmp_path / "keep.csv"
    victim.write_text("precious\n")
    contract = write_contract(
        tmp_path / "c.odcs.yaml",
        CONTRACT
        + f"    quality:\n      - type: sql\n        query: \"SELECT 1; COPY (SELECT 2) TO '{victim}'\"\n        mustBe: 1\n",
    )
    data = write_data(tmp_path / "items.csv", "SELECT 1 AS a, 'x' AS b")
    result = run_mlgate("contract", "test", contract, "--data", data)
    assert result.returncode == 2
    assert "c.odcs.yaml:15:9: a SQL rule must be one SELECT statement" in result.stderr
    assert victim.read_text() == "precious\n"


def test_pattern_that_does_not_compile_points_at_the_contract(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    contract = write_contract(
        tmp_path / "c.odcs.yaml",
        CONTRACT.replace(
            "logicalType: string", "logicalType: string\n        logicalTypeOptions: {pattern: '([a-z'}"
        ),
    )
    data = write_data(tmp_path / "items.csv", "SELECT 1 AS a, 'x' AS b")
    result = run_mlgate("contract", "test", contract, "--data", data)
    assert result.returncode == 2
    assert "c.odcs.yaml:14:" in result.stderr
    assert "pattern '([a-z' is not a usable regular expression: it does not compile" in result.stderr


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (
            "      - name: c\n        logicalType: integr\n",
            "15:22: logicalType 'integr' is not an ODCS logical type",
        ),
        (
            "      - name: a\n        logicalType: string\n",
            "14:15: column 'a' is declared twice in schema object 'items'",
        ),
        ("      - logicalType: integer\n", "14:9: a property needs a `name:` (the column it describes)"),
        ("      - name: c\n        requird: true\n", "15:9: unknown key `requird` in property 'c'"),
        ("      - name: c\n        enum: 5\n", "15:15: `enum` must be a list of values, found an integer"),
        (
            "      - name: c\n        logicalTypeOptions: [1]\n",
            "15:29: `logicalTypeOptions` must be a mapping",
        ),
        (
            "      - name: c\n        quality: {metric: nullValues}\n",
            "15:18: `quality` must be a list of quality",
        ),
    ],
)
def test_contract_mistakes_that_would_skip_checks_stop_the_run(
    run_mlgate: RunMlgate, tmp_path: Path, snippet: str, expected: str
) -> None:
    """Each of these would otherwise plan no check for the column and pass silently."""
    contract = write_contract(tmp_path / "c.odcs.yaml", CONTRACT + snippet)
    data = write_data(tmp_path / "items.csv", "SELECT 1 AS a, 'x' AS b, 2 AS c")
    result = run_mlgate("contract", "test", contract, "--data", data)
    assert result.returncode == 2, result.output
    assert f"c.odcs.yaml:{expected}" in result.stderr
    assert "  fix: " in result.stderr


def test_property_keys_follow_the_official_schema() -> None:
    from mlgate.contracts.odcs_schema import odcs_schema
    from mlgate.contracts.shape import PROPERTY_KEYS

    defs = odcs_schema()["$defs"]
    keys = set(defs["SchemaElement"]["properties"]) | set(defs["SchemaBaseProperty"]["properties"])
    for part in defs["SchemaBaseProperty"]["allOf"]:
        for branch in ("then", "else"):
            keys |= set(part.get(branch, {}).get("properties", {}))
    assert keys == PROPERTY_KEYS


def test_sql_rule_returning_many_rows_is_an_error_not_judged_on_its_first_row(
    run_mlgate: RunMlgate, tmp_path: Path
) -> None:
    contract = write_contract(
        tmp_path / "c.odcs.yaml",
        CONTRACT
        + "    quality:\n      - type: sql\n        query: SELECT a FROM {object} ORDER BY a DESC\n        mustBe: 2\n",
    )
    data = write_data(tmp_path / "items.csv", "SELECT * FROM (VALUES (2, 'x'), (-3, 'y')) t(a, b)")
    result = run_mlgate("contract", "test", contract, "--data", data)
    assert result.returncode == 2, result.output
    assert (
        "must return exactly one value (one row, one column); this query returned several rows"
        in result.stderr
    )


def test_nan_breaks_a_minimum_in_csv_and_parquet(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    """DuckDB sorts NaN above every number, so a plain `x < 0` would let NaN pass a minimum."""
    contract = write_contract(
        tmp_path / "c.odcs.yaml",
        CONTRACT.replace(
            "logicalType: integer", "logicalType: number\n        logicalTypeOptions:\n          minimum: 0"
        ),
    )
    rows = "SELECT * FROM (VALUES (1.5::DOUBLE, 'x'), ('nan'::DOUBLE, 'y'), (-1.0, 'z')) t(a, b)"
    for name in ("items.csv", "items.parquet"):
        data = write_data(tmp_path / name, rows)
        result = run_mlgate("contract", "test", contract, "--data", data)
        assert result.returncode == 1, result.output
        assert "contract:items.a.minimum: 2 of 3 rows (66.7%) break it: a ≥ 0" in result.stdout, name
