"""Wording shared by the human-readable report formats (Markdown and HTML)."""

from __future__ import annotations

from collections.abc import Iterable

from flylint.report.build import (
    EXCEPTED,
    FAIL,
    KIND_LABELS,
    KINDS,
    MANUAL,
    NOT_APPLICABLE,
    NOT_ASSESSED,
    PASS,
    STATUSES,
    ControlResult,
    FrameworkResult,
    Report,
    RuleCoverage,
)

MAX_EVIDENCE = 50  # findings listed per control in Markdown/HTML (JSON lists them all)
# the order statuses are shown in (tables, the chart, the legend)
SHOWN = (PASS, FAIL, EXCEPTED, NOT_ASSESSED, NOT_APPLICABLE, MANUAL)
WORDS = {PASS: "pass", FAIL: "fail", EXCEPTED: "excepted", NOT_ASSESSED: "not assessed",
         NOT_APPLICABLE: "not applicable", MANUAL: "manual"}
assert set(SHOWN) == set(STATUSES)


def title(report: Report) -> str:
    if len(report.frameworks) == 1:
        return f"{report.framework.name} configuration checklist"
    return "Deployment review and compliance checklists"


def files_line(report: Report) -> str:
    parts = []
    for kind in KINDS:
        n = report.files.get(kind, 0)
        label = KIND_LABELS[kind]
        if kind in ("shell", "workflow") and n != 1:
            label += "s"
        parts.append(f"{n} {label}")
    return ", ".join(parts)


def counts_phrase(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts[s]} {WORDS[s]}" for s in SHOWN if counts[s])


def headline(results: Iterable[ControlResult]) -> str:
    """One sentence on a set of controls. It says "all ... pass" only when no control fails, is
    excepted or could not be assessed."""
    rows = list(results)
    counts = {s: sum(1 for r in rows if r.status == s) for s in STATUSES}
    breakdown = counts_phrase(counts)
    if counts[FAIL]:
        return f"{counts[FAIL]} of {len(rows)} controls fail ({breakdown})."
    if counts[NOT_ASSESSED] or counts[EXCEPTED]:
        held = []
        if counts[NOT_ASSESSED]:
            held.append(f"{counts[NOT_ASSESSED]} could not be assessed")
        if counts[EXCEPTED]:
            held.append(f"{counts[EXCEPTED]} pass only by exception")
        return f"No control fails, but {' and '.join(held)} ({breakdown})."
    if counts[PASS]:
        return f"All {counts[PASS]} assessed controls pass ({breakdown})."
    if counts[NOT_APPLICABLE]:
        return f"No control applies to the scanned files ({breakdown})."
    return f"No control could be assessed ({breakdown})."


def framework_headline(fw: FrameworkResult) -> str:
    return headline(fw.controls)


def report_headline(report: Report) -> str:
    text = headline(report.controls)
    if report.evidence_hidden:
        text += " Evidence is hidden: a file could not be parsed or read."
    return text


def status_reason(result: ControlResult) -> str:
    """The line that explains a status other than pass and fail."""
    labels = {NOT_ASSESSED: "Not assessed", NOT_APPLICABLE: "Not applicable", EXCEPTED: "Excepted"}
    label = labels.get(result.status)
    if label is None or not result.reason:
        return ""
    return f"{label}: {result.reason}."


def rule_groups(result: ControlResult) -> dict[str, list[RuleCoverage]]:
    groups: dict[str, list[RuleCoverage]] = {s: [] for s in STATUSES}
    for r in result.rules:
        groups[r.status].append(r)
    return groups


def missing_note(rule: RuleCoverage, files: dict[str, int]) -> str:
    lacking = [KIND_LABELS[k] for k in rule.kinds if not files.get(k)]
    return f"no {' or '.join(lacking)} found" if lacking else "no file it reads"


def anchor(framework_key: str, control_id: str | None = None) -> str:
    base = "fw-" + framework_key
    if control_id is None:
        return base
    return "c-" + "".join(ch if ch.isalnum() else "-" for ch in control_id.lower())
