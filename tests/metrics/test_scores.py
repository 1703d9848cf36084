"""mlgate's metric functions equal scikit-learn's to 1e-9, including ties, imbalance and empty classes."""

from __future__ import annotations

import numpy as np
import pytest
import sklearn.metrics as skm

from mlgate.metrics.scores import (
    confusion_metric,
    confusion_stats,
    mean_metric,
    rank_metric,
    rank_order,
)


def cases() -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(123)
    out = []
    for n, rate, decimals in [(50, 0.5, 1), (1000, 0.03, 2), (4000, 0.3, 6), (300, 0.9, 0)]:
        y = (rng.random(n) < rate).astype(np.int64)
        score = np.round(np.clip(0.35 * y + rng.random(n) * 0.65, 0, 1), decimals)  # ties when rounded
        out.append((y, score))
    return out


@pytest.mark.parametrize("case", range(4))
def test_binary_metrics_equal_sklearn(case: int) -> None:
    y, score = cases()[case]
    pred = (score >= 0.5).astype(np.int64)
    stats = confusion_stats(y, pred, 2)
    expected = {
        "accuracy": skm.accuracy_score(y, pred),
        "balanced_accuracy": skm.balanced_accuracy_score(y, pred),
        "precision": skm.precision_score(y, pred, zero_division=0),
        "recall": skm.recall_score(y, pred, zero_division=0),
        "f1": skm.f1_score(y, pred, zero_division=0),
        "precision_macro": skm.precision_score(y, pred, average="macro", zero_division=0),
        "recall_macro": skm.recall_score(y, pred, average="macro", zero_division=0),
        "f1_macro": skm.f1_score(y, pred, average="macro", zero_division=0),
        "precision_micro": skm.precision_score(y, pred, average="micro", zero_division=0),
        "recall_micro": skm.recall_score(y, pred, average="micro", zero_division=0),
        "f1_micro": skm.f1_score(y, pred, average="micro", zero_division=0),
    }
    for name, value in expected.items():
        assert abs(confusion_metric(name, stats, 1)[0] - value) < 1e-9, name
    order = rank_order(y.astype(np.float64), score)
    assert abs(rank_metric("roc_auc", order)[0] - skm.roc_auc_score(y, score)) < 1e-9
    assert abs(rank_metric("average_precision", order)[0] - skm.average_precision_score(y, score)) < 1e-9
    y01 = y.astype(np.float64)
    assert abs(mean_metric("log_loss", y01, score) - skm.log_loss(y, score, labels=[0, 1])) < 1e-9
    assert abs(mean_metric("brier", y01, score) - skm.brier_score_loss(y, score, labels=[0, 1])) < 1e-9


def test_multiclass_and_no_predicted_positives() -> None:
    rng = np.random.default_rng(5)
    y = rng.integers(0, 4, 2000)
    pred = np.where(rng.random(2000) < 0.5, y, rng.integers(0, 5, 2000))  # class 4 is predicted, never true
    stats = confusion_stats(y, pred, 5)
    for average in ("macro", "micro"):
        for name, fn in (
            ("precision", skm.precision_score),
            ("recall", skm.recall_score),
            ("f1", skm.f1_score),
        ):
            value = fn(y, pred, average=average, zero_division=0)
            assert abs(confusion_metric(f"{name}_{average}", stats, None)[0] - value) < 1e-9, (name, average)
    assert abs(confusion_metric("accuracy", stats, None)[0] - skm.accuracy_score(y, pred)) < 1e-9
    with pytest.warns(UserWarning):  # scikit-learn warns about the predicted-only class
        expected = skm.balanced_accuracy_score(y, pred)
    assert abs(confusion_metric("balanced_accuracy", stats, None)[0] - expected) < 1e-9
    y2 = np.array([0, 1, 1, 0])
    none = confusion_stats(y2, np.zeros(4, dtype=np.int64), 2)
    assert (
        confusion_metric("precision", none, 1)[0]
        == skm.precision_score(y2, np.zeros(4), zero_division=0)
        == 0
    )


def test_regression_metrics_equal_sklearn() -> None:
    rng = np.random.default_rng(17)
    y = rng.normal(0, 5, 3000)
    y[:10] = 0.0  # MAPE's epsilon guard
    pred = y + rng.normal(0, 2, 3000)
    expected = {
        "mae": skm.mean_absolute_error(y, pred),
        "rmse": skm.root_mean_squared_error(y, pred),
        "r2": skm.r2_score(y, pred),
        "mape": skm.mean_absolute_percentage_error(y, pred),
    }
    for name, value in expected.items():
        assert abs(mean_metric(name, y, pred) - value) <= 1e-9 * max(1.0, abs(value)), name
    constant = np.full(5, 3.0)
    assert mean_metric("r2", constant, constant) == skm.r2_score(constant, constant) == 1.0
    assert mean_metric("r2", constant, constant + 1) == skm.r2_score(constant, constant + 1) == 0.0
