"""Content hashes of a run's inputs, in the form the release record stores them."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from mlgate.context import InputFile
from mlgate.errors import GateError


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise GateError(f"cannot read input to hash it: {exc.strerror}", file=path) from None
    return digest.hexdigest()


def portable_path(path: Path, base_dir: Path) -> str:
    """Relative to the config's directory when inside it (records survive a fresh clone elsewhere)."""
    try:
        resolved = path.resolve()
        base = base_dir.resolve()
        if resolved.is_relative_to(base):
            return resolved.relative_to(base).as_posix()
        return os.path.relpath(resolved, base) if resolved.anchor == base.anchor else str(resolved)
    except (OSError, ValueError):
        return str(path)


def hash_inputs(inputs: list[InputFile], base_dir: Path) -> list[dict[str, Any]]:
    """One entry per input: role, spec, path (or git spec), size, sha256 and the git commit if any."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    hashed: dict[Path, str] = {}  # a file two gates read (contract data = drift current) is hashed once
    for item in inputs:
        from_git = item.git_commit is not None
        path = item.spec if from_git else portable_path(item.path, base_dir)
        if (item.role, path) in seen:
            continue
        seen.add((item.role, path))
        out.append(
            {
                "role": item.role,
                # An absolute spec is machine-specific; the portable path says the same thing.
                "spec": path if not from_git and Path(item.spec).is_absolute() else item.spec,
                "path": path,
                "size": item.path.stat().st_size if item.path.exists() else None,
                "sha256": hashed.get(item.path) or hashed.setdefault(item.path, sha256_file(item.path)),
                "git_commit": item.git_commit,
            }
        )
    return out
