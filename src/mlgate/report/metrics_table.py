"""The metrics table printed after the metric gate's results: baseline | candidate | Δ | Δ% | threshold | verdict.

It reads only `Result.details` (see `mlgate.metrics.compare` and `mlgate.metrics.significance` for
the keys), so it works on a report loaded back from JSON as well.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from mlgate.results import Result

Paint = Callable[[str, str], str]
_VERDICT_COLOURS = {"pass": "32", "warn": "33", "fail": "31", "error": "31;1", "skipped": "2", "waived": "36"}


def _num(value: Any, signed: bool = False) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    text = f"{value:+.4g}" if signed else f"{value:.4g}"
    return text


def _pct(value: Any) -> str:
    if value is None or value == "NaN":
        return "—"
    if isinstance(value, str):  # "inf" / "-inf" from a JSON report: a finite delta over a tiny baseline
        return f"{'' if value.startswith('-') else '+'}{value}%"
    return f"{value:+.2f}%"


def _table(header: list[str], rows: list[tuple[list[str], str]], paint: Paint) -> list[str]:
    widths = [max(len(header[i]), *(len(r[0][i]) for r in rows)) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  " + " │ ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    out = [line(header), "  " + "─┼─".join("─" * w for w in widths)]
    for cells, status in rows:
        text = line(cells)
        verdict = cells[-1]
        out.append(text[: len(text) - len(verdict)] + paint(verdict, _VERDICT_COLOURS.get(status, "0")))
    return out


def _name(result: Result) -> str:
    details = result.details
    name = str(details.get("metric", result.target))
    if details.get("slice") is not None:
        column = details.get("slice_column")
        name += f" @{column}={details['slice']}" if column else f" @{details['slice']}"
    return name


def render_metrics_table(results: list[Result], paint: Paint) -> list[str]:
    point = [r for r in results if r.details.get("mode") == "point"]
    significance = [r for r in results if r.details.get("mode") == "significance"]
    out: list[str] = []
    if point:
        rows = [
            (
                [
                    _name(r),
                    _num(r.details.get("baseline")),
                    _num(r.details.get("candidate")),
                    _num(r.details.get("delta"), signed=True),
                    _pct(r.details.get("delta_pct")),
                    str(r.details.get("threshold_text") or "—"),
                    r.status.value,
                ],
                r.status.value,
            )
            for r in point
        ]
        out.append("")
        out.extend(
            _table(["metric", "baseline", "candidate", "Δ", "Δ%", "threshold", "verdict"], rows, paint)
        )
    if significance:
        rows = []
        for r in significance:
            d = r.details
            low, high = d.get("ci_low"), d.get("ci_high")
            interval = (
                f"[{_num(low, True)}, {_num(high, True)}]" if low is not None and high is not None else "—"
            )
            p = d.get("p_value")
            rows.append(
                (
                    [
                        _name(r),
                        _num(d.get("baseline")),
                        _num(d.get("candidate")),
                        _num(d.get("delta"), signed=True),
                        interval,
                        "—" if p is None else ("<1e-300" if p == 0 else f"{p:.3g}"),
                        str(d.get("n") if d.get("n") is not None else "—"),
                        str(d.get("method_name") or d.get("method") or "—"),
                        r.status.value,
                    ],
                    r.status.value,
                )
            )
        conf = next((d.details.get("confidence") for d in significance if d.details.get("confidence")), None)
        ci = f"{100 * conf:g}% CI of Δ" if isinstance(conf, float) else "CI of Δ"
        out.append("")
        out.extend(
            _table(["metric", "baseline", "candidate", "Δ", ci, "p", "n", "method", "verdict"], rows, paint)
        )
    return out
