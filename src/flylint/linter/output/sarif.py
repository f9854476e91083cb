"""SARIF 2.1.0 output for GitHub code scanning (and any other SARIF consumer).

The log is built from sarif-om objects and turned into JSON by :func:`to_json_data`, a small
walk over the attrs fields that uses each field's ``schema_property_name`` and leaves out
``None`` and the generated defaults (``-1`` indexes, ``kind: fail`` …). sarif-om is imported
only here, so the other formats never pay for it.

What goes in (see docs/output-formats.md for the reasoning):

- one run; ``tool.driver`` with version, ``semanticVersion``, ``informationUri`` and the rules
  that took part in the run (every rule evaluated on some file, plus every rule with a result),
  each with the rule docstring as ``help``;
- one result per finding: ``ruleId``/``ruleIndex``, ``level``, the (already redacted) message,
  one location relative to ``%SRCROOT%`` (the working directory), a region whose end is either
  after its start or left out, ``partialFingerprints["flylintFingerprint/v1"]`` and ``fixes``;
- ``invocations[0]`` with ``executionSuccessful``, ``properties.configurationFiles`` (the
  configuration files that applied, when any) and a notification for every file that could
  not be parsed and every internal rule error;
- ``automationDetails.id`` = ``<category>/`` (category ``flylint`` unless given).

No source text is copied into the log (no snippets), fixes of secret findings are left out, so
the only file content in a log is a fix's inserted text.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from pathlib import Path
from typing import Any

import attr
import sarif_om as om

from flylint import __version__
from flylint.linter.fingerprint import fingerprints
from flylint.linter.model import Finding, FindingKind, Severity
from flylint.linter.output.summary import config_files
from flylint.linter.precision import rule_precision
from flylint.linter.registry import DOCS_URL
from flylint.linter.source import SourceFile, display_path

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/flylint/flylint"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "flylintFingerprint/v1"
DEFAULT_CATEGORY = "flylint"

# GitHub code scanning limits (GitHub's SARIF support documentation): beyond these an upload is rejected or cut.
MAX_RESULTS = 25_000
MAX_TAGS = 20
MAX_DESCRIPTION = 1024
MAX_RULE_NAME = 255

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}

# attrs fields whose generated default is still worth writing out explicitly
_ALWAYS = frozenset({"level"})


# -- serialisation ----------------------------------------------------------------------

def to_json_data(obj: Any) -> Any:
    """sarif-om objects (and plain containers) -> JSON-ready data with schema property names."""
    spec = _SPECS.get(type(obj))
    if spec is None and attr.has(type(obj)):
        spec = _spec(type(obj))
    if spec is not None:
        out: dict[str, Any] = {}
        for name, key, default in spec:
            value = getattr(obj, name)
            if value is None or (default is not _NO_DEFAULT and value == default):
                continue
            out[key] = to_json_data(value)
        return out
    if isinstance(obj, dict):
        return {k: to_json_data(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, (list, tuple)):
        return [to_json_data(v) for v in obj]
    return obj


_NO_DEFAULT = object()
# attrs class -> (attribute, schema property name, default left out of the output or _NO_DEFAULT)
_SPECS: dict[type, tuple[tuple[str, str, Any], ...]] = {}


def _spec(cls: type) -> tuple[tuple[str, str, Any], ...]:
    """What :func:`to_json_data` writes for an attrs class, worked out once per class."""
    fields = []
    for f in attr.fields(cls):
        default: Any = _NO_DEFAULT
        if f.name not in _ALWAYS and f.default is not attr.NOTHING:
            # an attr.Factory (attrs' stubs type Factory as a function, so no isinstance)
            factory = getattr(f.default, "factory", None)
            default = factory() if callable(factory) else f.default
        fields.append((f.name, f.metadata.get("schema_property_name", f.name), default))
    spec = _SPECS[cls] = tuple(fields)
    return spec


# -- helpers ----------------------------------------------------------------------------

def _clip(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _dedent_doc(doc: str) -> str:
    """A docstring without its common indentation (the first line is never indented)."""
    lines = doc.strip("\n").split("\n")
    indents = [len(line) - len(line.lstrip(" ")) for line in lines[1:] if line.strip()]
    cut = min(indents, default=0)
    return "\n".join([lines[0].strip(), *(line[cut:].rstrip() for line in lines[1:])]).strip()


def _sentence(text: str) -> str:
    """End a message with a full stop (SARIF asks for complete sentences)."""
    text = text.strip()
    if text and text[-1] not in ".!?":
        text += "."
    return text


def artifact_location(path: str) -> Any:
    """A display path -> artifactLocation: relative to %SRCROOT%, or an absolute file URI."""
    if os.path.isabs(path):
        return om.ArtifactLocation(uri=Path(path).as_uri())
    return om.ArtifactLocation(uri=urllib.parse.quote(path, safe="/"), uri_base_id=SRCROOT)


def region_for(span: Any, source: SourceFile | None) -> Any:
    """A finding's region: ends after it starts, or names only the start (zero-width)."""
    line = max(1, span.line)
    col = max(1, span.column)
    end_line, end_col = span.end_line, span.end_column
    if end_line > line and end_col <= 1 and source is not None:
        # the span stops at the start of a line: end it after the previous line's text instead
        end_line -= 1
        end_col = len(source.line_text(end_line)) + 1
    if end_line < line or (end_line == line and end_col <= col):
        return om.Region(start_line=line, start_column=col)
    return om.Region(start_line=line, start_column=col, end_line=end_line, end_column=max(1, end_col))


