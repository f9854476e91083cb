"""Wording shared by the human-readable report formats (Markdown and HTML)."""

from __future__ import annotations

from flylint.report.build import (
    FAIL,
    KIND_LABELS,
    KINDS,
    NOT_EVALUATED,
    PASS,
    ControlResult,
    Report,
    RuleCoverage,
)

MAX_EVIDENCE = 50  # findings listed per control in Markdown/HTML (JSON lists them all)


def files_line(report: Report) -> str:
    parts = []
    for kind in KINDS:
        n = report.files.get(kind, 0)
        label = KIND_LABELS[kind]
        if kind in ("shell", "workflow") and n != 1:
            label += "s"
        parts.append(f"{n} {label}")
    return ", ".join(parts)


def headline(report: Report) -> str:
    s = report.summary()
    evaluated = s[PASS] + s[FAIL]
    if not evaluated:
        return "No control could be evaluated: no relevant files were found."
    if s[FAIL]:
        return (f"{s[FAIL]} of {evaluated} evaluated controls fail "
                f"({s[PASS]} pass, {s['pass_rate']}%).")
    return f"All {evaluated} evaluated controls pass."


def kinds_phrase(kinds: list[str]) -> str:
    labels = [KIND_LABELS[k] for k in kinds]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def not_evaluated_reason(result: ControlResult) -> str:
    if result.missing_kinds and len(result.missing_kinds) == len({k for r in result.rules for k in r.kinds}):
        return f"no {kinds_phrase(result.missing_kinds)} was found under the scanned paths"
    return "none of the mapped rules applied to the files found"


def rule_groups(result: ControlResult) -> tuple[list[RuleCoverage], list[RuleCoverage], list[RuleCoverage]]:
    failed = [r for r in result.rules if r.status == FAIL]
    passed = [r for r in result.rules if r.status == PASS]
    skipped = [r for r in result.rules if r.status == NOT_EVALUATED]
    return failed, passed, skipped


def skipped_note(result: ControlResult) -> str:
    if result.missing_kinds:
        return f"no {kinds_phrase(result.missing_kinds)} found, or no file they apply to"
    return "no file they apply to"
