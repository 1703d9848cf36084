"""The same checks as bench.odcs.yaml with great-expectations 1.x (run in benchmarks/.venv-compare)."""

from __future__ import annotations

import sys

import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
from domain import CATEGORIES, CURRENCIES  # run as a script: its folder is on sys.path


def suite() -> gx.ExpectationSuite:
    s = gx.ExpectationSuite(name="payments")
    for column in (
        "id",
        "customer_id",
        "score",
        "currency",
        "category",
        "country",
        "email",
        "created_at",
        "is_fraud",
    ):
        s.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column=column))
    s.add_expectation(gxe.ExpectColumnValuesToBeUnique(column="id"))
    s.add_expectation(gxe.ExpectColumnValuesToBeBetween(column="customer_id", min_value=1))
    s.add_expectation(gxe.ExpectColumnValuesToBeBetween(column="amount", min_value=0, max_value=1_000_000))
    s.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column="amount", mostly=0.95))
    s.add_expectation(gxe.ExpectColumnValuesToBeBetween(column="fee", min_value=0))
    s.add_expectation(gxe.ExpectColumnValuesToBeBetween(column="score", min_value=0, max_value=1))
    s.add_expectation(gxe.ExpectColumnValuesToBeInSet(column="currency", value_set=CURRENCIES))
    s.add_expectation(gxe.ExpectColumnValuesToBeInSet(column="category", value_set=CATEGORIES))
    s.add_expectation(gxe.ExpectColumnValuesToMatchRegex(column="country", regex=r"^[A-Z]{2}$"))
    s.add_expectation(
        gxe.ExpectColumnValuesToMatchRegex(column="email", regex=r"^[a-z0-9.]+@[a-z0-9.]+\.[a-z]+$")
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(column="created_at", min_value=pd.Timestamp("2020-01-01"))
    )
    s.add_expectation(gxe.ExpectTableRowCountToBeBetween(min_value=1))
    return s


def main(path: str) -> None:
    df = pd.read_parquet(path) if path.endswith(".parquet") else pd.read_csv(path, parse_dates=["created_at"])
    context = gx.get_context(mode="ephemeral")
    asset = context.data_sources.add_pandas("bench").add_dataframe_asset("payments")
    batch = asset.add_batch_definition_whole_dataframe("all").get_batch(batch_parameters={"dataframe": df})
    result = batch.validate(suite())
    if not result.success:
        failed = [r.expectation_config.type for r in result.results if not r.success]
        raise SystemExit(f"great-expectations: unexpected failures {failed}")


if __name__ == "__main__":
    main(sys.argv[1])
