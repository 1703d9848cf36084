"""`mlgate contract lint FILE...` — compiler-style findings (`file:line:column: message [rule]`).

One line per finding so editors, CI log viewers and pre-commit users can jump to it; then a summary.
Exit 0 clean, 1 findings, 2 when a file cannot be read (the other files are still linted).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mlgate.cli.common import output_options
from mlgate.contracts.lint import clean_result, error_result, lint_files
from mlgate.errors import GateError
from mlgate.results import FailOn, Report, Result


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def finding_line(result: Result) -> str:
    rule = result.details.get("rule")
    where = str(result.source) if result.source else result.target
    return f"{where}: {result.message}" + (f" [{rule}]" if rule else "")


def error_line(exc: GateError) -> str:
    where = exc.location()
    text = f"error: {exc.message}" + (f"; {exc.hint}" if exc.hint else "")
    return f"{where}: {text}" if where else text


def summary_line(files: int, findings: list[Result], errors: list[GateError]) -> str:
    noun = "contract"
    if not findings and not errors:
        return f"mlgate: {_plural(files, noun)} linted, no findings"
    parts = []
    if findings:
        with_findings = len({r.source.file for r in findings if r.source})
        parts.append(f"{_plural(len(findings), 'finding')} in {with_findings} of {_plural(files, noun)}")
    if errors:
        which = f"{len(errors)} of {_plural(files, noun)}" if files > 1 else f"the {noun}"
        parts.append(f"{which} could not be read")
    return "mlgate: " + ", ".join(parts)


@click.command("lint")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_options
def lint(files: tuple[Path, ...], reports: tuple[str, ...], fail_on: str, verbose: int, quiet: bool) -> None:
    """Check ODCS v3 contracts against the official JSON Schema and mlgate's own rules.

    No data is read. Findings print as FILE:LINE:COLUMN: MESSAGE [RULE]. Exit 0 when every contract
    is clean, 1 when there are findings, 2 when a file cannot be read (the others are still linted).
    """
    from mlgate.report.base import parse_report_target, write_report

    targets = [parse_report_target(value) for value in reports]
    stdout_taken = sum(1 for t in targets if t.path == "-" and t.format != "github")
    if stdout_taken > 1:
        raise GateError("only one --report may write to stdout ('-')")
    findings, errors = lint_files(list(files))

    # The human lines go to stderr when a machine-readable report takes stdout.
    stream = sys.stderr if stdout_taken else sys.stdout
    faulty = {r.source.file for r in findings if r.source} | {e.file for e in errors}
    lines: list[str] = []
    if not quiet:
        lines += [finding_line(r) for r in findings]
        lines += [error_line(e) for e in errors]
        if verbose:
            lines += [f"{path}: clean" for path in files if str(path) not in faulty]
    lines.append(summary_line(len(files), findings, errors))
    stream.write("\n".join(lines) + "\n")
    stream.flush()

    clean = [clean_result(path) for path in files if str(path) not in faulty]
    report = Report(
        results=[*findings, *(error_result(e) for e in errors), *clean],
        meta={"command": "contract lint", "files": [str(path) for path in files]},
    )
    policy = FailOn(fail_on)
    for target in targets:
        write_report(target, report, policy)
    sys.exit(report.exit_code(policy))
