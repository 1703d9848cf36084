"""Every format from one real run of all three gates on the example repo, with waivers and an error."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import junitparser

from tests.check.repo import days
from tests.conftest import REPO_ROOT, SHARED, RunMlgate

REPORT_SCHEMA = json.loads((REPO_ROOT / "src/mlgate/schemas/report.schema.json").read_text(encoding="utf-8"))
SARIF_SCHEMA = json.loads((SHARED / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
REASON = "Refunds <b>are</b> negative | see #412 @org/team"


def _example_repo(repo: Path) -> None:
    for part in ("contracts", "data", "drift", "models"):
        shutil.copytree(REPO_ROOT / "examples" / part, repo / part)
    (repo / "data" / "corrupt.parquet").write_bytes(b"PAR1 not really")
    blocked = (REPO_ROOT / "examples" / "mlgate.blocked.yaml").read_text(encoding="utf-8")
    broken_contract = (
        "  - contract: contracts/transactions.odcs.yaml\n    data: data/corrupt.parquet\nmetrics:"
    )
    waivers = (
        "waivers:\n"
        f'  - check: "contract:transactions.amount.*"\n    reason: "{REASON}"\n'
        f'    owner: "@org/team"\n    expires: {days(30)}\n'
        # pasted from a report: `[0]` is part of the id, not a glob character class
        f'  - check: "contract:transactions.currency.quality[0].invalidValues"\n    reason: "ISO list update"\n'
        f'    owner: "@data"\n    expires: {days(30)}\n'
        f'  - check: "metric:latency_ms.p95"\n    reason: "old"\n    owner: "@me"\n    expires: {days(-1)}\n'
    )
    (repo / "mlgate.yaml").write_text(blocked.replace("metrics:", broken_contract, 1) + waivers)


def test_every_gate_waivers_and_an_error_in_every_format(run_mlgate: RunMlgate, git_repo: Path) -> None:
    _example_repo(git_repo)
    result = run_mlgate(
        "check",
        "--report", "json:r/report.json",
        "--report", "sarif:r/report.sarif",
        "--report", "junit:r/junit.xml",
        "--report", "markdown:r/report.md",
        cwd=git_repo,
    )  # fmt: skip
    assert result.returncode == 2, result.output  # the corrupt file: the gate could not be evaluated
    assert f"waived: {REASON} (@org/team, until" in result.stdout

    report = json.loads((git_repo / "r" / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, REPORT_SCHEMA)
    by_kind: dict[str, list[dict[str, object]]] = {}
    for item in report["results"]:
        by_kind.setdefault(str(item["kind"]), []).append(item)
    assert {"unique", "metric", "metric_significance", "drift", "drift_dataset", "waiver", "error"} <= set(
        by_kind
    )
    assert [r["status"] for r in by_kind["error"]] == ["error"]
    waived = [r for r in report["results"] if r["status"] == "waived"]
    assert [r["id"] for r in waived] == [
        "contract:transactions.amount.type",
        "contract:transactions.amount.minimum",
        "contract:transactions.currency.quality[0].invalidValues",
    ]
    assert [r["waiver"]["reason"] for r in waived] == [REASON, REASON, "ISO list update"]
    (expired,) = by_kind["waiver"]
    assert (expired["status"], expired["source"]["line"]) == ("fail", 56)

    sarif = json.loads((git_repo / "r" / "report.sarif").read_text(encoding="utf-8"))
    jsonschema.validate(sarif, SARIF_SCHEMA)
    suppressed = [r for r in sarif["runs"][0]["results"] if r.get("suppressions")]
    assert len(suppressed) == 3
    assert suppressed[0]["suppressions"][0]["justification"].startswith(REASON)

    suites = {suite.name: suite for suite in junitparser.JUnitXml.fromfile(str(git_repo / "r" / "junit.xml"))}
    assert set(suites) == {"contracts", "metrics", "drift", "config"}
    assert suites["contracts"].errors == 1
    assert suites["config"].failures == 1
    junit = (git_repo / "r" / "junit.xml").read_text(encoding="utf-8")
    assert "Refunds &lt;b&gt;are&lt;/b&gt; negative | see #412 @org/team" in junit

    markdown = (git_repo / "r" / "report.md").read_text(encoding="utf-8")
    assert "Refunds \\<b\\>are\\</b\\> negative \\| see #412 @\u200dorg/team" in markdown
    assert "### Metrics" in markdown and "### Drift" in markdown


def test_contract_lint_json_report_is_schema_valid(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    contract = (REPO_ROOT / "examples" / "contracts" / "transactions.odcs.yaml").read_text(encoding="utf-8")
    (tmp_path / "c.odcs.yaml").write_text(contract.replace("logicalType: number", "logicalType: numbr", 1))
    result = run_mlgate("contract", "lint", "c.odcs.yaml", "--report", "json:lint.json", cwd=tmp_path)
    assert result.returncode == 1, result.output
    report = json.loads((tmp_path / "lint.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, REPORT_SCHEMA)
    assert report["summary"]["fail"] >= 1
