"""Config problems: every finding of a config load, each at `file:line:column`, reported together.

A config with three typos should say so once, not in three runs; `ConfigError` carries them all and
is still a `GateError` (exit 2) for every command that loads a config.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel

from mlgate.errors import GateError


def problem(
    message: str, file: str, line: int | None = None, column: int | None = None, hint: str | None = None
) -> GateError:
    """One finding of a config load (a `GateError`, so it formats like every other error)."""
    return GateError(message, file=file, line=line, column=column, hint=hint)


class ConfigError(GateError):
    """One or more problems in a config file (exit 2)."""

    def __init__(self, problems: list[GateError]) -> None:
        first = problems[0]
        super().__init__(
            first.message, file=first.file, line=first.line, column=first.column, hint=first.hint
        )
        self.problems = problems

    def format(self) -> str:
        if len(self.problems) == 1:
            return self.problems[0].format()
        lines = [f"{len(self.problems)} problems in {self.problems[0].file}:"]
        lines.extend(problem.format() for problem in self.problems)
        return "\n".join(lines)


def dotted(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Optional/Union/list/dict annotations."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    return [annotation]


def model_at(root: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc` (None when it cannot be told)."""
    current: Any = root
    for part in loc:
        candidates = [t for t in _unwrap(current) if t is not type(None)]
        if not candidates:
            return None
        current = candidates[0]
        origin = typing.get_origin(current)
        if isinstance(part, int):
            if origin is not list:
                return None
            current = typing.get_args(current)[0]
            continue
        if origin is dict:
            current = typing.get_args(current)[1]
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = next(
            (f for name, f in current.model_fields.items() if (f.alias or name) == part),
            None,
        )
        if field is None:
            return None
        current = field.annotation
    models = [t for t in _unwrap(current) if isinstance(t, type) and issubclass(t, BaseModel)]
    return models[0] if models else None


def known_keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def suggest(word: str, candidates: list[str]) -> str | None:
    lowered = {c.lower(): c for c in candidates}
    if word.lower() in lowered:
        return lowered[word.lower()]
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return close[0] if close else None
