"""Small real repositories for the check tests: a tiny ODCS contract, CSV and Parquet data, a config."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from tests.conftest import git

CONTRACT = """\
apiVersion: v3.0.2
kind: DataContract
id: orders
version: 1.0.0
status: active
schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: integer
        required: true
        unique: true
      - name: amount
        logicalType: number
        logicalTypeOptions:
          minimum: 0
      - name: country
        logicalType: string
"""

GOOD_CSV = "order_id,amount,country\n1,10.5,US\n2,20.0,FR\n3,5.25,US\n"
BAD_CSV = "order_id,amount,country\n1,10.5,US\n1,-20.0,FR\n3,5.25,US\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def days(n: int) -> str:
    return (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=n)).isoformat()


def contract_repo(repo: Path, *, data: str = GOOD_CSV, config: str | None = None) -> Path:
    """A committed repo with contracts/orders.odcs.yaml, data/orders.csv and mlgate.yaml."""
    write(repo / "contracts" / "orders.odcs.yaml", CONTRACT)
    write(repo / "data" / "orders.csv", data)
    write(
        repo / "mlgate.yaml",
        config
        or """\
        version: 1
        contracts:
          - contract: contracts/orders.odcs.yaml
            data: data/orders.csv
        """,
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial")
    return repo
