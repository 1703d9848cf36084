"""Entry point of the drift gate, used by `mlgate check` and `mlgate drift`.

parse (DriftSection) → read (DuckDB: schema, count, seeded sample) → plan (column types, one per
column for both sides) → execute (evidently's stattests, one column at a time) → results.
"""

from __future__ import annotations

from typing import Any

from mlgate.config.base import Locator
from mlgate.context import GateContext
from mlgate.drift.columns import ContractType, candidate_columns, contract_types, plan_columns
from mlgate.drift.config import DriftSection
from mlgate.drift.engine import DATASET_ID, GATE, dataset_result, issue_result
from mlgate.drift.sample import Side, drop_tables, load_columns, open_side
from mlgate.drift.scoring import score_columns
from mlgate.drift.stattests import require_drift_extra
from mlgate.errors import GateError
from mlgate.results import Result, Source, Status


def _no_source(path: tuple[str | int, ...]) -> Source | None:
    return None


def run_drift(section: DriftSection, ctx: GateContext, locate: Locator | None = None) -> list[Result]:
    """Every result of the drift section (gate="drift"; ids `drift:<column>` and `drift:dataset`).

    Raises GateError when the gate cannot be evaluated at all (unreadable data or contract, evidently
    not installed); per-column problems are results.
    """
    where = locate or _no_source
    require_drift_extra()  # before reading any data: a missing extra is the first thing to say
    reference = _open(section.reference, "reference", ctx, where)
    current = _open(section.current, "current", ctx, where)
    empty = [side for side in (reference, current) if side.rows == 0]
    if empty:
        names = " and ".join(f"the {side.role} data ({side.source.spec})" for side in empty)
        return [
            Result(
                id=DATASET_ID,
                kind="drift_dataset",
                status=Status.ERROR,
                target="dataset",
                message=f"{names} has no rows: there is nothing to compare",
                gate=GATE,
                source=where((empty[0].role,)),
                details={"rows_reference": reference.rows, "rows_current": current.rows, "reason": "empty"},
            )
        ]
    types = _contract_types(section, ctx, where) if section.contract else None
    columns = candidate_columns(section, reference.schema, current.schema)
    sides = [reference, current]
    try:
        for side in sides:
            present = [c for c in columns if c in side.schema]
            load_columns(side, present, ctx, sample=section.sample, seed=section.seed)
        plans, issues = plan_columns(
            section,
            columns,
            reference.schema,
            current.schema,
            reference.non_null or {},
            current.non_null or {},
            types,
        )
        by_name: dict[str, Result] = {
            i.name: issue_result(i, _column_source(section, i.name, where)) for i in issues
        }
        by_name.update(
            score_columns(plans, reference, current, ctx, lambda name: _column_source(section, name, where))
        )
        results = [by_name[c] for c in columns if c in by_name]
        for order, result in enumerate(results):
            result.details["order"] = order  # the data's column order, for the table
        _check_names(section, columns, results, where)
        dataset = dataset_result(section, results, None, _data_facts(section, reference, current))
        dataset.source = _dataset_source(section, dataset, where)
        results.append(dataset)
        if section.html and plans:
            from mlgate.drift.html import write_html

            write_html(section, plans, reference, current, ctx)
            dataset.details["html"] = str(ctx.resolve(section.html))
        elif section.html:
            dataset.details["html_skipped"] = (
                "no column could be compared, so evidently's report was not written"
            )
    finally:
        drop_tables(sides, ctx)
    return results


def _open(spec: str, role: str, ctx: GateContext, where: Locator) -> Side:
    """open_side, but a missing file declared in the config points at the config's line."""
    import glob

    from mlgate.gitio import is_git_spec

    src = where((role,))
    if (
        src is not None
        and not is_git_spec(spec)
        and not glob.has_magic(spec)
        and not ctx.resolve(spec).exists()
    ):
        raise GateError(
            f"{role} data not found: {spec} (looked for {ctx.resolve(spec)})",
            file=src.file,
            line=src.line,
            column=src.column,
            hint="check the path; relative paths resolve from the config's directory",
        )
    return open_side(spec, role, ctx)


def _contract_types(section: DriftSection, ctx: GateContext, where: Locator) -> dict[str, ContractType]:
    from mlgate.contracts.document import load_contract

    assert section.contract is not None
    path = ctx.resolve(section.contract)
    if not path.exists():
        src = where(("contract",))
        raise GateError(
            f"contract not found: {section.contract}",
            file=src.file if src else path,
            line=src.line if src else None,
            hint="check the path; relative paths resolve from the config's directory",
        )
    doc = load_contract(path)
    try:
        types, _table = contract_types(doc.raw, section.schema_name)
    except ValueError as exc:
        src = where(("schema",) if section.schema_name else ("contract",))
        raise GateError(
            str(exc),
            file=src.file if src else path,
            line=src.line if src else None,
            hint="set `schema:` to the name of the contract's schema entry that describes this data",
        ) from None
    return types


def _check_names(section: DriftSection, columns: list[str], results: list[Result], where: Locator) -> None:
    """critical / per_column entries naming no compared column are typos: say so as errors."""
    known = set(columns) | set(section.exclude)
    for key in ("critical", "per_column"):
        names = section.critical if key == "critical" else list(section.per_column)
        for index, name in enumerate(names):
            if name in known:
                continue
            path: tuple[str | int, ...] = (key, index) if key == "critical" else (key, name)
            results.append(
                Result(
                    id=f"drift:{name}",
                    kind="drift",
                    status=Status.ERROR,
                    target=name,
                    message=f"`{key}` names column {name!r}, which is in neither the reference nor the current data (nor in `columns`)",
                    gate=GATE,
                    source=where(path),
                    details={"column": name, "reason": f"unknown_{key}_column", "order": len(results)},
                )
            )


def _column_source(section: DriftSection, name: str, where: Locator) -> Source | None:
    if name in section.per_column:
        return where(("per_column", name))
    if name in section.critical:
        return where(("critical", section.critical.index(name)))
    if section.columns is not None and name in section.columns:
        return where(("columns", section.columns.index(name)))
    return where(("current",))  # the data that moved


def _dataset_source(section: DriftSection, dataset: Result, where: Locator) -> Source | None:
    """The line of the limit that closed the gate, else of the first limit set, else of the section."""
    drifted, share = dataset.details["drifted_columns"], dataset.details["drifted_share"]
    limits: list[tuple[str, bool]] = []
    if section.max_drifted_columns is not None:
        limits.append(("max_drifted_columns", drifted > section.max_drifted_columns))
    if section.max_drifted_share is not None:
        limits.append(("max_drifted_share", share > section.max_drifted_share))
    for key, broken in sorted(limits, key=lambda item: not item[1]):
        found = where((key,))
        if found is not None or broken:
            return found
    return where(())


def _data_facts(section: DriftSection, reference: Side, current: Side) -> dict[str, Any]:
    def side(s: Side) -> dict[str, Any]:
        return {
            "spec": s.source.spec,
            "rows": s.rows,
            "rows_used": s.sampled_rows,
            "sampled": s.sampled,
            "git_commit": s.source.git_commit,
        }

    return {
        "reference": side(reference),
        "current": side(current),
        "sample": section.sample,
        "seed": section.seed,
    }
