"""One metric's paired comparison: both point values, the difference and its confidence interval.

The method per metric: DeLong's test for ROC AUC, the exact McNemar test for accuracy, and the
paired bootstrap for every other metric (the bootstrap is what the rest of the family shares).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlgate.metrics.bootstrap import confusion_bootstrap, make_rng, mean_bootstrap, rank_bootstrap
from mlgate.metrics.predictions import Paired
from mlgate.metrics.scores import (
    CONFUSION_METRICS,
    MEAN_METRICS,
    RANK_METRICS,
    MetricUndefined,
    check_defined,
    confusion_metric,
    confusion_stats,
    mean_metric,
    rank_metric,
    rank_order,
)

METHOD_NAMES = {"delong": "DeLong", "mcnemar": "exact McNemar", "bootstrap": "paired bootstrap"}


@dataclass(frozen=True)
class Estimate:
    metric: str
    candidate: float
    baseline: float
    delta: float  # candidate − baseline
    low: float  # interval of delta
    high: float
    p_value: float | None
    method: str  # delong | mcnemar | bootstrap
    n: int


def method_for(metric: str) -> str:
    if metric == "roc_auc":
        return "delong"
    if metric == "accuracy":
        return "mcnemar"
    return "bootstrap"


def estimate(
    metric: str,
    data: Paired,
    *,
    confidence: float,
    n_resamples: int,
    seed: int,
    slice_label: str = "",
) -> Estimate:
    """Raises MetricUndefined when the metric has no value on these examples."""
    method = method_for(metric)
    if data.task == "regression":
        y = np.asarray(data.y, dtype=np.float64)
        check_defined(metric, None, y)
        pc, pb = np.asarray(data.pred_candidate), np.asarray(data.pred_baseline)
        cand, base = mean_metric(metric, y, pc), mean_metric(metric, y, pb)
        boot = mean_bootstrap(metric, y, pc, pb, n_resamples, make_rng(seed, metric, slice_label))
        low, high = boot.interval(confidence)
        return Estimate(metric, cand, base, cand - base, low, high, None, method, data.n)
    if metric in CONFUSION_METRICS:
        return _confusion(metric, data, method, confidence, n_resamples, seed, slice_label)
    y01 = data.y01()
    sc, sb = data.score_candidate, data.score_baseline
    if sc is None or sb is None:
        raise MetricUndefined(f"{metric} needs scores")
    check_defined(metric, y01, None)
    if metric in MEAN_METRICS:
        if metric == "log_loss" or metric == "brier":
            for scores in (sc, sb):
                if np.any((scores < 0) | (scores > 1)):
                    raise MetricUndefined(
                        f"{metric} needs probabilities in [0, 1], but the scores leave that range"
                    )
        cand, base = mean_metric(metric, y01, sc), mean_metric(metric, y01, sb)
        boot = mean_bootstrap(metric, y01, sc, sb, n_resamples, make_rng(seed, metric, slice_label))
        low, high = boot.interval(confidence)
        return Estimate(metric, cand, base, cand - base, low, high, None, method, data.n)
    if metric == "roc_auc":
        from mlgate.metrics.delong import delong

        result = delong(y01 > 0.5, sc, sb)
        low, high = result.interval(confidence)
        return Estimate(metric, result.auc_candidate, result.auc_baseline, result.difference, low, high, result.p_value, method, data.n)  # fmt: skip
    if metric in RANK_METRICS:
        oc, ob = rank_order(y01, sc), rank_order(y01, sb)
        cand, base = float(rank_metric(metric, oc)[0]), float(rank_metric(metric, ob)[0])
        boot = rank_bootstrap(metric, oc, ob, n_resamples, make_rng(seed, metric, slice_label))
        low, high = boot.interval(confidence)
        return Estimate(metric, cand, base, cand - base, low, high, None, method, data.n)
    raise MetricUndefined(f"{metric} is not a metric for {data.task}")


def _confusion(
    metric: str, data: Paired, method: str, confidence: float, n_resamples: int, seed: int, slice_label: str
) -> Estimate:
    y = np.asarray(data.y, dtype=np.int64)
    pc = np.asarray(data.pred_candidate, dtype=np.int64)
    pb = np.asarray(data.pred_baseline, dtype=np.int64)
    k = max(data.k, 1)
    cand = float(confusion_metric(metric, confusion_stats(y, pc, k), data.positive)[0])
    base = float(confusion_metric(metric, confusion_stats(y, pb, k), data.positive)[0])
    if method == "mcnemar":
        from mlgate.metrics.mcnemar import mcnemar

        right_c, right_b = pc == y, pb == y
        test = mcnemar(int(np.sum(right_c & ~right_b)), int(np.sum(right_b & ~right_c)), len(y))
        low, high = test.interval(confidence)
        return Estimate(metric, cand, base, cand - base, low, high, test.p_value, method, data.n)
    boot = confusion_bootstrap(
        metric, y, pc, pb, k, data.positive, n_resamples, make_rng(seed, metric, slice_label)
    )
    low, high = boot.interval(confidence)
    return Estimate(metric, cand, base, cand - base, low, high, None, method, data.n)
