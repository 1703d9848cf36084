"""The versioned JSON report (schema: mlgate/schemas/report.schema.json)."""

from __future__ import annotations

import json
import math
from typing import Any

from mlgate.results import FailOn, Report


def _json_safe(value: Any) -> Any:
    """NaN and infinities are not JSON; they become strings so the report stays parseable."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def report_json(report: Report, fail_on: FailOn = FailOn.FAIL) -> str:
    return json.dumps(_json_safe(report.to_dict(fail_on)), indent=2, ensure_ascii=False, default=str) + "\n"


class JsonRenderer:
    def render(self, report: Report, fail_on: FailOn) -> str:
        return report_json(report, fail_on)
