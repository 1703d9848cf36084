"""DeLong's test for two correlated ROC AUCs, in the fast midrank form (Sun & Xu, 2014): O(n log n).

For paired scores of two models on the same examples, the AUC difference is asymptotically normal
with a variance estimated from the structural components of each AUC; the interval and the
two-sided p-value follow from that normal approximation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

from mlgate.metrics.scores import FloatArray

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class DeLongResult:
    auc_candidate: float
    auc_baseline: float
    difference: float  # candidate − baseline
    std_error: float
    p_value: float  # two-sided, H0: equal AUC

    def interval(self, confidence: float) -> tuple[float, float]:
        z = NormalDist().inv_cdf(0.5 + confidence / 2)
        return self.difference - z * self.std_error, self.difference + z * self.std_error


def midranks(values: FloatArray) -> FloatArray:
    """1-based ranks with ties sharing the average of their positions."""
    order = np.argsort(values, kind="stable")
    sorted_values = values[order]
    n = len(values)
    starts = np.concatenate([[0], np.flatnonzero(np.diff(sorted_values)) + 1])
    ends = np.concatenate([starts[1:], [n]])
    group_rank = (starts + ends + 1) / 2.0  # mean of positions start+1 .. end
    ranks_sorted = np.repeat(group_rank, ends - starts)
    ranks = np.empty(n)
    ranks[order] = ranks_sorted
    return ranks


def delong(positive: BoolArray, score_candidate: FloatArray, score_baseline: FloatArray) -> DeLongResult:
    """Paired DeLong test; `positive` marks the examples of the positive class."""
    m = int(positive.sum())
    n = len(positive) - m
    if m == 0 or n == 0:
        raise ValueError("DeLong's test needs both classes")
    aucs = []
    v01 = []  # per positive: share of negatives it outranks
    v10 = []  # per negative: share of positives that outrank it
    for score in (score_candidate, score_baseline):
        pos, neg = score[positive], score[~positive]
        tx, ty = midranks(pos), midranks(neg)
        tz = midranks(np.concatenate([pos, neg]))
        aucs.append(float((tz[:m].sum() - m * (m + 1) / 2.0) / (m * n)))
        v01.append((tz[:m] - tx) / n)
        v10.append(1.0 - (tz[m:] - ty) / m)
    sx = np.cov(np.vstack(v01)) if m > 1 else np.zeros((2, 2))
    sy = np.cov(np.vstack(v10)) if n > 1 else np.zeros((2, 2))
    s = sx / m + sy / n
    variance = float(s[0, 0] + s[1, 1] - 2 * s[0, 1])
    std_error = math.sqrt(max(variance, 0.0))
    difference = aucs[0] - aucs[1]
    if std_error == 0:
        p_value = 1.0 if difference == 0 else 0.0
    else:
        p_value = 2 * NormalDist().cdf(-abs(difference) / std_error)
    return DeLongResult(aucs[0], aucs[1], difference, std_error, min(1.0, p_value))
