"""Benchmark `mlgate contract test` against a hand-written single-pass DuckDB query, pandera and
great-expectations, on the same data and the same checks. One run; prints ratios to the hand-written query.

    .venv/bin/python benchmarks/contracts/run.py                  # 10M rows, all tools
    .venv/bin/python benchmarks/contracts/run.py --compare-rows 2000000   # pandera/GE on a smaller file

Data goes to benchmarks/_data/ and pandera/great-expectations to benchmarks/.venv-compare/ (both
gitignored, created on first run). Each measurement is a fresh process: wall time from start to exit,
peak RSS from getrusage(RUSAGE_CHILDREN) of a wrapper that runs only that process.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA = ROOT / "benchmarks" / "_data"
COMPARE_VENV = ROOT / "benchmarks" / ".venv-compare"
COMPARE_PACKAGES = ["pandas>=2,<3", "pyarrow", "pandera", "great_expectations>=1.0"]
CONTRACT = HERE / "bench.odcs.yaml"

MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
try:
    proc = subprocess.run(sys.argv[2:], capture_output=True, text=True, timeout=float(sys.argv[1]))
    rc, err = proc.returncode, proc.stderr[-2000:]
except subprocess.TimeoutExpired:
    rc, err = -1, "timeout"
wall = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "peak_mb": peak_kb / 1024, "rc": rc, "err": err}))
"""


def measure(cmd: list[str], timeout: float = 3600) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(timeout), *cmd], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(out.stdout)
    if result["err"] == "timeout":
        result["timeout"] = 1
    elif result["rc"] != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {result['rc']}:\n{result['err']}")
    return result


def data(rows: int) -> dict[str, Path]:
    files = {fmt: DATA / f"payments_{rows}.{fmt}" for fmt in ("parquet", "csv")}
    if not all(p.exists() for p in files.values()):
        print(f"generating {rows:,} rows into {DATA} ...", flush=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(DATA), str(rows)], check=True)
    return files


def compare_python() -> Path:
    python = COMPARE_VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {COMPARE_VENV} with {', '.join(COMPARE_PACKAGES)} ...", flush=True)
        venv.create(COMPARE_VENV, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *COMPARE_PACKAGES], check=True)
    return python


def warm(path: Path) -> None:
    """Read the file once so every tool starts with it in the page cache (the machine is shared)."""
    with path.open("rb") as handle:
        while handle.read(1 << 24):
            pass


def mlgate_cmd(path: Path) -> list[str]:
    return [sys.executable, "-m", "mlgate", "contract", "test", str(CONTRACT), "--data", str(path), "-q"]


def row(name: str, fmt: str, rows: int, m: dict[str, float], base: dict[str, float] | None) -> str:
    if m.get("timeout"):
        return f"{name:<22} {fmt:<8} {rows:>11,}  > {m['wall']:7.0f} s (stopped: --timeout)"
    ratio = f"{m['wall'] / base['wall']:6.2f}x {m['peak_mb'] / base['peak_mb']:6.2f}x" if base else " " * 15
    return f"{name:<22} {fmt:<8} {rows:>11,} {m['wall']:9.2f} s {m['peak_mb']:9.0f} MB   {ratio}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument(
        "--compare-rows", type=int, default=None, help="rows for pandera/GE (default: --rows)"
    )
    parser.add_argument("--skip-compare", action="store_true", help="only mlgate vs the hand-written query")
    parser.add_argument(
        "--timeout", type=float, default=600, help="seconds before a pandera/GE run is stopped"
    )
    args = parser.parse_args()
    print(f"{'tool':<22} {'format':<8} {'rows':>11} {'wall':>11} {'peak RSS':>12}   time/mem vs hand-written")
    fixed = data(1000)
    for fmt, path in fixed.items():
        print(row("mlgate (fixed cost)", fmt, 1000, measure(mlgate_cmd(path)), None), flush=True)
    sizes = [(args.rows, False)]
    if not args.skip_compare:
        compare_rows = args.compare_rows or args.rows
        sizes = [(args.rows, compare_rows == args.rows)] + (
            [(compare_rows, True)] if compare_rows != args.rows else []
        )
    for rows, with_compare in sizes:
        files = data(rows)
        python = compare_python() if with_compare else None
        for fmt, path in files.items():
            warm(path)
            base = measure([sys.executable, str(HERE / "handwritten.py"), str(path)])
            print(row("hand-written DuckDB", fmt, rows, base, base), flush=True)
            warm(path)
            print(row("mlgate contract test", fmt, rows, measure(mlgate_cmd(path)), base), flush=True)
            if python is not None:
                for name, script in (("pandera", "pandera_check.py"), ("great-expectations", "ge_check.py")):
                    print(
                        row(name, fmt, rows, measure([str(python), str(HERE / script), str(path)]), base),
                        flush=True,
                    )


if __name__ == "__main__":
    main()
