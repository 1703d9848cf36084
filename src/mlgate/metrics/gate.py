"""Entry point of the metric gate, used by `mlgate check` and `mlgate metrics compare`."""

from __future__ import annotations

from mlgate.config.base import Locator
from mlgate.context import GateContext
from mlgate.metrics.config import MetricsSection
from mlgate.results import Result, Source


def evaluate_metrics(
    section: MetricsSection, ctx: GateContext, locate: Locator | None = None
) -> tuple[list[Result], list[str]]:
    """Results (gate="metrics") and notices for the report; GateError when it cannot be evaluated."""
    from mlgate.metrics.compare import compare_metrics
    from mlgate.metrics.files import read_metric_file

    results: list[Result] = []
    notices: list[str] = []
    if section.candidate is not None:
        candidate = read_metric_file(section.candidate, ctx, role="metrics.candidate")
        assert candidate is not None  # allow_missing=False never returns None
        baseline = None
        if section.baseline is not None:
            baseline = read_metric_file(section.baseline, ctx, role="metrics.baseline", allow_missing=True)
        point, notes = compare_metrics(
            section.rules,
            candidate,
            baseline,
            baseline_spec=section.baseline,
            on_missing_baseline=section.on_missing_baseline,
            locate=locate,
        )
        results.extend(point)
        notices.extend(notes)
    if section.significance is not None:
        from mlgate.metrics.significance import run_significance

        sig, notes = run_significance(
            section.significance,
            ctx,
            locate=_nested(locate, ("significance",)),
            on_missing_baseline=section.on_missing_baseline,
        )
        results.extend(sig)
        notices.extend(notes)
    return results, notices


def _nested(locate: Locator | None, prefix: tuple[str | int, ...]) -> Locator | None:
    if locate is None:
        return None
    parent = locate

    def nested(path: tuple[str | int, ...]) -> Source | None:
        return parent((*prefix, *path))

    return nested


def run_metrics(section: MetricsSection, ctx: GateContext, locate: Locator | None = None) -> list[Result]:
    """Every result of the metrics section (gate="metrics"); GateError when it cannot be evaluated.

    Notices (non-numeric leaves, first model, unpaired rows) travel in the first result's
    `details["notices"]` here; callers that own a Report should use `evaluate_metrics` instead.
    """
    results, notices = evaluate_metrics(section, ctx, locate)
    if results and notices:
        results[0].details.setdefault("notices", []).extend(notices)
    return results
