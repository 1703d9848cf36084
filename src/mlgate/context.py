"""What every gate run shares: where paths resolve from, one DuckDB connection, and the input ledger.

The ledger records every input a gate read (data, contracts, metric files, predictions, git
baselines with their resolved commit) so that a release record can hash them afterwards.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tempfile

    import duckdb


# Every file this process read as an input. Outputs (reports, records, HTML) are checked against it so
# that `--report json:data.csv` can never overwrite the data, contract or config the run was judging.
_FILES_READ: set[Path] = set()


def note_read(path: Path) -> None:
    with contextlib.suppress(OSError):
        _FILES_READ.add(path.resolve())


def refuse_overwriting_input(path: Path, what: str) -> None:
    """GateError when `path` is one of this run's inputs."""
    from mlgate.errors import GateError

    try:
        resolved = path.resolve()
    except OSError:
        return
    if resolved in _FILES_READ:
        raise GateError(
            f"refusing to write the {what} over {path}: it is one of this run's inputs",
            file=path,
            hint="choose another output path",
        )


@dataclass(frozen=True)
class InputFile:
    role: str  # e.g. "contract", "data", "metrics.candidate", "drift.reference"
    spec: str  # as the user wrote it (path, glob or git:REF:PATH)
    path: Path  # local file that was read (a temp file for git: specs)
    git_commit: str | None = None


@dataclass
class GateContext:
    base_dir: Path = field(default_factory=Path.cwd)
    samples: int = 5
    strict: bool = False
    inputs: list[InputFile] = field(default_factory=list)
    _connection: duckdb.DuckDBPyConnection | None = None
    _tempdir: tempfile.TemporaryDirectory[str] | None = None

    def resolve(self, path: str | Path) -> Path:
        p = Path(path).expanduser()
        return p if p.is_absolute() else self.base_dir / p

    def record_input(self, role: str, spec: str, path: Path, git_commit: str | None = None) -> None:
        note_read(path)
        entry = InputFile(role=role, spec=spec, path=path, git_commit=git_commit)
        if entry not in self.inputs:
            self.inputs.append(entry)

    def duckdb(self) -> duckdb.DuckDBPyConnection:
        """One in-memory DuckDB connection per run, created on first use (duckdb imports lazily)."""
        if self._connection is None:
            import duckdb

            # No progress bar: on large data DuckDB would draw it on the user's terminal mid-report.
            self._connection = duckdb.connect(":memory:")
            self._connection.execute("SET enable_progress_bar = false")
        return self._connection

    def tempdir(self) -> Path:
        if self._tempdir is None:
            import tempfile

            self._tempdir = tempfile.TemporaryDirectory(prefix="mlgate-")
        return Path(self._tempdir.name)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._tempdir is not None:
            self._tempdir.cleanup()
            self._tempdir = None

    def __enter__(self) -> GateContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
