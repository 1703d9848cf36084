"""`mlgate hooks run-contracts FILES...`: which contracts a set of changed files touches, and only those run."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.action.mlrepo import BAD_DATA, CONTRACT, write_ml_repo
from tests.conftest import RunMlgate


def two_contracts(root: Path) -> Path:
    """orders (data through its server, ../data/orders.csv) and refunds (data through a glob in mlgate.yaml)."""
    write_ml_repo(root, data=BAD_DATA)
    (root / "contracts" / "refunds.odcs.yaml").write_text(CONTRACT.replace("name: orders", "name: refunds"))
    (root / "data" / "refunds").mkdir()
    (root / "data" / "refunds" / "2026-11.csv").write_text("order_id,amount\n1,1.0\n2,2.0\n")
    (root / "mlgate.yaml").write_text(
        "version: 1\ncontracts:\n  - contract: contracts/orders.odcs.yaml\n"
        "  - contract: contracts/refunds.odcs.yaml\n    data: data/refunds/*.csv\n"
    )
    return root


def ran(output: str) -> set[str]:
    return {table for table in ("orders", "refunds") if f"contract:{table}." in output}


def test_only_the_touched_contracts_run(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    repo = two_contracts(tmp_path)
    cases = [
        (["README.md"], set(), 0),
        (["data/refunds/2026-11.csv"], {"refunds"}, 0),  # matches the config's data glob
        (["data/orders.csv"], {"orders"}, 1),  # matches the contract's server path (relative to the contract)
        (["contracts/refunds.odcs.yaml"], {"refunds"}, 0),
        (["contracts/orders.odcs.yaml", "data/refunds/2026-11.csv"], {"orders", "refunds"}, 1),
        (["mlgate.yaml"], {"orders", "refunds"}, 1),  # a changed config may point contracts elsewhere
    ]
    for files, expected, code in cases:
        result = run_mlgate("hooks", "run-contracts", "-v", *files, cwd=repo)
        assert result.returncode == code, (files, result.output)
        assert ran(result.stdout) == expected, (files, result.stdout)
        if not expected:
            assert result.output == ""  # nothing to do: silent, like any pre-commit hook
    sub = run_mlgate("hooks", "run-contracts", "../data/orders.csv", cwd=repo / "contracts")
    assert sub.returncode == 1 and ran(sub.stdout) == {"orders"}  # config found upwards, paths from cwd


def test_without_a_config_changed_contracts_run_against_their_servers(
    run_mlgate: RunMlgate, tmp_path: Path
) -> None:
    repo = write_ml_repo(tmp_path / "r", data=BAD_DATA)
    (repo / "mlgate.yaml").unlink()
    shutil.copy(repo / "contracts" / "orders.odcs.yaml", repo / "contracts" / "my orders é.odcs.yaml")
    result = run_mlgate(
        "hooks",
        "run-contracts",
        "contracts/my orders é.odcs.yaml",
        "data/orders.csv",
        cwd=repo,
        env={"GIT_CEILING_DIRECTORIES": str(tmp_path)},
    )
    assert result.returncode == 1, result.output
    assert "contract:orders.amount.minimum" in result.stdout
    assert "mlgate: FAILED — the gate is closed (2 failed, 6 passed)" in result.stdout
    quiet = run_mlgate("hooks", "run-contracts", "data/orders.csv", cwd=repo)
    assert (quiet.returncode, quiet.output) == (0, "")


def test_waivers_apply_as_in_mlgate_check(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    repo = write_ml_repo(tmp_path, data=BAD_DATA)
    expires = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    (repo / "mlgate.yaml").write_text(
        "version: 1\ncontracts:\n  - contract: contracts/orders.odcs.yaml\nwaivers:\n"
        f"  - check: 'contract:orders.*'\n    reason: backfill in progress, see #12\n    owner: '@data'\n    expires: {expires}\n"
        f"  - check: 'metric:*'\n    reason: unrelated\n    owner: '@ml'\n    expires: {expires}\n"
    )
    result = run_mlgate("hooks", "run-contracts", "data/orders.csv", cwd=repo)
    assert result.returncode == 0, result.output
    assert "waived" in result.stdout
    assert "stale" not in result.stdout  # waivers of gates that did not run are not judged here


def test_a_broken_contract_or_config_is_exit_2(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    repo = write_ml_repo(tmp_path)
    (repo / "data" / "orders.csv").write_text("")
    empty = run_mlgate("hooks", "run-contracts", "data/orders.csv", cwd=repo)
    assert empty.returncode == 2, empty.output
    assert "data/orders.csv" in empty.output
    (repo / "mlgate.yaml").write_text("version: 1\ncontracts: 3\n")
    config = run_mlgate("hooks", "run-contracts", "data/orders.csv", cwd=repo)
    assert config.returncode == 2
    assert "mlgate: error: mlgate.yaml:2:" in config.stderr
