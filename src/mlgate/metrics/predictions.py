"""Read two per-example prediction files through DuckDB and pair them on the key.

Rows pair on `key` (an inner join); rows without a partner are counted and reported. A key that
appears twice in one file, a missing or NULL value where one is needed, and a key whose label
differs between the two files make the comparison meaningless: each is a GateError (exit 2) with
sample keys. Labels and class predictions are encoded once, over both files, so codes agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mlgate.context import GateContext
from mlgate.data.errors import engine_error
from mlgate.data.source import DataSource, scan_sql, sql_identifier
from mlgate.errors import GateError
from mlgate.metrics.config import SignificanceSpec
from mlgate.metrics.scores import SCORE_METRICS, FloatArray

NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE", "DECIMAL", "REAL")  # fmt: skip


@dataclass
class Paired:
    """Paired examples, ready for the metric functions."""

    n: int
    unpaired_candidate: int
    unpaired_baseline: int
    task: str  # classification | regression
    y: Any  # IntArray codes (classification) or FloatArray (regression)
    pred_candidate: Any
    pred_baseline: Any
    score_candidate: FloatArray | None = None
    score_baseline: FloatArray | None = None
    classes: list[Any] = field(default_factory=list)
    positive: int | None = None  # code of the positive class
    slices: Any = None  # object array of slice values, or None
    notes: list[str] = field(default_factory=list)

    @property
    def k(self) -> int:
        return len(self.classes)

    def y01(self) -> FloatArray:
        out: FloatArray = (np.asarray(self.y) == self.positive).astype(np.float64)
        return out

    def subset(self, mask: Any) -> Paired:
        def pick(a: Any) -> Any:
            return None if a is None else a[mask]

        return Paired(
            n=int(np.count_nonzero(mask)),
            unpaired_candidate=0,
            unpaired_baseline=0,
            task=self.task,
            y=pick(self.y),
            pred_candidate=pick(self.pred_candidate),
            pred_baseline=pick(self.pred_baseline),
            score_candidate=pick(self.score_candidate),
            score_baseline=pick(self.score_baseline),
            classes=self.classes,
            positive=self.positive,
            slices=None,
        )


def _columns(ctx: GateContext, source: DataSource) -> dict[str, str]:
    try:
        rows = ctx.duckdb().execute(f"DESCRIBE SELECT * FROM {scan_sql(source)}").fetchall()
    except Exception as exc:  # duckdb raises many types; all mean "cannot read this file"
        raise engine_error(exc, source, f"reading predictions {source.spec}") from None
    return {str(r[0]): str(r[1]).upper() for r in rows}


def _file_of(source: DataSource) -> str:
    return str(source.paths[0]) if len(source.paths) == 1 and source.git_commit is None else source.spec


def _require(columns: dict[str, str], wanted: dict[str, str], source: DataSource) -> None:
    for option, column in wanted.items():
        if column not in columns:
            raise GateError(
                f"predictions {source.spec} have no column {column!r} (the {option} column)",
                file=_file_of(source),
                hint=f"the columns are: {', '.join(columns)}; set `{option}:` to one of them",
            )


def _is_numeric(sql_type: str) -> bool:
    return sql_type.startswith(NUMERIC_TYPES)


def _value_sql(column: str, sql_type: str, as_number: bool) -> str:
    ident = sql_identifier(column)
    if sql_type == "BOOLEAN":
        return f"CAST({ident} AS INTEGER)"
    if as_number:
        return f"TRY_CAST({ident} AS DOUBLE)" if not _is_numeric(sql_type) else f"CAST({ident} AS DOUBLE)"
    return f"CAST({ident} AS VARCHAR)"


def _run(con: Any, sql: str, source: DataSource) -> Any:
    """Execute; DuckDB's errors become GateErrors that name the file."""
    try:
        return con.execute(sql)
    except Exception as exc:  # duckdb raises many types; all mean "cannot read or pair this file"
        raise engine_error(exc, source, f"pairing predictions {source.spec}") from None


def _sample(con: Any, sql: str, limit: int, source: DataSource) -> str:
    rows = _run(con, f"{sql} LIMIT {int(limit)}", source).fetchall()
    return ", ".join(repr(r[0]) for r in rows)


