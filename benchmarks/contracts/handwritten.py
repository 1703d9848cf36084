"""The baseline: the same checks as bench.odcs.yaml, hand-written as one single-pass DuckDB query."""

from __future__ import annotations

import sys

import duckdb

CHECKS = """
SELECT
    COUNT(*) AS row_count,
    COUNT(*) FILTER (WHERE id IS NULL) AS id_null,
    COUNT(id) - COUNT(DISTINCT id) AS id_duplicates,
    COUNT(*) FILTER (WHERE customer_id IS NULL) AS customer_id_null,
    COUNT(*) FILTER (WHERE customer_id < 1) AS customer_id_min,
    COUNT(*) FILTER (WHERE amount < 0) AS amount_min,
    COUNT(*) FILTER (WHERE amount > 1000000) AS amount_max,
    COUNT(*) FILTER (WHERE amount IS NULL) AS amount_null,
    COUNT(*) FILTER (WHERE fee < 0) AS fee_min,
    COUNT(*) FILTER (WHERE score IS NULL) AS score_null,
    COUNT(*) FILTER (WHERE score < 0) AS score_min,
    COUNT(*) FILTER (WHERE score > 1) AS score_max,
    COUNT(*) FILTER (WHERE currency IS NULL) AS currency_null,
    COUNT(*) FILTER (WHERE currency NOT IN ('EUR', 'USD', 'GBP', 'CHF')) AS currency_invalid,
    COUNT(*) FILTER (WHERE category IS NULL) AS category_null,
    COUNT(*) FILTER (WHERE category NOT IN ('grocery', 'electronics', 'travel', 'restaurants', 'fuel',
        'fashion', 'digital', 'pharmacy', 'hardware', 'books')) AS category_invalid,
    COUNT(*) FILTER (WHERE country IS NULL) AS country_null,
    COUNT(*) FILTER (WHERE NOT regexp_full_match(country, '[A-Z]{2}')) AS country_pattern,
    COUNT(*) FILTER (WHERE email IS NULL) AS email_null,
    COUNT(*) FILTER (WHERE NOT regexp_full_match(email, '[a-z0-9.]+@[a-z0-9.]+\\.[a-z]+')) AS email_pattern,
    COUNT(*) FILTER (WHERE created_at IS NULL) AS created_at_null,
    COUNT(*) FILTER (WHERE created_at < TIMESTAMP '2020-01-01 00:00:00') AS created_at_min,
    COUNT(*) FILTER (WHERE is_fraud IS NULL) AS is_fraud_null
FROM {scan}
"""


COLUMNS = [line.rsplit(" AS ", 1)[1].rstrip(",") for line in CHECKS.splitlines() if " AS " in line]


def main(path: str) -> None:
    scan = f"read_parquet('{path}')" if path.endswith(".parquet") else f"read_csv('{path}', header=true)"
    row = duckdb.connect().execute(CHECKS.replace("{scan}", scan)).fetchone()
    assert row is not None and row[0] > 0, row
    failing = [n for n, v in zip(COLUMNS, row, strict=True) if v and n not in ("row_count", "amount_null")]
    assert not failing, failing


if __name__ == "__main__":
    main(sys.argv[1])
