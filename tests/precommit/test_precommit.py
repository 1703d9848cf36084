"""The hooks through the real pre-commit framework: validate-manifest, try-repo, run, and a real push."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.action.mlrepo import BAD_CONFIG, BAD_CONTRACT, BAD_DATA, GOOD_DATA, write_ml_repo
from tests.conftest import REPO_ROOT, git

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
# Files of this feature that may not be committed yet while developing; overlaid on the clone.
OVERLAY = (".pre-commit-hooks.yaml", "pyproject.toml", "src/mlgate/cli/hooks.py", "src/mlgate/hookinstall.py")

METRICS_CONFIG = """\
version: 1
metrics:
  candidate: metrics.json
  baseline: baseline.json
  rules:
    - metric: accuracy
      direction: higher
      max_drop: 0.01
"""


def pre_commit(*args: str, cwd: Path, home: Path, check: bool = False) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if "/.venv/" not in p + "/")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "MLGATE", "PRE_COMMIT"))},
        "PATH": path,  # mlgate must come from the hook's own environment, not from ours
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
        "NO_COLOR": "1",
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    proc = subprocess.run(
        [str(PRE_COMMIT), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    if check:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@pytest.fixture(scope="session")
def hook_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This repository as pre-commit fetches it: a git repo at a commit (HEAD plus this feature's files)."""
    clone = tmp_path_factory.mktemp("hook-source") / "mlgate"
    git(REPO_ROOT, "clone", "-q", "--depth", "1", f"file://{REPO_ROOT}", str(clone))
    for name in OVERLAY:
        shutil.copy2(REPO_ROOT / name, clone / name)
    shutil.copytree(
        REPO_ROOT / "src/mlgate/hookscripts", clone / "src/mlgate/hookscripts", dirs_exist_ok=True
    )
    git(clone, "add", "-A")
    if git(clone, "status", "--porcelain").strip():
        git(clone, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "overlay")
    return clone, git(clone, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="session")
