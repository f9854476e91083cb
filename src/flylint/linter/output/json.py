"""JSON output (a stable contract, see docs/output-formats.md): paths relative to the working directory with '/',
1-based lines and columns, ``end_column`` exclusive."""

from __future__ import annotations

import json
from typing import Any

from flylint import __version__
from flylint.linter.output.summary import summarise


def finding_dict(f: Any) -> dict[str, Any]:
    return {
        "code": f.code,
        "name": f.name,
        "severity": str(f.severity),
        "message": f.message,
        "path": f.path,
        "line": f.span.line,
        "column": f.span.column,
        "end_line": f.span.end_line,
        "end_column": f.span.end_column,
        "fix": {"applicability": str(f.fix.applicability), "title": f.fix.title} if f.fix else None,
    }


def render(result: Any, options: Any) -> str:
    data = {
        "version": __version__,
        "findings": [finding_dict(f) for f in result.findings],
        "summary": summarise(result, options),
    }
    notes = getattr(result, "notes", None)
    if notes:
        data["notes"] = list(notes)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
