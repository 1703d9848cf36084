"""Metric files: JSON, YAML, TOML and CSV read into one flat table of numbers.

Nested keys flatten with dots as DVC does (`{"test": {"auc": 0.91}}` → `test.auc`); the exports of
`dvc metrics show --json` and MLflow (a list of `{key, value}`, or `{"metrics": {...}}`) are
recognised and unwrapped. Non-numeric leaves are skipped with a note (a metric that a rule needs
then shows up as missing, which fails); NaN and infinities are kept, because they must fail.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlgate.context import GateContext
from mlgate.errors import GateError
from mlgate.gitio import is_git_spec, parse_git_spec, read_git_file, resolve_commit
from mlgate.yamlio import parse_yaml

FORMATS = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".toml": "toml", ".csv": "csv", ".tsv": "csv"}
# Sibling keys that give the number of examples behind a group of metrics (for `min_slice_size`).
SIZE_KEYS = ("n", "size", "count", "support")
CSV_SIZE_COLUMNS = ("n", "size", "count", "support")
METRIC_FILE_SUFFIXES = (".json", ".yaml", ".yml", ".toml", ".csv")

MetricKey = tuple[str, str | None]  # (flattened metric name, slice or None)


@dataclass(frozen=True)
class MetricEntry:
    value: float
    size: int | None = None  # examples behind the value, when the file says
    line: int | None = None  # CSV line, for messages


@dataclass
class MetricFile:
    spec: str  # as the user wrote it
    path: Path  # the local file read (a temp copy for git: specs)
    entries: dict[MetricKey, MetricEntry] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    git_commit: str | None = None

    def names(self) -> set[str]:
        return {name for name, _ in self.entries}


def detect_metric_format(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise GateError(
            f"cannot tell the format of metrics file {name!r} from its extension",
            hint="use a .json, .yaml/.yml, .toml or .csv metrics file",
        )
    return FORMATS[suffix]


def read_metric_file(
    spec: str, ctx: GateContext, *, role: str, allow_missing: bool = False
) -> MetricFile | None:
    """Read a metrics file from a path or `git:REF:PATH`.

    With `allow_missing` (baselines), a file that does not exist at a git revision that does exist
    returns None: that is a first model (main has no metrics yet). A local path that does not exist is
    always an error: a typo or a renamed file must not open the gate. A git ref that is not in the
    checkout is an error (exit 2) whose hint says how to fetch it.
    """
    if is_git_spec(spec):
        git = parse_git_spec(spec)
        fmt = detect_metric_format(git.path)
        resolve_commit(git.ref, ctx.base_dir)  # a missing ref is never a "first model"
        try:
            content, commit = read_git_file(git, ctx.base_dir)
        except GateError:
            if allow_missing:
                return None
            raise
        local = ctx.tempdir() / f"{role.replace('.', '_')}-{commit[:12]}-{Path(git.path).name}"
        local.write_bytes(content)
        ctx.record_input(role, spec, local, commit)
        metrics = parse_metric_bytes(content, fmt, display=spec)
        metrics.spec, metrics.path, metrics.git_commit = spec, local, commit
        return metrics
    fmt = detect_metric_format(spec)
    path = ctx.resolve(spec)
    if not path.exists():
        raise GateError(
            f"{'baseline' if allow_missing else 'metrics'} file not found",
            file=path,
            hint="check the path; relative paths resolve from the config file's directory"
            + (
                "; for a first model, leave `baseline` out or read it from git (git:origin/main:PATH), "
                "where a file that does not exist yet counts as a first model"
                if allow_missing
                else ""
            ),
        )
    if path.is_dir():
        raise GateError("metrics file is a directory, expected a file", file=path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise GateError(f"cannot read metrics file: {exc.strerror}", file=path) from None
    ctx.record_input(role, spec, path)
    metrics = parse_metric_bytes(content, fmt, display=_display(path))
    metrics.spec, metrics.path = spec, path
    return metrics


def _display(path: Path) -> str:
    """A path as people read it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd().resolve()) else str(path)
    except (OSError, ValueError):
        return str(path)