def pre_commit_home(
    tmp_path_factory: pytest.TempPathFactory, hook_source: tuple[Path, str]
) -> Iterator[Path]:
    """One store for the session: the hooks' environment is built once, in the background from the
    start (while the try-repo test builds its own); pre-commit's store lock serialises the users."""
    home = tmp_path_factory.mktemp("pre-commit-home")
    warm = tmp_path_factory.mktemp("warm-up")
    git(warm, "init", "-q", "-b", "main")
    write_config(warm, hook_source, [{"id": "mlgate-check"}])
    builder = subprocess.Popen(
        [str(PRE_COMMIT), "install-hooks"],
        cwd=warm,
        env={**os.environ, "PRE_COMMIT_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield home
    builder.wait(timeout=600)


def target_repo(root: Path, *, bad: bool = False) -> Path:
    repo = root / "target"
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    write_ml_repo(repo, data=BAD_DATA if bad else GOOD_DATA)
    (repo / "pyproject.toml").write_text('[project]\nname = "fraud-model"\n')  # not mlgate's: passed over
    if bad:
        (repo / "contracts" / "broken.odcs.yaml").write_text(BAD_CONTRACT)
        (repo / "sub").mkdir()
        (repo / "sub" / "mlgate.yaml").write_text(BAD_CONFIG)
        (repo / "pkg").mkdir()
        (repo / "pkg" / "pyproject.toml").write_text("[tool.mlgate]\nversion = 1\ncontrcts = []\n")
    git(repo, "add", "-A")
    return repo


def write_config(repo: Path, source: tuple[Path, str], hooks: list[dict[str, object]]) -> None:
    config = {"repos": [{"repo": str(source[0]), "rev": source[1], "hooks": hooks}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    git(repo, "add", ".pre-commit-config.yaml")


def status_lines(output: str) -> dict[str, str]:
    """{'mlgate contract lint': 'Passed', ...} from pre-commit's dotted status lines."""
    found = {}
    for line in output.splitlines():
        for verdict in ("Passed", "Failed", "(no files to check)Skipped"):
            if line.endswith(verdict) and "..." in line:
                found[line.split("...")[0].rstrip(".").strip()] = verdict.replace("(no files to check)", "")
    return found


def test_manifest_validates() -> None:
    proc = subprocess.run(
        [str(PRE_COMMIT), "validate-manifest", str(REPO_ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    hooks = {h["id"]: h for h in yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert list(hooks) == [
        "mlgate-contract-lint",
        "mlgate-config-lint",
        "mlgate-contract-test",
        "mlgate-metrics",
        "mlgate-check",
        "mlgate-drift",
    ]
    assert all(h["language"] == "python" and h["require_serial"] for h in hooks.values())
    assert hooks["mlgate-check"]["stages"] == hooks["mlgate-metrics"]["stages"] == ["pre-push", "manual"]
    assert hooks["mlgate-drift"]["stages"] == ["manual"]
    assert hooks["mlgate-drift"]["additional_dependencies"] == [".[drift]"]


def test_try_repo_passes_on_good_files_and_fails_with_mlgates_message_on_bad_ones(
    tmp_path: Path, hook_source: tuple[Path, str], pre_commit_home: Path
) -> None:
    """`pre-commit try-repo` of this repository (as committed, see hook_source): each try-repo builds its
    own environment in a temporary store, so the good and the bad run go side by side."""
    from concurrent.futures import ThreadPoolExecutor

    good = target_repo(tmp_path / "good")
    bad = target_repo(tmp_path / "bad", bad=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = [
            pool.submit(
                pre_commit, "try-repo", str(hook_source[0]), "--all-files", cwd=repo, home=pre_commit_home
            )
            for repo in (good, bad)
        ]
        passed, failed = (run.result() for run in runs)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert status_lines(passed.stdout) == {
        "mlgate contract lint": "Passed",
        "mlgate config lint": "Passed",
        "mlgate contract test": "Passed",
    }

    out = failed.stdout
    assert failed.returncode == 1, out + failed.stderr
    assert status_lines(out) == {
        "mlgate contract lint": "Failed",
        "mlgate config lint": "Failed",
        "mlgate contract test": "Failed",
    }
    assert "contracts/broken.odcs.yaml:27:13: unknown key `mustBeLessOrEqualsTo` in a quality rule" in out
    assert "sub/mlgate.yaml:4:5: unknown key 'dta' in contracts[0] (did you mean 'data'?)" in out
    assert "pkg/pyproject.toml:3:1: unknown key 'contrcts'" in out
    assert "has no [tool.mlgate] table" not in out
    assert "contract:orders.order_id.unique" in out and "contract:orders.amount.minimum" in out
    assert "mlgate: FAILED — the gate is closed (2 failed, 6 passed)" in out


def test_contract_test_runs_only_the_contracts_whose_files_changed(
    tmp_path: Path, hook_source: tuple[Path, str], pre_commit_home: Path
) -> None:
    repo = target_repo(tmp_path, bad=True)
    write_config(repo, hook_source, [{"id": "mlgate-contract-test"}])
    (repo / "notes.txt").write_text("unrelated\n")
    git(repo, "add", "notes.txt")
    unrelated = pre_commit(
        "run", "mlgate-contract-test", "--files", "notes.txt", cwd=repo, home=pre_commit_home
    )
    assert unrelated.returncode == 0, unrelated.stdout
    assert "contract:" not in unrelated.stdout
    data = pre_commit(
        "run", "mlgate-contract-test", "--files", "data/orders.csv", cwd=repo, home=pre_commit_home
    )
    assert data.returncode == 1
    assert "contract:orders.amount.minimum" in data.stdout
    contract = pre_commit(
        "run", "mlgate-contract-test", "--files", "contracts/orders.odcs.yaml", cwd=repo, home=pre_commit_home
    )
    assert contract.returncode == 1
    assert "contract:orders.order_id.unique" in contract.stdout


def test_pre_push_hooks_metrics_and_check(
    tmp_path: Path, hook_source: tuple[Path, str], pre_commit_home: Path
) -> None:
    repo = target_repo(tmp_path)
    (repo / "mlgate.yaml").write_text(
        "version: 1\ncontracts:\n  - contract: contracts/orders.odcs.yaml\n"
        + METRICS_CONFIG.removeprefix("version: 1\n")
    )
    (repo / "baseline.json").write_text('{"accuracy": 0.90}')
    (repo / "metrics.json").write_text('{"accuracy": 0.905}')
    write_config(repo, hook_source, [{"id": "mlgate-metrics"}, {"id": "mlgate-check"}])
    git(repo, "add", "-A")
    ok = pre_commit("run", "--hook-stage", "pre-push", "--all-files", cwd=repo, home=pre_commit_home)
    assert ok.returncode == 0, ok.stdout
    assert status_lines(ok.stdout) == {"mlgate metrics": "Passed", "mlgate check": "Passed"}
    # Not part of the commit stage.
    commit_stage = pre_commit("run", "--all-files", cwd=repo, home=pre_commit_home)
    assert commit_stage.returncode == 0 and "mlgate" not in commit_stage.stdout

    (repo / "metrics.json").write_text('{"accuracy": 0.80}')
    bad = pre_commit("run", "--hook-stage", "manual", "--all-files", cwd=repo, home=pre_commit_home)
    assert bad.returncode == 1
    assert status_lines(bad.stdout) == {"mlgate metrics": "Failed", "mlgate check": "Failed"}
    assert bad.stdout.count("accuracy regressed by 0.1 (baseline 0.9, candidate 0.8)") == 2

    # A real push through pre-commit's pre-push hook: blocked, then let through.
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    pre_commit("install", "--hook-type", "pre-push", cwd=repo, home=pre_commit_home, check=True)
    blocked = commit_and_push(repo, pre_commit_home, "worse model")
    assert blocked.returncode != 0
    assert "accuracy regressed by 0.1" in blocked.stdout + blocked.stderr
    assert git(remote, "branch", "--list").strip() == ""
    (repo / "metrics.json").write_text('{"accuracy": 0.91}')
    pushed = commit_and_push(repo, pre_commit_home, "better")
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr
    assert git(remote, "branch", "--list").strip() == "main"


def commit_and_push(repo: Path, home: Path, message: str) -> subprocess.CompletedProcess[str]:
    """Commit everything (no commit hooks) and push through pre-commit's pre-push hook."""
    git(repo, "add", "-A")
    git(
        repo,
        "-c",
        "user.name=T",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-q",
        "--no-verify",
        "-m",
        message,
    )
    return subprocess.run(
        ["git", "push", "-q", "origin", "main"], cwd=repo, capture_output=True, text=True, env=_push_env(home)
    )


def test_drift_hook_is_manual_and_explains_a_missing_extra(
    tmp_path: Path, hook_source: tuple[Path, str], pre_commit_home: Path
) -> None:
    """The manifest brings the extra with `additional_dependencies: ['.[drift]']` (evidently, ~1 GB,
    minutes to install). Here it is overridden with [] to run the real hook quickly: mlgate must then
    say how to get the extra instead of failing obscurely."""
    repo = target_repo(tmp_path)
    (repo / "mlgate.yaml").write_text(
        "version: 1\ndrift:\n  reference: data/orders.csv\n  current: data/orders.csv\n"
    )
    write_config(repo, hook_source, [{"id": "mlgate-drift", "additional_dependencies": []}])
    git(repo, "add", "-A")
    default_stage = pre_commit("run", "--all-files", cwd=repo, home=pre_commit_home)
    assert default_stage.returncode == 0 and "mlgate drift" not in default_stage.stdout
    manual = pre_commit("run", "mlgate-drift", "--hook-stage", "manual", cwd=repo, home=pre_commit_home)
    assert manual.returncode == 1, manual.stdout
    assert "- hook id: mlgate-drift\n- exit code: 2\n" in manual.stdout
    assert "pip install 'mlgate[drift]'" in manual.stdout


def _push_env(home: Path) -> dict[str, str]:
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if "/.venv/" not in p + "/")
    return {
        **os.environ,
        "PATH": path,
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
        "NO_COLOR": "1",
    }
