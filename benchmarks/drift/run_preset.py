"""What people would run instead: evidently's DataDriftPreset on two Parquet files (one whole process).

    python benchmarks/drift/run_preset.py REFERENCE CURRENT OUT.json

Reads both files with pandas, lets evidently infer the column types (as users do), runs
`Report([DataDriftPreset()], include_tests=True)` and writes each column's method, score and verdict.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path

os.environ.setdefault("DO_NOT_TRACK", "1")
warnings.simplefilter("ignore")


def main(reference: str, current: str, out: str) -> None:
    import pandas as pd
    from evidently import Dataset, Report
    from evidently.legacy.calculations.stattests.registry import _registered_stat_tests
    from evidently.presets import DataDriftPreset

    by_label = {
        t.display_name: name for name, types in _registered_stat_tests.items() for t in types.values()
    }
    ref, cur = pd.read_parquet(reference), pd.read_parquet(current)
    snapshot = Report([DataDriftPreset()], include_tests=True).run(
        Dataset.from_pandas(cur), Dataset.from_pandas(ref)
    )
    data = snapshot.dict()
    verdicts = {t["metric_config"]["metric_id"]: t["status"] for t in data["tests"] if t["id"] == "drift"}
    columns = {}
    for metric in data["metrics"]:
        config = metric["config"]
        if config["type"].endswith("ValueDrift"):
            columns[config["column"]] = {
                "method": by_label.get(config["method"], config["method"]),
                "score": float(metric["value"]),
                "threshold": float(config["threshold"]),
                "drifted": verdicts[metric["id"]] == "FAIL",
            }
    Path(out).write_text(json.dumps(columns, indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:4])
