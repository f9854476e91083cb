"""The lint pipeline: discover → read → parse → group into projects → run rules → filter.

Filtering happens in this order: enabled rules (select/ignore), ``per-file-ignores``, inline
suppressions, severity overrides, baseline. A file that cannot be parsed gets a finding of kind
``PARSE_ERROR`` under its family's ``*000`` code (:mod:`flylint.linter.parse_errors`); a crash
inside a rule becomes a finding of kind ``INTERNAL_ERROR`` for that file (under the rule's own
code) and the run goes on. The engine records which (rule, file) pairs it evaluated, and the
pairs where the rule found nothing to look at (``ctx.not_applicable(reason)``), so reports can
tell a pass from "not applicable". A subclass may keep what the filters drop:
:meth:`Linter.on_suppressed` and :meth:`Linter.on_baselined`.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable, Iterable, Iterator, MutableSet
from collections.abc import Set as AbstractSet
from typing import Any

from flylint.base import collect
from flylint.base.records import field, record
from flylint.fly.dialect import current as current_format
from flylint.fly.dialect import writing
from flylint.fly.secrets import redact_message
from flylint.linter.config import ConfigResolver, Settings
from flylint.linter.discover import discover
from flylint.linter.model import Applicability, Edit, Finding, FindingKind, Fix, Severity, Violation
from flylint.linter.parse_errors import CODE_BY_KIND
from flylint.linter.project import Project, ProjectFile, group_projects
from flylint.linter.registry import RuleContext, RuleMeta, RuleModel, load_all
from flylint.linter.source import FileView, SourceFile
from flylint.linter.suppress import Suppression, Suppressions, directive_problems, removal_edit

_SUPPRESSION_CODES = ("SUP001", "SUP002")  # see flylint.linter.suppression_rules
_UNUSED_SUPPRESSION = "SUP001"
# projects read (and prepared: SH090 starts ShellCheck on them) ahead of the one being linted:
# memory holds about two windows of parse trees, whatever the size of the tree
WINDOW = 64


class Evaluated(MutableSet[tuple[str, str]]):
    """The (rule code, display path) pairs a run evaluated, stored compactly: path -> its codes,
    and the files that ran the same rules share one frozen set of codes (a big tree has tens
    of thousands of pairs but a handful of distinct rule sets)."""

    __slots__ = ("_by_path", "_open", "_shared")

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        self._by_path: dict[str, frozenset[str] | set[str]] = {}
        self._shared: dict[frozenset[str], frozenset[str]] = {}
        self._open: list[str] = []  # paths whose codes are a (mutable) set since the last freeze()
        for pair in pairs:
            self.add(pair)

    def add(self, value: tuple[str, str]) -> None:
        code, path = value
        codes = self._by_path.get(path)
        if codes is None:
            self._by_path[path] = {code}
            self._open.append(path)
        elif code not in codes:
            if isinstance(codes, frozenset):
                codes = self._by_path[path] = set(codes)
                self._open.append(path)
            codes.add(code)

    def discard(self, value: tuple[str, str]) -> None:
        code, path = value
        codes = self._by_path.get(path)
        if codes is not None and code in codes:
            if isinstance(codes, frozenset):
                codes = self._by_path[path] = set(codes)
                self._open.append(path)
            codes.discard(code)
            if not codes:
                del self._by_path[path]

    def freeze(self) -> None:
        """Share identical code sets (call when a batch of files is done)."""
        shared = self._shared
        for path in self._open:
            codes = self._by_path.get(path)
            if isinstance(codes, set):
                frozen = frozenset(codes)
                self._by_path[path] = shared.setdefault(frozen, frozen)
        self._open.clear()

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, tuple) or len(value) != 2:
            return False
        codes = self._by_path.get(value[1])
        return codes is not None and value[0] in codes

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for path, codes in self._by_path.items():
            for code in codes:
                yield code, path

    def __len__(self) -> int:
        return sum(len(codes) for codes in self._by_path.values())

    def __repr__(self) -> str:
        return f"Evaluated({sorted(self)!r})"


@record
class LintResult:
    findings: list[Finding]
    projects: list[Project]
    evaluated: MutableSet[tuple[str, str]] = field(default_factory=Evaluated)
    # (code, path) -> why the rule had nothing to look at there; a subset of ``evaluated``
    not_applicable: dict[tuple[str, str], str] = field(default_factory=dict)
    suppressed: int = 0
    baselined: int = 0
    rules: dict[str, RuleMeta] = field(default_factory=dict)
    config_files: list[str] = field(default_factory=list)  # the configuration files that applied
    baseline_matches: dict[str, int] = field(default_factory=dict)  # baseline path -> findings it accepted
    # run-level notes for the user (stderr, JSON "notes", SARIF notifications): a selected rule
    # that could not run, …
    notes: list[str] = field(default_factory=list)
    resolver: ConfigResolver | None = field(default=None, repr=False)
    # (path, why) of paths that could not be read: the run is incomplete, exit status 2
    unreadable: list[tuple[str, str]] = field(default_factory=list)

    def absorb(self, evaluated: AbstractSet[tuple[str, str]], not_applicable: dict[tuple[str, str], str]) -> None:
        """Add what another lint of some projects evaluated and found not applicable (a kept
        project's memo, a worker's share); the first reason given for a pair stays."""
        self.evaluated |= evaluated
        for k, v in not_applicable.items():
            self.not_applicable.setdefault(k, v)

    def settings_for(self, path: str) -> Settings:
        """The settings that applied to ``path``."""
        return self.resolver.for_path(path) if self.resolver is not None else Settings()

    def failing(self) -> list[Finding]:
        """Findings at or above the ``fail-on`` level of their own file's configuration."""
        out = []
        for f in self.findings:
            threshold = self.settings_for(f.source.path if f.source is not None else f.path).fail_on
            if threshold is not None and f.severity >= threshold:
                out.append(f)
        return out

    @property
    def files(self) -> list[ProjectFile]:
        return [f for p in self.projects for f in p.files if f.lint]

    def max_severity(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)


