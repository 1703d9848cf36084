"""Run evidently's own DataDriftPreset in-process and read back each column's method, score and verdict."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import pandas as pd

from mlgate.drift.stattests import import_evidently


@dataclass(frozen=True)
class EvidentlyColumn:
    method: str  # stattest name (mapped back from evidently's display name)
    score: float
    threshold: float
    drifted: bool


def preset_columns(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    *,
    numerical: list[str],
    categorical: list[str],
    per_column_method: dict[str, str] | None = None,
    per_column_threshold: dict[str, float] | None = None,
) -> tuple[dict[str, EvidentlyColumn], dict[str, Any]]:
    """Per-column results of `Report([DataDriftPreset(...)], include_tests=True)`, and the dataset metric."""
    import_evidently()  # telemetry off, import-time warnings filtered (theirs, not ours)
    from evidently import DataDefinition, Dataset, Report
    from evidently.legacy.calculations.stattests.registry import _registered_stat_tests
    from evidently.presets import DataDriftPreset

    by_label = {
        t.display_name: name for name, types in _registered_stat_tests.items() for t in types.values()
    }
    definition = DataDefinition(numerical_columns=numerical, categorical_columns=categorical)
    preset = DataDriftPreset(
        columns=numerical + categorical,
        per_column_method=per_column_method,
        per_column_threshold=per_column_threshold,
    )
    with warnings.catch_warnings():
        # evidently's plots divide by zero on constant columns; that noise is evidently's own.
        warnings.simplefilter("ignore")
        snapshot = Report([preset], include_tests=True).run(
            Dataset.from_pandas(current, data_definition=definition),
            Dataset.from_pandas(reference, data_definition=definition),
        )
        data = snapshot.dict()
    verdicts = {t["metric_config"]["metric_id"]: t["status"] for t in data["tests"] if t["id"] == "drift"}
    columns: dict[str, EvidentlyColumn] = {}
    dataset: dict[str, Any] = {}
    for metric in data["metrics"]:
        config = metric["config"]
        if config["type"].endswith("DriftedColumnsCount"):
            dataset = dict(metric["value"])
            continue
        status = verdicts[metric["id"]]
        assert status in ("FAIL", "SUCCESS"), status
        columns[config["column"]] = EvidentlyColumn(
            method=by_label.get(config["method"], config["method"]),  # a configured method keeps its name
            score=float(metric["value"]),
            threshold=float(config["threshold"]),
            drifted=status == "FAIL",
        )
    return columns, dataset
