"""Metric file formats, git baselines and the `metrics:` section of mlgate.yaml, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import RunMlgate, git


def run_compare(run_mlgate: RunMlgate, cwd: Path, cand: str, base: str, *rules: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    report = cwd / "report.json"
    args = ["metrics", "compare", "--candidate", cand, "--baseline", base]
    for rule in rules:
        args += ["--rule", rule]
    result = run_mlgate(*args, "--report", f"json:{report}", cwd=cwd)
    data = json.loads(report.read_text()) if report.exists() and result.returncode != 2 else {}
    return result.returncode, data, result.output


def test_every_format_flattens_to_the_same_names(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    (tmp_path / "m.json").write_text('{"test": {"auc": 0.91, "acc": 0.8}, "run": "abc", "ok": true}')
    (tmp_path / "m.yaml").write_text("test:\n  auc: 0.91\n  acc: 0.8\nrun: abc\n")
    (tmp_path / "m.toml").write_text('run = "abc"\n[test]\nauc = 0.91\nacc = 0.8\n')
    (tmp_path / "m.csv").write_text("metric,value\ntest.auc,0.91\ntest.acc,0.8\nrun,abc\n")
    dvc = {"workspace": {"data": {"eval/metrics.json": {"data": {"test": {"auc": 0.91, "acc": 0.8}}}}}}
    (tmp_path / "dvc.json").write_text(json.dumps(dvc))
    mlflow = [
        {"key": "test.auc", "value": 0.5, "step": 0, "timestamp": 1},
        {"key": "test.auc", "value": 0.91, "step": 3, "timestamp": 2},
        {"key": "test.acc", "value": 0.8, "step": 3, "timestamp": 2},
    ]
    (tmp_path / "mlflow.json").write_text(json.dumps(mlflow))
    (tmp_path / "run.json").write_text(
        json.dumps({"metrics": {"test.auc": 0.91, "test.acc": 0.8}, "params": {"lr": "0.1"}})
    )
    for name in ("m.json", "m.yaml", "m.toml", "m.csv", "dvc.json", "mlflow.json", "run.json"):
        code, report, output = run_compare(
            run_mlgate, tmp_path, name, "m.json", "test.auc:higher:max_drop=0", "test.acc:higher:max_drop=0"
        )
        assert code == 0, (name, output)
        assert report["summary"]["pass"] == 2, name
        assert report["results"][0]["details"]["candidate"] == 0.91, name
    code, report, output = run_compare(run_mlgate, tmp_path, "m.json", "m.yaml", "test.auc:higher:min=0")
    assert "m.json: 'run' is not a number ('abc'); ignored" in report["notices"]
    assert "m.json: 'ok' is not a number (True); ignored" in report["notices"]


def test_bad_files_name_file_and_line(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_text('{"a": 1}')
    (tmp_path / "bad.toml").write_text("a = 1\nb = = 2\n")
    (tmp_path / "dup.csv").write_text("metric,value\na,1\nb,2\na,3\n")
    (tmp_path / "cols.csv").write_text("metric,value,slcie\na,1,x\n")
    (tmp_path / "bad.yaml").write_text("a: 1\nb: [1, 2\n")
    (tmp_path / "list.json").write_text("[1, 2]")
    (tmp_path / "strings.json").write_text('["accuracy", "f1"]')
    (tmp_path / "empty.json").write_text("")
    (tmp_path / "twice.json").write_text('{\n  "a": 0.9,\n  "b": 1,\n  "a": 0.8\n}\n')
    (tmp_path / "flags.json").write_text('{"a": true, "run": "x"}')
    (tmp_path / "noheader.csv").write_text("a,0.9\nb,0.8\n")
    (tmp_path / "open.toml").write_text("a = 1\nb = [1,\n")
    expectations = {
        "strings.json": "strings.json: item 0 of the metrics list is not a {key, value} object",
        "empty.json": "empty.json: metrics file is empty",
        "twice.json": "twice.json:4: metric key 'a' appears twice in one object (lines 2, 4); JSON keeps only the last value",
        "flags.json": "flags.json: metrics file holds no numeric metric ('a' is not a number (True), 'run' is not a number ('x'))",
        "noheader.csv": "noheader.csv:1: a CSV metrics file starts with the header metric,value[,slice][,n], but line 1 is data (a,0.9)",
        "open.toml": "open.toml:2: not valid TOML: Invalid value at the end of the file",
        "bad.toml": "bad.toml:2:5: not valid TOML: Invalid value",
        "dup.csv": "dup.csv:4: metric 'a' appears twice (first on line 2)",
        "cols.csv": "cols.csv:1: a CSV metrics file needs the header metric,value[,slice][,n]; unknown column(s): slcie",
        "bad.yaml": "bad.yaml:3:1: not valid YAML",
        "list.json": "list.json: item 0 of the metrics list is not a {key, value} object",
    }
    for name, message in expectations.items():
        code, _, output = run_compare(run_mlgate, tmp_path, name, "ok.json", "a:higher:min=0")
        assert code == 2, name
        assert message in output, (name, output)


def test_git_baselines_from_main_and_head_parent(run_mlgate: RunMlgate, git_repo: Path) -> None:
    (git_repo / "reports").mkdir()
    metrics = git_repo / "reports" / "metrics.json"
    metrics.write_text('{"accuracy": 0.90}')
    (git_repo / "reports" / "broken.json").write_text('{\n  "accuracy": 0.90,\n}\n')
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "baseline model")
    (git_repo / "reports" / "broken.json").write_text('{"accuracy": 0.90}')  # fixed on disk, broken at main
    git(git_repo, "checkout", "-q", "-b", "feature")
    metrics.write_text('{"accuracy": 0.86}')
    git(git_repo, "commit", "-q", "-am", "candidate model")
    main_commit = git(git_repo, "rev-parse", "main").strip()
    for spec in ("git:main:reports/metrics.json", "git:HEAD~1:reports/metrics.json"):
        code, report, output = run_compare(
            run_mlgate, git_repo, "reports/metrics.json", spec, "accuracy:higher:max_drop=0.01"
        )
        assert code == 1, output
        result = report["results"][0]
        assert result["details"]["baseline"] == 0.9 and result["details"]["candidate"] == 0.86
    # from a subdirectory, paths resolve like plain relative paths; detached HEAD works too
    git(git_repo, "checkout", "-q", "--detach", "HEAD")
    code, report, output = run_compare(run_mlgate, git_repo / "reports", "metrics.json", "git:main:metrics.json", "accuracy:higher:max_drop=0.05")  # fmt: skip
    assert code == 0, output
    assert main_commit  # the ledger records it; the spec resolves to that commit
    code, _, output = run_compare(run_mlgate, git_repo, "reports/metrics.json", "git:origin/main:reports/metrics.json", "accuracy:higher:max_drop=0.01")  # fmt: skip
    assert code == 2
    assert "git revision 'origin/main' is not in this checkout" in output
    assert (
        "fix: fetch it first (git fetch origin main); in GitHub Actions use actions/checkout with `fetch-depth: 0`"
        in output
    )
    code, _, output = run_compare(run_mlgate, git_repo, "reports/metrics.json", "git:main:reports/broken.json", "accuracy:higher:max_drop=0.01")  # fmt: skip
    assert code == 2
    assert (
        "mlgate: error: git:main:reports/broken.json:3:1: not valid JSON: Expecting property name" in output
    )
    # a file that does not exist yet at a revision that does: the first model
    code, report, output = run_compare(run_mlgate, git_repo, "reports/metrics.json", "git:main:reports/new.json", "accuracy:higher:max_drop=0.01")  # fmt: skip
    assert code == 0 and report["results"][0]["status"] == "skipped"


def test_config_section_with_lines_and_cli_overrides(run_mlgate: RunMlgate, tmp_path: Path) -> None:
    (tmp_path / "cand.json").write_text('{"accuracy": 0.80, "latency_ms": 40}')
    (tmp_path / "base.json").write_text('{"accuracy": 0.85, "latency_ms": 45}')
    (tmp_path / "mlgate.yaml").write_text(
        "version: 1\n"
        "metrics:\n"
        "  candidate: cand.json\n"
        "  baseline: base.json\n"
        "  rules:\n"
        "    - metric: accuracy\n"
        "      direction: higher\n"
        "      max_drop: 0.01\n"
        "    - metric: latency_ms\n"
        "      direction: lower\n"
        "      max: 50\n"
    )
    result = run_mlgate("metrics", "compare", "--config", "mlgate.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "at mlgate.yaml:6:7" in result.stdout
    # discovered without --config, and --baseline overrides the config's
    (tmp_path / "better.json").write_text('{"accuracy": 0.805, "latency_ms": 45}')
    result = run_mlgate("metrics", "compare", "--baseline", "better.json", cwd=tmp_path)
    assert result.returncode == 0, result.output
    (tmp_path / "mlgate.yaml").write_text(
        "version: 1\nmetrics:\n  candidate: cand.json\n  rules:\n    - metric: accuracy\n      direction: higher\n"
    )
    result = run_mlgate("metrics", "compare", cwd=tmp_path)
    assert result.returncode == 2
    assert "mlgate.yaml:5" in result.stderr and "has no condition" in result.stderr


def test_shallow_clone_reads_head_and_explains_missing_history(
    run_mlgate: RunMlgate, git_repo: Path, tmp_path: Path
) -> None:
    (git_repo / "metrics.json").write_text('{"accuracy": 0.90}')
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "one")
    (git_repo / "metrics.json").write_text('{"accuracy": 0.91}')
    git(git_repo, "commit", "-q", "-am", "two")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{git_repo}", str(clone))
    (clone / "metrics.json").write_text('{"accuracy": 0.85}')
    code, report, output = run_compare(run_mlgate, clone, "metrics.json", "git:HEAD:metrics.json", "accuracy:higher:max_drop=0.01")  # fmt: skip
    assert code == 1 and report["results"][0]["details"]["baseline"] == 0.91, output
    code, _, output = run_compare(run_mlgate, clone, "metrics.json", "git:HEAD~1:metrics.json", "accuracy:higher:max_drop=0.01")  # fmt: skip
    assert code == 2 and "git revision 'HEAD~1' is not in this checkout" in output
    assert (
        "fix: this is a shallow clone: fetch more history first (git fetch --deepen=1, or git fetch --unshallow)"
        in output
    )
    code, _, output = run_compare(run_mlgate, clone, "metrics.json", "git:main~1:metrics.json", "accuracy:higher:max_drop=0.01")  # fmt: skip
    assert (
        code == 2 and "fix: this is a shallow clone: fetch more history first (git fetch --deepen=1" in output
    )
    code, _, output = run_compare(run_mlgate, clone, "metrics.json", "git:release:metrics.json", "accuracy:higher:max_drop=0.01")  # fmt: skip
    assert code == 2
    assert (
        "fix: fetch it first (git fetch origin release:release for a branch, git fetch origin tag release for a tag)"
        in output
    )
