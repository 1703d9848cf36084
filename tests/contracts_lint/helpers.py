"""Write a contract, lint it through the real CLI, and read the compiler-style lines back."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import CliResult, RunMlgate

HEADER = """\
apiVersion: v3.1.0
kind: DataContract
id: orders-contract
version: 1.0.0
status: active
name: orders
"""  # 6 lines: a contract body written after it starts on line 7

_LINE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.*) \[(?P<rule>[a-zA-Z0-9-]+)\]$"
)


@dataclass(frozen=True)
class Line:
    file: str
    line: int
    column: int
    message: str
    rule: str

    @property
    def where(self) -> str:
        return f"{self.line}:{self.column}"


def write(tmp_path: Path, body: str, name: str = "contract.odcs.yaml", header: bool = True) -> Path:
    path = tmp_path / name
    path.write_text((HEADER if header else "") + textwrap.dedent(body), encoding="utf-8")
    return path


def findings(result: CliResult) -> list[Line]:
    parsed = []
    for text in result.stdout.splitlines():
        match = _LINE.match(text)
        if match:
            parsed.append(
                Line(match["file"], int(match["line"]), int(match["column"]), match["message"], match["rule"])
            )
    return parsed


def lint(run_mlgate: RunMlgate, *paths: Path | str, cwd: Path | None = None) -> tuple[CliResult, list[Line]]:
    result = run_mlgate("contract", "lint", *paths, cwd=cwd)
    return result, findings(result)
