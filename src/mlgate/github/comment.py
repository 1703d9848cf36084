"""The sticky pull-request comment: one comment per PR (and key), edited in place on every run.

The comment starts with a hidden marker so mlgate finds its own comment among all the others (paging
through them), and carries its history in hidden, base64-encoded data so earlier verdicts can be shown
folded in `<details>` without re-reading old runs. GitHub refuses bodies over 65,536 characters, so the
report is re-rendered shorter and the history trimmed until the whole body fits.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from mlgate.github.api import GitHubApiError, GitHubClient
from mlgate.results import FailOn, Report, Status

MAX_BODY_CHARS = 65_536
MAX_HISTORY = 20
_MARKER_PREFIX = "<!-- mlgate:comment"
_CURRENT = re.compile(r"<!-- mlgate:current ([A-Za-z0-9+/=]*) -->")
_HISTORY = re.compile(r"<!-- mlgate:history ([A-Za-z0-9+/=]*) -->")
_KEY_OK = re.compile(r"^[A-Za-z0-9._/-]{1,64}$")
_STATUS_ICON = {"pass": "✅", "warn": "⚠️", "fail": "❌", "error": "⛔"}
_STATUSES = frozenset(status.value for status in Status)

MarkdownRenderer = Callable[[Report, FailOn, int], str]


@dataclass(frozen=True)
class RunEntry:
    """One verdict, as remembered in the comment's history."""

    time: str
    commit: str
    status: str
    counts: str
    run_url: str

    def to_dict(self) -> dict[str, str]:
        return {
            "time": self.time,
            "commit": self.commit,
            "status": self.status,
            "counts": self.counts,
            "run_url": self.run_url,
        }

    @classmethod
    def from_dict(cls, data: object) -> RunEntry | None:
        if not isinstance(data, dict):
            return None
        fields = {name: data.get(name) for name in ("time", "commit", "status", "counts", "run_url")}
        if not all(isinstance(value, str) for value in fields.values()):
            return None
        # The hidden data is in a comment anyone could have edited: keep only what is safe to render.
        return cls(
            time=re.sub(r"[^0-9A-Za-z :.+-]", "", str(fields["time"]))[:40],
            commit=_safe_commit(str(fields["commit"])),
            status=str(fields["status"]) if fields["status"] in _STATUSES else "unknown",
            counts=str(fields["counts"])[:200],
            run_url=_safe_url(str(fields["run_url"])),
        )


@dataclass(frozen=True)
class Outcome:
    action: str  # "created" | "updated"
    comment_id: int
    url: str


def marker(key: str | None) -> str:
    return f"{_MARKER_PREFIX} -->" if not key else f"{_MARKER_PREFIX} key={key} -->"


def valid_key(key: str) -> bool:
    return bool(_KEY_OK.match(key))


def counts_line(report: Report) -> str:
    summary = report.summary()
    words = [
        ("fail", "failed"),
        ("error", "errors"),
        ("warn", "warnings"),
        ("waived", "waived"),
        ("skipped", "skipped"),
        ("pass", "passed"),
    ]
    parts = [f"{summary[status]} {word}" for status, word in words if summary.get(status)]
    return ", ".join(parts) if parts else "no checks"


def entry_for(report: Report, fail_on: FailOn, *, commit: str | None, run_url: str | None) -> RunEntry:
    return RunEntry(
        time=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        commit=_safe_commit(commit or ""),
        status=report.status(fail_on).value,
        counts=counts_line(report),
        run_url=_safe_url(run_url or ""),
    )


def _safe_commit(commit: str) -> str:
    return commit[:40] if re.fullmatch(r"[0-9a-fA-F]{1,40}", commit) else ""


def _safe_url(url: str) -> str:
    return url if re.fullmatch(r"https?://[^\s<>()\[\]\"'`|@]+", url) else ""


def parse_previous(body: str) -> list[RunEntry]:
    """The verdicts recorded in an earlier body of the comment, newest first (empty when unreadable)."""
    entries: list[RunEntry] = []
    current = _CURRENT.search(body)
    if current:
        entries.extend(_decode_entries(current.group(1), single=True))
    history = _HISTORY.search(body)
    if history:
        entries.extend(_decode_entries(history.group(1), single=False))
    return entries


def build_body(
    report: Report,
    fail_on: FailOn,
    *,
    render: MarkdownRenderer,
    current: RunEntry,
    history: list[RunEntry],
    key: str | None = None,
    limit: int = MAX_BODY_CHARS,
) -> str:
    """The full comment body, guaranteed to be at most `limit` characters."""
    history = history[:MAX_HISTORY]
    report_chars = 60_000
    while True:
        head = marker(key) + "\n" + render(report, fail_on, report_chars).rstrip() + "\n" + _footer(current)
        for size in range(len(history), -1, -1):
            body = head + _history_block(history[:size]) + _hidden(current, history[:size])
            if len(body) <= limit:
                return body
        if report_chars <= 1_000:  # the renderer ignores its budget: cut its text rather than fail the post
            head = head[: max(0, limit - 200)] + "\n\n*(report truncated)*\n"
            return (head + _hidden(current, []))[:limit]
        report_chars = max(1_000, report_chars - (len(body) - limit) - 500)


