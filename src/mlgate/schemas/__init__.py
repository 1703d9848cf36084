"""JSON Schemas shipped with mlgate: `config.schema.json` (mlgate.yaml) and `report.schema.json`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).parent


def schema_path(name: str) -> Path:
    return SCHEMA_DIR / f"{name}.schema.json"


def read_schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return data
