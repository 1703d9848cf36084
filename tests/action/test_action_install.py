"""The slow paths of action.yml: git baselines in a shallow PR checkout, and the real install."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.action.conftest import REPO_ROOT, RunAction
from tests.action.mlrepo import METRICS_CONFIG
from tests.conftest import git
from tests.github.fakegithub import FakeGitHub


def shallow_pr_checkout(root: Path, candidate_accuracy: float) -> Path:
    """What actions/checkout leaves for a pull request: one commit, no ref of the base branch."""
    seed = root / "seed"
    seed.mkdir(parents=True)
    git(seed, "init", "-q", "-b", "main")
    (seed / "metrics.json").write_text('{"accuracy": 0.90}\n')
    (seed / "mlgate.yaml").write_text(METRICS_CONFIG)
    git(seed, "add", "-A")
    git(seed, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "baseline")
    git(seed, "checkout", "-q", "-b", "feature")
    (seed / "metrics.json").write_text(f'{{"accuracy": {candidate_accuracy}}}\n')
    git(seed, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-am", "retrain")
    origin = root / "origin.git"
    git(root, "clone", "-q", "--bare", str(seed), str(origin))
    workspace = root / "workspace"
    git(root, "clone", "-q", "--depth", "1", "--branch", "feature", f"file://{origin}", str(workspace))
    return workspace


def test_git_baseline_works_in_a_shallow_pr_checkout(run_action: RunAction, tmp_path: Path) -> None:
    workspace = shallow_pr_checkout(tmp_path, candidate_accuracy=0.85)
    assert git(workspace, "rev-parse", "--is-shallow-repository").strip() == "true"
    before = subprocess.run(
        [str(REPO_ROOT / ".venv" / "bin" / "mlgate"), "check"], cwd=workspace, capture_output=True, text=True
    )
    assert before.returncode == 2  # the baseline's ref is not in the checkout
    assert "git revision 'origin/main' is not in this checkout" in before.stdout + before.stderr

    result = run_action(workspace, {"comment": "never"})
    fetch = result.steps[3]
    assert fetch.name == "Fetch git baselines" and fetch.outcome == "success"
    assert "mlgate: the config reads baselines from git; fetching origin/main (depth 1) for them" in fetch.log
    assert result.exit_code == 1, result.log  # evaluated, and the 0.05 drop closes the gate
    assert result.outputs["status"] == "fail"
    assert "accuracy regressed by 0.05" in result.step("check").log
    assert git(workspace, "rev-parse", "--is-shallow-repository").strip() == "true"  # still shallow

    again = run_action(workspace, {"comment": "never"})
    assert "mlgate: origin/main is already here" in again.steps[3].log


def test_real_install_into_a_fresh_virtualenv(
    run_action: RunAction, fake_github: FakeGitHub, tmp_path: Path
) -> None:
    """No pre-built venv: the action installs its own checkout (a clone of this repo) into $RUNNER_TEMP."""
    action_path = tmp_path / "action"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{REPO_ROOT}", str(action_path))
    # Test the working tree's action.yml even before it is committed.
    (action_path / "action.yml").write_bytes((REPO_ROOT / "action.yml").read_bytes())
    workspace = shallow_pr_checkout(tmp_path / "pr", candidate_accuracy=0.895)
    result = run_action(workspace, action_path=action_path, prebuilt=False)
    assert result.success, result.log
    plan = result.step("plan").outputs
    temp = Path(plan["venv"]).parent
    assert plan["install"] == "true"
    assert plan["spec"] == str(action_path)  # no drift section: no extra
    assert plan["venv"] == str(temp / "mlgate-venv")
    assert plan["cache-key"].startswith("mlgate-pip-Linux-")
    cache = next(s for s in result.steps if s.uses)
    assert cache.uses == "actions/cache@v4"
    assert cache.with_ == {"path": str(temp / "mlgate-pip-cache"), "key": plan["cache-key"]}
    install = result.step("install")
    assert "mlgate 0.1.0" in install.log or "mlgate, version" in install.log
    venv_mlgate = Path(install.outputs["mlgate"])
    assert venv_mlgate == temp / "mlgate-venv" / "bin" / "mlgate"
    assert install.env["PIP_CACHE_DIR"] == str(
        temp / "mlgate-pip-cache"
    )  # pip caches where actions/cache saves
    # The action's own checkout was installed (not an editable link to this working tree).
    location = subprocess.run(
        [str(venv_mlgate.parent / "python"), "-c", "import mlgate; print(mlgate.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert location.startswith(str(temp / "mlgate-venv" / "lib"))
    # The git hook scripts ship as package data, identical to the repository's hooks/ copies.
    for name in ("pre-commit", "pre-push"):
        shipped = subprocess.run(
            [
                str(venv_mlgate.parent / "python"),
                "-c",
                f"from mlgate.hookinstall import hook_script; print(hook_script({name!r}), end='')",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert shipped == (REPO_ROOT / "hooks" / name).read_text()
    assert result.outputs["status"] == "pass"
    assert [r.method for r in fake_github.writes()] == ["POST"]
