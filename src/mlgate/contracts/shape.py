"""The shape `contract test` relies on, checked before any data is read.

`contract lint` validates everything against the ODCS JSON Schema, but importing and running it
would add ~0.1 s to every test run. These are the few mistakes that would otherwise make a test run
pass silently (a check that is never planned): a misspelt key or `logicalType`, properties that are not a
list of named mappings, a property declared twice, options or rules of the wrong YAML type.
"""

from __future__ import annotations

from typing import Any

from mlgate.contracts.document import ContractDocument, error_at
from mlgate.contracts.lint_findings import closest, type_word
from mlgate.yamlio import JsonPath

# Every key ODCS allows on a property (SchemaElement + SchemaBaseProperty and its per-type branches of
# the package's schema.json; a test keeps this in step with it). Reading the schema costs time a test
# run should not pay; a misspelt key such as `requird` would silently drop its check.
PROPERTY_KEYS = frozenset(
    (
        "authoritativeDefinitions", "businessName", "classification", "criticalDataElement",
        "customProperties", "deprecated", "description", "encryptedName", "enum", "examples", "id",
        "items", "logicalType", "logicalTypeOptions", "map", "name", "partitionKeyPosition", "partitioned",
        "physicalName", "physicalType", "primaryKey", "primaryKeyPosition", "properties", "quality",
        "relationships", "required", "semanticType", "synonyms", "tags", "transformDescription",
        "transformLogic", "transformSourceObjects", "unique",
    )
)  # fmt: skip
LOGICAL_TYPES = ("string", "date", "timestamp", "time", "number", "integer", "object", "array", "boolean")
_LINT = "run `mlgate contract lint` on the contract for every problem at once"


def check_shape(doc: ContractDocument, index: int, obj: dict[str, Any]) -> None:
    """GateError (exit 2) at the offending line when schema object `index` cannot be tested as written."""
    path: JsonPath = ("schema", index)
    _want_list(doc, obj, path, "quality", "a list of quality rules")
    props = obj.get("properties")
    if props is None:
        return
    if not isinstance(props, list):
        raise error_at(
            doc.source((*path, "properties")),
            f"`properties` must be a list of columns, found {type_word(props)}",
            "write each column as a list item: `- name: amount` followed by its keys",
        )
    seen: dict[str, int] = {}
    for p_index, prop in enumerate(props):
        p_path: JsonPath = (*path, "properties", p_index)
        if not isinstance(prop, dict) or not isinstance(prop.get("name"), str) or not prop["name"]:
            raise error_at(
                doc.source(p_path),
                "a property needs a `name:` (the column it describes)",
                f"add `name:` to this property; {_LINT}",
            )
        for key in prop:
            if key not in PROPERTY_KEYS:
                guess = closest(str(key), PROPERTY_KEYS)
                raise error_at(
                    doc.source((*p_path, key), key=True),
                    f"unknown key `{key}` in property {prop['name']!r}",
                    (f"did you mean `{guess}`? " if guess else "")
                    + "extra information goes under `customProperties`; "
                    + _LINT,
                )
        column = str(prop.get("physicalName") or prop["name"])
        if column in seen:
            raise error_at(
                doc.source((*p_path, "name")),
                f"column {column!r} is declared twice in schema object {obj.get('name') or index!r}",
                "keep one declaration of each column and merge their rules",
            )
        seen[column] = p_index
        logical = prop.get("logicalType")
        if logical is not None and (not isinstance(logical, str) or logical.lower() not in LOGICAL_TYPES):
            guess = closest(str(logical), LOGICAL_TYPES)
            raise error_at(
                doc.source((*p_path, "logicalType")),
                f"logicalType {logical!r} is not an ODCS logical type",
                (f"did you mean `{guess}`? " if guess else "") + f"use one of {', '.join(LOGICAL_TYPES)}",
            )
        _want_list(doc, prop, p_path, "quality", "a list of quality rules")
        _want_list(doc, prop, p_path, "enum", "a list of values")
        options = prop.get("logicalTypeOptions")
        if options is not None and not isinstance(options, dict):
            raise error_at(
                doc.source((*p_path, "logicalTypeOptions")),
                f"`logicalTypeOptions` must be a mapping, found {type_word(options)}",
                "write the options as keys, e.g. `logicalTypeOptions: {minimum: 0}`",
            )


def _want_list(doc: ContractDocument, owner: dict[str, Any], path: JsonPath, key: str, what: str) -> None:
    value = owner.get(key)
    if value is None:
        return
    if not isinstance(value, list):
        raise error_at(
            doc.source((*path, key)),
            f"`{key}` must be {what}, found {type_word(value)}",
            f"write each item on its own `- ` line; {_LINT}",
        )
    for i, item in enumerate(value):
        if key == "quality" and not isinstance(item, dict):
            raise error_at(
                doc.source((*path, key, i)),
                f"a quality rule must be a mapping, found {type_word(item)}",
                f"e.g. `- metric: nullValues` with `mustBe: 0`; {_LINT}",
            )
