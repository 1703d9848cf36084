"""The memoised validator must report exactly what the stock jsonschema validator reports.

`lint_validator` replaces a few keyword implementations for speed; a divergence would either invent
findings or, worse, hide one. Every official example and systematic mutations of them (an unknown key
in every mapping, a wrong type or a removed key at many places, typical typos) are validated by both.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from mlgate.contracts import lint_validator
from mlgate.contracts.odcs_schema import odcs_schema, odcs_validator
from mlgate.yamlio import load_yaml
from tests.conftest import ODCS_EXAMPLES

# The 5,000-line example takes ~0.5 s per stock validation: it is checked once, unmutated.
SMALL = sorted(p for p in ODCS_EXAMPLES.glob("*.yaml") if "adventureworks" not in p.name)


def _errors(validator: Any, data: Any) -> list[tuple[Any, ...]]:
    lint_validator.reset()
    try:
        found = [
            (tuple(e.absolute_path), e.message, tuple(e.absolute_schema_path), e.validator)
            for e in validator.iter_errors(data)
        ]
    finally:
        lint_validator.reset()
    return sorted(found, key=repr)


def _stock() -> Any:
    schema = odcs_schema()
    return jsonschema.validators.validator_for(schema)(schema)


def _nodes(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _nodes(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _nodes(value, (*path, index))


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def _mutations(data: dict[str, Any]) -> Iterator[Any]:
    """About 12 unknown-key and 8 wrong-type/removed-key variants per example, spread over the document."""
    nodes = list(_nodes(data))
    mappings = [(path, node) for path, node in nodes if isinstance(node, dict)]
    for path, _node in mappings[:: max(1, len(mappings) // 12)]:
        mutated = copy.deepcopy(data)
        target = mutated
        for part in path:
            target = target[part]
        target["mustBeLessOrEqualsTo"] = 5  # unknown key everywhere
        yield mutated
    for path, node in nodes[1 :: max(1, len(nodes) // 8)]:
        if not path:
            continue
        mutated = copy.deepcopy(data)
        _parent(mutated, path)[path[-1]] = [] if not isinstance(node, list) else "text"  # wrong type
        yield mutated
        if isinstance(path[-1], str):
            mutated = copy.deepcopy(data)
            del _parent(mutated, path)[path[-1]]  # removed key (e.g. logicalType, metric, name)
            yield mutated


EXTRA_CASES: list[dict[str, Any]] = [
    {
        "customProperties": [{"property": "x", "value": 1.5}, {"property": "y", "value": True}],
        "schema": [
            {
                "name": "t",
                "properties": [
                    {
                        "name": "a",
                        "logicalType": "integer",
                        "primaryKeyPosition": 1.0,
                        "partitionKeyPosition": 1.5,
                    },
                    {
                        "name": "b",
                        "logicalType": "number",
                        "logicalTypeOptions": {"minimum": True, "format": "f99"},
                    },
                ],
            }
        ],
    },
    {
        "schema": [
            {"name": "t", "quality": [{"metric": "rowCount", "mustBeGreaterThan": 1, "mustBeLessThan": 2}]}
        ]
    },
    {
        "schema": [
            {
                "name": "t",
                "quality": [{"metric": "rowCount", "mustBeBetween": [2]}, {"type": "sql", "mustBe": 0}],
            }
        ]
    },
    {"schema": [{"name": "t", "properties": [{"name": "a", "logicalTypeOptions": {"minLength": 1}}]}]},
    {
        "schema": [
            {
                "name": "t",
                "properties": [
                    {"name": "a", "logicalType": "map"},
                    {"name": "b", "logicalType": "vector", "logicalTypeOptions": {}},
                ],
            }
        ]
    },
    {"servers": [{"server": "s", "type": "lokal", "path": "x"}, {"server": "t", "type": "local"}]},
    {"apiVersion": 3.1, "kind": "DataContract", "id": 1, "version": 1.0, "status": True},
    {
        "tags": "x",
        "customProperties": [{"property": "a", "value": [1, {"x": 1}]}, {"property": "b", "value": None}],
    },
    {"schema": [{"name": "t", "properties": [{"name": "a", "logicalType": "strng", "required": "yes"}]}]},
    {
        "schema": [
            {
                "name": "t",
                "properties": [
                    {"name": "a", "logicalType": "string", "enum": [{"value": [1]}, {"value": True}]}
                ],
            }
        ]
    },
    {
        "schema": [
            {
                "name": "t",
                "context": 5,
                "tags": [1, "a", None],
                "properties": [{"name": 1, "logicalType": True}],
            }
        ]
    },
]


@pytest.mark.parametrize("example", SMALL, ids=[p.name for p in SMALL])
def test_same_errors_as_stock_jsonschema(example: Any) -> None:
    fast, stock = odcs_validator(), _stock()
    data = load_yaml(example).data
    assert _errors(fast, data) == _errors(stock, data) == []
    compared = 0
    for mutated in _mutations(data):
        assert _errors(fast, mutated) == _errors(stock, mutated)
        compared += 1
    assert compared > 3


def test_same_errors_on_hand_written_cases() -> None:
    fast, stock = odcs_validator(), _stock()
    for case in EXTRA_CASES:
        data = {"apiVersion": "v3.1.0", "kind": "DataContract", "id": "x", "version": "1.0.0", **case}
        expected = _errors(stock, data)
        assert expected, case
        assert _errors(fast, data) == expected


def test_large_example_is_valid_for_both() -> None:
    data = load_yaml(ODCS_EXAMPLES / "all__postgresql-adventureworks-contract.odcs.yaml").data
    assert _errors(odcs_validator(), data) == _errors(_stock(), data) == []
