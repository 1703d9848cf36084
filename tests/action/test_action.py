"""action.yml run as the runner runs it, on real checkouts, against a fake GitHub API."""

from __future__ import annotations

import json
from pathlib import Path

from tests.action.conftest import REPO_ROOT, TOKEN, RunAction, make_checkout
from tests.action.mlrepo import BAD_DATA, GOOD_DATA
from tests.github.fakegithub import FakeGitHub


def test_pr_run_comments_then_edits_and_keeps_the_verdict(
    run_action: RunAction, fake_github: FakeGitHub, tmp_path: Path
) -> None:
    _, workspace = make_checkout(tmp_path, data=BAD_DATA)
    first = run_action(workspace)
    assert not first.success
    assert first.exit_code == 1, first.log
    assert first.outputs["status"] == "fail"
    assert first.outputs["failed"] == "2"
    assert first.outputs["warnings"] == "0"
    assert first.outputs["exit-code"] == "1"
    assert first.outputs["json-report"].endswith("/_temp/mlgate-report.json")
    assert "FAILED" in first.outputs["report"] or "fail" in first.outputs["report"].lower()
    # Steps: the comment and the verdict ran although the gate closed.
    outcomes = {s.name: s.outcome for s in first.steps}
    assert outcomes == {
        "Plan the mlgate run": "success",
        "Cache pip downloads": "skipped",  # a pre-built venv needs no download
        "Install mlgate into its own virtualenv": "success",
        "Fetch git baselines": "skipped",
        "Run mlgate check": "success",
        "Comment on the pull request": "success",
        "Verdict": "failure",
    }
    check_log = first.step("check").log
    assert "::error file=contracts/orders.odcs.yaml,line=" in check_log  # annotations on the declaring line
    assert "contract:orders.amount.minimum" in first.summary
    assert "contract:orders.order_id.unique" in first.summary
    report = json.loads(Path(first.outputs["json-report"]).read_text())
    assert report["status"] == "fail"
    posts = fake_github.writes()
    assert [(r.method, r.path) for r in posts] == [("POST", "/repos/acme/fraud-model/issues/7/comments")]
    body = json.loads(posts[0].body)["body"]
    assert body.startswith("<!-- mlgate:comment -->")
    assert "contract:orders.amount.minimum" in body

    # The author fixes the data and pushes: the same comment is edited, the first verdict folded.
    (workspace / "data" / "orders.csv").write_text(GOOD_DATA)
    second = run_action(workspace)
    assert second.success, second.log
    assert second.exit_code == 0
    assert second.outputs["status"] == "pass"
    assert second.outputs["failed"] == "0"
    writes = fake_github.writes()
    assert [r.method for r in writes] == ["POST", "PATCH"]
    comments = fake_github.comments[("acme/fraud-model", 7)]
    assert len(comments) == 1
    assert "<details><summary>Earlier runs (1)</summary>" in comments[0]["body"]
    assert "| ❌ fail | 2 failed, 6 passed |" in comments[0]["body"]
    assert "mlgate: updated the comment on acme/fraud-model#7" in second.log

    # The token reached GitHub in the Authorization header only: no log, output, file or request body has it.
    assert {r.headers["Authorization"] for r in fake_github.requests} == {f"Bearer {TOKEN}"}
    assert TOKEN not in fake_github.everything_sent()
    for run in (first, second):
        assert TOKEN not in run.log
        assert TOKEN not in run.summary
        assert all(TOKEN not in value for value in run.outputs.values())
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path


def test_fork_pr_skips_the_comment_and_keeps_summary_and_exit_code(
    run_action: RunAction, fake_github: FakeGitHub, tmp_path: Path
) -> None:
    fake_github.read_only = True
    _, workspace = make_checkout(tmp_path, data=BAD_DATA)
    result = run_action(workspace, fork=True)
    assert result.exit_code == 1
    assert result.outputs["status"] == "fail"
    assert result.outputs["failed"] == "2"
    comment = next(s for s in result.steps if s.name == "Comment on the pull request")
    assert comment.outcome == "success"
    assert "::notice title=mlgate::PR comment skipped: GitHub answered HTTP 403" in comment.log
    assert "a pull request from a fork gets a read-only token" in comment.log
    assert "contract:orders.amount.minimum" in result.summary
    assert fake_github.comments == {}