def post_sticky(
    client: GitHubClient,
    repository: str,
    pr_number: int,
    make_body: Callable[[list[RunEntry]], str],
    *,
    key: str | None = None,
) -> Outcome:
    """Edit mlgate's comment on the pull request in place (its history carried over), or create it.

    `make_body` receives the earlier verdicts, newest first. Raises GitHubApiError.
    """
    own = find_own_comments(client, repository, pr_number, key=key, author=client.login())
    body = make_body(previous_entries(own))
    for comment in reversed(own):  # newest first
        try:
            answer = client.request(
                "PATCH", f"repos/{repository}/issues/comments/{comment['id']}", body={"body": body}
            )
        except GitHubApiError as exc:
            # Not editable (e.g. a read-only token): try the next one, then a new comment; a read-only
            # token then fails on that POST as well.
            if exc.status in (403, 404):
                continue
            raise
        return _outcome("updated", answer.data)
    answer = client.request("POST", f"repos/{repository}/issues/{pr_number}/comments", body={"body": body})
    return _outcome("created", answer.data)


def find_own_comments(
    client: GitHubClient,
    repository: str,
    pr_number: int,
    *,
    key: str | None = None,
    author: str | None = None,
) -> list[dict[str, Any]]:
    """mlgate's comments on the pull request, oldest first: the body starts with the marker for `key` and
    the author is `author` (the token's user) or, when that is unknown, a bot (`github.token` comments as
    github-actions[bot]). A token that may write can edit anyone's comment, so a marker pasted by someone
    else must not make their comment ours."""
    wanted = marker(key)
    return [
        comment
        for comment in client.paginate(f"repos/{repository}/issues/{pr_number}/comments")
        if isinstance(comment, dict)
        and isinstance(comment.get("body"), str)
        and comment["body"].lstrip().startswith(wanted)
        and isinstance(comment.get("id"), int)
        and _written_by(comment, author)
    ]


def _written_by(comment: dict[str, Any], author: str | None) -> bool:
    user = comment.get("user")
    if not isinstance(user, dict):
        return False
    if author is not None:
        return bool(user.get("login") == author)
    return bool(user.get("type") == "Bot")


def previous_entries(comments: list[dict[str, Any]]) -> list[RunEntry]:
    return parse_previous(str(comments[-1].get("body", ""))) if comments else []


def _outcome(action: str, data: Any) -> Outcome:
    data = data if isinstance(data, dict) else {}
    comment_id = data.get("id") if isinstance(data.get("id"), int) else 0
    url = data.get("html_url") if isinstance(data.get("html_url"), str) else ""
    return Outcome(action, comment_id, url)


def _history_block(history: list[RunEntry]) -> str:
    if not history:
        return ""
    rows = [
        "",
        f"<details><summary>Earlier runs ({len(history)})</summary>",
        "",
        "| when | commit | verdict | checks |",
        "|---|---|---|---|",
    ]
    for entry in history:
        commit = f"`{entry.commit[:7]}`" if entry.commit else "—"
        when = f"[{entry.time}]({entry.run_url})" if entry.run_url else entry.time
        icon = _STATUS_ICON.get(entry.status, "")
        status = entry.status if entry.status in _STATUSES else "unknown"
        rows.append(f"| {_cell(when)} | {commit} | {icon} {status} | {_cell(entry.counts)} |")
    rows += ["", "</details>", ""]
    return "\n".join(rows)


def _footer(current: RunEntry) -> str:
    """When and on what this verdict was reached: a sticky comment must say it is up to date."""
    parts = [f"updated {current.time}"]
    if current.commit:
        parts.append(f"commit `{current.commit[:7]}`")
    if current.run_url:
        parts.append(f"[workflow run]({current.run_url})")
    return "\n<sub>mlgate · " + " · ".join(parts) + "</sub>\n"


def _hidden(current: RunEntry, history: list[RunEntry]) -> str:
    def encode(data: object) -> str:
        return base64.b64encode(json.dumps(data, separators=(",", ":")).encode("utf-8")).decode("ascii")

    return (
        f"\n<!-- mlgate:current {encode(current.to_dict())} -->\n"
        f"<!-- mlgate:history {encode([e.to_dict() for e in history])} -->\n"
    )


def _decode_entries(blob: str, *, single: bool) -> list[RunEntry]:
    try:
        data = json.loads(base64.b64decode(blob, validate=True).decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError, ValueError):
        return []
    items = [data] if single else data if isinstance(data, list) else []
    return [entry for entry in map(RunEntry.from_dict, items) if entry is not None]


def _cell(text: str) -> str:
    return re.sub(r"[|<>\n\r@]", " ", text)
