"""The root of `mlgate.yaml`: one pydantic model per section, the single source of the JSON Schema.

The metrics and drift sections are owned by their gates (`mlgate.metrics.config`,
`mlgate.drift.config`) and composed here; none of these modules imports duckdb, numpy or evidently,
so loading and linting a config stays fast.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, field_validator

from mlgate.config.base import StrictModel
from mlgate.drift.config import DriftSection
from mlgate.metrics.config import MetricsSection

GATES: tuple[str, ...] = ("contracts", "metrics", "drift")
MAX_WAIVER_DAYS = 180
# Editors fetch the schema from here (`# yaml-language-server: $schema=...` in the starter config).
SCHEMA_URL = "https://raw.githubusercontent.com/mlgate/mlgate/main/src/mlgate/schemas/config.schema.json"


class ContractEntry(StrictModel):
    """One data contract (ODCS v3) to test, optionally against data other than its server's."""

    contract: str = Field(
        min_length=1,
        description="Contract file, or a glob of contract files (relative to this config file).",
    )
    data: str | None = Field(
        default=None,
        description="Data to test instead of the contract's server: path, glob, directory or git:REF:PATH.",
    )
    server: str | None = Field(default=None, description="Which of the contract's `servers` to test.")
    schema_name: str | None = Field(
        default=None,
        alias="schema",
        description="Which schema (table) of the contract to test (default: every one).",
    )


class Waiver(StrictModel):
    """A temporary, owned, explained exception: matching failures and warnings become `waived`."""

    check: str = Field(
        min_length=1,
        description="Glob over result ids (`*` and `?` are wildcards; `[` is literal), "
        "e.g. `metric:latency_ms.p95` or `drift:*`.",
    )
    reason: str = Field(min_length=1, description="Why this is acceptable, with a ticket or PR link.")
    owner: str = Field(min_length=1, description="Who answers for it, e.g. `@ml-platform`.")
    expires: dt.date = Field(
        description=f"Last day the waiver applies (YYYY-MM-DD), at most {MAX_WAIVER_DAYS} days ahead."
    )

    @field_validator("reason", "owner", "check")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "reason": self.reason,
            "owner": self.owner,
            "expires": self.expires.isoformat(),
        }


class MlgateConfig(StrictModel):
    """mlgate.yaml — what "good enough to merge" means for this repository."""

    version: Literal[1] = Field(description="Version of this file's format; always 1.")
    contracts: list[ContractEntry] = Field(
        default_factory=list, description="Data contracts to test, each against data."
    )
    metrics: MetricsSection | None = Field(
        default=None, description="Candidate model metrics against a baseline."
    )
    drift: DriftSection | None = Field(default=None, description="Current data against reference data.")
    waivers: list[Waiver] = Field(
        default_factory=list,
        description="Temporary exceptions, each with a reason, an owner and an end date.",
    )

    @field_validator("version", mode="before")
    @classmethod
    def _exactly_one(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"must be the number 1, not {value!r}")
        return value

    def configured_gates(self) -> list[str]:
        return [
            gate
            for gate, present in (
                ("contracts", bool(self.contracts)),
                ("metrics", self.metrics is not None),
                ("drift", self.drift is not None),
            )
            if present
        ]


def config_json_schema() -> dict[str, Any]:
    """The JSON Schema of mlgate.yaml, as shipped in `mlgate/schemas/config.schema.json`."""
    schema = MlgateConfig.model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_URL,
        **schema,
    }
