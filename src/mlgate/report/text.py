"""The terminal renderer: problems first, each with where it was declared; `-v` adds passes and samples."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, TextIO

from mlgate.report.base import result_facts
from mlgate.results import FailOn, Report, Result, Status

_COLOURS = {
    Status.PASS: "32",
    Status.WARN: "33",
    Status.FAIL: "31",
    Status.ERROR: "31;1",
    Status.SKIPPED: "2",
    Status.WAIVED: "36",
}
_ICONS = {
    Status.PASS: "✓",
    Status.WARN: "!",
    Status.FAIL: "✗",
    Status.ERROR: "E",
    Status.SKIPPED: "-",
    Status.WAIVED: "~",
}
VERDICT_WORDS = {
    Status.PASS: "PASSED",
    Status.WARN: "PASSED with warnings",
    Status.FAIL: "FAILED — the gate is closed",
    Status.ERROR: "ERROR — the gate could not be evaluated",
}

# Per-gate extra sections (e.g. the metrics table); each returns lines to print after the results.
SectionRenderer = Callable[[list[Result], Callable[[str, str], str]], list[str]]
SECTION_RENDERERS: dict[str, str] = {  # gate -> "module:function", imported lazily
    "metrics": "mlgate.report.metrics_table:render_metrics_table",
    "drift": "mlgate.report.drift_table:render_drift_table",
}


def use_colour(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


# Control characters from data (an ANSI escape in a column value, say) must not drive the terminal.
_CONTROL = {i: f"\\x{i:02x}" for i in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F)}


def printable(text: str) -> str:
    return text.translate(_CONTROL)


def format_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    return printable(str(value))


def summary_line(report: Report, fail_on: FailOn) -> str:
    summary = report.summary()
    words = (
        ("fail", "failed", "failed"),
        ("error", "error", "errors"),
        ("warn", "warning", "warnings"),
        ("waived", "waived", "waived"),
        ("skipped", "skipped", "skipped"),
        ("pass", "passed", "passed"),
    )
    counts = ", ".join(
        f"{summary[key]} {one if summary[key] == 1 else many}" for key, one, many in words if summary[key]
    )
    verdict = VERDICT_WORDS[report.status(fail_on)]
    return f"mlgate: {verdict} ({counts or 'no checks'})"


class TextRenderer:
    def __init__(self, *, verbose: int = 0, quiet: bool = False, colour: bool = False) -> None:
        self.verbose = verbose
        self.quiet = quiet
        self.colour = colour

    def paint(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.colour else text

    def _result_lines(self, result: Result) -> list[str]:
        status = result.status
        head = self.paint(f"{_ICONS[status]} {status.value:<7}", _COLOURS[status])
        lines = [f"  {head} {printable(result.id)}: {printable(result.message)}"]
        if status is not Status.PASS:
            facts = result_facts(result, format_value)
            if facts:
                lines.append("            " + "; ".join(facts))
            if result.source is not None:
                lines.append("            " + self.paint(f"at {result.source}", "2"))
            if result.waiver:
                lines.append(
                    f"            waived: {result.waiver.get('reason', '')} ({result.waiver.get('owner', '')}, until {result.waiver.get('expires', '')})"
                )
        if self.verbose and result.samples:
            lines.append("            samples:")
            lines.extend(f"              {format_value(sample)}" for sample in result.samples)
        return lines

    def render(self, report: Report, fail_on: FailOn) -> str:
        out: list[str] = []
        if not self.quiet:
            by_gate: dict[str, list[Result]] = {}
            for result in report.sorted_results():
                by_gate.setdefault(result.gate, []).append(result)
            for gate, results in by_gate.items():
                shown = [r for r in results if self.verbose or r.status is not Status.PASS]
                passed = len(results) - len(shown)
                checks = "check" if len(results) == 1 else "checks"
                out.append(self.paint(f"{gate}", "1") + f" ({len(results)} {checks})")
                for result in shown:
                    out.extend(self._result_lines(result))
                if passed:
                    out.append(self.paint(f"  ✓ {passed} passed", _COLOURS[Status.PASS]) + " (-v lists them)")
                section = SECTION_RENDERERS.get(gate)
                if section:
                    import importlib

                    module_name, _, func_name = section.partition(":")
                    func: SectionRenderer = getattr(importlib.import_module(module_name), func_name)
                    out.extend(func(results, self.paint))
                out.append("")
            out.extend(f"note: {notice}" for notice in report.notices)
        else:
            # -q prints the verdict only, except the errors: exit 2 must always say why.
            for result in report.results:
                if result.status is Status.ERROR:
                    out.extend(self._result_lines(result))
        verdict = report.status(fail_on)
        colour = _COLOURS.get(verdict, "1")
        out.append(self.paint(summary_line(report, fail_on), colour + ";1" if ";" not in colour else colour))
        return "\n".join(out) + "\n"


def print_text(
    report: Report, fail_on: FailOn, *, verbose: int, quiet: bool, stream: TextIO | None = None
) -> None:
    stream = stream or sys.stdout
    renderer = TextRenderer(verbose=verbose, quiet=quiet, colour=use_colour(stream))
    stream.write(renderer.render(report, fail_on))
    stream.flush()