def pair_predictions(
    spec: SignificanceSpec, ctx: GateContext, candidate: DataSource, baseline: DataSource
) -> Paired:
    con = ctx.duckdb()
    wanted = {"key": spec.key, "label": spec.label, "prediction": spec.prediction}
    if spec.score:
        wanted["score"] = spec.score
    cand_cols, base_cols = _columns(ctx, candidate), _columns(ctx, baseline)
    _require(cand_cols, wanted, candidate)
    _require(base_cols, wanted, baseline)
    if spec.slice:
        _require(cand_cols, {"slice": spec.slice}, candidate)
    task = spec.resolved_task()
    regression = task == "regression"
    # keys of different types (42 vs "42") would not join: compare them as text then
    same_key_type = cand_cols[spec.key] == base_cols[spec.key] or (
        _is_numeric(cand_cols[spec.key]) and _is_numeric(base_cols[spec.key])
    )
    key_sql = sql_identifier(spec.key) if same_key_type else f"CAST({sql_identifier(spec.key)} AS VARCHAR)"
    for name, cols, source in (("cand", cand_cols, candidate), ("base", base_cols, baseline)):
        parts = [
            f"{key_sql} AS k",
            f"{_value_sql(spec.label, cols[spec.label], regression or _is_numeric(cols[spec.label]))} AS y",
            f"{_value_sql(spec.prediction, cols[spec.prediction], regression or _is_numeric(cols[spec.prediction]))} AS p",
            f"{_value_sql(spec.score, cols[spec.score], True)} AS s" if spec.score else "NULL::DOUBLE AS s",
            f"CAST({sql_identifier(spec.slice)} AS VARCHAR) AS g"
            if spec.slice and name == "cand"
            else "NULL AS g",
        ]
        try:
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE mlgate_pred_{name} AS SELECT {', '.join(parts)} FROM {scan_sql(source)}"
            )
        except Exception as exc:
            raise engine_error(exc, source, f"reading predictions {source.spec}") from None
        _check_rows(con, name, source, spec, ctx.samples)
    joined = "mlgate_pred_cand c JOIN mlgate_pred_base b ON c.k = b.k"
    mismatch = _run(
        con, f"SELECT count(*) FROM {joined} WHERE c.y IS DISTINCT FROM b.y", candidate
    ).fetchone()
    if mismatch and mismatch[0]:
        keys = _sample(
            con,
            f"SELECT c.k FROM {joined} WHERE c.y IS DISTINCT FROM b.y ORDER BY c.k",
            ctx.samples,
            candidate,
        )
        raise GateError(
            f"{mismatch[0]} example(s) have a different {spec.label!r} in the candidate and the baseline predictions "
            f"(keys {keys}); the two models must be scored on the same labelled examples",
            file=_file_of(candidate),
            hint="regenerate both prediction files from the same evaluation set",
        )
    counts = _run(
        con,
        "SELECT (SELECT count(*) FROM mlgate_pred_cand), (SELECT count(*) FROM mlgate_pred_base), "
        f"(SELECT count(*) FROM {joined})",
        candidate,
    ).fetchone()
    assert counts is not None
    n_cand, n_base, n = (int(v) for v in counts)
    if n == 0:
        raise GateError(
            f"no example pairs up: no {spec.key!r} value of {candidate.spec} appears in {baseline.spec}",
            file=_file_of(candidate),
            hint=f"check that `key: {spec.key}` identifies the same examples in both files",
        )
    data = _run(
        con,
        f"SELECT c.y, c.p AS pc, b.p AS pb, c.s AS sc, b.s AS sb, c.g FROM {joined} ORDER BY c.k",
        candidate,
    ).fetchnumpy()
    paired = Paired(n=n, unpaired_candidate=n_cand - n, unpaired_baseline=n_base - n, task=task, y=None, pred_candidate=None, pred_baseline=None)  # fmt: skip
    if spec.slice:
        paired.slices = np.asarray(data["g"], dtype=object)
    if task == "regression":
        paired.y = np.asarray(data["y"], dtype=np.float64)
        paired.pred_candidate = np.asarray(data["pc"], dtype=np.float64)
        paired.pred_baseline = np.asarray(data["pb"], dtype=np.float64)
        return paired
    _encode_classes(paired, data, spec, candidate)
    return paired


def _check_rows(con: Any, name: str, source: DataSource, spec: SignificanceSpec, samples: int) -> None:
    table = f"mlgate_pred_{name}"

    def unusable(c: str) -> str:  # NULL, or a number that is NaN or infinite (CSV "nan", Parquet NaN)
        return f"count(*) FILTER ({c} IS NULL OR (typeof({c}) = 'DOUBLE' AND NOT isfinite(TRY_CAST({c} AS DOUBLE))))"

    nulls = _run(
        con,
        f"SELECT count(*) FILTER (k IS NULL), {unusable('y')}, {unusable('p')}, "
        + (unusable("s") if spec.score else "0")
        + f" FROM {table}",
        source,
    ).fetchone()
    assert nulls is not None
    for count, column in zip(nulls, (spec.key, spec.label, spec.prediction, spec.score), strict=True):
        if count:
            raise GateError(
                f"{count} row(s) of {source.spec} have no usable {column!r} (NULL, NaN, infinite or not a number)",
                file=_file_of(source),
                hint="every example needs a key, a label and a prediction; fix or drop those rows",
            )
    dup = _run(
        con, f"SELECT count(*) FROM (SELECT k FROM {table} GROUP BY k HAVING count(*) > 1)", source
    ).fetchone()
    if dup and dup[0]:
        keys = _sample(
            con, f"SELECT k FROM {table} GROUP BY k HAVING count(*) > 1 ORDER BY k", samples, source
        )
        raise GateError(
            f"{dup[0]} key(s) appear more than once in {source.spec} (e.g. {keys}); `{spec.key}` must identify one example",
            file=_file_of(source),
            hint="deduplicate the predictions, or choose a key column that is unique",
        )


