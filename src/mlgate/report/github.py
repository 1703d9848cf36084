"""GitHub Actions output: annotations on the declaring line, the job summary and step outputs.

- Workflow-command annotations (`::error file=…,line=…,col=…,title=…::message`), worst first, at
  most 10 errors and 10 warnings (what GitHub displays per step); the rest are counted in one
  `::notice`. Data is escaped (`%`, CR, LF); properties also escape `:` and `,`.
- The markdown report is appended to `$GITHUB_STEP_SUMMARY` (kept under GitHub's 1 MiB).
- `status`, `failed`, `warnings` and `report` (the markdown) go to `$GITHUB_OUTPUT` with the
  multiline-safe `name<<DELIMITER` syntax.
The returned text is the annotations; files are written only when their variables are set.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from mlgate.errors import GateError
from mlgate.report.base import result_facts
from mlgate.report.markdown import render_markdown
from mlgate.report.sarif import artifact_uri
from mlgate.results import FailOn, Report, Result, Status

MAX_ANNOTATIONS = 10  # per level and step, as GitHub displays them
SUMMARY_LIMIT = 1024 * 1024  # bytes per step summary
MAX_MESSAGE = 2000


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, result: Result) -> str:
    props: list[str] = []
    if result.source is not None:
        uri, relative = artifact_uri(result.source.file)
        if relative:
            props.append(f"file={escape_property(uri)}")
            if result.source.line is not None:
                props.append(f"line={result.source.line}")
                if result.source.column is not None:
                    props.append(f"col={result.source.column}")
    props.append(f"title={escape_property(f'mlgate {result.status.value}: {result.id}'[:200])}")
    message = result.message
    facts = result_facts(result, rows=False)  # annotations are short; the message already counts rows
    if facts:
        message += "\n" + "; ".join(facts)
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 1] + "…"
    return f"::{level} {','.join(props)}::{escape_data(message)}"


def render_annotations(report: Report) -> str:
    errors = [r for r in report.sorted_results() if r.status in (Status.ERROR, Status.FAIL)]
    warnings = [r for r in report.sorted_results() if r.status is Status.WARN]
    lines = [annotation("error", r) for r in errors[:MAX_ANNOTATIONS]]
    lines += [annotation("warning", r) for r in warnings[:MAX_ANNOTATIONS]]
    hidden_errors = max(0, len(errors) - MAX_ANNOTATIONS)
    hidden_warnings = max(0, len(warnings) - MAX_ANNOTATIONS)
    if hidden_errors or hidden_warnings:
        lines.append(
            "::notice title=mlgate::"
            + escape_data(
                f"{hidden_errors} more failures and {hidden_warnings} more warnings are not annotated "
                "(GitHub shows 10 of each per step); the job summary lists them all"
            )
        )
    return "\n".join(lines) + ("\n" if lines else "")


def _append(path: str, text: str, what: str) -> None:
    try:
        with Path(path).open("a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise GateError(f"cannot write {what}: {exc.strerror}", file=path) from None


def write_step_summary(report: Report, fail_on: FailOn, path: str) -> None:
    try:
        used = Path(path).stat().st_size
    except OSError:
        used = 0
    room = SUMMARY_LIMIT - used - 1024
    markdown = render_markdown(report, fail_on)
    if len(markdown.encode("utf-8")) > room:
        # Characters can be up to 4 bytes; shrink the report until it fits what is left.
        markdown = render_markdown(report, fail_on, max_chars=max(room // 4, 0))
    if room > 200:
        _append(path, markdown + "\n", "the job summary")


def write_outputs(report: Report, fail_on: FailOn, path: str) -> None:
    summary = report.summary()
    values = {
        "status": report.status(fail_on).value,
        "failed": str(summary["fail"] + summary["error"]),
        "warnings": str(summary["warn"]),
        "report": render_markdown(report, fail_on),
    }
    chunks = []
    for name, value in values.items():
        delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
        chunks.append(f"{name}<<{delimiter}\n{value.rstrip(chr(10))}\n{delimiter}\n")
    _append(path, "".join(chunks), "the step outputs")


class GithubRenderer:
    def render(self, report: Report, fail_on: FailOn) -> str:
        summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_path:
            write_step_summary(report, fail_on, summary_path)
        output_path = os.environ.get("GITHUB_OUTPUT")
        if output_path:
            write_outputs(report, fail_on, output_path)
        return render_annotations(report)
