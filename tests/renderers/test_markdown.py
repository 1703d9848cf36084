"""The markdown report: verdict, order, metric and drift tables, escaping, the size cap."""

from __future__ import annotations

import re

from mlgate.report.markdown import render_markdown
from mlgate.results import FailOn
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
