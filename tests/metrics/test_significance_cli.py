"""Significance through the real CLI: pairing, metrics equal to scikit-learn, power, errors, git."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pytest
import sklearn.metrics as skm

from tests.conftest import RunMlgate, git


def write_rows(path: Path, columns: dict[str, Any]) -> Path:
    """CSV with a header; .parquet / .ndjson are converted with DuckDB."""
    names = list(columns)
    csv = path.with_suffix(".csv")
    with csv.open("w", encoding="utf-8") as out:
        out.write(",".join(names) + "\n")
        for row in zip(*(columns[n] for n in names), strict=True):
            out.write(
                ",".join(repr(float(v)) if isinstance(v, float | np.floating) else str(v) for v in row) + "\n"
            )
    if path.suffix == ".csv":
        return csv
    fmt = "PARQUET" if path.suffix == ".parquet" else "JSON"
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_csv('{csv}', header=true)) TO '{path}' (FORMAT {fmt})")
    con.close()
    csv.unlink()
    return path


def significance(run_mlgate: RunMlgate, cwd: Path, cand: str, base: str, *extra: str) -> tuple[Any, dict[str, Any]]:  # fmt: skip
    report = cwd / "sig.json"
    report.unlink(missing_ok=True)
    result = run_mlgate(
        "metrics", "compare", "--candidate-predictions", cand, "--baseline-predictions", base,
        *extra, "--report", f"json:{report}", cwd=cwd,
    )  # fmt: skip
    return result, (json.loads(report.read_text()) if report.exists() else {})


def fraud_like(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Labels, a baseline score using every feature and a candidate that lost its best feature."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    logit = -1.0 + 1.6 * x[:, 0] + 0.8 * x[:, 1] + 0.4 * x[:, 2]
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    base = 1 / (1 + np.exp(-logit))
    cand = 1 / (1 + np.exp(-(-1.0 + 0.8 * x[:, 1] + 0.4 * x[:, 2])))
    return y, np.round(base, 6), np.round(cand, 6)


CLASSIFICATION = ["accuracy", "balanced_accuracy", "precision", "recall", "f1", "precision_macro", "recall_macro", "f1_macro", "precision_micro", "recall_micro", "f1_micro", "roc_auc", "average_precision", "log_loss", "brier"]  # fmt: skip


def sklearn_value(metric: str, y: np.ndarray, score: np.ndarray) -> float:
    pred = (score >= 0.5).astype(int)
    simple = {"accuracy": skm.accuracy_score, "balanced_accuracy": skm.balanced_accuracy_score,
              "precision": skm.precision_score, "recall": skm.recall_score, "f1": skm.f1_score}  # fmt: skip
    if metric in simple:
        return float(simple[metric](y, pred))
    if metric.endswith(("_macro", "_micro")):
        name, average = metric.rsplit("_", 1)
        return float({"precision": skm.precision_score, "recall": skm.recall_score, "f1": skm.f1_score}[name](y, pred, average=average))  # fmt: skip
    scored = {"roc_auc": skm.roc_auc_score, "average_precision": skm.average_precision_score,
              "log_loss": skm.log_loss, "brier": skm.brier_score_loss}  # fmt: skip
    return float(scored[metric](y, score))


def test_power_lost_feature_is_caught_and_values_equal_sklearn(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    y, base, cand = fraud_like(5000, seed=42)
    ids = np.arange(5000)
    write_rows(tmp_path / "base.parquet", {"id": ids, "y": y, "score": base})
    write_rows(
        tmp_path / "cand.parquet", {"id": ids[::-1], "y": y[::-1], "score": cand[::-1]}
    )  # order must not matter
    args = [arg for m in CLASSIFICATION for arg in ("--metric", m)]
    result, report = significance(run_mlgate, tmp_path, "cand.parquet", "base.parquet", "--key", "id", "--label", "y", "--prediction", "score", *args)  # fmt: skip
    assert result.returncode == 1, result.output
    results = {r["details"]["metric"]: r for r in report["results"]}
    for metric in CLASSIFICATION:
        details = results[metric]["details"]
        assert abs(details["candidate"] - sklearn_value(metric, y, cand)) < 1e-9, metric
        assert abs(details["baseline"] - sklearn_value(metric, y, base)) < 1e-9, metric
        assert details["n"] == 5000 and details["ci_low"] <= details["delta"] <= details["ci_high"], metric
    for metric in ("roc_auc", "accuracy", "f1", "average_precision", "brier", "log_loss"):
        assert results[metric]["status"] == "fail", metric  # the lost feature is caught
    auc = results["roc_auc"]
    assert auc["details"]["method"] == "delong" and auc["details"]["p_value"] < 1e-6
    assert results["accuracy"]["details"]["method"] == "mcnemar"
    assert results["f1"]["details"]["method"] == "bootstrap" and results["f1"]["details"]["p_value"] is None
    assert auc["id"] == "metric:paired:roc_auc"
    assert "a significant regression: the whole interval is beyond max_drop 0" in auc["message"]
    assert "95% CI of Δ" in result.stdout and "DeLong" in result.stdout


def test_regression_metrics_equal_sklearn_and_a_small_change_passes(
    run_mlgate: RunMlgate, tmp_path: Path
) -> None:
    rng = np.random.default_rng(8)
    y = rng.normal(10, 3, size=3000)
    base = np.round(y + rng.normal(0, 1.0, size=3000), 6)
    cand = np.round(y + rng.normal(0, 1.01, size=3000), 6)
    ids = np.arange(3000)
    write_rows(tmp_path / "base.ndjson", {"k": ids, "target": y, "pred": base})
    write_rows(tmp_path / "cand.csv", {"k": ids, "target": y, "pred": cand})
    result, report = significance(
        run_mlgate, tmp_path, "cand.csv", "base.ndjson", "--key", "k", "--label", "target", "--prediction", "pred",
        "--metric", "mae", "--metric", "rmse", "--metric", "r2", "--metric", "mape",
    )  # fmt: skip
    assert result.returncode == 0, result.output
    y_read = np.array([float(repr(float(v))) for v in y])
    expected = {"mae": skm.mean_absolute_error, "rmse": skm.root_mean_squared_error, "r2": skm.r2_score,
                "mape": skm.mean_absolute_percentage_error}  # fmt: skip
    for r in report["results"]:
        metric = r["details"]["metric"]
        assert abs(r["details"]["candidate"] - expected[metric](y_read, cand)) < 1e-9, metric
        assert abs(r["details"]["baseline"] - expected[metric](y_read, base)) < 1e-9, metric
        assert r["status"] == "pass" and r["details"]["method"] == "bootstrap"


def test_a_a_passes_in_both_modes_and_slices(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    y, base, _ = fraud_like(2000, seed=1)
    region = np.where(np.arange(2000) % 10 == 0, "small", np.where(np.arange(2000) % 2 == 0, "eu", "us"))
    write_rows(tmp_path / "p.csv", {"id": np.arange(2000), "y": y, "score": base, "region": region})
    for decide in ("significant_regression", "non_inferiority"):
        result, report = significance(
            run_mlgate, tmp_path, "p.csv", "p.csv", "--key", "id", "--label", "y", "--prediction", "score",
            "--metric", "roc_auc", "--metric", "accuracy", "--decide", decide, "--slice", "region", "--min-slice-size", "300",
        )  # fmt: skip
        assert result.returncode == 0, result.output
        ids = {r["id"]: r["status"] for r in report["results"]}
        assert ids["metric:paired:roc_auc@slice=region:eu"] == "pass"
        assert ids["metric:paired:accuracy@slice=region:small"] == "skipped"
        assert len(ids) == 8


def test_non_inferiority_needs_evidence(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    y, base, _ = fraud_like(400, seed=3)
    rng = np.random.default_rng(4)
    noisy = np.clip(base + rng.normal(0, 0.05, size=400), 0, 1)
    write_rows(tmp_path / "b.csv", {"id": np.arange(400), "y": y, "score": base})
    write_rows(tmp_path / "c.csv", {"id": np.arange(400), "y": y, "score": np.round(noisy, 6)})
    common = ("--key", "id", "--label", "y", "--prediction", "score", "--metric", "roc_auc")
    result, report = significance(run_mlgate, tmp_path, "c.csv", "b.csv", *common)
    assert result.returncode == 0
    result, report = significance(
        run_mlgate, tmp_path, "c.csv", "b.csv", *common, "--decide", "non_inferiority"
    )
    assert result.returncode == 1
    assert "non-inferiority not shown: the interval does not rule out a regression beyond max_drop 0" in report["results"][0]["message"]  # fmt: skip
    result, report = significance(run_mlgate, tmp_path, "c.csv", "b.csv", *common, "--decide", "non_inferiority", "--max-drop", "0.05")  # fmt: skip
    assert result.returncode == 0, result.output


@pytest.mark.parametrize(
    ("cand", "message"),
    [
        ("id,y,score\n1,1,0.9\n1,1,0.8\n2,0,0.1\n", "1 key(s) appear more than once in c.csv (e.g. 1)"),
        (
            "id,y,score\n1,0,0.9\n2,0,0.1\n",
            "1 example(s) have a different 'y' in the candidate and the baseline predictions (keys 1)",
        ),
        ("id,label,score\n1,1,0.9\n", "predictions c.csv have no column 'y' (the label column)"),
        ("id,y,score\n7,1,0.9\n", "no example pairs up: no 'id' value of c.csv appears in b.csv"),
        (
            "id,y,score\n1,1,\n2,0,0.3\n",
            "1 row(s) of c.csv have no usable 'score' (NULL, NaN, infinite or not a number)",
        ),
        (
            "id,y,score\n1,1,nan\n2,0,0.3\n",
            "1 row(s) of c.csv have no usable 'score' (NULL, NaN, infinite or not a number)",
        ),
        (
            "id,y,score\n1,1,0.5\n2,0,inf\n",
            "1 row(s) of c.csv have no usable 'score' (NULL, NaN, infinite or not a number)",
        ),
    ],
)
def test_pairing_problems_exit_2(run_mlgate: RunMlgate, tmp_path: Path, cand: str, message: str) -> None:
    (tmp_path / "b.csv").write_text("id,y,score\n1,1,0.7\n2,0,0.2\n")
    (tmp_path / "c.csv").write_text(cand)
    result, _ = significance(run_mlgate, tmp_path, "c.csv", "b.csv", "--key", "id", "--label", "y", "--prediction", "score", "--metric", "roc_auc")  # fmt: skip
    assert result.returncode == 2
    assert message in result.stderr


def test_unpaired_rows_multiclass_and_option_errors(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    rng = np.random.default_rng(9)
    labels = np.array(["cat", "dog", "eel"])[rng.integers(0, 3, 600)]
    pred_b = np.where(rng.random(600) < 0.7, labels, "dog")
    pred_c = np.where(rng.random(600) < 0.7, labels, "eel")
    write_rows(tmp_path / "b.csv", {"id": np.arange(600), "y": labels, "p": pred_b})
    write_rows(tmp_path / "c.csv", {"id": np.arange(5, 600), "y": labels[5:], "p": pred_c[5:]})
    result, report = significance(run_mlgate, tmp_path, "c.csv", "b.csv", "--key", "id", "--label", "y", "--prediction", "p", "--metric", "f1_macro", "--metric", "balanced_accuracy")  # fmt: skip
    assert result.returncode == 0, result.output
    assert "significance: 0 candidate and 5 baseline prediction(s) have no partner on 'id' and were left out; 595 examples paired" in report["notices"]  # fmt: skip
    values = {r["details"]["metric"]: r["details"]["candidate"] for r in report["results"]}
    assert abs(values["f1_macro"] - skm.f1_score(labels[5:], pred_c[5:], average="macro")) < 1e-9
    assert abs(values["balanced_accuracy"] - skm.balanced_accuracy_score(labels[5:], pred_c[5:])) < 1e-9
    result, _ = significance(run_mlgate, tmp_path, "c.csv", "b.csv", "--key", "id", "--label", "y", "--prediction", "p", "--metric", "f1")  # fmt: skip
    assert result.returncode == 2 and "f1 need a binary task, but the labels have 3 classes" in result.stderr
    result, _ = significance(run_mlgate, tmp_path, "c.csv", "b.csv", "--key", "id", "--label", "y", "--prediction", "p", "--metric", "acuracy")  # fmt: skip
    assert (
        result.returncode == 2
        and "--metric: unknown metric(s) 'acuracy' (did you mean 'accuracy'?); known: accuracy, "
        in result.stderr
    )
    result, _ = significance(run_mlgate, tmp_path, "c.csv", "b.csv", "--key", "id", "--metric", "f1_macro")
    assert result.returncode == 2 and "significance needs --label" in result.stderr


def test_git_baseline_predictions_and_first_model(run_mlgate: RunMlgate, git_repo: Path) -> None:
    y, base, cand = fraud_like(3000, seed=5)
    write_rows(git_repo / "preds.csv", {"id": np.arange(3000), "y": y, "score": base})
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "baseline predictions")
    git(git_repo, "checkout", "-q", "-b", "candidate")
    write_rows(git_repo / "preds.csv", {"id": np.arange(3000), "y": y, "score": cand})
    git(git_repo, "commit", "-q", "-am", "candidate predictions")
    common = ("--key", "id", "--label", "y", "--prediction", "score", "--metric", "roc_auc")
    result, report = significance(run_mlgate, git_repo, "preds.csv", "git:main:preds.csv", *common)
    assert result.returncode == 1, result.output
    result, report = significance(run_mlgate, git_repo, "preds.csv", "git:HEAD~1:preds.csv", *common)
    assert result.returncode == 1
    result, report = significance(run_mlgate, git_repo, "preds.csv", "git:main:nothing-yet.csv", *common)
    assert result.returncode == 0 and report["results"][0]["status"] == "skipped"
    assert "baseline predictions git:main:nothing-yet.csv do not exist (first model?): significance is skipped" in report["notices"]  # fmt: skip
    result, _ = significance(run_mlgate, git_repo, "preds.csv", "git:release:preds.csv", *common)
    assert result.returncode == 2 and "git fetch origin release" in result.stderr


def test_ugly_inputs(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    (tmp_path / "b.csv").write_text("id,y,score\n1,fraud,0.9\n2,legit,0.2\n3,fraud,0.4\n4,legit,0.6\n")
    (tmp_path / "c.csv").write_text("id,y,score\nx1,fraud,0.8\n2,legit,0.3\n3,fraud,0.5\n4,legit,0.5\n")
    (tmp_path / "empty.csv").write_text("")
    common = (
        "--key",
        "id",
        "--label",
        "y",
        "--prediction",
        "score",
        "--metric",
        "roc_auc",
        "--min-slice-size",
        "1",
    )
    # integer keys in one file, text keys in the other: compared as text, not an engine error
    result, report = significance(run_mlgate, tmp_path, "c.csv", "b.csv", *common)
    assert result.returncode == 0, result.output
    assert report["results"][0]["details"]["n"] == 3
    assert (
        "significance: the positive class is 'legit', the larger of 'fraud', 'legit' (as scikit-learn picks it); "
        "set `positive:` (--positive) if that is wrong"
    ) in report["notices"]
    result, report = significance(run_mlgate, tmp_path, "c.csv", "b.csv", *common, "--positive", "fraud")
    assert report["notices"] == ["significance: 1 candidate and 1 baseline prediction(s) have no partner on 'id' and were left out; 3 examples paired"]  # fmt: skip
    result, _ = significance(run_mlgate, tmp_path, "empty.csv", "b.csv", *common)
    assert result.returncode == 2 and "predictions file empty.csv is empty" in result.stderr
