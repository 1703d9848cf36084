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
from mlgate.results import Result, Status


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


@dataclass(frozen=True)
class Subject:
    """One rule (the `index`-th) applied to one metric, overall or on one slice."""

    index: int
    rule: MetricRule
    name: str
    slice_name: str | None

    @property
    def key(self) -> MetricKey:
        return (self.name, self.slice_name)

    @property
    def label(self) -> str:
        return self.name if self.slice_name is None else f"{self.name} [slice {self.slice_name}]"


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
        _missing(run, Subject(index, rule, rule.metric, None), f"{what} in {where}", side="both")
        return
    for name in matched:
        slices = {s for (n, s) in run.candidate.entries if n == name}
        if run.baseline:
            slices |= {s for (n, s) in run.baseline.entries if n == name}
        for slice_name in sorted(slices, key=lambda s: (s is not None, s or "")):
            _judge_one(run, Subject(index, rule, name, slice_name))


def _result_id(run: Comparison, subject: Subject) -> str:
    base = f"metric:{subject.name}" + (
        f"@slice={subject.slice_name}" if subject.slice_name is not None else ""
    )
    rid = base if base not in run._ids else f"{base}#rule{subject.index + 1}"
    run._ids.add(rid)
    return rid


def _details(
    subject: Subject,
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
        "metric": subject.name,
        "slice": subject.slice_name,
        "baseline": _json_number(b),
        "candidate": _json_number(c),
        "delta": _json_number(delta),
        "delta_pct": _json_number(delta_pct),
        "threshold": decided.bound if decided else None,
        "threshold_text": decided.bound_text() if decided and decided.bound is not None else None,
        "direction": subject.rule.direction,
        "decided_by": decided_by if decided_by else (decided.name if decided else None),
        "conditions": [
            {"name": x.name, "setting": x.setting, "bound": x.bound, "op": x.op, "ok": x.ok}
            for x in conditions
        ],
        "size": (cand.size if cand and cand.size is not None else (base.size if base else None)),
        "severity": subject.rule.severity,
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


def _emit(run: Comparison, subject: Subject, **kw: Any) -> None:
    run.results.append(
        Result(
            id=_result_id(run, subject),
            kind="metric",
            target=subject.label,
            gate="metrics",
            source=run.locate(("rules", subject.index)) if run.locate else None,
            **kw,
        )
    )


def _missing(run: Comparison, subject: Subject, message: str, *, side: str) -> None:
    status = _missing_status(subject.rule)
    suffix = {Status.SKIPPED: " (missing: ignore)", Status.WARN: " (missing: warn)"}.get(status, "")
    cand = run.candidate.entries.get(subject.key)
    base = run.baseline.entries.get(subject.key) if run.baseline else None
    details = _details(subject, cand, base, [], None, "missing")
    details["missing"] = side
    _emit(run, subject, status=status, message=message + suffix, observed="missing",
          expected=f"{subject.label} present in candidate and baseline", details=details)  # fmt: skip


def _judge_one(run: Comparison, subject: Subject) -> None:
    rule, label = subject.rule, subject.label
    cand = run.candidate.entries.get(subject.key)
    base = run.baseline.entries.get(subject.key) if run.baseline else None
    if cand is None:
        _missing(
            run, subject, f"{label} is missing from the candidate ({run.candidate.spec})", side="candidate"
        )
        return
    size = cand.size if cand.size is not None else (base.size if base else None)
    if rule.min_slice_size is not None and size is not None and size < rule.min_slice_size:
        _emit(run, subject, status=Status.SKIPPED,
            message=f"{label} is measured on {size} examples, fewer than min_slice_size {rule.min_slice_size}; not judged",
            observed=f"n = {size}", expected=f"n ≥ {rule.min_slice_size}",
            details=_details(subject, cand, base, [], None, "slice_size"))  # fmt: skip
        return
    for side, entry in (("candidate", cand), ("baseline", base)):
        if entry is not None and not math.isfinite(entry.value):
            _emit(run, subject, status=_status(rule, True),
                message=f"{label} is {fmt(entry.value)} in the {side}; NaN or infinite values fail",
                observed=fmt(cand.value) if side == "candidate" else f"baseline {fmt(entry.value)}",
                expected="a finite number", details=_details(subject, cand, base, [], None, "not_finite"))  # fmt: skip
            return
    conditions = judge(rule, label, cand.value, base.value if base else None)
    bounds_failed = [c for c in conditions if not c.relative and c.ok is False]
    if run.baseline is not None and base is None and not bounds_failed:
        _missing(run, subject, f"{label} is missing from the baseline ({run.baseline.spec})", side="baseline")
        return
    skipped = [c for c in conditions if c.ok is None]
    evaluated = [c for c in conditions if c.ok is not None]
    details = _details(subject, cand, base, conditions, deciding(conditions, cand.value), None)
    expected = "; ".join(c.bound_text() for c in evaluated) or None
    if skipped:
        skipped_names = ", ".join(c.name for c in skipped)
        expected = "; ".join([*(c.bound_text() for c in evaluated), f"{skipped_names} vs a baseline"])
    status, message = _verdict(run, subject, cand, base, conditions, details)
    _emit(run, subject, status=status, message=message, observed=_observed(cand.value, base.value if base else None),
          expected=expected, details=details)  # fmt: skip


def _verdict(
    run: Comparison,
    subject: Subject,
    cand: MetricEntry,
    base: MetricEntry | None,
    conditions: list[Condition],
    details: dict[str, Any],
) -> tuple[Status, str]:
    """Status and message of a judged metric; `details["decided_by"]` says when no baseline decided."""
    rule, label = subject.rule, subject.label
    skipped = [c for c in conditions if c.ok is None]
    evaluated = [c for c in conditions if c.ok is not None]
    failed = [c for c in conditions if c.ok is False]
    if failed:
        more = f" (and {len(failed) - 1} more condition(s))" if len(failed) > 1 else ""
        return _status(rule, True), failed[0].why + more
    if skipped and run.baseline is None and run.on_missing_baseline == "fail":
        details["decided_by"] = "no_baseline"
        return _status(rule, True), (
            f"{label}: no baseline to compare with ({', '.join(c.name for c in skipped)}) and on_missing_baseline is fail"
        )
    if skipped and not evaluated:
        details["decided_by"] = "no_baseline"
        return Status.SKIPPED, (
            f"{label} is {fmt(cand.value)}; no baseline to compare with, {', '.join(c.name for c in skipped)} not checked"
        )
    held = ", ".join(c.name for c in evaluated)
    message = (
        f"{label} is {fmt(cand.value)}"
        + (f" (baseline {fmt(base.value)})" if base else "")
        + f": {held} {'holds' if len(evaluated) == 1 else 'hold'}"
    )
    if skipped:
        message += f"; no baseline, {', '.join(c.name for c in skipped)} not checked"
    return Status.PASS, message


def _observed(candidate: float, baseline: float | None) -> str:
    if baseline is None:
        return fmt(candidate)
    delta = candidate - baseline
    text = f"{fmt(candidate)} (baseline {fmt(baseline)}, Δ {'+' if delta >= 0 else ''}{fmt(delta)}"
    if baseline:
        text += f", {'+' if delta >= 0 else ''}{100 * delta / abs(baseline):.2f}%"
    return text + ")"
