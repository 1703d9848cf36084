"""`mlgate metrics compare`: the candidate model's metrics against a baseline, on points or on evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from mlgate.cli.common import finish, output_options


@click.group()
def metrics() -> None:
    """Model metrics: compare a candidate with a baseline (any git revision), with significance."""


@metrics.command()
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the `metrics:` section of this config (default when no files are given: mlgate.yaml, searched upwards).",
)
@click.option("--candidate", help="Candidate metrics file (JSON, YAML, TOML or CSV).")
@click.option(
    "--baseline", help="Baseline metrics file: a path or git:REF:PATH (e.g. git:origin/main:metrics.json)."
)
@click.option(
    "--rule",
    "rules",
    multiple=True,
    metavar="RULE",
    help="NAME:higher|lower:COND=VALUE[,...], e.g. 'accuracy:higher:max_drop=0.01'. Repeatable.",
)
@click.option(
    "--on-missing-baseline",
    type=click.Choice(["skip", "fail"]),
    help="No baseline yet (first model): skip relative conditions (default) or fail.",
)
@click.option("--candidate-predictions", help="Candidate per-example predictions (CSV, Parquet or NDJSON).")
@click.option("--baseline-predictions", help="Baseline predictions: a path or git:REF:PATH.")
@click.option("--key", help="Column that pairs the two prediction files.")
@click.option("--label", help="Column with the true label / target.")
@click.option("--prediction", help="Column with the prediction (class, score or value).")
@click.option("--score", help="Column with the positive-class score when --prediction holds classes.")
@click.option(
    "--metric",
    "metric_names",
    multiple=True,
    help="Metric to compare on the predictions (roc_auc, accuracy, f1, rmse...). Repeatable.",
)
@click.option("--confidence", type=float, help="Confidence level of the intervals (default 0.95).")
@click.option("--max-drop", type=float, help="Tolerated regression of the paired difference (default 0).")
@click.option(
    "--decide",
    type=click.Choice(["significant_regression", "non_inferiority"]),
    help="Fail on a significant regression (default), or pass only on proven non-inferiority.",
)
@click.option("--slice", "slice_column", help="Also compare per value of this column.")
@click.option("--min-slice-size", type=int, help="Skip slices with fewer paired examples (default 100).")
@click.option("--n-resamples", type=int, help="Bootstrap resamples (default 1000).")
@click.option("--seed", type=int, help="Bootstrap seed (default 0).")
@click.option("--threshold", type=float, help="Scores at or above this are the positive class (default 0.5).")
@click.option("--positive", help="The positive class of binary metrics (default 1 / true).")
@output_options
def compare(config_path: Path | None, reports: tuple[str, ...], fail_on: str, verbose: int, quiet: bool, **options: Any) -> None:  # fmt: skip
    """Compare candidate metrics with a baseline and gate on the rules (0 pass, 1 closed, 2 not evaluated).

    \b
    mlgate metrics compare --candidate metrics.json --baseline git:main:metrics.json \\
        --rule 'accuracy:higher:max_drop=0.01' --rule 'latency_ms:lower:max=50'
    mlgate metrics compare --candidate-predictions preds.parquet \\
        --baseline-predictions git:main:preds.parquet --key id --label y --prediction score \\
        --metric roc_auc --metric accuracy
    """
    from mlgate.context import GateContext
    from mlgate.metrics.cli_section import section_from_options
    from mlgate.metrics.gate import evaluate_metrics
    from mlgate.results import Report

    section, base_dir, locate, config_display = section_from_options(config_path, options)
    report = Report(
        meta={"command": "metrics compare", **({"config": config_display} if config_display else {})}
    )
    with GateContext(base_dir=base_dir) as ctx:
        results, notices = evaluate_metrics(section, ctx, locate)
    report.extend(results)
    report.notices.extend(notices)
    finish(report, reports=reports, fail_on=fail_on, verbose=verbose, quiet=quiet)
