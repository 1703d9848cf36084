"""`mlgate check` end to end in real git repos: verdicts, --only, --fail-on, waivers, reports."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tests.check.repo import BAD_CSV, CONTRACT, contract_repo, days, write
from tests.conftest import REPO_ROOT, RunMlgate

REPORT_SCHEMA = json.loads((REPO_ROOT / "src/mlgate/schemas/report.schema.json").read_text(encoding="utf-8"))


def _config(waivers: str = "", extra: str = "") -> str:
    return (
        "version: 1\n"
        "contracts:\n"
        "  - contract: contracts/orders.odcs.yaml\n"
        "    data: data/orders.csv\n" + extra + (f"waivers:\n{waivers}" if waivers else "")
    )


def _statuses(report_path: Path) -> dict[str, str]:
    data = json.loads(report_path.read_text(encoding="utf-8"))
    jsonschema.validate(data, REPORT_SCHEMA)
    return {r["id"]: r["status"] for r in data["results"]}


def test_passing_repo_exits_0_and_json_report_is_schema_valid(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract_repo(git_repo)
    result = run_mlgate("check", "--report", "json:out/report.json", cwd=git_repo)
    assert result.returncode == 0, result.output
    assert "mlgate: PASSED (9 passed)" in result.stdout
    statuses = _statuses(git_repo / "out" / "report.json")
    assert len(statuses) == 9
    assert set(statuses.values()) == {"pass"}


def test_failing_data_closes_the_gate(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract_repo(git_repo, data=BAD_CSV)
    result = run_mlgate("check", "--report", "json:report.json", cwd=git_repo)
    assert result.returncode == 1
    assert "mlgate: FAILED — the gate is closed (2 failed, 7 passed)" in result.stdout
    statuses = _statuses(git_repo / "report.json")
    assert statuses["contract:orders.order_id.unique"] == "fail"
    assert statuses["contract:orders.amount.minimum"] == "fail"
    data = json.loads((git_repo / "report.json").read_text())
    unique = next(r for r in data["results"] if r["id"] == "contract:orders.order_id.unique")
    assert unique["source"] == {"file": "contracts/orders.odcs.yaml", "line": 12, "column": 17}


def test_check_from_a_subdirectory_reports_paths_from_there(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract_repo(git_repo, data=BAD_CSV)
    sub = git_repo / "notebooks"
    sub.mkdir()
    result = run_mlgate("check", cwd=sub)
    assert result.returncode == 1
    assert "at ../contracts/orders.odcs.yaml:12:17" in result.stdout


def test_waivers_valid_expired_and_stale(run_mlgate: RunMlgate, git_repo: Path) -> None:
    waivers = (
        '  - check: "contract:orders.order_id.*"\n'
        '    reason: "dedup job lands in #412"\n'
        '    owner: "@data-eng"\n'
        f"    expires: {days(30)}\n"
        '  - check: "contract:orders.amount.minimum"\n'
        '    reason: "refunds are negative"\n'
        '    owner: "@finance"\n'
        "    expires: 2020-01-31\n"
        '  - check: "contract:orders.no_such_column.*"\n'
        '    reason: "old"\n'
        '    owner: "@me"\n'
        f"    expires: {days(10)}\n"
    )
    contract_repo(git_repo, data=BAD_CSV, config=_config(waivers))
    result = run_mlgate("check", "--report", "json:report.json", cwd=git_repo)
    assert result.returncode == 1
    statuses = _statuses(git_repo / "report.json")
    assert statuses["contract:orders.order_id.unique"] == "waived"
    assert statuses["contract:orders.amount.minimum"] == "fail"  # expired waivers do nothing
    assert statuses["waiver:contract:orders.amount.minimum"] == "fail"
    assert statuses["waiver:contract:orders.no_such_column.*"] == "warn"
    assert "mlgate: FAILED — the gate is closed (2 failed, 1 warning, 1 waived, 7 passed)" in result.stdout
    assert "waiver expired on 2020-01-31 (owner @finance)" in result.stdout
    assert "at mlgate.yaml:10:5" in result.stdout  # the expired waiver's line
    assert "stale waiver: it matches no check" in result.stdout
    data = json.loads((git_repo / "report.json").read_text())
    waived = next(r for r in data["results"] if r["status"] == "waived")
    assert waived["waiver"]["reason"] == "dedup job lands in #412"
    assert waived["waiver"]["owner"] == "@data-eng"
    assert waived["waiver"]["status"] == "fail"


def test_a_valid_waiver_opens_the_gate(run_mlgate: RunMlgate, git_repo: Path) -> None:
    waivers = (
        '  - check: "contract:orders.*"\n'
        '    reason: "known bad batch, reloaded tomorrow"\n'
        '    owner: "@data-eng"\n'
        f"    expires: {days(1)}\n"
    )
    contract_repo(git_repo, data=BAD_CSV, config=_config(waivers))
    result = run_mlgate("check", cwd=git_repo)
    assert result.returncode == 0, result.output
    assert "mlgate: PASSED (2 waived, 7 passed)" in result.stdout
    assert "waived: known bad batch, reloaded tomorrow (@data-eng, until" in result.stdout


def test_fail_on_warn_and_only(run_mlgate: RunMlgate, git_repo: Path) -> None:
    waivers = f'  - check: "contract:nothing"\n    reason: "r"\n    owner: "@o"\n    expires: {days(5)}\n'
    contract_repo(git_repo, config=_config(waivers))
    warned = run_mlgate("check", cwd=git_repo)
    assert warned.returncode == 0
    assert "mlgate: PASSED with warnings (1 warning, 9 passed)" in warned.stdout
    strict = run_mlgate("check", "--fail-on", "warn", cwd=git_repo)
    assert strict.returncode == 1
    assert "mlgate: FAILED — the gate is closed (1 warning, 9 passed)" in strict.stdout
    only = run_mlgate("check", "--only", "contracts", cwd=git_repo)
    assert only.returncode == 0
    missing = run_mlgate("check", "--only", "drift", cwd=git_repo)
    assert missing.returncode == 2
    assert "--only drift: the config has no `drift:` section" in missing.stderr


def test_waivers_of_gates_left_out_by_only_are_not_stale(run_mlgate: RunMlgate, git_repo: Path) -> None:
    waivers = f'  - check: "metric:accuracy"\n    reason: "r"\n    owner: "@o"\n    expires: {days(5)}\n'
    contract_repo(git_repo, config=_config(waivers))
    result = run_mlgate("check", "--only", "contracts", cwd=git_repo)
    assert result.returncode == 0
    assert "PASSED (9 passed)" in result.stdout


def test_unreadable_data_is_an_error_result_and_exit_2(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract_repo(git_repo)
    (git_repo / "data" / "orders.csv").write_bytes(b"order_id,amount\n\xff\xfe\x00garbage\n")
    waiver = '  - check: "{}"\n    reason: "r"\n    owner: "@o"\n    expires: ' + days(5) + "\n"
    # the first waiver matches nothing that ran; the second matches the error itself
    (git_repo / "mlgate.yaml").write_text(_config(waiver.format("contract:*") + waiver.format("contracts:*")))
    result = run_mlgate("check", "--report", "json:report.json", cwd=git_repo)
    assert result.returncode == 2, result.output
    data = json.loads((git_repo / "report.json").read_text())
    jsonschema.validate(data, REPORT_SCHEMA)
    errors = [r for r in data["results"] if r["status"] == "error"]
    assert len(errors) == 1  # an engine error is never waivable
    assert data["summary"]["warn"] == 0  # nor is the waiver called stale: its gate was not evaluated
    (refused,) = [r for r in data["results"] if r["status"] == "fail"]
    assert refused["id"] == "waiver:contracts:*"
    assert refused["source"] == {"file": "mlgate.yaml", "line": 10, "column": 5}
    assert refused["message"].startswith(
        "waiver refused: it matches 1 error result(s) (contracts:error:contracts/orders.odcs.yaml)"
    )
    assert errors[0]["id"] == "contracts:error:contracts/orders.odcs.yaml"
    assert "ERROR — the gate could not be evaluated" in result.stdout


def test_unknown_report_format_is_refused_before_running(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract_repo(git_repo)
    result = run_mlgate("check", "--report", "nosuch:x", cwd=git_repo)
    assert result.returncode == 2
    assert "unknown report format 'nosuch'" in result.stderr
    directory = run_mlgate("check", "--report", "json:data", cwd=git_repo)
    assert directory.returncode == 2
    assert "mlgate: error: --report json:data: data is a directory" in directory.stderr
    assert directory.stdout == ""  # refused before any gate ran


def test_contract_server_path_works_from_a_subdirectory(run_mlgate: RunMlgate, git_repo: Path) -> None:
    server = "servers:\n  - server: local\n    type: local\n    path: ../data/orders.csv\n    format: csv\n"
    config = "version: 1\ncontracts:\n  - contract: contracts/orders.odcs.yaml\n"
    contract_repo(git_repo, data=BAD_CSV, config=config)
    write(git_repo / "contracts" / "orders.odcs.yaml", CONTRACT.replace("schema:\n", server + "schema:\n"))
    sub = git_repo / "a" / "b"
    sub.mkdir(parents=True)
    for cwd in (git_repo, sub):
        result = run_mlgate("check", cwd=cwd)
        assert result.returncode == 1, result.output
        assert "(2 failed, 7 passed)" in result.stdout


def test_a_configured_gate_missing_from_the_build_is_exit_2(git_repo: Path) -> None:
    import subprocess
    import sys

    config = _config() + "drift:\n  reference: data/orders.csv\n  current: data/orders.csv\n"
    contract_repo(git_repo, config=config)
    # `sys.modules[name] = None` is Python's documented way to make a module unimportable: an
    # mlgate built without its drift gate.
    code = (
        "import sys\nsys.modules['mlgate.drift.gate'] = None\n"
        "sys.argv = ['mlgate', 'check']\nfrom mlgate.cli import main\nmain()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=git_repo, capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""  # nothing ran
    assert (
        "mlgate: error: mlgate.yaml:5:1: the config has a `drift:` section, but this mlgate has no drift gate"
        in proc.stderr
    )
