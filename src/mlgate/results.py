"""The result model shared by every gate and read by every renderer.

A gate produces `Result`s; a `Report` aggregates them and decides the verdict and the exit code.
Renderers only read a `Report` (or its JSON form), never the gates' internals.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mlgate import REPORT_SCHEMA_VERSION, __version__
from mlgate.errors import EXIT_GATE_CLOSED, EXIT_NOT_EVALUATED, EXIT_OK


class Status(enum.StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    ERROR = "error"
    SKIPPED = "skipped"
    WAIVED = "waived"


# Worst first: used for the verdict and for ordering in renderers.
SEVERITY_ORDER: tuple[Status, ...] = (
    Status.ERROR,
    Status.FAIL,
    Status.WARN,
    Status.WAIVED,
    Status.SKIPPED,
    Status.PASS,
)


def severity_rank(status: Status) -> int:
    return SEVERITY_ORDER.index(status)


@dataclass(frozen=True)
class Source:
    """Where the rule was declared: the YAML node of a contract or config (1-based line/column)."""

    file: str
    line: int | None = None
    column: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "column": self.column}

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass
class Result:
    """One check's outcome.

    `observed` and `expected` are JSON values meant for people (`expected` says the threshold in
    words and numbers); `details` carries structured numbers for renderers (metric deltas, drift
    scores, intervals...).
    """

    id: str
    kind: str
    status: Status
    target: str
    message: str
    gate: str = "contracts"
    observed: Any = None
    expected: Any = None
    failed_rows: int | None = None
    samples: list[Any] = field(default_factory=list)
    source: Source | None = None
    details: dict[str, Any] = field(default_factory=dict)
    waiver: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "gate": self.gate,
            "kind": self.kind,
            "status": self.status.value,
            "target": self.target,
            "observed": self.observed,
            "expected": self.expected,
            "failed_rows": self.failed_rows,
            "message": self.message,
            "samples": self.samples,
            "source": self.source.to_dict() if self.source else None,
            "details": self.details,
            "waiver": self.waiver,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        source = data.get("source")
        return cls(
            id=data["id"],
            gate=data.get("gate", "contracts"),
            kind=data["kind"],
            status=Status(data["status"]),
            target=data.get("target", ""),
            observed=data.get("observed"),
            expected=data.get("expected"),
            failed_rows=data.get("failed_rows"),
            message=data.get("message", ""),
            samples=list(data.get("samples") or []),
            source=Source(**source) if source else None,
            details=dict(data.get("details") or {}),
            waiver=data.get("waiver"),
        )


class FailOn(enum.StrEnum):
    FAIL = "fail"
    WARN = "warn"


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # things people should read that are not checks
    meta: dict[str, Any] = field(default_factory=dict)

    def extend(self, results: Iterable[Result]) -> None:
        self.results.extend(results)

    def summary(self) -> dict[str, int]:
        counts = Counter(r.status for r in self.results)
        summary = {status.value: counts.get(status, 0) for status in Status}
        summary["total"] = len(self.results)
        return summary

    def status(self, fail_on: FailOn = FailOn.FAIL) -> Status:
        """The verdict: error > fail > warn > pass. Warn counts as fail under `--fail-on warn`."""
        statuses = {r.status for r in self.results}
        if Status.ERROR in statuses:
            return Status.ERROR
        if Status.FAIL in statuses:
            return Status.FAIL
        if Status.WARN in statuses:
            return Status.FAIL if fail_on is FailOn.WARN else Status.WARN
        return Status.PASS

    def exit_code(self, fail_on: FailOn = FailOn.FAIL) -> int:
        verdict = self.status(fail_on)
        if verdict is Status.ERROR:
            return EXIT_NOT_EVALUATED
        if verdict is Status.FAIL:
            return EXIT_GATE_CLOSED
        return EXIT_OK

    def sorted_results(self) -> list[Result]:
        """Worst first, stable within a status."""
        return sorted(self.results, key=lambda r: severity_rank(r.status))

    def to_dict(self, fail_on: FailOn = FailOn.FAIL) -> dict[str, Any]:
        return {
            "mlgate": __version__,
            "schema_version": REPORT_SCHEMA_VERSION,
            "status": self.status(fail_on).value,
            "summary": self.summary(),
            "notices": list(self.notices),
            "meta": self.meta,
            "results": [r.to_dict() for r in self.results],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        return cls(
            results=[Result.from_dict(r) for r in data.get("results", [])],
            notices=list(data.get("notices", [])),
            meta=dict(data.get("meta", {})),
        )
