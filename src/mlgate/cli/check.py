"""`mlgate check`: every gate of the repo's mlgate.yaml, one verdict, every report, a release record."""

from __future__ import annotations

import os
from pathlib import Path

import click

from mlgate.cli.common import contract_run_options, finish, output_options
from mlgate.errors import GateError

ONLY_CHOICES = ("contracts", "metrics", "drift")


def with_github_report(reports: tuple[str, ...]) -> tuple[str, ...]:
    """Inside GitHub Actions the github report (annotations, summary, outputs) is always written."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return reports
    formats = [value.strip().lower().partition(":") for value in reports]
    if any(fmt == "github" for fmt, _, _ in formats):
        return reports
    # A machine-readable report on stdout must stay parseable: annotations then go to stderr,
    # which the Actions runner reads for workflow commands too.
    stdout_taken = any(path.strip() == "-" for _, _, path in formats)
    return (*reports, "github:/dev/stderr" if stdout_taken else "github")


@click.command()
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file (default: mlgate.yaml, mlgate.yml or [tool.mlgate] in pyproject.toml, searched upwards).",
)
@click.option("--only", type=click.Choice(ONLY_CHOICES), help="Run one gate only.")
@click.option(
    "--record",
    "record_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a release record (inputs with sha256, git commit, verdict) for `mlgate verify`.",
)
@contract_run_options
@output_options
def check(
    config_path: Path | None,
    only: str | None,
    record_path: Path | None,
    samples: int,
    strict: bool,
    reports: tuple[str, ...],
    fail_on: str,
    verbose: int,
    quiet: bool,
) -> None:
    """Run every gate configured in mlgate.yaml and decide: 0 pass, 1 closed, 2 not evaluated.

    Inside GitHub Actions (GITHUB_ACTIONS=true) the github report — annotations, job summary and
    step outputs — is written too, without asking.
    """
    from mlgate.config.load import find_and_load
    from mlgate.report.base import parse_report_target
    from mlgate.results import FailOn
    from mlgate.runner import run_check

    reports = with_github_report(reports)
    for value in reports:  # a typo in --report must not cost a whole run
        target = parse_report_target(value)
        if target.path != "-" and Path(target.path).is_dir():
            raise GateError(f"--report {value}: {target.path} is a directory", hint="name a file to write")
    loaded = find_and_load(config_path)
    run = run_check(loaded, only=only, samples=samples, strict=strict, digest_inputs=record_path is not None)
    if record_path is not None:
        from mlgate.record.write import build_record, write_record

        record = build_record(
            loaded,
            run.report,
            run.digests,
            fail_on=FailOn(fail_on),
            only=only,
            samples=samples,
            strict=strict,
            record_path=record_path,
        )
        write_record(record_path, record)
        run.report.notices.append(f"release record written to {record_path}")
    finish(run.report, reports=reports, fail_on=fail_on, verbose=verbose, quiet=quiet)
