"""SARIF 2.1.0 for code scanning: each problem at the contract or config line that declared the check.

`ruleId` is `mlgate/<gate>/<kind>` (stable across runs, one rule per kind of check); failures and
errors are `error`, warnings `warning`; waived results keep their level and carry an external
suppression with the waiver's reason, so code scanning shows them as dismissed. Passing and skipped
checks are left out: code scanning is a list of things to fix. Artifact URIs are relative to the
working directory (the repository root in CI) under `%SRCROOT%`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mlgate import __version__
from mlgate.report.base import result_facts
from mlgate.results import FailOn, Report, Result, Status

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/mlgate/mlgate"
_LEVEL = {Status.FAIL: "error", Status.ERROR: "error", Status.WARN: "warning"}


def rule_id(result: Result) -> str:
    return f"mlgate/{result.gate}/{result.kind}"


def artifact_uri(file: str) -> tuple[str, bool]:
    """(uri, relative?) — relative to the working directory when the file is inside it."""
    path = Path(file)
    cwd = Path.cwd().resolve()
    try:
        resolved = (path if path.is_absolute() else cwd / path).resolve()
        if resolved.is_relative_to(cwd):
            return resolved.relative_to(cwd).as_posix(), True
    except (OSError, ValueError):
        pass
    return (path.as_uri(), False) if path.is_absolute() else (path.as_posix(), True)


def _location(result: Result, fallback: str | None) -> list[dict[str, Any]]:
    source = result.source
    file = source.file if source is not None else fallback
    if not file:
        return []
    uri, relative = artifact_uri(file)
    # A relative path becomes a URI reference: spaces and non-ASCII characters percent-encoded.
    artifact: dict[str, Any] = {"uri": quote(uri) if relative else uri}
    if relative:
        artifact["uriBaseId"] = "%SRCROOT%"
    physical: dict[str, Any] = {"artifactLocation": artifact}
    line = source.line if source is not None else None
    if line is not None and line >= 1:
        region: dict[str, Any] = {"startLine": line}
        if source is not None and source.column is not None and source.column >= 1:
            region["startColumn"] = source.column
        physical["region"] = region
    return [{"physicalLocation": physical}]


def _message(result: Result) -> str:
    text = f"{result.id}: {result.message}"
    facts = result_facts(result, _short)
    return text + (f" ({'; '.join(facts)})" if facts else "")


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 300 else text[:299] + "…"


def render_sarif(report: Report) -> dict[str, Any]:
    fallback = report.meta.get("config")
    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    for result in report.sorted_results():
        status = result.status
        if status is Status.WAIVED:
            status = Status((result.waiver or {}).get("status", "fail"))
        level = _LEVEL.get(status)
        if level is None:
            continue
        rid = rule_id(result)
        if rid not in rules:
            rules[rid] = {
                "id": rid,
                "name": f"{result.gate}.{result.kind}",
                "shortDescription": {"text": f"mlgate {result.gate} check: {result.kind}"},
                "defaultConfiguration": {"level": "error"},
            }
        item: dict[str, Any] = {
            "ruleId": rid,
            "ruleIndex": list(rules).index(rid),
            "level": level,
            "message": {"text": _message(result)},
            "locations": _location(result, fallback if isinstance(fallback, str) else None),
            "partialFingerprints": {"mlgateResultId/v1": result.id},
            "properties": {"status": result.status.value, "target": result.target},
        }
        if result.waiver:
            item["suppressions"] = [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": f"{result.waiver.get('reason')} (owner {result.waiver.get('owner')}, "
                    f"expires {result.waiver.get('expires')})",
                }
            ]
        results.append(item)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "mlgate",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": list(rules.values()),
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
        "invocations": [{"executionSuccessful": report.status() is not Status.ERROR}],
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


class SarifRenderer:
    def render(self, report: Report, fail_on: FailOn) -> str:
        return json.dumps(render_sarif(report), indent=2, ensure_ascii=False) + "\n"
