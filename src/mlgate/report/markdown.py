"""The markdown report: PR comment and job summary.

Everything that came from users or data (ids, column names, values, messages, paths) goes through
`escape` or `code`: no HTML, no links, no tables broken by `|`, no `@mention` pings. The output stays
under `max_chars` (GitHub comments allow 65,536) however many results there are: rows that do not
fit are counted in one line instead.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from mlgate.results import FailOn, Report, Result, Status

MAX_CHARS = 60_000
MAX_CELL = 240
ZWJ = "\u200d"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~<>])|^(#)")
_MENTION = re.compile(r"@(?=[A-Za-z0-9_-])")
_ICON = {
    Status.PASS: "✅",
    Status.WARN: "⚠️",
    Status.FAIL: "❌",
    Status.ERROR: "🛑",
    Status.SKIPPED: "⏭️",
    Status.WAIVED: "🏳️",
}
_VERDICT = {
    Status.PASS: "passed",
    Status.WARN: "passed with warnings",
    Status.FAIL: "failed — the gate is closed",
    Status.ERROR: "could not be evaluated",
}
_COUNT_WORDS = (  # status, singular, plural
    ("error", "error", "errors"),
    ("fail", "failed", "failed"),
    ("warn", "warning", "warnings"),
    ("waived", "waived", "waived"),
    ("skipped", "skipped", "skipped"),
    ("pass", "passed", "passed"),
)


def _clip(text: str, limit: int = MAX_CELL) -> str:
    text = " ".join(text.split())  # newlines and tabs would end a table row
    return text if len(text) <= limit else text[: limit - 1] + "…"


def escape(value: Any, limit: int = MAX_CELL) -> str:
    """Plain text that markdown and HTML render as exactly these characters, on one line."""
    text = _clip(_plain(value), limit)
    text = text.replace("&", "&amp;")
    text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    return _MENTION.sub("@" + ZWJ, text)


def code(value: Any, limit: int = MAX_CELL, *, in_table: bool = True) -> str:
    """An inline code span (safe for anything without backticks); escaped text otherwise.

    Inside a table a `|` must be written `\\|` even in a code span; elsewhere that would show the backslash.
    """
    text = _clip(_plain(value), limit)
    if "`" in text or not text:
        return escape(text, limit)
    return "`" + (text.replace("|", "\\|") if in_table else text) + "`"


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}" if math.isfinite(value) else str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _number(value: Any, pct: bool = False) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return escape(value)
    if isinstance(value, float) and not math.isfinite(value):
        return escape(value)
    text = f"{value:+.4g}" if pct or value != abs(value) else f"{value:.4g}"
    return text + ("%" if pct else "")


def _delta(value: Any, pct: bool = False) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return f"{value:+.4g}" + ("%" if pct else "")
    return escape(value)


def counts_line(report: Report) -> str:
    summary = report.summary()
    parts = [
        f"**{summary[key]} {one if summary[key] == 1 else many}**"
        for key, one, many in _COUNT_WORDS
        if summary[key]
    ]
    return " · ".join(parts) or "no checks"


def verdict_line(report: Report, fail_on: FailOn) -> str:
    verdict = report.status(fail_on)
    return f"## {_ICON[verdict]} mlgate {_VERDICT[verdict]}\n\n{counts_line(report)}"


def _where(result: Result) -> str:
    if result.source is None:
        return ""
    return code(f"{result.source.file}:{result.source.line}" if result.source.line else result.source.file)


def _what(result: Result) -> str:
    text = f"{code(result.id)}<br>{escape(result.message)}"
    if result.failed_rows:
        text += f" ({result.failed_rows:,} rows)"
    if result.waiver:
        waiver = result.waiver
        text += (
            f"<br>waived by {escape(waiver.get('owner'))} until {escape(waiver.get('expires'))}: "
            f"{escape(waiver.get('reason'))}"
        )
    return text


class _Budget:
    """Collects lines until the character budget is spent, keeping room for the closing notes."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.lines: list[str] = []
        self.size = 0
        self.shown: set[int] = set()  # id() of every result with a line; a result can have two

    def fits(self, text: str, reserve: int = 600) -> bool:
        return self.size + len(text) + 1 + reserve <= self.max_chars

    def add(self, text: str, reserve: int = 600) -> bool:
        if not self.fits(text, reserve):
            return False
        self.lines.append(text)
        self.size += len(text) + 1
        return True


Row = tuple[Result, str]


