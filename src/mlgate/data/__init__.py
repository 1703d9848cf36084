"""Locating and reading tabular data through DuckDB (files, globs, git revisions)."""
