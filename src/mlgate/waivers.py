"""Waivers: temporary, owned, explained exceptions, applied to a run's results.

- A live waiver turns each matching `fail` or `warn` result into `waived` (the waiver is kept on the
  result); an `error` is never waivable — an engine error means the gate was not evaluated at all.
- An expired waiver (its `expires` day is over, UTC) changes nothing and is itself a `fail`
  result at its line, so the gate closes until someone renews or removes it.
- A waiver that waives nothing but matches `error` results is refused: a `fail` at its line.
- A waiver that waives nothing (it matches no result, or only passing ones) is stale: a `warn`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable

from mlgate.config.model import Waiver
from mlgate.results import Result, Source, Status

WAIVABLE = (Status.FAIL, Status.WARN)
ID_PREFIX_GATE = {"contract": "contracts", "metric": "metrics", "drift": "drift"}


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    # `*` and `?` are the wildcards; `[` is literal, because ids contain it (`quality[0]`) and a
    # waiver pasted from a report must match the id it was pasted from.
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern))


def matches(pattern: str, result_id: str) -> bool:
    return _compiled(pattern).fullmatch(result_id) is not None


def _pattern_gate(pattern: str) -> str | None:
    """The gate a waiver targets, from its id prefix (`metric:...` → metrics); None if it cannot tell."""
    prefix, sep, _ = pattern.partition(":")
    return ID_PREFIX_GATE.get(prefix) if sep else None


def apply_waivers(
    results: list[Result],
    waivers: list[Waiver],
    *,
    locate: Callable[[int], Source | None],
    today: dt.date,
    only: str | None = None,
) -> list[Result]:
    """Mark waived results in place; return the results about the waivers themselves."""
    findings: list[Result] = []
    errored = {r.gate for r in results if r.status is Status.ERROR}
    for index, waiver in enumerate(waivers):
        info = {**waiver.as_dict(), "index": index}
        matching = [r for r in results if matches(waiver.check, r.id)]

        def finding(status: Status, message: str, observed: str, expected: str) -> Result:
            return Result(
                id=f"waiver:{waiver.check}",  # noqa: B023 - used before the loop moves on
                kind="waiver",
                status=status,
                target=waiver.check,  # noqa: B023
                message=message,
                gate="config",
                observed=observed,
                expected=expected,
                source=locate(index),  # noqa: B023
                details=dict(info),  # noqa: B023
            )

        if waiver.expires < today:
            findings.append(
                finding(
                    Status.FAIL,
                    f"waiver expired on {waiver.expires.isoformat()} (owner {waiver.owner}); "
                    "it no longer applies — fix the checks it covered, or renew it with a new date",
                    f"expired {waiver.expires.isoformat()}",
                    f"expires on or after {today.isoformat()}",
                )
            )
            continue
        waived = 0
        for result in matching:
            if result.status in WAIVABLE:
                result.waiver = {**info, "status": result.status.value}
                result.status = Status.WAIVED
                waived += 1
            elif result.status is Status.WAIVED:
                waived += 1  # an earlier waiver already covers it; this one is not stale
        if waived:
            continue
        errors = [r.id for r in matching if r.status is Status.ERROR]
        if errors:
            findings.append(
                finding(
                    Status.FAIL,
                    f"waiver refused: it matches {len(errors)} error result(s) ({', '.join(errors[:3])}"
                    f"{', …' if len(errors) > 3 else ''}); an error means the check could not be "
                    "evaluated and is never waivable — fix the input, then remove the waiver",
                    f"matches {len(errors)} error(s)",
                    "failing or warning checks only",
                )
            )
            continue
        target_gate = _pattern_gate(waiver.check)
        if only is not None and target_gate != only and not matching:
            continue  # its gate may not have run (`--only`): we cannot tell whether it is stale
        if not matching and (target_gate in errored or (target_gate is None and errored)):
            continue  # its gate could not be evaluated: the error says so, staleness is unknown
        why = (
            "it matches no check"
            if not matching
            else f"the {len(matching)} check(s) it matches are not failing or warning"
        )
        findings.append(
            finding(
                Status.WARN,
                f"stale waiver: {why}; remove it from the config",
                "waives nothing",
                "a failing or warning check to waive",
            )
        )
    return findings
