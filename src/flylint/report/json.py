"""JSON rendering of a compliance report.

The shape is a contract (``schema_version`` 1), described field by field in docs/compliance.md
and by the JSON Schema ``flylint/data/compliance-report.schema.json``. New fields may be added
within a schema version; renaming or removing one bumps it.
"""

from __future__ import annotations

import json
from typing import Any

from flylint.report.build import ControlResult, Evidence, Report

SCHEMA_ID = "flylint-compliance-report"
SCHEMA_VERSION = 1


def _evidence(ev: Evidence) -> dict[str, Any]:
    return {
        "code": ev.code,
        "name": ev.name,
        "severity": ev.severity,
        "message": ev.message,
        "path": ev.path,
        "line": ev.line,
        "column": ev.column,
        "ignored_by_config": ev.ignored_by_config,
    }


def _control(r: ControlResult) -> dict[str, Any]:
    c = r.control
    return {
        "id": c.id,
        "ref": c.ref,
        "title": c.title,
        "section": c.section,
        "type": c.kind,
        "mapping": c.strength,
        "status": r.status,
        "guidance": c.guidance,
        "severity": r.worst_severity,
        "rules": [
            {"code": x.code, "name": x.name, "summary": x.summary, "status": x.status,
             "file_kinds": list(x.kinds), "files_evaluated": x.files, "findings": x.findings,
             "suppressed": x.suppressed}
            for x in r.rules
        ],
        "missing_file_kinds": list(r.missing_kinds),
        "findings": [_evidence(ev) for ev in r.findings],
        "suppressed": [_evidence(ev) for ev in r.suppressed],
    }


def to_dict(report: Report) -> dict[str, Any]:
    fw = report.framework
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "flylint", "version": report.tool_version},
        "generated_at": report.generated_at,
        "framework": {"id": fw.key, "name": fw.name, "version": fw.version, "source": fw.source,
                      "scope": fw.scope},
        "target": {"paths": list(report.paths), "git_commit": report.git_commit,
                   "config": report.config_path, "files": dict(report.files)},
        "summary": report.summary(),
        "controls": [_control(r) for r in report.controls],
        "notes": list(report.notes),
        "disclaimer": report.disclaimer,
    }


def render(report: Report) -> str:
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"
