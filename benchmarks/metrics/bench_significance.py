"""Significance on 1,000,000 paired examples: interval time and peak memory per method.

Targets (issue #3): accuracy, F1 and RMSE intervals with 1,000 bootstrap resamples ≤ 5 s each and
≤ 1 GB peak memory; DeLong on 1,000,000 examples ≤ 3 s (MAE shows the one-column path of MAE, MAPE,
Brier and log loss). Each measurement runs in a fresh process so the peak resident memory is that
method's alone. The mean-metric bootstrap makes 10^9 draws: its CPU seconds are the figure to compare
across machines; its wall seconds are about half of them on two idle cores.

    .venv/bin/python benchmarks/metrics/bench_significance.py [--n 1000000] [--resamples 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

CASES = (
    "accuracy_mcnemar",
    "accuracy_bootstrap",
    "f1_bootstrap",
    "rmse_bootstrap",
    "mae_bootstrap",
    "roc_auc_delong",
)
TARGETS = {"roc_auc_delong": 3.0}


def _data(n: int):  # type: ignore[no-untyped-def]
    import numpy as np

    rng = np.random.default_rng(0)
    y = (rng.random(n) < 0.3).astype(np.int64)
    noise = rng.normal(size=(n, 2))
    score_b = 1.2 * y + noise[:, 0]
    score_c = 1.15 * y + noise[:, 1]
    target = rng.normal(10, 3, size=n)
    return y, score_c, score_b, target, target + rng.normal(0, 1, n), target + rng.normal(0, 1.01, n)


def run_case(case: str, n: int, resamples: int) -> dict[str, float]:
    import numpy as np

    from mlgate.metrics.bootstrap import confusion_bootstrap, make_rng, mean_bootstrap
    from mlgate.metrics.delong import delong
    from mlgate.metrics.mcnemar import mcnemar

    y, score_c, score_b, target, pred_c, pred_b = _data(n)
    pc, pb = (score_c >= 0.6).astype(np.int64), (score_b >= 0.6).astype(np.int64)
    rng = make_rng(0, case)
    start, cpu_start = time.perf_counter(), time.process_time()
    if case == "accuracy_mcnemar":
        right_c, right_b = pc == y, pb == y
        test = mcnemar(int(np.sum(right_c & ~right_b)), int(np.sum(right_b & ~right_c)), n)
        low, high = test.interval(0.95)
    elif case in ("accuracy_bootstrap", "f1_bootstrap"):
        metric = case.split("_")[0]
        low, high = confusion_bootstrap(metric, y, pc, pb, 2, 1, resamples, rng).interval(0.95)
    elif case in ("rmse_bootstrap", "mae_bootstrap"):  # two columns; one column of paired differences
        metric = case.split("_")[0]
        low, high = mean_bootstrap(metric, target, pred_c, pred_b, resamples, rng).interval(0.95)
    else:
        low, high = delong(y == 1, score_c, score_b).interval(0.95)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb, "low": low, "high": high}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--case", choices=CASES)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.n, args.resamples)))
        return
    print(f"significance on {args.n:,} paired examples, {args.resamples:,} resamples (one process per case)")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"{'case':<20} {'seconds':>8} {'cpu s':>7} {'target':>7} {'peak MB':>8}  95% CI of Δ")
    for case in CASES:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--case",
                case,
                "--n",
                str(args.n),
                "--resamples",
                str(args.resamples),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(out.stdout)
        target = TARGETS.get(case, 5.0)
        verdict = "ok" if figures["seconds"] <= target and figures["peak_mb"] <= 1024 else "SLOW"
        print(
            f"{case:<20} {figures['seconds']:>8.2f} {figures['cpu']:>7.2f} {target:>6.0f}s {figures['peak_mb']:>8.0f}  "
            f"[{figures['low']:+.5f}, {figures['high']:+.5f}]  {verdict}"
        )
    print("peak MB is the whole process (data generation included), measured with getrusage;")
    print("cpu s adds up both threads of the block bootstrap; wall seconds depend on the machine's load")


if __name__ == "__main__":
    main()
