"""The renderer interface, the registry of formats and `--report FORMAT:PATH` handling."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from mlgate.context import refuse_overwriting_input
from mlgate.errors import GateError
from mlgate.results import FailOn, Report, Result


class Renderer(Protocol):
    def render(self, report: Report, fail_on: FailOn) -> str: ...


# format name -> "module:Class"; imported only when that format is asked for.
RENDERERS: dict[str, str] = {
    "text": "mlgate.report.text:TextRenderer",
    "json": "mlgate.report.json_report:JsonRenderer",
    "markdown": "mlgate.report.markdown:MarkdownRenderer",
    "junit": "mlgate.report.junit:JunitRenderer",
    "sarif": "mlgate.report.sarif:SarifRenderer",
    "github": "mlgate.report.github:GithubRenderer",
}


@dataclass(frozen=True)
class ReportTarget:
    format: str
    path: str  # "-" for stdout

    def __str__(self) -> str:
        return f"{self.format}:{self.path}"


def result_facts(result: Result, show: Callable[[Any], str] = str, *, rows: bool = True) -> list[str]:
    """ "observed …", "expected …", "N failing rows": the numbers every renderer puts beside a message."""
    facts = []
    if result.observed is not None:
        facts.append(f"observed {show(result.observed)}")
    if result.expected is not None:
        facts.append(f"expected {show(result.expected)}")
    if rows and result.failed_rows:
        facts.append(f"{result.failed_rows} failing row{'' if result.failed_rows == 1 else 's'}")
    return facts


def parse_report_target(value: str) -> ReportTarget:
    fmt, sep, path = value.partition(":")
    fmt = fmt.strip().lower()
    if fmt == "md":
        fmt = "markdown"
    if fmt not in RENDERERS:
        raise GateError(
            f"unknown report format {fmt!r} in --report {value!r}",
            hint=f"use FORMAT:PATH with FORMAT one of {', '.join(sorted(RENDERERS))}, e.g. --report json:report.json",
        )
    if not sep or not path:
        if fmt == "github":
            return ReportTarget(fmt, "-")
        raise GateError(
            f"--report {value!r} names no path", hint=f"write --report {fmt}:PATH (or {fmt}:- for stdout)"
        )
    return ReportTarget(fmt, path)


def load_renderer(fmt: str) -> type[Renderer]:
    module_name, _, class_name = RENDERERS[fmt].partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            raise GateError(f"report format {fmt!r} is not available in this version of mlgate") from None
        raise
    renderer: type[Renderer] = getattr(module, class_name)
    return renderer


def write_report(target: ReportTarget, report: Report, fail_on: FailOn) -> None:
    renderer_cls = load_renderer(target.format)
    text = renderer_cls().render(report, fail_on)
    if target.path == "-":
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        sys.stdout.flush()
        return
    out = Path(target.path)
    refuse_overwriting_input(out, f"{target.format} report")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise GateError(f"cannot write the {target.format} report: {exc.strerror}", file=out) from None
