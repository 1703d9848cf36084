"""Install and uninstall mlgate's plain git hooks (`pre-commit`, `pre-push`) without clobbering others.

The scripts ship as package data (`mlgate/hookscripts/`); the repository's `hooks/` folder holds
identical copies for people who copy them by hand. The hooks folder is asked from git
(`git rev-parse --git-path hooks`), so `core.hooksPath` and worktrees are respected.

A hook that is already there and is not mlgate's is kept: it is renamed `<name>.local`, and mlgate's
script runs it first (its exit code still blocks). Uninstall removes mlgate's script and puts the
original back. Nothing is ever deleted that mlgate did not write.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from mlgate.errors import GateError

HOOK_NAMES = ("pre-commit", "pre-push")
SIGNATURE = "# mlgate-hook:"
LOCAL_SUFFIX = ".local"


@dataclass(frozen=True)
class HookChange:
    name: str
    path: Path
    action: str  # installed | updated | chained | removed | restored | absent | foreign

    def describe(self) -> str:
        path = _shown(self.path)
        local = f"{path}{LOCAL_SUFFIX}"
        return {
            "installed": f"installed {path}",
            "updated": f"updated {path} (it was mlgate's already)",
            "chained": f"installed {path}; your existing hook is now {local} and runs first",
            "removed": f"removed {path}",
            "restored": f"removed mlgate's {path} and restored your hook from {local}",
            "absent": f"{path}: no mlgate hook installed",
            "foreign": f"{path} is not mlgate's hook: left untouched",
        }[self.action]


def _shown(path: Path) -> Path:
    """`path` relative to the current directory when it is below it (`.git/hooks/pre-commit`)."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def hook_script(name: str) -> str:
    """The text of mlgate's hook script `name` (from the installed package)."""
    if name not in HOOK_NAMES:
        raise GateError(f"unknown hook {name!r}", hint=f"use one of {', '.join(HOOK_NAMES)}")
    return resources.files("mlgate").joinpath("hookscripts", name).read_text(encoding="utf-8")


def hooks_dir(cwd: Path | None = None) -> Path:
    """The directory git runs hooks from, for the repository at `cwd` (honours core.hooksPath)."""
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--path-format=absolute", "--git-path", "hooks"],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        raise GateError("git is not installed or not on PATH") from None
    if proc.returncode != 0:
        detail = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "git rev-parse failed"
        raise GateError(
            f"not inside a git repository ({detail})", hint="run `mlgate hooks install` from your repository"
        )
    return Path(proc.stdout.strip())


def is_mlgate_hook(path: Path) -> bool:
    try:
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            head = handle.read(400)
    except OSError:
        return False
    return SIGNATURE in head


def install(names: tuple[str, ...] = HOOK_NAMES, *, cwd: Path | None = None) -> list[HookChange]:
    directory = hooks_dir(cwd)
    planned = [(name, directory / name) for name in names]
    # Decide everything before touching anything: one refusal leaves the repository as it was.
    for name, path in planned:
        local = path.with_name(name + LOCAL_SUFFIX)
        if _exists(path) and not is_mlgate_hook(path) and _exists(local):
            raise GateError(
                f"cannot install the {name} hook: both {path} and {local} exist",
                hint=f"merge them into one hook yourself (mlgate keeps an existing hook as {local.name} and "
                "runs it first), then run `mlgate hooks install` again",
            )
    changes = []
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GateError(f"cannot create the hooks directory: {exc.strerror}", file=directory) from None
    for name, path in planned:
        action = "installed"
        if _exists(path):
            if is_mlgate_hook(path):
                action = "updated"
            else:
                _rename(path, path.with_name(name + LOCAL_SUFFIX))
                action = "chained"
        _write_executable(path, hook_script(name))
        changes.append(HookChange(name, path, action))
    return changes


def uninstall(names: tuple[str, ...] = HOOK_NAMES, *, cwd: Path | None = None) -> list[HookChange]:
    directory = hooks_dir(cwd)
    changes = []
    for name in names:
        path = directory / name
        local = path.with_name(name + LOCAL_SUFFIX)
        if not _exists(path):
            changes.append(HookChange(name, path, "absent"))
            continue
        if not is_mlgate_hook(path):
            changes.append(HookChange(name, path, "foreign"))
            continue
        try:
            path.unlink()
        except OSError as exc:
            raise GateError(f"cannot remove the hook: {exc.strerror}", file=path) from None
        if _exists(local):
            _rename(local, path)
            changes.append(HookChange(name, path, "restored"))
        else:
            changes.append(HookChange(name, path, "removed"))
    return changes


def _exists(path: Path) -> bool:
    return path.is_symlink() or path.exists()


def _rename(source: Path, target: Path) -> None:
    try:
        source.rename(target)
    except OSError as exc:
        raise GateError(f"cannot rename {source} to {target}: {exc.strerror}") from None


def _write_executable(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.mlgate-tmp")
    try:
        temporary.write_text(text, encoding="utf-8", newline="\n")
        mode = temporary.stat().st_mode
        temporary.chmod(mode | 0o111)
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise GateError(f"cannot write the hook: {exc.strerror}", file=path) from None
