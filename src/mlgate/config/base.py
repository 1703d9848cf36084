"""Base for every config model: unknown keys are errors (a typo must never turn a failure into a pass)."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

from mlgate.results import Source


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# Maps a path inside a config section (e.g. ("rules", 0) inside `metrics:`) to where it was written, so
# results can point at the line of mlgate.yaml that declared them. Gates accept one; None = unknown.
Locator = Callable[[tuple[str | int, ...]], Source | None]
