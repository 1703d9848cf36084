"""Bad input never tracebacks: each unreadable file is exit 2 with file, line and fix; the others still run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ODCS_EXAMPLES, REPO_ROOT, RunMlgate
from tests.contracts_lint.helpers import HEADER, lint, write

CLEAN = ODCS_EXAMPLES / "quality__column-completeness.odcs.yaml"
WITH_SQL = REPO_ROOT / "examples" / "contracts" / "transactions.odcs.yaml"

UNREADABLE = [
    (
        "syntax.yaml",
        b"apiVersion: v3.1.0\nkind: [DataContract\n",
        "syntax.yaml:3:1: error: not valid YAML: did not find expected ',' or ']'",
    ),
    (
        "dup.yaml",
        b"apiVersion: v3.1.0\nkind: DataContract\nkind: DataContract\n",
        "dup.yaml:3:1: error: duplicate key 'kind'",
    ),
    ("empty.yaml", b"", "empty.yaml:1: error: contract is empty; write an ODCS v3 document"),
    ("blank.yaml", b"# only a comment\n\n", "blank.yaml:1: error: contract is empty"),
    (
        "binary.yaml",
        b"\x89PNG\r\n\x1a\n\x00\xff\xfe",
        "binary.yaml:1: error: contract is not UTF-8 text (byte 0x89 at offset 0); save the file as UTF-8",
    ),
    (
        "latin1.yaml",
        "apiVersion: v3.1.0\nname: Größe\n".encode("latin-1"),
        "latin1.yaml:2: error: contract is not UTF-8 text (byte 0xf6",
    ),
    (
        "list.yaml",
        b"- apiVersion: v3.1.0\n- kind: DataContract\n",
        "list.yaml:1: error: contract must be a YAML mapping, found a list",
    ),
    ("scalar.yaml", b"just text\n", "scalar.yaml:1: error: contract must be a YAML mapping, found a str"),
    (
        "two-docs.yaml",
        b"apiVersion: v3.1.0\n---\nkind: DataContract\n",
        "two-docs.yaml:2:1: error: not valid YAML: but found another document",
    ),
]


@pytest.mark.parametrize(("name", "content", "expected"), UNREADABLE, ids=[u[0] for u in UNREADABLE])
def test_unreadable_file_is_exit_2(
    run_mlgate: RunMlgate, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    (tmp_path / name).write_bytes(content)
    result = run_mlgate("contract", "lint", name, cwd=tmp_path)
    assert result.returncode == 2, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(expected), lines[0]
    assert lines[-1] == "mlgate: the contract could not be read"


def test_missing_file_and_directory(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    (tmp_path / "contracts").mkdir()
    result = run_mlgate("contract", "lint", "nope.odcs.yaml", "contracts", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout.splitlines() == [
        "nope.odcs.yaml: error: contract not found; check the path (relative paths resolve from the config file or the working directory)",
        "contracts: error: contract is a directory, expected a file; pass the contract files, e.g. `mlgate contract lint contracts/*.odcs.yaml`",
        "mlgate: 2 of 2 contracts could not be read",
    ]


def test_no_file_is_a_usage_error(run_mlgate: RunMlgate) -> None:
    result = run_mlgate("contract", "lint")
    assert result.returncode == 2
    assert "Missing argument 'FILES...'" in result.stderr


def test_many_files_mixed_results_exit_with_the_worst(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    typo = write(tmp_path, "descripton: x\n", name="typo.odcs.yaml")
    (tmp_path / "broken.odcs.yaml").write_text("kind: [\n", encoding="utf-8")
    result, lines = lint(run_mlgate, CLEAN, typo, "broken.odcs.yaml", cwd=tmp_path)
    assert result.returncode == 2  # an unreadable file outranks findings
    assert [(line.file, line.where, line.rule) for line in lines] == [(str(typo), "7:1", "unknown-key")]
    assert result.stdout.splitlines()[-2].startswith("broken.odcs.yaml:2:1: error: not valid YAML")
    assert (
        result.stdout.splitlines()[-1]
        == "mlgate: 1 finding in 1 of 3 contracts, 1 of 3 contracts could not be read"
    )

    result, lines = lint(run_mlgate, CLEAN, typo, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "mlgate: 1 finding in 1 of 2 contracts"


def test_unicode_names(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        schema:
          - name: Bestellungen_ü
            properties:
              - name: größe
                logicalType: numbr
              - name: größe
                logicalType: number
              - name: 注文番号
                logicalType: string
                logicalTypeOptions:
                  pattern: "^[ä-ö]+$"
        """,
        name="bestellungen_ü.odcs.yaml",
    )
    result, lines = lint(run_mlgate, path)
    assert result.returncode == 1
    assert [(line.where, line.rule, line.message) for line in lines] == [
        (
            "11:22",
            "invalid-value",
            "`logicalType: 'numbr'` is not a value ODCS allows (allowed: string, date, timestamp, time, number, "
            "integer, object, array, boolean, map, vector); did you mean `number`?",
        ),
        (
            "12:15",
            "duplicate-name",
            "property `größe` is declared twice (first on line 10); rename or remove one of them",
        ),
    ]
    assert lines[0].file.endswith("bestellungen_ü.odcs.yaml")


