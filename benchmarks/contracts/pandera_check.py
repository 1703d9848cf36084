"""The same checks as bench.odcs.yaml with pandera (run in benchmarks/.venv-compare)."""

from __future__ import annotations

import sys

import pandas as pd
import pandera.pandas as pa
from domain import CATEGORIES, CURRENCIES  # run as a script: its folder is on sys.path

SCHEMA = pa.DataFrameSchema(
    {
        "id": pa.Column("int64", nullable=False, unique=True),
        "customer_id": pa.Column("int64", pa.Check.ge(1), nullable=False),
        "amount": pa.Column("float64", [pa.Check.ge(0), pa.Check.le(1_000_000)], nullable=True),
        "fee": pa.Column("float64", pa.Check.ge(0), nullable=True),
        "score": pa.Column("float64", pa.Check.in_range(0, 1), nullable=False),
        "currency": pa.Column(str, pa.Check.isin(CURRENCIES), nullable=False),
        "category": pa.Column(str, pa.Check.isin(CATEGORIES), nullable=False),
        "country": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{2}$"), nullable=False),
        "email": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9.]+@[a-z0-9.]+\.[a-z]+$"), nullable=False),
        "created_at": pa.Column("datetime64[ns]", pa.Check.ge(pd.Timestamp("2020-01-01")), nullable=False),
        "settled_on": pa.Column(nullable=True),
        "is_fraud": pa.Column(bool, nullable=False),
    },
    checks=[
        pa.Check(lambda df: len(df) > 0, name="rowCount"),
        pa.Check(lambda df: df["amount"].isna().mean() < 0.05, name="amount_nulls_below_5_percent"),
    ],
)


def main(path: str) -> None:
    if path.endswith(".parquet"):
        df = pd.read_parquet(path)
        df["created_at"] = df["created_at"].astype("datetime64[ns]")
    else:
        df = pd.read_csv(path, parse_dates=["created_at"])
    SCHEMA.validate(df, lazy=True)


if __name__ == "__main__":
    main(sys.argv[1])