def _edit_region(source: SourceFile, start: int, end: int) -> Any:
    line, col = source.position(start)
    end_line, end_col = source.position(max(start, end))
    return om.Region(start_line=line, start_column=col, end_line=end_line, end_column=end_col)


def _sources_by_path(result: Any) -> dict[str, SourceFile]:
    out: dict[str, SourceFile] = {}
    for project in result.projects:
        for pf in project.files:
            if pf.source is not None and pf.unreadable is None:
                out[os.path.abspath(pf.path)] = pf.source
    return out


def fix_for(f: Finding, sources: dict[str, SourceFile], secret: bool = False) -> Any | None:
    """The finding's fix as a SARIF fix, or None when it cannot (or must not: ``secret``, a rule
    that reports secrets) be expressed."""
    if f.fix is None or not f.fix.edits or secret:
        return None
    changes: dict[str, list[Any]] = {}
    for e in f.fix.edits:
        if e.create:
            if not e.path:
                return None
            key = display_path(e.path)
            region = om.Region(char_offset=0, char_length=0)
        else:
            src = f.source if not e.path else sources.get(os.path.abspath(e.path))
            if src is None:
                return None
            key = src.display_path
            region = _edit_region(src, e.start, e.end)
        changes.setdefault(key, []).append(
            om.Replacement(deleted_region=region, inserted_content=om.ArtifactContent(text=e.content))
        )
    return om.Fix(
        description=om.Message(text=_sentence(f.fix.title)),
        artifact_changes=[
            om.ArtifactChange(artifact_location=artifact_location(path), replacements=reps)
            for path, reps in changes.items()
        ],
    )


# -- rules --------------------------------------------------------------------------------

def rule_descriptor(meta: Any) -> Any:
    doc = _dedent_doc(meta.doc) if meta.doc.strip() else meta.name
    summary = _clip(meta.summary, MAX_DESCRIPTION)
    what = meta.sections.get("What it does", "") if meta.sections else ""
    full = _clip(" ".join(what.split()) or summary, MAX_DESCRIPTION)
    tags: list[str] = []
    if meta.is_security:
        tags.append("security")
    tags += [f"external/cwe/cwe-{n}" for n in meta.cwe]
    tags += [t for t in meta.tags if t not in tags]
    properties: dict[str, Any] = {"tags": tags[:MAX_TAGS], "precision": rule_precision(meta)}
    if meta.is_security and meta.security_severity is not None:
        properties["security-severity"] = f"{float(meta.security_severity):.1f}"
    else:
        properties["problem.severity"] = PROBLEM_SEVERITY[meta.severity]
    if meta.controls:
        properties["controls"] = list(meta.controls)
    return om.ReportingDescriptor(
        id=meta.code,
        name=meta.name[:MAX_RULE_NAME],
        short_description=om.MultiformatMessageString(text=summary),
        full_description=om.MultiformatMessageString(text=full),
        help=om.MultiformatMessageString(text=doc, markdown=doc),
        help_uri=DOCS_URL.format(code=meta.code),
        default_configuration=om.ReportingConfiguration(level=LEVELS[meta.severity]),
        properties=properties,
    )


