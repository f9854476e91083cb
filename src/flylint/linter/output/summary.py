"""Counts shared by the output formats."""

from __future__ import annotations

from collections import Counter
from typing import Any

from flylint.linter.source import display_path


def summarise(result: Any, options: Any) -> dict[str, Any]:
    by_sev = Counter(str(f.severity) for f in result.findings)
    fixable = sum(1 for f in result.findings if f.fix is not None and (f.fix.is_safe or options.unsafe_fixes))
    return {
        "files": len(result.files),
        "files_with_findings": len({f.path for f in result.findings}),
        "findings": len(result.findings),
        "by_severity": {s: by_sev.get(s, 0) for s in ("error", "warning", "info")},
        "fixable": fixable,
        "fixed": len(getattr(options, "fixed", []) or []),
        "suppressed": result.suppressed,
        "baselined": result.baselined,
        "config_files": config_files(result),
        "unreadable": [{"path": display_path(p), "reason": why} for p, why in getattr(result, "unreadable", ())],
    }


def config_files(result: Any) -> list[str]:
    """The configuration files that applied, relative to the working directory."""
    return [display_path(p) for p in getattr(result, "config_files", None) or ()]
