"""Turn DuckDB's exceptions into GateErrors a user can act on."""

from __future__ import annotations

from mlgate.data.source import DataSource
from mlgate.errors import GateError

# What DuckDB says about a damaged Parquet file: a bad footer, bad metadata, a page that does not decompress.
_PARQUET_DAMAGE = ("footer", "tprotocol", "decompression", "corrupt", "failed to read file", "too small")


def engine_error(exc: Exception, source: DataSource | None, doing: str) -> GateError:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    lowered = text.lower()
    hint = None
    parquet = source is not None and source.format == "parquet"
    if any(m in lowered for m in ("no magic bytes", "not a parquet file", "invalid parquet")) or (
        parquet and any(m in lowered for m in _PARQUET_DAMAGE)
    ):
        hint = "the file is not valid Parquet (truncated or corrupt?); regenerate it or check its extension"
    elif "unicode" in lowered or "utf-8" in lowered or "utf8" in lowered:
        hint = "the file is not UTF-8 text; re-encode it as UTF-8"
    elif "sniff" in lowered or ("expected" in lowered and "columns" in lowered):
        hint = (
            "the CSV rows do not all have the same number of fields, or the delimiter is not a comma: fix the "
            "ragged rows, or declare the delimiter (a `.tsv` extension means tab)"
        )
    elif "json" in lowered:
        hint = "the file is not valid JSON/NDJSON (one object per line)"
    where = source.paths[0] if source and len(source.paths) == 1 else (source.spec if source else None)
    return GateError(f"{doing} failed: {text}", file=where, hint=hint)
