"""Run a composite action the way the GitHub runner does, for tests.

What it implements — exactly what `action.yml` uses, no more:
- inputs with defaults (defaults may be expressions, e.g. `${{ github.token }}`);
- `${{ expr }}` in `env`, `with`, `working-directory` and `outputs`, and bare expressions in `if`, over the
  contexts `inputs`, `github`, `steps`, `env` and `runner`: property paths, string/number/boolean/null
  literals, `==`, `!=`, `!`, `&&`, `||`, parentheses and the status functions `always()`, `success()`,
  `failure()`, `cancelled()`; comparisons coerce as GitHub does (strings case-insensitively, mixed
  types as numbers);
- an implicit `success() &&` when a step's `if` calls no status function;
- `run` steps with `shell: bash` as `bash --noprofile --norc -eo pipefail {0}`, each step with fresh
  `$GITHUB_OUTPUT`, `$GITHUB_STEP_SUMMARY`, `$GITHUB_ENV` and `$GITHUB_PATH` files, read back after the
  step (`key=value` and `key<<DELIMITER` forms); summaries are concatenated like the job summary page;
- `uses` steps (JavaScript actions such as actions/cache) are recorded, not executed.
A `run:` block is never expression-expanded by this harness: the action must not need it.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
STATUS_FUNCTIONS = ("always", "success", "failure", "cancelled")


class ExpressionError(Exception):
    pass


# --- expressions ------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<number>-?\d+(?:\.\d+)?)|(?P<op>==|!=|&&|\|\||!|\(|\)|,)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_*][A-Za-z0-9_-]*)*))"
)


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise ExpressionError(f"cannot parse expression at {text[position:]!r}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
        while position < len(text) and text[position].isspace():
            position += 1
    return tokens


class _Parser:
    def __init__(self, text: str, contexts: dict[str, Any], status: dict[str, bool]) -> None:
        self.tokens = _tokens(text)
        self.index = 0
        self.contexts = contexts
        self.status = status

    def parse(self) -> Any:
        value = self._or()
        if self.index != len(self.tokens):
            raise ExpressionError(f"unexpected {self.tokens[self.index][1]!r}")
        return value

    def _peek(self) -> str | None:
        return self.tokens[self.index][1] if self.index < len(self.tokens) else None

    def _take(self) -> tuple[str, str]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def _or(self) -> Any:
        left = self._and()
        while self._peek() == "||":
            self._take()
            right = self._and()
            left = left if _truthy(left) else right
        return left

    def _and(self) -> Any:
        left = self._compare()
        while self._peek() == "&&":
            self._take()
            right = self._compare()
            left = right if _truthy(left) else left
        return left

    def _compare(self) -> Any:
        left = self._unary()
        while self._peek() in ("==", "!="):
            op = self._take()[1]
            right = self._unary()
            equal = _equal(left, right)
            left = equal if op == "==" else not equal
        return left

    def _unary(self) -> Any:
        if self._peek() == "!":
            self._take()
            return not _truthy(self._unary())
        return self._primary()

    def _primary(self) -> Any:
        kind, text = self._take()
        if text == "(":
            value = self._or()
            if self._take()[1] != ")":
                raise ExpressionError("missing )")
            return value
        if kind == "string":
            return text[1:-1].replace("''", "'")
        if kind == "number":
            return float(text) if "." in text else int(text)
        if kind != "name":
            raise ExpressionError(f"unexpected {text!r}")
        if text in ("true", "false"):
            return text == "true"
        if text == "null":
            return None
        if self._peek() == "(":
            self._take()
            if self._take()[1] != ")" or text not in STATUS_FUNCTIONS:
                raise ExpressionError(f"unsupported function {text}()")
            return self.status[text]
        return _lookup(self.contexts, text)


def _lookup(contexts: dict[str, Any], path: str) -> Any:
    parts = path.split(".")
    if parts[0] not in contexts:
        raise ExpressionError(f"unknown context {parts[0]!r}")
    value: Any = contexts[parts[0]]
    for part in parts[1:]:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _truthy(value: Any) -> bool:
    return value not in (None, False, 0, "", 0.0)


def _number(value: Any) -> float:
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value)
    except ValueError:
        return float("nan")


def _equal(left: Any, right: Any) -> bool:
    if isinstance(left, str) and isinstance(right, str):
        return left.casefold() == right.casefold()
    if type(left) is type(right):
        return bool(left == right)
    return _number(left) == _number(right)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def evaluate(text: str, contexts: dict[str, Any], status: dict[str, bool]) -> Any:
    return _Parser(text, contexts, status).parse()


def interpolate(template: str, contexts: dict[str, Any], status: dict[str, bool]) -> str:
    return EXPRESSION.sub(lambda m: _text(evaluate(m.group(1), contexts, status)), template)


# --- running ----------------------------------------------------------------------------------------


@dataclass
class StepRecord:
    id: str | None
    name: str
    ran: bool
    outcome: str  # success | failure | skipped
    returncode: int | None = None
    log: str = ""
    env: dict[str, str] = field(default_factory=dict)
    uses: str | None = None
    with_: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)


@dataclass
class ActionResult:
    success: bool
    exit_code: int  # the failing step's code, 0 when every step succeeded
    steps: list[StepRecord]
    outputs: dict[str, str]
    summary: str

    @property
    def log(self) -> str:
        return "\n".join(f"## {s.name} [{s.outcome}]\n{s.log}" for s in self.steps)

    def step(self, step_id: str) -> StepRecord:
        return next(s for s in self.steps if s.id == step_id)


def parse_command_file(path: Path) -> dict[str, str]:
    """`key=value` lines and `key<<DELIM ... DELIM` blocks, as the runner reads GITHUB_OUTPUT/GITHUB_ENV."""
    values: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.strip():
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            key, delimiter = line.split("<<", 1)
            body: list[str] = []
            while index < len(lines) and lines[index] != delimiter:
                body.append(lines[index])
                index += 1
            if index >= len(lines):
                raise ValueError(f"{path.name}: unterminated {key}<<{delimiter}")
            index += 1
            values[key] = "\n".join(body)
        elif "=" in line:
            key, value = line.split("=", 1)
            values[key] = value
        else:
            raise ValueError(f"{path.name}: invalid line {line!r}")
    return values


@dataclass
class Runner:
    """The job around the action: workspace, event, temp dir and the environment the runner provides."""

    action_path: Path
    workspace: Path
    runner_temp: Path
    event_name: str
    event_path: Path
    github: dict[str, Any]  # the `github` context (token, base_ref, repository...)
    env: dict[str, str]  # the job's environment (GITHUB_* variables, PATH, HOME...)

    def run(self, inputs: dict[str, str], *, timeout: float = 600) -> ActionResult:
        action = yaml.safe_load((self.action_path / "action.yml").read_text(encoding="utf-8"))
        assert action["runs"]["using"] == "composite"
        status = {"always": True, "success": True, "failure": False, "cancelled": False}
        github = {**self.github, "action_path": str(self.action_path), "workspace": str(self.workspace)}
        contexts: dict[str, Any] = {
            "github": github,
            "runner": {"temp": str(self.runner_temp), "os": "Linux"},
            "env": dict(self.env),
            "steps": {},
            "inputs": {},
        }
        declared = action.get("inputs") or {}
        unknown = set(inputs) - set(declared)
        assert not unknown, f"inputs not declared by the action: {unknown}"
        for name, spec in declared.items():
            default = _text((spec or {}).get("default", ""))
            contexts["inputs"][name] = inputs.get(name, interpolate(default, contexts, status))

        env = dict(self.env)
        path_additions: list[str] = []
        summaries: list[str] = []
        records: list[StepRecord] = []
        failed_code = 0
        for index, step in enumerate(action["runs"]["steps"]):
            name = step.get("name") or step.get("id") or f"step {index}"
            condition = str(step.get("if", "success()"))
            condition = EXPRESSION.sub(lambda m: m.group(1), condition)  # `${{ }}` around `if` is optional
            if not any(f"{fn}(" in condition for fn in STATUS_FUNCTIONS):
                condition = f"success() && ({condition})"
            if not _truthy(evaluate(condition, contexts, status)):
                records.append(StepRecord(step.get("id"), name, ran=False, outcome="skipped"))
                if step.get("id"):
                    contexts["steps"][step["id"]] = {
                        "outputs": {},
                        "outcome": "skipped",
                        "conclusion": "skipped",
                    }
                continue
            step_env = {
                k: interpolate(_text(v), contexts, status) for k, v in (step.get("env") or {}).items()
            }
            if "uses" in step:
                with_ = {
                    k: interpolate(_text(v), contexts, status) for k, v in (step.get("with") or {}).items()
                }
                records.append(
                    StepRecord(
                        step.get("id"), name, ran=False, outcome="success", uses=step["uses"], with_=with_
                    )
                )
                if step.get("id"):
                    contexts["steps"][step["id"]] = {
                        "outputs": {},
                        "outcome": "success",
                        "conclusion": "success",
                    }
                continue
            assert step.get("shell") == "bash", f"{name}: the harness runs bash steps only"
            files = self._command_files(index)
            full_env = {**env, **step_env}
            full_env.update({key.upper(): str(path) for key, path in files.items()})
            full_env["GITHUB_ACTION_PATH"] = str(self.action_path)
            full_env["PATH"] = os.pathsep.join([*reversed(path_additions), env.get("PATH", "")])
            workdir = self.workspace
            if "working-directory" in step:
                workdir = self.workspace / interpolate(str(step["working-directory"]), contexts, status)
            script = self.runner_temp / f"step-{index}.sh"
            script.write_text(step["run"], encoding="utf-8")
            if not workdir.is_dir():
                code, log = 1, f"Error: working directory {workdir} does not exist"
            else:
                proc = subprocess.run(
                    ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                    cwd=workdir,
                    env=full_env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    timeout=timeout,
                )
                code, log = proc.returncode, proc.stdout
            outcome = "success" if code == 0 else "failure"
            outputs = parse_command_file(files["github_output"])
            env.update(parse_command_file(files["github_env"]))
            contexts["env"] = dict(env)
            if files["github_path"].exists():
                path_additions += [p for p in files["github_path"].read_text().splitlines() if p.strip()]
            summaries.append(files["github_step_summary"].read_text(encoding="utf-8"))
            records.append(
                StepRecord(step.get("id"), name, True, outcome, code, log, step_env, outputs=outputs)
            )
            if step.get("id"):
                contexts["steps"][step["id"]] = {
                    "outputs": outputs,
                    "outcome": outcome,
                    "conclusion": outcome,
                }
            if code != 0 and not step.get("continue-on-error"):
                status.update(success=False, failure=True)
                failed_code = failed_code or code
        action_outputs = {
            name: interpolate(_text(spec.get("value", "")), contexts, status)
            for name, spec in (action.get("outputs") or {}).items()
        }
        return ActionResult(failed_code == 0, failed_code, records, action_outputs, "".join(summaries))

    def _command_files(self, index: int) -> dict[str, Path]:
        folder = self.runner_temp / "_runner_file_commands" / str(index)
        folder.mkdir(parents=True, exist_ok=True)
        files = {}
        for name in ("github_output", "github_env", "github_path", "github_step_summary"):
            path = folder / f"{name}_{index}"
            path.write_text("", encoding="utf-8")
            files[name] = path
        return files
