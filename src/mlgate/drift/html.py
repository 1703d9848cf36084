"""evidently's own HTML report, built only when `html:` is asked for (it is the costly part)."""

from __future__ import annotations

import warnings
from pathlib import Path

from mlgate.context import GateContext
from mlgate.drift.columns import ColumnPlan
from mlgate.drift.config import DriftSection
from mlgate.drift.methods import AUTO, NUMERICAL
from mlgate.drift.sample import Side, fetch_frame
from mlgate.drift.stattests import import_evidently
from mlgate.errors import GateError


def write_html(
    section: DriftSection, plans: list[ColumnPlan], reference: Side, current: Side, ctx: GateContext
) -> Path:
    """Run `Report([DataDriftPreset(...)])` on the same sampled columns, types and methods; save its HTML."""
    assert section.html is not None
    import_evidently()
    target = ctx.resolve(section.html)
    columns = {p.name: p.column_type == NUMERICAL for p in plans}
    if not columns:
        raise GateError("no column could be compared, so there is no drift report to write", file=str(target))
    with warnings.catch_warnings():
        # evidently's plots divide by zero on constant columns and warn about it; not ours to show.
        warnings.simplefilter("ignore")
        from evidently import DataDefinition, Dataset, Report
        from evidently.presets import DataDriftPreset

        definition = DataDefinition(
            numerical_columns=[n for n, num in columns.items() if num],
            categorical_columns=[n for n, num in columns.items() if not num],
        )
        ref = Dataset.from_pandas(fetch_frame(reference, columns, ctx), data_definition=definition)
        cur = Dataset.from_pandas(fetch_frame(current, columns, ctx), data_definition=definition)
        per_method = {p.name: p.method for p in plans if p.method != AUTO}
        per_threshold = {p.name: p.threshold for p in plans if p.threshold is not None}
        preset = DataDriftPreset(
            columns=list(columns),
            per_column_method=per_method or None,
            per_column_threshold=per_threshold or None,
        )
        snapshot = Report([preset], include_tests=True).run(cur, ref)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        snapshot.save_html(str(target))
    except OSError as exc:
        raise GateError(
            f"cannot write the drift HTML report: {exc.strerror or exc}",
            file=str(target),
            hint="check that the directory is writable",
        ) from None
    return target
