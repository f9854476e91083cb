"""JUnit XML: one ``<testsuite>`` per checked file, one ``<testcase>`` per rule checked on it.

A rule that found nothing in a file is a passing test case, so the counts read as "N checks
ran, M failed". A rule with findings gets one ``<failure>`` listing all of them (message: the
first finding and how many there are). A file that could not be parsed (``*000``) and a rule
that crashed (internal error) are ``<error>`` elements: the check could not run. Characters that
XML 1.0 cannot carry, and every other control character, are written as visible escapes
(``\\x1b``); ElementTree does the XML escaping.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import Any

from flylint.base.console import escape_controls
from flylint.linter.model import Finding
from flylint.linter.source import display_path


def _clean(text: str) -> str:
    """Control characters (and those XML 1.0 cannot carry) as visible escapes such as ``\\x1b``."""
    return escape_controls(text)


def _line(f: Any) -> str:
    return f"{f.path}:{f.span.line}:{f.span.column}: {f.code} [{f.severity}] {f.message}"


def _is_error(f: Finding) -> bool:
    return f.kind.is_error


def render(result: Any, options: Any) -> str:
    names = {code: meta.name for code, meta in result.rules.items()}
    checks: dict[str, set[str]] = defaultdict(set)
    for code, path in result.evaluated:
        if not result.rules[code].engine_reported:  # parse-error codes: marked evaluated even when disabled
            checks[path].add(code)
    found: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for f in result.findings:
        checks[f.path].add(f.code)
        found[(f.path, f.code)].append(f)
        names.setdefault(f.code, f.name)

    root = ET.Element("testsuites", name="flylint")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for path in sorted(checks):
        suite = ET.SubElement(root, "testsuite", name=_clean(path))
        counts = {"tests": 0, "failures": 0, "errors": 0}
        for code in sorted(checks[path]):
            case = ET.SubElement(suite, "testcase", classname=_clean(path),
                                 name=f"{code} {names.get(code, '')}".strip(), file=_clean(path), time="0")
            counts["tests"] += 1
            hits = found.get((path, code))
            if not hits:
                continue
            kind = "error" if any(_is_error(f) for f in hits) else "failure"
            counts["errors" if kind == "error" else "failures"] += 1
            first = hits[0]
            more = f" (and {len(hits) - 1} more)" if len(hits) > 1 else ""
            el = ET.SubElement(case, kind, type=code,
                               message=_clean(f"{first.span.line}:{first.span.column}: {first.message}{more}"))
            el.text = "\n".join(_clean(_line(f)) for f in hits)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("skipped", "0")
        suite.set("time", "0")
    for path, why in getattr(result, "unreadable", ()):  # not checked: an error, never a pass
        shown = _clean(display_path(path))
        suite = ET.SubElement(root, "testsuite", name=shown, tests="1", failures="0", errors="1", skipped="0",
                              time="0")
        case = ET.SubElement(suite, "testcase", classname=shown, name="read", file=shown, time="0")
        ET.SubElement(case, "error", type="unreadable", message=_clean(f"{why}; not checked"))
        totals["tests"] += 1
        totals["errors"] += 1
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", "0")
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
