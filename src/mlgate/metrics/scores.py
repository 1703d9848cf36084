"""Metric functions on numpy arrays, equal to scikit-learn's (tested to 1e-9), in batch form.

Every metric is computed from sufficient statistics so that the bootstrap can evaluate a thousand
resamples at once:
- confusion metrics (accuracy, balanced accuracy, precision/recall/F1 binary, macro, micro) from
  per-class counts;
- mean metrics (log loss, Brier, MAE, RMSE, MAPE, R²) from sums of per-example columns;
- rank metrics (ROC AUC, average precision) from per-example weights over a fixed sort.
numpy is imported by the caller's module only when a significance section runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

CONFUSION_METRICS = frozenset(
    {
        "accuracy",
        "balanced_accuracy",
        "precision",
        "recall",
        "f1",
        "precision_macro",
        "recall_macro",
        "f1_macro",
        "precision_micro",
        "recall_micro",
        "f1_micro",
    }
)
BINARY_ONLY = frozenset({"precision", "recall", "f1", "roc_auc", "average_precision", "log_loss", "brier"})
SCORE_METRICS = frozenset({"roc_auc", "average_precision", "log_loss", "brier"})
MEAN_METRICS = frozenset({"log_loss", "brier", "mae", "rmse", "mape", "r2"})
RANK_METRICS = frozenset({"roc_auc", "average_precision"})
EPS = float(np.finfo(np.float64).eps)


class MetricUndefined(ValueError):
    """The metric has no value on these data (e.g. ROC AUC with one class only)."""


@dataclass(frozen=True)
class ConfusionStats:
    """Per-class counts for a batch of resamples: arrays of shape (B, K) and (B,)."""

    tp: FloatArray  # correct predictions of class k
    true: FloatArray  # examples whose label is k
    pred: FloatArray  # examples predicted as k
    total: FloatArray  # examples


def _safe_div(num: FloatArray, den: FloatArray) -> FloatArray:
    out = np.zeros(np.broadcast(num, den).shape)
    np.divide(num, den, out=out, where=den > 0)
    return out


def confusion_metric(name: str, stats: ConfusionStats, positive: int | None) -> FloatArray:
    """(B,) values; zero_division=0 as scikit-learn's default; macro over labels present in y or ŷ."""
    tp, true, pred = stats.tp, stats.true, stats.pred
    correct = tp.sum(axis=-1)
    if name in ("accuracy", "precision_micro", "recall_micro", "f1_micro"):
        return _safe_div(correct, stats.total)
    if name == "balanced_accuracy":
        present = true > 0
        recall = _safe_div(tp, true)
        return _safe_div((recall * present).sum(axis=-1), present.sum(axis=-1).astype(np.float64))
    if name in ("precision", "recall", "f1"):
        if positive is None:
            raise MetricUndefined(f"{name} needs a positive class")
        tp_k, true_k, pred_k = tp[..., positive], true[..., positive], pred[..., positive]
        if name == "precision":
            return _safe_div(tp_k, pred_k)
        if name == "recall":
            return _safe_div(tp_k, true_k)
        return _safe_div(2 * tp_k, true_k + pred_k)
    labels = (true + pred) > 0
    count = labels.sum(axis=-1).astype(np.float64)
    if name == "precision_macro":
        per_class = _safe_div(tp, pred)
    elif name == "recall_macro":
        per_class = _safe_div(tp, true)
    elif name == "f1_macro":
        per_class = _safe_div(2 * tp, true + pred)
    else:
        raise KeyError(name)
    return _safe_div((per_class * labels).sum(axis=-1), count)


def confusion_stats(y: IntArray, pred: IntArray, k: int) -> ConfusionStats:
    """Counts of one model on the full data, as a batch of one."""
    tp = np.bincount(y[y == pred], minlength=k).astype(np.float64)[None, :]
    true = np.bincount(y, minlength=k).astype(np.float64)[None, :]
    predicted = np.bincount(pred, minlength=k).astype(np.float64)[None, :]
    return ConfusionStats(tp, true, predicted, np.array([float(len(y))]))


