"""Metrics and drift under one `mlgate check`, with git baselines, tables in markdown, one record."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tests.check.repo import contract_repo, days, write
from tests.check.test_check import REPORT_SCHEMA
from tests.conftest import RunMlgate, git

CONFIG = """\
version: 1
contracts:
  - contract: contracts/orders.odcs.yaml
    data: data/orders.csv
metrics:
  candidate: reports/metrics.json
  baseline: git:main:reports/metrics.json
  rules:
    - metric: accuracy
      direction: higher
      max_drop: 0.005
    - metric: latency_ms.p95
      direction: lower
      max_drop_pct: 10
drift:
  reference: data/reference.csv
  current: data/current.csv
  exclude: [id]
  max_drifted_share: 0.5
"""


def _drift_data(repo: Path, shift: float) -> None:
    rows = "\n".join(f"{i},{(i % 50) + 0.5},{'ab'[i % 2]}" for i in range(400))
    moved = "\n".join(f"{i},{(i % 50) + 0.5 + shift},{'ab'[i % 2]}" for i in range(400))
    write(repo / "data" / "reference.csv", "id,amount,kind\n" + rows + "\n")
    write(repo / "data" / "current.csv", "id,amount,kind\n" + moved + "\n")


def test_all_three_gates_in_one_run(run_mlgate: RunMlgate, git_repo: Path) -> None:
    write(git_repo / "reports" / "metrics.json", '{"accuracy": 0.90, "latency_ms": {"p95": 30}}')
    _drift_data(git_repo, 0.0)
    contract_repo(git_repo, config=CONFIG)
    base = git(git_repo, "rev-parse", "HEAD").strip()
    write(git_repo / "reports" / "metrics.json", '{"accuracy": 0.88, "latency_ms": {"p95": 31}}')
    result = run_mlgate(
        "check",
        "--report", "markdown:report.md",
        "--report", "json:report.json",
        "--record", "decision.json",
        cwd=git_repo,
    )  # fmt: skip
    jsonschema.validate(json.loads((git_repo / "report.json").read_text()), REPORT_SCHEMA)
    assert result.returncode == 1, result.output
    assert "metric:accuracy: accuracy regressed by 0.02" in result.stdout
    assert "at mlgate.yaml:9:7" in result.stdout  # the rule's line in mlgate.yaml
    markdown = (git_repo / "report.md").read_text(encoding="utf-8")
    assert "| ❌ `accuracy` | 0.9 | 0.88 | -0.02 | -2.222% |" in markdown
    assert "| ✅ `latency_ms.p95` | 30 | 31 | +1 | +3.333% |" in markdown
    assert "### Drift" in markdown
    record = json.loads((git_repo / "decision.json").read_text())
    roles = {i["role"]: i for i in record["inputs"]}
    assert roles["metrics.baseline"]["git_commit"] == base
    assert roles["metrics.candidate"]["path"] == "reports/metrics.json"
    assert {"contract", "data", "drift.reference", "drift.current"} <= set(roles)
    assert record["git"]["changed"] == ["reports/metrics.json"]  # a modified tracked file


def test_waived_regression_and_only_metrics(run_mlgate: RunMlgate, git_repo: Path) -> None:
    waiver = (
        'waivers:\n  - check: "metric:accuracy"\n    reason: "new tokenizer, recovers in #77"\n'
        f'    owner: "@ml"\n    expires: {days(20)}\n'
    )
    write(git_repo / "reports" / "metrics.json", '{"accuracy": 0.90, "latency_ms": {"p95": 30}}')
    _drift_data(git_repo, 0.0)
    contract_repo(git_repo, config=CONFIG + waiver)
    write(git_repo / "reports" / "metrics.json", '{"accuracy": 0.88, "latency_ms": {"p95": 30}}')
    result = run_mlgate("check", "--only", "metrics", cwd=git_repo)
    assert result.returncode == 0, result.output
    assert "mlgate: PASSED (1 waived, 1 passed)" in result.stdout
