"""The `drift:` section of mlgate.yaml (also built from `mlgate drift` options).

Validation here is static: method names come from `mlgate.drift.methods`, so loading a config never
imports evidently or pandas.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field, field_validator, model_validator

from mlgate.config.base import StrictModel
from mlgate.drift.methods import AUTO, METHOD_NAMES, METHODS

DEFAULT_SAMPLE = 1_000_000
DEFAULT_SEED = 42


def _check_method(value: str) -> str:
    if value != AUTO and value not in METHODS:
        # Case slips ("KS", "tvd") are the common typo: name the right spelling.
        by_lower = {name.lower(): name for name in METHODS}
        suggestion = by_lower.get(value.lower())
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        raise ValueError(f"unknown drift method {value!r}{hint} (known: {', '.join(METHOD_NAMES)})")
    return value


def _check_threshold(value: float | None) -> float | None:
    if value is not None and (not math.isfinite(value) or value < 0):
        raise ValueError("threshold must be a finite number >= 0")
    return value


class ColumnDrift(StrictModel):
    """Per-column override of the method, the threshold and/or the column type."""

    method: str | None = Field(default=None, description="evidently stattest name for this column.")
    threshold: float | None = Field(default=None, description="Threshold for this column.")
    type: Literal["numerical", "categorical"] | None = Field(
        default=None,
        description="Compare as numerical or categorical (default: the contract's or the reference's type), e.g. integer codes as categorical.",
    )

    @field_validator("method")
    @classmethod
    def _method(cls, value: str | None) -> str | None:
        return None if value is None else _check_method(value)

    @field_validator("threshold")
    @classmethod
    def _threshold(cls, value: float | None) -> float | None:
        return _check_threshold(value)


class DriftSection(StrictModel):
    """Compare `current` data with `reference` data, column by column, with evidently's stattests."""

    reference: str = Field(description="Reference data: path, glob or git:REF:PATH (Parquet, CSV, NDJSON).")
    current: str = Field(description="Current data: path, glob or git:REF:PATH (Parquet, CSV, NDJSON).")
    columns: list[str] | None = Field(
        default=None, description="Columns to compare (default: every column of the reference)."
    )
    exclude: list[str] = Field(default_factory=list, description="Columns never compared (ids, labels...).")
    method: str = Field(
        default=AUTO,
        description="evidently stattest name, or 'auto' for evidently's own choice by type, size and cardinality.",
    )
    threshold: float | None = Field(
        default=None, description="Threshold for every column (default: the method's own default)."
    )
    per_column: dict[str, ColumnDrift] = Field(
        default_factory=dict, description="Per-column method/threshold overrides."
    )
    max_drifted_share: float | None = Field(
        default=None,
        description="Dataset fails when the share of drifted columns exceeds this (default: evidently's rule, share >= 0.5).",
    )
    max_drifted_columns: int | None = Field(
        default=None, description="Dataset fails when more columns than this drift."
    )
    critical: list[str] = Field(
        default_factory=list, description="Columns whose drift fails the gate on its own."
    )
    sample: int = Field(
        default=DEFAULT_SAMPLE, description="Rows per side; larger data is sampled (seeded, reproducible)."
    )
    seed: int = Field(default=DEFAULT_SEED, description="Seed of the sample.")
    html: str | None = Field(default=None, description="Also write evidently's own HTML report here.")
    contract: str | None = Field(
        default=None, description="ODCS contract whose logical types decide the column types."
    )
    schema_name: str | None = Field(
        default=None,
        alias="schema",
        description="Which schema (table) of the contract describes this data (default: the only one).",
    )

    @field_validator("reference", "current")
    @classmethod
    def _non_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must name a file, glob or git:REF:PATH")
        return value

    @field_validator("method")
    @classmethod
    def _method(cls, value: str) -> str:
        return _check_method(value)

    @field_validator("threshold")
    @classmethod
    def _threshold(cls, value: float | None) -> float | None:
        return _check_threshold(value)

    @field_validator("max_drifted_share")
    @classmethod
    def _share(cls, value: float | None) -> float | None:
        if value is not None and not (0.0 <= value <= 1.0):
            raise ValueError("max_drifted_share is a share of columns: a number from 0 to 1")
        return value

    @field_validator("max_drifted_columns")
    @classmethod
    def _count(cls, value: int | None) -> int | None:
        if value is not None and value < 0:
            raise ValueError("max_drifted_columns must be >= 0")
        return value

    @field_validator("sample")
    @classmethod
    def _sample(cls, value: int) -> int:
        if value < 1:
            raise ValueError("sample is a number of rows per side: at least 1")
        return value

    @model_validator(mode="after")
    def _columns_consistent(self) -> DriftSection:
        if self.columns is not None:
            both = sorted(set(self.columns) & set(self.exclude))
            if both:
                raise ValueError(f"columns listed in both 'columns' and 'exclude': {', '.join(both)}")
        if self.schema_name is not None and self.contract is None:
            raise ValueError("'schema' names a table of a contract: set 'contract' too")
        return self