def _run_rule_codes(result: Any) -> list[str]:
    # the engine marks a parse-error code as evaluated on every unparsable file, enabled or not
    codes = {code for code, _path in result.evaluated if not result.rules[code].engine_reported}
    codes |= {f.code for f in result.findings}
    return sorted(c for c in codes if c in result.rules)


# -- the log -------------------------------------------------------------------------------

def _keep_order(findings: list[Finding]) -> list[Finding]:
    """What survives the results limit: the most severe first, then file order."""
    if len(findings) <= MAX_RESULTS:
        return findings
    ranked = sorted(findings, key=lambda f: (-int(f.severity), f.sort_key()))
    keep = {id(f) for f in ranked[:MAX_RESULTS]}
    return [f for f in findings if id(f) in keep]


def build_log(result: Any, options: Any) -> Any:
    codes = _run_rule_codes(result)
    index = {code: i for i, code in enumerate(codes)}
    rules = [rule_descriptor(result.rules[c]) for c in codes]
    prints = fingerprints(result.findings)
    sources = _sources_by_path(result)

    results: list[Any] = []
    notifications: list[Any] = []
    kept = _keep_order(result.findings)
    for f in kept:
        location = om.Location(physical_location=om.PhysicalLocation(
            artifact_location=artifact_location(f.path), region=region_for(f.span, f.source)))
        res = om.Result(
            message=om.Message(text=_sentence(f.message)),
            rule_id=f.code,
            rule_index=index.get(f.code, -1),
            level=LEVELS[f.severity],
            locations=[location],
            partial_fingerprints={FINGERPRINT_KEY: prints[id(f)]},
        )
        meta = result.rules.get(f.code)
        fix = fix_for(f, sources, secret=meta is None or meta.is_secret)
        if fix is not None:
            res.fixes = [fix]
        results.append(res)

    internal = [f for f in result.findings if f.kind is FindingKind.INTERNAL_ERROR]
    parse_errors = [f for f in result.findings if f.kind is FindingKind.PARSE_ERROR]
    for f, level, what in [*((f, "error", "internal error") for f in internal),
                           *((f, "warning", "could not parse") for f in parse_errors)]:
        notifications.append(om.Notification(
            message=om.Message(text=_sentence(f"{what}: {f.path}: {f.message}")),
            level=level,
            descriptor=om.ReportingDescriptorReference(id=f.code),
            locations=[om.Location(physical_location=om.PhysicalLocation(
                artifact_location=artifact_location(f.path), region=region_for(f.span, f.source)))],
        ))
    for note in getattr(result, "notes", ()):
        notifications.append(om.Notification(message=om.Message(text=_sentence(note)), level="warning"))
    unreadable = list(getattr(result, "unreadable", ()))
    for path, why in unreadable:
        notifications.append(om.Notification(
            message=om.Message(text=_sentence(f"not checked: {display_path(path)}: {why}")), level="error"))
    dropped = len(result.findings) - len(kept)
    if dropped:
        notifications.append(om.Notification(
            message=om.Message(text=(
                f"{dropped} of {len(result.findings)} results were left out: GitHub code scanning "
                f"accepts at most {MAX_RESULTS} results per run, so the most severe were kept.")),
            level="warning",
        ))

    configs = config_files(result)
    invocation = om.Invocation(execution_successful=not internal and not unreadable,
                               tool_execution_notifications=notifications or None,
                               properties={"configurationFiles": configs} if configs else None)
    category = (getattr(options, "category", None) or DEFAULT_CATEGORY).strip().strip("/") or DEFAULT_CATEGORY
    root = Path(os.getcwd()).resolve().as_uri().rstrip("/") + "/"
    run = om.Run(
        tool=om.Tool(driver=om.ToolComponent(
            name="flylint", version=__version__, semantic_version=__version__,
            information_uri=INFORMATION_URI, rules=rules)),
        invocations=[invocation],
        results=results,
        automation_details=om.RunAutomationDetails(id=f"{category}/"),
        original_uri_base_ids={SRCROOT: om.ArtifactLocation(uri=root)},
        column_kind="unicodeCodePoints",
    )
    return om.SarifLog(runs=[run], version="2.1.0", schema_uri=SCHEMA_URI)


def render(result: Any, options: Any) -> str:
    data = to_json_data(build_log(result, options))
    data = {"$schema": data.pop("$schema"), "version": data.pop("version"), **data}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
