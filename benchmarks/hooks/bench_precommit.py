"""`mlgate-contract-lint` on 20 contracts through the real pre-commit framework.

Target: the hook's own run (pre-commit's reported `duration` for the hook) <= 0.5 s. Also printed: the
whole `pre-commit run` (framework start-up included) and the same command run directly, each with its CPU
seconds: on a shared machine the wall times grow with the load, the CPU seconds do not.

    .venv/bin/python benchmarks/hooks/bench_precommit.py [--runs 5]

It clones this repository at HEAD (what `rev:` would pin), builds the hook environment once in a
temporary PRE_COMMIT_HOME (not timed), then times warm runs and reports the median.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CONTRACT = REPO_ROOT / "examples" / "contracts" / "transactions.odcs.yaml"
TARGET_SECONDS = 0.5
DURATION = re.compile(r"- duration: ([0-9.]+)s")


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--contracts", type=int, default=20)
    args = parser.parse_args()
    pre_commit = Path(sys.executable).parent / "pre-commit"
    with tempfile.TemporaryDirectory(prefix="mlgate-bench-hooks-") as tmp:
        root = Path(tmp)
        source = root / "mlgate"
        subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{REPO_ROOT}", str(source)], check=True)
        rev = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=source, capture_output=True, text=True, check=True
        ).stdout.strip()
        repo = root / "target"
        (repo / "contracts").mkdir(parents=True)
        text = CONTRACT.read_text(encoding="utf-8")
        for i in range(args.contracts):
            (repo / "contracts" / f"table_{i:02d}.odcs.yaml").write_text(
                text.replace("name: card_transactions", f"name: card_transactions_{i}"), encoding="utf-8"
            )
        (repo / ".pre-commit-config.yaml").write_text(
            f"repos:\n  - repo: {source}\n    rev: {rev}\n    hooks:\n      - id: mlgate-contract-lint\n",
            encoding="utf-8",
        )
        env = {
            **os.environ,
            "PRE_COMMIT_HOME": str(root / "home"),
            "PRE_COMMIT_COLOR": "never",
            "GIT_AUTHOR_NAME": "b",
            "GIT_AUTHOR_EMAIL": "b@example.com",
            "GIT_COMMITTER_NAME": "b",
            "GIT_COMMITTER_EMAIL": "b@example.com",
        }
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
        subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
        start = time.perf_counter()
        setup = run([str(pre_commit), "install-hooks"], repo, env)
        if setup.returncode != 0:
            print(setup.stdout + setup.stderr)
            return 2
        print(
            f"hook environment built in {time.perf_counter() - start:.1f} s (once; not part of the figures)"
        )
        command = [str(pre_commit), "run", "mlgate-contract-lint", "--all-files", "--verbose"]
        hook_seconds: list[float] = []
        whole_seconds: list[float] = []
        whole_cpu: list[float] = []
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            proc = run(command, repo, env)
            whole_seconds.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            whole_cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            match = DURATION.search(proc.stdout)
            if proc.returncode != 0 or not match:
                print(proc.stdout + proc.stderr)
                return 2
            hook_seconds.append(float(match.group(1)))
        env_bin = next((root / "home").glob("repo*/py_env-*/bin"))
        files = sorted(str(p.relative_to(repo)) for p in (repo / "contracts").glob("*.odcs.yaml"))
        direct: list[float] = []
        cpu: list[float] = []
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            run([str(env_bin / "mlgate"), "contract", "lint", *files], repo, env)
            direct.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        hook = statistics.median(hook_seconds)
        print(f"contracts linted:                        {len(files)}")
        print(
            f"hook's own run (pre-commit 'duration'):  {hook:.3f} s median of {args.runs}  (target <= {TARGET_SECONDS} s)"
        )
        print(
            f"whole `pre-commit run` incl. framework:  {statistics.median(whole_seconds):.3f} s wall, "
            f"{statistics.median(whole_cpu):.3f} s CPU"
        )
        print(
            f"`mlgate contract lint` run directly:      {statistics.median(direct):.3f} s wall, {statistics.median(cpu):.3f} s CPU"
        )
        print(f"load average (1 min) on this machine:     {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
        print("verdict:", "OK" if hook <= TARGET_SECONDS else "OVER TARGET")
        shutil.rmtree(root / "home", ignore_errors=True)
        return 0 if hook <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