@record
class _Plan:
    """The rules one configuration enables, by target."""

    enabled: set[str]
    by_target: dict[str, list[RuleMeta]]


class Linter:
    """Runs the enabled rules over projects.

    ``settings`` applies to every file; a ``resolver`` gives each file the settings of its own
    configuration file instead (nested configs). Rules run on a file when its own
    configuration enables them, and every finding is filtered with the configuration of the
    file it lands on.
    """

    def __init__(self, settings: Settings | None = None, extra_ignore: Iterable[str] = (),
                 resolver: ConfigResolver | None = None) -> None:
        if resolver is None:
            resolver = ConfigResolver.single(settings if settings is not None else Settings())
        self.resolver = resolver
        self.progress: Callable[[int, int], None] | None = None  # called with (projects done, total)
        # processes for a big tree (flylint.linter.parallel); 1: everything in this process
        self.jobs = 1
        self.rules = load_all()
        from flylint.linter.config import expand_selectors

        cli = resolver.overrides  # checked first, so a typo on the command line is named as such
        for key, values in (("--select", cli.select or []), ("--extend-select", cli.extend_select),
                            ("--ignore", cli.ignore)):
            expand_selectors(values, self.rules, key, None)
        self.settings = resolver.base
        self._plans: dict[tuple[int, bool], _Plan] = {}
        # the fix loop's rounds: only rules that can fix something run (see _plan)
        self.fixable_only = False
        # incremental views (the fix loop's) -> the projects of the last lint through each
        self._memo: weakref.WeakKeyDictionary[FileView, list[Project]] = weakref.WeakKeyDictionary()
        plan = self._plan(self.settings)
        self.enabled = plan.enabled
        self.by_target = plan.by_target

    def _plan(self, settings: Settings) -> _Plan:
        plan = self._plans.get((id(settings), self.fixable_only))
        if plan is None:
            settings.validate(self.rules)
            enabled = settings.enabled_codes(self.rules)
            if self.fixable_only and _UNUSED_SUPPRESSION not in enabled:
                # only findings with a fix matter to the fix loop; SUP001 (a suppression that
                # suppressed nothing, fixed by removing it) needs every rule's findings, so a
                # configuration that enables it runs them all
                enabled = {c for c in enabled if self.rules[c].fix != "none"}
            by_target: dict[str, list[RuleMeta]] = {}
            for code in sorted(enabled):
                meta = self.rules[code]
                if meta.func is None:  # parse errors: reported from the files' parse results
                    continue
                for target in meta.targets:
                    by_target.setdefault(target, []).append(meta)
            plan = self._plans[(id(settings), self.fixable_only)] = _Plan(enabled, by_target)
        return plan

    def plan_for(self, path: str) -> _Plan:
        return self._plan(self.resolver.for_path(path))

    # -- running -----------------------------------------------------------------------
    def lint_paths(self, paths: list[str], view: FileView | None = None) -> LintResult:
        """Lint the files under ``paths`` as ``view`` shows them (default: as they are on disk).

        Through an incremental view (the fix loop's) the linter keeps the projects of the last
        lint through that view and, the next time, reads, parses and runs the rules again only
        for the projects the paths changed in the view since then may affect (see
        :func:`_untouched`); the others keep their findings. Discovery and the filters run on
        the whole tree every time.
        """
        view = view if view is not None else FileView()
        problems: list[tuple[str, str]] = []
        reuse: dict[str, Project] = {}
        if view.incremental:
            changed = view.take_changes()
            previous = self._memo.get(view)
            if previous is not None:
                reuse = _untouched(previous, changed)
        candidates = discover(paths, self.resolver, view, problems)
        projects = group_projects(candidates, view, self.resolver, paths, reuse=reuse)
        result = self.lint_projects(projects, remember=view.incremental)
        for project in projects:  # files only scanned for secrets have no parse-error code
            problems += [(pf.path, pf.unreadable) for pf in project.lint_files()
                         if pf.unreadable is not None and pf.kind not in CODE_BY_KIND]
        result.unreadable = problems
        if view.incremental:
            self._memo[view] = projects
        return result

    def lint_projects(self, projects: list[Project], remember: bool = False) -> LintResult:
        """Lint ``projects``. With ``remember``, each project keeps what the rules found there,
        and a project that kept it from this linter is not linted again (its rules' findings
        are reused; the filters run again). Without it, a project's parse trees are released as
        soon as its findings are made (see :func:`release`). With :attr:`jobs` above one, a big
        tree (or the part of it not kept) is linted by that many processes (see
        :mod:`flylint.linter.parallel`)."""
        result = LintResult([], projects, rules=self.rules, resolver=self.resolver)
        seen: set[tuple[str, str, int, int, str]] = set()
        chunks = None
        with collect.holding():
            if self.jobs > 1:
                from flylint.linter import parallel

                chunks = parallel.lint_in_workers(self, projects, remember)
            if chunks is None:
                self.lint_sequence(projects, result, seen, remember)
            else:
                for part in chunks:
                    result.absorb(part.evaluated, part.not_applicable)
                    _add_new(result.findings, part.findings, seen)
            collect.settle()  # the findings live until the output
            self._filter(result)
        result.findings.sort(key=Finding.sort_key)
        result.config_files = self.resolver.config_files()
        result.notes.extend(_notes(result))
        return result

    def lint_sequence(self, projects: list[Project], result: LintResult,
                       seen: set[tuple[str, str, int, int, str]], remember: bool = False) -> None:
        """Run the rules on ``projects`` in this process, adding the findings to ``result``
        (unfiltered, each once) and what was evaluated or not applicable."""
        with collect.holding():
            self._lint_each(projects, result, seen, remember)

    def _lint_each(self, projects: list[Project], result: LintResult,
                   seen: set[tuple[str, str, int, int, str]], remember: bool) -> None:
        loaded = 0
        for n, project in enumerate(projects, 1):
            if loaded - n < WINDOW:  # read the next window ahead, and let the rules prepare it
                ahead = projects[loaded:n + 2 * WINDOW]
                for p in ahead:
                    p.load_files()
                self._prepare([p for p in ahead if not self.remembers(p)])
                loaded += len(ahead)
            if self.remembers(project):
                _linter, raw, evaluated, not_applicable, _fixable = project.lint_memo
                result.absorb(evaluated, not_applicable)
            elif remember:
                evaluated, not_applicable = set(), {}
                raw = self._run_project(project, evaluated, not_applicable)
                project.lint_memo = (self, raw, evaluated, not_applicable, self.fixable_only)
                result.absorb(evaluated, not_applicable)
            else:
                raw = self._run_project(project, result.evaluated, result.not_applicable)
                release(project)
            if isinstance(result.evaluated, Evaluated):
                result.evaluated.freeze()
            # a file can be context of several projects (a Dockerfile a workflow deploys from
            # elsewhere): the same finding reached twice is reported once
            _add_new(result.findings, raw, seen)
            if self.progress is not None:
                self.progress(n, len(projects))
            if n % WINDOW == 0:
                # what is left of the projects done (findings, sources; with ``remember``, the
                # projects) lives until the output: keep the garbage collector from scanning it
                # again and again (measured at 5,000 projects: 4.1 s of collections -> 1.3 s)
                collect.settle()

    def remembers(self, project: Project) -> bool:
        """Whether ``project`` holds what this linter's rules found there with the same rule set
        (an incremental lint's project that nothing changed), so it is not linted again."""
        memo = project.lint_memo
        return memo is not None and memo[0] is self and memo[4] == self.fixable_only

    def _prepare(self, projects: list[Project]) -> None:
        """Call the ``prepare`` hook of each rule that has one with the files it will see."""
        for meta in self.rules.values():
            if meta.prepare is None or not projects:
                continue
            files = [pf for p in projects for pf in p.lint_files()
                     if pf.kind in meta.targets and pf.model is not None
                     and meta.code in self.plan_for(pf.path).enabled]
            if files:
                meta.prepare(files, projects[0].view)

    def _run_project(self, project: Project, evaluated: MutableSet[tuple[str, str]],
                     not_applicable: dict[tuple[str, str], str]) -> list[Finding]:
        findings: list[Finding] = []
        project_rules: dict[str, RuleMeta] = {}
        for pf in list(project.lint_files()):
            assert pf.source is not None
            path = pf.source.display_path
            env = getattr(pf.model, "env", None)
            ctx = RuleContext(project=project, path=path, env=env)
            plan = self.plan_for(pf.path)
            for meta in plan.by_target.get("project", ()):
                project_rules[meta.code] = meta
            for code in _SUPPRESSION_CODES:
                if code in plan.enabled:
                    evaluated.add((code, path))
            if pf.error is not None and pf.kind in CODE_BY_KIND:
                code = CODE_BY_KIND[pf.kind]
                if code in plan.enabled:
                    findings.append(self._parse_finding(code, pf))
                evaluated.add((code, path))
            for meta in plan.by_target.get(pf.kind, ()):
                if meta.input == "source":
                    if pf.unreadable is None:
                        evaluated.add((meta.code, path))
                        findings.extend(self._run_rule(meta, pf.source, ctx, pf, project))
                elif pf.model is not None:
                    evaluated.add((meta.code, path))
                    findings.extend(self._run_rule(meta, pf.model, ctx, pf, project))
                else:
                    continue
                if ctx.skips:
                    not_applicable.setdefault((meta.code, path), ctx.skips[0].reason)
                    ctx.skips.clear()
        if project_rules:
            ctx = RuleContext(project=project, path="")
            anchor = next(iter(project.lint_files()), None)
            for meta in (project_rules[c] for c in sorted(project_rules)):
                judged = [pf for pf in project.lint_files() if not meta.reports_on or pf.kind in meta.reports_on]
                for pf in judged:
                    assert pf.source is not None
                    if meta.code in self.plan_for(pf.path).enabled:
                        evaluated.add((meta.code, pf.source.display_path))
                if anchor is not None:
                    findings.extend(self._run_rule(meta, project, ctx, anchor, project, own_file=False))
                if ctx.skips:
                    for skip in ctx.skips:
                        for pf in judged:
                            assert pf.source is not None
                            if skip.source is None or skip.source is pf.source:
                                not_applicable.setdefault((meta.code, pf.source.display_path), skip.reason)
                    ctx.skips.clear()
        findings.extend(self._run_context(project))
        return findings

    def _run_context(self, project: Project) -> list[Finding]:
        """Rules on the files loaded only as context; what they find there is kept only when the
        rule read a file being linted (see :mod:`flylint.linter.project`)."""
        out: list[Finding] = []
        for pf in [f for f in project.files if not f.lint]:
            if pf.model is None or pf.source is None:
                continue
            ctx = RuleContext(project=project, path=pf.source.display_path, env=getattr(pf.model, "env", None))
            for meta in self.plan_for(pf.path).by_target.get(pf.kind, ()):
                if meta.input == "model":  # text-scanning rules never look at another file
                    out.extend(self._run_rule(meta, pf.model, ctx, pf, project))
            ctx.skips.clear()
        return out

    def _run_rule(self, meta: RuleMeta, model: RuleModel, ctx: RuleContext, pf: ProjectFile,
                  project: Project, own_file: bool = True) -> list[Finding]:
        """Run one rule. ``own_file``: the model is ``pf``'s (not the whole project), so when
        ``pf`` is being linted the rule's evidence includes a linted file."""
        out: list[Finding] = []
        if meta.func is None:
            return out
        project.track()
        # messages about a fly config speak its format (fly.json, fly.yaml); entering the context
        # only when the format changes saves a context manager per rule and file
        fmt = getattr(model, "fmt", "toml") if pf.kind == "fly_toml" else "toml"
        try:
            if fmt == current_format():
                violations = list(meta.func(model, ctx) or ())
            else:
                with writing(fmt):
                    violations = list(meta.func(model, ctx) or ())
        except Exception as exc:
            project.tracked()
            return [self._internal_finding(meta, exc, pf)] if pf.lint else []
        moved = (own_file and pf.lint) or any(f.lint for f in project.tracked())
        for v in violations:
            finding = self._to_finding(meta, v, pf, project, moved)
            if finding is not None:
                out.append(finding)
        return out

    def _to_finding(self, meta: RuleMeta, v: Violation, pf: ProjectFile, project: Project,
                    moved: bool = True) -> Finding | None:
        source = v.source or pf.source
        assert source is not None
        owner = pf if v.source is None or v.source is pf.source else next(
            (f for f in project.files if f.source is v.source), None)
        if owner is None:
            return None
        fix = v.fix
        if not owner.lint:
            # a file not asked for: only a finding whose evidence includes a linted file, no fix
            if not moved:
                return None
            fix = None
        severity = meta.severity if v.severity is None else min(v.severity, meta.severity)
        if fix is not None and redact_message(fix.title) != fix.title:
            fix = Fix(redact_message(fix.title), fix.edits, fix.applicability)
        return Finding(
            code=meta.code, name=meta.name, severity=severity, message=redact_message(v.message),
            path=source.display_path, span=v.span, fix=fix,
            snippet=v.snippet if v.snippet is not None else source.snippet(v.span),
            tags=meta.tags, source=source,
        )

    def _parse_finding(self, code: str, pf: ProjectFile) -> Finding:
        assert pf.source is not None and pf.error is not None
        meta = self.rules[code]
        src = pf.source
        line = min(pf.error.line, max(src.line_count, 1))
        start = src.offset(line, pf.error.column)
        end = min(start + 1, len(src.text)) if start < len(src.text) and src.text[start] != "\n" else start
        return Finding(
            code=code, name=meta.name, severity=Severity.ERROR,
            message=redact_message(pf.error.message), path=src.display_path, span=src.span(start, end),
            snippet=f"parse:{pf.error.message}", tags=meta.tags, source=src, kind=FindingKind.PARSE_ERROR,
        )

    def _internal_finding(self, meta: RuleMeta, exc: BaseException, pf: ProjectFile) -> Finding:
        import traceback
        assert pf.source is not None
        tb = traceback.extract_tb(exc.__traceback__)
        where = ""
        if tb:
            frame = tb[-1]
            where = f" at {os.path.basename(frame.filename)}:{frame.lineno}"
        # the exception text is left out on purpose: it may quote a value from the file
        message = (f"internal error in rule {meta.code} ({meta.name}): {type(exc).__name__}{where}; "
                   "the rule was skipped for this file, please report this")
        src = pf.source
        return Finding(
            code=meta.code, name=meta.name, severity=Severity.ERROR, message=message,
            path=src.display_path, span=src.span(0, 0), snippet=f"internal:{meta.code}",
            source=src, kind=FindingKind.INTERNAL_ERROR,
        )

    # -- filtering ---------------------------------------------------------------------
    # Subclasses (the compliance report) may keep findings that configuration would hide.
    apply_per_file_ignores = True
    apply_baseline = True

    def on_suppressed(self, finding: Finding, suppression: Suppression) -> None:
        """Called for each finding an inline ``# flylint: ignore`` comment suppresses."""

    def on_baselined(self, finding: Finding) -> None:
        """Called for each finding the baseline accepts (and drops)."""

    def _filter(self, result: LintResult) -> None:
        sup_cache: dict[int, Suppressions] = {}
        passed = self._apply_filters(result.findings, result, sup_cache, suppress=True)
        passed += self._apply_filters(self._suppression_findings(result, sup_cache), result, sup_cache,
                                      suppress=False)
        kept: list[Finding] = []
        by_baseline: dict[str, list[Finding]] = {}
        for f, settings in passed:
            if self.apply_baseline and settings.baseline:
                by_baseline.setdefault(settings.baseline, []).append(f)
            else:
                kept.append(f)
        if by_baseline:
            from flylint.linter.baseline import split_baseline

            for baseline, group in sorted(by_baseline.items()):
                new, dropped = split_baseline(group, baseline)
                kept.extend(new)
                result.baselined += len(dropped)
                result.baseline_matches[baseline] = result.baseline_matches.get(baseline, 0) + len(dropped)
                for f in dropped:
                    self.on_baselined(f)
        result.findings = kept

    def _apply_filters(self, findings: list[Finding], result: LintResult, sup_cache: dict[int, Suppressions],
                       suppress: bool) -> list[tuple[Finding, Settings]]:
        """Enabled rules, per-file ignores, inline suppressions and severity overrides, each
        from the configuration of the finding's own file."""
        out: list[tuple[Finding, Settings]] = []
        models = {id(pf.source): pf.model for p in result.projects for pf in p.files} if suppress else {}
        ignore_cache: dict[str, set[str]] = {}
        for f in findings:
            settings = self.resolver.for_path(f.source.path if f.source is not None else f.path)
            if f.code not in self._plan(settings).enabled:
                continue  # a cross-file or project rule landing on a file whose config turns it off
            if self.apply_per_file_ignores:
                ignored = ignore_cache.get(f.path)
                if ignored is None:
                    ignored = ignore_cache[f.path] = settings.ignored_for(f.path, self.rules)
                if f.code in ignored:
                    continue
            src = f.source
            internal = f.kind is FindingKind.INTERNAL_ERROR
            if suppress and src is not None and not internal:  # a crash is never hidden by a suppression
                sup = sup_cache.get(id(src))
                if sup is None:
                    sup = sup_cache[id(src)] = Suppressions.scan(src)
                match = sup.match(_anchor_lines(f, models.get(id(src))), f.code, f.name)
                if match is not None:
                    result.suppressed += 1
                    self.on_suppressed(f, match)
                    continue
            override = settings.severity.get(f.code) or settings.severity.get(f.name)
            if override is not None and not internal:
                f.severity = override
            out.append((f, settings))
        return out

    def _suppression_findings(self, result: LintResult, sup_cache: dict[int, Suppressions]) -> list[Finding]:
        """SUP001 (a code that suppressed nothing) and SUP002 (a code no rule has) for the
        comments of every linted file (see :mod:`flylint.linter.suppression_rules`)."""
        from flylint.linter.suppression_rules import UNKNOWN, UNUSED

        out: list[Finding] = []
        by_name = {m.name: c for c, m in self.rules.items()}
        defaults = {c for c, m in self.rules.items() if m.default_enabled}

        def known(code: str) -> bool:
            return code in self.rules or code in by_name

        for pf in result.files:
            src = pf.source
            if src is None or "flylint:" not in src.text:
                continue
            enabled = self.plan_for(pf.path).enabled
            want_unused, want_unknown = UNUSED in enabled, UNKNOWN in enabled
            if not (want_unused or want_unknown):
                continue
            sup = sup_cache.get(id(src))
            if sup is None:
                sup = sup_cache[id(src)] = Suppressions.scan(src)
            def judged(code: str, enabled: set[str] = enabled) -> bool:
                # a code is judged only when its rule ran; a bare ignore when at least the defaults ran
                if code == "*":
                    return defaults <= enabled
                return by_name.get(code, code) in enabled

            problems = directive_problems(src, sup, known, judged)
            unused_by_line: dict[int, set[str]] = {}
            for p in problems:
                if not p.unknown:
                    unused_by_line.setdefault(p.line, set()).add(p.code)
            for p in problems:
                if p.unknown and want_unknown:
                    message = _unknown_message(p.written, self.rules)
                    out.append(self._engine_finding(UNKNOWN, src, p.start, p.end, message, None, f"unknown:{p.code}"))
                elif not p.unknown and want_unused:
                    start, end, text = removal_edit(src, p.line, unused_by_line[p.line])
                    what = f"`{p.written}`" if p.written else "this comment"
                    title = f"Remove {p.written} from the suppression" if text else "Remove the unused suppression"
                    fix = Fix(title, (Edit(start, end, text),), Applicability.SAFE)
                    out.append(self._engine_finding(
                        UNUSED, src, p.start, p.end,
                        f"{what} suppresses nothing here (no such finding in this run); remove it", fix,
                        f"unused:{p.code}"))
        return out

    def _engine_finding(self, code: str, src: SourceFile, start: int, end: int, message: str, fix: Fix | None,
                        snippet: str) -> Finding:
        meta = self.rules[code]
        return Finding(code=code, name=meta.name, severity=meta.severity, message=redact_message(message),
                       path=src.display_path,
                       span=src.span(start, end), fix=fix, snippet=snippet, tags=meta.tags, source=src)


