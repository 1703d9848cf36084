"""Significance: pair two prediction files, estimate each metric's difference, decide on the interval.

`decide: significant_regression` fails only when the whole interval lies beyond the tolerated
regression (the evidence shows a real regression); `non_inferiority` passes only when the whole
interval lies within it (the evidence rules a regression out).

`details` of each result (read by the text table and the markdown renderer):
  mode="significance", metric, slice, slice_column, baseline, candidate, delta (candidate − baseline),
  delta_pct, ci_low, ci_high (interval of delta), confidence, p_value (None for the bootstrap),
  n, method (delong | mcnemar | bootstrap), method_name, decide, max_drop, direction,
  threshold (the delta the decision compares the interval with), decided_by="interval",
  n_resamples, seed, unpaired_candidate, unpaired_baseline, severity.
"""

from __future__ import annotations

import math
from typing import Any

from mlgate.config.base import Locator
from mlgate.context import GateContext
from mlgate.data.source import DataSource, resolve_data
from mlgate.errors import GateError
from mlgate.gitio import is_git_spec, parse_git_spec, resolve_commit
from mlgate.metrics.config import SIGNIFICANCE_METRICS, SignificanceSpec
from mlgate.metrics.rules import fmt
from mlgate.results import Result, Source, Status

MAX_SLICES = 50


def _baseline_source(spec: SignificanceSpec, ctx: GateContext) -> DataSource | None:
    """The baseline predictions, or None when they do not exist yet (first model)."""
    if is_git_spec(spec.baseline):
        resolve_commit(parse_git_spec(spec.baseline).ref, ctx.base_dir)  # a missing ref is exit 2
        try:
            return resolve_data(spec.baseline, ctx, role="metrics.baseline_predictions")
        except GateError as exc:
            if "does not exist at git revision" in exc.message:
                return None
            raise
    # A local path that does not exist is an error (resolve_data says so): only a file missing at a git
    # revision is a first model, a typo must not open the gate.
    return resolve_data(spec.baseline, ctx, role="metrics.baseline_predictions")


def run_significance(
    spec: SignificanceSpec,
    ctx: GateContext,
    *,
    locate: Locator | None = None,
    on_missing_baseline: str = "skip",
) -> tuple[list[Result], list[str]]:
    from mlgate.metrics.predictions import pair_predictions

    candidate = resolve_data(spec.candidate, ctx, role="metrics.candidate_predictions")
    baseline = _baseline_source(spec, ctx)
    notices: list[str] = []
    if baseline is None:
        return _no_baseline(spec, locate, on_missing_baseline), [
            f"baseline predictions {spec.baseline} do not exist (first model?): significance "
            + ("fails (on_missing_baseline: fail)" if on_missing_baseline == "fail" else "is skipped")
        ]
    for data_source in (candidate, baseline):
        if all(path.stat().st_size == 0 for path in data_source.paths):
            raise GateError(
                f"predictions file {data_source.spec} is empty",
                file=str(data_source.paths[0]) if data_source.git_commit is None else data_source.spec,
                hint="write one row per example with the key, label and prediction columns",
            )
    paired = pair_predictions(spec, ctx, candidate, baseline)
    notices.extend(paired.notes)
    if paired.unpaired_candidate or paired.unpaired_baseline:
        notices.append(
            f"significance: {paired.unpaired_candidate} candidate and {paired.unpaired_baseline} baseline "
            f"prediction(s) have no partner on {spec.key!r} and were left out; {paired.n} examples paired"
        )
    common = {"unpaired_candidate": paired.unpaired_candidate, "unpaired_baseline": paired.unpaired_baseline}
    results: list[Result] = []
    for index, metric in enumerate(spec.metrics):
        source = locate(("metrics", index)) if locate else None
        results.append(_judge(spec, metric, paired, None, source, common))
        if spec.slice and paired.slices is not None:
            results.extend(_slices(spec, metric, paired, source, common, notices))
    return results, notices


