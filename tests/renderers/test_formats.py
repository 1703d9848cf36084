"""junit (parsed by junitparser), SARIF (validated against the 2.1.0 schema), GitHub annotations and files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import junitparser
import pytest

from mlgate.report.github import GithubRenderer, escape_property, render_annotations
from mlgate.report.junit import render_junit
from mlgate.report.sarif import render_sarif
from mlgate.results import FailOn, Report, Result, Source, Status
from tests.conftest import SHARED
from tests.renderers.reports import HOSTILE, hostile_report, many_results

SARIF_SCHEMA = json.loads((SHARED / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def test_junit_parses_with_one_suite_per_gate(tmp_path: Path) -> None:
    path = tmp_path / "junit.xml"
    path.write_text(render_junit(hostile_report()), encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(path))
    suites = {suite.name: suite for suite in xml}
    assert set(suites) == {"contracts", "metrics", "drift"}
    contracts = suites["contracts"]
    assert (contracts.tests, contracts.failures, contracts.errors, contracts.skipped) == (3, 1, 0, 2)
    cases = {case.name: case for case in contracts}
    failing = cases[f"contract:orders.{HOSTILE}.unique"]
    (failure,) = failing.result
    assert isinstance(failure, junitparser.Failure)
    assert failure.message == f"values of {HOSTILE} repeat"
    assert "declared at: contracts/orders.odcs.yaml:12:7" in failure.text
    assert "failed rows: 3" in failure.text
    waived = cases["contract:orders.amount.minimum"]
    assert isinstance(waived.result[0], junitparser.Skipped)
    assert "refunds #412" in waived.result[0].message
    assert suites["metrics"].failures == 0  # a warning passes in JUnit; its text is kept
    assert "warning: accuracy dropped" in next(iter(suites["metrics"])).system_out


def test_sarif_is_schema_valid_with_stable_rules_and_locations() -> None:
    sarif = render_sarif(hostile_report())
    jsonschema.validate(sarif, SARIF_SCHEMA)
    run = sarif["runs"][0]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == [
        "mlgate/contracts/unique",
        "mlgate/metrics/metric",
        "mlgate/contracts/minimum",
    ]
    levels = [(r["ruleId"], r["level"]) for r in run["results"]]
    assert levels == [
        ("mlgate/contracts/unique", "error"),
        ("mlgate/metrics/metric", "warning"),
        ("mlgate/contracts/minimum", "error"),
    ]
    first = run["results"][0]["locations"][0]["physicalLocation"]
    assert first == {
        "artifactLocation": {"uri": "contracts/orders.odcs.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 12, "startColumn": 7},
    }
    waived = run["results"][2]
    assert waived["suppressions"][0]["kind"] == "external"
    assert "refunds #412" in waived["suppressions"][0]["justification"]


def test_sarif_for_5000_results_is_valid() -> None:
    sarif = render_sarif(many_results(5000))
    jsonschema.validate(sarif, SARIF_SCHEMA)
    assert len(sarif["runs"][0]["results"]) == 2500


def test_annotation_escaping() -> None:
    assert escape_property("a:b,c%d\r\ne") == "a%3Ab%2Cc%25d%0D%0Ae"
    lines = render_annotations(hostile_report()).splitlines()
    assert len(lines) == 2
    error, warning = lines
    assert error.startswith(
        "::error file=contracts/orders.odcs.yaml,line=12,col=7,title=mlgate fail%3A contract%3Aorders.evil|col`x` <script>"
    )
    assert "%0Anew line %250A%2C a%3Ab.unique::" in error
    message = error.split("::", 2)[2]
    assert "\n" not in message and "%0Anew line %250A, a:b repeat" in message
    assert warning.startswith(
        "::warning file=mlgate.yaml,line=9,col=7,title=mlgate warn%3A metric%3Aaccuracy::accuracy dropped%0Aobserved 0.81; expected ≥ 0.82"
    )


def test_annotation_limits_worst_first() -> None:
    lines = render_annotations(many_results(100)).splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert sum(line.startswith("::warning ") for line in lines) == 10
    assert lines[-1] == (
        "::notice title=mlgate::15 more failures and 15 more warnings are not annotated "
        "(GitHub shows 10 of each per step); the job summary lists them all"
    )
    assert "line=1," in lines[0]  # results keep their order within a status


def test_step_summary_and_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    outputs = tmp_path / "outputs.txt"
    summary.write_text("# earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    annotations = GithubRenderer().render(hostile_report(), FailOn.FAIL)
    assert annotations.count("::") >= 4
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n## ❌ mlgate failed")
    parsed = _parse_outputs(outputs.read_text(encoding="utf-8"))
    assert parsed["status"] == "fail"
    assert parsed["failed"] == "1"
    assert parsed["warnings"] == "1"
    assert parsed["report"].startswith("## ❌ mlgate failed")


def test_step_summary_stays_under_1_mib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("x" * (1024 * 1024 - 30_000), encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    GithubRenderer().render(many_results(5000), FailOn.FAIL)
    size = summary.stat().st_size
    assert 1024 * 1024 - 30_000 < size < 1024 * 1024


def _parse_outputs(text: str) -> dict[str, str]:
    """Read $GITHUB_OUTPUT the way the runner does: `name<<DELIM` ... `DELIM`."""
    values: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        match = re.fullmatch(r"(\w+)<<(ghadelimiter_[0-9a-f]{32})", line)
        assert match, line
        body = []
        for inner in lines:
            if inner == match.group(2):
                break
            body.append(inner)
        values[match.group(1)] = "\n".join(body)
    return values


def test_sarif_uris_are_encoded_and_annotations_keep_the_plain_path() -> None:
    report = Report(
        results=[
            Result(
                id="contract:t.a.unique",
                kind="unique",
                status=Status.FAIL,
                target="t.a",
                message="repeats",
                source=Source("gate dir/contrat é.odcs.yaml", 3, 5),
            )
        ]
    )
    sarif = render_sarif(report)
    jsonschema.validate(sarif, SARIF_SCHEMA)
    artifact = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "gate%20dir/contrat%20%C3%A9.odcs.yaml", "uriBaseId": "%SRCROOT%"}
    assert render_annotations(report).startswith("::error file=gate dir/contrat é.odcs.yaml,line=3,col=5,")
