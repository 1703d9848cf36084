"""Options every gate command shares, and the one way a command ends: render, write, exit."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from mlgate.errors import GateError
from mlgate.results import FailOn, Report

F = TypeVar("F", bound=Callable[..., Any])


def output_options(func: F) -> F:
    """--report FORMAT:PATH (repeatable), --fail-on, -v/--verbose, -q/--quiet."""
    decorators = [
        click.option(
            "--report",
            "reports",
            multiple=True,
            metavar="FORMAT:PATH",
            help="Also write a report: json, markdown, junit, sarif or github; PATH '-' is stdout. Repeatable.",
        ),
        click.option(
            "--fail-on",
            type=click.Choice([f.value for f in FailOn]),
            default=FailOn.FAIL.value,
            show_default=True,
            help="Close the gate on failures only, or on warnings too.",
        ),
        click.option("-v", "--verbose", count=True, help="Show passing checks and sample rows."),
        click.option("-q", "--quiet", is_flag=True, help="Print only the verdict line."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def contract_run_options(func: F) -> F:
    """--samples and --strict: how contracts are executed (`contract test` and `check`)."""
    func = click.option(
        "--strict",
        is_flag=True,
        help="Extra data columns fail; contract rules mlgate cannot execute are errors.",
    )(func)
    return click.option(
        "--samples",
        type=click.IntRange(0, 1000),
        default=5,
        show_default=True,
        help="Offending rows kept per failing check (0-1000; shown with -v and in reports).",
    )(func)


def finish(
    report: Report,
    *,
    reports: tuple[str, ...] = (),
    fail_on: str = FailOn.FAIL.value,
    verbose: int = 0,
    quiet: bool = False,
) -> None:
    """Print the text report, write the requested reports, and exit with the verdict's code."""
    from mlgate.report.base import parse_report_target, write_report
    from mlgate.report.text import print_text

    if quiet and verbose:
        raise GateError("-q/--quiet and -v/--verbose contradict each other", hint="pass one of them")
    targets = [parse_report_target(value) for value in reports]
    stdout_taken = sum(1 for t in targets if t.path == "-" and t.format != "github")
    if stdout_taken > 1:
        raise GateError("only one --report may write to stdout ('-')")
    policy = FailOn(fail_on)
    # When a machine-readable report goes to stdout, the human text moves to stderr.
    print_text(
        report, policy, verbose=verbose, quiet=quiet, stream=sys.stderr if stdout_taken else sys.stdout
    )
    for target in targets:
        write_report(target, report, policy)
    sys.exit(report.exit_code(policy))
