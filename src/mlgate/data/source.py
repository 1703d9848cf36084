"""Resolve a data spec (path, glob or `git:REF:PATH`) to something DuckDB can scan.

Every gate reads data through here so that formats, globs, git baselines and error messages behave
the same everywhere, and so that every input lands in the run's ledger.
"""

from __future__ import annotations

import glob as globlib
from dataclasses import dataclass
from pathlib import Path

from mlgate.context import GateContext
from mlgate.errors import GateError
from mlgate.gitio import is_git_spec, parse_git_spec, read_git_file

FORMAT_BY_SUFFIX = {
    ".parquet": "parquet",
    ".pq": "parquet",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
}
FORMATS = ("parquet", "csv", "json")


@dataclass(frozen=True)
class DataSource:
    spec: str  # as written by the user
    paths: tuple[Path, ...]  # concrete files (a glob expanded, a git blob materialised)
    format: str  # parquet | csv | json
    delimiter: str | None = None  # csv only; None = sniff
    git_commit: str | None = None

    @property
    def label(self) -> str:
        return self.spec


def sql_string(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def sql_identifier(name: str) -> str:
    """A SQL identifier, quoted (column names come from users and may hold anything)."""
    return '"' + name.replace('"', '""') + '"'


def detect_format(path: str, declared: str | None = None) -> str:
    if declared:
        fmt = declared.lower()
        fmt = {"ndjson": "json", "jsonl": "json", "tsv": "csv", "delta": fmt}.get(fmt, fmt)
        if fmt not in FORMATS:
            raise GateError(
                f"data format {declared!r} is not supported",
                hint=f"use one of: {', '.join(FORMATS)} (ndjson/jsonl and tsv are accepted aliases)",
            )
        return fmt
    suffixes = [s.lower() for s in Path(path.rstrip("*")).suffixes]
    for suffix in reversed([s for s in suffixes if s not in (".gz", ".zst", ".gzip")]):
        if suffix in FORMAT_BY_SUFFIX:
            return FORMAT_BY_SUFFIX[suffix]
    raise GateError(
        f"cannot tell the format of {path!r} from its extension",
        hint="use a .parquet, .csv, .tsv, .json, .jsonl or .ndjson file, or declare the format in the contract's server entry",
    )


def resolve_data(
    spec: str,
    ctx: GateContext,
    *,
    role: str = "data",
    format: str | None = None,
    delimiter: str | None = None,
) -> DataSource:
    """Find the files behind `spec` and record them as inputs. Raises GateError when there are none."""
    if is_git_spec(spec):
        git = parse_git_spec(spec)
        if globlib.has_magic(git.path):
            raise GateError(
                f"{spec!r}: a git: reference names one file; globs are not expanded inside git revisions",
                hint="name the file (git:REF:data/part-0.parquet), or check the files out and use a local glob",
            )
        content, commit = read_git_file(git, ctx.base_dir)
        fmt = detect_format(git.path, format)
        local = ctx.tempdir() / f"{role.replace('.', '_')}-{commit[:12]}-{Path(git.path).name}"
        local.write_bytes(content)
        ctx.record_input(role, spec, local, commit)
        delim = delimiter or ("\t" if git.path.lower().endswith(".tsv") else None)
        return DataSource(spec, (local,), fmt, delim, commit)

    fmt = detect_format(spec, format)
    delim = delimiter or ("\t" if spec.lower().rstrip("*").endswith(".tsv") else None)
    resolved = ctx.resolve(spec)
    if globlib.has_magic(str(resolved)):
        paths = tuple(
            sorted(Path(p) for p in globlib.glob(str(resolved), recursive=True) if Path(p).is_file())
        )
        if not paths:
            raise GateError(
                f"no file matches {spec!r}", hint="check the glob pattern and the working directory"
            )
    else:
        if not resolved.exists():
            raise GateError(
                f"data file not found: {spec}",
                file=resolved,
                hint="check the path; relative paths resolve from the config/contract directory",
            )
        if resolved.is_dir():
            paths = tuple(
                sorted(p for p in resolved.rglob("*") if p.is_file() and not p.name.startswith((".", "_")))
            )
            if not paths:
                raise GateError(f"data directory {spec!r} holds no files", file=resolved)
        else:
            paths = (resolved,)
    for p in paths:
        ctx.record_input(role, spec, p)
    return DataSource(spec, paths, fmt, delim)


def scan_sql(source: DataSource, *, all_varchar: bool = False) -> str:
    """A DuckDB table function call that scans the source, e.g. `read_parquet([...])`."""
    files = "[" + ", ".join(sql_string(str(p)) for p in source.paths) + "]"
    if source.format == "parquet":
        return f"read_parquet({files})"
    if source.format == "json":
        options = ", format='auto'"
        if all_varchar:
            options += ", records=true"
        return f"read_json({files}{options})"
    options = ", header=true"
    if source.delimiter:
        options += f", delim={sql_string(source.delimiter)}"
    if all_varchar:
        options += ", all_varchar=true"
    return f"read_csv({files}{options})"
