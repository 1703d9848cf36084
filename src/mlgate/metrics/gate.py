"""Entry point of the metric gate, used by `mlgate check` and `mlgate metrics compare`."""

from __future__ import annotations

from mlgate.config.base import Locator
from mlgate.context import GateContext
from mlgate.metrics.config import MetricsSection
from mlgate.results import Result


def run_metrics(section: MetricsSection, ctx: GateContext, locate: Locator | None = None) -> list[Result]:
    """Every result of the metrics section (gate="metrics"); GateError when it cannot be evaluated."""
    raise NotImplementedError("the metric gate is being built (issue #3)")
