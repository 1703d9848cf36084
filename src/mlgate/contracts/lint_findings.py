"""What a lint check reports, and the small helpers that name the place in words people recognise.

Schema validation (`odcs_schema`) and mlgate's own checks (`lint_semantic`, `lint_quality`) both produce
`Finding`s: a JSON path into the raw contract, a stable rule name, the problem and its fix. `lint` turns
them into `Result`s with file:line:column from the YAML positions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mlgate.yamlio import JsonPath


@dataclass(frozen=True)
class Finding:
    path: JsonPath  # where, inside the raw contract
    rule: str  # stable short name, e.g. "unknown-key", "range-reversed"
    message: str  # the problem, in one sentence
    fix: str  # what to change
    at_key: bool = False  # point at the mapping key (unknown keys) rather than at its value
    offset: int | None = None  # a character inside a text value (e.g. SQL), for an exact line and column

    def text(self) -> str:
        """The one line users read: the problem, then the fix."""
        return f"{self.message}; {self.fix}" if self.fix else self.message


def position_in_scalar(
    lines: list[str], line: int, column: int, value: str, offset: int
) -> tuple[int, int] | None:
    """Line and column (1-based) of `value[offset]` in the source, for plain, quoted and `|` scalars.

    `line`/`column` is where YAML says the scalar starts. None when the mapping is not certain
    (folded `>` blocks, escapes before the offset, multi-line flow scalars): then the caller keeps
    the scalar's start.
    """
    if not (0 <= offset < len(value)) or not (1 <= line <= len(lines)):
        return None
    start = lines[line - 1][column - 1 :]
    if start.startswith("|"):
        row = value.count("\n", 0, offset)
        col = offset - (value.rfind("\n", 0, offset) + 1)
        body = [text for text in lines[line:] if text.strip()]
        if not body:
            return None
        indent = len(body[0]) - len(body[0].lstrip(" "))
        found = (line + 1 + row, indent + 1 + col)
    elif "\n" in value[: offset + 1]:
        return None
    elif start.startswith(value[: offset + 1]):
        found = (line, column + offset)
    elif start[:1] in ("'", '"') and start[1:].startswith(value[: offset + 1]):
        found = (line, column + 1 + offset)
    else:
        return None
    row_text = lines[found[0] - 1] if found[0] <= len(lines) else ""
    return found if row_text[found[1] - 1 : found[1]] == value[offset] else None


def format_path(path: JsonPath) -> str:
    """`schema[0].properties[2].quality[0]` — stable, readable, and unambiguous enough for result ids."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "$"


def node_at(data: Any, path: JsonPath) -> Any:
    """The raw value at `path`, or None when the path does not exist."""
    node = data
    for part in path:
        in_list = isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node)
        in_mapping = isinstance(part, str) and isinstance(node, dict) and part in node
        if not (in_list or in_mapping):
            return None
        node = node[part]
    return node


def _name_of(node: Any) -> str | None:
    if isinstance(node, dict):
        name = node.get("name")
        if isinstance(name, str | int | float) and not isinstance(name, bool):
            return str(name)
    return None


def target_name(data: Any, path: JsonPath) -> str:
    """`orders.amount` for anything under a property, `orders` under a schema object, else the JSON path."""
    names: list[str] = []
    node = data
    parent_key: str | int | None = None
    for part in path:
        node = node_at(node, (part,))
        if isinstance(part, int) and parent_key in ("schema", "properties"):
            name = _name_of(node)
            names.append(name if name is not None else f"#{part + 1}")
        if node is None:
            break
        parent_key = part
    return ".".join(names) if names else format_path(path)


def describe(data: Any, path: JsonPath) -> str:
    """What the object at `path` is, in words: "property `amount`", "a quality rule", "the contract"."""
    if not path:
        return "the contract"
    node = node_at(data, path)
    last = path[-1]
    parent = path[-2] if len(path) >= 2 else None
    if isinstance(last, int):
        name = _name_of(node)
        label = f"`{name}`" if name is not None else f"#{last + 1}"
        if parent == "schema":
            return f"schema object {label}"
        if parent == "properties":
            return f"property {label}"
        if parent == "quality":
            return "a quality rule"
        if parent == "servers" and isinstance(node, dict) and isinstance(node.get("server"), str):
            return f"server `{node['server']}`"
        return f"`{format_path(path[-2:])}`" if parent is not None else f"item {last + 1}"
    return f"`{last}`"


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate a typo most probably meant (difflib), or None when nothing is close."""
    import difflib  # only needed when there is a finding to explain

    pool = sorted({c for c in candidates if c != word})
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if matches:
        return matches[0]
    lowered = {c.lower(): c for c in pool}
    return lowered.get(word.lower())


def type_word(value: Any) -> str:
    """The YAML type of a value as users think of it."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def show(value: Any, limit: int = 60) -> str:
    """A short rendering of a user value for a message."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "null"
    elif isinstance(value, str):
        text = repr(value)
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
