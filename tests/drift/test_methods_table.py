"""The static table of stattests (used to validate configs without importing evidently) must say
exactly what evidently's live registry says: names, column types, default thresholds, labels, and
which side of the threshold means drift (probed by calling each test at, above and below its score)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlgate.drift.methods import CATEGORICAL, METHODS, NUMERICAL, TEXT
from mlgate.drift.stattests import import_evidently, run_stattest


def test_static_table_equals_evidently_registry() -> None:
    import_evidently()
    from evidently.legacy.calculations.stattests.registry import _registered_stat_tests
    from evidently.legacy.core import ColumnType

    names = {ColumnType.Numerical: NUMERICAL, ColumnType.Categorical: CATEGORICAL, ColumnType.Text: TEXT}
    live = {}
    for name, by_type in _registered_stat_tests.items():
        stattest = next(iter(by_type.values()))
        live[name] = (
            stattest.display_name,
            tuple(sorted(names[t] for t in by_type)),
            stattest.default_threshold,
        )
    ours = {
        m.name: (m.display_name, tuple(sorted(m.column_types)), m.default_threshold) for m in METHODS.values()
    }
    assert ours == live


def test_drift_direction_matches_each_stattest() -> None:
    rng = np.random.default_rng(5)
    numbers = pd.Series(rng.normal(size=300)), pd.Series(rng.normal(0.2, size=300))
    labels = pd.Series(rng.choice(["a", "b"], 300)), pd.Series(rng.choice(["a", "b"], 300, p=[0.6, 0.4]))
    for method in METHODS.values():
        if TEXT in method.column_types or method.name == "empirical_mmd":  # text needs sklearn; mmd is random
            continue
        kind = NUMERICAL if NUMERICAL in method.column_types else CATEGORICAL
        ref, cur = numbers if kind == NUMERICAL else labels
        score = run_stattest(method.name, ref, cur, kind, None).score
        at = run_stattest(method.name, ref, cur, kind, score).drifted
        above = run_stattest(method.name, ref, cur, kind, score * 1.01 + 1e-12).drifted
        below = run_stattest(method.name, ref, cur, kind, score * 0.99 - 1e-12).drifted
        operator = method.drift_when.split()[1]
        expected = {
            "<": (False, True, False),
            "<=": (True, True, False),
            ">=": (True, False, True),
            ">": (False, False, True),
        }
        assert (at, above, below) == expected[operator], method.name
