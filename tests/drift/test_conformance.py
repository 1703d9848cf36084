"""Same numbers as evidently: every column's method, score (to 1e-9), threshold and verdict from
`mlgate drift` equal what evidently's own `Report([DataDriftPreset()], include_tests=True)` reports
on the same files, for each method `auto` picks (ks, chisquare, z, wasserstein, jensenshannon) and
for explicitly configured methods. Those five are scored by mlgate.drift.native (the same scipy calls,
without importing evidently), so these tests are the proof that replacing evidently's wrappers is sound:
every path through them runs here (p-values on small n with ties, booleans, nulls, a constant; distances
on large n; jensenshannon on categories, on few numbers and, configured, on Sturges bins)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tests.conftest import RunMlgate
from tests.drift.evidently_reference import preset_columns

TOLERANCE = 1e-9


def _small(rng: np.random.Generator, n: int, shifted: bool) -> pd.DataFrame:
    shift = 0.6 if shifted else 0.0
    with_nulls = rng.normal(size=n)
    with_nulls[rng.random(n) < 0.1] = np.nan
    with_nulls[:2] = [np.inf, -np.inf]  # evidently drops ±inf like nulls
    cat_nulls = rng.choice(["red", "green", "blue"], n).astype(object)
    cat_nulls[rng.random(n) < 0.15] = None
    flag_nulls = (rng.random(n) < 0.4).astype(object)
    flag_nulls[rng.random(n) < 0.1] = None
    return pd.DataFrame(
        {
            "num_cont": rng.normal(size=n),
            "num_shift": rng.normal(loc=shift, size=n),
            "num_low4": rng.integers(0, 4, n),
            "num_bin": rng.integers(0, 2, n),
            "num_nulls": with_nulls,
            "cat5": rng.choice(["a", "b", "c", "d", "e"], n),
            "cat_shift": rng.choice(["a", "b", "c"], n, p=[0.2, 0.3, 0.5] if shifted else [0.5, 0.3, 0.2]),
            "cat_bin": rng.choice(["yes", "no"], n),
            "flag": rng.random(n) < (0.6 if shifted else 0.4),
            "flag_nulls": flag_nulls,
            "cat_nulls": cat_nulls,
            "const": np.ones(n),
        }
    )


def _large(rng: np.random.Generator, n: int, shifted: bool, reference: bool) -> pd.DataFrame:
    shift = 0.3 if shifted else 0.0
    exactly_1000 = rng.normal(size=n)
    exactly_1001 = rng.normal(size=n)
    if reference:  # n = 1200: 200 nulls leave 1000 values (ks), 199 leave 1001 (wasserstein)
        exactly_1000[:200] = np.nan
        exactly_1001[:199] = np.nan
    return pd.DataFrame(
        {
            "num_cont": rng.normal(size=n),
            "num_shift": rng.normal(loc=shift, size=n),
            "num_low4": rng.integers(0, 4, n).astype(float),
            "cat5": rng.choice(["a", "b", "c", "d", "e"], n),
            "cat_shift": rng.choice(["a", "b", "c"], n, p=[0.2, 0.3, 0.5] if shifted else [0.5, 0.3, 0.2]),
            "flag": rng.random(n) < (0.7 if shifted else 0.4),
            "n_ref_1000": exactly_1000,
            "n_ref_1001": exactly_1001,
        }
    )


def _types(frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    numerical = [
        c
        for c in frame.columns
        if pd.api.types.is_float_dtype(frame[c]) or pd.api.types.is_integer_dtype(frame[c])
    ]
    return numerical, [c for c in frame.columns if c not in numerical]


def _mlgate(run_mlgate: RunMlgate, tmp_path: Path, *args: str) -> dict[str, dict[str, Any]]:
    out = tmp_path / "report.json"
    result = run_mlgate("drift", *args, "--report", f"json:{out}", cwd=tmp_path)
    assert result.returncode in (0, 1), result.output
    assert "Warning" not in result.stderr, result.stderr
    report = json.loads(out.read_text())
    return {r["target"]: r for r in report["results"]}


def _drifted(ours: dict[str, dict[str, Any]]) -> set[str]:
    return {c for c, r in ours.items() if r["kind"] == "drift" and r["details"].get("drifted")}


def _compare(
    ours: dict[str, dict[str, Any]], theirs: dict[str, object], expected_methods: dict[str, str]
) -> None:
    from tests.drift.evidently_reference import EvidentlyColumn

    assert set(theirs) == set(expected_methods)
    for column, method in expected_methods.items():
        evidently = theirs[column]
        assert isinstance(evidently, EvidentlyColumn)
        details = ours[column]["details"]
        assert isinstance(details, dict), ours[column]
        assert evidently.method == method, (column, evidently)
        assert details["method"] == method, (column, details)
        assert abs(float(details["score"]) - evidently.score) <= TOLERANCE, (
            column,
            details["score"],
            evidently,
        )
        assert details["threshold"] == evidently.threshold, (column, details, evidently)
        assert details["drifted"] is evidently.drifted, (column, details, evidently)
        assert ours[column]["status"] == ("warn" if evidently.drifted else "pass"), ours[column]


def test_auto_small_n_picks_ks_chisquare_z_like_evidently(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    reference, current = _small(rng, 300, shifted=False), _small(rng, 250, shifted=True)
    reference.to_parquet(tmp_path / "ref.parquet")
    current.to_parquet(tmp_path / "cur.parquet")
    ours = _mlgate(run_mlgate, tmp_path, "--reference", "ref.parquet", "--current", "cur.parquet")
    ref, cur = pd.read_parquet(tmp_path / "ref.parquet"), pd.read_parquet(tmp_path / "cur.parquet")
    numerical, categorical = _types(ref)
    theirs, dataset = preset_columns(ref, cur, numerical=numerical, categorical=categorical)
    methods = {
        "num_cont": "ks", "num_shift": "ks", "num_low4": "chisquare", "num_bin": "z", "num_nulls": "ks",
        "cat5": "chisquare", "cat_shift": "chisquare", "cat_bin": "z", "flag": "z", "flag_nulls": "z",
        "cat_nulls": "chisquare", "const": "z",
    }  # fmt: skip
    _compare(ours, theirs, methods)
    # The data drifts where it was made to (flag_nulls by chance at seed 7), so both verdicts are exercised.
    assert _drifted(ours) == {"num_shift", "cat_shift", "flag", "flag_nulls"}
    assert ours["num_nulls"]["details"]["n_reference"] == int(np.isfinite(ref["num_nulls"]).sum())
    assert ours["const"]["details"]["constant"] == "both"
    assert ours["dataset"]["details"]["drifted_columns"] == dataset["count"] == 4
    assert abs(ours["dataset"]["details"]["drifted_share"] - dataset["share"]) <= TOLERANCE


def test_auto_large_n_picks_wasserstein_jensenshannon_like_evidently(
    run_mlgate: RunMlgate, tmp_path: Path
) -> None:
    rng = np.random.default_rng(11)
    _large(rng, 1200, shifted=False, reference=True).to_parquet(tmp_path / "ref.parquet")
    _large(rng, 1100, shifted=True, reference=False).to_parquet(tmp_path / "cur.parquet")
    ours = _mlgate(run_mlgate, tmp_path, "--reference", "ref.parquet", "--current", "cur.parquet")
    ref, cur = pd.read_parquet(tmp_path / "ref.parquet"), pd.read_parquet(tmp_path / "cur.parquet")
    numerical, categorical = _types(ref)
    theirs, dataset = preset_columns(ref, cur, numerical=numerical, categorical=categorical)
    methods = {
        "num_cont": "wasserstein", "num_shift": "wasserstein", "num_low4": "jensenshannon",
        "cat5": "jensenshannon", "cat_shift": "jensenshannon", "flag": "jensenshannon",
        "n_ref_1000": "ks", "n_ref_1001": "wasserstein",
    }  # fmt: skip
    _compare(ours, theirs, methods)
    assert _drifted(ours) == {"num_shift", "cat_shift", "flag"}
    assert ours["n_ref_1000"]["details"]["n_reference"] == 1000
    assert ours["dataset"]["details"]["drifted_columns"] == dataset["count"] == 3


EXPLICIT = {
    "anderson": "anderson", "cvm": "cramer_von_mises", "energy": "ed", "epps": "es", "mann": "mannw",
    "ttest": "t_test", "hell_num": "hellinger", "kl_num": "kl_div", "psi_num": "psi", "js_num": "jensenshannon",
    "wd_num": "wasserstein", "ks_tight": "ks", "kl_cat": "kl_div", "psi_cat": "psi", "tvd_cat": "TVD",
    "fisher_cat": "fisher_exact", "g_cat": "g_test", "hell_cat": "hellinger",
}  # fmt: skip


def test_configured_methods_and_thresholds_match_evidently(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    rng = np.random.default_rng(3)

    def frame(n: int, shift: float) -> pd.DataFrame:
        data: dict[str, object] = {}
        for column, method in EXPLICIT.items():
            if column.endswith("_cat"):
                values = ["x", "y"] if method == "fisher_exact" else ["p", "q", "r", "s"]
                p = np.linspace(1.0, 1.0 + 4 * shift, len(values))
                data[column] = rng.choice(values, n, p=p / p.sum())
            else:
                data[column] = rng.normal(loc=shift, size=n)
        return pd.DataFrame(data)

    frame(300, 0.0).to_parquet(tmp_path / "ref.parquet")
    frame(300, 0.25).to_parquet(tmp_path / "cur.parquet")  # g_test and fisher_exact need equal n
    thresholds = {"ks_tight": 0.5, "wd_num": 0.05, "psi_cat": 0.02}
    lines = ["version: 1", "drift:", "  reference: ref.parquet", "  current: cur.parquet", "  per_column:"]
    for column, method in EXPLICIT.items():
        lines.append(
            f"    {column}: {{method: {method}"
            + (f", threshold: {thresholds[column]}}}" if column in thresholds else "}")
        )
    (tmp_path / "mlgate.yaml").write_text("\n".join(lines) + "\n")
    ours = _mlgate(run_mlgate, tmp_path, "--config", "mlgate.yaml")
    ref, cur = pd.read_parquet(tmp_path / "ref.parquet"), pd.read_parquet(tmp_path / "cur.parquet")
    numerical, categorical = _types(ref)
    theirs, _ = preset_columns(
        ref, cur, numerical=numerical, categorical=categorical,
        per_column_method=EXPLICIT, per_column_threshold=thresholds,
    )  # fmt: skip
    _compare(ours, theirs, EXPLICIT)
    assert ours["ks_tight"]["details"]["threshold"] == 0.5
    assert ours["ks_tight"]["details"]["drift_when"] == "score <= threshold"
    assert ours["ttest"]["details"]["drift_when"] == "score < threshold"
    assert ours["hell_num"]["details"]["drift_when"] == "score >= threshold"
    assert ours["energy"]["details"]["drift_when"] == "score > threshold"
    drifted = _drifted(ours)
    assert 3 <= len(drifted) < len(EXPLICIT), drifted  # both verdicts are exercised
