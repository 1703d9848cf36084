"""Point comparison: every rule against every metric (and slice) it matches → one Result each.

`details` of each result (read by the text table and the markdown renderer):
  metric, slice, baseline, candidate, delta (candidate − baseline), delta_pct (% of |baseline|),
  threshold (the candidate value the deciding condition allows), threshold_text, direction,
  decided_by (condition name or a reason such as "missing", "nan", "no_baseline", "slice_size"),
  conditions [{name, setting, bound, op, ok}], size, severity, mode="point".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from mlgate.config.base import Locator
from mlgate.metrics.config import MetricRule
from mlgate.metrics.files import MetricEntry, MetricFile, MetricKey
from mlgate.metrics.rules import Condition, deciding, fmt, is_glob, judge, matching_names
from mlgate.results import Result, Source, Status


@dataclass
class Comparison:
    candidate: MetricFile
    baseline: MetricFile | None  # None: no baseline yet (first model)
    baseline_spec: str | None
    on_missing_baseline: str = "skip"
    locate: Locator | None = None
    results: list[Result] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set)


def compare_metrics(
    rules: list[MetricRule],
    candidate: MetricFile,
    baseline: MetricFile | None,
    *,
    baseline_spec: str | None,
    on_missing_baseline: str = "skip",
    locate: Locator | None = None,
) -> tuple[list[Result], list[str]]:
    run = Comparison(candidate, baseline, baseline_spec, on_missing_baseline, locate)
    run.notices.extend(candidate.notes)
    if baseline is not None:
        run.notices.extend(baseline.notes)
    elif baseline_spec is None:
        run.notices.append("no baseline configured: only min/max bounds are checked")
    else:
        action = "fails" if on_missing_baseline == "fail" else "is skipped"
        run.notices.append(
            f"baseline {baseline_spec} does not exist (first model?): every baseline-relative condition {action}"
            + (" (on_missing_baseline: fail)" if on_missing_baseline == "fail" else "")
        )
    for index, rule in enumerate(rules):
        _apply_rule(run, index, rule)
    return run.results, run.notices


def _source(run: Comparison, index: int) -> Source | None:
    return run.locate(("rules", index)) if run.locate else None


def _apply_rule(run: Comparison, index: int, rule: MetricRule) -> None:
    names = run.candidate.names() | (run.baseline.names() if run.baseline else set())
    matched = matching_names(rule.metric, names)
    if not matched:
        where = f"{run.candidate.spec}" + (f" or {run.baseline.spec}" if run.baseline else "")
        what = (
            f"no metric matches {rule.metric!r}"
            if is_glob(rule.metric)
            else f"metric {rule.metric!r} is missing"
        )
        _missing(run, index, rule, rule.metric, None, f"{what} in {where}", side="both")
        return
    for name in matched:
        slices = {s for (n, s) in run.candidate.entries if n == name}
        if run.baseline:
            slices |= {s for (n, s) in run.baseline.entries if n == name}
        for slice_name in sorted(slices, key=lambda s: (s is not None, s or "")):
            _judge_one(run, index, rule, name, slice_name)


def _result_id(run: Comparison, name: str, slice_name: str | None, index: int) -> str:
    base = f"metric:{name}" + (f"@slice={slice_name}" if slice_name is not None else "")
    rid = base if base not in run._ids else f"{base}#rule{index + 1}"
    run._ids.add(rid)
    return rid


def _label(name: str, slice_name: str | None) -> str:
    return name if slice_name is None else f"{name} [slice {slice_name}]"


def _details(
    rule: MetricRule,
    name: str,
    slice_name: str | None,
    cand: MetricEntry | None,
    base: MetricEntry | None,
    conditions: list[Condition],
    decided: Condition | None,
    decided_by: str | None,
) -> dict[str, Any]:
    c = cand.value if cand else None
    b = base.value if base else None
    finite = c is not None and b is not None and math.isfinite(c) and math.isfinite(b)
    delta = (c - b) if finite and c is not None and b is not None else None
    delta_pct = 100.0 * delta / abs(b) if delta is not None and b else None
    return {
        "mode": "point",
        "metric": name,
        "slice": slice_name,
        "baseline": _json_number(b),
        "candidate": _json_number(c),
        "delta": _json_number(delta),
        "delta_pct": _json_number(delta_pct),
        "threshold": decided.bound if decided else None,
        "threshold_text": decided.bound_text() if decided and decided.bound is not None else None,
        "direction": rule.direction,
        "decided_by": decided_by if decided_by else (decided.name if decided else None),
        "conditions": [
            {"name": x.name, "setting": x.setting, "bound": x.bound, "op": x.op, "ok": x.ok}
            for x in conditions
        ],
        "size": (cand.size if cand and cand.size is not None else (base.size if base else None)),
        "severity": rule.severity,
    }


def _json_number(value: float | None) -> float | str | None:
    """JSON has no NaN/inf: keep them readable as strings."""
    if value is None or math.isfinite(value):
        return value
    return fmt(value)


def _status(rule: MetricRule, failed: bool) -> Status:
    if not failed:
        return Status.PASS
    return Status.WARN if rule.severity == "warning" else Status.FAIL


def _missing_status(rule: MetricRule) -> Status:
    if rule.missing == "ignore":
        return Status.SKIPPED
    if rule.missing == "warn" or rule.severity == "warning":
        return Status.WARN
    return Status.FAIL


def _emit(
    run: Comparison, index: int, rule: MetricRule, name: str, slice_name: str | None, **kw: Any
) -> None:
    run.results.append(
        Result(
            id=_result_id(run, name, slice_name, index),
            kind="metric",
            target=_label(name, slice_name),
            gate="metrics",
            source=_source(run, index),
            **kw,
        )
    )


def _missing(
    run: Comparison,
    index: int,
    rule: MetricRule,
    name: str,
    slice_name: str | None,
    message: str,
    *,
    side: str,
) -> None:
    status = _missing_status(rule)
    suffix = {Status.SKIPPED: " (missing: ignore)", Status.WARN: " (missing: warn)"}.get(status, "")
    cand = run.candidate.entries.get((name, slice_name))
    base = run.baseline.entries.get((name, slice_name)) if run.baseline else None
    details = _details(rule, name, slice_name, cand, base, [], None, "missing")
    details["missing"] = side
    _emit(
        run,
        index,
        rule,
        name,
        slice_name,
        status=status,
        message=message + suffix,
        observed="missing",
        expected=f"{_label(name, slice_name)} present in candidate and baseline",
        details=details,
    )


def _judge_one(run: Comparison, index: int, rule: MetricRule, name: str, slice_name: str | None) -> None:
    key: MetricKey = (name, slice_name)
    label = _label(name, slice_name)
    cand = run.candidate.entries.get(key)
    base = run.baseline.entries.get(key) if run.baseline else None
    if cand is None:
        _missing(
            run,
            index,
            rule,
            name,
            slice_name,
            f"{label} is missing from the candidate ({run.candidate.spec})",
            side="candidate",
        )
        return
    size = cand.size if cand.size is not None else (base.size if base else None)
    if rule.min_slice_size is not None and size is not None and size < rule.min_slice_size:
        details = _details(rule, name, slice_name, cand, base, [], None, "slice_size")
        _emit(
            run, index, rule, name, slice_name,
            status=Status.SKIPPED,
            message=f"{label} is measured on {size} examples, fewer than min_slice_size {rule.min_slice_size}; not judged",
            observed=f"n = {size}",
            expected=f"n ≥ {rule.min_slice_size}",
            details=details,
        )  # fmt: skip
        return
    for side, entry in (("candidate", cand), ("baseline", base)):
        if entry is not None and not math.isfinite(entry.value):
            details = _details(rule, name, slice_name, cand, base, [], None, "not_finite")
            _emit(
                run, index, rule, name, slice_name,
                status=_status(rule, True),
                message=f"{label} is {fmt(entry.value)} in the {side}; NaN or infinite values fail",
                observed=fmt(cand.value) if side == "candidate" else f"baseline {fmt(entry.value)}",
                expected="a finite number",
                details=details,
            )  # fmt: skip
            return
    baseline_missing_metric = run.baseline is not None and base is None
    conditions = judge(rule, label, cand.value, base.value if base else None)
    bounds_failed = [c for c in conditions if not c.relative and c.ok is False]
    decided = deciding(conditions, cand.value)
    if baseline_missing_metric and not bounds_failed:
        _missing(
            run,
            index,
            rule,
            name,
            slice_name,
            f"{label} is missing from the baseline ({run.baseline.spec if run.baseline else ''})",
            side="baseline",
        )
        return
    skipped = [c for c in conditions if c.ok is None]
    evaluated = [c for c in conditions if c.ok is not None]
    no_baseline_fails = bool(skipped) and run.baseline is None and run.on_missing_baseline == "fail"
    details = _details(rule, name, slice_name, cand, base, conditions, decided, None)
    observed = _observed(cand.value, base.value if base else None)
    expected = "; ".join(c.bound_text() for c in evaluated) or None
    if skipped:
        skipped_names = ", ".join(c.name for c in skipped)
        expected = "; ".join([*(c.bound_text() for c in evaluated), f"{skipped_names} vs a baseline"])
    failed = [c for c in conditions if c.ok is False]
    if failed:
        message = failed[0].why + (f" (and {len(failed) - 1} more condition(s))" if len(failed) > 1 else "")
        status = _status(rule, True)
    elif no_baseline_fails:
        details["decided_by"] = "no_baseline"
        message = f"{label}: no baseline to compare with ({', '.join(c.name for c in skipped)}) and on_missing_baseline is fail"
        status = _status(rule, True)
    elif skipped and not evaluated:
        details["decided_by"] = "no_baseline"
        message = f"{label} is {fmt(cand.value)}; no baseline to compare with, {', '.join(c.name for c in skipped)} not checked"
        status = Status.SKIPPED
    else:
        held = ", ".join(c.name for c in evaluated)
        message = (
            f"{label} is {fmt(cand.value)}"
            + (f" (baseline {fmt(base.value)})" if base else "")
            + f": {held} {'holds' if len(evaluated) == 1 else 'hold'}"
        )
        if skipped:
            message += f"; no baseline, {', '.join(c.name for c in skipped)} not checked"
        status = Status.PASS
    _emit(
        run,
        index,
        rule,
        name,
        slice_name,
        status=status,
        message=message,
        observed=observed,
        expected=expected,
        details=details,
    )


def _observed(candidate: float, baseline: float | None) -> str:
    if baseline is None:
        return fmt(candidate)
    delta = candidate - baseline
    text = f"{fmt(candidate)} (baseline {fmt(baseline)}, Δ {'+' if delta >= 0 else ''}{fmt(delta)}"
    if baseline:
        text += f", {'+' if delta >= 0 else ''}{100 * delta / abs(baseline):.2f}%"
    return text + ")"
