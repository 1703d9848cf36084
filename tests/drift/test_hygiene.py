"""Drift without the extra, telemetry, warnings, and bad settings: exit 2 with a message that says what to do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT, RunMlgate

EXAMPLES = REPO_ROOT / "examples" / "drift"

# Makes `import evidently` fail as it does where the extra is not installed.
HIDE_EVIDENTLY = """
import sys

class _Hide:
    def find_spec(self, name, path=None, target=None):
        if name == "evidently" or name.startswith("evidently."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, _Hide())
"""


def test_drift_without_evidently_exits_2_with_the_install_line(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(HIDE_EVIDENTLY)
    result = run_mlgate(
        "drift", "--reference", EXAMPLES / "reference.parquet", "--current", EXAMPLES / "current_ok.parquet",
        env={"PYTHONPATH": str(shim)},
    )  # fmt: skip
    assert result.returncode == 2, result.output
    assert result.stdout == ""
    assert result.stderr == (
        "mlgate: error: the drift gate needs evidently and pandas; evidently is not installed\n"
        "  fix: pip install 'mlgate[drift]'  (the drift extra: evidently>=0.7.23,<0.8 and pandas<3)\n"
    )
    # The shim really hides it: plain Python cannot import evidently either.
    probe = subprocess.run(
        [sys.executable, "-c", "import evidently"],
        env={**os.environ, "PYTHONPATH": str(shim)},
        capture_output=True,
        text=True,
    )
    assert probe.returncode == 1 and "No module named 'evidently'" in probe.stderr


def test_telemetry_is_off_and_import_warnings_stay_inside(tmp_path: Path) -> None:
    probe = (
        "import os, sys, warnings\n"
        "from mlgate.drift.stattests import import_evidently\n"
        "assert 'evidently' not in sys.modules and 'pandas' not in sys.modules\n"
        "with warnings.catch_warnings(record=True) as seen:\n"
        "    warnings.simplefilter('always')\n"
        "    import_evidently()\n"
        "from evidently.telemetry import DO_NOT_TRACK_ENV\n"
        "print(DO_NOT_TRACK_ENV, os.environ.get(DO_NOT_TRACK_ENV), len(seen))\n"
        "warnings.warn('ours', UserWarning)\n"  # mlgate's own warnings are not filtered afterwards
    )
    env = {k: v for k, v in os.environ.items() if k != "DO_NOT_TRACK"}
    env["PYTHONWARNINGS"] = "default"
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "DO_NOT_TRACK 1 0\n"
    assert result.stderr.count("Warning") == 1 and "UserWarning: ours" in result.stderr


def test_mlgate_help_and_drift_help_do_not_import_evidently_or_pandas() -> None:
    probe = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from mlgate.cli import cli\n"
        "out = CliRunner().invoke(cli, ['drift', '--help'])\n"
        "assert out.exit_code == 0 and '--max-drifted-share' in out.output, out.output\n"
        "print(sorted(m for m in ('evidently', 'pandas', 'duckdb', 'scipy') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[]\n"


def test_bad_settings_exit_2_and_name_the_line(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    (tmp_path / "mlgate.yaml").write_text(
        "version: 1\ndrift:\n  reference: ref.parquet\n  current: cur.parquet\n  per_column:\n    amount: {method: KS}\n"
    )
    typo = run_mlgate("drift", "--config", "mlgate.yaml", cwd=tmp_path)
    assert typo.returncode == 2, typo.output
    assert typo.stderr.startswith("mlgate: error: mlgate.yaml:6:")
    assert "unknown drift method 'KS'; did you mean 'ks'?" in typo.stderr

    (tmp_path / "mlgate.yaml").write_text(
        "version: 1\ndrift:\n  reference: missing.parquet\n  current: cur.parquet\n"
    )
    missing = run_mlgate("drift", "--config", "mlgate.yaml", cwd=tmp_path)
    assert missing.returncode == 2, missing.output
    assert missing.stderr.startswith(
        "mlgate: error: mlgate.yaml:3:14: reference data not found: missing.parquet"
    )
    assert "fix: check the path; relative paths resolve from the config's directory" in missing.stderr

    option = run_mlgate(
        "drift", "--reference", "a.parquet", "--current", "b.parquet", "--max-drifted-share", "3"
    )
    assert option.returncode == 2
    assert (
        "mlgate: error: --max-drifted-share: max_drifted_share is a share of columns: a number from 0 to 1"
        in option.stderr
    )

    alone = run_mlgate("drift", "--reference", "a.parquet")
    assert alone.returncode == 2
    assert "mlgate: error: --current is required without --config" in alone.stderr

    no_section = tmp_path / "other.yaml"
    no_section.write_text("version: 1\n")
    empty = run_mlgate("drift", "--config", no_section)
    assert empty.returncode == 2 and "the config has no `drift:` section" in empty.stderr


def test_contract_schema_must_be_chosen_and_exist(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    (tmp_path / "orders.odcs.yaml").write_text(
        "apiVersion: v3.0.2\nkind: DataContract\nid: shop\nversion: 1.0.0\nstatus: active\nschema:\n"
        "  - name: orders\n    properties: [{name: amount, logicalType: number}]\n"
        "  - name: customers\n    properties: [{name: age, logicalType: integer}]\n"
    )
    base = [
        "drift",
        "--reference",
        EXAMPLES / "reference.parquet",
        "--current",
        EXAMPLES / "current_ok.parquet",
    ]
    several = run_mlgate(*base, "--contract", "orders.odcs.yaml", cwd=tmp_path)
    assert several.returncode == 2, several.output
    assert (
        "the contract describes 2 schemas (orders, customers); say which one with `schema:`" in several.stderr
    )
    unknown = run_mlgate(*base, "--contract", "orders.odcs.yaml", "--schema", "payments", cwd=tmp_path)
    assert unknown.returncode == 2, unknown.output
    assert "the contract has no schema named 'payments' (it has: orders, customers)" in unknown.stderr
    missing = run_mlgate(*base, "--contract", "nope.odcs.yaml", cwd=tmp_path)
    assert missing.returncode == 2 and "contract not found: nope.odcs.yaml" in missing.stderr


def test_pytest_config_still_fails_on_mlgate_warnings(tmp_path: Path) -> None:
    """The project's warning filters stay strict: a warning raised in mlgate's code (its own, or one a
    library attributes to mlgate's call) fails a test; only warnings from evidently's code are tolerated."""
    (tmp_path / "test_probe.py").write_text(
        "import warnings\n"
        "from mlgate.drift.stattests import import_evidently\n"
        "def test_import_is_quiet():\n"
        "    import_evidently()\n"
        "def test_mlgate_deprecation_fails():\n"
        "    warnings.warn_explicit('old', DeprecationWarning, 'gate.py', 1, module='mlgate.drift.gate')\n"
        "def test_scipy_warning_on_our_call_fails():\n"
        "    warnings.warn_explicit('deprecated', UserWarning, 'native.py', 1, module='mlgate.drift.native')\n"
        "def test_evidently_runtime_warning_is_tolerated():\n"
        "    warnings.warn_explicit('old', DeprecationWarning, 'x.py', 1, module='evidently.legacy.core')\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", str(REPO_ROOT / "pyproject.toml"),
         "--rootdir", str(tmp_path), str(tmp_path / "test_probe.py")],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "2 failed, 2 passed" in result.stdout, result.stdout
    assert "FAILED test_probe.py::test_mlgate_deprecation_fails - DeprecationWarning: old" in result.stdout
