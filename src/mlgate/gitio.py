"""Reading files from any git revision: the `git:REF:PATH` spec used for baselines and references."""

from __future__ import annotations

import re
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


def _fetch_hint(ref: str, cwd: Path) -> str:
    """How to get `ref` into this checkout: the command depends on what kind of revision it is."""
    actions = "in GitHub Actions use actions/checkout with `fetch-depth: 0`, or let the mlgate action fetch the pull request's base ref"
    ancestry = re.fullmatch(r"(.+?)((?:[~^]\d*)+)", ref)  # main~2, HEAD^, origin/main~1
    base = ancestry.group(1) if ancestry else ref
    if ancestry and _git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], cwd).returncode == 0:
        steps = sum(int(part[1:] or 1) for part in re.findall(r"[~^]\d*", ancestry.group(2)))
        shallow = _git(["rev-parse", "--is-shallow-repository"], cwd).stdout.decode().strip() == "true"
        if not shallow:
            return f"the history of {base} is shorter than {steps} commit(s); check the revision"
        return f"this is a shallow clone: fetch more history first (git fetch --deepen={steps}, or git fetch --unshallow); {actions}"
    remotes = set(_git(["remote"], cwd).stdout.decode().split())
    remote, slash, branch = base.partition("/")
    if slash and branch and remote in remotes | {"origin", "upstream"}:
        fetch = f"git fetch {remote} {branch}"
    elif re.fullmatch(r"[0-9a-f]{7,40}", base):
        fetch = f"git fetch origin {base}"
    else:
        fetch = f"git fetch origin {base}:{base} for a branch, git fetch origin tag {base} for a tag"
    return f"fetch it first ({fetch}); {actions}"


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
        raise GateError(f"git revision {ref!r} is not in this checkout", hint=_fetch_hint(ref, cwd))
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
