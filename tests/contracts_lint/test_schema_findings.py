"""Schema validation findings: one per real problem, at the offending key or value, with the fix."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import RunMlgate
from tests.contracts_lint.helpers import lint, write

MISSPELT_COMPARATOR = """\
schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: string
        quality:
          - metric: nullValues
            mustBeLessOrEqualsTo: 5
            unit: percent
"""


def test_misspelt_comparator_is_pointed_at_with_the_right_spelling(
    run_mlgate: RunMlgate, tmp_path: Path
) -> None:
    path = write(tmp_path, MISSPELT_COMPARATOR)
    result, lines = lint(run_mlgate, path)
    assert result.returncode == 1, result.output
    # one finding: the typo (the "no comparator" and "unevaluated metric" noise is collapsed into it)
    assert [(line.where, line.rule) for line in lines] == [("14:13", "unknown-key")]
    assert lines[0].message == (
        "unknown key `mustBeLessOrEqualsTo` in a quality rule; did you mean `mustBeLessOrEqualTo`?"
    )
    assert lines[0].file == str(path)
    assert result.stdout.splitlines()[-1] == "mlgate: 1 finding in 1 of 1 contract"


def test_unknown_keys_at_every_level_get_suggestions(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        descripton: orders of the shop
        schema:
          - name: orders
            physicalTyp: table
            properties:
              - name: id
                logicalTyp: string
              - name: note
                logicalType: string
                colour: red
        """,
    )
    result, lines = lint(run_mlgate, path)
    assert result.returncode == 1
    got = [(line.where, line.rule, line.message) for line in lines]
    assert got == [
        ("7:1", "unknown-key", "unknown key `descripton` in the contract; did you mean `description`?"),
        (
            "10:5",
            "unknown-key",
            "unknown key `physicalTyp` in schema object `orders`; did you mean `physicalType`?",
        ),
        (
            "12:9",
            "missing-key",
            "property `id` has no `logicalType`; the ODCS schema needs it to know which rules apply; "
            "add `logicalType:` with one of object, string, date, timestamp, time, number, integer, array, "
            "boolean, map, vector",
        ),
        ("13:9", "unknown-key", "unknown key `logicalTyp` in property `id`; did you mean `logicalType`?"),
        (
            "16:9",
            "unknown-key",
            "unknown key `colour` in property `note`; remove it; ODCS keeps extra information under `customProperties`",
        ),
    ]


def test_enum_typo_and_yaml_typing(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        schema:
          - name: orders
            properties:
              - name: amount
                logicalType: numbr
                required: yes please
              - name: qty
                logicalType: integer
                logicalTypeOptions:
                  minimum: "1e3"
        """,
    )
    result, lines = lint(run_mlgate, path)
    assert result.returncode == 1
    assert [(line.where, line.rule) for line in lines] == [
        ("11:22", "invalid-value"),
        ("12:19", "wrong-type"),
        ("16:20", "wrong-type"),
    ]
    assert "did you mean `number`?" in lines[0].message
    assert lines[1].message == "`required` must be a boolean, found text ('yes please'); write true or false"
    assert lines[2].message.startswith(
        "`minimum` must be a number, found text ('1e3'); write it as a plain number"
    )


def test_unquoted_version_number_is_explained(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "apiVersion: v3.1.0\nkind: DataContract\nid: x\nversion: 1.0\nstatus: draft\n", encoding="utf-8"
    )
    result, lines = lint(run_mlgate, path)
    assert result.returncode == 1
    assert [(line.where, line.message) for line in lines] == [
        (
            "4:10",
            '`version` must be text, found a number (1.0); quote it: "1.0" (unquoted, YAML reads it as a number)',
        )
    ]


def test_missing_required_root_keys(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    path = write(tmp_path, "name: orders\n", header=False)
    result, lines = lint(run_mlgate, path)
    assert result.returncode == 1
    assert [(line.where, line.message) for line in lines] == [
        ("1:1", "the contract is missing `version`; add `version: 1.0.0` (the contract's own version)"),
        (
            "1:1",
            "the contract is missing `apiVersion`; add `apiVersion: v3.1.0` (the ODCS version the contract follows)",
        ),
        ("1:1", "the contract is missing `kind`; add `kind: DataContract`"),
        ("1:1", "the contract is missing `id`; add `id:` with a unique identifier, e.g. a UUID"),
    ]


def test_comparator_rules(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        schema:
          - name: orders
            quality:
              - metric: rowCount
                mustBeGreaterThan: 1
                mustBeLessThan: 10
              - metric: rowCount
                mustBeGreaterThan: 10
                mustBeLessThan: 5
              - metric: rowCount
                description: no comparator
              - metric: rowCount
                mustBeBetween: [1]
              - type: sql
                mustBe: 0
              - metric: rowCount
                mustBe: 0
                query: SELECT 1
        """,
    )
    result, lines = lint(run_mlgate, path)
    assert result.returncode == 1
    got = [(line.where, line.rule, line.message) for line in lines]
    assert got == [
        (
            "10:9",
            "one-comparator",
            "a quality rule has 2 comparators (`mustBeGreaterThan`, `mustBeLessThan`), but ODCS allows exactly one; "
            "use one `mustBeBetween: [1, 10]` (bounds included), or split into two rules",
        ),
        (
            "13:9",
            "one-comparator",
            "a quality rule has 2 comparators (`mustBeGreaterThan`, `mustBeLessThan`), but ODCS allows exactly one, "
            "and these contradict each other (no value is > 10 and < 5); correct the bounds, then keep one "
            "comparator per rule (two bounds fit one `mustBeBetween`)",
        ),
        (
            "16:9",
            "missing-comparator",
            "a quality rule has no comparator, but ODCS requires exactly one; add one of `mustBe`, `mustNotBe`, "
            "`mustBeGreaterThan`, `mustBeGreaterOrEqualTo`, `mustBeLessThan`, `mustBeLessOrEqualTo`, "
            "`mustBeBetween`, `mustNotBeBetween`, e.g. `mustBe: 0`",
        ),
        (
            "19:24",
            "schema-minItems",
            "`mustBeBetween` needs exactly 2 numbers, [low, high]: found [1]; write `mustBeBetween: [low, high]`",
        ),
        ("20:9", "missing-key", "a quality rule is missing `query`; add `query:`"),
        (
            "24:9",
            "misplaced-key",
            "`query` is not allowed in a quality rule; `query` belongs to quality rules with `type: sql`",
        ),
    ]


def test_invalid_discriminator_hides_its_collateral(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        servers:
          - server: local
            type: lokal
            path: data/orders.parquet
        """,
    )
    result, lines = lint(run_mlgate, path)
    assert result.returncode == 1
    assert [(line.where, line.rule) for line in lines] == [("9:11", "invalid-value")]
    assert lines[0].message.endswith("did you mean `local`?")


def test_unquoted_dates_and_timestamps_stay_text(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    """YAML 1.1 would turn these into date objects, which the schema (type: string) would reject."""
    path = write(
        tmp_path,
        """\
        contractCreatedTs: 2022-11-15T02:59:43+00:00
        team:
          name: shop
          members:
            - username: ann
              dateIn: 2022-08-02
        schema:
          - name: orders
            properties:
              - name: day
                logicalType: date
                logicalTypeOptions:
                  minimum: 2020-01-01
                  maximum: 2030-12-31
                examples: [2022-10-03, 2020-01-28]
        """,
    )
    result, lines = lint(run_mlgate, path)
    assert lines == []
    assert result.returncode == 0, result.output
