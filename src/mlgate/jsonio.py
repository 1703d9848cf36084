"""Reading a JSON file that mlgate wrote earlier (a report, a release record), with exit-2 errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mlgate.errors import GateError


def read_json(path: Path, what: str, *, missing_hint: str | None = None) -> Any:
    """The parsed JSON of `path`; a GateError naming `what`, the file and the line for every failure."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GateError(f"the {what} does not exist", file=path, hint=missing_hint) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GateError(f"cannot read the {what}: {exc}", file=path) from None
    except json.JSONDecodeError as exc:
        raise GateError(
            f"the {what} is not JSON: {exc.msg}", file=path, line=exc.lineno, column=exc.colno
        ) from None
