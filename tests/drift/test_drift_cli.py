"""`mlgate drift` end to end: the real CLI on real files (Parquet, CSV globs, NDJSON, git revisions)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import duckdb

from tests.conftest import REPO_ROOT, RunMlgate, git

EXAMPLES = REPO_ROOT / "examples" / "drift"


def _results(path: Path) -> dict[str, dict[str, Any]]:
    report = json.loads(path.read_text())
    return {r["id"]: r for r in report["results"]}


def test_drifting_example_fails_on_critical_column_and_dataset_share(
    run_mlgate: RunMlgate, tmp_path: Path
) -> None:
    out = tmp_path / "drift.json"
    result = run_mlgate(
        "drift",
        "--reference", EXAMPLES / "reference.parquet",
        "--current", EXAMPLES / "current_drifted.parquet",
        "--exclude", "transaction_id",
        "--critical", "amount",
        "--report", f"json:{out}",
    )  # fmt: skip
    assert result.returncode == 1, result.output
    # evidently's import-time deprecation warnings stay out of the user's terminal (PYTHONWARNINGS=default).
    assert "Warning" not in result.stderr, result.stderr
    results = _results(out)
    assert sorted(results) == [
        "drift:amount", "drift:card_present", "drift:country", "drift:customer_age",
        "drift:customer_tenure_days", "drift:dataset", "drift:hour", "drift:merchant_category",
    ]  # fmt: skip
    statuses = {rid: r["status"] for rid, r in results.items()}
    assert statuses == {
        "drift:amount": "fail",  # critical: fails on its own
        "drift:merchant_category": "warn", "drift:country": "warn", "drift:hour": "warn",
        "drift:customer_age": "warn", "drift:card_present": "warn",
        "drift:customer_tenure_days": "pass",
        "drift:dataset": "fail",
    }  # fmt: skip
    amount = results["drift:amount"]
    assert amount["gate"] == "drift" and amount["kind"] == "drift"
    details = amount["details"]
    assert details["method"] == "wasserstein" and details["method_chosen"] == "auto"
    assert details["drift_when"] == "score >= threshold" and details["threshold"] == 0.1
    assert details["drifted"] is True and details["critical"] is True
    assert (details["n_reference"], details["n_current"], details["column_type"]) == (6000, 3000, "numerical")
    assert amount["observed"] == details["score"] > 0.5
    assert amount["expected"] == "no drift: score < 0.1 (wasserstein)"
    assert results["drift:country"]["details"]["method"] == "jensenshannon"
    assert results["drift:card_present"]["details"]["column_type"] == "categorical"
    dataset = results["drift:dataset"]["details"]
    assert (dataset["drifted_columns"], dataset["columns_compared"]) == (6, 7)
    assert abs(dataset["drifted_share"] - 6 / 7) < 1e-12
    assert dataset["critical_drifted"] == ["amount"]
    assert dataset["rule"] == "share < 0.5 (evidently's default)"
    assert dataset["reference"]["rows"] == 6000 and dataset["reference"]["sampled"] is False
    # The per-column table: method, score, threshold, direction, verdict.
    assert "  amount                numerical    wasserstein" in result.stdout
    assert "DRIFT (critical)" in result.stdout
    assert "dataset: 6 of 7 columns drifted (86%); rule: share < 0.5 (evidently's default)" in result.stdout
    assert "FAILED — the gate is closed (2 failed, 5 warnings, 1 passed)" in result.stdout


def test_stable_example_passes_from_ndjson_and_writes_evidently_html(
    run_mlgate: RunMlgate, tmp_path: Path
) -> None:
    current = tmp_path / "current.ndjson"
    duckdb.sql(f"COPY (SELECT * FROM '{EXAMPLES / 'current_ok.parquet'}') TO '{current}' (FORMAT json)")
    result = run_mlgate(
        "drift",
        "--reference", EXAMPLES / "reference.parquet",
        "--current", current,
        "--exclude", "transaction_id",
        "--html", "reports/drift.html",
        "--report", "json:-",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.output
    assert "Warning" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    assert report["status"] == "pass" and report["summary"]["pass"] == 8 and report["summary"]["total"] == 8
    by_id = {r["id"]: r for r in report["results"]}
    # NDJSON integers and booleans keep their types: same methods as the Parquet reference gets.
    assert by_id["drift:hour"]["details"]["method"] == "wasserstein"
    assert by_id["drift:card_present"]["details"]["method"] == "jensenshannon"
    html = tmp_path / "reports" / "drift.html"
    assert by_id["drift:dataset"]["details"]["html"] == str(html)
    text = html.read_text()
    assert text.lstrip().lower().startswith("<!doctype html>") and "Drifted Columns" in text
    assert "customer_tenure_days" in text and len(text) > 100_000
    assert (
        "dataset: 0 of 7 columns drifted (0%)" in result.stderr
    )  # text moves to stderr when json is on stdout


def _write_edge_case_data(tmp_path: Path) -> None:
    ref_lines = ["id,amount,country,gone,all_null_cur,all_null_ref,const,when,hour"]
    cur_lines = ["id,amount,country,all_null_cur,all_null_ref,const,when,hour,brand_new"]
    for i in range(200):
        ref_lines.append(
            f"{i},{10 + i % 37}.5,{['DE', 'FR', 'US'][i % 3]},{i % 11}.25,{i % 13}.5,,1.5,2024-01-{1 + i % 28:02d} 10:00:00,{i % 24}"
        )
    for i in range(150):
        amount = "n/a" if i % 10 == 0 else f"{12 + i % 31}.5"  # numbers arriving as strings
        cur_lines.append(
            f"{i},{amount},{['DE', 'FR', 'US'][i % 3]},,{i % 7}.5,1.5,2024-02-{1 + i % 28:02d} 10:00:00,{(i * 7) % 24},x"
        )
    (tmp_path / "ref_part1.csv").write_text("\n".join(ref_lines[:121]) + "\n")
    (tmp_path / "ref_part2.csv").write_text("\n".join([ref_lines[0], *ref_lines[121:]]) + "\n")
    (tmp_path / "cur.csv").write_text("\n".join(cur_lines) + "\n")


def test_columns_that_cannot_be_compared_each_get_their_own_result(
    run_mlgate: RunMlgate, tmp_path: Path
) -> None:
    _write_edge_case_data(tmp_path)
    out = tmp_path / "out.json"
    result = run_mlgate(
        "drift", "--reference", "ref_part*.csv", "--current", "cur.csv", "--exclude", "id",
        "--critical", "country", "--critical", "nosuch", "--report", f"json:{out}", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2, result.output  # the unknown critical column is an error
    results = _results(out)
    facts = {rid: (r["status"], r["details"].get("reason")) for rid, r in results.items()}
    assert facts == {
        "drift:amount": ("fail", "type_mismatch"),
        "drift:country": ("pass", None),
        "drift:gone": ("fail", "missing_in_current"),
        "drift:all_null_cur": ("fail", "all_null_current"),
        "drift:all_null_ref": ("skipped", "all_null_reference"),
        "drift:const": ("pass", None),
        "drift:when": ("skipped", "datetime"),
        "drift:hour": (results["drift:hour"]["status"], None),
        "drift:brand_new": ("skipped", "new_in_current"),
        "drift:nosuch": ("error", "unknown_critical_column"),
        "drift:dataset": ("pass", None),
    }
    assert (
        results["drift:amount"]["message"]
        == "column 'amount' changed type: DOUBLE in the reference, VARCHAR in the current data"
    )
    assert (
        results["drift:gone"]["message"]
        == "column 'gone' is missing from the current data (the reference has it)"
    )
    assert (
        results["drift:all_null_cur"]["message"]
        == "every value of 'all_null_cur' is null in the current data (200 non-null values in the reference)"
    )
    assert results["drift:const"]["details"]["constant"] == "both"
    assert (
        results["drift:const"]["details"]["method"] == "z"
        and results["drift:const"]["details"]["score"] == 1.0
    )
    assert results["drift:hour"]["details"]["method"] == "ks"
    assert results["drift:country"]["details"]["critical"] is True
    assert results["drift:dataset"]["details"]["columns_compared"] == 3
    assert sorted(results["drift:dataset"]["details"]["not_compared"]) == [
        "all_null_cur",
        "all_null_ref",
        "amount",
        "brand_new",
        "gone",
        "nosuch",
        "when",
    ]
    for r in results.values():  # never evidently's (or scipy's) exception text
        assert "Traceback" not in r["message"] and "Error" not in r["message"]


def test_empty_current_data_is_an_error_not_a_pass(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    (tmp_path / "ref.csv").write_text("amount,country\n1.5,DE\n2.5,FR\n")
    (tmp_path / "cur.csv").write_text("amount,country\n")
    result = run_mlgate("drift", "--reference", "ref.csv", "--current", "cur.csv", cwd=tmp_path)
    assert result.returncode == 2, result.output
    assert (
        "drift:dataset: the current data (" in result.stdout
        and "cur.csv) has no rows: there is nothing to compare" in result.stdout
    )
    assert "ERROR — the gate could not be evaluated (1 error)" in result.stdout


def test_config_section_with_contract_types_per_column_and_sources(
    run_mlgate: RunMlgate, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    (repo / "contracts").mkdir()
    shutil.copy(EXAMPLES / "reference.parquet", repo / "data" / "reference.parquet")
    shutil.copy(EXAMPLES / "current_drifted.parquet", repo / "data" / "current.parquet")
    (repo / "contracts" / "transactions.odcs.yaml").write_text(
        "apiVersion: v3.0.2\nkind: DataContract\nid: transactions\nversion: 1.0.0\nstatus: active\n"
        "schema:\n  - name: transactions\n    properties:\n"
        "      - {name: amount, logicalType: number}\n"
        "      - {name: customer_age, logicalType: string}\n"  # compared as categorical
        "      - {name: hour, logicalType: integer}\n"
    )
    (repo / "mlgate.yaml").write_text(
        "version: 1\n"
        "drift:\n"
        "  reference: data/reference.parquet\n"
        "  current: data/current.parquet\n"
        "  columns: [amount, customer_age, hour, customer_tenure_days, merchant_category]\n"
        "  contract: contracts/transactions.odcs.yaml\n"
        "  per_column:\n"
        "    hour: {method: psi, threshold: 0.2}\n"
        "    merchant_category: {method: chisquare}\n"
        "  max_drifted_columns: 3\n"
        "  critical: [customer_tenure_days]\n"
    )
    out = tmp_path / "out.json"
    # A command-line option adds to (and overrides) the config's settings.
    result = run_mlgate(
        "drift", "--config", "repo/mlgate.yaml", "--max-drifted-share", "0.9", "--report", f"json:{out}", cwd=tmp_path
    )  # fmt: skip
    assert result.returncode == 1, result.output
    results = _results(out)
    assert list(results) == [
        "drift:amount", "drift:customer_age", "drift:hour", "drift:customer_tenure_days",
        "drift:merchant_category", "drift:dataset",
    ]  # fmt: skip
    age = results["drift:customer_age"]["details"]
    assert (age["column_type"], age["type_from"], age["method"]) == (
        "categorical",
        "contract",
        "jensenshannon",
    )
    hour = results["drift:hour"]
    assert (hour["details"]["method"], hour["details"]["threshold"], hour["details"]["method_chosen"]) == (
        "psi",
        0.2,
        "config",
    )
    assert hour["source"] == {"file": "repo/mlgate.yaml", "line": 8, "column": 11}
    assert results["drift:merchant_category"]["details"]["method"] == "chisquare"
    assert results["drift:customer_tenure_days"]["status"] == "pass"
    assert results["drift:customer_tenure_days"]["source"]["line"] == 11
    dataset = results["drift:dataset"]
    assert dataset["status"] == "fail" and dataset["details"]["drifted_columns"] == 4
    assert dataset["expected"] == "share <= 0.9 and count <= 3"
    assert dataset["message"] == "dataset drift: 4 of 5 columns drifted (80%); 4 > max_drifted_columns 3"
    assert dataset["source"] == {"file": "repo/mlgate.yaml", "line": 10, "column": 24}


def test_git_reference_and_seeded_sample_are_reproducible(run_mlgate: RunMlgate, git_repo: Path) -> None:
    (git_repo / "data").mkdir()
    shutil.copy(EXAMPLES / "reference.parquet", git_repo / "data" / "transactions.parquet")
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "training data")
    shutil.copy(
        EXAMPLES / "current_ok.parquet", git_repo / "data" / "transactions.parquet"
    )  # working tree moves on
    result = run_mlgate(
        "drift", "--reference", "git:HEAD:data/transactions.parquet", "--current", "data/transactions.parquet",
        "--column", "amount", "--column", "country", "--sample", "1500", "--seed", "7",
        "--report", "json:out.json", cwd=git_repo,
    )  # fmt: skip
    assert result.returncode == 0, result.output
    results = _results(git_repo / "out.json")
    for rid in ("drift:amount", "drift:country"):
        details = results[rid]["details"]
        assert (details["rows_reference"], details["rows_current"], details["sampled"]) == (1500, 1500, True)
    # Below 1,000 values auto would pick ks; 1,500 sampled rows keep wasserstein.
    assert results["drift:amount"]["details"]["method"] == "wasserstein"
    reference = results["drift:dataset"]["details"]["reference"]
    assert reference["spec"] == "git:HEAD:data/transactions.parquet" and len(reference["git_commit"]) == 40
    assert reference["git_commit"] == git(git_repo, "rev-parse", "HEAD").strip()
    assert (reference["rows"], reference["rows_used"], reference["sampled"]) == (6000, 1500, True)
    assert "sampled 1500 of 6000 reference, 1500 of 3000 current rows (seed 7)" in result.stdout
