"""The dependency-free SQL and regex checks: no false alarms on valid queries of any dialect, and the
structural mistakes every engine rejects are found at the right offset."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlgate.contracts.lint_regex import pattern_problem
from mlgate.contracts.lint_sql import sql_problems
from tests.conftest import RunMlgate
from tests.contracts_lint.helpers import lint, write

VALID = [
    "SELECT COUNT(*) FROM {object} WHERE {property} IS NULL",
    "select count(*) from ${table} where ${column} < 0",
    "SELECT COUNT(*) FROM orders WHERE amount NOT BETWEEN 1 AND 2",
    "WITH x AS (SELECT 1 AS a) SELECT COUNT(*) FROM x",
    "FROM orders SELECT COUNT(*)",  # DuckDB's FROM-first syntax
    "select count(*) from Air_Quality where DataValue <= 0 or DataValue >= 500",
    "SELECT 'it''s', \"a\"\"b\", `c` FROM t",
    "SELECT {'a': 1}, [1, 2][1]",  # DuckDB struct and list literals
    "SELECT $$text with ' quote$$",  # PostgreSQL dollar quoting
    "SELECT COUNT(*) FROM t; ",
    "SELECT COUNT(*) -- trailing comment\nFROM t /* block */ WHERE NOT flag",
    "SELECT COUNT(*) FROM t GROUP BY a HAVING COUNT(*) > 1 ORDER BY 1 LIMIT 1",
    "(SELECT 1)",
    'select 1 as "select"',
]


@pytest.mark.parametrize("query", VALID)
def test_valid_queries_have_no_problem(query: str) -> None:
    assert sql_problems(query, has_property=True) == []


INVALID = [
    ("", 0, "the query is empty"),
    ("-- nothing", 0, "the query contains only comments"),
    ("SELCT 1", 0, "the query starts with `SELCT`, not SELECT or WITH"),
    ("DROP TABLE orders", 0, "a quality query must only read data, but it starts with `DROP`"),
    ("SELECT 1; SELECT 2", 8, "the query holds more than one statement"),
    ("SELECT 'abc", 7, "unterminated string '"),
    ('SELECT "abc', 7, 'unterminated quoted identifier "'),
    ("SELECT 1 /* open", 9, "unterminated block comment `/*`"),
    ("SELECT (1", 7, "`(` is never closed"),
    ("SELECT 1)", 8, "`)` has no matching opening bracket"),
    ("SELECT a, FROM t", 8, "trailing comma"),
    ("SELECT a,, b FROM t", 9, "two commas in a row"),
    ("SELECT FROM t", 0, "SELECT has no columns before FROM"),
    ("SELECT COUNT(*) FROM t WHERE", 23, "`WHERE` is not followed by anything"),
    ("SELECT COUNT(*) FROM t WHERE a = 1 AND", 35, "`AND` is not followed by anything"),
    ("SELECT a FROM t GROUP BY", 22, "`GROUP BY` is not followed by anything"),
    ("SELECT COUNT(*) FROM t WHERE amount <", 36, "the operator `<` has nothing on its right"),
    ("SELECT a - FROM t", 9, "the operator `-` has nothing on its right"),
    ("SELECT COUNT(*) FROM {objet}", 21, "unknown placeholder `{objet}`"),
]


@pytest.mark.parametrize(("query", "offset", "message"), INVALID, ids=[q or "empty" for q, _, _ in INVALID])
def test_invalid_queries(query: str, offset: int, message: str) -> None:
    problems = sql_problems(query, has_property=True)
    assert [(p.offset, p.message) for p in problems] == [(offset, message)]


def test_property_placeholder_needs_a_property() -> None:
    (problem,) = sql_problems("SELECT COUNT(*) FROM {object} WHERE {property} IS NULL", has_property=False)
    assert problem.offset == 36
    assert problem.message.startswith("`{property}` is only defined for rules under a property")


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("^[A-Z]{2}[0-9]{2}[A-Z0-9]{4}[0-9]{7}([A-Z0-9]?){0,16}$", None),
        (r"^\d{3}-\(x\)$", None),
        (r"[(?=]", None),  # inside a character class, `(?=` is three literal characters
        (r"\(?=x", None),  # an escaped bracket is no group
        ("ORD-[0-9+", "does not compile: unterminated character set at position 4"),
        ("a{2,1}", "does not compile: min repeat greater than max repeat at position 2"),
        ("(?=x)y", "uses a lookahead `(?=…)`"),
        ("(?<!x)y", "uses a negative lookbehind `(?<!…)`"),
        (r"(a)\1", "uses a backreference `\\1`"),
        ("(?>a)", "uses an atomic group `(?>…)`"),
    ],
)
def test_patterns(pattern: str, problem: str | None) -> None:
    found = pattern_problem(pattern)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found[0]


def test_sql_findings_point_at_the_character(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    """Plain, quoted and literal-block queries get the exact column; a folded block keeps the value start."""
    path = write(
        tmp_path,
        """\
        schema:
          - name: orders
            properties:
              - name: amount
                logicalType: number
                quality:
                  - type: sql
                    query: SELECT COUNT(*) FROM {objet}
                    mustBe: 0
                  - type: sql
                    query: "SELECT COUNT(*) FROM t WHERE (amount > 0"
                    mustBe: 0
                  - type: sql
                    query: |
                      SELECT COUNT(*)
                      FROM {object}
                      WHERE amount > 0 AND
                    mustBe: 0
                  - type: sql
                    query: >
                      SELECT COUNT(*)
                      FROM t WHERE
                    mustBe: 0
        """,
    )
    result, lines = lint(run_mlgate, path)
    assert result.returncode == 1
    assert [(line.where, line.message.split(";")[0]) for line in lines] == [
        ("14:41", "SQL: unknown placeholder `{objet}`"),
        ("17:50", "SQL: `(` is never closed"),
        ("23:32", "SQL: `AND` is not followed by anything (line 3 of the query)"),
        ("26:20", "SQL: `WHERE` is not followed by anything"),
    ]
