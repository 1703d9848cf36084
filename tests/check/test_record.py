"""Release record and `mlgate verify`: hashes, git state, tampered inputs, changed verdicts."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.check.repo import BAD_CSV, GOOD_CSV, contract_repo, write
from tests.conftest import RunMlgate, git


def test_record_lists_inputs_with_hashes_and_git_state(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract_repo(git_repo)
    result = run_mlgate("check", "--record", "release/decision.json", cwd=git_repo)
    assert result.returncode == 0, result.output
    record = json.loads((git_repo / "release" / "decision.json").read_text())
    head = git(git_repo, "rev-parse", "HEAD").strip()
    assert record["git"] == {"commit": head, "dirty": False, "changed": []}
    assert record["verdict"] == "pass"
    assert record["exit_code"] == 0
    assert record["config"]["path"] == "mlgate.yaml"
    assert record["config"]["sha256"] == hashlib.sha256((git_repo / "mlgate.yaml").read_bytes()).hexdigest()
    inputs = {(i["role"], i["path"]): i for i in record["inputs"]}
    assert set(inputs) == {("contract", "contracts/orders.odcs.yaml"), ("data", "data/orders.csv")}
    data = inputs[("data", "data/orders.csv")]
    assert data["size"] == len(GOOD_CSV)
    assert data["sha256"] == hashlib.sha256(GOOD_CSV.encode()).hexdigest()
    assert len(record["results"]) == 9
    assert record["created_at"].endswith("Z")
    assert record["mlgate"]

    same = run_mlgate("verify", "release/decision.json", cwd=git_repo)
    assert same.returncode == 0, same.output
    assert "identical — 2 input(s) unchanged, verdict pass as recorded" in same.stdout


def test_verify_catches_a_tampered_input_and_a_changed_verdict(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract_repo(git_repo)
    assert run_mlgate("check", "--record", "decision.json", cwd=git_repo).returncode == 0
    (git_repo / "data" / "orders.csv").write_text(BAD_CSV)
    result = run_mlgate("verify", "decision.json", cwd=git_repo)
    assert result.returncode == 1
    assert "input data data/orders.csv: changed (sha256" in result.stdout
    assert "verdict: recorded pass, now fail" in result.stdout
    assert "contract:orders.order_id.unique: pass → fail" in result.stdout


def test_verify_catches_a_same_verdict_tamper_and_a_dirty_tree(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract_repo(git_repo)
    (git_repo / "notes.txt").write_text("uncommitted\n")
    assert run_mlgate("check", "--record", "decision.json", cwd=git_repo).returncode == 0
    record = json.loads((git_repo / "decision.json").read_text())
    assert record["git"]["dirty"] is True
    assert record["git"]["changed"] == ["notes.txt"]
    (git_repo / "data" / "orders.csv").write_text(GOOD_CSV + "4,1.0,DE\n")
    contract = git_repo / "contracts" / "orders.odcs.yaml"
    contract.write_text(contract.read_text() + "# a comment changes no check, but the bytes\n")
    result = run_mlgate("verify", "decision.json", cwd=git_repo)
    assert result.returncode == 1
    assert "input data data/orders.csv: changed" in result.stdout
    assert "input contract contracts/orders.odcs.yaml: changed (sha256" in result.stdout
    assert "verdict" not in result.stdout


def test_verify_reports_a_deleted_input_and_a_changed_config(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract_repo(git_repo)
    assert run_mlgate("check", "--record", "decision.json", cwd=git_repo).returncode == 0
    (git_repo / "mlgate.yaml").write_text((git_repo / "mlgate.yaml").read_text() + "# edited\n")
    (git_repo / "contracts" / "orders.odcs.yaml").unlink()
    result = run_mlgate("verify", "decision.json", cwd=git_repo)
    assert result.returncode == 1
    assert "config mlgate.yaml: changed (sha256 differs)" in result.stdout
    assert "input contract contracts/orders.odcs.yaml: missing" in result.stdout


def test_verify_unreadable_record_is_exit_2(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    write(tmp_path / "decision.json", "{not json")
    result = run_mlgate("verify", "decision.json", cwd=tmp_path)
    assert result.returncode == 2
    assert "decision.json:1:2: the release record is not JSON" in result.stderr
    write(tmp_path / "other.json", '{"a": 1}')
    other = run_mlgate("verify", "other.json", cwd=tmp_path)
    assert other.returncode == 2
    assert (
        "not an mlgate release record: the document: 'record_version' is a required property" in other.stderr
    )
    assert run_mlgate("verify", "missing.json", cwd=tmp_path).returncode == 2
    record = {
        "record_version": 1,
        "config": "x",
        "invocation": {},
        "inputs": [],
        "results": [],
        "verdict": "pass",
    }
    write(tmp_path / "edited.json", json.dumps(record))
    edited = run_mlgate("verify", "edited.json", cwd=tmp_path)
    assert edited.returncode == 2
    assert "edited.json: not an mlgate release record: config: 'x' is not of type 'object'" in edited.stderr
    write(tmp_path / "newer.json", json.dumps({**record, "record_version": 2}))
    newer = run_mlgate("verify", "newer.json", cwd=tmp_path)
    assert newer.returncode == 2
    assert "newer.json: unsupported release record version 2 (this mlgate reads 1)" in newer.stderr


def test_git_baseline_input_records_its_commit_and_verify_sees_the_ref_move(
    run_mlgate: RunMlgate, git_repo: Path
) -> None:
    config = "version: 1\ncontracts:\n  - contract: contracts/orders.odcs.yaml\n    data: git:main:data/orders.csv\n"
    contract_repo(git_repo, config=config)
    first = git(git_repo, "rev-parse", "HEAD").strip()
    assert run_mlgate("check", "--record", "decision.json", cwd=git_repo).returncode == 0
    record = json.loads((git_repo / "decision.json").read_text())
    data = next(i for i in record["inputs"] if i["role"] == "data")
    assert data["path"] == "git:main:data/orders.csv"
    assert data["git_commit"] == first
    assert data["sha256"] == hashlib.sha256(GOOD_CSV.encode()).hexdigest()
    assert run_mlgate("verify", "decision.json", cwd=git_repo).returncode == 0
    (git_repo / "data" / "orders.csv").write_text(BAD_CSV)
    git(git_repo, "commit", "-q", "-am", "bad data")
    moved = run_mlgate("verify", "decision.json", cwd=git_repo)
    assert moved.returncode == 1
    assert f"recorded {first[:12]}" in moved.stdout
    assert "verdict: recorded pass, now fail" in moved.stdout


def test_verify_on_a_later_commit_with_identical_inputs(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract_repo(git_repo)
    first = git(git_repo, "rev-parse", "HEAD").strip()
    assert run_mlgate("check", "--record", "decision.json", cwd=git_repo).returncode == 0
    write(git_repo / "README.md", "docs only\n")
    git(git_repo, "add", "README.md")
    git(git_repo, "commit", "-q", "-m", "docs")
    result = run_mlgate("verify", "decision.json", cwd=git_repo)
    assert result.returncode == 0, result.output
    assert f"note: recorded at commit {first[:12]}, the checkout is at" in result.stdout
    assert "identical — 2 input(s) unchanged" in result.stdout


def test_verify_of_a_closed_gate_says_it_did_not_pass(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract_repo(git_repo, data=BAD_CSV)
    assert run_mlgate("check", "--record", "decision.json", cwd=git_repo).returncode == 1
    result = run_mlgate("verify", "decision.json", cwd=git_repo)
    assert result.returncode == 0  # identical inputs and verdict: the record holds
    assert "verdict fail as recorded" in result.stdout
    assert "note: the recorded verdict is fail: this record proves the gate did NOT pass" in result.stdout
