"""JUnit XML for the test tabs of GitLab, Jenkins and Azure: one testsuite per gate, one testcase per check.

`fail` → `<failure>`, `error` → `<error>`, `skipped` and `waived` → `<skipped>` (with the reason), `warn`
passes with its message in `<system-out>` (JUnit has no warning state; the gate's own verdict decides).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

from mlgate.results import FailOn, Report, Result, Status

# XML 1.0 cannot carry most control characters, even escaped; data values may hold them.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return _INVALID_XML.sub("\ufffd", text)


def _details(result: Result) -> str:
    lines = [result.message]
    if result.observed is not None:
        lines.append(f"observed: {_text(result.observed)}")
    if result.expected is not None:
        lines.append(f"expected: {_text(result.expected)}")
    if result.failed_rows is not None:
        lines.append(f"failed rows: {result.failed_rows}")
    if result.source is not None:
        lines.append(f"declared at: {result.source}")
    if result.samples:
        lines.append("samples:")
        lines.extend(f"  {_text(sample)}" for sample in result.samples[:20])
    if result.details:
        lines.append(f"details: {_text(result.details)}")
    return _text("\n".join(lines))


def _testcase(suite: ET.Element, result: Result) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        name=_text(result.id),
        classname=_text(f"mlgate.{result.gate}.{result.kind}"),
        time="0",
    )
    if result.source is not None:
        case.set("file", _text(result.source.file))
        if result.source.line is not None:
            case.set("line", str(result.source.line))
    message = _text(result.message)
    if result.status is Status.FAIL:
        ET.SubElement(case, "failure", message=message, type=result.kind).text = _details(result)
    elif result.status is Status.ERROR:
        ET.SubElement(case, "error", message=message, type=result.kind).text = _details(result)
    elif result.status is Status.SKIPPED:
        ET.SubElement(case, "skipped", message=message)
    elif result.status is Status.WAIVED:
        waiver = result.waiver or {}
        ET.SubElement(
            case,
            "skipped",
            message=_text(
                f"waived by {waiver.get('owner')} until {waiver.get('expires')}: {waiver.get('reason')}"
            ),
        )
    if result.status is Status.WARN:
        ET.SubElement(case, "system-out").text = _text("warning: " + _details(result))


def render_junit(report: Report) -> str:
    root = ET.Element("testsuites", name="mlgate")
    by_gate: dict[str, list[Result]] = {}
    for result in report.results:
        by_gate.setdefault(result.gate, []).append(result)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for gate, results in by_gate.items():
        counts = {
            "tests": len(results),
            "failures": sum(r.status is Status.FAIL for r in results),
            "errors": sum(r.status is Status.ERROR for r in results),
            "skipped": sum(r.status in (Status.SKIPPED, Status.WAIVED) for r in results),
        }
        attributes = {"name": _text(gate), "time": "0", **{k: str(v) for k, v in counts.items()}}
        suite = ET.SubElement(root, "testsuite", attributes)
        for key, value in counts.items():
            totals[key] += value
        for result in results:
            _testcase(suite, result)
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


class JunitRenderer:
    def render(self, report: Report, fail_on: FailOn) -> str:
        return render_junit(report)
