"""Build a report: run the mapped rules once, then decide a status for every control of every
framework asked for.

Statuses (documented in docs/compliance.md), decided in this order for an automated control:

- ``fail``: a mapped rule has a finding that is neither suppressed nor baselined.
- ``not_assessed``: evidence is hidden, because a file the mapped rules read could not be parsed
  or read, or a rule crashed on it (the run then exits non-zero); or nothing applied and a file
  kind the rules read was not found at all ("no Dockerfile found").
- ``excepted``: the only failing evidence is suppressed inline (``# flylint: ignore[...] reason``)
  or accepted by the baseline; each exception is listed with its reason.
- ``pass``: at least one mapped rule *applied* to a file and found nothing.
- ``not_applicable``: every mapped rule ran and said it had nothing to look at
  (``ctx.not_applicable``: no volumes, no public service …); the reasons are listed.

Manual controls are ``manual``. Other decisions:

- The report runs exactly the rules mapped to the frameworks' controls (plus the parse-error
  rules), whatever ``select``/``ignore``/``extend-select`` say and including rules that are off
  by default: a checklist must not change with a developer's lint configuration.
- Findings that the configuration would hide (``ignore``, ``per-file-ignores``) still count;
  they are marked ``ignored_by_config``. Inline suppressions and the baseline are reviewed
  exceptions: they make a control *excepted*, never *pass*.
- ``exclude`` patterns still decide which files are scanned; the report lists them.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from flylint import __version__
from flylint.base.records import field, record
from flylint.linter.config import Settings
from flylint.linter.engine import Linter
from flylint.linter.model import Finding, FindingKind
from flylint.linter.parse_errors import CODE_BY_KIND, PARSE_ERRORS
from flylint.linter.project import ProjectFile
from flylint.linter.registry import RuleMeta, load_all
from flylint.linter.suppress import Suppression
from flylint.report.controls import AUTOMATED, Control, Framework, rules_for

PASS = "pass"
FAIL = "fail"
EXCEPTED = "excepted"
NOT_ASSESSED = "not_assessed"
NOT_APPLICABLE = "not_applicable"
MANUAL = "manual"
STATUSES = (PASS, FAIL, EXCEPTED, NOT_ASSESSED, NOT_APPLICABLE, MANUAL)
STATUS_LABELS = {PASS: "PASS", FAIL: "FAIL", EXCEPTED: "EXCEPTED", NOT_ASSESSED: "NOT ASSESSED",
                 NOT_APPLICABLE: "NOT APPLICABLE", MANUAL: "MANUAL"}

KINDS = ("fly_toml", "dockerfile", "dockerignore", "shell", "workflow")
KIND_LABELS = {
    "fly_toml": "fly.toml",
    "dockerfile": "Dockerfile",
    "dockerignore": ".dockerignore",
    "shell": "deploy script",
    "workflow": "GitHub workflow",
    "env_file": "env file",
    "config_file": "config file",
    "source_file": "source file",
}
# files only the secret rules read (SEC005–SEC007): their findings count as evidence for the
# controls those rules map to, but their absence is the good case, never a "missing" file kind,
# and the report's file counts (target.files) keep to KINDS
SECRET_SCAN_KINDS = ("env_file", "config_file", "source_file")
_ALL_KINDS = KINDS + SECRET_SCAN_KINDS
# file kinds a cross-file (target="project") rule reports on, by code family
_FAMILY_KINDS = {"FLY": ("fly_toml",), "DKR": ("dockerfile", "dockerignore"), "SH": ("shell",),
                 "GHA": ("workflow",), "SEC": KINDS}

INLINE = "inline"
FILE = "file"
BASELINE = "baseline"

DISCLAIMER = (
    "This is a configuration checklist produced by a static linter, not an audit, an attestation "
    "or a certification. A PASS means a rule mapped to the control applied to the files flylint "
    "read and found no problem; it does not show that the control is designed or operating "
    "effectively. Most controls also depend on policies, processes and evidence that no "
    "configuration file contains; the MANUAL items list some of them."
)


@record(frozen=True)
class Waiver:
    """Why a finding does not fail its control: an inline suppression or the baseline."""

    kind: str  # INLINE (a `# flylint: ignore[...]` line), FILE (`ignore-file`) or BASELINE
    reason: str  # the comment's reason (redacted), or the baseline file; "" when none was written
    line: int | None = None  # the suppression comment's line

    @property
    def text(self) -> str:
        if self.kind == BASELINE:
            return f"accepted by the baseline {self.reason}"
        where = f"line {self.line}" if self.line else "this file"
        what = "suppressed for the whole file" if self.kind == FILE else "suppressed inline"
        reason = f": {self.reason}" if self.reason else " (no reason given)"
        return f"{what} at {where}{reason}"


@record
class Evidence:
    code: str
    name: str
    severity: str
    message: str  # already secret-redacted by the rule
    path: str
    line: int
    column: int
    ignored_by_config: bool = False
    waiver: Waiver | None = None

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@record
class RuleCoverage:
    """What one mapped rule saw for one control."""

    code: str
    name: str
    summary: str
    kinds: tuple[str, ...]  # file kinds the rule reads (within the control's scope)
    applied: int = 0  # files it applied to
    not_applicable: list[str] = field(default_factory=list)  # "path: reason"
    not_assessed: list[str] = field(default_factory=list)  # "path: why" (parse error, crash)
    findings: int = 0
    excepted: int = 0

    @property
    def status(self) -> str:
        if self.findings:
            return FAIL
        if self.not_assessed:
            return NOT_ASSESSED
        if self.excepted:
            return EXCEPTED
        if self.applied:
            return PASS
        return NOT_APPLICABLE if self.not_applicable else NOT_ASSESSED


@record
class ControlResult:
    control: Control
    status: str
    reason: str = ""  # why it is not assessed / not applicable / excepted (one line)
    rules: list[RuleCoverage] = field(default_factory=list)
    findings: list[Evidence] = field(default_factory=list)
    exceptions: list[Evidence] = field(default_factory=list)
    missing_kinds: list[str] = field(default_factory=list)  # kinds the mapped rules read, none found
    hidden: list[str] = field(default_factory=list)  # files whose failure hides evidence

    @property
    def worst_severity(self) -> str | None:
        order = {"info": 0, "warning": 1, "error": 2}
        return max((e.severity for e in self.findings), key=lambda s: order.get(s, -1), default=None)


def _count(results: Iterable[ControlResult]) -> dict[str, int]:
    c = Counter(r.status for r in results)
    return {s: c.get(s, 0) for s in STATUSES}


@record
class FrameworkResult:
    framework: Framework
    controls: list[ControlResult]

    @property
    def counts(self) -> dict[str, int]:
        return _count(self.controls)

    @property
    def failed(self) -> bool:
        return any(r.status == FAIL for r in self.controls)

    def summary(self) -> dict[str, Any]:
        return _summary(self.controls)


@record
class Report:
    frameworks: list[FrameworkResult]
    generated_at: str
    tool_version: str
    paths: list[str]
    files: dict[str, int]  # kind -> number of files scanned
    git_commit: str | None = None
    config_path: str | None = None
    notes: list[str] = field(default_factory=list)
    unparsed: list[Evidence] = field(default_factory=list)  # the parse errors, one per file
    disclaimer: str = DISCLAIMER

    @property
    def controls(self) -> list[ControlResult]:
        return [r for fw in self.frameworks for r in fw.controls]

    @property
    def framework(self) -> Framework:
        """The framework of a single-framework report (the first one otherwise)."""
        return self.frameworks[0].framework

    @property
    def counts(self) -> dict[str, int]:
        return _count(self.controls)

    @property
    def failed(self) -> bool:
        return any(r.status == FAIL for r in self.controls)

    @property
    def evidence_hidden(self) -> bool:
        """A file that could not be parsed or read (or a crashing rule) left a control unassessed."""
        return any(r.hidden for r in self.controls)

    def summary(self) -> dict[str, Any]:
        out = _summary(self.controls)
        out["evidence_hidden"] = self.evidence_hidden
        return out


def _summary(results: list[ControlResult]) -> dict[str, Any]:
    counts = _count(results)
    findings = {_key(e) for r in results for e in r.findings}
    exceptions = {_key(e) for r in results for e in r.exceptions}
    return {"controls": len(results), **counts, "findings": len(findings), "exceptions": len(exceptions)}


def _key(e: Evidence) -> tuple[str, str, int, int]:
    return (e.code, e.path, e.line, e.column)


class _ReportLinter(Linter):
    """A linter whose filters drop nothing silently: per-file ignores are not applied, and
    suppressed and baselined findings are kept aside as exceptions."""

    apply_per_file_ignores = False

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.waived: list[tuple[Finding, Waiver]] = []
        self.baseline_name = _rel(settings.baseline) if settings.baseline else ""

    def on_suppressed(self, finding: Finding, suppression: Suppression) -> None:
        from flylint.fly.secrets import redact_text

        kind = FILE if suppression.file_wide else INLINE
        self.waived.append((finding, Waiver(kind, redact_text(suppression.reason), suppression.line or None)))

    def on_baselined(self, finding: Finding) -> None:
        self.waived.append((finding, Waiver(BASELINE, self.baseline_name)))


def rule_kinds(meta: RuleMeta) -> tuple[str, ...]:
    kinds: list[str] = [t for t in meta.targets if t != "project"]
    if "project" in meta.targets:
        kinds += _FAMILY_KINDS.get(meta.family, KINDS)
    return tuple(k for k in _ALL_KINDS if k in kinds)


def report_settings(user: Settings, codes: list[str]) -> Settings:
    """The settings the report runs with: the mapped rules, the user's excludes, severities and
    baseline (whose findings become exceptions)."""
    return Settings(
        select=list(codes), exclude=list(user.exclude), extend_exclude=list(user.extend_exclude),
        severity=dict(user.severity), config_path=user.config_path, root=user.root, baseline=user.baseline,
    )


def kinds_phrase(kinds: Iterable[str]) -> str:
    labels = [KIND_LABELS[k] for k in kinds]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def build_report(frameworks: Framework | list[Framework], paths: list[str], user: Settings | None = None,
                 now: datetime | None = None) -> Report:
    """Lint ``paths`` with the rules mapped to ``frameworks`` and decide every control's status.

    Raises :class:`~flylint.linter.discover.PathNotFound`,
    :class:`~flylint.linter.config.ConfigError` and
    :class:`~flylint.linter.baseline.BaselineError` like ``flylint check``.
    """
    fws = [frameworks] if isinstance(frameworks, Framework) else list(frameworks)
    user = user or Settings()
    rules = load_all()
    mappings = {fw.key: rules_for(fw, rules) for fw in fws}
    mapped = sorted({code for m in mappings.values() for codes in m.values() for code in codes})
    linter = _ReportLinter(report_settings(user, mapped + [p.code for p in PARSE_ERRORS]))
    result = linter.lint_paths(paths)

    lint_files: dict[str, ProjectFile] = {}
    for pf in result.files:
        if pf.source is not None:
            lint_files[pf.source.display_path] = pf
    kind_of = {path: pf.kind for path, pf in lint_files.items()}
    files = {k: sum(1 for v in kind_of.values() if v == k) for k in KINDS}
    notes: list[str] = []

    crashed = {(f.code, f.path) for f in result.findings if f.kind is FindingKind.INTERNAL_ERROR}
    for code, path in sorted(crashed):
        notes.append(f"Rule {code} failed with an internal error on {path}; the controls it maps to are "
                     "not assessed there. Please report it.")
    findings = [f for f in result.findings if f.kind is not FindingKind.INTERNAL_ERROR]

    # what the user's configuration would have hidden
    user_enabled = user.enabled_codes(rules)
    disabled = [c for c in mapped if c not in user_enabled and rules[c].default_enabled]
    opt_in = [c for c in mapped if c not in user_enabled and not rules[c].default_enabled]
    ignored_cache: dict[str, set[str]] = {}

    def hidden_by_config(f: Finding) -> bool:
        if f.code in disabled:
            return True
        ignored = ignored_cache.get(f.path)
        if ignored is None:
            ignored = ignored_cache[f.path] = user.ignored_for(f.path, rules)
        return f.code in ignored

    def evidence(f: Finding, waiver: Waiver | None = None) -> Evidence:
        return Evidence(f.code, f.name, str(f.severity), " ".join(f.message.split()), f.path,
                        f.span.line, f.span.column, hidden_by_config(f), waiver)

    by_code: dict[str, list[Evidence]] = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(evidence(f))
    waived_by_code: dict[str, list[Evidence]] = {}
    for f, waiver in sorted(linter.waived, key=lambda fw: fw[0].sort_key()):
        waived_by_code.setdefault(f.code, []).append(evidence(f, waiver))

    def blocked(meta: RuleMeta, pf: ProjectFile, path: str) -> str | None:
        """Why ``meta`` could not assess ``pf`` (its evidence is hidden), or None."""
        if (meta.code, path) in crashed:
            return f"{path}: rule {meta.code} crashed"
        if meta.engine_reported:
            return None  # the parse-error rule did assess the file
        if pf.unreadable is not None:
            return f"{path}: could not be read"
        if pf.error is not None and meta.input != "source":
            return f"{path}: could not be parsed ({CODE_BY_KIND.get(pf.kind, 'FLY000')})"
        if (meta.code, path) not in result.evaluated:
            return f"{path}: rule {meta.code} did not run"
        return None

    def decide(control: Control, codes: list[str]) -> ControlResult:
        scope = (set(control.kinds) if control.kinds else set(KINDS)) | set(SECRET_SCAN_KINDS)

        def in_scope(e: Evidence) -> bool:
            return kind_of.get(e.path, "") in scope

        covs: list[RuleCoverage] = []
        hidden: set[str] = set()
        for code in codes:
            meta = rules[code]
            kinds = tuple(k for k in rule_kinds(meta) if k in scope)
            cov = RuleCoverage(code, meta.name, meta.summary, kinds)
            for path, pf in lint_files.items():
                if pf.kind not in kinds:
                    continue
                why = blocked(meta, pf, path)
                if why is not None:
                    cov.not_assessed.append(why)
                    hidden.add(path)
                elif (code, path) in result.not_applicable:
                    cov.not_applicable.append(f"{path}: {result.not_applicable[(code, path)]}")
                else:
                    cov.applied += 1
            cov.findings = sum(1 for e in by_code.get(code, ()) if in_scope(e))
            cov.excepted = sum(1 for e in waived_by_code.get(code, ()) if in_scope(e))
            covs.append(cov)
        ev = sorted((e for c in codes for e in by_code.get(c, ()) if in_scope(e)), key=_sort_evidence)
        exc = sorted((e for c in codes for e in waived_by_code.get(c, ()) if in_scope(e)), key=_sort_evidence)
        needed = sorted({k for cov in covs for k in cov.kinds if k in KINDS}, key=KINDS.index)
        missing = [k for k in needed if not files[k]]
        unseen = [cov for cov in covs if not cov.applied and not cov.not_applicable and not cov.not_assessed]
        reason = ""
        if ev:
            status = FAIL
        elif hidden:
            status = NOT_ASSESSED
            reason = "evidence hidden: " + "; ".join(sorted({w for cov in covs for w in cov.not_assessed}))
        elif exc:
            status = EXCEPTED
            reason = "every finding is suppressed or accepted by the baseline"
        elif any(cov.applied for cov in covs):
            status = PASS
        elif unseen:
            status = NOT_ASSESSED
            lacking = sorted({k for cov in unseen for k in cov.kinds if k in KINDS and not files[k]}, key=KINDS.index)
            reason = (f"no {kinds_phrase(lacking)} found under the scanned paths" if lacking
                      else "no file the mapped rules read was found")
        else:
            status = NOT_APPLICABLE
            reason = _group_reasons(r for cov in covs for r in cov.not_applicable)
        return ControlResult(control, status, reason, covs, ev, exc, missing, sorted(hidden))

    results: list[FrameworkResult] = []
    for fw in fws:
        mapping = mappings[fw.key]
        controls = [decide(c, mapping[c.id]) if c.kind == AUTOMATED else ControlResult(c, MANUAL)
                    for c in fw.controls]
        results.append(FrameworkResult(fw, controls))

    # notes on the scan itself
    if not kind_of:
        notes.append("No fly.toml, Dockerfile, .dockerignore, deploy script or GitHub workflow was "
                     "found under the scanned paths, so no control could be assessed.")
    unparsed = [evidence(f) for f in findings if f.kind is FindingKind.PARSE_ERROR]
    for e in unparsed:
        notes.append(f"{e.path} could not be parsed ({e.code} at line {e.line}): the controls whose rules "
                     "read it are not assessed, and the run exits non-zero. Only the text-based secret rules "
                     "ran on it.")
    if user.config_path:
        if disabled:
            notes.append(f"The configuration ({_rel(user.config_path)}) turns off {len(disabled)} mapped "
                         f"rule(s) ({', '.join(disabled)}); the report ran them anyway, and their "
                         "findings count and are marked 'ignored by config'.")
        if user.per_file_ignores:
            notes.append("per-file-ignores in the configuration are not applied: findings they match "
                         "count and are marked 'ignored by config'.")
        excludes = user.exclude + user.extend_exclude
        if excludes:
            notes.append(f"Paths matching the configured exclude patterns ({', '.join(excludes)}) "
                         "were not scanned.")
    if opt_in:
        notes.append(f"Rules that are off by default but mapped to these controls were run: "
                     f"{', '.join(opt_in)}.")
    waived = {_key(e): e.waiver for r in results for c in r.controls for e in c.exceptions}
    n_inline = sum(1 for w in waived.values() if w is not None and w.kind != BASELINE)
    n_base = len(waived) - n_inline
    if n_inline:
        notes.append(f"{n_inline} finding(s) are suppressed by `# flylint: ignore` comments; they are listed "
                     "under their controls with the comment's reason, and make a control EXCEPTED, not PASS.")
    if n_base:
        notes.append(f"{n_base} finding(s) are accepted by the baseline "
                     f"({_rel(user.baseline) if user.baseline else ''}); they are listed under their controls "
                     "and make a control EXCEPTED, not PASS.")

    return Report(
        frameworks=results, generated_at=_timestamp(now), tool_version=__version__,
        paths=[p.replace(os.sep, "/") for p in paths], files=files,
        git_commit=git_commit(paths[0] if paths else "."),
        config_path=_rel(user.config_path) if user.config_path else None, notes=notes, unparsed=unparsed,
    )


def _group_reasons(items: Iterable[str]) -> str:
    """"path: reason" items as "reason (path, path); reason (path)"."""
    grouped: dict[str, list[str]] = {}
    for item in items:
        path, _, reason = item.partition(": ")
        paths = grouped.setdefault(reason, [])
        if path not in paths:
            paths.append(path)
    return "; ".join(f"{reason} ({', '.join(paths)})" for reason, paths in grouped.items())


def _sort_evidence(e: Evidence) -> tuple[str, int, int, str]:
    return (e.path, e.line, e.column, e.code)


def _rel(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        rel = path
    if rel.startswith(".."):
        rel = path
    return rel.replace(os.sep, "/")


def _timestamp(now: datetime | None) -> str:
    if now is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        valid = epoch.isascii() and epoch.isdigit() and len(epoch) <= 11  # seconds, not ² or 5,000 digits
        now = datetime.fromtimestamp(int(epoch), tz=UTC) if valid else datetime.now(UTC)
    return now.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def git_commit(start: str) -> str | None:
    """The commit checked out in the repository around ``start``, read from .git (no subprocess)."""
    d = os.path.abspath(start)
    if not os.path.isdir(d):
        d = os.path.dirname(d)
    while True:
        dot_git = os.path.join(d, ".git")
        if os.path.exists(dot_git):
            return _read_head(dot_git)
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def _read_head(dot_git: str) -> str | None:
    try:
        git_dir = dot_git
        if os.path.isfile(dot_git):  # worktree or submodule: "gitdir: <path>"
            with open(dot_git, encoding="utf-8") as fh:
                line = fh.read().strip()
            if not line.startswith("gitdir:"):
                return None
            git_dir = os.path.join(os.path.dirname(dot_git), line.split(":", 1)[1].strip())
        with open(os.path.join(git_dir, "HEAD"), encoding="utf-8") as fh:
            head = fh.read().strip()
        if not head.startswith("ref:"):
            return head if _is_sha(head) else None
        ref = head.split(":", 1)[1].strip()
        common = git_dir
        commondir = os.path.join(git_dir, "commondir")
        if os.path.isfile(commondir):
            with open(commondir, encoding="utf-8") as fh:
                common = os.path.join(git_dir, fh.read().strip())
        for base in (git_dir, common):
            ref_path = os.path.join(base, *ref.split("/"))
            if os.path.isfile(ref_path):
                with open(ref_path, encoding="utf-8") as fh:
                    sha = fh.read().strip()
                return sha if _is_sha(sha) else None
        packed = os.path.join(common, "packed-refs")
        if os.path.isfile(packed):
            with open(packed, encoding="utf-8") as fh:
                for line in fh:
                    parts = line.split()
                    if len(parts) == 2 and parts[1] == ref and _is_sha(parts[0]):
                        return parts[0]
    except (OSError, UnicodeDecodeError):
        return None
    return None


def _is_sha(text: str) -> bool:
    return len(text) in (40, 64) and all(c in "0123456789abcdef" for c in text)
