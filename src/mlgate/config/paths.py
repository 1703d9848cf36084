"""Paths in the config that must exist: files, directories and globs that must match something.

Checked at load time (and by `config lint`) so that a typo in a path is a config error at its line,
not a surprise halfway through a gate run. `git:REF:PATH` specs are only checked for their syntax:
resolving refs may need a fetch, which the gate run reports with the command to run.
"""

from __future__ import annotations

import glob as globlib
from pathlib import Path
from typing import TYPE_CHECKING

from mlgate.config.problems import problem
from mlgate.errors import GateError
from mlgate.gitio import is_git_spec, parse_git_spec

if TYPE_CHECKING:
    from mlgate.config.load import LoadedConfig
    from mlgate.yamlio import JsonPath


def expand(spec: str, base_dir: Path) -> list[Path]:
    """Files (or a directory) a local spec names, relative to `base_dir`; [] when nothing matches."""
    full = Path(spec).expanduser()
    full = full if full.is_absolute() else base_dir / full
    if globlib.has_magic(str(full)):
        return sorted(Path(p) for p in globlib.glob(str(full), recursive=True))
    return [full] if full.exists() else []


def _spec_problem(spec: str, base_dir: Path, what: str) -> tuple[str, str] | None:
    if is_git_spec(spec):
        try:
            parse_git_spec(spec)
        except GateError as exc:
            return exc.message, exc.hint or ""
        return None
    found = expand(spec, base_dir)
    if what == "contract" and found and not any(p.is_file() for p in found):
        return (
            f"contract {spec!r} is a directory, not a file",
            "name the contract file, or a glob like contracts/*.odcs.yaml",
        )
    if found:
        return None
    if globlib.has_magic(spec):
        return (
            f"{what} glob {spec!r} matches no file",
            "check the pattern (it resolves from the config file's directory)",
        )
    return f"{what} not found: {spec}", "check the path (it resolves from the config file's directory)"


def _declared(loaded: LoadedConfig) -> list[tuple[JsonPath, str, str]]:
    """(where in the config, spec, what it is) for every path the config names."""
    config = loaded.config
    out: list[tuple[JsonPath, str, str]] = []
    for i, entry in enumerate(config.contracts):
        out.append((("contracts", i, "contract"), entry.contract, "contract"))
        if entry.data is not None:
            out.append((("contracts", i, "data"), entry.data, "data"))
    metrics = config.metrics
    if metrics is not None:
        if metrics.candidate is not None:
            out.append((("metrics", "candidate"), metrics.candidate, "candidate metrics file"))
        # A missing baseline is the first-model case the gate handles itself when told to skip it.
        if metrics.baseline is not None and (
            metrics.on_missing_baseline != "skip" or is_git_spec(metrics.baseline)
        ):
            out.append((("metrics", "baseline"), metrics.baseline, "baseline metrics file"))
        sig = metrics.significance
        if sig is not None:
            out.append((("metrics", "significance", "candidate"), sig.candidate, "candidate predictions"))
            out.append((("metrics", "significance", "baseline"), sig.baseline, "baseline predictions"))
    drift = config.drift
    if drift is not None:
        out.append((("drift", "reference"), drift.reference, "reference data"))
        out.append((("drift", "current"), drift.current, "current data"))
        if drift.contract is not None:
            out.append((("drift", "contract"), drift.contract, "contract"))
    return out


def path_problems(loaded: LoadedConfig) -> list[GateError]:
    problems = []
    for where, spec, what in _declared(loaded):
        found = _spec_problem(spec, loaded.base_dir, what)
        if found is not None:
            message, hint = found
            src = loaded.source(where)
            problems.append(problem(message, src.file, src.line, src.column, hint or None))
    return problems
