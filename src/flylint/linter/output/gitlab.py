"""GitLab Code Quality report (a JSON array of Code Climate issues).

Each finding becomes ``{"type": "issue", "check_name", "description", "categories",
"fingerprint", "severity", "location": {"path", "lines": {"begin", "end"}}}``. Severity:
info -> minor, warning -> major, error -> critical, and an error from a security rule ->
blocker. The fingerprint is flylint's stable fingerprint (see ``fingerprint.py``), so GitLab
can tell new issues from old ones across merge requests.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flylint.base.console import escape_controls
from flylint.linter.fingerprint import fingerprints
from flylint.linter.source import display_path

SEVERITY = {"info": "minor", "warning": "major", "error": "critical"}


def severity(f: Any) -> str:
    sev = str(f.severity)
    if sev == "error" and "security" in f.tags:
        return "blocker"
    return SEVERITY[sev]


def issue(f: Any, fingerprint: str) -> dict[str, Any]:
    return {
        "type": "issue",
        "check_name": f.code,
        "description": escape_controls(f"{f.code} ({f.name}): {f.message}"),
        "categories": ["Security"] if "security" in f.tags else ["Bug Risk"],
        "fingerprint": fingerprint,
        "severity": severity(f),
        "location": {
            "path": escape_controls(f.path),
            "lines": {"begin": max(1, f.span.line), "end": max(1, f.span.line, f.span.end_line)},
        },
    }


def render(result: Any, options: Any) -> str:
    prints = fingerprints(result.findings)
    data = [issue(f, prints[id(f)]) for f in result.findings]
    for path, why in getattr(result, "unreadable", ()):  # not checked: reported, never silently passed
        shown = display_path(path)
        data.append({
            "type": "issue", "check_name": "unreadable", "description": escape_controls(f"not checked: {shown}: {why}"),
            "categories": ["Bug Risk"], "severity": "critical",
            "fingerprint": hashlib.sha256(f"unreadable:{shown}".encode()).hexdigest()[:32],
            "location": {"path": shown, "lines": {"begin": 1, "end": 1}},
        })
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
