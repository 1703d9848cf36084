"""evidently's stattests, called directly on two pandas Series (no Report, no plots).

The method `auto` picks follows evidently's `_get_default_stattest` (column type, size, cardinality),
on a column cleaned exactly as evidently's `get_one_column_drift` cleans it (±inf → NaN, then NaN
dropped). The five tests it can pick are scored by `native` with the same scipy calls, so the common
run never imports evidently (~4 s); any other method is evidently's registered StatTest. evidently is
imported here and only here (plus `html.py`), lazily, with telemetry off and its import-time warnings
kept out of the user's terminal. Conformance tests pin all of this against the real DataDriftPreset.
"""

from __future__ import annotations

import contextlib
import os
import threading
import warnings
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from mlgate.drift.methods import AUTO, CATEGORICAL, METHODS, NUMERICAL, MethodInfo
from mlgate.drift.native import NATIVE
from mlgate.errors import GateError

if TYPE_CHECKING:
    import pandas as pd

INSTALL_HINT = "pip install 'mlgate[drift]'"
_GLOBAL_RANDOM_STATE = threading.Lock()


def _missing(exc: ImportError | None, name: str) -> GateError:
    what = (exc.name if exc is not None else None) or name
    return GateError(
        f"the drift gate needs evidently and pandas; {what} is not installed",
        hint=f"{INSTALL_HINT}  (the drift extra: evidently>=0.7.23,<0.8 and pandas<3)",
    )


def require_drift_extra() -> None:
    """Fail fast (exit 2, with the install line) when the drift extra is missing, without importing it.

    The import itself (~4 s for evidently) waits until a column is actually scored.
    """
    import importlib.util

    for name in ("pandas", "evidently"):
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError) as exc:
            raise _missing(exc if isinstance(exc, ImportError) else None, name) from None
        if not found:
            raise _missing(None, name)


def import_evidently() -> ModuleType:
    """The stattests package of evidently; GateError (exit 2) with the install line when it is missing."""
    # evidently's telemetry is on unless DO_NOT_TRACK is set to anything (evidently/telemetry.py
    # checks `os.environ.get("DO_NOT_TRACK") is None`): a CI tool must not phone home.
    os.environ.setdefault("DO_NOT_TRACK", "1")
    try:
        # Warnings raised while evidently and its dependencies import (numpy.core, litestar, pydantic
        # deprecations) are theirs and say nothing to our users; only this import is filtered.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pandas  # noqa: F401
            from evidently.legacy.calculations import stattests
    except ImportError as exc:
        raise _missing(exc, "evidently") from None
    module: ModuleType = stattests
    return module


@dataclass(frozen=True)
class StatTestOutcome:
    method: str  # evidently's stattest name, e.g. "ks"
    display_name: str  # evidently's label, e.g. "K-S p_value"
    score: float
    threshold: float
    drifted: bool


def _column_type(column_type: str) -> Any:
    from evidently.legacy.core import ColumnType

    return {NUMERICAL: ColumnType.Numerical, CATEGORICAL: ColumnType.Categorical}[column_type]


def auto_method(column_type: str, n_reference: int, n_values: int | None) -> str:
    """evidently's `auto` choice (`_get_default_stattest` in its stattests registry), on cleaned data.

    `n_reference` is the number of non-null reference values and `n_values` the number of distinct
    values over both sides (None: not counted because the choice does not depend on it, or known to
    be more than 5). Up to 1,000 reference values: ks for numbers with more than 5 distinct values,
    else chisquare (3+ values) or z (2 or fewer); above 1,000: wasserstein for numbers with more than
    5 distinct values, else jensenshannon. The conformance tests pin this against evidently.
    """
    many = n_values is None or n_values > 5
    if n_reference <= 1000:
        if n_values is None:
            raise ValueError("up to 1,000 reference values the choice needs the distinct count")
        if column_type == NUMERICAL and many:
            return "ks"
        return "chisquare" if n_values > 2 else "z"
    if column_type == NUMERICAL and many:
        return "wasserstein"
    return "jensenshannon"


def count_values(reference: pd.Series, current: pd.Series, column_type: str) -> int | None:
    """Distinct values over both sides, as evidently counts them, or None when `auto` does not need it.

    Above 1,000 reference values a categorical column always gets jensenshannon, and a numerical one
    needs only "more than 5 distinct values", which the first rows of the reference usually prove.
    """
    import pandas as pd

    if len(reference) > 1000:
        if column_type == CATEGORICAL:
            return None
        if reference.iloc[:1000].nunique() > 5:
            return None
    return int(pd.concat([reference, current]).nunique())


def run_stattest(
    method: str,
    reference: pd.Series,
    current: pd.Series,
    column_type: str,
    threshold: float | None,
) -> StatTestOutcome:
    """Score one column as evidently's registered StatTest would (threshold None = the method's default).

    The five tests `auto` picks are scored by `native` (scipy and numpy, no evidently import); every
    other method is evidently's own StatTest, looked up by name without evidently's column-type check,
    as its `auto` path does (auto applies chisquare and z to low-cardinality numerical columns);
    configured methods are checked against their column types before this is called.
    """
    scorer = NATIVE.get(method)
    if scorer is not None:
        info = METHODS[method]
        actual = info.default_threshold if threshold is None else threshold
        score = scorer(reference, current, column_type)
        return StatTestOutcome(
            info.name, info.display_name, score, float(actual), is_drift(info, score, actual)
        )
    stattest = _stattests_by_name()[method]
    # These seed or draw from numpy's global random state: never two at once (columns run in threads).
    guard = _GLOBAL_RANDOM_STATE if method in ("TVD", "empirical_mmd") else contextlib.nullcontext()
    with guard:
        result = stattest(reference, current, _column_type(column_type), threshold)
    return StatTestOutcome(
        method=stattest.name,
        display_name=stattest.display_name,
        score=float(result.drift_score),
        threshold=float(result.actual_threshold),
        drifted=bool(result.drifted),
    )


def is_drift(info: MethodInfo, score: float, threshold: float) -> bool:
    """The comparison evidently's stattest makes (its direction is pinned by test_methods_table)."""
    operator = info.drift_when.split()[1]
    return {
        "<": score < threshold,
        "<=": score <= threshold,
        ">=": score >= threshold,
        ">": score > threshold,
    }[operator]


def needs_evidently(methods: set[str]) -> bool:
    """Whether scoring with these configured methods (`auto` included) imports evidently."""
    return any(m != AUTO and m not in NATIVE for m in methods)


def _stattests_by_name() -> dict[str, Any]:
    stattests = import_evidently()
    return {obj.name: obj for obj in vars(stattests).values() if isinstance(obj, stattests.StatTest)}


def clean(series: pd.Series) -> pd.Series:
    """What evidently's `get_one_column_drift` does before testing: ±inf become NaN, NaN are dropped.

    For numeric dtypes a finite-mask gives the same values in the same order, in a fraction of the
    time `replace(...).dropna()` takes on a million rows; other dtypes go through pandas as evidently's do.
    """
    import numpy as np

    kind = series.dtype.kind if isinstance(series.dtype, np.dtype) else ""
    if kind in "iub" and kind:  # integers and booleans hold neither NaN nor inf
        return series
    if kind == "f":
        keep = np.isfinite(series.to_numpy())
        return series if keep.all() else series[keep]
    if kind == "O":
        # Object columns come from VARCHAR and nullable BOOLEAN data (see sample.fetch_column):
        # they hold strings, booleans and None, never a float inf, so dropping nulls is the same.
        return series.dropna()
    cleaned = series.replace([-np.inf, np.inf], np.nan).dropna()
    return cleaned
