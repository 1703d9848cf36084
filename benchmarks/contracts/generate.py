"""Write the benchmark dataset (deterministic: every value is a function of the row number)."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

SELECT = (
    """
SELECT
    range AS id,
    1 + h1 % 1000000 AS customer_id,
    CASE WHEN h2 % 100 < 2 THEN NULL ELSE round((h3 % 100000) / 100.0, 2) END AS amount,
    CASE WHEN h4 % 100 < 30 THEN NULL ELSE round((h5 % 500) / 100.0, 2) END AS fee,
    (h6 % 1000000) / 1000000.0 AS score,
    ['EUR', 'USD', 'GBP', 'CHF'][1 + h7 % 4] AS currency,
    ['grocery', 'electronics', 'travel', 'restaurants', 'fuel', 'fashion', 'digital', 'pharmacy',
     'hardware', 'books'][1 + h8 % 10] AS category,
    ['DE', 'FR', 'US', 'GB', 'CH', 'ES', 'IT', 'NL', 'SE', 'PL'][1 + h9 % 10] AS country,
    'user' || (1 + h1 % 1000000) || '@example.com' AS email,
    TIMESTAMP '2024-01-01' + to_seconds(range * 3) AS created_at,
    DATE '2024-01-01' + (range // 28800)::INTEGER AS settled_on,
    h10 % 100 < 3 AS is_fraud
FROM (
    SELECT range, """
    + ", ".join(f"(hash(range, {i}) % 1000003)::BIGINT AS h{i}" for i in range(1, 11))
    + """
    FROM range({rows})
)
"""
)


def main(out_dir: Path, rows: int) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    query = SELECT.format(rows=rows)
    con.execute(f"COPY ({query}) TO '{out_dir / f'payments_{rows}.parquet'}' (FORMAT parquet)")
    con.execute(f"COPY ({query}) TO '{out_dir / f'payments_{rows}.csv'}' (HEADER, DELIMITER ',')")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