def _slices(
    spec: SignificanceSpec,
    metric: str,
    paired: Any,
    source: Source | None,
    common: dict[str, Any],
    notices: list[str],
) -> list[Result]:
    import numpy as np

    values = np.array(["(null)" if v is None else str(v) for v in paired.slices.tolist()], dtype=object)
    names, counts = np.unique(values, return_counts=True)
    if len(names) > MAX_SLICES:
        order = np.argsort(-counts, kind="stable")[:MAX_SLICES]
        names, counts = names[order], counts[order]
        message = f"significance: slice column {spec.slice!r} has more than {MAX_SLICES} values; only the {MAX_SLICES} largest are compared"
        if message not in notices:
            notices.append(message)
    out = []
    for name, count in sorted(zip(names.tolist(), counts.tolist(), strict=True)):
        if count < spec.min_slice_size:
            out.append(_result(spec, metric, str(name), source, Status.SKIPPED,
                f"{metric} on slice {spec.slice}={name}: {count} paired examples, fewer than min_slice_size {spec.min_slice_size}; not judged",
                observed=f"n = {count}", expected=f"n ≥ {spec.min_slice_size}",
                details={**common, "n": int(count), "decided_by": "slice_size"}))  # fmt: skip
            continue
        out.append(_judge(spec, metric, paired.subset(values == name), str(name), source, common))
    return out


def _rid(metric: str, spec: SignificanceSpec, slice_name: str | None) -> str:
    return f"metric:paired:{metric}" + (f"@slice={spec.slice}:{slice_name}" if slice_name is not None else "")


def _result(
    spec: SignificanceSpec,
    metric: str,
    slice_name: str | None,
    source: Source | None,
    status: Status,
    message: str,
    *,
    observed: Any = None,
    expected: Any = None,
    details: dict[str, Any] | None = None,
) -> Result:
    base = {
        "mode": "significance",
        "metric": metric,
        "slice": slice_name,
        "slice_column": spec.slice if slice_name is not None else None,
        "direction": SIGNIFICANCE_METRICS[metric],
        "decide": spec.decide,
        "max_drop": spec.max_drop,
        "confidence": spec.confidence,
        "severity": spec.severity,
    }
    target = metric + (f" [slice {spec.slice}={slice_name}]" if slice_name is not None else "")
    return Result(
        id=_rid(metric, spec, slice_name),
        kind="metric_significance",
        status=status,
        target=target,
        message=message,
        gate="metrics",
        observed=observed,
        expected=expected,
        source=source,
        details={**base, **(details or {})},
    )


def _no_baseline(spec: SignificanceSpec, locate: Locator | None, on_missing_baseline: str) -> list[Result]:
    fail = on_missing_baseline == "fail"
    status = (Status.WARN if spec.severity == "warning" else Status.FAIL) if fail else Status.SKIPPED
    return [
        _result(
            spec,
            metric,
            None,
            locate(("metrics", i)) if locate else None,
            status,
            f"{metric}: no baseline predictions at {spec.baseline} to compare with"
            + (" and on_missing_baseline is fail" if fail else " (first model?); not judged"),
            details={"decided_by": "no_baseline"},
        )
        for i, metric in enumerate(spec.metrics)
    ]


