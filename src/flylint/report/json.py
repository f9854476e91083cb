"""JSON rendering of a report.

The shape is a contract (``schema_version`` 2), described field by field in docs/compliance.md
and by the JSON Schema ``flylint/data/compliance-report.schema.json``. New fields may be added
within a schema version; renaming or removing one bumps it.

Version 2 (flylint 0.2): several frameworks per report (``frameworks[]``), the statuses
``excepted``, ``not_assessed`` and ``not_applicable`` (``not_evaluated`` is gone), a ``reason``
per control, ``exceptions[]`` (suppressed or baselined findings, each with its ``waiver``)
instead of ``suppressed[]``, mapping ``partial`` instead of ``supporting`` with a ``rationale``,
and ``unparsed[]``. ``pass_rate`` is gone: a rate over controls of different weight misled.
"""

from __future__ import annotations

import json
from typing import Any

from flylint.report.build import ControlResult, Evidence, FrameworkResult, Report

SCHEMA_ID = "flylint-compliance-report"
SCHEMA_VERSION = 2


def _evidence(ev: Evidence) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": ev.code,
        "name": ev.name,
        "severity": ev.severity,
        "message": ev.message,
        "path": ev.path,
        "line": ev.line,
        "column": ev.column,
        "ignored_by_config": ev.ignored_by_config,
    }
    if ev.waiver is not None:
        out["waiver"] = {"kind": ev.waiver.kind, "reason": ev.waiver.reason, "line": ev.waiver.line}
    return out


def _control(r: ControlResult) -> dict[str, Any]:
    c = r.control
    return {
        "id": c.id,
        "ref": c.ref,
        "title": c.title,
        "section": c.section,
        "type": c.kind,
        "mapping": c.strength,
        "rationale": c.rationale or None,
        "file_kinds": list(c.kinds) or None,
        "status": r.status,
        "reason": r.reason or None,
        "guidance": c.guidance,
        "severity": r.worst_severity,
        "rules": [
            {"code": x.code, "name": x.name, "summary": x.summary, "status": x.status,
             "file_kinds": list(x.kinds), "files_applied": x.applied, "not_applicable": list(x.not_applicable),
             "not_assessed": list(x.not_assessed), "findings": x.findings, "exceptions": x.excepted}
            for x in r.rules
        ],
        "missing_file_kinds": list(r.missing_kinds),
        "hidden_by": list(r.hidden),
        "findings": [_evidence(ev) for ev in r.findings],
        "exceptions": [_evidence(ev) for ev in r.exceptions],
    }


def _framework(fr: FrameworkResult) -> dict[str, Any]:
    fw = fr.framework
    return {
        "id": fw.key, "name": fw.name, "version": fw.version, "source": fw.source, "scope": fw.scope,
        "summary": fr.summary(),
        "controls": [_control(r) for r in fr.controls],
    }


def to_dict(report: Report) -> dict[str, Any]:
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "flylint", "version": report.tool_version},
        "generated_at": report.generated_at,
        "target": {"paths": list(report.paths), "git_commit": report.git_commit,
                   "config": report.config_path, "files": dict(report.files)},
        "summary": report.summary(),
        "frameworks": [_framework(fr) for fr in report.frameworks],
        "unparsed": [_evidence(ev) for ev in report.unparsed],
        "notes": list(report.notes),
        "disclaimer": report.disclaimer,
    }


def render(report: Report) -> str:
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"
