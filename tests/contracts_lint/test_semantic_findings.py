"""mlgate's own checks (what the ODCS schema cannot say), each at its exact line and column."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import RunMlgate
from tests.contracts_lint.helpers import lint, write

CONTRACT = """\
schema:
  - name: orders
    quality:
      - metric: duplicateValues
        mustBe: 0
        arguments:
          properties: [order_id, customer]
      - metric: nullValues
        mustBe: 0
      - type: sql
        query: SELECT COUNT(*) FROM {object} WHERE {property} IS NULL
        mustBe: 0
    properties:
      - name: order_id
        logicalType: string
        primaryKey: true
        primaryKeyPosition: 1
        logicalTypeOptions:
          pattern: "ORD-[0-9+"
          minLength: 10
          maxLength: 5
      - name: customer_id
        logicalType: integer
        primaryKey: true
        primaryKeyPosition: 1
        logicalTypeOptions:
          minimum: 100
          maximum: 10
      - name: Order_ID
        logicalType: string
      - name: amount
        logicalType: number
        primaryKeyPosition: 2
        logicalTypeOptions:
          exclusiveMinimum: 5
          exclusiveMaximum: 5
        quality:
          - metric: invalidValues
            mustBeBetween: [10, 1]
            arguments:
              validValues: [1, 2]
          - metric: nullValues
            mustBeLessThan: 0
            unit: rows
          - metric: nullValues
            mustBeLessThan: 150
            unit: percent
          - metric: nullValues
            mustBe: 0
            unit: pct
            arguments:
              validValues: [a]
          - metric: rowCount
            mustBeGreaterThan: 0
          - metric: invalidValues
            mustBe: 0
          - metric: invalidValues
            mustBe: 0
            arguments:
              pattern: "(?<=x)y"
          - type: sql
            query: SELCT COUNT(*) FROM {object}
            mustBe: 0
          - type: sql
            query: "SELECT COUNT(*) FROM {object} WHERE (amount > 0"
            mustBe: 0
          - type: sql
            query: DELETE FROM {object}
            mustBe: 0
          - type: sql
            query: "SELECT COUNT(*) FROM {objet} WHERE"
            mustBe: 0
      - name: day
        logicalType: date
        logicalTypeOptions:
          minimum: "2024-12-31"
          maximum: "2024-01-01"
      - name: amount
        logicalType: number
  - name: orders
    properties:
      - name: x
        logicalType: string
"""

EXPECTED = [
    (
        "13:34",
        "unknown-property",
        "`customer` is not a property of schema object `orders`; did you mean `customer_id`?",
    ),
    (
        "14:17",
        "metric-level",
        "`nullValues` is measured on one column; move this rule to the `quality` list of the property it checks",
    ),
    (
        "17:52",
        "sql-invalid",
        "SQL: `{property}` is only defined for rules under a property, and this rule is on the schema object; name the column in the query, or move the rule under the property",
    ),
    (
        "25:25",
        "pattern-invalid",
        "pattern 'ORD-[0-9+' does not compile: unterminated character set at position 4; fix the regular expression (escape literal characters such as `(`, `[`, `+` with `\\`)",
    ),
    (
        "26:22",
        "range-reversed",
        "`minLength` (10) is greater than `maxLength` (5), so no value can pass; swap them, or correct one",
    ),
    (
        "31:29",
        "primary-key",
        "`primaryKeyPosition: 1` is used by both `order_id` and `customer_id`; give each primary-key property its own position (1, 2, …)",
    ),
    (
        "33:20",
        "range-reversed",
        "`minimum` (100) is greater than `maximum` (10), so no value can pass; swap them, or correct one",
    ),
    (
        "35:15",
        "duplicate-name",
        "property `Order_ID` differs from `order_id` (first on line 20) only in case; SQL engines such as DuckDB treat them as the same name; rename or remove one of them",
    ),
    (
        "39:29",
        "primary-key",
        "property `amount` has `primaryKeyPosition: 2` but is not part of the primary key; add `primaryKey: true`, or remove `primaryKeyPosition`",
    ),
    (
        "41:29",
        "range-reversed",
        "`exclusiveMinimum` (5) is equal to `exclusiveMaximum` (5), so no value can pass; make `exclusiveMinimum` smaller than `exclusiveMaximum`",
    ),
    (
        "45:28",
        "range-reversed",
        "`mustBeBetween: [10, 1]` has the larger bound first, so no value can pass; write the smaller bound first: `[1, 10]`",
    ),
    (
        "49:29",
        "never-passes",
        "`mustBeLessThan: 0` can never pass: the metric is a count, never below 0; correct the threshold (or the unit)",
    ),
    (
        "52:29",
        "always-passes",
        "`mustBeLessThan: 150` with `unit: percent` always passes: a percentage is at most 100; correct the threshold, or use `unit: rows` for a count",
    ),
    (
        "56:19",
        "unit-unknown",
        "unit `pct` is not one mlgate can apply (rows or percent); did you mean `percent`?",
    ),
    (
        "58:15",
        "unknown-argument",
        "`validValues` is not an argument of `nullValues`; `validValues` is an argument of `metric: invalidValues`; remove it or change the metric",
    ),
    (
        "59:21",
        "metric-level",
        "`rowCount` counts the rows of the whole table; move this rule to the schema object's `quality` list",
    ),
    (
        "61:13",
        "missing-argument",
        "`invalidValues` has nothing to check values against; add `arguments:` with `validValues: [...]`, `invalidValues: [...]` or `pattern: '...'`",
    ),
    (
        "66:25",
        "pattern-invalid",
        "pattern '(?<=x)y' uses a lookbehind `(?<=…)`, which DuckDB's regex engine (RE2) does not support; rewrite it without lookaround, backreferences or atomic groups",
    ),
    (
        "68:20",
        "sql-invalid",
        "SQL: the query starts with `SELCT`, not SELECT or WITH; did you mean `SELECT`?",
    ),
    ("71:57", "sql-invalid", "SQL: `(` is never closed; add the closing bracket"),
    (
        "74:20",
        "sql-invalid",
        "SQL: a quality query must only read data, but it starts with `DELETE`; write a SELECT that returns one number",
    ),
    ("77:42", "sql-invalid", "SQL: unknown placeholder `{objet}`; did you mean `{object}`?"),
    (
        "77:50",
        "sql-invalid",
        "SQL: `WHERE` is not followed by anything; complete the `WHERE` clause or remove it",
    ),
    (
        "82:20",
        "range-reversed",
        "`minimum` ('2024-12-31') is greater than `maximum` ('2024-01-01'), so no value can pass; swap them, or correct one",
    ),
    (
        "84:15",
        "duplicate-name",
        "property `amount` is declared twice (first on line 37); rename or remove one of them",
    ),
    (
        "86:11",
        "duplicate-name",
        "schema object `orders` is declared twice (first on line 8); rename or remove one of them",
    ),
]


def test_each_semantic_finding_at_its_line_and_column(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    result, lines = lint(run_mlgate, write(tmp_path, CONTRACT))
    assert result.returncode == 1, result.output
    assert [(line.where, line.rule, line.message) for line in lines] == EXPECTED
    assert result.stdout.splitlines()[-1] == f"mlgate: {len(EXPECTED)} findings in 1 of 1 contract"