def _norm(value: Any) -> str:
    """One spelling per class across types: 1, 1.0 and True are all "1"."""
    if isinstance(value, bool | np.bool_):
        return "1" if value else "0"
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _class_order(value: str) -> tuple[int, float, str]:
    try:
        return (0, float(value), value)
    except ValueError:
        return (1, 0.0, value)


def _encode_classes(paired: Paired, data: dict[str, Any], spec: SignificanceSpec, source: DataSource) -> None:
    y = [_norm(v) for v in np.asarray(data["y"]).tolist()]
    pc_raw, pb_raw = np.asarray(data["pc"]), np.asarray(data["pb"])
    sc = np.asarray(data["sc"], dtype=np.float64) if spec.score else None
    sb = np.asarray(data["sb"], dtype=np.float64) if spec.score else None
    score_mode = pc_raw.dtype.kind == "f" and (
        bool(np.any(pc_raw != np.round(pc_raw))) or bool(np.any(pb_raw != np.round(pb_raw)))
    )
    names = set(y)
    if score_mode:
        if len(names) == 1:  # a one-class evaluation set: complete the obvious binary pair
            only = next(iter(names))
            names |= {"0"} if only == "1" else ({"1"} if only == "0" else set())
    else:
        names |= {_norm(v) for v in pc_raw.tolist()} | {_norm(v) for v in pb_raw.tolist()}
    classes = sorted(names, key=_class_order)
    lookup = {c: i for i, c in enumerate(classes)}
    needs_positive = score_mode or any(
        m in ("precision", "recall", "f1") or m in SCORE_METRICS for m in spec.metrics
    )
    positive = _positive(classes, spec, source, need=needs_positive)
    if spec.positive is None and positive is not None and classes[positive] not in _POSITIVE_NAMES:
        paired.notes.append(
            f"significance: the positive class is {classes[positive]!r}, the larger of {', '.join(map(repr, classes))} "
            "(as scikit-learn picks it); set `positive:` (--positive) if that is wrong"
        )
    paired.classes = classes
    paired.positive = positive
    paired.y = np.fromiter((lookup[v] for v in y), dtype=np.int64, count=len(y))
    if score_mode:
        assert positive is not None
        if sc is None or sb is None:
            sc, sb = pc_raw.astype(np.float64), pb_raw.astype(np.float64)
        negative = 1 - positive if len(classes) == 2 else positive
        paired.pred_candidate = np.where(
            pc_raw.astype(np.float64) >= spec.threshold, positive, negative
        ).astype(np.int64)
        paired.pred_baseline = np.where(
            pb_raw.astype(np.float64) >= spec.threshold, positive, negative
        ).astype(np.int64)
    else:
        paired.pred_candidate = np.fromiter(
            (lookup[_norm(v)] for v in pc_raw.tolist()), dtype=np.int64, count=len(y)
        )
        paired.pred_baseline = np.fromiter(
            (lookup[_norm(v)] for v in pb_raw.tolist()), dtype=np.int64, count=len(y)
        )
    if sc is None and positive is not None:
        sc = (paired.pred_candidate == positive).astype(np.float64)  # hard predictions as 0/1 scores
        sb = (paired.pred_baseline == positive).astype(np.float64)
    paired.score_candidate, paired.score_baseline = sc, sb


_POSITIVE_NAMES = ("1", "true", "True", "yes", "positive", "pos")


def _positive(classes: list[str], spec: SignificanceSpec, source: DataSource, *, need: bool) -> int | None:
    if spec.positive is not None:
        wanted = _norm(spec.positive)
        if wanted not in classes:
            raise GateError(
                f"positive class {spec.positive!r} does not occur in the labels or predictions ({', '.join(classes)})",
                file=_file_of(source),
                hint="set `positive:` to one of the label values",
            )
        return classes.index(wanted)
    if not need:
        return None
    if len(classes) > 2:
        binary = [m for m in spec.metrics if m in ("precision", "recall", "f1") or m in SCORE_METRICS]
        raise GateError(
            f"{', '.join(binary) or 'scores'} need a binary task, but the labels have {len(classes)} classes",
            file=_file_of(source),
            hint="use the macro/micro metrics (f1_macro, precision_macro...) or accuracy for multiclass tasks, with class predictions",
        )
    for name in _POSITIVE_NAMES:
        if name in classes:
            return classes.index(name)
    return len(classes) - 1  # the larger label, as scikit-learn's roc_auc_score does
