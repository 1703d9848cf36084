"""Every report format from a real `mlgate check`, including the automatic GitHub output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import junitparser

from tests.check.repo import BAD_CSV, contract_repo
from tests.conftest import SHARED, RunMlgate


def test_check_writes_every_format_and_github_output_in_actions(
    run_mlgate: RunMlgate, git_repo: Path
) -> None:
    contract_repo(git_repo, data=BAD_CSV)
    summary = git_repo.parent / "summary.md"
    outputs = git_repo.parent / "outputs.txt"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(outputs)}
    result = run_mlgate(
        "check",
        "--report", "markdown:out/report.md",
        "--report", "junit:out/junit.xml",
        "--report", "sarif:out/mlgate.sarif",
        cwd=git_repo,
        env=env,
    )  # fmt: skip
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        "::error file=contracts/orders.odcs.yaml,line=12,col=17,title=mlgate fail%3A contract%3Aorders.order_id.unique::"
        "1 of 3 rows (33.3%25) break it: order_id has no duplicate values%0Aobserved 1 row; "
        "expected no duplicate values (rows − distinct values = 0)",
        "::error file=contracts/orders.odcs.yaml,line=16,col=20,title=mlgate fail%3A contract%3Aorders.amount.minimum::"
        "1 of 3 rows (33.3%25) break it: amount ≥ 0%0Aobserved 1 row; expected ≥ 0 (minimum: 0)",
    ]
    markdown = (git_repo / "out" / "report.md").read_text(encoding="utf-8")
    assert markdown.startswith("## ❌ mlgate failed — the gate is closed\n\n**2 failed** · **7 passed**")
    assert summary.read_text(encoding="utf-8") == markdown + "\n"
    assert "status<<ghadelimiter_" in outputs.read_text(encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(git_repo / "out" / "junit.xml"))
    (suite,) = list(xml)
    assert (suite.name, suite.tests, suite.failures) == ("contracts", 9, 2)
    sarif = json.loads((git_repo / "out" / "mlgate.sarif").read_text(encoding="utf-8"))
    jsonschema.validate(sarif, json.loads((SHARED / "sarif" / "sarif-schema-2.1.0.json").read_text()))
    assert len(sarif["runs"][0]["results"]) == 2


def test_github_report_on_request_outside_actions(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract_repo(git_repo, data=BAD_CSV)
    plain = run_mlgate("check", cwd=git_repo)
    assert "::error" not in plain.stdout
    asked = run_mlgate("check", "--report", "github", cwd=git_repo)
    assert asked.returncode == 1
    assert asked.stdout.count("::error file=contracts/orders.odcs.yaml") == 2


def test_json_on_stdout_stays_parseable_in_actions(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract_repo(git_repo, data=BAD_CSV)
    result = run_mlgate("check", "--report", "json:-", cwd=git_repo, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert json.loads(result.stdout)["status"] == "fail"
    assert result.stderr.count("::error file=contracts/orders.odcs.yaml") == 2


def test_hostile_column_name_from_real_data_is_escaped(run_mlgate: RunMlgate, git_repo: Path) -> None:
    from tests.check.repo import write

    name = "<img src=x onerror=alert(1)>|@octocat [x](javascript:alert(1))"
    contract = (
        "apiVersion: v3.0.2\nkind: DataContract\nid: t\nversion: 1.0.0\nstatus: active\n"
        "schema:\n  - name: t\n    properties:\n"
        f"      - name: '{name}'\n        logicalType: string\n        unique: true\n"
    )
    write(git_repo / "c.odcs.yaml", contract)
    quoted = '"' + name.replace('"', '""') + '"'
    write(git_repo / "d.csv", f"{quoted}\n@octocat\n@octocat\n")
    write(git_repo / "mlgate.yaml", "version: 1\ncontracts:\n  - contract: c.odcs.yaml\n    data: d.csv\n")
    result = run_mlgate("check", "--report", "markdown:r.md", "--report", "junit:r.xml", cwd=git_repo)
    assert result.returncode == 1, result.output
    markdown = (git_repo / "r.md").read_text(encoding="utf-8")
    assert "**1 failed**" in markdown
    # Code spans show their text literally (no HTML, links or mentions); outside them all is escaped.
    prose = re.sub(r"`[^`]*`", "CODE", markdown)
    assert re.search(r"(?<!\\)<(?!br>|/?details>|summary>|/summary>)", prose) is None
    assert "\\<img src=x onerror=alert(1)\\>\\|@\u200doctocat \\[x\\](javascript:alert(1))" in prose
    assert re.search(r"(?<!\\)\]\(", prose) is None
    assert re.search(r"@(?!\u200d)", prose) is None
    assert "`contract:t.<img src=x onerror=alert(1)>\\|@octocat [x](javascript:alert(1)).unique`" in markdown
    xml = junitparser.JUnitXml.fromfile(str(git_repo / "r.xml"))
    (suite,) = list(xml)
    assert suite.failures == 1
