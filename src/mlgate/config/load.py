"""Find and load the repo's policy: `mlgate.yaml`, `mlgate.yml` or `[tool.mlgate]` in `pyproject.toml`.

Loading validates the pydantic models and then the things a schema cannot know (paths that do not
exist, globs that match nothing, waivers that run too long), and reports every problem at once,
each at `file:line:column`. Paths in the config resolve relative to the config file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mlgate.config.base import Locator
from mlgate.config.model import MAX_WAIVER_DAYS, MlgateConfig
from mlgate.config.paths import path_problems
from mlgate.config.problems import ConfigError, dotted, known_keys, model_at, problem, suggest
from mlgate.config.pyproject import has_tool_mlgate, read_pyproject
from mlgate.errors import GateError
from mlgate.results import Source
from mlgate.yamlio import JsonPath, YamlDocument, parse_yaml, read_text

CONFIG_NAMES = ("mlgate.yaml", "mlgate.yml")
SECTIONS = ("contracts", "metrics", "drift", "waivers")
PositionFn = Callable[[JsonPath, bool], tuple[int | None, int | None]]


def display_path(path: Path) -> str:
    """A path as people read it: relative to the working directory (`../mlgate.yaml` from below)."""
    try:
        return os.path.relpath(path)
    except (OSError, ValueError):  # e.g. another drive on Windows
        return str(path)


@dataclass
class LoadedConfig:
    path: Path  # absolute
    config: MlgateConfig
    raw: dict[str, Any]
    sha256: str
    _position: PositionFn

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    @property
    def display(self) -> str:
        return display_path(self.path)

    def source(self, path: JsonPath, *, key: bool = False) -> Source:
        line, column = self._position(path, key)
        return Source(self.display, line, column)

    def locator(self, section: str) -> Locator:
        def locate(path: tuple[str | int, ...]) -> Source | None:
            return self.source((section, *path))

        return locate


class ConfigNotFound(GateError):
    """No config anywhere upwards (as opposed to a config that exists but is wrong or ambiguous)."""


def discover_config(start: Path | None = None) -> Path:
    """The nearest config from `start` (default: cwd) upwards; GateError when there is none."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        found = [directory / name for name in CONFIG_NAMES if (directory / name).is_file()]
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tool_mlgate(pyproject):
            found.append(pyproject)
        if len(found) > 1:
            raise GateError(
                f"both {found[0].name} and {found[1].name} configure mlgate in {display_path(directory)}",
                file=display_path(found[1]),
                hint="keep one of them (or pass --config FILE)",
            )
        if found:
            return found[0]
    raise ConfigNotFound(
        f"no mlgate.yaml found in {here} or any parent directory",
        hint="run `mlgate init` to write one, or pass --config FILE",
    )


