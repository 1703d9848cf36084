"""From two cleaned columns to a verdict, and from the column verdicts to the dataset's verdict."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mlgate.drift.columns import ColumnIssue, ColumnPlan
from mlgate.drift.config import DriftSection
from mlgate.drift.methods import AUTO, METHODS
from mlgate.drift.stattests import auto_method, clean, count_values, run_stattest
from mlgate.results import Result, Source, Status

if TYPE_CHECKING:
    import pandas as pd

GATE = "drift"
DATASET_ID = "drift:dataset"
# evidently's DataDriftPreset: the dataset drifts when the share of drifted columns is >= 0.5.
EVIDENTLY_DRIFT_SHARE = 0.5

_NEGATION = {"<": ">=", "<=": ">", ">=": "<", ">": "<="}


def column_id(name: str) -> str:
    return f"drift:{name}"


def no_drift_condition(drift_when: str, threshold: float) -> str:
    operator = drift_when.split()[1]
    return f"score {_NEGATION[operator]} {threshold:.6g}"


@dataclass
class ColumnOutcome:
    """What the dataset verdict needs from a column: whether it was compared and whether it drifted."""

    name: str
    compared: bool
    drifted: bool
    critical: bool


def issue_result(issue: ColumnIssue, source: Source | None) -> Result:
    return Result(
        id=column_id(issue.name),
        kind="drift",
        status=issue.status,
        target=issue.name,
        message=issue.message,
        gate=GATE,
        source=source,
        details={"column": issue.name, "reason": issue.reason, **issue.details},
    )


def evaluate_column(
    plan: ColumnPlan,
    reference: pd.Series,
    current: pd.Series,
    *,
    rows_reference: int,
    rows_current: int,
    source: Source | None,
    sampled: bool,
) -> Result:
    """Score one column with evidently's stattest; the result says method, score, threshold, direction."""
    ref, cur = clean(reference), clean(current)
    details: dict[str, Any] = {
        "column": plan.name,
        "column_type": plan.column_type,
        "type_from": plan.type_from,
        "reference_type": plan.reference_type,
        "current_type": plan.current_type,
        "n_reference": len(ref),
        "n_current": len(cur),
        "rows_reference": rows_reference,
        "rows_current": rows_current,
        "dropped_reference": len(reference) - len(ref),  # null or ±inf, as evidently drops them
        "dropped_current": len(current) - len(cur),
        "sampled": sampled,
        "critical": plan.critical,
    }

    def result(status: Status, message: str, observed: Any = None, expected: Any = None) -> Result:
        return Result(
            id=column_id(plan.name),
            kind="drift",
            status=status,
            target=plan.name,
            message=message,
            gate=GATE,
            observed=observed,
            expected=expected,
            source=source,
            details=details,
        )

    def problem(status: Status, reason: str, message: str, **extra: Any) -> Result:
        details.update(reason=reason, **extra)
        return result(status, message)

    if len(ref) == 0:  # only ±inf values: evidently drops them all
        return problem(
            Status.SKIPPED,
            "no_finite_reference",
            "the reference has no finite values to compare with",
        )
    if len(cur) == 0:
        return problem(
            Status.FAIL,
            "no_finite_current",
            f"the current data has no finite values ({len(ref)} in the reference)",
        )
    configured = plan.method
    if configured != AUTO and plan.column_type not in METHODS[configured].column_types:
        allowed = " or ".join(METHODS[configured].column_types)
        return problem(
            Status.ERROR,
            "method_not_applicable",
            f"method {configured!r} applies to {allowed} columns, but {plan.name!r} is {plan.column_type}; set another method for it under per_column",
            method=configured,
        )
    n_values = count_values(ref, cur, plan.column_type) if configured == AUTO else None
    method = auto_method(plan.column_type, len(ref), n_values) if configured == AUTO else configured
    info = METHODS.get(method)
    unmet = _unmet_requirement(method, ref, cur)
    if unmet:
        return problem(Status.ERROR, "method_requirement", unmet, method=method)
    try:
        outcome = run_stattest(method, ref, cur, plan.column_type, plan.threshold)
    except Exception as exc:  # evidently/scipy failures become a result of ours, not their traceback
        return problem(
            Status.ERROR,
            "stattest_failed",
            f"evidently's {method!r} test could not score this column ({type(exc).__name__}); try another method under per_column",
            method=method,
            exception=f"{type(exc).__name__}: {exc}",
        )
    drift_when = info.drift_when if info else "unknown"
    details.update(
        method=outcome.method,
        method_label=outcome.display_name,
        method_chosen="auto" if configured == AUTO else "config",
        score=outcome.score,
        threshold=outcome.threshold,
        drift_when=drift_when,
        drifted=outcome.drifted,
    )
    if n_values is not None:
        details["distinct_values"] = n_values
    constant = _constant_sides(ref, cur, n_values)
    note = ""
    if constant:
        details["constant"] = constant
        note = {
            "both": "; constant: one and the same value on both sides",
            "reference": "; the reference is constant (one value)",
            "current": "; the current data is constant (one value)",
            "each": "; each side is constant, with different values",
        }[constant]
    if math.isnan(outcome.score):
        return problem(
            Status.ERROR,
            "no_score",
            f"evidently's {method!r} test returned no score (NaN) for this data; try another method under per_column",
        )
    label = (
        f"{outcome.method} {outcome.score:.4g} vs threshold {outcome.threshold:.4g}, drift when {drift_when}"
    )
    if outcome.drifted:
        status = Status.FAIL if plan.critical else Status.WARN
        message = f"drift detected ({label}){note}" + (" — critical column" if plan.critical else "")
    else:
        status, message = Status.PASS, f"no drift ({label}){note}"
    return result(
        status,
        message,
        observed=outcome.score,
        expected=f"no drift: {no_drift_condition(drift_when, outcome.threshold)} ({outcome.method})",
    )


