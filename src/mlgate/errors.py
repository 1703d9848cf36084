"""The one exception type that means "the gate could not be evaluated" (exit code 2).

Every module raises `GateError` for bad input (config, contract, data, git refs, engine errors) with
enough context for a one-paragraph message: which file, which line, and how to fix it. The CLI turns
it into that message and exit code 2; anything else escaping is an internal error.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_GATE_CLOSED = 1
EXIT_NOT_EVALUATED = 2


class GateError(Exception):
    """Input or environment problem that prevents evaluating the gate (exit 2)."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        self.hint = hint

    def location(self) -> str:
        if self.file is None:
            return ""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f"\n  fix: {self.hint}"
        return text

    def __str__(self) -> str:
        return self.format()
