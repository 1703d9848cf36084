"""The five tests `auto` picks are scored without evidently: each must equal evidently's own StatTest
on the same cleaned columns (ties, constants, a category new in current, booleans, integers, bins),
and a plain `auto` run must not import evidently at all."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pandas as pd

from mlgate.drift.methods import CATEGORICAL, NUMERICAL
from mlgate.drift.native import NATIVE
from mlgate.drift.stattests import import_evidently
from tests.conftest import REPO_ROOT

EXAMPLES = REPO_ROOT / "examples" / "drift"


def _cases() -> dict[str, tuple[pd.Series, pd.Series, str]]:
    rng = np.random.default_rng(21)
    s = pd.Series
    return {
        "normal": (s(rng.normal(size=800)), s(rng.normal(0.2, size=700)), NUMERICAL),
        "ties": (s(rng.integers(0, 30, 900).astype(float)), s(rng.integers(3, 33, 600).astype(float)), NUMERICAL),
        "low_ints": (s(rng.integers(0, 4, 500)), s(rng.integers(0, 5, 450)), NUMERICAL),
        "two_ints": (s(rng.integers(0, 2, 500)), s(rng.integers(0, 2, 300)), NUMERICAL),
        "fifteen_values": (s(rng.integers(0, 15, 3000).astype(float)), s(rng.integers(0, 15, 2000).astype(float)), NUMERICAL),
        "letters": (s(rng.choice(list("abcde"), 900)), s(rng.choice(list("abcdef"), 800)), CATEGORICAL),
        "new_category": (s(rng.choice(list("abc"), 400)), s(rng.choice(list("abcd"), 400)), CATEGORICAL),
        "booleans": (s((rng.random(600) < 0.4).astype(object)), s((rng.random(500) < 0.6).astype(object)), CATEGORICAL),
        "constant_same": (s(["x"] * 300), s(["x"] * 200), CATEGORICAL),
        "constant_each": (s(["x"] * 300), s(["y"] * 200), CATEGORICAL),
        "one_vs_two": (s(["x"] * 300), s(["x", "y"] * 100), CATEGORICAL),
    }  # fmt: skip


def test_native_scores_equal_evidently_stattests() -> None:
    stattests = import_evidently()
    from evidently.legacy.core import ColumnType

    live = {obj.name: obj for obj in vars(stattests).values() if isinstance(obj, stattests.StatTest)}
    compared = 0
    for name, (reference, current, kind) in _cases().items():
        column_type = ColumnType.Numerical if kind == NUMERICAL else ColumnType.Categorical
        for method, score in NATIVE.items():
            if kind == CATEGORICAL and method in ("ks", "wasserstein"):
                continue
            with warnings.catch_warnings(record=True) as their_warnings:
                warnings.simplefilter("always")
                theirs = float(live[method](reference, current, column_type, None).drift_score)
            with warnings.catch_warnings(record=True) as our_warnings:
                warnings.simplefilter("always")
                ours = score(reference, current, kind)
            # Same scipy calls, so the same warnings (a category new in current divides by zero).
            assert [str(w.message) for w in our_warnings] == [str(w.message) for w in their_warnings]
            assert np.isclose(ours, theirs, rtol=1e-12, atol=1e-12, equal_nan=True), (
                name,
                method,
                ours,
                theirs,
            )
            compared += 1
    assert compared == 5 * 5 + 6 * 3


def test_auto_run_does_not_import_evidently() -> None:
    probe = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from mlgate.cli import cli\n"
        f"args = ['drift', '--reference', {str(EXAMPLES / 'reference.parquet')!r},"
        f" '--current', {str(EXAMPLES / 'current_drifted.parquet')!r}]\n"
        "out = CliRunner().invoke(cli, args)\n"
        "assert out.exit_code == 1 and 'wasserstein' in out.output and 'jensenshannon' in out.output, out.output\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'evidently'))\n"
        "out = CliRunner().invoke(cli, [*args, '--method', 'psi'])\n"
        "assert out.exit_code in (0, 1) and 'psi' in out.output, out.output\n"
        "print('evidently' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[]\nTrue\n"
