"""The five tests `auto` picks, scored without importing evidently (~4 s of a run's start-up).

Each function takes the two columns evidently's `get_one_column_drift` would pass (cleaned: ±inf and
nulls dropped) and returns the score evidently's stattest returns for them. It is sound because those
stattests are thin wrappers around scipy: each one below builds the same inputs the same way (same
counts, same normalisation, same bins) and calls the same scipy function, or, for wasserstein, computes
scipy's own formula on the same sorted data. Conformance tests run evidently's real DataDriftPreset on
every path through these functions (small and large n, numerical and categorical, booleans, nulls,
constants, explicit methods) and require the same method, score to 1e-9, and verdict.

Only one thing differs on purpose: evidently lists categories in `set` order, which changes with
Python's string hashing from one process to the next (so evidently itself differs in the last bits
between runs); here they are listed in a fixed order.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mlgate.drift.methods import NUMERICAL

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

_IMPORTS = threading.Lock()


def _scipy(module: str) -> Any:
    """A scipy module, imported by one thread at a time: columns are scored in threads, and two threads
    importing different parts of scipy at once can deadlock on its circular imports."""
    with _IMPORTS:
        return importlib.import_module(module)


def _shared_counts(reference: pd.Series, current: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Counts of every value seen on either side, aligned (evidently's `ref_feature_dict` / `current_feature_dict`)."""
    import pandas as pd

    counts = pd.concat(
        [reference.value_counts(dropna=True), current.value_counts(dropna=True)], axis=1, sort=False
    ).fillna(0)
    return counts.iloc[:, 0].to_numpy(dtype=float), counts.iloc[:, 1].to_numpy(dtype=float)


def ks(reference: pd.Series, current: pd.Series, column_type: str) -> float:
    """evidently's `ks`: `scipy.stats.ks_2samp(reference, current)[1]`."""
    return float(_scipy("scipy.stats").ks_2samp(reference, current)[1])


def chisquare(reference: pd.Series, current: pd.Series, column_type: str) -> float:
    """evidently's `chisquare`: observed current counts against reference counts scaled to the current size."""
    ref_counts, cur_counts = _shared_counts(reference, current)
    k_norm = current.shape[0] / reference.shape[0]
    return float(_scipy("scipy.stats").chisquare(cur_counts, ref_counts * k_norm)[1])


def z(reference: pd.Series, current: pd.Series, column_type: str) -> float:
    """evidently's `z`: two-proportion z-test on "is the smallest value" (p = 1 when both sides hold one same value)."""
    import numpy as np

    ref_values, cur_values = reference.unique(), current.unique()
    if len(ref_values) == 1 and len(cur_values) == 1 and ref_values[0] == cur_values[0]:
        return 1.0
    first = sorted(set(ref_values) | set(cur_values))[0]
    n1, n2 = len(reference), len(current)
    # evidently maps the smallest value to 0 and any other to 1, then sums: the count of the others.
    p1 = float(np.count_nonzero(reference.to_numpy() != first)) / n1
    p2 = float(np.count_nonzero(current.to_numpy() != first)) / n2
    pooled = float(p1 * n1 + p2 * n2) / (n1 + n2)
    statistic = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2))
    ndtr = _scipy("scipy.special").ndtr  # what scipy.stats.norm.cdf evaluates
    return float(2 * (1 - ndtr(np.abs(statistic))))


def jensenshannon(reference: pd.Series, current: pd.Series, column_type: str) -> float:
    """evidently's `jensenshannon`: scipy's distance between the shares of each value (or Sturges bin)."""
    import numpy as np
    import pandas as pd

    if column_type == NUMERICAL and reference.nunique() > 20:
        # evidently's get_binned_data: Sturges bins over both sides, shares of each side per bin.
        combined = np.asarray(pd.concat([reference, current], axis=0).values)
        bins = np.histogram_bin_edges(combined, bins="sturges")
        ref_shares = np.histogram(reference, bins)[0] / len(reference)
        cur_shares = np.histogram(current, bins)[0] / len(current)
    else:
        ref_counts, cur_counts = _shared_counts(reference, current)
        ref_shares, cur_shares = ref_counts / len(reference), cur_counts / len(current)
    return float(_scipy("scipy.spatial.distance").jensenshannon(ref_shares, cur_shares))


def wasserstein(reference: pd.Series, current: pd.Series, column_type: str) -> float:
    """evidently's `wasserstein`, `wasserstein_distance(ref, cur) / max(std(ref), 0.001)`, faster.

    evidently calls `scipy.stats.wasserstein_distance`, which argsorts both samples and then binary-
    searches every one of the 2n merged values in each of them: most of mlgate's time on a million rows.
    Here both samples are sorted once and merged (a stable sort of two sorted runs is a linear merge);
    a running count of reference values then gives each side's CDF. At every position where the merged
    values step up, that count equals scipy's `searchsorted(..., 'right')`, and where they do not the
    step width is 0, so every term of the final dot product, and the result, are the same as scipy's
    (tests compare the two on ties, integers, constants and unequal sizes).
    """
    import numpy as np

    norm = max(float(np.std(reference)), 0.001)  # as evidently: numpy's std of the Series (ddof 0)
    u = np.sort(np.asarray(reference, dtype=float))
    v = np.sort(np.asarray(current, dtype=float))
    merged = np.concatenate((u, v))
    order = np.argsort(merged, kind="stable")
    deltas = np.diff(merged[order])
    from_u = order < u.size
    u_cdf = np.cumsum(from_u[:-1]) / u.size
    v_cdf = np.cumsum(~from_u[:-1]) / v.size
    distance = (
        np.vecdot(np.abs(u_cdf - v_cdf), deltas)
        if hasattr(np, "vecdot")
        else np.sum(np.abs(u_cdf - v_cdf) * deltas)
    )
    return float(distance) / norm


# Method name -> scorer. Every other method goes through evidently's registered StatTest.
NATIVE: dict[str, Callable[[pd.Series, pd.Series, str], float]] = {
    "ks": ks,
    "chisquare": chisquare,
    "z": z,
    "jensenshannon": jensenshannon,
    "wasserstein": wasserstein,
}
