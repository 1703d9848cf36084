"""The example fraud scorer: the retrained candidate passes, the one that lost its best feature is blocked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT, RunMlgate

MODELS = REPO_ROOT / "examples" / "models"


def test_pass_and_blocked_candidates(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    result = run_mlgate("metrics", "compare", "--config", MODELS / "mlgate.pass.yaml", cwd=REPO_ROOT)
    assert result.returncode == 0, result.output
    assert "mlgate: PASSED (4 skipped, 23 passed)" in result.stdout
    report = tmp_path / "blocked.json"
    result = run_mlgate("metrics", "compare", "--config", MODELS / "mlgate.blocked.yaml", "--report", f"json:{report}", cwd=REPO_ROOT)  # fmt: skip
    assert result.returncode == 1
    statuses = {r["id"]: r["status"] for r in json.loads(report.read_text())["results"]}
    assert statuses["metric:test.roc_auc"] == "fail"
    assert statuses["metric:paired:roc_auc"] == "fail"  # the significance test catches it too
    assert statuses["metric:paired:accuracy"] == "fail"
    assert statuses["metric:latency_ms.p95"] == "pass"


def test_generator_is_deterministic(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, MODELS / "make_models.py", "--out", tmp_path], check=True, capture_output=True
    )
    for model in ("baseline", "candidate_ok", "candidate_blocked"):
        assert (tmp_path / model / "metrics.json").read_text() == (
            MODELS / model / "metrics.json"
        ).read_text()
    total = sum(p.stat().st_size for p in MODELS.rglob("*") if p.is_file())
    assert total < 500_000


def test_mlgate_check_runs_the_metrics_section(run_mlgate: RunMlgate) -> None:
    result = run_mlgate("check", "--config", MODELS / "mlgate.blocked.yaml", cwd=REPO_ROOT)
    assert result.returncode == 1
    assert "metric:paired:roc_auc" in result.stdout and "95% CI of Δ" in result.stdout
