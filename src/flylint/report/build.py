"""Build a compliance report: run the mapped rules, then decide a status for every control.

Decisions (documented in docs/compliance.md):

- The report runs exactly the rules mapped to the framework's controls (plus the parse-error
  rules), whatever ``select``/``ignore``/``extend-select`` say and including rules that are off
  by default: a checklist must not change with a developer's lint configuration.
- Findings that the configuration would hide (``ignore``, ``per-file-ignores``) still count;
  they are marked ``ignored_by_config`` and the report says so. The baseline is not applied.
- Findings silenced by an inline ``# flylint: ignore[...]`` comment are a reviewed, visible
  exception: they do not fail a control but are listed under it as ``suppressed``.
- ``exclude`` patterns still decide which files are scanned; the report lists them.
- Status of an automated control: ``fail`` when a mapped rule has a finding; otherwise ``pass``
  when at least one mapped rule was evaluated on a file of a kind it checks; otherwise
  ``not_evaluated``. Manual controls are ``manual``. A rule that crashed on a file counts as not
  evaluated there (and the report says so).
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from flylint import __version__
from flylint.base.records import field, record
from flylint.linter.config import Settings
from flylint.linter.engine import Linter
from flylint.linter.model import Finding, FindingKind
from flylint.linter.parse_errors import CODE_BY_KIND, PARSE_ERRORS
from flylint.linter.registry import RuleMeta, load_all
from flylint.linter.suppress import Suppression
from flylint.report.controls import AUTOMATED, Control, Framework, rules_for

PASS = "pass"
FAIL = "fail"
NOT_EVALUATED = "not_evaluated"
MANUAL = "manual"
STATUSES = (PASS, FAIL, NOT_EVALUATED, MANUAL)
STATUS_LABELS = {PASS: "PASS", FAIL: "FAIL", NOT_EVALUATED: "NOT EVALUATED", MANUAL: "MANUAL"}

KINDS = ("fly_toml", "dockerfile", "dockerignore", "shell", "workflow")
KIND_LABELS = {
    "fly_toml": "fly.toml",
    "dockerfile": "Dockerfile",
    "dockerignore": ".dockerignore",
    "shell": "deploy script",
    "workflow": "GitHub workflow",
}
# file kinds a cross-file (target="project") rule reports on, by code family
_FAMILY_KINDS = {"FLY": ("fly_toml",), "DKR": ("dockerfile", "dockerignore"), "SH": ("shell",),
                 "GHA": ("workflow",), "SEC": KINDS}

DISCLAIMER = (
    "This is a configuration checklist produced by a static linter, not an audit, an attestation "
    "or a certification. A PASS means flylint found no problem in the files it read for the rules "
    "mapped to that control; it does not show that the control is designed or operating "
    "effectively. Most controls also depend on policies, processes and evidence that no "
    "configuration file contains; the MANUAL items list some of them."
)


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

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@record
class RuleCoverage:
    code: str
    name: str
    summary: str
    kinds: tuple[str, ...]  # file kinds the rule reads
    files: int = 0  # relevant files it was evaluated on
    findings: int = 0
    suppressed: int = 0

    @property
    def status(self) -> str:
        if self.findings:
            return FAIL
        return PASS if self.files else NOT_EVALUATED


@record
class ControlResult:
    control: Control
    status: str
    rules: list[RuleCoverage] = field(default_factory=list)
    findings: list[Evidence] = field(default_factory=list)
    suppressed: list[Evidence] = field(default_factory=list)
    missing_kinds: list[str] = field(default_factory=list)  # kinds no mapped rule could read

    @property
    def worst_severity(self) -> str | None:
        order = {"info": 0, "warning": 1, "error": 2}
        return max((e.severity for e in self.findings), key=lambda s: order.get(s, -1), default=None)


@record
class Report:
    framework: Framework
    controls: list[ControlResult]
    generated_at: str
    tool_version: str
    paths: list[str]
    files: dict[str, int]  # kind -> number of files scanned
    git_commit: str | None = None
    config_path: str | None = None
    notes: list[str] = field(default_factory=list)
    disclaimer: str = DISCLAIMER

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(r.status for r in self.controls)
        return {s: c.get(s, 0) for s in STATUSES}

    @property
    def failed(self) -> bool:
        return any(r.status == FAIL for r in self.controls)

    def summary(self) -> dict[str, Any]:
        counts = self.counts
        evaluated = counts[PASS] + counts[FAIL]
        findings = {_key(e) for r in self.controls for e in r.findings}
        suppressed = {_key(e) for r in self.controls for e in r.suppressed}
        return {
            "controls": len(self.controls),
            **counts,
            "pass_rate": round(100 * counts[PASS] / evaluated, 1) if evaluated else None,
            "findings": len(findings),
            "suppressed": len(suppressed),
        }


def _key(e: Evidence) -> tuple[str, str, int, int]:
    return (e.code, e.path, e.line, e.column)


class _ReportLinter(Linter):
    """A linter whose filter drops nothing silently: per-file ignores and the baseline are not
    applied, and inline suppressions are kept aside as evidence."""

    apply_per_file_ignores = False
    apply_baseline = False

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.suppressed_findings: list[Finding] = []

    def on_suppressed(self, finding: Finding, suppression: Suppression) -> None:
        self.suppressed_findings.append(finding)


def rule_kinds(meta: RuleMeta) -> tuple[str, ...]:
    kinds: list[str] = [t for t in meta.targets if t != "project"]
    if "project" in meta.targets:
        kinds += _FAMILY_KINDS.get(meta.family, KINDS)
    return tuple(k for k in KINDS if k in kinds)


def report_settings(user: Settings, codes: list[str]) -> Settings:
    """The settings the report runs with: the mapped rules, the user's excludes and severities."""
    return Settings(
        select=list(codes), exclude=list(user.exclude), extend_exclude=list(user.extend_exclude),
        severity=dict(user.severity), config_path=user.config_path, root=user.root,
    )


