"""A contract file as read from disk: raw YAML data with positions, shared by lint, test and drift.

The raw mapping is the source of truth (the ODCS pydantic models drop keys they do not know, and
every finding must point at a line); the official pydantic model is available when wanted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlgate.errors import GateError
from mlgate.results import Source
from mlgate.yamlio import JsonPath, YamlDocument, load_yaml

if TYPE_CHECKING:
    from open_data_contract_standard.model import OpenDataContractStandard


def error_at(source: Source | None, message: str, hint: str | None = None) -> GateError:
    """A GateError pointing at the contract line a rule or property came from."""
    if source is None:
        return GateError(message, hint=hint)
    return GateError(message, file=source.file, line=source.line, column=source.column, hint=hint)


@dataclass
class ContractDocument:
    path: Path
    yaml: YamlDocument

    @property
    def raw(self) -> dict[str, Any]:
        data: dict[str, Any] = self.yaml.data
        return data

    def source(self, path: JsonPath, *, key: bool = False) -> Source:
        """Where the node at `path` was declared (nearest ancestor when the node is implicit)."""
        pos = self.yaml.position(path, key=key)
        return Source(str(self.path), pos.line if pos else None, pos.column if pos else None)

    def tables(self) -> list[tuple[int, dict[str, Any]]]:
        """(index, schema object) for every entry of `schema[]` that is a mapping."""
        schema = self.raw.get("schema") or []
        return (
            [(i, obj) for i, obj in enumerate(schema) if isinstance(obj, dict)]
            if isinstance(schema, list)
            else []
        )

    def model(self) -> OpenDataContractStandard:
        """The official ODCS pydantic model (imports pydantic models lazily)."""
        from open_data_contract_standard.model import OpenDataContractStandard

        return OpenDataContractStandard.model_validate(self.raw)


def load_contract(path: Path) -> ContractDocument:
    """Read a contract; GateError (exit 2) when it is unreadable, not YAML, or not a mapping."""
    doc = load_yaml(path, "contract")
    if doc.data is None:
        raise GateError(
            "contract is empty",
            file=path,
            line=1,
            hint="write an ODCS v3 document (apiVersion, kind, id, version, status, schema...)",
        )
    if not isinstance(doc.data, dict):
        raise GateError(
            f"contract must be a YAML mapping, found a {type(doc.data).__name__}",
            file=path,
            line=1,
            hint="an ODCS contract starts with keys such as `apiVersion: v3.1.0` and `kind: DataContract`",
        )
    return ContractDocument(path=path, yaml=doc)
