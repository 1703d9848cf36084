"""Reading files from any git revision: the `git:REF:PATH` spec used for baselines and references."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from mlgate.errors import GateError

GIT_PREFIX = "git:"


@dataclass(frozen=True)
class GitSpec:
    ref: str
    path: str

    def __str__(self) -> str:
        return f"git:{self.ref}:{self.path}"


def is_git_spec(spec: str) -> bool:
    return spec.startswith(GIT_PREFIX)


def parse_git_spec(spec: str) -> GitSpec:
    body = spec[len(GIT_PREFIX) :]
    ref, sep, path = body.rpartition(":")
    if not sep or not ref or not path:
        raise GateError(
            f"{spec!r} is not a git reference",
            hint="write git:REF:PATH, e.g. git:origin/main:reports/metrics.json",
        )
    return GitSpec(ref=ref, path=path)


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GateError(
            "git is not installed, but a git: baseline was requested", hint="install git"
        ) from None


def _fetch_hint(ref: str) -> str:
    remote_ref = ref.split("/", 1)
    fetch = (
        f"git fetch {remote_ref[0]} {remote_ref[1]}" if len(remote_ref) == 2 else f"git fetch origin {ref}"
    )
    return (
        f"fetch it first ({fetch}); in GitHub Actions use actions/checkout with `fetch-depth: 0`, "
        "or let the mlgate action fetch the pull request's base ref"
    )


def resolve_commit(ref: str, cwd: Path) -> str:
    """The commit a ref points at, or a GateError that says how to fetch it."""
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        raise GateError(
            f"git revision {ref!r} requested, but {cwd} is not inside a git repository",
            hint="run mlgate inside the repository, or use a file path for the baseline",
        )
    proc = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd)
    if proc.returncode != 0:
        raise GateError(f"git revision {ref!r} is not in this checkout", hint=_fetch_hint(ref))
    return proc.stdout.decode().strip()


def read_git_file(spec: GitSpec, cwd: Path) -> tuple[bytes, str]:
    """Contents of PATH at REF (PATH relative to `cwd`, like a normal path) and the resolved commit."""
    commit = resolve_commit(spec.ref, cwd)
    # `REF:./PATH` makes git resolve PATH from `cwd`, exactly like a plain relative path would.
    proc = _git(["show", f"{commit}:./{spec.path.removeprefix('./')}"], cwd)
    if proc.returncode != 0:
        raise GateError(
            f"{spec.path!r} does not exist at git revision {spec.ref} ({commit[:12]})",
            hint="check the path (relative to the config file's directory) and that the file was committed on that revision",
        )
    return proc.stdout, commit