def test_comment_modes_and_events(run_action: RunAction, fake_github: FakeGitHub, tmp_path: Path) -> None:
    _, workspace = make_checkout(tmp_path)
    push = run_action(workspace, event_name="push")
    assert push.success
    assert "mlgate: no PR comment for a push event (comment: auto)" in push.log
    never = run_action(workspace, {"comment": "never"})
    assert never.success
    assert "mlgate: PR comment disabled (comment: never)" in never.log
    assert fake_github.requests == []
    always = run_action(workspace, {"comment": "always"}, event_name="push")
    assert always.success
    assert "PR comment skipped: this run is not for a pull request" in always.log
    assert fake_github.requests == []


def test_reports_args_only_and_working_directory(
    run_action: RunAction, fake_github: FakeGitHub, tmp_path: Path
) -> None:
    _, workspace = make_checkout(tmp_path, data=BAD_DATA)
    (workspace / "sub").mkdir()
    result = run_action(
        workspace,
        {
            "reports": "'junit:out/mlgate junit.xml' sarif:mlgate.sarif 'markdown:out/two\nlines.md'",
            "args": "--samples 1 -v",
            "only": "contracts",
            "fail-on": "warn",
            "comment": "never",
            "working-directory": ".",
        },
    )
    assert result.exit_code == 1
    assert (workspace / "out" / "mlgate junit.xml").read_text().startswith("<?xml")
    sarif = json.loads((workspace / "mlgate.sarif").read_text())
    assert (workspace / "out" / "two\nlines.md").is_file()  # a quoted line break stays in its word
    assert sarif["version"] == "2.1.0"
    assert "✓ pass" in result.step("check").log  # -v lists the passing checks too

    nested = run_action(workspace, {"working-directory": "sub", "comment": "never"})
    # From a subdirectory the config is found upwards, as mlgate check finds it.
    assert nested.exit_code == 1
    assert "mlgate: config: " + str(workspace / "mlgate.yaml") in nested.log


def test_bad_config_is_exit_2_with_outputs(run_action: RunAction, tmp_path: Path) -> None:
    _, workspace = make_checkout(tmp_path, config="version: 1\ncontracts:\n  - contrct: x.yaml\n")
    result = run_action(workspace, {"comment": "never"})
    assert result.exit_code == 2
    assert result.outputs["status"] == "error"
    assert result.outputs["exit-code"] == "2"
    assert "mlgate.yaml:3:" in result.step("check").log


def test_invalid_choice_inputs_fail_in_the_plan(run_action: RunAction, tmp_path: Path) -> None:
    _, workspace = make_checkout(tmp_path)
    for name, value, message in [
        ("comment", "sometimes", "input comment must be auto, always or never"),
        ("fail-on", "error", "input fail-on must be fail or warn"),
        ("only", "everything", "input only must be contracts, metrics or drift"),
        ("extras", "all", "input extras must be auto, drift or none"),
        ("version", "--index-url=http://evil", "input version must not start with '-'"),
        ("config", "nope.yaml", "input config: no such file"),
        ("version", "0.1.0\nspec=evil", "input values must not contain line breaks"),
    ]:
        result = run_action(workspace, {name: value})
        assert result.exit_code == 2, (name, result.log)
        assert f"::error title=mlgate::{message}" in result.step("plan").log
        assert [s.outcome for s in result.steps][1:] == ["skipped"] * 6


def test_plan_picks_extras_and_install_spec(run_action: RunAction, tmp_path: Path) -> None:
    drift_config = (
        "version: 1\ncontracts:\n  - contract: contracts/orders.odcs.yaml\n"
        "drift:\n  reference: data/orders.csv\n  current: data/orders.csv\n"
    )
    _, workspace = make_checkout(tmp_path, config=drift_config)
    cases = [
        ({}, "[drift]", f"{REPO_ROOT}[drift]"),
        ({"only": "contracts"}, "", str(REPO_ROOT)),
        ({"extras": "none"}, "", str(REPO_ROOT)),
        ({"version": "0.1.0"}, "[drift]", "mlgate[drift]==0.1.0"),
        ({"version": ">=0.1,<0.2", "extras": "none"}, "", "mlgate>=0.1,<0.2"),
        (
            {"version": "git+https://example.invalid/mlgate@v1"},
            "[drift]",
            "git+https://example.invalid/mlgate@v1",
        ),
    ]
    for inputs, extras, spec in cases:
        # `--help` makes the check itself instant: this test is about the plan.
        result = run_action(workspace, {**inputs, "comment": "never", "args": "--help"})
        assert result.success, result.log
        plan = result.step("plan").outputs
        assert (plan["extras"], plan["spec"]) == (extras, spec), inputs
        assert plan["install"] == "false"  # the pre-built venv input: nothing installed
        assert plan["uses-git"] == "false"
        assert plan["config"] == str(workspace / "mlgate.yaml")
        assert "mlgate: using the mlgate already installed in" in result.log


