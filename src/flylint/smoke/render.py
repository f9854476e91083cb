"""Smoke results as text, JSON or JUnit XML."""

from __future__ import annotations

import re
from typing import Any

from flylint import __version__
from flylint.smoke.checks import CheckResult

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: Any) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 256
                        else f"\\u{ord(m.group(0)):04x}", str(text))


def summary(runs: list[tuple[str, list[CheckResult]]]) -> dict[str, int]:
    out = {"passed": 0, "failed": 0, "skipped": 0}
    for _, results in runs:
        for r in results:
            out[{"pass": "passed", "fail": "failed", "skip": "skipped"}[r.status]] += 1
    return out


def to_text(runs: list[tuple[str, list[CheckResult]]], color: bool = False) -> str:
    marks = {"pass": ("PASS", "32"), "fail": ("FAIL", "31"), "skip": ("SKIP", "33")}
    lines = []
    for url, results in runs:
        lines.append(f"flylint smoke {clean(url)}")
        for r in results:
            label, code = marks[r.status]
            mark = f"\x1b[{code}m{label}\x1b[0m" if color else label
            lines.append(f"  {mark}  {r.name:<15} {clean(r.message)}")
    s = summary(runs)
    total = sum(s.values())
    verdict = f"{s['failed']} of {total} checks failed" if s["failed"] else f"all {total - s['skipped']} checks passed"
    lines.append(verdict + (f" ({s['skipped']} skipped)" if s["skipped"] else ""))
    return "\n".join(lines) + "\n"


def to_json(runs: list[tuple[str, list[CheckResult]]]) -> str:
    import json

    data = {"version": __version__, "targets": [{"url": url, "checks": [r.as_dict() for r in results]}
                                               for url, results in runs],
            "summary": summary(runs)}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _xml(text: Any) -> str:
    from xml.sax.saxutils import escape

    return escape(_INVALID_XML.sub("\ufffd", str(text)), {'"': "&quot;"})


def to_junit(runs: list[tuple[str, list[CheckResult]]]) -> str:
    s = summary(runs)
    total_time = sum(r.duration_ms for _, results in runs for r in results) / 1000
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="flylint smoke" tests="{sum(s.values())}" failures="{s["failed"]}" '
           f'skipped="{s["skipped"]}" time="{total_time:.3f}">']
    for url, results in runs:
        failures = sum(r.status == "fail" for r in results)
        skipped = sum(r.status == "skip" for r in results)
        suite_time = sum(r.duration_ms for r in results) / 1000
        out.append(f'  <testsuite name="{_xml(url)}" tests="{len(results)}" failures="{failures}" '
                   f'skipped="{skipped}" time="{suite_time:.3f}">')
        for r in results:
            head = f'    <testcase classname="{_xml(url)}" name="{_xml(r.name)}" time="{r.duration_ms / 1000:.3f}"'
            if r.status == "pass":
                out.append(head + ">")
                out.append(f"      <system-out>{_xml(r.message)}</system-out>")
                out.append("    </testcase>")
            elif r.status == "skip":
                out.append(head + ">")
                out.append(f'      <skipped message="{_xml(r.message)}"/>')
                out.append("    </testcase>")
            else:
                out.append(head + ">")
                message = _xml(r.message)
                out.append(f'      <failure message="{message}" type="{_xml(r.name)}">{message}</failure>')
                out.append("    </testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"
