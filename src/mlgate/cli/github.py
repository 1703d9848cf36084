"""`mlgate github comment`: keep one sticky comment with the gate's verdict on the pull request."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mlgate.errors import GateError
from mlgate.results import FailOn, Report

if TYPE_CHECKING:
    from mlgate.github.comment import MarkdownRenderer

# GitHub's owner and repository names: letters, digits, '-', '_' and '.'; anything else would change
# the API path the comment goes to.
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


@click.group()
def github() -> None:
    """GitHub integration (used by the mlgate Action)."""


@github.command()
@click.option(
    "--report",
    "report_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The JSON report written by `mlgate check --report json:PATH`.",
)
@click.option(
    "--repo", metavar="OWNER/NAME", help="Repository of the pull request [default: $GITHUB_REPOSITORY]."
)
@click.option(
    "--pr",
    "pr_number",
    type=click.IntRange(min=1),
    help="Pull request number [default: from $GITHUB_EVENT_PATH].",
)
@click.option(
    "--fail-on",
    type=click.Choice([f.value for f in FailOn]),
    default=FailOn.FAIL.value,
    show_default=True,
    help="The policy the check ran with (decides the verdict shown).",
)
@click.option("--key", help="Keep one comment per key (e.g. several mlgate jobs on the same pull request).")
def comment(
    report_path: Path, repo: str | None, pr_number: int | None, fail_on: str, key: str | None
) -> None:
    """Post the report to the pull request as one sticky comment, edited in place on every run.

    Uses $GITHUB_TOKEN (or $GH_TOKEN) and $GITHUB_API_URL. Without a token, outside a pull request, or
    with a read-only token (a pull request from a fork), the comment is skipped with a notice and the
    exit code is 0: the comment never changes the gate's verdict.
    """
    from mlgate.github.api import GitHubApiError, GitHubClient, api_url_from_env, token_from_env
    from mlgate.github.comment import RunEntry, build_body, entry_for, post_sticky, valid_key
    from mlgate.github.event import run_context

    if key is not None and not valid_key(key):
        raise GateError(
            f"--key {key!r} is not a valid key", hint="use up to 64 letters, digits, '.', '_', '/' or '-'"
        )
    report = _read_report(report_path)
    policy = FailOn(fail_on)
    context = run_context()
    repository = repo or context.repository
    number = pr_number or context.pr_number
    if number is None:
        _notice("PR comment skipped: this run is not for a pull request (pass --pr N to name one).")
        return
    if not repository or not _REPOSITORY.fullmatch(repository) or ".." in repository:
        raise GateError(
            f"{repository!r} is not a repository name" if repository else "no repository to comment on",
            hint="pass --repo OWNER/NAME or set GITHUB_REPOSITORY",
        )
    token = token_from_env()
    if token is None:
        _notice(
            "PR comment skipped: no token (set GITHUB_TOKEN, e.g. `github-token: ${{ github.token }}`); "
            "the verdict is unchanged."
        )
        return
    client = GitHubClient(token, api_url=api_url_from_env())
    render = _markdown_renderer()
    current = entry_for(report, policy, commit=context.head_sha, run_url=context.run_url)

    def make_body(history: list[RunEntry]) -> str:
        return build_body(report, policy, render=render, current=current, history=history, key=key)

    try:
        outcome = post_sticky(client, repository, number, make_body, key=key)
    except GitHubApiError as exc:
        if exc.status in (401, 403, 404):
            why = (
                "a pull request from a fork gets a read-only token"
                if context.is_fork
                else "the token may lack `permissions: pull-requests: write`"
            )
            _notice(
                f"PR comment skipped: GitHub answered HTTP {exc.status} ({exc.message}); {why}. "
                "The job summary and the exit code still carry the verdict."
            )
            return
        raise GateError(
            f"cannot post the PR comment: {exc}", hint="the gate's verdict is unchanged"
        ) from None
    where = f": {outcome.url}" if outcome.url else ""
    click.echo(f"mlgate: {outcome.action} the comment on {repository}#{number}{where}")


def _read_report(path: Path) -> Report:
    from mlgate.jsonio import read_json

    data = read_json(path, "report", missing_hint="run `mlgate check --report json:PATH` first")
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise GateError("not an mlgate JSON report (no `results` list)", file=path)
    try:
        return Report.from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise GateError(f"not a valid mlgate JSON report: {exc}", file=path) from None


def _markdown_renderer() -> MarkdownRenderer:
    from mlgate.report.markdown import render_markdown

    def render(report: Report, fail_on: FailOn, max_chars: int) -> str:
        return render_markdown(report, fail_on, max_chars=max_chars)

    return render


def _notice(message: str) -> None:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        escaped = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        click.echo(f"::notice title=mlgate::{escaped}")
    else:
        click.echo(f"mlgate: notice: {message}", err=True)
    sys.stdout.flush()