PAYLOAD = "x\"; touch pwned; echo \"$(touch pwned2)`touch pwned3`'; touch pwned4; '"


def test_no_input_can_inject_a_command(
    run_action: RunAction, fake_github: FakeGitHub, tmp_path: Path
) -> None:
    import shutil

    import yaml

    _, workspace = make_checkout(tmp_path, data=BAD_DATA)
    # Files and folders named after the payload, so that `config` and `working-directory` travel through
    # every step instead of stopping at "no such file".
    shutil.copy(workspace / "mlgate.yaml", workspace / PAYLOAD)
    shutil.copytree(
        workspace, workspace / PAYLOAD[:40].replace("/", "_"), ignore=shutil.ignore_patterns(".git")
    )
    nested = workspace / PAYLOAD[:40].replace("/", "_")
    inputs = yaml.safe_load((REPO_ROOT / "action.yml").read_text())["inputs"]
    codes = {}
    for name in inputs:
        value = PAYLOAD
        if name == "working-directory":
            value = nested.name
        result = run_action(workspace, {name: value})
        codes[name] = result.exit_code
        if name in ("config", "working-directory"):
            assert result.step("check").outcome == "success", (name, result.log)  # it really ran
        if name in ("reports", "args"):  # split into words, passed as such, refused by mlgate check
            assert (result.outputs["status"], result.outputs["exit-code"]) == ("error", "2")
            unbalanced = run_action(workspace, {name: "--samples 'x"})
            assert f"mlgate: cannot split {name}: No closing quotation" in unbalanced.step("check").log
            assert (unbalanced.outputs["status"], unbalanced.exit_code) == ("error", 2)
        if name == "github-token":
            assert "mlgate: error: $GITHUB_TOKEN is not a usable token" in result.log  # refused unsent
            assert "::warning title=mlgate::the PR comment could not be posted (exit 2)" in result.log
    # An argument naming a system file is just a (bad) config: refused, its content never echoed.
    passwd = run_action(workspace, {"args": "--config=/etc/passwd", "comment": "never"})
    assert (passwd.outputs["status"], passwd.exit_code) == ("error", 2)
    assert "config must be a mapping of keys" in passwd.log and "root:" not in passwd.log
    planted = [*tmp_path.rglob("pwned*"), *REPO_ROOT.glob("pwned*"), *Path.cwd().glob("pwned*")]
    assert planted == []
    assert codes["config"] == 1 and codes["working-directory"] == 1 and codes["github-token"] == 1
    assert codes["comment"] == codes["fail-on"] == codes["only"] == codes["extras"] == codes["venv"] == 2
    assert codes["reports"] == 2 and codes["args"] == 2


def test_no_expression_inside_run_blocks() -> None:
    import yaml

    action = yaml.safe_load((REPO_ROOT / "action.yml").read_text())
    runs = [step["run"] for step in action["runs"]["steps"] if "run" in step]
    assert len(runs) == 6
    assert all("${{" not in run for run in runs)


def test_release_example_records_then_verifies(run_action: RunAction, tmp_path: Path) -> None:
    """The release workflow's steps: the action with `args: --record decision.json`, then `mlgate verify`."""
    import subprocess

    _, workspace = make_checkout(tmp_path)
    gate = run_action(workspace, {"args": "--record decision.json", "comment": "never"}, event_name="push")
    assert gate.success, gate.log
    record = workspace / "decision.json"
    assert json.loads(record.read_text())["verdict"] == "pass"
    mlgate = str(REPO_ROOT / ".venv" / "bin" / "mlgate")
    verified = subprocess.run(
        [mlgate, "verify", "decision.json"], cwd=workspace, capture_output=True, text=True
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    (workspace / "data" / "orders.csv").write_text(BAD_DATA)  # what would ship is not what passed
    changed = subprocess.run(
        [mlgate, "verify", "decision.json"], cwd=workspace, capture_output=True, text=True
    )
    assert changed.returncode == 1, changed.stdout + changed.stderr
    assert "data/orders.csv" in changed.stdout + changed.stderr
