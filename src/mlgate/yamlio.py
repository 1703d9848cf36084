"""YAML loading that remembers where every node came from.

Contracts and configs are user-written YAML; every finding must point at `file:line:column`. We
compose the node graph ourselves so that each value (and each mapping key) keeps its position, reject
duplicate keys (PyYAML silently keeps the last one), and keep YAML 1.1's implicit timestamps as plain
strings (`2024-01-01` must stay the string the ODCS JSON Schema expects).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mlgate.context import note_read
from mlgate.errors import GateError

JsonPath = tuple[str | int, ...]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StringTimestampLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader without the implicit timestamp resolver."""


_StringTimestampLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.copy().items()
}


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class YamlDocument:
    """Plain data (dicts, lists, scalars) plus the position of every value and mapping key."""

    path: Path
    data: Any
    value_positions: dict[JsonPath, Position] = field(default_factory=dict)
    key_positions: dict[JsonPath, Position] = field(default_factory=dict)

    def position(self, path: JsonPath, *, key: bool = False) -> Position | None:
        """Position of the value at `path` (or of its key); falls back to the nearest ancestor."""
        table = self.key_positions if key else self.value_positions
        probe = tuple(path)
        while True:
            if probe in table:
                return table[probe]
            if probe in self.value_positions:
                return self.value_positions[probe]
            if not probe:
                return None
            probe = probe[:-1]


def _mark(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


# Aliases let a few lines expand into billions of nodes ("billion laughs"); contracts and configs arrive
# from pull requests, so expansion is capped far above any real document (the largest official ODCS
# example has ~20,000 nodes).
MAX_NODES = 1_000_000


def _build(node: yaml.Node, loader: yaml.SafeLoader, path: JsonPath, doc: YamlDocument, file: Path) -> Any:
    if len(doc.value_positions) >= MAX_NODES:
        raise GateError(
            f"the document expands to more than {MAX_NODES:,} values (YAML aliases nested too deep?)",
            file=file,
            line=node.start_mark.line + 1,
            hint="write the values out instead of nesting aliases (&anchor / *alias)",
        )
    doc.value_positions[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolves `<<` merge keys
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool) and key is not None:
                pos = _mark(key_node)
                raise GateError(
                    "mapping keys must be plain scalars", file=file, line=pos.line, column=pos.column
                )
            key = str(key) if not isinstance(key, str) else key
            if key in result:
                pos = _mark(key_node)
                raise GateError(
                    f"duplicate key {key!r} (YAML keeps only the last one, which would hide the first)",
                    file=file,
                    line=pos.line,
                    column=pos.column,
                    hint="remove or rename one of the two keys",
                )
            child = (*path, key)
            doc.key_positions[child] = _mark(key_node)
            result[key] = _build(value_node, loader, child, doc, file)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loader, (*path, i), doc, file) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column] if line < len(lines) and column < len(lines[line]) else ""


def parse_yaml(text: str, file: Path) -> YamlDocument:
    doc = YamlDocument(path=file, data=None)
    loader = _StringTimestampLoader(text)
    try:
        root = loader.get_single_node()
        doc.data = None if root is None else _build(root, loader, (), doc, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or str(exc)
        if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
            problem += " (a tab: YAML indents with spaces only)"
        raise GateError(
            f"not valid YAML: {problem}" + (f" ({exc.context})" if exc.context else ""),
            file=file,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint="check the indentation and quoting around this position",
        ) from None
    except yaml.YAMLError as exc:
        raise GateError(f"not valid YAML: {exc}", file=file) from None
    finally:
        loader.dispose()
    return doc


def read_text(file: Path, what: str = "file") -> str:
    """Read a UTF-8 text file with a GateError (exit 2) for every way it can go wrong."""
    try:
        raw = file.read_bytes()
        note_read(file)
    except FileNotFoundError:
        raise GateError(
            f"{what} not found",
            file=file,
            hint="check the path (relative paths resolve from the config file or the working directory)",
        ) from None
    except IsADirectoryError:
        raise GateError(f"{what} is a directory, expected a file", file=file) from None
    except OSError as exc:
        raise GateError(f"cannot read {what}: {exc.strerror}", file=file) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise GateError(
            f"{what} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            file=file,
            line=line,
            hint="save the file as UTF-8",
        ) from None


def load_yaml(file: Path, what: str = "YAML file") -> YamlDocument:
    return parse_yaml(read_text(file, what), file)
