"""Generate the drift example: card transactions scored by a fraud model (deterministic, seed 2026).

    python examples/drift/make_data.py        # rewrites the three Parquet files next to this script

reference.parquet        what the model was trained on (6,000 transactions)
current_ok.parquet       a later week from the same population: no drift
current_drifted.parquet  a week after a marketing push abroad: bigger amounts, more online
                         electronics, more foreign countries, younger customers, later hours
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
MERCHANTS = [
    "grocery",
    "fuel",
    "restaurants",
    "travel",
    "electronics",
    "fashion",
    "pharmacy",
    "online_services",
]
COUNTRIES = ["DE", "FR", "NL", "ES", "IT", "GB", "US", "PL", "SE", "BE"]


def transactions(rng: np.random.Generator, n: int, *, drifted: bool, first_id: int) -> pd.DataFrame:
    merchant_p = np.array([0.26, 0.14, 0.16, 0.06, 0.07, 0.11, 0.08, 0.12])
    country_p = np.array([0.40, 0.14, 0.10, 0.08, 0.08, 0.06, 0.04, 0.04, 0.03, 0.03])
    amount = rng.lognormal(mean=3.4, sigma=0.9, size=n)
    hour_p = np.exp(-0.5 * ((np.arange(24) - 14) / 4.5) ** 2)
    age = rng.normal(44, 13, size=n)
    online_share = 0.35
    if drifted:
        merchant_p = np.array([0.16, 0.08, 0.12, 0.10, 0.20, 0.12, 0.04, 0.18])
        country_p = np.array([0.22, 0.10, 0.08, 0.10, 0.08, 0.08, 0.16, 0.08, 0.05, 0.05])
        amount = rng.lognormal(mean=3.9, sigma=1.0, size=n)
        hour_p = np.exp(-0.5 * ((np.arange(24) - 19) / 4.0) ** 2)
        age = rng.normal(34, 11, size=n)
        online_share = 0.6
    return pd.DataFrame(
        {
            "transaction_id": np.arange(first_id, first_id + n, dtype=np.int64),
            "amount": np.round(amount, 2),
            "merchant_category": rng.choice(MERCHANTS, size=n, p=merchant_p / merchant_p.sum()),
            "country": rng.choice(COUNTRIES, size=n, p=country_p / country_p.sum()),
            "hour": rng.choice(24, size=n, p=hour_p / hour_p.sum()).astype(np.int64),
            "customer_age": np.clip(np.round(age), 18, 95).astype(np.int64),
            "card_present": rng.random(n) >= online_share,
            "customer_tenure_days": rng.gamma(2.0, 400.0, size=n).round().astype(np.int64),
        }
    )


def main() -> None:
    rng = np.random.default_rng(2026)
    frames = {
        "reference.parquet": transactions(rng, 6000, drifted=False, first_id=1),
        "current_ok.parquet": transactions(rng, 3000, drifted=False, first_id=100_001),
        "current_drifted.parquet": transactions(rng, 3000, drifted=True, first_id=200_001),
    }
    con = duckdb.connect()
    for name, frame in frames.items():
        con.register("frame", frame)
        con.execute(f"COPY frame TO '{HERE / name}' (FORMAT parquet, COMPRESSION zstd)")
        con.unregister("frame")
        print(f"wrote {name}: {len(frame)} rows")


if __name__ == "__main__":
    main()
