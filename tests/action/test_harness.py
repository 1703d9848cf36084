"""The harness itself: expressions and command files behave as on GitHub's runner (so the action tests mean something)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.action.harness import ExpressionError, evaluate, interpolate, parse_command_file

CONTEXTS = {
    "inputs": {"comment": "auto", "version": ""},
    "github": {"event_name": "pull_request", "token": "t"},
    "steps": {"check": {"outputs": {"exit-code": "1"}}, "plan": {"outputs": {"install": "true"}}},
    "env": {},
    "runner": {"temp": "/tmp/x"},
}
OK = {"always": True, "success": True, "failure": False, "cancelled": False}
FAILED = {"always": True, "success": False, "failure": True, "cancelled": False}
CANCELLED = {"always": True, "success": False, "failure": False, "cancelled": True}


@pytest.mark.parametrize(
    ("expression", "status", "expected"),
    [
        ("always() && steps.check.outputs.exit-code != ''", FAILED, True),
        ("!cancelled() && steps.check.outputs.exit-code != ''", FAILED, True),  # runs after a failure
        ("!cancelled() && steps.check.outputs.exit-code != ''", CANCELLED, False),  # not after a cancel
        ("always() && steps.missing.outputs.exit-code != ''", OK, False),  # missing is null, null == ''
        ("steps.plan.outputs.install == 'true'", OK, True),
        ("steps.plan.outputs.install == 'TRUE'", OK, True),  # string comparison ignores case
        ("success()", FAILED, False),
        ("failure() || inputs.comment == 'never'", FAILED, True),
        ("!(inputs.version == '')", OK, False),
        ("steps.check.outputs.exit-code == 1", OK, True),  # mixed types compare as numbers
        ("github.event_name == 'pull_request' && 'yes' || 'no'", OK, "yes"),
    ],
)
def test_expressions(expression: str, status: dict[str, bool], expected: object) -> None:
    assert evaluate(expression, CONTEXTS, status) == expected


def test_interpolation_and_errors() -> None:
    assert interpolate("${{ runner.temp }}/v-${{ inputs.comment }}", CONTEXTS, OK) == "/tmp/x/v-auto"
    assert interpolate("${{ steps.none.outputs.x }}", CONTEXTS, OK) == ""
    with pytest.raises(ExpressionError):
        evaluate("hashFiles('x')", CONTEXTS, OK)  # not used by the action, so not implemented
    with pytest.raises(ExpressionError):
        evaluate("secrets.TOKEN", CONTEXTS, OK)


def test_command_files(tmp_path: Path) -> None:
    path = tmp_path / "out"
    path.write_text("status=fail\nreport<<EOF_1\n# line 1\nkey=value inside\nEOF_1\nempty=\n")
    assert parse_command_file(path) == {"status": "fail", "report": "# line 1\nkey=value inside", "empty": ""}
    path.write_text("broken<<EOF\nno end\n")
    with pytest.raises(ValueError, match="unterminated"):
        parse_command_file(path)
