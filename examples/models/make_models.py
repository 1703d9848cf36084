"""Generate the example fraud-scoring model's evaluation artefacts deterministically.

    python examples/models/make_models.py [--out DIR]

One labelled evaluation set of 5,000 card transactions, scored by three models:
- baseline/            the model on main: every signal (device score, amount, merchant risk, velocity)
- candidate_ok/        a retrain with new hyper-parameters: the same quality, small noise-level changes
- candidate_blocked/   a retrain after the device-score feed was dropped: it lost its best feature and
                       leans on a noisy proxy (a real regression, a few AUC points)
Each folder gets predictions.parquet (transaction_id, is_fraud, score, country) and metrics.json
(computed from those predictions with mlgate's own metric functions, as a training job would).
Needs numpy and duckdb (both mlgate dependencies).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb
import numpy as np

from mlgate.metrics.scores import confusion_metric, confusion_stats, mean_metric, rank_metric, rank_order

HERE = Path(__file__).resolve().parent
N = 5000
COUNTRIES = np.array(["DE", "FR", "GB", "US", "CH"])
COUNTRY_SHARE = [0.35, 0.25, 0.2, 0.15, 0.05]
THRESHOLD = 0.5
LATENCY_P95_MS = {"baseline": 31.5, "candidate_ok": 30.8, "candidate_blocked": 24.1}


def evaluation_set(rng: np.random.Generator) -> dict[str, np.ndarray]:
    device = rng.normal(size=N)  # device fingerprint risk: the strongest signal
    amount = rng.normal(size=N)  # log amount, standardised
    merchant = rng.normal(size=N)  # merchant category risk
    velocity = rng.normal(size=N)  # transactions in the last hour
    logit = -4.2 + 2.4 * device + 0.9 * amount + 0.7 * merchant + 0.6 * velocity
    is_fraud = rng.random(N) < 1 / (1 + np.exp(-logit))
    return {
        "device": device,
        "amount": amount,
        "merchant": merchant,
        "velocity": velocity,
        "is_fraud": is_fraud,
        "country": COUNTRIES[rng.choice(len(COUNTRIES), N, p=COUNTRY_SHARE)],
    }


def score(data: dict[str, np.ndarray], weights: dict[str, float], noise: float, rng: np.random.Generator) -> np.ndarray:  # fmt: skip
    logit = -4.2 + sum(w * data[name] for name, w in weights.items()) + rng.normal(0, noise, N)
    return np.round(1 / (1 + np.exp(-logit)), 6)


def metrics(y: np.ndarray, scores: np.ndarray, countries: np.ndarray, model: str) -> dict[str, object]:
    def block(mask: np.ndarray) -> dict[str, float]:
        y01, s = y[mask].astype(np.float64), scores[mask]
        pred = (s >= THRESHOLD).astype(np.int64)
        stats = confusion_stats(y[mask].astype(np.int64), pred, 2)
        order = rank_order(y01, s)
        return {
            "roc_auc": round(float(rank_metric("roc_auc", order)[0]), 6),
            "average_precision": round(float(rank_metric("average_precision", order)[0]), 6),
            "precision": round(float(confusion_metric("precision", stats, 1)[0]), 6),
            "recall": round(float(confusion_metric("recall", stats, 1)[0]), 6),
            "f1": round(float(confusion_metric("f1", stats, 1)[0]), 6),
            "brier": round(mean_metric("brier", y01, s), 6),
            "n": int(mask.sum()),
        }

    overall = block(np.ones(len(y), dtype=bool))
    slices = {str(c): block(countries == c) for c in COUNTRIES}
    return {
        "test": overall,
        "slices": slices,
        "latency_ms": {"p95": LATENCY_P95_MS[model]},
    }


def write(folder: Path, data: dict[str, np.ndarray], scores: np.ndarray, model: str) -> None:
    folder.mkdir(exist_ok=True)
    csv = folder / "predictions.csv"
    with csv.open("w", encoding="utf-8") as out:  # through CSV: far faster than row inserts
        out.write("transaction_id,is_fraud,score,country\n")
        for i, (fraud, value, country) in enumerate(zip(data["is_fraud"].tolist(), scores.tolist(), data["country"].tolist(), strict=True)):  # fmt: skip
            out.write(f"TX-{i + 1:06d},{'true' if fraud else 'false'},{value!r},{country}\n")
    target = folder / "predictions.parquet"
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT * FROM read_csv('{csv}', header=true, columns={{'transaction_id': 'VARCHAR', "
        f"'is_fraud': 'BOOLEAN', 'score': 'DOUBLE', 'country': 'VARCHAR'}}) ORDER BY transaction_id) "
        f"TO '{target}' (FORMAT PARQUET, COMPRESSION ZSTD)"
    )
    con.close()
    csv.unlink()
    y = data["is_fraud"].astype(np.int64)
    (folder / "metrics.json").write_text(
        json.dumps(metrics(y, scores, data["country"], model), indent=2) + "\n"
    )


def main() -> None:
    out = Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv else HERE
    rng = np.random.default_rng(20261126)
    data = evaluation_set(rng)
    every_signal = {"device": 2.4, "amount": 0.9, "merchant": 0.7, "velocity": 0.6}
    write(out / "baseline", data, score(data, every_signal, 0.6, rng), "baseline")
    retrained = {"device": 2.35, "amount": 0.95, "merchant": 0.7, "velocity": 0.55}
    write(out / "candidate_ok", data, score(data, retrained, 0.6, rng), "candidate_ok")
    # the device feed was dropped; the model fell back on a noisy proxy (the device's IP reputation)
    data["ip_reputation"] = data["device"] + rng.normal(0, 0.9, N)
    no_device = {"ip_reputation": 1.25, "amount": 0.9, "merchant": 0.7, "velocity": 0.6}
    write(out / "candidate_blocked", data, score(data, no_device, 0.6, rng), "candidate_blocked")
    print(f"wrote baseline/, candidate_ok/ and candidate_blocked/ under {out}")


if __name__ == "__main__":
    main()
