"""Rules: parse `--rule` strings, match names and globs, and judge one value against one rule.

The semantics are SPEC.md's: for `higher`, regression = baseline − candidate (for `lower`,
candidate − baseline); every condition given must hold; `max_drop_pct` is a percentage of
|baseline|; a zero baseline with only a relative tolerance fails on any regression; NaN and
infinities fail. `min_gain`/`min_gain_pct` demand an improvement of at least that much.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from pydantic import ValidationError

from mlgate.errors import GateError
from mlgate.metrics.config import MetricRule

RULE_SYNTAX = (
    "NAME:higher|lower:CONDITION=VALUE[,CONDITION=VALUE...], e.g. accuracy:higher:max_drop=0.01,min=0.8"
)
_GLOB_CHARS = ("*", "?", "[")
RELATIVE = ("max_drop", "max_drop_pct", "min_gain", "min_gain_pct")


def parse_rule(text: str) -> MetricRule:
    """`accuracy:higher:max_drop=0.01,min=0.8` (conditions may also be separated by ':')."""
    tokens = text.strip().split(":")
    index = next((i for i, t in enumerate(tokens) if i > 0 and t.strip() in ("higher", "lower")), None)
    if index is None:
        typo = next((t.strip() for t in tokens[1:2] if "=" not in t), None)
        guess = _closest(typo, ("higher", "lower")) if typo else None
        raise GateError(
            f"--rule {text!r} has no direction"
            + (f": {typo!r} is not higher or lower" if typo else "")
            + (f" (did you mean {guess!r}?)" if guess else ""),
            hint=f"write the rule as {RULE_SYNTAX}",
        )
    data: dict[str, Any] = {"metric": ":".join(tokens[:index]).strip(), "direction": tokens[index].strip()}
    for part in ",".join(tokens[index + 1 :]).split(","):
        if not part.strip():
            continue
        key, sep, value = (p.strip() for p in part.partition("="))
        if not sep or not key or not value:
            raise GateError(
                f"--rule {text!r}: {part.strip()!r} is not CONDITION=VALUE",
                hint=f"write the rule as {RULE_SYNTAX}",
            )
        if key in data:
            raise GateError(f"--rule {text!r} gives {key} twice", hint="keep one value for each condition")
        data[key] = value
    try:
        return MetricRule.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(_pydantic_problem(err) for err in exc.errors())
        raise GateError(f"--rule {text!r}: {problems}", hint=f"write the rule as {RULE_SYNTAX}") from None


def _pydantic_problem(err: Any) -> str:
    where = ".".join(str(p) for p in err.get("loc", ()))
    message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    if err.get("type") == "extra_forbidden":
        guess = _closest(where, tuple(MetricRule.model_fields))
        return f"{where!r} is not a rule setting" + (
            f" (did you mean {guess!r}?)" if guess else f" (known: {', '.join(MetricRule.model_fields)})"
        )
    return f"{where}: {message}" if where else message


def _closest(word: str, choices: tuple[str, ...]) -> str | None:
    from difflib import get_close_matches

    found = get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    return found[0] if found else None


def is_glob(pattern: str) -> bool:
    return any(ch in pattern for ch in _GLOB_CHARS)


def matching_names(pattern: str, names: set[str]) -> list[str]:
    if not is_glob(pattern):
        return [pattern] if pattern in names else []
    return sorted(name for name in names if fnmatchcase(name, pattern))


def fmt(value: float | None) -> str:
    if value is None:
        return "n/a"
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:.6g}"


@dataclass(frozen=True)
class Condition:
    name: str  # min | max | max_drop | max_drop_pct | min_gain | min_gain_pct
    setting: float  # as written in the rule
    bound: float | None  # the candidate value it allows, e.g. 0.89 for "≥ 0.89"; None when skipped
    op: str  # ">=" or "<="
    ok: bool | None  # None = not evaluated (no baseline)
    why: str  # one sentence for the message

    @property
    def relative(self) -> bool:
        return self.name in RELATIVE

    def bound_text(self) -> str:
        sign = "≥" if self.op == ">=" else "≤"
        unit = "%" if self.name.endswith("_pct") else ""
        return f"{sign} {fmt(self.bound)} ({self.name} {fmt(self.setting)}{unit})"


def _tolerance(*values: float) -> float:
    # 0.90 - 0.89 is 0.010000000000000009 in binary floating point: a drop of exactly max_drop holds.
    return 1e-12 * max(1.0, *(abs(v) for v in values))


def judge(rule: MetricRule, name: str, candidate: float, baseline: float | None) -> list[Condition]:
    """Every condition of the rule on finite values; relative ones are `ok=None` without a baseline."""
    higher = rule.direction == "higher"
    out: list[Condition] = []
    tol = _tolerance(candidate, baseline or 0.0)
    if rule.min is not None:
        ok = candidate >= rule.min - tol
        out.append(
            Condition(
                "min", rule.min, rule.min, ">=", ok, f"{name} is {fmt(candidate)}, below min {fmt(rule.min)}"
            )
        )
    if rule.max is not None:
        ok = candidate <= rule.max + tol
        out.append(
            Condition(
                "max", rule.max, rule.max, "<=", ok, f"{name} is {fmt(candidate)}, above max {fmt(rule.max)}"
            )
        )
    op = ">=" if higher else "<="
    for cond in RELATIVE:
        setting = getattr(rule, cond)
        if setting is None:
            continue
        if baseline is None:
            out.append(Condition(cond, setting, None, op, None, f"{cond} needs a baseline"))
            continue
        regression = (baseline - candidate) if higher else (candidate - baseline)
        pct = cond.endswith("_pct")
        allowed = setting / 100.0 * abs(baseline) if pct else setting
        if cond.startswith("max_drop"):
            bound = baseline - allowed if higher else baseline + allowed
            ok = regression <= allowed + tol
            if ok:
                why = f"{name} regressed by {fmt(regression)}, within {cond} {fmt(setting)}"
            elif pct and baseline == 0:
                why = (
                    f"{name} regressed by {fmt(regression)} from a baseline of 0; {cond} is relative to "
                    "|baseline|, so it allows no regression from 0 (add max_drop for an absolute tolerance)"
                )
            elif pct:
                why = (
                    f"{name} regressed by {fmt(regression)} ({fmt(100 * regression / abs(baseline))}% of |baseline| "
                    f"{fmt(baseline)}), more than {cond} {fmt(setting)}% allows"
                )
            else:
                why = f"{name} regressed by {fmt(regression)} (baseline {fmt(baseline)}, candidate {fmt(candidate)}), more than {cond} {fmt(setting)} allows"
        else:
            gain = -regression
            bound = baseline + allowed if higher else baseline - allowed
            if pct and baseline == 0:
                ok = gain > tol  # any real improvement over 0 is an infinite relative gain
                why = f"{name} did not improve on a baseline of 0 (gain {fmt(gain)}); {cond} demands an improvement"
            else:
                ok = gain >= allowed - tol
                shown = f"{fmt(setting)}%" if pct else fmt(setting)
                why = f"{name} improved by {fmt(gain)} (baseline {fmt(baseline)}, candidate {fmt(candidate)}); {cond} demands {shown}"
        out.append(Condition(cond, setting, bound, op, ok, why))
    return out


def deciding(conditions: list[Condition], candidate: float) -> Condition | None:
    """The condition that decided: the first that failed, else the tightest one that held."""
    failed = [c for c in conditions if c.ok is False]
    if failed:
        return failed[0]
    held = [c for c in conditions if c.ok and c.bound is not None]
    if not held:
        return None
    return min(held, key=lambda c: abs(candidate - c.bound) if c.bound is not None else math.inf)
