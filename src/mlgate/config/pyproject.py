"""`[tool.mlgate]` in pyproject.toml: find it, read it, and point at the line of any key in it.

`tomllib` keeps no positions, so lines are found from the text: table headers (`[tool.mlgate.drift]`),
the n-th array-of-tables header for a list index (`[[tool.mlgate.metrics.rules]]`), then the key
line inside the table; a value inside an inline table or array points at its key's line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mlgate.errors import GateError

Position = tuple[int | None, int | None]
_ERROR_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class _Header:
    line: int  # 1-based
    array: bool  # [[...]]
    name: tuple[str, ...]


def _split_key(text: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in text.split("."))


def _headers(lines: list[str]) -> list[_Header]:
    out = []
    for number, text in enumerate(lines, 1):
        stripped = text.split("#", 1)[0].strip()
        if stripped.startswith("[[") and stripped.endswith("]]"):
            out.append(_Header(number, True, _split_key(stripped[2:-2])))
        elif stripped.startswith("[") and stripped.endswith("]"):
            out.append(_Header(number, False, _split_key(stripped[1:-1])))
    return out


def has_tool_mlgate(text: str) -> bool:
    """Whether the file configures mlgate (a broken TOML file that seems to is reported, not skipped)."""
    if "mlgate" not in text:
        return False
    try:
        return "mlgate" in tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return any(_split_key(h.strip("[] \t"))[:2] == ("tool", "mlgate") for h in text.splitlines())


def read_pyproject(text: str, file: str) -> tuple[Any, Callable[[tuple[str | int, ...], bool], Position]]:
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _ERROR_AT.search(str(exc))
        raise GateError(
            f"not valid TOML: {_ERROR_AT.sub('', str(exc)).strip()}",
            file=file,
            line=int(found.group(1)) if found else None,
            column=int(found.group(2)) if found else None,
            hint="check the quoting and the `key = value` syntax on that line",
        ) from None
    section = table.get("tool", {}).get("mlgate")
    if section is None:
        raise GateError(
            "pyproject.toml has no [tool.mlgate] table",
            file=file,
            hint="add a [tool.mlgate] table, or write mlgate.yaml",
        )
    return section, toml_position(text.splitlines())


def toml_position(lines: list[str]) -> Callable[[tuple[str | int, ...], bool], Position]:
    headers = _headers(lines)

    def key_line(after: int, name: str) -> Position:
        """`name = ...` (or `name.sub = ...`) in the table body that starts after line `after`."""
        for number in range(after, len(lines)):
            stripped = lines[number].strip()
            if stripped.startswith("["):
                break
            if "=" in stripped and _split_key(stripped.split("=", 1)[0])[0] == name:
                return number + 1, lines[number].index(stripped[0]) + 1
        return None, None

    def position(path: tuple[str | int, ...], key: bool) -> Position:
        table: tuple[str, ...] = ("tool", "mlgate")
        start = next((h.line for h in headers if h.name == table), None)
        if start is None:
            start = next((h.line for h in headers if h.name[:2] == table), None)
        best: Position = (start, 1) if start else (None, None)
        for part in path:
            if isinstance(part, int):
                items = [h for h in headers if h.array and h.name == table and h.line > (best[0] or 0)]
                if part >= len(items):
                    return best  # an inline array: its key's line is as close as it gets
                best = (items[part].line, 1)
                continue
            table = (*table, part)
            header = next((h for h in headers if h.name == table and h.line > (best[0] or 0)), None)
            if header is not None:
                if not header.array:
                    best = (header.line, 1)
                continue  # an array of tables: the index that follows picks the header
            if any(h.name[: len(table)] == table and h.line > (best[0] or 0) for h in headers):
                continue  # a table only defined through its sub-tables ([a.b.c] without [a.b])
            if best[0] is None:
                return best
            found = key_line(best[0], part)
            return found if found[0] is not None else best
        return best

    return position
