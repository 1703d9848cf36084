"""The static table of stattests (used to validate configs without importing evidently) must say
exactly what evidently's live registry says: names, column types, default thresholds, labels, and
which side of the threshold means drift (probed by calling each test at, above and below its score)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlgate.drift.methods import CATEGORICAL, METHODS, NUMERICAL, TEXT
from mlgate.drift.stattests import import_evidently, is_drift, run_stattest


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
    """Probes evidently's own StatTest objects, so the table (which mlgate's native tests use to
    decide drift) is checked against evidently, not against itself."""
    stattests = import_evidently()
    from evidently.legacy.core import ColumnType

    live = {obj.name: obj for obj in vars(stattests).values() if isinstance(obj, stattests.StatTest)}
    rng = np.random.default_rng(5)
    numbers = pd.Series(rng.normal(size=300)), pd.Series(rng.normal(0.2, size=300))
    labels = pd.Series(rng.choice(["a", "b"], 300)), pd.Series(rng.choice(["a", "b"], 300, p=[0.6, 0.4]))
    expected = {
        "<": (False, True, False),
        "<=": (True, True, False),
        ">=": (True, False, True),
        ">": (False, False, True),
    }
    for method in METHODS.values():
        if TEXT in method.column_types or method.name == "empirical_mmd":  # text needs sklearn; mmd is random
            continue
        kind = NUMERICAL if NUMERICAL in method.column_types else CATEGORICAL
        ref, cur = numbers if kind == NUMERICAL else labels
        stattest = live[method.name]
        column_type = ColumnType.Numerical if kind == NUMERICAL else ColumnType.Categorical
        score = float(stattest(ref, cur, column_type, None).drift_score)
        thresholds = (score, score * 1.01 + 1e-12, score * 0.99 - 1e-12)
        theirs = tuple(bool(stattest(ref, cur, column_type, t).drifted) for t in thresholds)
        assert theirs == expected[method.drift_when.split()[1]], method.name
        # mlgate's verdict, native or evidently's, says the same at, above and below the score.
        ours = tuple(run_stattest(method.name, ref, cur, kind, t).drifted for t in thresholds)
        assert ours == theirs, method.name
        assert tuple(is_drift(method, score, t) for t in thresholds) == theirs, method.name