def mean_columns(name: str, y: FloatArray, pred: FloatArray) -> FloatArray:
    """Per-example columns whose sums give the metric (see `mean_from_sums`): shape (n, c)."""
    if name == "log_loss":
        p = np.clip(pred, EPS, 1 - EPS)
        return (-(y * np.log(p) + (1 - y) * np.log(1 - p)))[:, None]
    if name == "brier":
        return ((pred - y) ** 2)[:, None]
    err = y - pred
    if name == "mae":
        return np.abs(err)[:, None]
    if name == "rmse":
        return (err**2)[:, None]
    if name == "mape":
        return (np.abs(err) / np.maximum(np.abs(y), EPS))[:, None]
    if name == "r2":
        centred = y - y.mean()  # SST is shift-invariant; centring keeps the sums exact enough
        return np.stack([err**2, centred, centred**2], axis=1)
    raise KeyError(name)


def mean_from_sums(name: str, sums: FloatArray, n: int) -> FloatArray:
    """Metric values from column sums of shape (B, c) over resamples of n examples."""
    if name in ("log_loss", "brier", "mae", "mape"):
        return sums[:, 0] / n
    if name == "rmse":
        return np.sqrt(np.maximum(sums[:, 0], 0.0) / n)
    if name == "r2":
        sse, s1, s2 = sums[:, 0], sums[:, 1], sums[:, 2]
        sst = s2 - s1 * s1 / n
        out = np.where(sse == 0, 1.0, 0.0)
        np.subtract(1.0, sse / np.where(sst > 0, sst, 1.0), out=out, where=sst > 0)
        return out
    raise KeyError(name)


def mean_metric(name: str, y: FloatArray, pred: FloatArray) -> float:
    """Point value, computed as scikit-learn does (not from sums) for exactness."""
    if name == "r2":
        sse = float(np.sum((y - pred) ** 2))
        sst = float(np.sum((y - y.mean()) ** 2))
        if sst == 0:
            return 1.0 if sse == 0 else 0.0
        return 1.0 - sse / sst
    value = float(np.mean(mean_columns(name, y, pred)[:, 0]))
    return float(np.sqrt(value)) if name == "rmse" else value


@dataclass(frozen=True)
class RankOrder:
    """One model's scores sorted once: the order, the labels in that order and tie groups."""

    order: IntArray
    y_sorted: FloatArray  # 1.0 for the positive class
    group_starts: IntArray  # first index of each run of equal scores (descending order)


def rank_order(y01: FloatArray, score: FloatArray) -> RankOrder:
    order = np.argsort(-score, kind="stable")
    sorted_scores = score[order]
    change = np.flatnonzero(np.diff(sorted_scores)) + 1
    starts = np.concatenate([[0], change]).astype(np.int64)
    return RankOrder(order.astype(np.int64), y01[order], starts)


def rank_metric(name: str, ro: RankOrder, weights: FloatArray | None = None) -> FloatArray:
    """ROC AUC or average precision for weight rows (B, n) in the model's sort order; None = all 1."""
    w = np.ones((1, len(ro.order))) if weights is None else weights
    wp = w * ro.y_sorted
    wn = w - wp
    pos = np.add.reduceat(wp, ro.group_starts, axis=1)  # per tie group, descending score
    neg = np.add.reduceat(wn, ro.group_starts, axis=1)
    total_pos = pos.sum(axis=1)
    total_neg = neg.sum(axis=1)
    if name == "roc_auc":
        # Each positive beats the negatives in lower groups and ties half of its own group.
        neg_below = total_neg[:, None] - np.cumsum(neg, axis=1)
        wins = (pos * (neg_below + 0.5 * neg)).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where((total_pos > 0) & (total_neg > 0), wins / (total_pos * total_neg), np.nan)
    if name == "average_precision":
        tps = np.cumsum(pos, axis=1)
        fps = np.cumsum(neg, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            precision = tps / (tps + fps)
            recall_step = pos / total_pos[:, None]
            value = np.nansum(recall_step * precision, axis=1)
        return np.where(total_pos > 0, value, np.nan)
    raise KeyError(name)


def check_defined(name: str, y01: FloatArray | None, y: FloatArray | None) -> None:
    """Raise MetricUndefined where scikit-learn would refuse or warn that a value is meaningless."""
    if name in RANK_METRICS and y01 is not None:
        positives = int(y01.sum())
        if positives == 0 or positives == len(y01):
            raise MetricUndefined(f"{name} is undefined when the labels hold only one class")
    if name == "r2" and y is not None and len(y) < 2:
        raise MetricUndefined("r2 is undefined for fewer than two examples")
