"""Whole-process timings of `mlgate --help` and `mlgate contract lint` (the pre-commit hook path).

Target (issue #2): `mlgate --help` and `mlgate contract lint` of ten contracts ≤ 0.25 s each, with no
duckdb / numpy / pandas / evidently import. hyperfine is not needed: each command runs N times as a
fresh subprocess; the median and minimum wall time and the median CPU time (user+sys of the child,
which load from other processes on a shared machine distorts far less than wall time) are printed. Bytecode caching is enabled for
the children (as in a normal `pip install`) and one warm-up run writes the .pyc files first.

    python benchmarks/lint/bench_lint.py            # N = 15
    python benchmarks/lint/bench_lint.py --runs 31

Contracts: the official ODCS examples in ../shared/odcs/examples (read in place; the "10 copies" case
writes copies to a temporary directory, never into the package).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO.parent / "shared" / "odcs" / "examples"
HEAVY = ("duckdb", "numpy", "pandas", "evidently", "open_data_contract_standard.model", "sqlglot")
TARGET_S = 0.25


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    return env


def mlgate_cmd() -> list[str]:
    script = Path(sys.executable).with_name("mlgate")
    return [str(script)] if script.exists() else [sys.executable, "-m", "mlgate"]


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_runs(cmd: list[str], runs: int, expect: int) -> tuple[list[float], list[float]]:
    """Wall and CPU (user+sys) seconds of each run."""
    subprocess.run(cmd, env=child_env(), capture_output=True, check=False)  # warm-up: writes .pyc
    walls, cpus = [], []
    for _ in range(runs):
        cpu_before, start = _child_cpu(), time.perf_counter()
        proc = subprocess.run(cmd, env=child_env(), capture_output=True, check=False)
        walls.append(time.perf_counter() - start)
        cpus.append(_child_cpu() - cpu_before)
        if proc.returncode != expect:
            raise SystemExit(
                f"{' '.join(cmd[:4])}…: exit {proc.returncode}, expected {expect}\n{proc.stdout.decode()}"
            )
    return walls, cpus


def heavy_imports(cmd: list[str]) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "mlgate", *cmd[len(mlgate_cmd()) :]],
        env=child_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    modules = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    return [m for m in HEAVY if m in modules]


def report(
    label: str, times: tuple[list[float], list[float]], heavy: list[str] | None, target: float | None
) -> None:
    walls, cpus = times
    median = statistics.median(walls)
    verdict = "" if target is None else ("  ok" if median <= target else f"  OVER {target:.2f} s")
    extra = "" if heavy is None else f"  heavy imports: {', '.join(heavy) or 'none'}"
    print(
        f"{label:<52} wall median {median:6.3f} s  min {min(walls):6.3f} s   "
        f"cpu median {statistics.median(cpus):6.3f} s{verdict}{extra}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    examples = sorted(EXAMPLES.glob("*.yaml"))
    small = [p for p in examples if "adventureworks" not in p.name][:10]
    full = EXAMPLES / "all__full-example.odcs.yaml"
    base = mlgate_cmd()
    py = [sys.executable]

    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.runs} runs per case (load: {os.getloadavg()[0]:.2f})"
    )
    report("python -c pass (interpreter floor)", time_runs([*py, "-c", "pass"], args.runs, 0), None, None)
    report(
        "python -c 'import jsonschema' (its import cost)",
        time_runs([*py, "-c", "import jsonschema"], args.runs, 0),
        None,
        None,
    )
    report(
        "mlgate --help",
        time_runs([*base, "--help"], args.runs, 0),
        heavy_imports([*base, "--help"]),
        TARGET_S,
    )

    lint_small = [*base, "contract", "lint", *map(str, small)]
    report(
        "contract lint: 10 official examples (20-100 lines)",
        time_runs(lint_small, args.runs, 0),
        heavy_imports(lint_small),
        TARGET_S,
    )
    with tempfile.TemporaryDirectory() as tmp:
        copies = []
        for i in range(10):
            copy = Path(tmp) / f"contract_{i}.odcs.yaml"
            shutil.copyfile(full, copy)
            copies.append(str(copy))
        lint_full = [*base, "contract", "lint", *copies]
        report(
            "contract lint: 10 x full-example (331 lines each)",
            time_runs(lint_full, args.runs, 0),
            heavy_imports(lint_full),
            TARGET_S,
        )
    lint_all = [*base, "contract", "lint", *map(str, examples)]
    report(
        "contract lint: all 18 examples (incl. 5,326 lines)",
        time_runs(lint_all, max(3, args.runs // 3), 0),
        heavy_imports(lint_all),
        None,
    )


if __name__ == "__main__":
    main()
