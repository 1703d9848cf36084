"""`mlgate verify RECORD`: re-hash every recorded input, re-run the gate, compare with the record.

Differences are facts a release job must stop on: an input whose bytes changed or vanished, a
config that changed, a git baseline that now resolves to another commit, a different verdict.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlgate.errors import GateError
from mlgate.gitio import GitSpec, parse_git_spec, read_git_file
from mlgate.jsonio import read_json
from mlgate.record.digest import sha256_file
from mlgate.record.write import RECORD_VERSION, git_root, git_state
from mlgate.results import FailOn


@dataclass
class Verification:
    differences: list[str] = field(default_factory=list)
    checked_inputs: int = 0
    verdict: str | None = None
    recorded_verdict: str | None = None
    notes: list[str] = field(default_factory=list)  # facts that do not make the record differ

    @property
    def identical(self) -> bool:
        return not self.differences


def read_record(path: Path) -> dict[str, Any]:
    data = read_json(path, "release record")
    if isinstance(data, dict) and "record_version" in data and data["record_version"] != RECORD_VERSION:
        raise GateError(
            f"unsupported release record version {data['record_version']!r} (this mlgate reads {RECORD_VERSION})",
            file=path,
            hint="verify it with the mlgate version that wrote it (the record's `mlgate` key)",
        )
    _check_shape(data, path)
    record: dict[str, Any] = data
    return record


def _check_shape(data: object, path: Path) -> None:
    import jsonschema

    from mlgate.schemas import read_schema

    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(read_schema("record")).iter_errors(data)
    )
    if error is not None:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        raise GateError(
            f"not an mlgate release record: {where.lstrip('.') or 'the document'}: {error.message}",
            file=path,
            hint="pass the file written by `mlgate check --record PATH`, unedited",
        )


def locate_config(record: dict[str, Any]) -> Path:
    ref = record["config"]
    if ref.get("relative_to") == "git-root":
        root = git_root(Path.cwd())
        if root is None:
            raise GateError(
                "the record's config is relative to a git repository, but the working directory is not in one",
                hint="run mlgate verify inside a checkout of the repository",
            )
        return Path(root, ref["path"])
    return Path(ref["path"])


def _rehash(entry: dict[str, Any], base_dir: Path) -> str | None:
    """The input's current sha256, or None when it is gone."""
    if entry.get("git_commit"):
        spec = parse_git_spec(entry["spec"])
        try:
            content, _ = read_git_file(GitSpec(entry["git_commit"], spec.path), base_dir)
        except GateError:
            return None
        return hashlib.sha256(content).hexdigest()
    path = base_dir / entry["path"]
    return sha256_file(path) if path.is_file() else None


def verify_record(record: dict[str, Any]) -> Verification:
    from mlgate.config.load import load_config
    from mlgate.runner import run_check

    outcome = Verification(recorded_verdict=record["verdict"])
    config_path = locate_config(record)
    if not config_path.is_file():
        outcome.differences.append(f"config {record['config']['path']}: missing")
        return outcome
    if sha256_file(config_path) != record["config"]["sha256"]:
        outcome.differences.append(f"config {record['config']['path']}: changed (sha256 differs)")
    base_dir = config_path.parent
    recorded_commit = (record.get("git") or {}).get("commit")
    head = git_state(base_dir, [])["commit"]
    if recorded_commit and head and head != recorded_commit:
        outcome.notes.append(
            f"recorded at commit {recorded_commit[:12]}, the checkout is at {head[:12]} "
            "(inputs and verdict decide; the commit alone does not)"
        )
    recorded = {(e["role"], e["path"]): e for e in record["inputs"]}
    for entry in record["inputs"]:
        outcome.checked_inputs += 1
        now = _rehash(entry, base_dir)
        label = f"{entry['role']} {entry['path']}"
        if now is None:
            outcome.differences.append(f"input {label}: missing")
        elif now != entry["sha256"]:
            outcome.differences.append(f"input {label}: changed (sha256 {entry['sha256'][:12]} → {now[:12]})")

    invocation = record["invocation"]
    fail_on = FailOn(invocation.get("fail_on", "fail"))
    try:
        loaded = load_config(config_path)
        run = run_check(
            loaded,
            only=invocation.get("only"),
            samples=int(invocation.get("samples", 5)),
            strict=bool(invocation.get("strict", False)),
            digest_inputs=True,
        )
    except GateError as exc:
        outcome.differences.append(f"the gate could not be re-run: {exc.format()}")
        return outcome
    outcome.verdict = run.report.status(fail_on).value
    for entry in run.digests:
        if entry["role"] == "config":
            continue
        old = recorded.get((entry["role"], entry["path"]))
        if old is None:
            outcome.differences.append(f"input {entry['role']} {entry['path']}: new (not in the record)")
        elif entry.get("git_commit") != old.get("git_commit"):
            outcome.differences.append(
                f"input {entry['role']} {entry['spec']}: now resolves to commit "
                f"{str(entry.get('git_commit'))[:12]}, recorded {str(old.get('git_commit'))[:12]}"
            )
    if outcome.verdict != outcome.recorded_verdict:
        outcome.differences.append(f"verdict: recorded {outcome.recorded_verdict}, now {outcome.verdict}")
        before = {r["id"]: r["status"] for r in record["results"]}
        for result in sorted(run.report.results, key=lambda r: r.id):
            old_status = before.pop(result.id, None)
            if old_status != result.status.value:
                outcome.differences.append(f"  {result.id}: {old_status or 'absent'} → {result.status.value}")
        outcome.differences.extend(f"  {rid}: {status} → absent" for rid, status in sorted(before.items()))
    return outcome
