"""action.yml and the example workflows against GitHub's schemas (check-jsonschema's vendored copies)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO_ROOT

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
WORKFLOWS = sorted((REPO_ROOT / "examples" / "workflows").glob("*.yml"))


def validate(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    # --no-cache and the builtin schemas: no network is needed (or used).
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--no-cache", "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_action_and_workflows_validate() -> None:
    action = validate("vendor.github-actions", REPO_ROOT / "action.yml")
    assert action.returncode == 0, action.stdout + action.stderr
    assert [p.name for p in WORKFLOWS] == ["mlgate-deploy.yml", "mlgate-pr.yml", "mlgate-release.yml"]
    workflows = validate("vendor.github-workflows", *WORKFLOWS)
    assert workflows.returncode == 0, workflows.stdout + workflows.stderr


def test_the_schema_check_can_fail(tmp_path: Path) -> None:
    broken = tmp_path / "action.yml"
    broken.write_text("name: x\ndescription: y\nruns:\n  using: composite\n  step: []\n")
    assert validate("vendor.github-actions", broken).returncode == 1


def test_workflows_use_the_action_with_least_privilege() -> None:
    pr = yaml.safe_load((REPO_ROOT / "examples" / "workflows" / "mlgate-pr.yml").read_text())
    assert pr["permissions"] == {"contents": "read", "pull-requests": "write", "security-events": "write"}
    release = yaml.safe_load((REPO_ROOT / "examples" / "workflows" / "mlgate-release.yml").read_text())
    gate_steps = release["jobs"]["gate"]["steps"]
    assert any(s.get("with", {}).get("args") == "--record decision.json" for s in gate_steps)
    deploy = "\n".join(s.get("run", "") for s in release["jobs"]["deploy"]["steps"])
    assert "mlgate verify decision.json" in deploy
    for workflow in WORKFLOWS:
        for job in yaml.safe_load(workflow.read_text())["jobs"].values():
            for step in job["steps"]:
                assert "${{" not in step.get("run", ""), f"{workflow.name}: expression inside run"