def _has_tool_mlgate(pyproject: Path) -> bool:
    try:
        return has_tool_mlgate(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return False


def _yaml_position(doc: YamlDocument) -> PositionFn:
    def position(path: JsonPath, key: bool) -> tuple[int | None, int | None]:
        pos = doc.position(path, key=key)
        return (pos.line, pos.column) if pos else (None, None)

    return position


def _read(path: Path) -> tuple[Any, PositionFn, bytes]:
    text = read_text(Path(display_path(path)), "config file")
    raw_bytes = path.read_bytes()
    if path.name == "pyproject.toml":
        section, position = read_pyproject(text, display_path(path))
        return section, position, raw_bytes
    doc = parse_yaml(text, Path(display_path(path)))
    return doc.data, _yaml_position(doc), raw_bytes


def _validation_problems(exc: ValidationError, file: str, position: PositionFn) -> list[GateError]:
    problems: list[GateError] = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        kind = error["type"]
        if kind == "extra_forbidden":
            parent = model_at(MlgateConfig, loc[:-1])
            candidates = known_keys(parent) if parent else []
            guess = suggest(str(loc[-1]), candidates)
            where = f" in {dotted(loc[:-1])}" if loc[:-1] else ""
            message = f"unknown key {loc[-1]!r}{where}" + (f" (did you mean {guess!r}?)" if guess else "")
            hint = f"known keys here: {', '.join(candidates)}" if candidates else None
            line, column = position(loc, True)
        elif kind == "missing":
            message = f"missing required key {loc[-1]!r}" + (f" in {dotted(loc[:-1])}" if loc[:-1] else "")
            hint = "add `version: 1` as the first key" if loc == ("version",) else None
            line, column = position(loc[:-1], False)
        elif kind == "literal_error" and loc == ("version",):
            message = f"unsupported version {error.get('input')!r}"
            hint = "this mlgate reads `version: 1`"
            line, column = position(loc, False)
        else:
            text = error["msg"].removeprefix("Value error, ")
            message = f"{dotted(loc)}: {text}"
            if "input" in error and kind.endswith(("_type", "_parsing")):
                message += f" (got {type(error['input']).__name__} {_short(error['input'])})"
            hint = "write the date as YYYY-MM-DD, e.g. 2027-01-31" if kind.startswith("date") else None
            line, column = position(loc, False)
        problems.append(problem(message, file, line, column, hint))
    return problems


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _waiver_problems(config: MlgateConfig, loaded: LoadedConfig, today: dt.date) -> list[GateError]:
    problems = []
    limit = today + dt.timedelta(days=MAX_WAIVER_DAYS)
    for index, waiver in enumerate(config.waivers):
        if ":error:" in waiver.check:
            src = loaded.source(("waivers", index, "check"))
            problems.append(
                problem(
                    f"waiver {waiver.check!r} targets error results: an error means the gate could not "
                    "be evaluated, and it is never waivable",
                    src.file,
                    src.line,
                    src.column,
                    "fix the input the error names, and remove this waiver",
                )
            )
        if waiver.expires > limit:
            src = loaded.source(("waivers", index, "expires"))
            problems.append(
                problem(
                    f"waiver for {waiver.check!r} expires {waiver.expires.isoformat()}, more than "
                    f"{MAX_WAIVER_DAYS} days ahead (limit {limit.isoformat()})",
                    src.file,
                    src.line,
                    src.column,
                    "a waiver is temporary: pick an earlier date and renew it when it runs out",
                )
            )
    return problems


def load_config(path: Path, *, check_paths: bool = True, today: dt.date | None = None) -> LoadedConfig:
    """Load and validate a config file; ConfigError (exit 2) listing every problem."""
    path = path.resolve() if path.exists() else path
    file = display_path(path)
    if path.is_dir():
        raise GateError("the config path is a directory", file=file, hint="pass the mlgate.yaml file itself")
    data, position, raw_bytes = _read(path)
    if data is None:
        raise GateError(
            "config file is empty", file=file, line=1, hint="start with `version: 1` (or run `mlgate init`)"
        )
    if not isinstance(data, dict):
        raise GateError(
            f"config must be a mapping of keys, found a {type(data).__name__}",
            file=file,
            line=1,
            hint="start with `version: 1`, then `contracts:`, `metrics:`, `drift:`, `waivers:`",
        )
    # `drift:` with nothing under it is null: report it at its key, with everything else.
    empty = [key for key in SECTIONS if key in data and data[key] is None]
    problems = [
        problem(f"`{key}:` is empty; fill it in or remove the key", file, *position((key,), True))
        for key in empty
    ]
    try:
        config = MlgateConfig.model_validate({k: v for k, v in data.items() if k not in empty})
    except ValidationError as exc:
        problems.extend(_validation_problems(exc, file, position))
    if problems:
        raise ConfigError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    loaded = LoadedConfig(path, config, data, hashlib.sha256(raw_bytes).hexdigest(), position)
    today = today or dt.datetime.now(dt.UTC).date()
    problems = _waiver_problems(config, loaded, today)
    if check_paths:
        problems.extend(path_problems(loaded))
    if problems:
        raise ConfigError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    return loaded


def find_and_load(config: str | Path | None, **kwargs: Any) -> LoadedConfig:
    path = Path(config) if config is not None else discover_config()
    if config is not None and not path.exists():
        raise GateError("config file not found", file=str(config), hint="check the --config path")
    return load_config(path, **kwargs)
