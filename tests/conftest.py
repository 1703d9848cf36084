"""Shared fixtures: run the real `mlgate` CLI in a subprocess, make real git repositories."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
ODCS_EXAMPLES = SHARED / "odcs" / "examples"


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


RunMlgate = Callable[..., CliResult]


def _clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "MLGATE_"))}
    env.pop("FORCE_COLOR", None)
    env["NO_COLOR"] = "1"
    env["DO_NOT_TRACK"] = "1"
    env["PYTHONWARNINGS"] = "default"
    if extra:
        env.update(extra)
    return env


@pytest.fixture
def run_mlgate() -> RunMlgate:
    """Run `python -m mlgate ARGS...` as a user would; returns exit code and both streams."""

    def run(
        *args: str | Path,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        input: str | None = None,
        timeout: float = 300,
    ) -> CliResult:
        proc = subprocess.run(
            [sys.executable, "-m", "mlgate", *map(str, args)],
            cwd=cwd,
            env=_clean_env(env),
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert "Traceback (most recent call last)" not in proc.stderr, proc.stderr
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    return run


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.com",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.com",
        },
    )
    return proc.stdout


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    """An empty git repository on branch `main` with a committer identity."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "user.email", "test@example.com")
    git(repo, "config", "commit.gpgsign", "false")
    return repo