def _unknown_message(written: str, rules: dict[str, RuleMeta]) -> str:
    from flylint.linter.config import did_you_mean

    return (f"`{written}` in this suppression comment is not a flylint rule code or name, so it suppresses "
            f"nothing{did_you_mean(written, rules)}; see `flylint rules`")


def _anchor_lines(f: Finding, model: Any) -> list[int]:
    """Lines whose preceding comment may suppress ``f``: its own and its statement's first."""
    lines = [f.span.line]
    statement_line = getattr(model, "statement_line", None)
    if statement_line is not None:
        first = statement_line(f.span.line)
        if first and first != f.span.line:
            lines.append(first)
    return lines


def _add_new(findings: list[Finding], raw: Iterable[Finding], seen: set[tuple[str, str, int, int, str]]) -> None:
    """Append the findings of ``raw`` not reported yet (by code, file, span and message)."""
    for f in raw:
        key = (f.code, f.path, f.span.start, f.span.end, f.message)
        if key not in seen:
            seen.add(key)
            findings.append(f)


def release(project: Project, keep: AbstractSet[str] = frozenset()) -> None:
    """Drop the parse trees of a project whose findings are made (a big tree is never held in
    memory whole). Kept: every file's source (outputs quote it, fixes edit it), the model of
    a file with a suppression comment (the filters ask it where a statement starts) and the
    models of the file kinds in ``keep``."""
    for pf in project.files:
        if pf.model is not None and pf.kind not in keep and (pf.source is None or "flylint:" not in pf.source.text):
            pf.model = None
    project.forget()


