"""Score the planned columns, a few at a time: each worker fetches its column and runs the stattest.

Sorting (wasserstein, ks) and DuckDB reads release the GIL, so on a multi-core runner columns score in
parallel; each worker reads through its own DuckDB cursor, and at most one column per worker is a
pandas Series at any moment. Warnings raised by the tests (numerical edge cases in scipy) are kept
per column in the result's details instead of being printed.
"""

from __future__ import annotations

import contextlib
import os
import threading
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TextIO

from mlgate.context import GateContext
from mlgate.drift.columns import ColumnPlan
from mlgate.drift.engine import evaluate_column
from mlgate.drift.methods import NUMERICAL
from mlgate.drift.sample import Side, fetch_column
from mlgate.drift.stattests import import_evidently, needs_evidently
from mlgate.results import Result, Source

MAX_WORKERS = 2  # each worker holds one column pair and the test's temporaries (~250 MB at 1M rows)


class WarningsByColumn:
    """Catches every warning while active and files it under the column its thread is scoring."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self.by_column: dict[str, list[str]] = {}

    @contextlib.contextmanager
    def active(self) -> Iterator[WarningsByColumn]:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = self._show
            yield self

    @contextlib.contextmanager
    def column(self, name: str) -> Iterator[None]:
        self._local.column = name
        try:
            yield
        finally:
            self._local.column = ""

    def _show(
        self,
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        text = f"{category.__name__}: {message}"
        with self._lock:
            seen = self.by_column.setdefault(getattr(self._local, "column", ""), [])
            if text not in seen:
                seen.append(text)


def score_columns(
    plans: list[ColumnPlan],
    reference: Side,
    current: Side,
    ctx: GateContext,
    source_of: Callable[[str], Source | None],
) -> dict[str, Result]:
    if not plans:
        return {}
    import pandas  # noqa: F401  (here, not first in two workers at once: DuckDB's .df() needs it)

    if needs_evidently({plan.method for plan in plans}):
        import_evidently()  # once, here: importing inside the workers would race on the warning filters
    collector = WarningsByColumn()
    sampled = reference.sampled or current.sampled
    connection = ctx.duckdb()

    def score(plan: ColumnPlan) -> Result:
        cursor = connection.cursor()
        try:
            with collector.column(plan.name):
                numerical = plan.column_type == NUMERICAL
                result = evaluate_column(
                    plan,
                    fetch_column(reference, plan.name, ctx, numerical=numerical, con=cursor),
                    fetch_column(current, plan.name, ctx, numerical=numerical, con=cursor),
                    rows_reference=reference.sampled_rows,
                    rows_current=current.sampled_rows,
                    source=source_of(plan.name),
                    sampled=sampled,
                )
        finally:
            cursor.close()
        return result

    workers = max(1, min(MAX_WORKERS, os.cpu_count() or 1, len(plans)))
    with (
        collector.active(),
        ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mlgate-drift") as pool,
    ):
        results = list(pool.map(score, plans))
    for result in results:
        caught = collector.by_column.get(result.target)
        if caught:
            result.details["warnings"] = caught
    return {r.target: r for r in results}
