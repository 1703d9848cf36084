"""Turn DuckDB's exceptions into GateErrors a user can act on."""

from __future__ import annotations

from mlgate.data.source import DataSource
from mlgate.errors import GateError


def engine_error(exc: Exception, source: DataSource | None, doing: str) -> GateError:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    lowered = text.lower()
    hint = None
    if "no magic bytes" in lowered or "not a parquet file" in lowered or "invalid parquet" in lowered:
        hint = "the file is not valid Parquet (truncated or corrupt?); regenerate it or check its extension"
    elif "unicode" in lowered or "utf-8" in lowered or "utf8" in lowered:
        hint = "the file is not UTF-8 text; re-encode it as UTF-8"
    elif "sniff" in lowered or ("expected" in lowered and "columns" in lowered):
        hint = "the CSV rows do not all have the same number of fields; fix the ragged rows or the delimiter"
    elif "json" in lowered:
        hint = "the file is not valid JSON/NDJSON (one object per line)"
    where = source.paths[0] if source and len(source.paths) == 1 else (source.spec if source else None)
    return GateError(f"{doing} failed: {text}", file=where, hint=hint)