def _judge(
    spec: SignificanceSpec,
    metric: str,
    data: Any,
    slice_name: str | None,
    source: Source | None,
    common: dict[str, Any],
) -> Result:
    from mlgate.metrics.estimate import METHOD_NAMES, estimate
    from mlgate.metrics.scores import MetricUndefined

    label = metric + (f" on slice {spec.slice}={slice_name}" if slice_name is not None else "")
    try:
        est = estimate(metric, data, confidence=spec.confidence, n_resamples=spec.n_resamples, seed=spec.seed, slice_label=slice_name or "")  # fmt: skip
    except MetricUndefined as exc:
        status = Status.SKIPPED if slice_name is not None else Status.ERROR
        return _result(spec, metric, slice_name, source, status, f"{label}: {exc}",
            details={**common, "n": data.n, "decided_by": "undefined"})  # fmt: skip
    higher = SIGNIFICANCE_METRICS[metric] == "higher"
    # improvement = delta for `higher`, −delta for `lower`; the tolerance is on the improvement.
    imp_low, imp_high = (est.low, est.high) if higher else (-est.high, -est.low)
    threshold = -spec.max_drop if higher else spec.max_drop  # the delta a regression must pass
    pct = f"{100 * spec.confidence:g}%"
    interval = f"{pct} CI [{_signed(est.low)}, {_signed(est.high)}]"
    stats = f"n={est.n}, {METHOD_NAMES[est.method]}" + (
        f", p{_p(est.p_value)}" if est.p_value is not None else ""
    )
    head = f"{label}: candidate {fmt(est.candidate)} vs baseline {fmt(est.baseline)}, Δ {_signed(est.delta)}, {interval} ({stats})"
    tolerance = f"max_drop {fmt(spec.max_drop)}"
    if not (math.isfinite(imp_low) and math.isfinite(imp_high)):
        status, verdict = Status.ERROR, "the interval could not be computed"
    elif spec.decide == "significant_regression":
        regressed = imp_high < -spec.max_drop
        status = _fail_status(spec) if regressed else Status.PASS
        verdict = (
            f"a significant regression: the whole interval is beyond {tolerance}"
            if regressed
            else f"no significant regression beyond {tolerance}"
        )
    else:
        safe = imp_low >= -spec.max_drop
        status = Status.PASS if safe else _fail_status(spec)
        verdict = (
            f"non-inferior: the interval rules out a regression beyond {tolerance}"
            if safe
            else f"non-inferiority not shown: the interval does not rule out a regression beyond {tolerance}"
        )
    op = "≥" if higher else "≤"
    if spec.decide == "significant_regression":
        expected = f"upper end of the {pct} CI of Δ {op} {_signed(threshold) if threshold else '0'}" if higher else f"lower end of the {pct} CI of Δ {op} {_signed(threshold) if threshold else '0'}"  # fmt: skip
    else:
        expected = f"lower end of the {pct} CI of Δ {op} {_signed(threshold) if threshold else '0'}" if higher else f"upper end of the {pct} CI of Δ {op} {_signed(threshold) if threshold else '0'}"  # fmt: skip
    details = {
        **common,
        "baseline": est.baseline,
        "candidate": est.candidate,
        "delta": est.delta,
        "delta_pct": 100 * est.delta / abs(est.baseline) if est.baseline else None,
        "ci_low": est.low,
        "ci_high": est.high,
        "p_value": est.p_value,
        "n": est.n,
        "method": est.method,
        "method_name": METHOD_NAMES[est.method],
        "threshold": threshold,
        "decided_by": "interval",
        "n_resamples": spec.n_resamples if est.method == "bootstrap" else None,
        "seed": spec.seed if est.method == "bootstrap" else None,
    }
    for key in ("baseline", "candidate", "delta", "delta_pct", "ci_low", "ci_high", "p_value"):
        value = details[key]
        if isinstance(value, float) and not math.isfinite(value):
            details[key] = fmt(value)  # JSON has no NaN/inf
    return _result(spec, metric, slice_name, source, status, f"{head}: {verdict}",
        observed=f"Δ {_signed(est.delta)}, {interval}", expected=expected, details=details)  # fmt: skip


def _fail_status(spec: SignificanceSpec) -> Status:
    return Status.WARN if spec.severity == "warning" else Status.FAIL


def _signed(value: float) -> str:
    if not math.isfinite(value):
        return fmt(value)
    return f"{value + 0.0:+.4g}"  # + 0.0 turns -0.0 into 0.0


def _p(value: float) -> str:
    return "<1e-300" if value == 0 else f"={value:.3g}"
