"""Write the release record: what `mlgate check` decided, on which inputs, from which commit.

`mlgate verify RECORD` reads it back to prove that what ships is what passed.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

from mlgate import __version__
from mlgate.config.load import LoadedConfig
from mlgate.errors import GateError
from mlgate.record.digest import portable_path
from mlgate.results import FailOn, Report

RECORD_VERSION = 1


def _git(args: list[str], cwd: Path) -> str | None:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return None
    return proc.stdout.rstrip("\n") if proc.returncode == 0 else None


def git_root(cwd: Path) -> Path | None:
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    return Path(top) if top else None


def git_state(cwd: Path, ignore: list[Path]) -> dict[str, Any]:
    commit = _git(["rev-parse", "HEAD"], cwd)
    if commit is None:
        return {"commit": None, "dirty": None, "changed": []}
    root = git_root(cwd) or cwd
    ignored = {portable_path(p, root) for p in ignore}
    status = _git(["status", "--porcelain", "--untracked-files=all"], cwd) or ""
    # porcelain lines are "XY PATH" (or "XY OLD -> NEW" for renames)
    changed = [line[3:] for line in status.splitlines() if line[3:] not in ignored]
    return {"commit": commit, "dirty": bool(changed), "changed": changed[:50]}


def config_reference(loaded: LoadedConfig) -> dict[str, Any]:
    """Where the config is, relative to the repository root when there is one (portable across clones)."""
    root = git_root(loaded.base_dir)
    if root is not None and loaded.path.resolve().is_relative_to(root.resolve()):
        return {"path": portable_path(loaded.path, root), "relative_to": "git-root"}
    return {"path": str(loaded.path.resolve()), "relative_to": "absolute"}


def build_record(
    loaded: LoadedConfig,
    report: Report,
    digests: list[dict[str, Any]],
    *,
    fail_on: FailOn,
    only: str | None,
    samples: int,
    strict: bool,
    record_path: Path,
) -> dict[str, Any]:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    return {
        "record_version": RECORD_VERSION,
        "mlgate": __version__,
        "created_at": now.isoformat().replace("+00:00", "Z"),
        "config": {**config_reference(loaded), "sha256": loaded.sha256},
        "invocation": {"only": only, "fail_on": fail_on.value, "samples": samples, "strict": strict},
        "git": git_state(loaded.base_dir, [record_path]),
        "inputs": [d for d in digests if d["role"] != "config"],
        "results": [
            {"id": r.id, "gate": r.gate, "status": r.status.value}
            for r in sorted(report.results, key=lambda r: r.id)
        ],
        "summary": report.summary(),
        "verdict": report.status(fail_on).value,
        "exit_code": report.exit_code(fail_on),
    }


def write_record(path: Path, record: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise GateError(f"cannot write the release record: {exc.strerror}", file=path) from None
