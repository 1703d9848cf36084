"""What the workflow run is about, read from the `$GITHUB_EVENT_PATH` payload and `GITHUB_*` variables."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlgate.errors import GateError

PULL_REQUEST_EVENTS = frozenset({"pull_request", "pull_request_target"})


@dataclass(frozen=True)
class RunContext:
    event_name: str
    repository: str | None  # OWNER/NAME of the repository the workflow runs in
    pr_number: int | None
    base_ref: str | None
    head_sha: str | None
    is_fork: bool
    run_url: str | None


def load_event(path: str | Path | None) -> dict[str, Any]:
    """The event payload; an absent variable means "not in a workflow" (empty payload)."""
    if not path:
        return {}
    event_path = Path(path)
    try:
        data = json.loads(event_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GateError(
            "the GitHub event payload does not exist",
            file=event_path,
            hint="unset GITHUB_EVENT_PATH or pass --pr",
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GateError(f"cannot read the GitHub event payload: {exc}", file=event_path) from None
    return data if isinstance(data, dict) else {}


def run_context(environ: dict[str, str] | None = None) -> RunContext:
    env = dict(os.environ if environ is None else environ)
    event = load_event(env.get("GITHUB_EVENT_PATH"))
    pull = event.get("pull_request") if isinstance(event.get("pull_request"), dict) else None
    number: int | None = None
    base_ref = env.get("GITHUB_BASE_REF") or None
    head_sha = env.get("GITHUB_SHA") or None
    is_fork = False
    if pull is not None:
        number = _as_int(pull.get("number")) or _as_int(event.get("number"))
        base = pull.get("base") if isinstance(pull.get("base"), dict) else {}
        head = pull.get("head") if isinstance(pull.get("head"), dict) else {}
        base_ref = base.get("ref") or base_ref
        head_sha = head.get("sha") or head_sha
        is_fork = _repo_name(head) is not None and _repo_name(head) != _repo_name(base)
        if isinstance(head.get("repo"), dict) and head["repo"].get("fork") is True:
            is_fork = True
    elif isinstance(event.get("issue"), dict) and "pull_request" in event["issue"]:
        number = _as_int(event["issue"].get("number"))  # issue_comment on a pull request
    server = (env.get("GITHUB_SERVER_URL") or "https://github.com").rstrip("/")
    repository = env.get("GITHUB_REPOSITORY") or None
    run_id = env.get("GITHUB_RUN_ID")
    run_url = f"{server}/{repository}/actions/runs/{run_id}" if repository and run_id else None
    return RunContext(
        event_name=env.get("GITHUB_EVENT_NAME", ""),
        repository=repository,
        pr_number=number,
        base_ref=base_ref,
        head_sha=head_sha,
        is_fork=is_fork,
        run_url=run_url,
    )


def _repo_name(side: dict[str, Any]) -> str | None:
    repo = side.get("repo")
    if isinstance(repo, dict) and isinstance(repo.get("full_name"), str):
        return str(repo["full_name"])
    return None


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None
