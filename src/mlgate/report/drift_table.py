"""The drift gate's table in the terminal: one row per column (method, score, threshold, direction)."""

from __future__ import annotations

from collections.abc import Callable

from mlgate.results import Result, Status

_VERDICT = {
    Status.PASS: ("ok", "32"),
    Status.WARN: ("DRIFT", "33"),
    Status.FAIL: ("DRIFT", "31"),
    Status.ERROR: ("error", "31;1"),
    Status.SKIPPED: ("skipped", "2"),
    Status.WAIVED: ("waived", "36"),
}
_HEADER = ("column", "type", "method", "score", "threshold", "drift when", "n ref", "n cur", "verdict")


def _number(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _row(result: Result) -> tuple[str, ...]:
    d = result.details
    word = _VERDICT[result.status][0]
    if result.status is Status.FAIL and d.get("critical") and "score" in d:
        word = "DRIFT (critical)"
    elif result.status is Status.FAIL and "score" not in d:
        word = "fail: " + str(d.get("reason", "")).replace("_", " ")
    elif result.status in (Status.SKIPPED, Status.ERROR):
        word += ": " + str(d.get("reason", "")).replace("_", " ")
    if result.waiver:
        word = "waived"
    drift_when = str(d.get("drift_when", "")).replace("threshold", "thr")
    return (
        result.target,
        str(d.get("column_type", "")),
        str(d.get("method", "")),
        _number(d.get("score")),
        _number(d.get("threshold")),
        drift_when,
        _number(d.get("n_reference")) if "score" in d else "",
        _number(d.get("n_current")) if "score" in d else "",
        word,
    )


def render_drift_table(results: list[Result], paint: Callable[[str, str], str]) -> list[str]:
    columns = [r for r in results if r.kind == "drift"]
    dataset = next((r for r in results if r.kind == "drift_dataset"), None)
    if not columns and dataset is None:
        return []
    # Keep the data's column order (results arrive worst first).
    order = {id(r): i for i, r in enumerate(results)}
    columns.sort(key=lambda r: r.details.get("order", order[id(r)]))
    rows = [_HEADER, *(_row(r) for r in columns)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_HEADER))]
    right = {3, 4, 6, 7}

    def line(row: tuple[str, ...]) -> str:
        cells = [cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(row)]
        return "  " + "  ".join(cells).rstrip()

    out = [paint(line(_HEADER), "2")] if columns else []
    for result, row in zip(columns, rows[1:], strict=True):
        text = line(row)
        out.append(paint(text, _VERDICT[result.status][1]) if result.status is not Status.PASS else text)
    if dataset is not None:
        d = dataset.details
        if "columns_compared" in d:
            sampled = ""
            ref, cur = d.get("reference") or {}, d.get("current") or {}
            if ref.get("sampled") or cur.get("sampled"):
                sampled = f"; sampled {ref.get('rows_used')} of {ref.get('rows')} reference, {cur.get('rows_used')} of {cur.get('rows')} current rows (seed {d.get('seed')})"
            out.append(
                f"  dataset: {d['drifted_columns']} of {d['columns_compared']} columns drifted "
                f"({d['drifted_share']:.0%}); rule: {d.get('rule', '')}{sampled}"
            )
        if d.get("html"):
            out.append(f"  evidently report: {d['html']}")
    return out
