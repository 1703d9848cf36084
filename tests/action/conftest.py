"""Fixtures for running action.yml: a real PR checkout, a runner around it, a fake GitHub API."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.action.harness import ActionResult, Runner
from tests.action.mlrepo import write_ml_repo
from tests.conftest import REPO_ROOT, git
from tests.github.fakegithub import FakeGitHub, serve

TOKEN = "ghs_ActionT0kenNeverPrinted_9876543210fedcba"
REPO = "acme/fraud-model"
PREBUILT_VENV = REPO_ROOT / ".venv"  # the `venv` input: a virtualenv that already has mlgate (self-hosted)
HEAD_SHA_PLACEHOLDER = "feedfacefeedfacefeedfacefeedfacefeedface"

RunAction = Callable[..., ActionResult]


def system_path() -> str:
    """PATH without any virtualenv: the action must not rely on mlgate being on PATH."""
    parts = [p for p in os.environ.get("PATH", "").split(os.pathsep) if "/.venv/" not in p + "/"]
    return os.pathsep.join(parts)


def make_checkout(root: Path, **files: str) -> tuple[Path, Path]:
    """A bare `origin` with `main`, and a PR branch checked out as the workspace."""
    seed = root / "seed"
    seed.mkdir(parents=True)
    git(seed, "init", "-q", "-b", "main")
    write_ml_repo(seed, **files)
    git(seed, "add", "-A")
    git(seed, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "main")
    origin = root / "origin.git"
    git(root, "clone", "-q", "--bare", str(seed), str(origin))
    workspace = root / "workspace"
    git(root, "clone", "-q", str(origin), str(workspace))
    return origin, workspace


def pull_request_event(path: Path, *, fork: bool = False, number: int = 7) -> Path:
    head_repo = "outsider/fraud-model" if fork else REPO
    path.write_text(
        json.dumps(
            {
                "action": "synchronize",
                "number": number,
                "pull_request": {
                    "number": number,
                    "title": "Retrain with new features",
                    "head": {
                        "ref": "feature",
                        "sha": HEAD_SHA_PLACEHOLDER,
                        "repo": {"full_name": head_repo, "fork": fork},
                    },
                    "base": {"ref": "main", "repo": {"full_name": REPO}},
                },
            }
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    with serve(FakeGitHub(token=TOKEN)) as fake:
        yield fake


@pytest.fixture
def run_action(tmp_path: Path, fake_github: FakeGitHub) -> RunAction:
    """Run action.yml on `workspace` as the runner would, for one job (a fresh $RUNNER_TEMP each time)."""
    counter = {"n": 0}

    def run(
        workspace: Path,
        inputs: dict[str, str] | None = None,
        *,
        event_name: str = "pull_request",
        fork: bool = False,
        action_path: Path = REPO_ROOT,
        prebuilt: bool = True,
    ) -> ActionResult:
        counter["n"] += 1
        job = tmp_path / f"job{counter['n']}"
        temp = job / "_temp"
        temp.mkdir(parents=True)
        home = job / "home"
        home.mkdir()
        event = (
            pull_request_event(job / "event.json", fork=fork)
            if event_name.startswith("pull_request")
            else job / "event.json"
        )
        if not event_name.startswith("pull_request"):
            event.write_text(json.dumps({"ref": "refs/heads/main"}), encoding="utf-8")
        base_ref = "main" if event_name.startswith("pull_request") else ""
        env = {
            "PATH": system_path(),
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_EVENT_NAME": event_name,
            "GITHUB_EVENT_PATH": str(event),
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_API_URL": fake_github.url,
            "GITHUB_SERVER_URL": "https://github.example",
            "GITHUB_SHA": HEAD_SHA_PLACEHOLDER,
            "GITHUB_REF": "refs/pull/7/merge" if base_ref else "refs/heads/main",
            "GITHUB_BASE_REF": base_ref,
            "GITHUB_HEAD_REF": "feature" if base_ref else "",
            "GITHUB_RUN_ID": str(1000 + counter["n"]),
            "RUNNER_TEMP": str(temp),
            "RUNNER_OS": "Linux",
            "NO_COLOR": "1",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        }
        for name in (
            "PIP_FIND_LINKS",
            "PIP_CERT",
            "PIP_DEFAULT_TIMEOUT",
            "PIP_INDEX_URL",
            "PIP_EXTRA_INDEX_URL",
        ):
            if name in os.environ:
                env[name] = os.environ[name]
        runner = Runner(
            action_path=action_path,
            workspace=workspace,
            runner_temp=temp,
            event_name=event_name,
            event_path=event,
            github={"token": TOKEN, "event_name": event_name, "base_ref": base_ref, "repository": REPO},
            env=env,
        )
        given = dict(inputs or {})
        if prebuilt:
            given.setdefault("venv", str(PREBUILT_VENV))
        return runner.run(given)

    return run