def build_report(framework: Framework, paths: list[str], user: Settings | None = None,
                 now: datetime | None = None) -> Report:
    """Lint ``paths`` with the rules mapped to ``framework`` and decide every control's status.

    Raises :class:`~flylint.linter.discover.PathNotFound` and
    :class:`~flylint.linter.config.ConfigError` like ``flylint check``.
    """
    user = user or Settings()
    rules = load_all()
    mapping = rules_for(framework, rules)
    mapped = sorted({code for codes in mapping.values() for code in codes})
    linter = _ReportLinter(report_settings(user, mapped + [p.code for p in PARSE_ERRORS]))
    result = linter.lint_paths(paths)

    lint_files = result.files
    kind_of = {pf.source.display_path: pf.kind for pf in lint_files if pf.source is not None}
    files = {k: sum(1 for v in kind_of.values() if v == k) for k in KINDS}
    notes: list[str] = []

    # a rule that crashed on a file was not evaluated there
    evaluated = set(result.evaluated)
    for path, kind in kind_of.items():  # every file read was checked for parse errors
        evaluated.add((CODE_BY_KIND[kind], path))
    crashed = [f for f in result.findings if f.kind is FindingKind.INTERNAL_ERROR]
    for f in crashed:
        evaluated.discard((f.code, f.path))
        notes.append(f"Rule {f.code} failed with an internal error on {f.path} and counts as not "
                     "evaluated there; please report it.")
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

    def evidence(f: Finding) -> Evidence:
        return Evidence(f.code, f.name, str(f.severity), " ".join(f.message.split()), f.path,
                        f.span.line, f.span.column, hidden_by_config(f))

    by_code: dict[str, list[Evidence]] = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(evidence(f))
    suppressed_by_code: dict[str, list[Evidence]] = {}
    for f in sorted(linter.suppressed_findings, key=Finding.sort_key):
        suppressed_by_code.setdefault(f.code, []).append(evidence(f))

    coverage: dict[str, RuleCoverage] = {}
    for code in mapped:
        meta = rules[code]
        kinds = rule_kinds(meta)
        n_files = sum(1 for (c, path) in evaluated if c == code and kind_of.get(path) in kinds)
        coverage[code] = RuleCoverage(code, meta.name, meta.summary, kinds, n_files,
                                      len(by_code.get(code, ())), len(suppressed_by_code.get(code, ())))

    results: list[ControlResult] = []
    for control in framework.controls:
        if control.kind != AUTOMATED:
            results.append(ControlResult(control, MANUAL))
            continue
        covs = [coverage[c] for c in mapping[control.id]]
        ev = sorted((e for c in mapping[control.id] for e in by_code.get(c, ())), key=_sort_evidence)
        sup = sorted((e for c in mapping[control.id] for e in suppressed_by_code.get(c, ())),
                     key=_sort_evidence)
        needed = sorted({k for cov in covs for k in cov.kinds}, key=KINDS.index)
        missing = [k for k in needed if not files[k]]
        if ev:
            status = FAIL
        elif any(cov.files for cov in covs):
            status = PASS
        else:
            status = NOT_EVALUATED
        results.append(ControlResult(control, status, covs, ev, sup, missing))

    # notes on the scan itself
    if not kind_of:
        notes.append("No fly.toml, Dockerfile, .dockerignore, deploy script or GitHub workflow was "
                     "found under the scanned paths, so no control could be evaluated.")
    parse_errors = sorted({f.path for f in findings if f.kind is FindingKind.PARSE_ERROR})
    for path in parse_errors:
        notes.append(f"{path} could not be parsed; only the text-based secret rules ran on it.")
    if user.config_path:
        if disabled:
            notes.append(f"The configuration ({_rel(user.config_path)}) turns off {len(disabled)} mapped "
                         f"rule(s) ({', '.join(disabled)}); the report evaluated them anyway, and their "
                         "findings count and are marked 'ignored by config'.")
        if user.per_file_ignores:
            notes.append("per-file-ignores in the configuration are not applied: findings they match "
                         "count and are marked 'ignored by config'.")
        if user.baseline:
            notes.append("The configured baseline is not applied: the report shows every current finding.")
        excludes = user.exclude + user.extend_exclude
        if excludes:
            notes.append(f"Paths matching the configured exclude patterns ({', '.join(excludes)}) "
                         "were not scanned.")
    if opt_in:
        notes.append(f"Rules that are off by default but mapped to this framework were evaluated: "
                     f"{', '.join(opt_in)}.")
    n_sup = len({_key(e) for r in results for e in r.suppressed})
    if n_sup:
        notes.append(f"{n_sup} finding(s) are suppressed by inline `# flylint: ignore` comments; they are "
                     "listed under their controls as exceptions and do not fail them.")

    return Report(
        framework=framework, controls=results, generated_at=_timestamp(now), tool_version=__version__,
        paths=[p.replace(os.sep, "/") for p in paths], files=files, git_commit=git_commit(paths[0] if paths else "."),
        config_path=_rel(user.config_path) if user.config_path else None, notes=notes,
    )


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
        now = datetime.fromtimestamp(int(epoch), tz=UTC) if epoch.isdigit() else datetime.now(UTC)
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
