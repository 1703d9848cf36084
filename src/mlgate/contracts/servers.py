"""Where a contract's data lives: `--data` wins, else the contract's `servers[]`, and which file is which table.

Server paths are relative to the contract file (the contract travels with its data in a repo); a
`--data` path is relative to the working directory (or the config file, for `mlgate check`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlgate.context import GateContext
from mlgate.contracts.document import ContractDocument
from mlgate.data.source import DataSource, detect_format, resolve_data
from mlgate.errors import GateError
from mlgate.gitio import is_git_spec

_FILE_SERVER_TYPES = ("local", "duckdb")


@dataclass(frozen=True)
class Location:
    spec: str  # path, glob, directory or git:REF:PATH
    format: str | None  # from the server entry; None = from the extension
    server: str | None  # the server entry it came from
    fallback_format: str | None = None  # --data with an unknown extension: the server's format


@dataclass(frozen=True)
class BoundTable:
    index: int  # position in schema[]
    obj: dict[str, Any]
    name: str  # schema object name (used in ids and targets)
    source: DataSource


def table_name(obj: dict[str, Any], index: int) -> str:
    name = obj.get("name") or obj.get("physicalName")
    return str(name) if name else f"schema[{index}]"


def choose_location(doc: ContractDocument, data: str | None, server: str | None) -> Location:
    servers = doc.raw.get("servers")
    entries = (
        [(i, s) for i, s in enumerate(servers) if isinstance(s, dict)] if isinstance(servers, list) else []
    )
    if data:
        named = [
            s
            for _, s in entries
            if s.get("server") == server or (server is None and s.get("type") == "local")
        ]
        fmt = named[0].get("format") if named else None
        return Location(data, None, None, str(fmt) if isinstance(fmt, str) and fmt else None)
    how = "pass the data with --data PATH (a file, glob, directory or git:REF:PATH)"
    if server is not None:
        names = [str(s.get("server")) for _, s in entries]
        found = [(i, s) for i, s in entries if s.get("server") == server]
        if not found:
            raise GateError(
                f"the contract has no server named {server!r} (servers: {', '.join(names) or 'none'})",
                file=doc.path,
                line=doc.source(("servers",)).line if entries else None,
                hint=f"use one of the server names, or {how}",
            )
        index, entry = found[0]
    else:
        local = [(i, s) for i, s in entries if s.get("type") in _FILE_SERVER_TYPES and s.get("path")]
        if not local:
            kinds = sorted({str(s.get("type")) for _, s in entries})
            raise GateError(
                "the contract names no local data to test"
                + (f" (its servers are of type {', '.join(kinds)})" if kinds else ""),
                file=doc.path,
                hint=f"{how}, or add a server entry `- server: local` with `type: local`, `path:` and `format:`",
            )
        index, entry = local[0]
    path = entry.get("path")
    if entry.get("type") not in _FILE_SERVER_TYPES or not isinstance(path, str) or not path:
        src = doc.source(("servers", index))
        raise GateError(
            f"server {entry.get('server')!r} (type {entry.get('type')}) is not a local file mlgate can read",
            file=doc.path,
            line=src.line,
            column=src.column,
            hint=f"{how}, or pick a `type: local` server with --server",
        )
    if not is_git_spec(path) and not Path(path).expanduser().is_absolute():
        # Absolute, so the path means the same whatever directory the run's context is based at.
        path = str(doc.path.parent.resolve() / path)
    fmt = entry.get("format")
    return Location(path, str(fmt) if isinstance(fmt, str) and fmt else None, str(entry.get("server")))


def _directory(location: Location, ctx: GateContext) -> DataSource:
    """A directory: its data files of one format (from the server entry or their extensions)."""
    folder = ctx.resolve(location.spec)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith((".", "_")))
    formats: dict[str, list[Path]] = {}
    for path in files:
        try:
            fmt = detect_format(str(path), location.format)
        except GateError:
            continue  # contracts, READMEs... next to the data
        formats.setdefault(fmt, []).append(path)
    if len(formats) != 1:
        found = ", ".join(sorted(formats)) or "none"
        raise GateError(
            f"data directory {location.spec!r} must hold data files of one format (found: {found})",
            file=folder,
            hint="point --data at a file or a glob such as dir/*.parquet",
        )
    fmt, paths = next(iter(formats.items()))
    for path in paths:
        ctx.record_input("data", location.spec, path)
    return DataSource(location.spec, tuple(paths), fmt)


def _file_stem(path: Path) -> str:
    name = path.name
    return name.split(".", 1)[0] if not name.startswith(".") else name


def bind_tables(
    doc: ContractDocument, location: Location, ctx: GateContext, schema: str | None
) -> list[BoundTable]:
    """Pair each schema object to test with the data that holds it."""
    tables = doc.tables()
    if not tables:
        raise GateError(
            "the contract declares no schema objects, so there is nothing to test",
            file=doc.path,
            line=doc.source(("schema",)).line,
            hint="add `schema:` with at least one object and its `properties:`",
        )
    names = [table_name(obj, i) for i, obj in tables]
    if schema is not None:
        chosen = [(i, obj) for i, obj in tables if schema in (obj.get("name"), obj.get("physicalName"))]
        if not chosen:
            raise GateError(
                f"the contract has no schema object named {schema!r} (it has: {', '.join(names)})",
                file=doc.path,
                line=doc.source(("schema",)).line,
                hint="pass one of those names to --schema",
            )
        tables = chosen[:1]
    source = resolve_location(location, ctx)
    if len(tables) == 1:
        index, obj = tables[0]
        return [BoundTable(index, obj, table_name(obj, index), source)]
    # Several objects: one file (or set of files) per object, matched on the file name.
    bound: list[BoundTable] = []
    unmatched: list[str] = []
    for index, obj in tables:
        keys = {str(k) for k in (obj.get("physicalName"), obj.get("name")) if k}
        paths = tuple(p for p in source.paths if _file_stem(p) in keys)
        if paths:
            bound.append(
                BoundTable(
                    index,
                    obj,
                    table_name(obj, index),
                    DataSource(source.spec, paths, source.format, source.delimiter, source.git_commit),
                )
            )
        else:
            unmatched.append(table_name(obj, index))
    if unmatched:
        raise GateError(
            f"the contract has {len(tables)} schema objects ({', '.join(names)}) but no data file for "
            f"{', '.join(unmatched)} in {location.spec}",
            file=doc.path,
            line=doc.source(("schema",)).line,
            hint="test one object with --schema NAME (and --data PATH), or point the data at a directory "
            "holding one file per object named after it (e.g. orders.parquet, customers.parquet)",
        )
    return bound


def resolve_location(location: Location, ctx: GateContext) -> DataSource:
    """The files behind a location (directories: the data files of one format inside)."""
    if not is_git_spec(location.spec) and ctx.resolve(location.spec).is_dir():
        source = _directory(location, ctx)
    else:
        fmt = location.format
        if fmt is None and location.fallback_format is not None:
            try:
                detect_format(location.spec.split(":")[-1])
            except GateError:
                fmt = location.fallback_format
        source = resolve_data(location.spec, ctx, role="data", format=fmt)
    if source.format == "csv" and source.delimiter is None:
        # An explicit delimiter makes DuckDB reject ragged rows instead of guessing a one-column file.
        source = DataSource(source.spec, source.paths, source.format, ",", source.git_commit)
    return source
