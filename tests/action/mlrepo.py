"""A small ML repository for the integration tests: one ODCS contract over CSV data, an mlgate.yaml."""

from __future__ import annotations

from pathlib import Path

CONTRACT = """\
apiVersion: v3.1.0
kind: DataContract
id: orders-contract
name: orders
version: 1.0.0
status: active
servers:
  - server: local
    type: local
    path: ../data/orders.csv
    format: csv
schema:
  - name: orders
    physicalType: table
    properties:
      - name: order_id
        logicalType: integer
        required: true
        unique: true
      - name: amount
        logicalType: number
        required: true
        logicalTypeOptions:
          minimum: 0
"""

# A misspelt comparator key: ODCS does not define it, so contract lint must point at it.
BAD_CONTRACT = CONTRACT.replace(
    "        logicalTypeOptions:\n          minimum: 0\n",
    "        logicalTypeOptions:\n          minimum: 0\n        quality:\n          - metric: rowCount\n"
    "            mustBeLessOrEqualsTo: 10\n",
)

GOOD_DATA = "order_id,amount\n1,10.5\n2,3.0\n3,7.25\n"
BAD_DATA = "order_id,amount\n1,10.5\n1,-3.0\n3,7.25\n"  # a duplicate id and a negative amount

CONFIG = "version: 1\ncontracts:\n  - contract: contracts/orders.odcs.yaml\n"
BAD_CONFIG = "version: 1\ncontracts:\n  - contract: contracts/orders.odcs.yaml\n    dta: data/orders.csv\n"

METRICS_CONFIG = """\
version: 1
metrics:
  candidate: metrics.json
  baseline: git:origin/main:metrics.json
  rules:
    - metric: accuracy
      direction: higher
      max_drop: 0.01
"""


def write_ml_repo(root: Path, *, data: str = GOOD_DATA, config: str = CONFIG) -> Path:
    (root / "contracts").mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    (root / "contracts" / "orders.odcs.yaml").write_text(CONTRACT, encoding="utf-8")
    (root / "data" / "orders.csv").write_text(data, encoding="utf-8")
    (root / "mlgate.yaml").write_text(config, encoding="utf-8")
    return root