def _table(out: _Budget, title: str, header: list[str], rows: list[Row], noun: str) -> None:
    if not rows:
        return
    head = f"\n### {title}\n\n| {' | '.join(header)} |\n|{'---|' * len(header)}"
    if not out.add(head):
        return
    for index, (result, row) in enumerate(rows):
        if not out.add(row):
            missing = len(rows) - index
            out.add(f"\n_…and {missing:,} more {noun} not shown (see the JSON report)._", reserve=0)
            return
        out.shown.add(id(result))


def _result_rows(results: list[Result]) -> list[Row]:
    return [
        (r, f"| {_ICON[r.status]} {_what(r)} | {escape(r.observed)} | {escape(r.expected)} | {_where(r)} |")
        for r in results
    ]


def _metric_rows(results: list[Result]) -> list[Row]:
    rows = []
    for r in results:
        d = r.details
        if r.gate != "metrics" or not ("candidate" in d or "baseline" in d):
            continue
        rows.append(
            (
                r,
                f"| {_ICON[r.status]} {code(r.target or r.id)} | {_number(d.get('baseline'))} | "
                f"{_number(d.get('candidate'))} | {_delta(d.get('delta'))} | {_delta(d.get('delta_pct'), pct=True)} | "
                f"{escape(d.get('threshold_text') or d.get('threshold') or r.expected)} |",
            )
        )
    return rows


def _drift_rows(results: list[Result]) -> list[Row]:
    rows = []
    for r in results:
        d = r.details
        if r.gate != "drift" or "score" not in d:
            continue
        drifted = d.get("drifted")
        rows.append(
            (
                r,
                f"| {_ICON[r.status]} {code(r.target or r.id)} | {escape(d.get('method'))} | "
                f"{_number(d.get('score'))} | {_number(d.get('threshold'))} | "
                f"{'yes' if drifted else 'no' if drifted is not None else ''} |",
            )
        )
    return rows


def render_markdown(report: Report, fail_on: FailOn = FailOn.FAIL, *, max_chars: int = MAX_CHARS) -> str:
    """The whole report as GitHub-flavoured markdown, at most `max_chars` characters."""
    out = _Budget(max_chars)
    out.add(verdict_line(report, fail_on), reserve=0)
    ordered = report.sorted_results()
    by_status: dict[Status, list[Result]] = {}
    for result in ordered:
        by_status.setdefault(result.status, []).append(result)
    columns = ["Check", "Observed", "Expected", "Where"]
    _table(out, "🛑 Errors", columns, _result_rows(by_status.get(Status.ERROR, [])), "errors")
    _table(out, "❌ Failures", columns, _result_rows(by_status.get(Status.FAIL, [])), "failures")
    _table(out, "⚠️ Warnings", columns, _result_rows(by_status.get(Status.WARN, [])), "warnings")
    _table(out, "🏳️ Waived", columns, _result_rows(by_status.get(Status.WAIVED, [])), "waived checks")
    metric_header = ["Metric", "Baseline", "Candidate", "Δ", "Δ%", "Threshold"]
    _table(out, "Metrics", metric_header, _metric_rows(ordered), "metrics")
    drift_header = ["Column", "Method", "Score", "Threshold", "Drifted"]
    _table(out, "Drift", drift_header, _drift_rows(ordered), "columns")
    for status, noun in ((Status.SKIPPED, "skipped"), (Status.PASS, "passed")):
        results = by_status.get(status, [])
        if not results or not out.add(f"\n<details><summary>{len(results):,} {noun}</summary>\n"):
            continue
        for index, r in enumerate(results):
            reason = f" — {escape(r.message, 160)}" if status is Status.SKIPPED else ""
            if not out.add(f"- {_ICON[status]} {code(r.id, in_table=False)}{reason}", reserve=400):
                out.add(f"- …and {len(results) - index:,} more", reserve=0)
                break
            out.shown.add(id(r))
        out.add("\n</details>", reserve=0)
    for notice in report.notices:
        out.add(f"\n> {escape(notice, 500)}", reserve=300)
    dropped = len(ordered) - len(out.shown)
    if dropped:
        out.add(
            f"\n_{dropped:,} results are not listed to keep this under {max_chars:,} characters;"
            " the JSON report has all of them._",
            reserve=0,
        )
    text = "\n".join(out.lines) + "\n"
    return text if len(text) <= max_chars else text[: max_chars - 2] + "…\n"


class MarkdownRenderer:
    def render(self, report: Report, fail_on: FailOn) -> str:
        return render_markdown(report, fail_on)
