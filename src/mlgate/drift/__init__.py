"""The drift gate: per-column drift with evidently's statistical tests, on data read through DuckDB."""