def parse_metric_bytes(content: bytes, fmt: str, *, display: str) -> MetricFile:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GateError(
            f"metrics file is not UTF-8 text (offset {exc.start})",
            file=display,
            line=content[: exc.start].count(b"\n") + 1,
            hint="save the file as UTF-8",
        ) from None
    metrics = MetricFile(spec=display, path=Path(display))
    if not text.strip():
        raise GateError(
            "metrics file is empty", file=display, hint='write the metrics into it, e.g. {"accuracy": 0.91}'
        )
    if fmt == "csv":
        _read_csv(text, display, metrics, delimiter="\t" if display.lower().endswith(".tsv") else ",")
        return metrics
    data = _load_tree(text, fmt, display)
    _flatten_into(_unwrap_exports(data, display), "", metrics)
    if not metrics.entries:
        skipped = ", ".join(
            note.removeprefix(f"{display}: ").removesuffix("; ignored") for note in metrics.notes[:3]
        )
        raise GateError(
            "metrics file holds no numeric metric" + (f" ({skipped})" if skipped else ""),
            file=display,
            hint='metrics must be numbers (not strings or true/false), e.g. {"accuracy": 0.91} or nested {"test": {"auc": 0.9}}',
        )
    return metrics


def _load_tree(text: str, fmt: str, display: str) -> Any:
    if fmt == "json":
        try:
            return json.loads(text, object_pairs_hook=_unique_keys)
        except json.JSONDecodeError as exc:
            raise GateError(
                f"not valid JSON: {exc.msg}",
                file=display,
                line=exc.lineno,
                column=exc.colno,
                hint="check the quoting and commas around this position",
            ) from None
        except _DuplicateKey as exc:
            # json reports no positions: name every line that holds the key, the last one is a repeat
            lines = sorted({text.count("\n", 0, m.start()) + 1 for m in re.finditer(re.escape(json.dumps(exc.key)) + r"\s*:", text)})  # fmt: skip
            raise GateError(
                f"metric key {exc.key!r} appears twice in one object"
                + (f" (lines {', '.join(map(str, lines))})" if len(lines) > 1 else "")
                + "; JSON keeps only the last value, which would hide the first",
                file=display,
                line=lines[-1] if lines else None,
                hint="remove or rename one of the two keys",
            ) from None
    if fmt == "yaml":
        return parse_yaml(text, Path(display)).data
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        reason = re.sub(r" \(at (line .*|end of document)\)$", "", message)
        at_end = message.endswith("(at end of document)")
        raise GateError(
            f"not valid TOML: {reason}" + (" at the end of the file" if at_end else ""),
            file=display,
            line=int(found.group(1)) if found else (len(text.splitlines()) if at_end else None),
            column=int(found.group(2)) if found else None,
            hint="check the syntax around this position (an unclosed bracket or quote shows up at the end)",
        ) from None


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _unwrap_exports(data: Any, display: str) -> Any:
    """Recognise DVC and MLflow exports and return the plain metrics tree inside them."""
    if isinstance(data, list):
        return _mlflow_list(data, display)
    if not isinstance(data, dict):
        raise GateError(
            f"metrics file must hold a mapping of metric names to numbers, not a {type(data).__name__}",
            file=display,
        )
    # `dvc metrics show --json`: {REV: {"data": {FILE: {"data": {...}}}}}
    if data and all(isinstance(v, dict) and isinstance(v.get("data"), dict) for v in data.values()):
        revisions = list(data.values())
        files = revisions[0]["data"]
        if files and all(isinstance(f, dict) and ("data" in f or "error" in f) for f in files.values()):
            if len(revisions) > 1:
                raise GateError(
                    f"this `dvc metrics show --json` output holds {len(revisions)} revisions",
                    file=display,
                    hint="export one revision (drop -a/-T/-A), or point mlgate at the metrics file itself",
                )
            return _merge_files({name: f.get("data") for name, f in files.items()}, display)
    # simplified DVC shape: {"metrics.json": {...}, "eval/scores.yaml": {...}}
    if data and all(
        isinstance(k, str) and k.lower().endswith(METRIC_FILE_SUFFIXES) and isinstance(v, dict)
        for k, v in data.items()
    ):
        return _merge_files(data, display)
    # MLflow: {"run": {"data": {"metrics": [...]}}}, {"data": {"metrics": ...}}, {"metrics": ..., "params": ...}
    if isinstance(data.get("run"), dict) and set(data) == {"run"}:
        data = data["run"]
    if (
        isinstance(data.get("data"), dict)
        and "metrics" in data["data"]
        and set(data) <= {"info", "data", "inputs", "outputs"}
    ):
        data = data["data"]
    if "metrics" in data and set(data) <= {"metrics", "params", "tags", "info", "run_id", "run_name"}:
        inner = data["metrics"]
        return _mlflow_list(inner, display) if isinstance(inner, list) else inner
    return data


def _merge_files(files: dict[str, Any], display: str) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for name, tree in files.items():
        if not isinstance(tree, dict):
            continue
        for key, value in tree.items():
            if key in merged:
                raise GateError(
                    f"metric {key!r} appears in more than one file of the DVC export ({name})",
                    file=display,
                    hint="point mlgate at one metrics file instead of the combined export",
                )
            merged[key] = value
    return merged


