"""The commented starter `mlgate.yaml` that `mlgate init` writes (it passes `mlgate config lint`)."""

from __future__ import annotations

from mlgate.config.model import SCHEMA_URL

_HEADER = f"""\
# yaml-language-server: $schema={SCHEMA_URL}
# mlgate.yaml — what "good enough to merge" means for this repository.
# Check it:  mlgate config lint        Run it:  mlgate check
# Paths resolve relative to this file. Unknown keys are errors, so a typo cannot pass silently.
version: 1
"""

_CONTRACTS_EXAMPLE = """\
# Data contracts (ODCS v3), each tested against data on DuckDB.
# contracts:
#   - contract: contracts/orders.odcs.yaml
#     data: data/orders.parquet           # optional: overrides the contract's server
"""

_METRICS_EXAMPLE = """\
# The candidate model must not be worse than the baseline it replaces.
# metrics:
#   candidate: reports/metrics.json               # JSON, YAML, TOML or CSV
#   baseline: git:origin/main:reports/metrics.json  # or a path
#   rules:
#     - metric: accuracy
#       direction: higher
#       max_drop: 0.005
"""

_DRIFT_EXAMPLE = """\
# The data the model sees must not drift away from the data it was trained on.
# drift:
#   reference: data/reference.parquet
#   current: data/current.parquet
#   exclude: [id]
#   max_drifted_share: 0.3
"""

_WAIVERS_EXAMPLE = """\
# Temporary exceptions: all four keys required; at most 180 days ahead.
# waivers:
#   - check: "metric:latency_ms.p95"      # glob over result ids
#     reason: "Accepted: new feature store adds 3 ms; tracked in #412"
#     owner: "@ml-platform"
#     expires: 2027-01-31
"""


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def starter_config(contract: str | None = None, data: str | None = None) -> str:
    """The starter text; with a contract (inferred by `init --data`) its entry is live, not commented."""
    parts = [_HEADER, "\n"]
    if contract is not None:
        parts.append("# Data contracts (ODCS v3), each tested against data on DuckDB.\n")
        parts.append("contracts:\n")
        parts.append(f"  - contract: {_quote(contract)}\n")
        if data is not None:
            parts.append(f"    data: {_quote(data)}\n")
    else:
        parts.append(_CONTRACTS_EXAMPLE)
    parts.extend(["\n", _METRICS_EXAMPLE, "\n", _DRIFT_EXAMPLE, "\n", _WAIVERS_EXAMPLE])
    return "".join(parts)
