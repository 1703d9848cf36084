"""`mlgate init` writes a starter that lints clean; `config lint` lints the contracts it names."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.check.repo import CONTRACT, contract_repo, write
from tests.conftest import REPO_ROOT, RunMlgate


def test_init_writes_a_starter_that_passes_config_lint(run_mlgate: RunMlgate, git_repo: Path) -> None:
    result = run_mlgate("init", cwd=git_repo)
    assert result.returncode == 0, result.output
    assert "wrote mlgate.yaml" in result.stdout
    text = (git_repo / "mlgate.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=https://")
    assert "config.schema.json" in text.splitlines()[0]
    assert "\nversion: 1\n" in text
    assert "# waivers:" in text
    lint = run_mlgate("config", "lint", cwd=git_repo)
    assert lint.returncode == 0, lint.output
    assert "no gate is configured yet" in lint.stdout


def test_init_never_overwrites_without_force(run_mlgate: RunMlgate, git_repo: Path) -> None:
    (git_repo / "mlgate.yaml").write_text("version: 1\n# mine\n", encoding="utf-8")
    refused = run_mlgate("init", cwd=git_repo)
    assert refused.returncode == 2
    assert "mlgate.yaml already exists; nothing was written" in refused.stderr
    assert "--force" in refused.stderr
    assert (git_repo / "mlgate.yaml").read_text(encoding="utf-8") == "version: 1\n# mine\n"
    forced = run_mlgate("init", "--force", cwd=git_repo)
    assert forced.returncode == 0
    assert "# mine" not in (git_repo / "mlgate.yaml").read_text(encoding="utf-8")


def test_init_with_a_missing_data_file_writes_nothing(run_mlgate: RunMlgate, git_repo: Path) -> None:
    result = run_mlgate("init", "--data", "data/nope.csv", cwd=git_repo)
    assert result.returncode == 2
    assert "data/nope.csv: data file not found" in result.stderr
    assert not (git_repo / "mlgate.yaml").exists()
    write(git_repo / "data" / "empty.csv", "")
    empty = run_mlgate("init", "--data", "data/empty.csv", cwd=git_repo)
    assert empty.returncode == 2
    assert "empty.csv: the data file is empty (0 bytes)" in empty.stderr
    assert sorted(p.name for p in git_repo.iterdir() if p.name != ".git") == ["data"]  # no contracts/ left


def test_config_lint_lints_the_referenced_contracts(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract_repo(git_repo)
    broken = CONTRACT.replace("        unique: true\n", "        unique: true\n        uniqe: true\n")
    write(git_repo / "contracts" / "orders.odcs.yaml", broken)
    result = run_mlgate("config", "lint", cwd=git_repo)
    assert result.returncode == 1, result.output
    assert "uniqe" in result.stdout
    assert "at contracts/orders.odcs.yaml:13:9" in result.stdout
    assert "mlgate: FAILED — the gate is closed (1 failed, 1 passed)" in result.stdout


def test_config_lint_reports_expired_waivers_without_running(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract_repo(git_repo)
    config = (git_repo / "mlgate.yaml").read_text() + (
        'waivers:\n  - check: "contract:*"\n    reason: "r"\n    owner: "@o"\n    expires: 2021-03-01\n'
    )
    (git_repo / "mlgate.yaml").write_text(config)
    result = run_mlgate("config", "lint", cwd=git_repo)
    assert result.returncode == 1
    assert "waiver expired on 2021-03-01 (owner @o)" in result.stdout
    assert "at mlgate.yaml:6:5" in result.stdout


def test_init_with_data_infers_a_contract_that_gates(run_mlgate: RunMlgate, git_repo: Path) -> None:
    write(git_repo / "data" / "orders.csv", "id,amount,country\n1,2.5,US\n2,3.5,FR\n")
    result = run_mlgate("init", "--data", "data/orders.csv", cwd=git_repo)
    assert result.returncode == 0, result.output
    assert "wrote mlgate.yaml and contracts/orders.odcs.yaml" in result.stdout
    text = (git_repo / "mlgate.yaml").read_text(encoding="utf-8")
    assert 'contracts:\n  - contract: "contracts/orders.odcs.yaml"\n    data: "data/orders.csv"\n' in text
    assert run_mlgate("config", "lint", cwd=git_repo).returncode == 0
    check = run_mlgate("check", cwd=git_repo)
    assert check.returncode == 0, check.output
    again = run_mlgate("init", "--data", "data/orders.csv", cwd=git_repo)
    assert again.returncode == 2
    assert "mlgate.yaml, contracts/orders.odcs.yaml already exist; nothing was written" in again.stderr


def test_init_with_parquet_in_paths_with_spaces(run_mlgate: RunMlgate, git_repo: Path) -> None:
    (git_repo / "data x").mkdir()
    shutil.copy(REPO_ROOT / "examples" / "data" / "transactions.parquet", git_repo / "data x" / "t x.parquet")
    result = run_mlgate(
        "init", "--data", "data x/t x.parquet", "--config", "gate dir/mlgate.yaml", cwd=git_repo
    )
    assert result.returncode == 0, result.output
    assert "wrote gate dir/mlgate.yaml and gate dir/contracts/t_x.odcs.yaml" in result.stdout
    text = (git_repo / "gate dir" / "mlgate.yaml").read_text(encoding="utf-8")
    assert '  - contract: "contracts/t_x.odcs.yaml"\n    data: "../data x/t x.parquet"\n' in text
    check = run_mlgate("check", "--config", "gate dir/mlgate.yaml", cwd=git_repo)
    assert check.returncode == 0, check.output
    assert "mlgate: PASSED (35 passed)" in check.stdout
