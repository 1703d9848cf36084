"""mlgate.yaml loading through the real CLI: every problem at file:line:column, exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.check.repo import contract_repo, days, write
from tests.conftest import REPO_ROOT, RunMlgate


def test_unknown_keys_wrong_types_and_missing_keys_all_reported(
    run_mlgate: RunMlgate, git_repo: Path
) -> None:
    contract_repo(git_repo)
    write(
        git_repo / "mlgate.yaml",
        """\
        version: 1
        contracts:
          - contract: contracts/orders.odcs.yaml
            dat: data/orders.csv
            schema: 3
        metrcs:
          candidate: m.json
        drift:
          reference: data/orders.csv
        """,
    )
    result = run_mlgate("config", "lint", cwd=git_repo)
    assert result.returncode == 2
    assert "4 problems in mlgate.yaml" in result.stderr
    assert "mlgate.yaml:4:5: unknown key 'dat' in contracts[0] (did you mean 'data'?)" in result.stderr
    assert (
        "mlgate.yaml:5:13: contracts[0].schema: Input should be a valid string (got int 3)" in result.stderr
    )
    assert "mlgate.yaml:6:1: unknown key 'metrcs' (did you mean 'metrics'?)" in result.stderr
    assert "mlgate.yaml:9:3: missing required key 'current' in drift" in result.stderr
    # check refuses the same config before running anything
    check = run_mlgate("check", cwd=git_repo)
    assert check.returncode == 2
    assert "unknown key 'metrcs'" in check.stderr


def test_missing_path_and_empty_glob_point_at_their_lines(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract_repo(git_repo)
    write(
        git_repo / "mlgate.yaml",
        """\
        version: 1
        contracts:
          - contract: contracts/order.odcs.yaml
          - contract: contracts/orders.odcs.yaml
            data: "data/*.parquet"
        """,
    )
    result = run_mlgate("check", cwd=git_repo)
    assert result.returncode == 2
    assert "mlgate.yaml:3:15: contract not found: contracts/order.odcs.yaml" in result.stderr
    assert "mlgate.yaml:5:11: data glob 'data/*.parquet' matches no file" in result.stderr


def test_yaml_typo_not_a_mapping_and_versions(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    cases = {
        "version: 1\ncontracts:\n  - contract: [a\n": ("mlgate.yaml:4:1: not valid YAML", 2),
        "- version: 1\n": ("mlgate.yaml:1: config must be a mapping of keys, found a list", 2),
        "contracts: []\n": ("mlgate.yaml:1:1: missing required key 'version'", 2),
        "version: 2\n": ("mlgate.yaml:1:10: unsupported version 2", 2),
        "": ("mlgate.yaml:1: config file is empty", 2),
    }
    for text, (message, code) in cases.items():
        (tmp_path / "mlgate.yaml").write_text(text, encoding="utf-8")
        result = run_mlgate("config", "lint", cwd=tmp_path)
        assert result.returncode == code, (text, result.output)
        assert message in result.stderr, (text, result.stderr)


def test_unknown_keys_at_every_depth_and_tabs(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text("a\n1\n")
    files = "  candidate: d.csv\n  baseline: d.csv\n"
    sig = "    candidate: d.csv\n    baseline: d.csv\n    key: k\n    label: l\n    prediction: p\n    metrics: [accuracy]\n"
    cases = {
        f"version: 1\nmetrics:\n{files}  rules:\n    - metric: a\n      direction: higher\n      max_dorp: 1\n": (
            "mlgate.yaml:8:7: unknown key 'max_dorp' in metrics.rules[0] (did you mean 'max_drop'?)"
        ),
        f"version: 1\nmetrics:\n  significance:\n{sig}    confidnce: 0.9\n": (
            "mlgate.yaml:10:5: unknown key 'confidnce' in metrics.significance (did you mean 'confidence'?)"
        ),
        "version: 1\ndrift:\n  reference: d.csv\n  current: d.csv\n  per_column:\n    a:\n      methd: psi\n": (
            "mlgate.yaml:7:7: unknown key 'methd' in drift.per_column.a (did you mean 'method'?)"
        ),
        "version: 1\n\tcontracts: []\n": "mlgate.yaml:2:1: not valid YAML: found a tab character",
        "version: 1\nwaivers:\n  - check: x\n    reason: r\n    owner: o\n    expires: soon\n": (
            "mlgate.yaml:6:14: waivers[0].expires: Input should be a valid date or datetime"
        ),
    }
    for text, message in cases.items():
        (tmp_path / "mlgate.yaml").write_text(text, encoding="utf-8")
        result = run_mlgate("config", "lint", cwd=tmp_path)
        assert result.returncode == 2, (text, result.output)
        assert f"mlgate: error: {message}" in result.stderr, (text, result.stderr)


def test_version_missing_has_a_fix(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    write(tmp_path / "mlgate.yaml", "waivers: []\n")
    result = run_mlgate("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "fix: add `version: 1` as the first key" in result.stderr


def test_discovery_upwards_from_a_subdirectory(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract_repo(git_repo)
    sub = git_repo / "src" / "deep"
    sub.mkdir(parents=True)
    result = run_mlgate("config", "lint", cwd=sub)
    assert result.returncode == 0, result.output
    assert "mlgate: PASSED (1 passed)" in result.stdout
    nowhere = run_mlgate("config", "lint", cwd=git_repo.parent)
    assert nowhere.returncode == 2
    assert "no mlgate.yaml found" in nowhere.stderr
    assert "mlgate init" in nowhere.stderr
    named = run_mlgate("config", "lint", "--config", git_repo / "mlgate.yaml", cwd=git_repo.parent)
    assert named.returncode == 0, named.output  # --config, as in every other command, and as the hint says


def test_pyproject_tool_mlgate_is_found_and_checked(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract_repo(git_repo)
    (git_repo / "mlgate.yaml").unlink()
    write(
        git_repo / "pyproject.toml",
        """\
        [project]
        name = "demo"

        [tool.mlgate]
        version = 1

        [[tool.mlgate.contracts]]
        contract = "contracts/orders.odcs.yaml"
        data = "data/orders.csv"
        """,
    )
    (git_repo / "pkg").mkdir()
    ok = run_mlgate("config", "lint", "-v", cwd=git_repo / "pkg")
    assert ok.returncode == 0, ok.output
    assert "config:pyproject.toml" in ok.stdout
    text = (git_repo / "pyproject.toml").read_text().replace('data = "data/orders.csv"', 'dta = "x"')
    (git_repo / "pyproject.toml").write_text(text)
    bad = run_mlgate("config", "lint", cwd=git_repo)
    assert bad.returncode == 2
    assert "pyproject.toml:9:1: unknown key 'dta' in contracts[0] (did you mean 'data'?)" in bad.stderr


def test_waiver_too_long_is_refused_at_its_line(run_mlgate: RunMlgate, git_repo: Path) -> None:
    contract_repo(git_repo)
    write(
        git_repo / "mlgate.yaml",
        f"""\
        version: 1
        contracts:
          - contract: contracts/orders.odcs.yaml
            data: data/orders.csv
        waivers:
          - check: "contract:*"
            reason: "forever"
            owner: "@me"
            expires: {days(181)}
          - check: "contract:x"
            reason: "fine"
            owner: "@me"
            expires: {days(180)}
        """,
    )
    result = run_mlgate("check", cwd=git_repo)
    assert result.returncode == 2
    assert (
        f"mlgate.yaml:9:14: waiver for 'contract:*' expires {days(181)}, more than 180 days ahead"
        in result.stderr
    )
    assert "mlgate.yaml:13" not in result.stderr


def test_waiver_needs_all_four_keys(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    write(
        tmp_path / "mlgate.yaml",
        """\
        version: 1
        waivers:
          - check: "metric:*"
            reason: "   "
            expires: 2026-13-01
        """,
    )
    result = run_mlgate("config", "lint", cwd=tmp_path)
    assert result.returncode == 2
    assert "3 problems in mlgate.yaml" in result.stderr
    assert "mlgate.yaml:3:5: missing required key 'owner' in waivers[0]" in result.stderr
    assert "mlgate.yaml:4:13: waivers[0].reason: must not be blank" in result.stderr
    assert "mlgate.yaml:5:14: waivers[0].expires: Input should be a valid date" in result.stderr


def test_schema_command_matches_the_shipped_schema(run_mlgate: RunMlgate) -> None:
    result = run_mlgate("schema")
    assert result.returncode == 0
    shipped = (REPO_ROOT / "src" / "mlgate" / "schemas" / "config.schema.json").read_text(encoding="utf-8")
    assert json.loads(result.stdout) == json.loads(shipped)
    assert result.stdout == shipped
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == {"version", "contracts", "metrics", "drift", "waivers"}
    report_schema = run_mlgate("schema", "--report")
    assert json.loads(report_schema.stdout)["title"] == "mlgate JSON report"


def test_config_lint_imports_no_heavy_modules(tmp_path: Path, git_repo: Path) -> None:
    contract_repo(git_repo)
    code = (
        "import sys\n"
        "from mlgate.cli import cli\n"
        "try:\n    cli.main(['config', 'lint'], standalone_mode=False)\nexcept SystemExit as e:\n    print('RC=%s' % e.code)\n"
        "heavy = [m for m in ('duckdb', 'numpy', 'pandas', 'evidently', 'scipy') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=git_repo, check=True
    )
    assert "RC=0" in proc.stdout, proc.stdout + proc.stderr
    assert "HEAVY=\n" in proc.stdout, proc.stdout


def test_empty_sections_and_sloppy_versions_are_refused(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    (tmp_path / "mlgate.yaml").write_text("version: true\ndrift:\nwaivers:\n", encoding="utf-8")
    result = run_mlgate("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "mlgate.yaml:1:10: version: must be the number 1, not True" in result.stderr
    assert "mlgate.yaml:2:1: `drift:` is empty; fill it in or remove the key" in result.stderr
    assert "mlgate.yaml:3:1: `waivers:` is empty; fill it in or remove the key" in result.stderr


def test_shipped_schema_accepts_the_examples_and_rejects_typos(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    import jsonschema
    import yaml

    from mlgate.yamlio import load_yaml

    schema = json.loads((REPO_ROOT / "src" / "mlgate" / "schemas" / "config.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for name in ("mlgate.yaml", "mlgate.blocked.yaml"):
        data = load_yaml(REPO_ROOT / "examples" / name).data  # dates stay strings, as editors see them
        assert [e.message for e in validator.iter_errors(data)] == [], name
    assert run_mlgate("init", cwd=tmp_path).returncode == 0
    starter = yaml.safe_load((tmp_path / "mlgate.yaml").read_text())
    assert list(validator.iter_errors(starter)) == []
    typo = {"version": 1, "contracts": [{"contract": "a.yaml", "dat": "x"}]}
    assert [e.message for e in validator.iter_errors(typo)] == [
        "Additional properties are not allowed ('dat' was unexpected)"
    ]


def test_pyproject_problems_point_at_their_lines(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text("a\n1\n")
    cases = {
        # the second [[...rules]] table, not the first
        '[tool.mlgate]\nversion = 1\n[tool.mlgate.metrics]\ncandidate = "d.csv"\nbaseline = "d.csv"\n'
        '[[tool.mlgate.metrics.rules]]\nmetric = "a"\ndirection = "higher"\nmin = 0\n'
        '[[tool.mlgate.metrics.rules]]\nmetric = "b"\ndirection = "up"\nmin = 0\n': "pyproject.toml:12:1: "
        "metrics.rules[1].direction: Input should be 'higher' or 'lower'",
        # a sub-table defined without its parent table
        '[tool.mlgate]\nversion = 1\n[tool.mlgate.drift]\nreference = "d.csv"\ncurrent = "d.csv"\n'
        '[tool.mlgate.drift.per_column.a]\nmethd = "psi"\n': "pyproject.toml:7:1: unknown key 'methd' in "
        "drift.per_column.a (did you mean 'method'?)",
        # inside an inline table: its key's line
        '[tool.mlgate]\nversion = 1\ndrift = { reference = "d.csv", current = "d.csv", methd = "x" }\n': (
            "pyproject.toml:3:1: unknown key 'methd' in drift (did you mean 'method'?)"
        ),
        "[tool.mlgate]\nversion = \n": "pyproject.toml:2:11: not valid TOML: Invalid value",
        "[tool.mlgate]\nversion = 2\n": "pyproject.toml:2:1: unsupported version 2",
    }
    for text, expected in cases.items():
        (tmp_path / "pyproject.toml").write_text(text)
        result = run_mlgate("config", "lint", cwd=tmp_path)
        assert result.returncode == 2, text
        assert f"mlgate: error: {expected}" in result.stderr, result.stderr
    (tmp_path / "mlgate.yaml").write_text("version: 1\n")
    both = run_mlgate("config", "lint", cwd=tmp_path)
    assert both.returncode == 2
    assert (
        "mlgate: error: pyproject.toml: both mlgate.yaml and pyproject.toml configure mlgate in ."
        in both.stderr
    )


def test_a_waiver_of_error_results_is_refused_at_its_line(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    config = "version: 1\nwaivers:\n  - check: 'drift:error:*'\n    reason: r\n    owner: o\n    expires: 2026-01-01\n"
    (tmp_path / "mlgate.yaml").write_text(config)
    result = run_mlgate("config", "lint", cwd=tmp_path)
    assert result.returncode == 2
    assert "mlgate.yaml:3:12: waiver 'drift:error:*' targets error results" in result.stderr
