"""The markdown report: verdict, order, metric and drift tables, escaping, the size cap."""

from __future__ import annotations

import re

from mlgate.report.markdown import render_markdown
from mlgate.results import FailOn, Report, Result, Status
from tests.renderers.reports import hostile_report, many_results


def test_verdict_order_and_tables() -> None:
    text = render_markdown(hostile_report(), FailOn.FAIL)
    assert text.startswith(
        "## ❌ mlgate failed — the gate is closed\n\n**1 failed** · **1 warning** · **1 waived** · **1 skipped** · **1 passed**"
    )
    assert text.index("### ❌ Failures") < text.index("### ⚠️ Warnings") < text.index("### 🏳️ Waived")
    assert "| ⚠️ `accuracy` | 0.85 | 0.81 | -0.04 | -4.706% | 0.82 |" in text
    assert "| ✅ `amount` | ks | 0.31 | 0.05 | no |" in text
    assert "<details><summary>1 passed</summary>" in text
    assert "<details><summary>1 skipped</summary>" in text
    assert "waived by @\u200dfinance until 2027-01-01: refunds #412 @\u200dfinance" in text
    assert render_markdown(hostile_report(), FailOn.WARN).startswith("## ❌ mlgate failed")


def test_hostile_strings_are_escaped() -> None:
    text = render_markdown(hostile_report(), FailOn.FAIL)
    assert "<script>" not in text
    assert re.search(r"(?<!\\)\]\(javascript:", text) is None
    assert re.search(r"(?<!\\)\[click", text) is None
    assert re.search(r"(?<![`\u200d])@octocat", text) is None  # no mention can ping
    assert "\\<script\\>" in text
    failures = text.split("### ❌ Failures")[1].split("###")[0]
    rows = [line for line in failures.splitlines() if line.startswith("| ❌")]
    assert len(rows) == 1
    # exactly the 4 column separators + 2 borders: no `|` from the data splits the row
    assert len(re.findall(r"(?<!\\)\|", rows[0])) == 5
    # a value with a backtick cannot open a code span
    assert "evil\\|col\\`x\\`" in rows[0]


def test_size_cap_with_5000_results() -> None:
    text = render_markdown(many_results(5000), FailOn.FAIL)
    assert len(text) < 60_000
    assert "**1250 failed** · **1250 warnings** · **2500 passed**" in text
    shown = text.count("| ❌ ")
    assert 50 < shown < 1250
    assert f"_…and {1250 - shown:,} more failures not shown (see the JSON report)._" in text
    assert "results are not listed to keep this under 60,000 characters" in text
    small = render_markdown(many_results(5000), FailOn.FAIL, max_chars=5000)
    assert len(small) <= 5000


def test_size_cap_counts_each_unlisted_result_once() -> None:
    # A metric or drift result has a row in its status table and one in its own table.
    results = [
        Result(
            id=f"drift:col{i:05d}",
            kind="drift",
            status=Status.FAIL if i % 3 == 0 else Status.PASS,
            target=f"col{i:05d}",
            message="moved",
            gate="drift",
            details={"method": "ks", "score": 0.3, "threshold": 0.05, "drifted": i % 3 == 0},
        )
        for i in range(3000)
    ] + [
        Result(
            id=f"metric:m{i:05d}",
            kind="metric",
            status=Status.WARN if i % 2 else Status.PASS,
            target=f"m{i:05d}",
            message="dropped",
            gate="metrics",
            details={"baseline": 0.6, "candidate": 0.5, "delta": -0.1, "delta_pct": -16.7, "threshold": 0.55},
        )
        for i in range(3000)
    ]
    text = render_markdown(Report(results=results), FailOn.FAIL)
    assert len(text) < 60_000
    listed = sum(1 for r in results if f"`{r.id}`" in text or f"`{r.target}`" in text)
    assert 0 < listed < len(results)
    assert f"_{len(results) - listed:,} results are not listed to keep this under 60,000 characters;" in text