def test_json_report_on_stdout_parses(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    typo = write(tmp_path, "schema:\n  - name: orders\n    physicalTyp: table\n", name="typo.odcs.yaml")
    result = run_mlgate("contract", "lint", CLEAN, typo, "missing.yaml", "--report", "json:-", cwd=tmp_path)
    assert result.returncode == 2
    report = json.loads(result.stdout)  # the human lines moved to stderr
    assert report["status"] == "error"
    assert report["summary"]["fail"] == 1
    assert report["summary"]["error"] == 1
    assert report["summary"]["pass"] == 1
    by_status = {r["status"]: r for r in report["results"]}
    finding = by_status["fail"]
    assert finding["id"] == f"lint:{typo}:schema[0].physicalTyp:unknown-key"
    assert finding["gate"] == "contracts"
    assert finding["kind"] == "lint"
    assert finding["target"] == "orders"
    assert finding["source"] == {"file": str(typo), "line": 9, "column": 5}
    assert finding["details"]["fix"] == "did you mean `physicalType`?"
    assert by_status["error"]["id"] == "lint:missing.yaml:unreadable"
    assert by_status["pass"]["target"] == str(CLEAN)
    assert f"{typo}:9:5: unknown key `physicalTyp`" in result.stderr


def test_report_file_and_quiet(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    out = tmp_path / "out" / "lint.json"
    result = run_mlgate("contract", "lint", CLEAN, "-q", "--report", f"json:{out}")
    assert result.returncode == 0
    assert result.stdout == "mlgate: 1 contract linted, no findings\n"
    assert json.loads(out.read_text(encoding="utf-8"))["status"] == "pass"


def test_header_constant_is_six_lines() -> None:
    assert HEADER.count("\n") == 6


def test_lint_imports_nothing_heavy(tmp_path: Path) -> None:
    """Lint is a pre-commit hook: no duckdb, numpy, pandas, evidently, nor the ODCS pydantic model."""
    code = (
        "import sys\n"
        "from mlgate.cli import cli\n"
        "try:\n"
        # the example holds a `type: sql` rule: its SQL is checked without a SQL engine
        f"    cli.main(['contract', 'lint', {str(CLEAN)!r}, {str(WITH_SQL)!r}], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('duckdb', 'numpy', 'pandas', 'evidently', 'open_data_contract_standard.model', 'sqlglot')\n"
        "print('HEAVY=' + ','.join(m for m in heavy if m in sys.modules))\n"
        "print('JSONSCHEMA=' + str('jsonschema' in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO_ROOT
    )
    assert "HEAVY=\n" in proc.stdout, proc.stdout
    assert "JSONSCHEMA=True" in proc.stdout  # the check really ran
