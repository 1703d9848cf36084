from __future__ import annotations

import subprocess
import sys

from mlgate import __version__
from mlgate.cli import SUBCOMMANDS
from tests.conftest import RunMlgate


def test_version(run_mlgate: RunMlgate) -> None:
    result = run_mlgate("--version")
    assert result.returncode == 0
    assert result.stdout == f"mlgate, version {__version__}\n"


def test_help_lists_commands(run_mlgate: RunMlgate) -> None:
    result = run_mlgate("--help")
    assert result.returncode == 0
    listed = [line.split()[0] for line in result.stdout.split("Commands:\n")[1].splitlines() if line.strip()]
    assert listed == sorted(SUBCOMMANDS)  # every command of the build, none hidden by a missing module


def test_unknown_command_is_exit_2(run_mlgate: RunMlgate) -> None:
    result = run_mlgate("no-such-command")
    assert result.returncode == 2
    assert "No such command" in result.stderr


def test_help_imports_no_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from mlgate.cli import cli\n"
        "try:\n    cli.main(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('duckdb', 'numpy', 'pandas', 'evidently') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY=\n" in proc.stdout, proc.stdout
