"""The `metrics:` section of mlgate.yaml: point rules on metric files, and significance on predictions.

These pydantic models are the single source of truth for the section: the config loader composes
`MetricsSection` into the root config, the JSON Schema is generated from it, and the CLI builds the
same models from its options, so `mlgate metrics compare` and `mlgate check` behave identically.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, FiniteFloat, field_validator, model_validator

from mlgate.config.base import StrictModel

Direction = Literal["higher", "lower"]
Severity = Literal["error", "warning"]
MissingPolicy = Literal["fail", "warn", "ignore"]
Decision = Literal["significant_regression", "non_inferiority"]
Task = Literal["classification", "regression"]

# Metrics that `significance` computes from per-example predictions, with the direction that is better.
CLASSIFICATION_METRICS: dict[str, Direction] = {
    "accuracy": "higher",
    "balanced_accuracy": "higher",
    "precision": "higher",
    "recall": "higher",
    "f1": "higher",
    "precision_macro": "higher",
    "recall_macro": "higher",
    "f1_macro": "higher",
    "precision_micro": "higher",
    "recall_micro": "higher",
    "f1_micro": "higher",
    "roc_auc": "higher",
    "average_precision": "higher",
    "log_loss": "lower",
    "brier": "lower",
}
REGRESSION_METRICS: dict[str, Direction] = {
    "mae": "lower",
    "rmse": "lower",
    "r2": "higher",
    "mape": "lower",
}
SIGNIFICANCE_METRICS: dict[str, Direction] = {**CLASSIFICATION_METRICS, **REGRESSION_METRICS}

_CONDITIONS = ("min", "max", "max_drop", "max_drop_pct", "min_gain", "min_gain_pct")


class MetricRule(StrictModel):
    """One rule on a metric (or on every metric a glob matches) of the candidate metrics file."""

    metric: str = Field(
        min_length=1,
        description="Metric name as flattened from the file (`test.auc`), or a glob (`slices.*.f1`).",
    )
    direction: Direction = Field(description="Which way is better: `higher` or `lower`.")
    min: FiniteFloat | None = Field(default=None, description="The candidate must be at least this.")
    max: FiniteFloat | None = Field(default=None, description="The candidate must be at most this.")
    max_drop: FiniteFloat | None = Field(
        default=None, ge=0, description="Largest allowed regression versus the baseline (absolute)."
    )
    max_drop_pct: FiniteFloat | None = Field(
        default=None, ge=0, description="Largest allowed regression versus the baseline, in % of |baseline|."
    )
    min_gain: FiniteFloat | None = Field(
        default=None, ge=0, description="Required improvement over the baseline (absolute)."
    )
    min_gain_pct: FiniteFloat | None = Field(
        default=None, ge=0, description="Required improvement over the baseline, in % of |baseline|."
    )
    severity: Severity = Field(default="error", description="`error` fails the gate; `warning` warns.")
    missing: MissingPolicy = Field(
        default="fail", description="When the metric is missing on either side: fail, warn or ignore."
    )
    min_slice_size: int | None = Field(
        default=None,
        ge=1,
        description="Slices with fewer examples (per the file's n/size) are skipped instead of judged.",
    )

    @model_validator(mode="after")
    def _has_a_condition(self) -> MetricRule:
        if all(getattr(self, name) is None for name in _CONDITIONS):
            raise ValueError(
                f"the rule for {self.metric!r} has no condition; give at least one of "
                + ", ".join(_CONDITIONS)
            )
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"the rule for {self.metric!r} has min {self.min} greater than max {self.max}")
        return self

    def conditions(self) -> dict[str, float]:
        """The conditions this rule gives, in a fixed order."""
        return {name: float(getattr(self, name)) for name in _CONDITIONS if getattr(self, name) is not None}


class SignificanceSpec(StrictModel):
    """Compare two per-example prediction files on the confidence interval of the paired difference."""

    candidate: str = Field(min_length=1, description="Candidate predictions (CSV, Parquet or NDJSON).")
    baseline: str = Field(
        min_length=1, description="Baseline predictions: a path or `git:REF:PATH` (CSV, Parquet or NDJSON)."
    )
    key: str = Field(min_length=1, description="Column that identifies an example; rows pair on it.")
    label: str = Field(min_length=1, description="Column with the true label (or target value).")
    prediction: str = Field(
        min_length=1,
        description="Column with the prediction: a class, or for binary tasks a score/probability of the positive class.",
    )
    score: str | None = Field(
        default=None,
        description="Optional column with the positive-class score when `prediction` holds classes.",
    )
    metrics: list[str] = Field(min_length=1, description="Metrics to compare, e.g. [roc_auc, accuracy].")
    max_drop: FiniteFloat = Field(
        default=0.0, ge=0, description="Tolerated regression of the paired difference (absolute)."
    )
    confidence: float = Field(default=0.95, gt=0, lt=1, description="Confidence level of the intervals.")
    decide: Decision = Field(
        default="significant_regression",
        description="`significant_regression`: fail only when the interval shows a regression beyond max_drop; "
        "`non_inferiority`: pass only when the interval rules one out.",
    )
    slice: str | None = Field(default=None, description="Column to compare per slice, as well as overall.")
    min_slice_size: int = Field(
        default=100, ge=1, description="Slices with fewer paired examples are skipped."
    )
    n_resamples: int = Field(default=1000, ge=100, le=100_000, description="Bootstrap resamples.")
    seed: int = Field(default=0, ge=0, description="Seed of the bootstrap, for reproducible verdicts.")
    threshold: FiniteFloat = Field(
        default=0.5, description="Scores at or above this are the positive class (binary tasks)."
    )
    positive: str | int | None = Field(
        default=None,
        description="The positive class for binary metrics (default: 1 / true / the larger label).",
    )
    task: Task | None = Field(
        default=None, description="classification or regression (default: from the metrics)."
    )
    severity: Severity = Field(default="error", description="`error` fails the gate; `warning` warns.")

    @field_validator("metrics")
    @classmethod
    def _known_metrics(cls, value: list[str]) -> list[str]:
        unknown = [name for name in value if name not in SIGNIFICANCE_METRICS]
        if unknown:
            from difflib import get_close_matches

            guesses = [g for name in unknown for g in get_close_matches(name, SIGNIFICANCE_METRICS, n=1)]
            raise ValueError(
                f"unknown metric(s) {', '.join(map(repr, unknown))}"
                + (f" (did you mean {', '.join(map(repr, guesses))}?)" if guesses else "")
                + f"; known: {', '.join(SIGNIFICANCE_METRICS)}"
            )
        if len(set(value)) != len(value):
            raise ValueError("a metric is listed twice")
        return value

    @model_validator(mode="after")
    def _one_task(self) -> SignificanceSpec:
        kinds = {"classification" if m in CLASSIFICATION_METRICS else "regression" for m in self.metrics}
        if len(kinds) > 1:
            raise ValueError(
                "classification and regression metrics are mixed; compare one kind of task per section"
            )
        if self.task is not None and kinds != {self.task}:
            raise ValueError(f"task is {self.task!r} but the metrics are {kinds.pop()} metrics")
        return self

    def resolved_task(self) -> Task:
        return "regression" if self.metrics[0] in REGRESSION_METRICS else "classification"


class MetricsSection(StrictModel):
    """`metrics:` — candidate metrics file vs a baseline, with rules; and/or significance on predictions."""

    candidate: str | None = Field(
        default=None, description="Candidate metrics file (JSON, YAML, TOML or CSV)."
    )
    baseline: str | None = Field(
        default=None,
        description="Baseline metrics file: a path or `git:REF:PATH` (e.g. git:origin/main:reports/metrics.json).",
    )
    rules: list[MetricRule] = Field(default_factory=list, description="Rules on the candidate's metrics.")
    significance: SignificanceSpec | None = Field(
        default=None, description="Decide on the confidence interval of the paired difference."
    )
    on_missing_baseline: Literal["skip", "fail"] = Field(
        default="skip",
        description="When the baseline does not exist yet (first model): skip baseline-relative conditions, or fail.",
    )

    @model_validator(mode="after")
    def _something_to_check(self) -> MetricsSection:
        if self.candidate is None and self.significance is None:
            raise ValueError(
                "the metrics section needs `candidate` (+ `baseline` and `rules`), or `significance`, or both"
            )
        if self.candidate is not None and not self.rules:
            raise ValueError("`candidate` is given but there are no `rules` to check it with")
        if self.rules and self.candidate is None:
            raise ValueError("`rules` are given but there is no `candidate` metrics file to check")
        if self.baseline is not None and self.candidate is None:
            raise ValueError("`baseline` is given but there is no `candidate` metrics file to compare")
        return self
