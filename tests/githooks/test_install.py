"""`mlgate hooks install / uninstall` on real repositories: never clobbers, always restores."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT, RunMlgate, git

SCRIPTS = REPO_ROOT / "src" / "mlgate" / "hookscripts"
NAMES = ("pre-commit", "pre-push")
FOREIGN = "#!/bin/sh\necho foreign >> foreign-ran.txt\n"


def test_repo_hooks_folder_is_an_identical_copy_of_the_packaged_scripts() -> None:
    for name in NAMES:
        packaged = SCRIPTS / name
        copy = REPO_ROOT / "hooks" / name
        assert copy.read_bytes() == packaged.read_bytes(), f"hooks/{name} differs from the packaged script"
        for path in (packaged, copy):
            assert path.stat().st_mode & stat.S_IXUSR, f"{path} is not executable"
            assert path.read_text().startswith("#!/bin/sh\n")
            for shell in [s for s in ("sh", "dash", "posh") if shutil.which(s)]:  # POSIX syntax, not bash
                subprocess.run([shell, "-n", str(path)], check=True)


def test_install_into_a_fresh_repo_then_uninstall(run_mlgate: RunMlgate, git_repo: Path) -> None:
    result = run_mlgate("hooks", "install", cwd=git_repo)
    assert result.returncode == 0, result.output
    hooks = git_repo / ".git" / "hooks"
    for name in NAMES:
        installed = hooks / name
        assert installed.read_bytes() == (SCRIPTS / name).read_bytes()
        assert installed.stat().st_mode & stat.S_IXUSR
        assert f"mlgate: installed .git/hooks/{name}\n" in result.stdout  # relative to where it ran
    # Installing again updates in place and does not create a .local from our own hook.
    again = run_mlgate("hooks", "install", cwd=git_repo)
    assert again.returncode == 0
    assert again.stdout.count("(it was mlgate's already)") == 2
    assert not (hooks / "pre-commit.local").exists()

    removed = run_mlgate("hooks", "uninstall", cwd=git_repo)
    assert removed.returncode == 0
    assert removed.stdout.count("mlgate: removed ") == 2
    assert not (hooks / "pre-commit").exists()
    assert not (hooks / "pre-push").exists()
    assert (hooks / "pre-commit.sample").exists()  # git's samples are never touched


def test_an_existing_hook_is_chained_and_restored(run_mlgate: RunMlgate, git_repo: Path) -> None:
    hook = git_repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(FOREIGN)
    hook.chmod(0o755)
    result = run_mlgate("hooks", "install", "--hook", "pre-commit", cwd=git_repo)
    assert result.returncode == 0, result.output
    assert "your existing hook is now" in result.stdout
    assert (hook.parent / "pre-commit.local").read_text() == FOREIGN
    assert not (hook.parent / "pre-push").exists()  # only the hook asked for

    # The chained hook still runs on a real commit (nothing staged for mlgate to check).
    (git_repo / "README.md").write_text("hello\n")
    git(git_repo, "add", "README.md")
    commit = subprocess.run(
        ["git", "commit", "-q", "-m", "first"], cwd=git_repo, capture_output=True, text=True, env=_env()
    )
    assert commit.returncode == 0, commit.stderr
    assert (git_repo / "foreign-ran.txt").read_text() == "foreign\n"

    removed = run_mlgate("hooks", "uninstall", cwd=git_repo)
    assert removed.returncode == 0
    assert "restored your hook" in removed.stdout
    assert hook.read_text() == FOREIGN
    assert not (hook.parent / "pre-commit.local").exists()


def test_a_failing_existing_hook_still_blocks(run_mlgate: RunMlgate, git_repo: Path) -> None:
    hook = git_repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'foreign says no' >&2\nexit 3\n")
    hook.chmod(0o755)
    assert run_mlgate("hooks", "install", cwd=git_repo).returncode == 0
    (git_repo / "a.txt").write_text("a\n")
    git(git_repo, "add", "a.txt")
    commit = subprocess.run(
        ["git", "commit", "-q", "-m", "x"], cwd=git_repo, capture_output=True, text=True, env=_env()
    )
    assert commit.returncode != 0
    assert "foreign says no" in commit.stderr


def test_refuses_when_both_the_hook_and_its_local_copy_exist(run_mlgate: RunMlgate, git_repo: Path) -> None:
    hooks = git_repo / ".git" / "hooks"
    (hooks / "pre-commit").write_text(FOREIGN)
    (hooks / "pre-commit.local").write_text("#!/bin/sh\necho older\n")
    result = run_mlgate("hooks", "install", cwd=git_repo)
    assert result.returncode == 2
    assert "cannot install the pre-commit hook: both" in result.stderr
    assert "fix: merge them into one hook yourself" in result.stderr
    # Nothing was changed, not even the pre-push hook that could have been installed.
    assert (hooks / "pre-commit").read_text() == FOREIGN
    assert (hooks / "pre-commit.local").read_text() == "#!/bin/sh\necho older\n"
    assert not (hooks / "pre-push").exists()


def test_core_hooks_path_is_respected(run_mlgate: RunMlgate, git_repo: Path) -> None:
    git(git_repo, "config", "core.hooksPath", ".githooks")
    sub = git_repo / "src"
    sub.mkdir()
    result = run_mlgate("hooks", "install", cwd=sub)
    assert result.returncode == 0, result.output
    assert (git_repo / ".githooks" / "pre-commit").read_bytes() == (SCRIPTS / "pre-commit").read_bytes()
    assert not (git_repo / ".git" / "hooks" / "pre-commit").exists()


def test_uninstall_leaves_foreign_hooks_alone(run_mlgate: RunMlgate, git_repo: Path) -> None:
    hook = git_repo / ".git" / "hooks" / "pre-push"
    hook.write_text(FOREIGN)
    result = run_mlgate("hooks", "uninstall", cwd=git_repo)
    assert result.returncode == 0
    assert "is not mlgate's hook: left untouched" in result.stdout
    assert "no mlgate hook installed" in result.stdout
    assert hook.read_text() == FOREIGN


def test_outside_a_repository_is_a_clear_error(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    result = run_mlgate("hooks", "install", cwd=tmp_path, env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert result.returncode == 2
    assert "mlgate: error: not inside a git repository" in result.stderr
    assert "fix: run `mlgate hooks install` from your repository" in result.stderr


def _env() -> dict[str, str]:
    """git's environment for a real commit: the venv's `mlgate` on PATH, as after `pip install mlgate`."""
    return {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
