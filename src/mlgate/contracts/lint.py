"""`contract lint`: a contract checked against the official ODCS JSON Schema and mlgate's own rules.

No data is read and nothing heavy is imported (no duckdb, numpy, pandas, pydantic ODCS model), so the
pre-commit hook stays fast. Every finding becomes a failed `Result` whose `source` is the offending
YAML node; an unreadable contract is a `GateError` (exit 2) that does not stop the other files.

Public API (used by `contract test`, `check` and the config gate):
- `lint_contract(doc) -> list[Result]` — the findings of one loaded contract (empty when clean);
- `lint_files(paths) -> (results, errors)` — load and lint many files; errors are per-file GateErrors;
- `error_result(exc)` / `clean_result(path)` — the report rows for an unreadable and a clean file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mlgate.contracts.document import ContractDocument, load_contract
from mlgate.contracts.lint_findings import Finding, format_path, node_at, position_in_scalar, target_name
from mlgate.contracts.lint_semantic import semantic_findings
from mlgate.contracts.odcs_schema import schema_findings
from mlgate.errors import GateError
from mlgate.results import Result, Source, Status
from mlgate.yamlio import JsonPath

GATE = "contracts"
KIND = "lint"


def lint_findings(doc: ContractDocument) -> list[Finding]:
    """Schema findings, then mlgate's own; a semantic finding at a node the schema already faulted is dropped."""
    raw = doc.raw
    found = schema_findings(raw)
    faulted = {f.path for f in found}

    def line_of(path: JsonPath) -> int | None:
        position = doc.yaml.position(path)
        return position.line if position else None

    found += [f for f in semantic_findings(raw, line_of) if f.path not in faulted]
    return found


def lint_contract(doc: ContractDocument) -> list[Result]:
    """One failed Result per finding, in file order, with stable unique ids."""
    return _results(doc, lint_findings(doc))


def lint_contract_schema(doc: ContractDocument) -> list[Result]:
    """Only the official ODCS schema's findings (what `contract test` refuses to run on)."""
    return _results(doc, schema_findings(doc.raw))


def _results(doc: ContractDocument, found: list[Finding]) -> list[Result]:
    results: list[Result] = []
    used: set[str] = set()
    file = str(doc.path)
    lines = _source_lines(doc) if any(f.offset is not None for f in found) else []
    for finding in found:
        base = f"lint:{file}:{format_path(finding.path)}:{finding.rule}"
        result_id, n = base, 1
        while result_id in used:
            n += 1
            result_id = f"{base}:{n}"
        used.add(result_id)
        results.append(
            Result(
                id=result_id,
                kind=KIND,
                status=Status.FAIL,
                target=target_name(doc.raw, finding.path),
                message=finding.text(),
                gate=GATE,
                source=_located(doc, finding, lines),
                details={"rule": finding.rule, "json_path": format_path(finding.path), "fix": finding.fix},
            )
        )
    results.sort(key=lambda r: (r.source.line or 0, r.source.column or 0) if r.source else (0, 0))
    return results


def _source_lines(doc: ContractDocument) -> list[str]:
    try:
        return doc.path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []  # the file changed since it was read: keep the scalar's start


def _located(doc: ContractDocument, finding: Finding, lines: list[str]) -> Source:
    """The finding's node, or the exact character inside a text value (a SQL error's column)."""
    source = doc.source(finding.path, key=finding.at_key)
    value = node_at(doc.raw, finding.path)
    if finding.offset is None or not isinstance(value, str) or source.line is None or source.column is None:
        return source
    exact = position_in_scalar(lines, source.line, source.column, value, finding.offset)
    return Source(source.file, *exact) if exact else source


def lint_files(paths: Sequence[Path]) -> tuple[list[Result], list[GateError]]:
    """Lint every file; an unreadable one is collected as a GateError and the others still run."""
    results: list[Result] = []
    errors: list[GateError] = []
    for path in paths:
        if path.is_dir():
            errors.append(
                GateError(
                    "contract is a directory, expected a file",
                    file=path,
                    hint=f"pass the contract files, e.g. `mlgate contract lint {path}/*.odcs.yaml`",
                )
            )
            continue
        try:
            doc = load_contract(path)
        except GateError as exc:
            errors.append(exc)
            continue
        results.extend(lint_contract(doc))
    return results, errors


def error_result(exc: GateError) -> Result:
    """An unreadable contract as a report row (status error: the run exits 2)."""
    file = exc.file or "?"
    message = f"{exc.message}; {exc.hint}" if exc.hint else exc.message
    return Result(
        id=f"lint:{file}:unreadable",
        kind=KIND,
        status=Status.ERROR,
        target=file,
        message=message,
        gate=GATE,
        source=Source(file, exc.line, exc.column) if exc.file else None,
    )


def clean_result(path: Path) -> Result:
    """A contract with no findings, as a passing report row."""
    return Result(
        id=f"lint:{path}",
        kind=KIND,
        status=Status.PASS,
        target=str(path),
        message="lints clean",
        gate=GATE,
        source=Source(str(path)),
    )
