"""Generate the example fraud-scoring data deterministically (run from anywhere; needs only duckdb).

    python examples/data/make_data.py

writes examples/data/transactions.parquet (3,000 rows that pass contracts/transactions.odcs.yaml)
and examples/data/transactions_broken.csv (the same kind of export after a bad upstream change).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
ROWS = 3000
CURRENCIES = ["EUR", "USD", "GBP", "CHF"]
CATEGORIES = ["grocery", "electronics", "travel", "restaurants", "fuel", "fashion", "digital_goods"]
COUNTRIES = ["DE", "FR", "US", "GB", "CH", "ES", "IT", "NL"]
NAMES = ["ana", "ben", "chen", "dara", "eli", "fatima", "gus", "hana", "ivan", "jo"]
COLUMNS = (
    "transaction_id VARCHAR, customer_id BIGINT, customer_email VARCHAR, amount DOUBLE, currency VARCHAR, "
    "merchant_category VARCHAR, country VARCHAR, device_score DOUBLE, created_at TIMESTAMP, is_fraud BOOLEAN"
)


def transactions(rng: random.Random, rows: int) -> list[tuple[object, ...]]:
    start = dt.datetime(2025, 6, 1)
    out = []
    for i in range(rows):
        customer = rng.randrange(1, 800)
        fraud = rng.random() < 0.03
        amount = round(rng.lognormvariate(3.5, 1.0) * (4 if fraud else 1), 2)
        score = None if rng.random() < 0.02 else round(rng.betavariate(2, 8 if not fraud else 2), 4)
        out.append(
            (
                f"TX-{i + 1:06d}",
                customer,
                f"{rng.choice(NAMES)}.{customer}@example.com",
                min(amount, 99_999.0),
                rng.choices(CURRENCIES, weights=[5, 3, 2, 1])[0],
                rng.choice(CATEGORIES),
                rng.choice(COUNTRIES),
                score,
                start + dt.timedelta(seconds=37 * i + rng.randrange(30)),
                fraud,
            )
        )
    return out


def break_rows(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """What a bad upstream release looks like: text where numbers belong, bad dates, dupes, case drift."""
    broken = [list(r) for r in rows]
    for i in (17, 88, 203):
        broken[i][3] = "N/A"  # amount exported as text by a new ETL step
    for i in (41, 150):
        broken[i][3] = -abs(float(broken[i][3]))  # refunds leaked into the purchase feed
    broken[120][8] = "2013-13-45 10:00:00"  # a corrupt timestamp
    for i in (5, 60, 61, 230):
        broken[i][4] = str(broken[i][4]).lower()  # currency case drift
    broken[99][0] = broken[98][0]  # duplicated transaction id
    for i in (12, 250):
        broken[i][2] = "unknown"  # placeholder instead of an email
    for row in broken:
        row.append("1")  # a debug column nobody declared
    return [tuple(r) for r in broken]


def main() -> None:
    rng = random.Random(20250601)
    rows = transactions(rng, ROWS)
    con = duckdb.connect()
    con.execute(f"CREATE TABLE t ({COLUMNS})")
    con.executemany(f"INSERT INTO t VALUES ({', '.join('?' * 10)})", rows)
    con.execute(
        f"COPY (SELECT * FROM t ORDER BY transaction_id) TO '{HERE / 'transactions.parquet'}' (FORMAT parquet)"
    )

    varchar_columns = ", ".join(f"{c.split()[0]} VARCHAR" for c in COLUMNS.split(", "))
    con.execute(f"CREATE TABLE b ({varchar_columns}, debug_flag VARCHAR)")
    text_rows = [tuple(None if v is None else _text(v) for v in r) for r in break_rows(rows[:300])]
    con.executemany(f"INSERT INTO b VALUES ({', '.join('?' * 11)})", text_rows)
    con.execute(f"COPY (SELECT * FROM b) TO '{HERE / 'transactions_broken.csv'}' (HEADER, DELIMITER ',')")


def _text(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


if __name__ == "__main__":
    main()
