"""The plain git hooks block a real `git commit` / `git push` on a failing gate and let a passing one through."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.action.mlrepo import BAD_CONFIG, BAD_CONTRACT, BAD_DATA, GOOD_DATA, write_ml_repo
from tests.conftest import RunMlgate, git

VENV_BIN = Path(sys.executable).parent
METRICS = "metrics:\n  candidate: metrics.json\n  baseline: baseline.json\n  rules:\n    - metric: accuracy\n      direction: higher\n      max_drop: 0.01\n"


def env(*, with_mlgate: bool = True) -> dict[str, str]:
    path = [p for p in os.environ["PATH"].split(os.pathsep) if "/.venv/" not in p + "/"]
    if with_mlgate:
        path.insert(0, str(VENV_BIN))
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("MLGATE", "GITHUB_"))},
        "PATH": os.pathsep.join(path),
        "NO_COLOR": "1",
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }


# git shows a hook's stdout and stderr both on its stderr.
def commit(repo: Path, message: str, **kwargs: bool) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "commit", "-q", "-m", message], cwd=repo, capture_output=True, text=True, env=env(**kwargs)
    )


def push(repo: Path, *refspec: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "push", "-q", "origin", *refspec], cwd=repo, capture_output=True, text=True, env=env()
    )


def setup_repo(repo: Path, run_mlgate: RunMlgate) -> None:
    write_ml_repo(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial")
    assert run_mlgate("hooks", "install", cwd=repo).returncode == 0


def test_pre_commit_hook_blocks_bad_contracts_data_and_config(run_mlgate: RunMlgate, git_repo: Path) -> None:
    setup_repo(git_repo, run_mlgate)
    head = git(git_repo, "rev-parse", "HEAD")

    (git_repo / "contracts" / "broken.odcs.yaml").write_text(BAD_CONTRACT)
    git(git_repo, "add", "contracts/broken.odcs.yaml")
    lint = commit(git_repo, "bad contract")
    assert lint.returncode == 1, lint.stdout + lint.stderr
    assert "contracts/broken.odcs.yaml:27:13: unknown key `mustBeLessOrEqualsTo`" in lint.stderr
    assert "mlgate: commit blocked (fix the above, or skip once with git commit --no-verify)" in lint.stderr
    git(git_repo, "rm", "-q", "--cached", "contracts/broken.odcs.yaml")

    (git_repo / "data" / "orders.csv").write_text(BAD_DATA)
    git(git_repo, "add", "data/orders.csv")
    data = commit(git_repo, "bad data")
    assert data.returncode == 1
    assert "contract:orders.order_id.unique" in data.stderr
    assert "mlgate: FAILED — the gate is closed (2 failed, 6 passed)" in data.stderr

    (git_repo / "data" / "orders.csv").write_text(GOOD_DATA)
    (git_repo / "mlgate.yaml").write_text(BAD_CONFIG)
    git(git_repo, "add", "data/orders.csv", "mlgate.yaml")
    config = commit(git_repo, "bad config")
    assert config.returncode == 1
    assert "mlgate.yaml:4:5: unknown key 'dta' in contracts[0] (did you mean 'data'?)" in config.stderr
    assert git(git_repo, "rev-parse", "HEAD") == head  # nothing got through

    (git_repo / "mlgate.yaml").write_text(BAD_CONFIG.replace("dta:", "data:"))
    git(git_repo, "add", "mlgate.yaml")
    good = commit(git_repo, "use the sample data explicitly")
    assert good.returncode == 0, good.stdout + good.stderr
    assert git(git_repo, "rev-parse", "HEAD") != head


def test_pre_commit_hook_finds_mlgate_in_the_project_venv_or_explains(
    run_mlgate: RunMlgate, git_repo: Path
) -> None:
    setup_repo(git_repo, run_mlgate)
    (git_repo / "data" / "orders.csv").write_text(BAD_DATA)
    git(git_repo, "add", "data/orders.csv")
    missing = commit(git_repo, "x", with_mlgate=False)
    assert missing.returncode == 1
    assert "mlgate pre-commit hook: mlgate not found on PATH or in .venv/bin" in missing.stderr
    (git_repo / ".venv" / "bin").mkdir(parents=True)
    (git_repo / ".venv" / "bin" / "mlgate").symlink_to(VENV_BIN / "mlgate")
    found = commit(git_repo, "x", with_mlgate=False)  # git GUIs run hooks without the venv on PATH
    assert found.returncode == 1
    assert "contract:orders.amount.minimum" in found.stderr


def test_pre_push_hook_blocks_a_closed_gate(run_mlgate: RunMlgate, git_repo: Path, tmp_path: Path) -> None:
    setup_repo(git_repo, run_mlgate)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(git_repo, "remote", "add", "origin", str(remote))
    (git_repo / "mlgate.yaml").write_text("version: 1\n" + METRICS)
    (git_repo / "baseline.json").write_text('{"accuracy": 0.90}')
    (git_repo / "metrics.json").write_text('{"accuracy": 0.80}')
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "--no-verify", "-m", "worse model")

    blocked = push(git_repo, "main")
    assert blocked.returncode != 0
    assert "accuracy regressed by 0.1 (baseline 0.9, candidate 0.8)" in blocked.stdout + blocked.stderr
    assert (
        "mlgate: push blocked, the gate is closed (exit 1); skip once with git push --no-verify"
        in blocked.stderr
    )
    assert git(remote, "branch", "--list") == ""

    (git_repo / "metrics.json").write_text('{"accuracy": 0.91}')
    git(git_repo, "commit", "-q", "--no-verify", "-am", "better model")
    pushed = push(git_repo, "main")
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr
    assert git(remote, "branch", "--list").strip() == "main"

    # Deleting a remote branch checks nothing, even with a closed gate.
    git(git_repo, "push", "-q", "--no-verify", "origin", "main:old")
    (git_repo / "metrics.json").write_text('{"accuracy": 0.5}')
    deleted = push(git_repo, ":old")
    assert deleted.returncode == 0, deleted.stderr
    assert git(remote, "branch", "--list").split() == ["main"]


def test_pre_commit_hook_handles_spaces_in_names_and_lints_pyproject(
    run_mlgate: RunMlgate, git_repo: Path
) -> None:
    from tests.action.mlrepo import CONTRACT

    write_ml_repo(git_repo, config="version: 1\ncontracts:\n  - contract: contracts/my orders.odcs.yaml\n")
    (git_repo / "contracts" / "orders.odcs.yaml").rename(git_repo / "contracts" / "my orders.odcs.yaml")
    (git_repo / "contracts" / "my orders.odcs.yaml").write_text(
        CONTRACT.replace("../data/orders.csv", "../data/my file.csv")
    )
    (git_repo / "data" / "orders.csv").rename(git_repo / "data" / "my file.csv")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "initial")
    assert run_mlgate("hooks", "install", cwd=git_repo).returncode == 0

    (git_repo / "data" / "my file.csv").write_text(BAD_DATA)
    git(git_repo, "add", "data/my file.csv")
    data = commit(git_repo, "bad data in a file with a space")
    assert data.returncode == 1, data.stderr
    assert "mlgate: FAILED — the gate is closed (2 failed, 6 passed)" in data.stderr
    (git_repo / "data" / "my file.csv").write_text(GOOD_DATA)
    git(git_repo, "add", "data/my file.csv")

    # A pyproject.toml is config-linted only when it has a [tool.mlgate] table.
    (git_repo / "pyproject.toml").write_text('[project]\nname = "fraud-model"\n')
    (git_repo / "pkg").mkdir()
    (git_repo / "pkg" / "pyproject.toml").write_text("[tool.mlgate]\nversion = 1\ncontrcts = []\n")
    git(git_repo, "add", "pyproject.toml", "pkg/pyproject.toml")
    bad = commit(git_repo, "a typo in [tool.mlgate]")
    assert bad.returncode == 1
    assert "pkg/pyproject.toml:3:1: unknown key 'contrcts'" in bad.stderr
    assert "pyproject.toml has no [tool.mlgate] table" not in bad.stderr
    git(git_repo, "rm", "-q", "--cached", "pkg/pyproject.toml")
    good = commit(git_repo, "good data, plain pyproject")
    assert good.returncode == 0, good.stderr


def test_a_file_name_starting_with_a_dash_is_a_file_not_an_option(
    run_mlgate: RunMlgate, git_repo: Path
) -> None:
    setup_repo(git_repo, run_mlgate)
    (git_repo / "-draft.odcs.yaml").write_text(BAD_CONTRACT)
    git(git_repo, "add", "--", "-draft.odcs.yaml")
    blocked = commit(git_repo, "a draft contract")
    assert blocked.returncode == 1
    assert "-draft.odcs.yaml:27:13: unknown key `mustBeLessOrEqualsTo`" in blocked.stderr
    assert "No such option" not in blocked.stderr
