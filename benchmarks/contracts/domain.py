"""Value sets of the benchmark dataset, shared by the pandera and great-expectations checks (see generate.py)."""

from __future__ import annotations

CURRENCIES = ["EUR", "USD", "GBP", "CHF"]
CATEGORIES = [
    "grocery",
    "electronics",
    "travel",
    "restaurants",
    "fuel",
    "fashion",
    "digital",
    "pharmacy",
    "hardware",
    "books",
]