def _mlflow_list(items: list[Any], display: str) -> dict[str, Any]:
    """MLflow's `[{key, value, step, timestamp}, ...]`: the latest step (then timestamp) of each key wins."""
    latest: dict[str, tuple[float, float, Any]] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict) or "key" not in item or "value" not in item:
            raise GateError(
                f"item {index} of the metrics list is not a {{key, value}} object",
                file=display,
                hint='a metrics list must look like MLflow\'s: [{"key": "accuracy", "value": 0.91}, ...]',
            )
        order = (float(item.get("step") or 0), float(item.get("timestamp") or 0))
        key = str(item["key"])
        if key not in latest or order >= latest[key][:2]:
            latest[key] = (*order, item["value"])
    return {key: value for key, (_, _, value) in latest.items()}


def _flatten_into(tree: Any, prefix: str, metrics: MetricFile) -> None:
    if not isinstance(tree, dict | list):
        _add_leaf(prefix, tree, None, metrics)
        return
    size = _group_size(tree) if isinstance(tree, dict) else None
    for key, value in tree.items() if isinstance(tree, dict) else enumerate(tree):
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict | list):
            _flatten_into(value, name, metrics)
        else:
            _add_leaf(name, value, size, metrics)


def _group_size(tree: dict[str, Any]) -> int | None:
    for key in SIZE_KEYS:
        value = tree.get(key)
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and value >= 0
        ):
            return int(value)
    return None


def _add_leaf(name: str, value: Any, size: int | None, metrics: MetricFile) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        shown = repr(value) if not isinstance(value, str) or len(value) < 40 else repr(value[:37] + "...")
        metrics.notes.append(f"{metrics.spec}: {name!r} is not a number ({shown}); ignored")
        return
    metrics.entries[(name, None)] = MetricEntry(float(value), size)


def _read_csv(text: str, display: str, metrics: MetricFile, *, delimiter: str) -> None:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise GateError(f"not a valid CSV file: {exc}", file=display, line=1) from None
    known = {"metric", "value", "slice", *CSV_SIZE_COLUMNS}
    unknown = [h for h in header if h not in known]
    if "metric" not in header and "value" not in header and len(header) >= 2 and _is_number(header[1]):
        raise GateError(
            f"a CSV metrics file starts with the header metric,value[,slice][,n], but line 1 is data ({','.join(header)})",
            file=display,
            line=1,
            hint="add the line `metric,value` at the top of the file",
        )
    if "metric" not in header or "value" not in header or unknown:
        raise GateError(
            "a CSV metrics file needs the header metric,value[,slice][,n]"
            + (f"; unknown column(s): {', '.join(unknown)}" if unknown else ""),
            file=display,
            line=1,
            hint="write one metric per row: metric,value,slice,n (slice and n are optional)",
        )
    if len(set(header)) != len(header):
        raise GateError("the CSV header names a column twice", file=display, line=1)
    col = {name: header.index(name) for name in header}
    size_col = next((col[c] for c in CSV_SIZE_COLUMNS if c in col), None)
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise GateError(
                    f"row has {len(row)} fields, the header has {len(header)}", file=display, line=line
                )
            name = row[col["metric"]].strip()
            if not name:
                raise GateError("empty metric name", file=display, line=line)
            slice_name = row[col["slice"]].strip() or None if "slice" in col else None
            raw = row[col["value"]].strip()
            try:
                value = float(raw)
            except ValueError:
                metrics.notes.append(f"{display}:{line}: {name!r} is not a number ({raw!r}); ignored")
                continue
            size = _csv_size(row[size_col].strip(), display, line) if size_col is not None else None
            key = (name, slice_name)
            if key in metrics.entries:
                where = f" for slice {slice_name!r}" if slice_name else ""
                raise GateError(
                    f"metric {name!r}{where} appears twice (first on line {metrics.entries[key].line})",
                    file=display,
                    line=line,
                    hint="keep one row per metric and slice",
                )
            metrics.entries[key] = MetricEntry(value, size, line)
    except csv.Error as exc:
        raise GateError(f"not a valid CSV file: {exc}", file=display, line=reader.line_num) from None
    if not metrics.entries:
        raise GateError("metrics file holds no numeric metric", file=display, hint="add rows: metric,value")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _csv_size(raw: str, display: str, line: int) -> int | None:
    if not raw:
        return None
    try:
        size = float(raw)
    except ValueError:
        size = -1.0
    if not math.isfinite(size) or size < 0 or size != int(size):
        raise GateError(f"slice size {raw!r} is not a whole number of examples", file=display, line=line)
    return int(size)
