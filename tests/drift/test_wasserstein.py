"""mlgate's faster `wasserstein` equals evidently's (scipy's) on every kind of sample."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlgate.drift.methods import NUMERICAL
from mlgate.drift.native import wasserstein
from mlgate.drift.stattests import import_evidently


def test_fast_wasserstein_equals_evidently() -> None:
    stattests = import_evidently()
    from evidently.legacy.core import ColumnType

    rng = np.random.default_rng(12)
    cases = {
        "normal": (rng.normal(size=5000), rng.normal(0.1, size=3000)),
        "ties": (rng.integers(0, 20, 4000).astype(float), rng.integers(2, 25, 2500).astype(float)),
        "integers": (rng.integers(-5, 5, 3000), rng.integers(-3, 8, 3100)),
        "constant_reference": (np.full(2000, 3.5), rng.normal(3.5, 1.0, 1500)),
        "both_constant": (np.full(1200, 1.0), np.full(1100, 2.0)),
        "tiny": (np.array([1.0]), np.array([2.0, 3.0])),
        "signed_zero": (np.array([-0.0, 0.0, 1.0, 2.0] * 300), np.array([0.0, -0.0, 1.5] * 400)),
        "heavy_tail": (rng.lognormal(3, 2, 6000), rng.lognormal(3.2, 2, 6000)),
    }
    for name, (ref, cur) in cases.items():
        reference, current = pd.Series(ref), pd.Series(cur)
        theirs = stattests.wasserstein_stat_test(reference, current, ColumnType.Numerical, None).drift_score
        ours = wasserstein(reference, current, NUMERICAL)
        assert abs(ours - theirs) <= 1e-12 * max(1.0, abs(theirs)), (name, ours, theirs)
