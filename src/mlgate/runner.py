"""`mlgate check`'s engine: run every configured gate in one `GateContext`, aggregate, apply waivers.

One context means one DuckDB connection and one input ledger for the whole run (the release record
hashes that ledger). Gate modules are imported here, lazily, so that loading or linting a config
never imports duckdb, numpy or evidently.

A gate that raises `GateError` (unreadable data, a ref that is not fetched, an engine error) does
not stop the others: it becomes one `error` result at the config line that declared it, so the
reports still explain everything, and the run exits 2 (an `error` is never waivable).
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mlgate.config.load import LoadedConfig, display_path
from mlgate.config.model import GATES
from mlgate.config.paths import expand
from mlgate.context import GateContext
from mlgate.errors import GateError
from mlgate.record.digest import hash_inputs
from mlgate.results import Report, Result, Source, Status
from mlgate.waivers import apply_waivers

GATE_MODULES = {
    "contracts": "mlgate.contracts.gate:run_contract",
    "metrics": "mlgate.metrics.gate:evaluate_metrics",  # (results, notices)
    "drift": "mlgate.drift.gate:run_drift",
}


@dataclass
class CheckRun:
    report: Report
    digests: list[dict[str, object]] = field(default_factory=list)  # filled when asked (release record)


GateOutput = list[Result] | tuple[list[Result], list[str]]


def _gate_function(gate: str, source: Source | None) -> Callable[..., GateOutput]:
    module_name, _, attribute = GATE_MODULES[gate].partition(":")
    if importlib.util.find_spec(module_name) is None:
        raise GateError(
            f"the config has a `{gate}:` section, but this mlgate has no {gate} gate ({module_name} is missing)",
            file=source.file if source else None,
            line=source.line if source else None,
            column=source.column if source else None,
            hint=f"upgrade mlgate, or remove the `{gate}:` section (or run with --only on another gate)",
        )
    function: Callable[..., GateOutput] = getattr(importlib.import_module(module_name), attribute)
    return function


def _error_result(gate: str, target: str, exc: GateError, declared: Source | None) -> Result:
    where = Source(exc.file, exc.line, exc.column) if exc.file else declared
    message = exc.message + (f" (fix: {exc.hint})" if exc.hint else "")
    if exc.file and declared is not None and where is not declared:
        message += f" [declared at {declared}]"
    return Result(
        id=f"{gate}:error:{target}",
        kind="error",
        status=Status.ERROR,
        target=target,
        message=message,
        gate=gate,
        source=where,
        details={"declared_at": declared.to_dict() if declared else None},
    )


def _run_contracts(loaded: LoadedConfig, ctx: GateContext, report: Report) -> None:
    run_contract = _gate_function("contracts", loaded.source(("contracts",), key=True))
    results: list[Result] = []
    for index, entry in enumerate(loaded.config.contracts):
        declared = loaded.source(("contracts", index, "contract"))
        files = [p for p in expand(entry.contract, loaded.base_dir) if p.is_file()]
        if not files:
            error = GateError(f"contract not found: {entry.contract}", hint="check the path")
            results.append(_error_result("contracts", entry.contract, error, declared))
            continue
        for contract in files:
            try:
                output = run_contract(
                    contract.resolve(), ctx, data=entry.data, server=entry.server, schema=entry.schema_name
                )
            except GateError as exc:
                results.append(_error_result("contracts", display_path(contract), exc, declared))
            else:
                _collect(output, results, report)
    report.extend(results)


def _collect(output: GateOutput, results: list[Result], report: Report) -> None:
    if isinstance(output, tuple):
        found, notices = output
        results.extend(found)
        report.notices.extend(notices)
    else:
        results.extend(output)


def _run_section(gate: str, loaded: LoadedConfig, ctx: GateContext, report: Report) -> None:
    section = getattr(loaded.config, gate)
    declared = loaded.source((gate,), key=True)
    function = _gate_function(gate, declared)
    results: list[Result] = []
    try:
        _collect(function(section, ctx, loaded.locator(gate)), results, report)
    except GateError as exc:
        results.append(_error_result(gate, gate, exc, declared))
    report.extend(results)


def _relative_sources(results: list[Result]) -> None:
    """Paths relative to the working directory (the repo root in CI): what annotations and SARIF need."""
    for result in results:
        source = result.source
        if source is not None and Path(source.file).is_absolute():
            result.source = Source(display_path(Path(source.file)), source.line, source.column)


def selected_gates(loaded: LoadedConfig, only: str | None) -> list[str]:
    configured = loaded.config.configured_gates()
    if only is None:
        return configured
    if only not in GATES:
        raise GateError(f"--only {only!r} is not a gate", hint=f"use one of: {', '.join(GATES)}")
    if only not in configured:
        raise GateError(
            f"--only {only}: the config has no `{only}:` section",
            file=loaded.display,
            hint=f"configured gates: {', '.join(configured) or 'none'}",
        )
    return [only]


def run_check(
    loaded: LoadedConfig,
    *,
    only: str | None = None,
    samples: int = 5,
    strict: bool = False,
    today: dt.date | None = None,
    digest_inputs: bool = False,
) -> CheckRun:
    """Run the selected gates over one shared context; waivers applied; the config itself is an input."""
    gates = selected_gates(loaded, only)
    # Fail fast, before reading any data, when a configured gate is not part of this build.
    for gate in gates:
        _gate_function(gate, loaded.source((gate,), key=True))
    report = Report(meta={"config": loaded.display, "gates": gates})
    if not gates:
        report.notices.append(
            f"{loaded.display} configures no gate: add `contracts:`, `metrics:` or `drift:`"
        )
    with GateContext(base_dir=loaded.base_dir, samples=samples, strict=strict) as ctx:
        ctx.record_input("config", loaded.display, loaded.path)
        for gate in gates:
            if gate == "contracts":
                _run_contracts(loaded, ctx, report)
            else:
                _run_section(gate, loaded, ctx, report)
        # Hash while the context lives: files read from git are temporary and go with it.
        digests = hash_inputs(ctx.inputs, loaded.base_dir) if digest_inputs else []
    _relative_sources(report.results)
    report.extend(
        apply_waivers(
            report.results,
            loaded.config.waivers,
            locate=lambda index: loaded.source(("waivers", index)),
            today=today or dt.datetime.now(dt.UTC).date(),
            only=only,
        )
    )
    return CheckRun(report=report, digests=digests)