def _untouched(projects: list[Project], changed: set[str]) -> dict[str, Project]:
    """The projects (by root) that the ``changed`` paths (absolute) cannot affect, so an
    incremental lint may keep them as they are.

    A changed path touches a project that holds it (linted or as context), that has a file in
    its directory, whose root is a folder above it, or that a workflow deploys from a folder
    above it (build contexts). A changed workflow (it says how configs are deployed, for every
    project) or a created fly config or workflow (it may make or split a project) touches all.
    Discovery decides the rest: a project whose files are not the same as before is read again
    (see :func:`~flylint.linter.project.group_projects`).
    """
    from flylint.linter.discover import classify_name

    if not changed:
        return {p.root: p for p in projects}
    for path in changed:
        kind = classify_name(path)
        if kind == "workflow" or (kind == "fly_toml" and not os.path.lexists(path)):
            return {}
    holds: dict[str, list[Project]] = {}  # file -> projects that hold it
    beside: dict[str, list[Project]] = {}  # directory -> projects with a file there
    below: dict[str, list[Project]] = {}  # directory -> projects rooted (or built) there
    for p in projects:
        below.setdefault(os.path.abspath(p.root), []).append(p)
        for pf in p.files:
            full = os.path.abspath(pf.path)
            holds.setdefault(full, []).append(p)
            beside.setdefault(os.path.dirname(full), []).append(p)
            for dep in p.deploys.get(full, ()) if pf.kind == "fly_toml" else ():
                below.setdefault(os.path.abspath(dep.context), []).append(p)
                for named in (dep.dockerfile, dep.ignorefile):
                    if named:
                        holds.setdefault(os.path.abspath(named), []).append(p)
    touched: set[int] = set()
    for path in changed:
        hit = holds.get(path, []) + beside.get(os.path.dirname(path), [])
        d = os.path.dirname(path)
        while True:
            hit += below.get(d, [])
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent
        touched.update(id(p) for p in hit)
    return {p.root: p for p in projects if id(p) not in touched}


def lint(paths: list[str], settings: Settings) -> LintResult:
    return Linter(settings).lint_paths(paths)


def _notes(result: LintResult) -> list[str]:
    """What the user must know about this run beyond its findings."""
    notes: list[str] = []
    if any(code == "SH090" for code, _path in result.evaluated):
        from flylint.linter import shellcheck

        if not shellcheck.available():
            notes.append("SH090 (shellcheck) is selected, but the `shellcheck` program was not found on PATH or "
                         "next to Python, so deploy scripts got no ShellCheck results; install it "
                         "(`pip install \"flylint[shellcheck]\"` or your package manager)")
    return notes
