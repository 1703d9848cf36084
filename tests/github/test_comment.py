"""`mlgate github comment` against a fake GitHub API on 127.0.0.1: create, edit in place, skip, never leak."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from mlgate.github.comment import MAX_BODY_CHARS, RunEntry, build_body, marker, parse_previous
from mlgate.report.markdown import render_markdown
from mlgate.results import FailOn, Report, Result, Source, Status
from tests.conftest import RunMlgate
from tests.github.fakegithub import FakeGitHub, serve

TOKEN = "ghs_T0pSecretTokenValue_0123456789abcdef"
REPO = "acme/fraud-model"


def write_report(path: Path, *, failing: int = 1, message: str = "amount is negative") -> Path:
    results = [
        Result(
            id=f"contract:orders.amount.minimum{i}",
            kind="minimum",
            status=Status.FAIL,
            target="orders.amount",
            message=message,
            observed=1,
            expected=">= 0",
            source=Source("contracts/orders.odcs.yaml", 24, 20),
        )
        for i in range(failing)
    ]
    results.append(
        Result(
            id="contract:orders.order_id.unique",
            kind="unique",
            status=Status.PASS,
            target="orders.order_id",
            message="ok",
        )
    )
    path.write_text(json.dumps(Report(results=results).to_dict()), encoding="utf-8")
    return path


def write_event(path: Path, *, number: int = 7, fork: bool = False) -> Path:
    head_repo = "someone/fraud-model" if fork else REPO
    event = {
        "number": number,
        "pull_request": {
            "number": number,
            "head": {
                "sha": "0123456789abcdef0123456789abcdef01234567",
                "ref": "feature",
                "repo": {"full_name": head_repo, "fork": fork},
            },
            "base": {"ref": "main", "repo": {"full_name": REPO}},
        },
    }
    path.write_text(json.dumps(event), encoding="utf-8")
    return path


def env_for(
    fake: FakeGitHub, event: Path, *, token: str | None = TOKEN, actions: bool = True
) -> dict[str, str]:
    env = {
        "GITHUB_API_URL": fake.url + fake.prefix,
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_SERVER_URL": "https://github.example",
        "GITHUB_RUN_ID": "4242",
    }
    if actions:
        env["GITHUB_ACTIONS"] = "true"
    if token:
        env["GITHUB_TOKEN"] = token
    return env


def test_first_run_creates_then_edits_in_place_with_history(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    fake = FakeGitHub(token=TOKEN, prefix="/api/v3", page_size=2)  # GitHub Enterprise path, 2 per page
    for i in range(5):
        fake.add_comment(REPO, 7, f"LGTM {i}")
    report = write_report(tmp_path / "report.json")
    event = write_event(tmp_path / "event.json")
    with serve(fake):
        first = run_mlgate("github", "comment", "--report", report, env=env_for(fake, event))
        assert first.returncode == 0, first.output
        assert re.search(
            r"mlgate: created the comment on acme/fraud-model#7: https://\S+issuecomment-\d+", first.stdout
        )
        posts = fake.writes()
        assert [(r.method, r.path) for r in posts] == [
            ("POST", "/api/v3/repos/acme/fraud-model/issues/7/comments")
        ]
        # Every page of the 5 existing comments was read (2 per page), following the Link headers.
        pages = [r.query.get("page", ["1"])[0] for r in fake.requests if r.method == "GET"]
        assert pages == ["1", "2", "3"]
        body = json.loads(posts[0].body)["body"]
        assert body.startswith(marker(None) + "\n")
        assert "Earlier runs" not in body
        assert "amount is negative" in body

        fake.requests.clear()
        write_report(report, failing=0)  # the author fixed the data
        second = run_mlgate("github", "comment", "--report", report, env=env_for(fake, event))
        assert second.returncode == 0, second.output
        assert "mlgate: updated the comment" in second.stdout
        writes = fake.writes()
        assert len(writes) == 1 and writes[0].method == "PATCH"
        assert (
            writes[0].path
            == f"/api/v3/repos/acme/fraud-model/issues/comments/{fake.comments[(REPO, 7)][-1]['id']}"
        )
        assert len(fake.comments[(REPO, 7)]) == 6  # still one mlgate comment
        body = fake.comments[(REPO, 7)][-1]["body"]
        assert "<details><summary>Earlier runs (1)</summary>" in body
        assert "| ❌ fail | 1 failed, 1 passed |" in body
        assert "`0123456`" in body  # the commit of the earlier run
        assert "(https://github.example/acme/fraud-model/actions/runs/4242)" in body

        third = run_mlgate("github", "comment", "--report", report, env=env_for(fake, event))
        assert third.returncode == 0
        body = fake.comments[(REPO, 7)][-1]["body"]
        assert "<details><summary>Earlier runs (2)</summary>" in body
        history = parse_previous(body)
        assert [e.status for e in history] == ["pass", "pass", "fail"]  # current first, then newest first


def test_own_comment_found_past_the_first_hundred(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    """GitHub's real page size: 150 comments are two pages of 100; mlgate's comment is on the second."""
    fake = FakeGitHub(token=TOKEN)
    for i in range(150):
        if i == 120:
            own = fake.add_comment(REPO, 7, marker(None) + "\nold verdict", login=fake.bot_login)
        else:
            fake.add_comment(REPO, 7, f"review {i}")
    report = write_report(tmp_path / "report.json")
    event = write_event(tmp_path / "event.json")
    with serve(fake):
        result = run_mlgate("github", "comment", "--report", report, env=env_for(fake, event))
    assert result.returncode == 0, result.output
    gets = [(r.query.get("per_page"), r.query.get("page")) for r in fake.requests if r.method == "GET"]
    assert gets == [(["100"], None), (["100"], ["2"])]
    assert [(r.method, r.path) for r in fake.writes()] == [
        ("PATCH", f"/repos/{REPO}/issues/comments/{own['id']}")
    ]
    assert len(fake.comments[(REPO, 7)]) == 150


def test_token_never_appears_in_output_or_requests(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    fake = FakeGitHub(token=TOKEN)
    report = write_report(tmp_path / "report.json", message=f"tricky {TOKEN[:8]} text")
    event = write_event(tmp_path / "event.json")
    with serve(fake):
        ok = run_mlgate("github", "comment", "--report", report, env=env_for(fake, event))
        fake.fail_status = 500
        broken = run_mlgate("github", "comment", "--report", report, env=env_for(fake, event))
    assert ok.returncode == 0, ok.output
    assert broken.returncode == 2
    assert "mlgate: error: cannot post the PR comment: GET http://127.0.0.1:" in broken.stderr
    assert "HTTP 500: Server Error" in broken.stderr
    for result in (ok, broken):
        assert TOKEN not in result.output
    assert TOKEN not in fake.everything_sent()
    assert {r.headers["Authorization"] for r in fake.requests} == {f"Bearer {TOKEN}"}
    assert all(r.headers["User-Agent"].startswith("mlgate/") for r in fake.requests)


def test_a_malformed_token_is_refused_before_any_request(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    """A header library quotes a bad header value in its error, token and all: refuse it unseen."""
    fake = FakeGitHub(token=TOKEN)
    report = write_report(tmp_path / "report.json")
    event = write_event(tmp_path / "event.json")
    with serve(fake):
        results = [
            run_mlgate("github", "comment", "--report", report, env=env_for(fake, event, token=token))
            for token in (f"{TOKEN}\nX-Injected: 1", f"{TOKEN} extra", f"{TOKEN}\u00e9")
        ]
    for result in results:
        assert result.returncode == 2
        assert "mlgate: error: $GITHUB_TOKEN is not a usable token: it contains a space, a line break" in (
            result.stderr
        )
        assert TOKEN[:12] not in result.output
    assert fake.requests == []


@pytest.mark.parametrize("url", ["ftp://example.com", "not a url", "https://"])
def test_a_malformed_api_url_is_exit_2(run_mlgate: RunMlgate, tmp_path: Path, url: str) -> None:
    report = write_report(tmp_path / "report.json")
    result = run_mlgate(
        "github",
        "comment",
        "--report",
        report,
        "--repo",
        REPO,
        "--pr",
        "1",
        env={"GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": url},
    )
    assert result.returncode == 2, result.output
    assert f"mlgate: error: GITHUB_API_URL is not an http(s) URL (got {url!r})" in result.stderr


@pytest.mark.parametrize("how", ["redirect", "link"])
def test_the_token_never_follows_a_link_to_another_host(
    run_mlgate: RunMlgate, tmp_path: Path, how: str
) -> None:
    """A redirect or a `Link: rel=next` to another origin is not followed: the token would go along."""
    report = write_report(tmp_path / "report.json")
    event = write_event(tmp_path / "event.json")
    with serve(FakeGitHub(token=TOKEN)) as elsewhere, serve(FakeGitHub(token=TOKEN, page_size=1)) as fake:
        fake.add_comment(REPO, 7, "LGTM")
        fake.add_comment(REPO, 7, "LGTM again")
        if how == "redirect":
            fake.redirect_to = elsewhere.url
        else:
            fake.link_origin = elsewhere.url
        result = run_mlgate("github", "comment", "--report", report, env=env_for(fake, event))
    assert result.returncode == 2, result.output
    expected = "HTTP 301" if how == "redirect" else "refusing a URL outside GITHUB_API_URL"
    assert expected in result.stderr
    assert elsewhere.requests == []
    assert fake.writes() == []


@pytest.mark.parametrize(
    ("fork", "why"),
    [
        (True, "a pull request from a fork gets a read-only token."),
        (False, "the token may lack `permissions: pull-requests: write`."),
    ],
)
def test_a_read_only_token_skips_the_comment_with_a_notice(
    run_mlgate: RunMlgate, tmp_path: Path, fork: bool, why: str
) -> None:
    fake = FakeGitHub(token=TOKEN, read_only=True)
    report = write_report(tmp_path / "report.json")
    event = write_event(tmp_path / "event.json", fork=fork)
    with serve(fake):
        result = run_mlgate("github", "comment", "--report", report, env=env_for(fake, event))
    assert result.returncode == 0, result.output
    assert result.stdout.startswith(
        "::notice title=mlgate::PR comment skipped: GitHub answered HTTP 403 (Resource not accessible by "
        f"integration); {why}"
    )
    assert [r.method for r in fake.requests] == ["GET", "POST"]
    assert fake.comments == {}


def test_no_token_or_no_pull_request_skips_without_a_request(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    fake = FakeGitHub(token=TOKEN)
    report = write_report(tmp_path / "report.json")
    event = write_event(tmp_path / "event.json")
    push_event = tmp_path / "push.json"
    push_event.write_text(json.dumps({"ref": "refs/heads/main"}))
    with serve(fake):
        no_token = run_mlgate(
            "github", "comment", "--report", report, env=env_for(fake, event, token=None, actions=False)
        )
        not_pr = run_mlgate("github", "comment", "--report", report, env=env_for(fake, push_event))
    assert no_token.returncode == 0
    assert "mlgate: notice: PR comment skipped: no token (set GITHUB_TOKEN" in no_token.stderr
    assert not_pr.returncode == 0
    assert not_pr.stdout.startswith(
        "::notice title=mlgate::PR comment skipped: this run is not for a pull request"
    )
    assert fake.requests == []


@pytest.mark.parametrize(
    ("token", "user_login", "mine"),
    [
        (TOKEN, None, "github-actions[bot]"),  # github.token (ghs_): the comment is the bot's
        ("ghp_PersonalT0ken_0123456789abcdef", "alice", "alice"),  # a personal token: its user's
    ],
)
def test_someone_elses_comment_with_the_marker_is_not_hijacked(
    run_mlgate: RunMlgate, tmp_path: Path, token: str, user_login: str | None, mine: str
) -> None:
    """GitHub lets a token that may write edit anyone's comment: mlgate edits only its author's."""
    fake = FakeGitHub(token=token, bot_login=mine, user_login=user_login)
    own = fake.add_comment(REPO, 7, marker(None) + "\nearlier verdict", login=mine)
    planted = fake.add_comment(REPO, 7, marker(None) + "\nI copied the marker", login="mallory")
    report = write_report(tmp_path / "report.json")
    with serve(fake):
        result = run_mlgate(
            "github",
            "comment",
            "--report",
            report,
            "--pr",
            "7",
            env=env_for(fake, tmp_path / "none.json", token=token) | {"GITHUB_EVENT_PATH": ""},
        )
    assert result.returncode == 0, result.output
    assert [(r.method, r.path) for r in fake.writes()] == [
        ("PATCH", f"/repos/{REPO}/issues/comments/{own['id']}")
    ]
    assert next(r.path for r in fake.requests if r.method == "GET") == (
        "/user" if user_login else f"/repos/{REPO}/issues/7/comments"
    )
    assert planted["body"] == marker(None) + "\nI copied the marker"
    assert "amount is negative" in own["body"]


def test_keys_keep_separate_comments(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    fake = FakeGitHub(token=TOKEN)
    report = write_report(tmp_path / "report.json")
    event = write_event(tmp_path / "event.json")
    with serve(fake):
        for key in ("train", "serve", "train"):
            assert (
                run_mlgate(
                    "github", "comment", "--report", report, "--key", key, env=env_for(fake, event)
                ).returncode
                == 0
            )
        bad = run_mlgate("github", "comment", "--report", report, "--key", "a b", env=env_for(fake, event))
    assert [r.method for r in fake.writes()] == ["POST", "POST", "PATCH"]
    assert bad.returncode == 2 and "--key 'a b' is not a valid key" in bad.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "the report does not exist"),
        ("", "the report is not JSON"),
        ("[1, 2]", "not an mlgate JSON report (no `results` list)"),
        ('{"results": [{"id": "x"}]}', "not a valid mlgate JSON report"),
    ],
)
def test_bad_report_is_exit_2(
    run_mlgate: RunMlgate, tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "report.json"
    if content is not None:
        path.write_text(content)
    result = run_mlgate(
        "github", "comment", "--report", path, "--repo", REPO, "--pr", "1", env={"GITHUB_TOKEN": TOKEN}
    )
    assert result.returncode == 2
    assert message in result.stderr


@pytest.mark.parametrize(
    ("repo", "message"),
    [
        ("../x", "'../x' is not a repository name"),
        ("acme/fraud?x=1", "'acme/fraud?x=1' is not a repository name"),
        ("acme/fraud/model", "'acme/fraud/model' is not a repository name"),
        ("", "no repository to comment on"),
    ],
)
def test_a_bad_repository_name_is_exit_2_without_a_request(
    run_mlgate: RunMlgate, tmp_path: Path, repo: str, message: str
) -> None:
    report = write_report(tmp_path / "report.json")
    result = run_mlgate(
        "github",
        "comment",
        "--report",
        report,
        "--pr",
        "3",
        env={"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": repo, "GITHUB_API_URL": "http://127.0.0.1:9"},
    )
    assert result.returncode == 2
    assert (
        f"mlgate: error: {message}\n  fix: pass --repo OWNER/NAME or set GITHUB_REPOSITORY" in result.stderr
    )


def test_huge_report_and_long_history_fit_githubs_limit() -> None:
    report = Report(
        results=[
            Result(
                id=f"contract:t.c{i}.pattern",
                kind="pattern",
                status=Status.FAIL,
                target=f"t.c{i}",
                message="x" * 300,
            )
            for i in range(3000)
        ]
    )
    history = [
        RunEntry("2026-11-26 10:00 UTC", "abcdef1", "fail", "3000 failed", "https://github.example/run/1")
    ] * 50

    def render(r: Report, f: FailOn, n: int) -> str:
        return render_markdown(r, f, max_chars=n)

    current = RunEntry("2026-11-26 11:00 UTC", "1234567", "fail", "3000 failed", "")
    body = build_body(report, FailOn.FAIL, render=render, current=current, history=history)
    assert len(body) <= MAX_BODY_CHARS
    assert body.count("| `abcdef1` |") == 20  # history capped
    assert len(parse_previous(body)) == 21

    def greedy(r: Report, f: FailOn, n: int) -> str:  # a renderer that ignores its budget
        return "y" * 200_000

    body = build_body(report, FailOn.FAIL, render=greedy, current=current, history=history, limit=10_000)
    assert len(body) <= 10_000
    assert parse_previous(body)[0] == current


def test_hidden_history_cannot_be_forged_into_markup() -> None:
    hostile = base64.b64encode(
        json.dumps(
            [
                {
                    "time": "<script>",
                    "commit": "zz",
                    "status": "pwn",
                    "counts": "@team | x",
                    "run_url": "javascript:x",
                }
            ]
        ).encode()
    ).decode()
    entries = parse_previous(f"<!-- mlgate:history {hostile} -->")
    body = build_body(Report(), FailOn.FAIL, render=lambda r, f, n: "ok", current=entries[0], history=entries)
    assert "<script>" not in body and "@team" not in body and "javascript:" not in body
    visible = body.split("<!-- mlgate:current")[0]
    assert "pwn" not in visible
    assert "| script | — |  unknown |  team   x |" in visible
    assert "<sub>mlgate · updated script</sub>" in visible
