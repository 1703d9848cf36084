"""Point comparison through the real CLI: SPEC.md's metric gate semantics, verdict by verdict."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import RunMlgate


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def compare(run_mlgate: RunMlgate, tmp_path: Path, cand: str, base: str | None, *rules: str, suffix: str = ".json", extra: tuple[str, ...] = ()) -> tuple[Any, dict[str, Any]]:  # fmt: skip
    write(tmp_path / f"cand{suffix}", cand)
    args: list[str] = ["metrics", "compare", "--candidate", f"cand{suffix}"]
    if base is not None:
        write(tmp_path / f"base{suffix}", base)
        args += ["--baseline", f"base{suffix}"]
    for rule in rules:
        args += ["--rule", rule]
    report = tmp_path / "report.json"
    result = run_mlgate(*args, *extra, "--report", f"json:{report}", cwd=tmp_path)
    data = json.loads(report.read_text()) if report.exists() else {}
    return result, data


def by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in report["results"]}


def verdicts(report: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """(status, message) of every result, by id."""
    return {r["id"]: (r["status"], r["message"]) for r in report["results"]}


def test_higher_max_drop_pass_and_fail_with_numbers(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    result, report = compare(
        run_mlgate, tmp_path,
        '{"accuracy": 0.885, "recall": 0.80}', '{"accuracy": 0.90, "recall": 0.81}',
        "accuracy:higher:max_drop=0.01", "recall:higher:max_drop=0.01",
    )  # fmt: skip
    assert result.returncode == 1
    assert verdicts(report)["metric:accuracy"] == ("fail",
        "accuracy regressed by 0.015 (baseline 0.9, candidate 0.885), more than max_drop 0.01 allows")  # fmt: skip
    acc = by_id(report)["metric:accuracy"]
    assert acc["expected"] == "≥ 0.89 (max_drop 0.01)"
    details = acc["details"]
    assert details["baseline"] == 0.9 and details["candidate"] == 0.885
    assert abs(details["delta"] + 0.015) < 1e-12
    assert abs(details["delta_pct"] + 1.6666666666) < 1e-6
    assert abs(details["threshold"] - 0.89) < 1e-12
    assert details["direction"] == "higher" and details["decided_by"] == "max_drop"
    # 0.81 − 0.80 is 0.010000000000000009 in binary: a drop of exactly max_drop holds.
    assert verdicts(report)["metric:recall"][0] == "pass"
    assert "│" in result.stdout and "≥ 0.89 (max_drop 0.01)" in result.stdout


def test_direction_lower_and_percent_tolerance(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    result, report = compare(
        run_mlgate, tmp_path,
        '{"latency_ms": 54.0, "loss": 0.209}', '{"latency_ms": 50.0, "loss": 0.2}',
        "latency_ms:lower:max_drop_pct=5", "loss:lower:max_drop_pct=5",
    )  # fmt: skip
    assert result.returncode == 1
    assert verdicts(report) == {
        "metric:latency_ms": ("fail", "latency_ms regressed by 4 (8% of |baseline| 50), more than max_drop_pct 5% allows"),
        "metric:loss": ("pass", "loss is 0.209 (baseline 0.2): max_drop_pct holds"),  # 0.209 ≤ 0.2 × 1.05 = 0.21
    }  # fmt: skip
    latency = by_id(report)["metric:latency_ms"]
    assert latency["details"]["threshold"] == 52.5 and latency["expected"] == "≤ 52.5 (max_drop_pct 5%)"


def test_zero_baseline_with_only_relative_tolerance_fails_and_says_why(
    run_mlgate: RunMlgate, tmp_path: Path
) -> None:
    result, report = compare(
        run_mlgate, tmp_path, '{"errors": 1, "gain": 0.0}', '{"errors": 0, "gain": 0.0}',
        "errors:lower:max_drop_pct=10", "gain:higher:max_drop_pct=10",
    )  # fmt: skip
    assert result.returncode == 1
    assert verdicts(report)["metric:errors"] == ("fail",
        "errors regressed by 1 from a baseline of 0; max_drop_pct is relative to |baseline|, so it "
        "allows no regression from 0 (add max_drop for an absolute tolerance)")  # fmt: skip
    assert by_id(report)["metric:errors"]["details"]["delta_pct"] is None
    assert verdicts(report)["metric:gain"][0] == "pass"  # no regression from 0 at all


def test_nan_and_infinity_fail(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    result, report = compare(
        run_mlgate, tmp_path, '{"auc": NaN, "f1": 0.8}', '{"auc": 0.9, "f1": Infinity}',
        "auc:higher:min=0.5", "f1:higher:max_drop=0.1",
    )  # fmt: skip
    assert result.returncode == 1
    assert verdicts(report)["metric:auc"] == (
        "fail",
        "auc is NaN in the candidate; NaN or infinite values fail",
    )
    assert by_id(report)["metric:auc"]["details"]["candidate"] == "NaN"
    assert verdicts(report)["metric:f1"] == ("fail", "f1 is inf in the baseline; NaN or infinite values fail")


def test_missing_metric_fails_unless_warn_or_ignore(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    result, report = compare(
        run_mlgate, tmp_path, '{"a": 1.0, "new": 2.0}', '{"a": 1.0, "b": 3.0}',
        "b:higher:max_drop=0", "new:higher:max_drop=0,missing=warn", "gone:higher:max_drop=0,missing=ignore",
    )  # fmt: skip
    assert result.returncode == 1
    assert verdicts(report) == {
        "metric:b": ("fail", "b is missing from the candidate (cand.json)"),
        "metric:new": ("warn", "new is missing from the baseline (base.json) (missing: warn)"),
        "metric:gone": ("skipped", "metric 'gone' is missing in cand.json or base.json (missing: ignore)"),
    }


def test_glob_rules_and_glob_without_match(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    cand = '{"slices": {"US": {"f1": 0.80, "n": 900}, "DE": {"f1": 0.70, "n": 40}}}'
    base = '{"slices": {"US": {"f1": 0.82, "n": 880}, "DE": {"f1": 0.78, "n": 41}}}'
    result, report = compare(
        run_mlgate, tmp_path, cand, base,
        "slices.*.f1:higher:max_drop=0.05,min_slice_size=100", "segments.*.f1:higher:min=0.5",
    )  # fmt: skip
    found = verdicts(report)
    assert found["metric:slices.US.f1"][0] == "pass"
    assert found["metric:slices.DE.f1"] == ("skipped", "slices.DE.f1 is measured on 40 examples, fewer than min_slice_size 100; not judged")  # fmt: skip
    assert found["metric:segments.*.f1"] == ("fail", "no metric matches 'segments.*.f1' in cand.json or base.json")  # fmt: skip
    assert result.returncode == 1


def test_csv_slices_missing_on_one_side(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    cand = "metric,value,slice,n\nf1,0.81,,5000\nf1,0.79,country:US,3000\nf1,0.70,country:BR,150\n"
    base = "metric,value,slice,n\nf1,0.80,,5000\nf1,0.80,country:US,3000\nf1,0.75,country:DE,1000\n"
    result, report = compare(run_mlgate, tmp_path, cand, base, "f1:higher:max_drop=0.02", suffix=".csv")
    assert result.returncode == 1
    found = verdicts(report)
    assert found["metric:f1"][0] == found["metric:f1@slice=country:US"][0] == "pass"
    assert found["metric:f1@slice=country:DE"] == ("fail", "f1 [slice country:DE] is missing from the candidate (cand.csv)")  # fmt: skip
    assert found["metric:f1@slice=country:BR"] == ("fail", "f1 [slice country:BR] is missing from the baseline (base.csv)")  # fmt: skip
    assert by_id(report)["metric:f1@slice=country:BR"]["details"]["size"] == 150


def test_min_gain_demands_an_improvement_and_bounds(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    result, report = compare(
        run_mlgate, tmp_path, '{"auc": 0.905, "recall": 0.95}', '{"auc": 0.90, "recall": 0.90}',
        "auc:higher:min_gain=0.01", "recall:higher:min_gain_pct=5,max=0.99",
    )  # fmt: skip
    results = by_id(report)
    assert results["metric:auc"]["status"] == "fail"
    assert results["metric:auc"]["message"] == (
        "auc improved by 0.005 (baseline 0.9, candidate 0.905); min_gain demands 0.01"
    )
    assert results["metric:recall"]["status"] == "pass"
    assert result.returncode == 1


def test_severity_warning_warns(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    result, report = compare(
        run_mlgate, tmp_path, '{"a": 0.5}', '{"a": 0.9}', "a:higher:max_drop=0.01,severity=warning"
    )
    assert result.returncode == 0
    assert by_id(report)["metric:a"]["status"] == "warn"
    result, _ = compare(run_mlgate, tmp_path, '{"a": 0.5}', '{"a": 0.9}', "a:higher:max_drop=0.01,severity=warning", extra=("--fail-on", "warn"))  # fmt: skip
    assert result.returncode == 1


def test_first_model_skips_relative_conditions_or_fails(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    cand = write(tmp_path / "cand.json", '{"accuracy": 0.70, "auc": 0.9}')
    missing = ["metrics", "compare", "--candidate", str(cand), "--baseline", "no/such/baseline.json",
               "--rule", "auc:higher:max_drop=0.01"]  # fmt: skip
    result = run_mlgate(*missing, cwd=tmp_path)  # a typo in a local path never opens the gate
    assert result.returncode == 2
    assert "baseline.json: baseline file not found" in result.stderr
    assert "for a first model, leave `baseline` out" in result.stderr
    args = ["metrics", "compare", "--candidate", str(cand),
            "--rule", "accuracy:higher:max_drop=0.01,min=0.8", "--rule", "auc:higher:max_drop=0.01"]  # fmt: skip
    result = run_mlgate(*args, "-v", cwd=tmp_path)
    assert result.returncode == 1
    assert "✗ fail    metric:accuracy: accuracy is 0.7, below min 0.8" in result.stdout
    assert (
        "- skipped metric:auc: auc is 0.9; no baseline to compare with, max_drop not checked" in result.stdout
    )
    assert "note: no baseline configured: only min/max bounds are checked" in result.stdout
    result = run_mlgate(*args, "--on-missing-baseline", "fail", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "metric:auc: auc: no baseline to compare with (max_drop) and on_missing_baseline is fail"
        in result.stdout
    )


def test_bad_rules_and_files_exit_2_with_location(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    cand = write(tmp_path / "cand.json", '{"a": 1}')
    result = run_mlgate("metrics", "compare", "--candidate", cand, "--rule", "a:higher", cwd=tmp_path)
    assert result.returncode == 2
    assert "--rule 'a:higher': the rule for 'a' has no condition" in result.stderr
    result = run_mlgate("metrics", "compare", "--candidate", cand, "--rule", "a:up:max=1", cwd=tmp_path)
    assert result.returncode == 2 and "has no direction" in result.stderr
    result = run_mlgate(
        "metrics", "compare", "--candidate", cand, "--rule", "a:higher:max_dorp=1", cwd=tmp_path
    )
    assert (
        result.returncode == 2
        and "'max_dorp' is not a rule setting (did you mean 'max_drop'?)" in result.stderr
    )
    result = run_mlgate("metrics", "compare", "--candidate", cand, "--rule", "accuracy:hihger:max_drop=x", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 2
    assert "--rule 'accuracy:hihger:max_drop=x' has no direction: 'hihger' is not higher or lower (did you mean 'higher'?)" in result.stderr  # fmt: skip
    assert "fix: write the rule as NAME:higher|lower:CONDITION=VALUE" in result.stderr
    result = run_mlgate("metrics", "compare", "--candidate", cand, "--rule", "a:higher:max_drop=x", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 2 and "max_drop: Input should be a valid number" in result.stderr
    result = run_mlgate("metrics", "compare", "--candidate", cand, "--rule", "a:higher:min=0.5,min=0.6", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 2 and "--rule 'a:higher:min=0.5,min=0.6' gives min twice" in result.stderr
    bad = write(tmp_path / "bad.json", '{\n  "a": 0.9,\n  "b": 0.8,,\n}')
    result = run_mlgate("metrics", "compare", "--candidate", bad, "--rule", "a:higher:min=0", cwd=tmp_path)
    assert result.returncode == 2
    assert "bad.json:3:12: not valid JSON: Expecting property name enclosed in double quotes" in result.stderr
    empty = write(tmp_path / "empty.yaml", "")
    result = run_mlgate("metrics", "compare", "--candidate", empty, "--rule", "a:higher:min=0", cwd=tmp_path)
    assert result.returncode == 2 and "metrics file is empty" in result.stderr
    result = run_mlgate(
        "metrics", "compare", "--candidate", "nope.json", "--rule", "a:higher:min=0", cwd=tmp_path
    )
    assert result.returncode == 2 and "metrics file not found" in result.stderr


def test_huge_values_and_unicode_names(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    result, report = compare(
        run_mlgate, tmp_path, '{"a": -1e308, "b": 1e308, "précision@1 精度": 0.7}', '{"a": 1e308, "b": 1.0, "précision@1 精度": 0.9}',
        "a:higher:max_drop=1", "b:higher:max_drop=1", "précision@1 精度:higher:max_drop=0.1",
    )  # fmt: skip
    assert result.returncode == 1
    results = by_id(report)
    details = results["metric:a"]["details"]
    assert details["delta"] == "-inf" and details["candidate"] == -1e308  # stays valid JSON
    assert results["metric:b"]["status"] == "pass" and results["metric:b"]["details"]["delta_pct"] == "inf"
    assert "+inf% │" in result.stdout
    assert results["metric:précision@1 精度"]["message"] == (
        "précision@1 精度 regressed by 0.2 (baseline 0.9, candidate 0.7), more than max_drop 0.1 allows"
    )
    assert "précision@1 精度 │" in result.stdout
