"""`mlgate contract infer`: a draft contract that lints clean, that the same data passes, byte-stable."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import open_data_contract_standard
import pytest
import yaml

from tests.conftest import RunMlgate
from tests.contracts_test.helpers import write_data

SCHEMA = json.loads((Path(open_data_contract_standard.__file__).parent / "schema.json").read_text())

DATA = """
SELECT range::INTEGER AS id,
       CASE WHEN range % 10 = 3 THEN NULL ELSE range * 1.5 END AS amount,
       ['EUR', 'USD', 'GBP'][range % 3 + 1] AS currency,
       'user' || range || '@example.com' AS email,
       TIMESTAMP '2024-05-01 08:00:00' + INTERVAL (range) MINUTE AS created_at,
       DATE '2024-05-01' + (range % 7)::INTEGER AS day,
       range % 2 = 0 AS flag,
       ['S', 'M'][range % 2 + 1] AS "Größe €",
       'it''s' AS "col ""q"" it's"
FROM range(60)
"""


@pytest.mark.parametrize("ext", ["parquet", "csv", "ndjson"])
def test_inferred_contract_lints_clean_and_passes(run_mlgate: RunMlgate, tmp_path: Path, ext: str) -> None:
    data = write_data(tmp_path / "data" / f"payments.{ext}", DATA)
    out = tmp_path / "contracts" / "payments.odcs.yaml"
    result = run_mlgate("contract", "infer", data, "-o", out, "--bounds")
    assert result.returncode == 0, result.output
    assert f"mlgate: wrote {out}" in result.stderr
    contract = yaml.safe_load(out.read_text())
    jsonschema.Draft201909Validator(SCHEMA).validate(contract)
    lint = run_mlgate("contract", "lint", out)
    assert lint.returncode == 0, lint.output
    assert contract["apiVersion"] == "v3.1.0" and contract["status"] == "draft"
    assert contract["servers"] == [
        {
            "server": "local",
            "type": "local",
            "path": f"../data/payments.{ext}",
            "format": "json" if ext == "ndjson" else ext,
        }
    ]
    props = {p["name"]: p for p in contract["schema"][0]["properties"]}
    assert props["id"]["unique"] is True and props["id"]["required"] is True
    assert props["id"]["logicalType"] == "integer"
    assert props["id"]["physicalType"] == ("INTEGER" if ext == "parquet" else "BIGINT")
    assert "required" not in props["amount"] and props["amount"]["logicalType"] == "number"
    assert props["currency"]["quality"][0]["arguments"] == {"validValues": ["EUR", "GBP", "USD"]}
    assert "quality" not in props["email"] and props["email"]["unique"] is True
    assert props["created_at"]["logicalType"] == "timestamp"
    assert props["created_at"]["logicalTypeOptions"] == {
        "minimum": "2024-05-01T08:00:00",
        "maximum": "2024-05-01T08:59:00",
    }
    assert props["day"]["logicalType"] == "date"
    assert props["flag"]["logicalType"] == "boolean" and "unique" not in props["flag"]
    assert props["id"]["logicalTypeOptions"] == {"minimum": 0, "maximum": 59}
    # unicode, spaces and quotes in column names survive as names (YAML-quoted where needed)
    assert props["Größe €"]["quality"][0]["arguments"] == {"validValues": ["M", "S"]}
    assert props['col "q" it\'s']["quality"][0]["arguments"] == {"validValues": ["it's"]}
    assert (
        props['col "q" it\'s']["quality"][0]["description"]
        == "the only value seen when the contract was inferred"
    )
    # `contract test` passes on the same data, with no --data (the server entry points at it)
    test = run_mlgate("contract", "test", out, "--strict", "--report", "json:-")
    assert test.returncode == 0, test.output
    report = json.loads(test.stdout)
    assert (
        report["summary"]["fail"] == 0
        and report["summary"]["warn"] == 0
        and report["summary"]["skipped"] == 0
    )
    assert report["summary"]["pass"] > 20
    assert {r["target"] for r in report["results"]} >= {"payments.Größe €", 'payments.col "q" it\'s'}


def test_inference_is_deterministic_and_never_overwrites(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    data = write_data(tmp_path / "payments.csv", DATA)
    first = run_mlgate("contract", "infer", data, "--name", "payments")
    second = run_mlgate("contract", "infer", data, "--name", "payments")
    assert first.returncode == 0 and first.stdout == second.stdout
    assert first.stdout.startswith("# Inferred by `mlgate contract infer`")
    assert "logicalTypeOptions" not in first.stdout  # observed bounds only with --bounds
    out = tmp_path / "c.yaml"
    out.write_text("keep me\n")
    result = run_mlgate("contract", "infer", data, "-o", out)
    assert result.returncode == 2
    assert "the output file already exists; mlgate does not overwrite it" in result.stderr
    assert "--force" in result.stderr
    assert out.read_text() == "keep me\n"
    assert run_mlgate("contract", "infer", data, "-o", out, "--force").returncode == 0
    assert yaml.safe_load(out.read_text())["schema"][0]["name"] == "payments"


def test_text_that_only_looks_typed_stays_text(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    csv = tmp_path / "odd.csv"
    csv.write_text("when,amount\n01/02/2024,1\n03/04/2024,N/A\n05/06/2024,2\n")
    out = tmp_path / "odd.odcs.yaml"
    assert run_mlgate("contract", "infer", csv, "-o", out).returncode == 0
    props = {p["name"]: p for p in yaml.safe_load(out.read_text())["schema"][0]["properties"]}
    assert props["amount"]["physicalType"] == "VARCHAR"
    assert props["when"]["physicalType"] == "VARCHAR"
    assert run_mlgate("contract", "test", out).returncode == 0


def test_infer_bad_input(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    result = run_mlgate("contract", "infer", tmp_path / "missing.parquet")
    assert result.returncode == 2 and "data file not found" in result.stderr
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 not really")
    result = run_mlgate("contract", "infer", bad)
    assert result.returncode == 2
    assert "the file is not valid Parquet" in result.stderr
    (tmp_path / "empty.csv").write_bytes(b"")
    result = run_mlgate("contract", "infer", tmp_path / "empty.csv")
    assert result.returncode == 2 and "the data file is empty (0 bytes)" in result.stderr
    (tmp_path / "header.csv").write_text("a,b\n")
    result = run_mlgate("contract", "infer", tmp_path / "header.csv")
    assert result.returncode == 2
    assert (
        "header.csv: the data has no rows, so there are no values to infer types and rules from"
        in result.stderr
    )


def test_json_column_of_only_nulls_is_inferred_as_text(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    data = tmp_path / "events.ndjson"
    data.write_text('{"id": 1, "tags": ["a"], "note": null}\n{"id": 2, "tags": [], "note": null}\n')
    out = tmp_path / "events.odcs.yaml"
    assert run_mlgate("contract", "infer", data, "-o", out).returncode == 0
    props = {p["name"]: p for p in yaml.safe_load(out.read_text())["schema"][0]["properties"]}
    assert props["note"] == {"name": "note", "logicalType": "string", "physicalType": "VARCHAR"}
    assert props["tags"]["logicalType"] == "array"
    assert run_mlgate("contract", "lint", out).returncode == 0
    result = run_mlgate("contract", "test", out, "--strict")
    assert result.returncode == 0, result.output
