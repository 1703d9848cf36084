"""Reports built from results, as gates produce them, for the renderer tests."""

from __future__ import annotations

from mlgate.results import Report, Result, Source, Status

HOSTILE = "evil|col`x` <script>alert(1)</script> [click](javascript:alert(1)) @octocat\nnew line %0A, a:b"


def hostile_report() -> Report:
    return Report(
        results=[
            Result(
                id=f"contract:orders.{HOSTILE}.unique",
                kind="unique",
                status=Status.FAIL,
                target=f"orders.{HOSTILE}",
                message=f"values of {HOSTILE} repeat",
                observed=HOSTILE,
                expected="no duplicates | none",
                failed_rows=3,
                source=Source("contracts/orders.odcs.yaml", 12, 7),
            ),
            Result(
                id="metric:accuracy",
                kind="metric",
                status=Status.WARN,
                target="accuracy",
                message="accuracy dropped",
                gate="metrics",
                observed=0.81,
                expected="≥ 0.82",
                source=Source("mlgate.yaml", 9, 7),
                details={
                    "baseline": 0.85,
                    "candidate": 0.81,
                    "delta": -0.04,
                    "delta_pct": -4.70588,
                    "threshold": 0.82,
                },
            ),
            Result(
                id="drift:amount",
                kind="drift",
                status=Status.PASS,
                target="amount",
                message="no drift",
                gate="drift",
                details={"method": "ks", "score": 0.31, "threshold": 0.05, "drifted": False},
            ),
            Result(
                id="contract:orders.note.text",
                kind="text",
                status=Status.SKIPPED,
                target="orders",
                message="type: text rules are not executable",
            ),
            Result(
                id="contract:orders.amount.minimum",
                kind="minimum",
                status=Status.WAIVED,
                target="orders.amount",
                message="negative amounts",
                source=Source("contracts/orders.odcs.yaml", 20, 9),
                waiver={
                    "check": "contract:orders.amount.*",
                    "reason": "refunds #412 @finance",
                    "owner": "@finance",
                    "expires": "2027-01-01",
                    "status": "fail",
                },
            ),
        ],
        meta={"config": "mlgate.yaml"},
    )


def many_results(count: int) -> Report:
    statuses = [Status.FAIL, Status.WARN, Status.PASS, Status.PASS]
    return Report(
        results=[
            Result(
                id=f"contract:big.column_{i:05d}.pattern",
                kind="pattern",
                status=statuses[i % len(statuses)],
                target=f"big.column_{i:05d}",
                message=f"column_{i:05d} does not match ^[A-Z]{{3}}-\\d+$ in many rows",
                observed=f"{i} rows",
                expected="matches ^[A-Z]{3}-\\d+$",
                failed_rows=i,
                source=Source("contracts/big.odcs.yaml", i + 1, 9),
            )
            for i in range(count)
        ]
    )