def _unmet_requirement(method: str, ref: pd.Series, cur: pd.Series) -> str | None:
    """What some evidently tests demand of the data, said before they fail with a scipy error."""
    if method in ("fisher_exact", "g_test") and len(ref) != len(cur):
        return (
            f"evidently's {method!r} test needs as many values in the current data as in the reference "
            f"(reference {len(ref)}, current {len(cur)}); use chisquare or jensenshannon for this column"
        )
    if method == "fisher_exact" and (ref.nunique() > 2 or cur.nunique() > 2):
        return "evidently's 'fisher_exact' test needs a column with at most 2 distinct values; use chisquare for this column"
    return None


def _constant_sides(ref: pd.Series, cur: pd.Series, n_values: int | None) -> str | None:
    """Which side holds a single value: a constant column says little, and people should know."""
    ref_constant, cur_constant = _is_constant(ref), _is_constant(cur)
    if ref_constant and cur_constant:
        return "both" if n_values == 1 or ref.iloc[0] == cur.iloc[0] else "each"
    return "reference" if ref_constant else "current" if cur_constant else None


def _is_constant(values: pd.Series) -> bool:
    array = values.to_numpy()
    if array.dtype.kind in "iuf":
        return bool(array.min() == array.max())
    return bool((values == values.iloc[0]).all())


def outcome_of(result: Result) -> ColumnOutcome:
    compared = "score" in result.details and result.status in (Status.PASS, Status.WARN, Status.FAIL)
    return ColumnOutcome(
        name=result.target,
        compared=compared,
        drifted=bool(result.details.get("drifted")) and compared,
        critical=bool(result.details.get("critical")),
    )


def dataset_result(
    section: DriftSection, column_results: list[Result], source: Source | None, extra: dict[str, Any]
) -> Result:
    """The dataset verdict: drifted count and share against max_drifted_share / max_drifted_columns."""
    outcomes = [outcome_of(r) for r in column_results]
    compared = [o for o in outcomes if o.compared]
    drifted = [o.name for o in compared if o.drifted]
    share = len(drifted) / len(compared) if compared else 0.0
    rules: list[str] = []
    broken: list[str] = []
    if section.max_drifted_share is not None:
        rules.append(f"share <= {section.max_drifted_share:.6g}")
        if share > section.max_drifted_share:
            broken.append(f"share {share:.3g} > max_drifted_share {section.max_drifted_share:.6g}")
    if section.max_drifted_columns is not None:
        rules.append(f"count <= {section.max_drifted_columns}")
        if len(drifted) > section.max_drifted_columns:
            broken.append(f"{len(drifted)} > max_drifted_columns {section.max_drifted_columns}")
    if not rules:
        rules.append(f"share < {EVIDENTLY_DRIFT_SHARE:g} (evidently's default)")
        if compared and share >= EVIDENTLY_DRIFT_SHARE:
            broken.append(f"share {share:.3g} >= {EVIDENTLY_DRIFT_SHARE:g}, evidently's dataset-drift rule")
    details: dict[str, Any] = {
        "columns_compared": len(compared),
        "drifted_columns": len(drifted),
        "drifted_share": share,
        "drifted": drifted,
        "critical_drifted": [o.name for o in compared if o.drifted and o.critical],
        "not_compared": [o.name for o in outcomes if not o.compared],
        "max_drifted_share": section.max_drifted_share,
        "max_drifted_columns": section.max_drifted_columns,
        "rule": " and ".join(rules),
        **extra,
    }
    counted = f"{len(drifted)} of {len(compared)} columns drifted ({share:.0%})"
    if not compared:
        status, message = Status.ERROR, "no column could be compared (see the column results for why)"
    elif broken:
        status, message = Status.FAIL, f"dataset drift: {counted}; {'; '.join(broken)}"
    else:
        status, message = Status.PASS, f"{counted}; within {details['rule']}"
    return Result(
        id=DATASET_ID,
        kind="drift_dataset",
        status=status,
        target="dataset",
        message=message,
        gate=GATE,
        observed=f"{len(drifted)} of {len(compared)} columns drifted (share {share:.3g})",
        expected=details["rule"],
        source=source,
        details=details,
    )
