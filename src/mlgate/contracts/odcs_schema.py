"""The official ODCS JSON Schema and a validator for it, built once per process.

The schema is the `schema.json` that the `open-data-contract-standard` package ships, read as a resource:
importing the package's pydantic model costs ~185 ms, which `contract lint` (a pre-commit hook) cannot
afford. Validation uses `jsonschema` with the dialect the schema declares (Draft 2019-09), formats
unchecked (the schema does not require format assertion), extended by `lint_validator` for speed.
`schema_findings` turns the raw errors into findings people can act on (`lint_schema_errors`).
"""

from __future__ import annotations

import functools
import json
from typing import Any

from mlgate.contracts.lint_findings import Finding


@functools.cache
def odcs_schema() -> dict[str, Any]:
    """The official ODCS JSON Schema shipped by `open-data-contract-standard` (no pydantic import)."""
    from importlib.resources import files

    text = files("open_data_contract_standard").joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def odcs_validator() -> Any:
    """A jsonschema validator for the dialect the schema declares (Draft 2019-09); formats unchecked."""
    import jsonschema

    from mlgate.contracts.lint_validator import fast_validator_class

    schema = odcs_schema()
    validator_cls = fast_validator_class(jsonschema.validators.validator_for(schema))
    return validator_cls(schema)


def schema_findings(data: dict[str, Any]) -> list[Finding]:
    """Every way `data` breaks the official ODCS schema, one finding per real problem."""
    from mlgate.contracts import lint_validator

    validator = odcs_validator()
    lint_validator.reset()
    try:
        errors = list(validator.iter_errors(data))
        if not errors:
            return []
        from mlgate.contracts.lint_schema_errors import Translator

        return Translator(validator, data).translate_all(errors)
    finally:
        lint_validator.reset()


@functools.cache
def schema_index() -> tuple[dict[int, dict[str, Any]], frozenset[str], dict[str, tuple[Any, ...]]]:
    """(then-node → its `if`, every key the schema defines, enum values per key) — built once."""
    root = odcs_schema()
    owner: dict[int, dict[str, Any]] = {}
    all_keys: set[str] = set()
    enums: dict[str, list[Any]] = {}

    def walk(node: Any, current_if: dict[str, Any] | None) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, current_if)
            return
        if not isinstance(node, dict):
            return
        if current_if is not None:
            owner[id(node)] = current_if
        props = node.get("properties")
        if isinstance(props, dict):
            all_keys.update(props)
            for key, sub in props.items():
                if isinstance(sub, dict) and isinstance(sub.get("enum"), list):
                    enums.setdefault(key, [])
                    enums[key].extend(v for v in sub["enum"] if v not in enums[key])
        for key, value in node.items():
            if key == "then" and isinstance(node.get("if"), dict):
                walk(value, node["if"])
            elif key != "if":
                walk(value, current_if)

    walk(root, None)
    return owner, frozenset(all_keys), {k: tuple(v) for k, v in enums.items()}


def discriminators(if_schema: dict[str, Any]) -> set[str]:
    """Keys an `if` tests with `properties` (through anyOf/allOf/oneOf), minus those it requires."""
    keys: set[str] = set()
    props = if_schema.get("properties")
    if isinstance(props, dict):
        keys.update(props)
    for keyword in ("anyOf", "allOf", "oneOf"):
        for branch in if_schema.get(keyword, []):
            if isinstance(branch, dict):
                keys |= discriminators(branch)
    return keys - set(if_schema.get("required", []))


def instance_steps(schema_path: list[Any]) -> int:
    """How many levels into the instance a schema path (without its final keyword) descends."""
    steps, i = 0, 0
    while i < len(schema_path):
        token = schema_path[i]
        if token in ("properties", "patternProperties"):  # followed by the property name (or pattern)
            steps += 1
            i += 2
            continue
        if token == "dependentSchemas":  # followed by a property name; stays on the same object
            i += 2
            continue
        if token in ("items", "additionalItems", "unevaluatedItems", "contains", "prefixItems"):
            steps += 1
            if i + 1 < len(schema_path) and isinstance(schema_path[i + 1], int):
                i += 1
        elif token in ("additionalProperties", "unevaluatedProperties"):
            steps += 1
        i += 1
    return steps
