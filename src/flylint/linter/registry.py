"""The rule registry: the ``@rule`` decorator, rule metadata and rule loading.

A rule is a module under ``flylint.rules.<family>`` holding one decorated function. The
module docstring is the rule's documentation (``flylint rule CODE``, SARIF help, docs).
The function receives the parsed model of one file (or a :class:`Project` for
``target="project"``) and a :class:`RuleContext`, and yields
:class:`~flylint.linter.model.Violation` objects; it never reads files or prints.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeAlias, TypeVar, cast

from flylint.base.records import field, record
from flylint.linter.model import FindingKind, Severity, Violation

if TYPE_CHECKING:
    from flylint.linter.project import FileModel, Project, ProjectFile
    from flylint.linter.source import FileView, SourceFile

TARGETS = frozenset({"fly_toml", "dockerfile", "dockerignore", "shell", "workflow", "project", "env_file",
                     "config_file", "source_file"})
FAMILIES = ("fly_toml", "dockerfile", "dockerignore", "shell", "workflow", "secrets")
CODE_RE = re.compile(r"^(FLY|DKR|SH|GHA|SEC|SUP)\d{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
#: where a rule's documentation page is published (docs/rules/ of the repository, the project's
#: Homepage in pyproject.toml); SARIF helpUri and `flylint rule --format json` point there
DOCS_URL = "https://github.com/flylint/flylint/blob/main/docs/rules/{code}.md"
REQUIRED_SECTIONS = ("What it does", "Why is this bad?", "Example", "Fix safety", "References")

# What a rule function receives: the parsed model of its target (FlyConfig for fly_toml,
# Dockerfile, IgnoreFile, ShellScript, Workflow), the Project for target="project", or the
# SourceFile for input="source". A rule annotates the one it takes (tests/test_registry.py checks
# the annotation against the rule's targets); the engine dispatches on the target.
RuleModel: TypeAlias = "FileModel | Project | SourceFile"
M = TypeVar("M", bound="RuleModel")
RuleFunc: TypeAlias = "Callable[[M, RuleContext], Iterable[Violation]]"
PrepareFunc: TypeAlias = "Callable[[list[ProjectFile], FileView], None]"


@record(frozen=True)
class RuleContext:
    """What a rule may know besides its model: the project and the file's role in it."""

    project: Project
    path: str = ""  # display path of the file being checked
    env: str | None = None  # environment of a fly config (``production`` …)
    # what the running rule said with not_applicable(); the engine reads and clears it after each rule
    skips: list[NotApplicable] = field(default_factory=list, repr=False, compare=False)

    def not_applicable(self, reason: str, source: SourceFile | None = None) -> None:
        """Say that the rule had nothing to look at in this file: ``ctx.not_applicable("no volumes")``.

        Call it (then return) when the thing the rule checks is absent, so a compliance report
        shows "not applicable: no volumes" instead of a pass. ``reason`` is a short phrase
        without a file value. A project rule may name the ``source`` it means (default: every
        file of the project). A rule that yields a violation for the file has applied there.
        """
        self.skips.append(NotApplicable(reason, source))


@record(frozen=True, slots=True)
class NotApplicable:
    reason: str
    source: SourceFile | None = None


@record
class RuleMeta:
    code: str
    name: str
    targets: tuple[str, ...]
    severity: Severity
    fix: str  # "none" | "safe" | "unsafe"
    tags: tuple[str, ...]
    cwe: tuple[int, ...]
    controls: tuple[str, ...]
    func: RuleFunc[RuleModel] | None  # None: the engine reports the code (parse errors)
    module: str
    doc: str = ""
    precision: str = "high"
    security_severity: float | None = None
    default_enabled: bool = True
    input: str = "model"  # "model": the parsed model; "source": the SourceFile (runs on unparsable files too)
    kind: FindingKind = FindingKind.RULE  # the kind of the findings reported under this code
    # called once per lint, before any rule runs, with every linted file the rule will see
    # (parsed, the rule enabled for it) and the run's file view: a rule that calls an external
    # program starts it here, in the background, for all of them at once (SH090)
    prepare: PrepareFunc | None = field(default=None, repr=False, compare=False)
    # project rules: the kinds of file their findings land on (JUnit lists a test case for each such
    # file); empty: every kind
    reports_on: tuple[str, ...] = ()
    _sections: dict[str, str] | None = field(default=None, repr=False, compare=False)

    @property
    def sections(self) -> dict[str, str]:
        """The docstring's ``## `` sections (parsed on first use, not at import)."""
        if self._sections is None:
            self._sections = parse_sections(self.doc)
        return self._sections

    @property
    def engine_reported(self) -> bool:
        """Parse-error codes (``*000``): the engine reports them; there is no rule function."""
        return self.kind is FindingKind.PARSE_ERROR

    @property
    def is_secret(self) -> bool:
        """The rule reports secrets found in files (tag ``secrets``): a fix of its findings may
        quote the secret, so outputs that would copy fixes out (SARIF) leave them out."""
        return "secrets" in self.tags

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else self.name

    @property
    def is_security(self) -> bool:
        return "security" in self.tags

    @property
    def family(self) -> str:
        return re.sub(r"\d+$", "", self.code)


_RULES: dict[str, RuleMeta] = {}
_LOADED = False


def rule(
    *,
    code: str,
    name: str,
    target: str | tuple[str, ...],
    severity: str,
    fix: str = "none",
    tags: tuple[str, ...] = (),
    cwe: tuple[int, ...] = (),
    controls: tuple[str, ...] = (),
    precision: str = "high",
    security_severity: float | None = None,
    default_enabled: bool = True,
    input: str = "model",
    prepare: PrepareFunc | None = None,
    reports_on: tuple[str, ...] = (),
) -> Callable[[RuleFunc[M]], RuleFunc[M]]:
    """Register the decorated function as rule ``code``; the module docstring is its doc."""
    targets = (target,) if isinstance(target, str) else tuple(target)

    def decorate(func: RuleFunc[M]) -> RuleFunc[M]:
        if not CODE_RE.match(code):
            raise ValueError(f"bad rule code {code!r}")
        if not NAME_RE.match(name):
            raise ValueError(f"bad rule name {name!r}")
        for t in targets:
            if t not in TARGETS:
                raise ValueError(f"{code}: unknown target {t!r}")
        if reports_on and (targets != ("project",) or not set(reports_on) <= TARGETS - {"project"}):
            raise ValueError(f"{code}: reports_on names file kinds, for project rules only")
        if input not in ("model", "source"):
            raise ValueError(f"{code}: input must be model or source")
        if fix not in ("none", "safe", "unsafe"):
            raise ValueError(f"{code}: fix must be none, safe or unsafe")
        if precision not in ("very-high", "high", "medium", "low"):
            raise ValueError(f"{code}: precision must be very-high, high, medium or low")
        if code in _RULES and _RULES[code].module != func.__module__:
            raise ValueError(f"duplicate rule code {code} in {func.__module__} and {_RULES[code].module}")
        module = sys.modules.get(func.__module__)
        doc = (module.__doc__ or "") if module else ""
        sec = security_severity
        if sec is None and "security" in tags:
            sec = {"error": 8.0, "warning": 5.5, "info": 3.0}[severity]
        _RULES[code] = RuleMeta(
            code=code, name=name, targets=targets, severity=Severity.parse(severity), fix=fix,
            tags=tuple(tags), cwe=tuple(cwe), controls=tuple(controls),
            # the engine passes only models of the rule's targets (see RuleModel above)
            func=cast("RuleFunc[RuleModel]", func),
            module=func.__module__, doc=doc, precision=precision, security_severity=sec,
            default_enabled=default_enabled, input=input, prepare=prepare, reports_on=tuple(reports_on),
        )
        return func

    return decorate


def parse_sections(doc: str) -> dict[str, str]:
    sections: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    for line in doc.splitlines():
        if line.startswith("## "):
            if current is not None:
                sections[current] = "\n".join(lines).strip()
            current = line[3:].strip()
            lines = []
        elif current is not None:
            lines.append(line)
    if current is not None:
        sections[current] = "\n".join(lines).strip()
    return sections


def load_all() -> dict[str, RuleMeta]:
    """Import every rule module once and return the registry (code -> metadata)."""
    global _LOADED
    if not _LOADED:
        import gc

        import flylint.rules as rules_pkg

        # importing ~160 modules makes objects that live as long as the process (modules,
        # classes, functions): the cyclic garbage collector waits until they are all in
        # instead of scanning them again and again on the way (a command that owns the
        # process then moves them out of its way: see flylint.base.collect.startup_done)
        collecting = gc.isenabled()
        gc.disable()
        try:
            for family in FAMILIES:
                pkg_name = f"{rules_pkg.__name__}.{family}"
                try:
                    __import__(pkg_name)
                except ModuleNotFoundError:
                    continue
                for name in _rule_module_names(sys.modules[pkg_name].__path__):
                    __import__(f"{pkg_name}.{name}")
        finally:
            if collecting:
                gc.enable()
        _register_parse_errors()
        _register_suppression_rules()
        _LOADED = True
    return dict(sorted(_RULES.items()))


def _register_parse_errors() -> None:
    """The ``*000`` codes: reported by the engine, documented in :mod:`flylint.linter.parse_errors`."""
    from flylint.linter import parse_errors

    for p in parse_errors.PARSE_ERRORS:
        _RULES[p.code] = RuleMeta(
            code=p.code, name=p.name, targets=p.kinds, severity=Severity.ERROR, fix="none",
            tags=("correctness",), cwe=(), controls=p.controls, func=None, module=parse_errors.__name__,
            doc=p.doc, kind=FindingKind.PARSE_ERROR,
        )


def _register_suppression_rules() -> None:
    """The ``SUP`` codes: reported by the engine, documented in :mod:`flylint.linter.suppression_rules`."""
    from flylint.linter import suppression_rules

    for r in suppression_rules.SUPPRESSION_RULES:
        _RULES[r.code] = RuleMeta(
            code=r.code, name=r.name, targets=("fly_toml", "dockerfile", "dockerignore", "shell", "workflow"),
            severity=Severity.parse(r.severity), fix=r.fix, tags=("suppression",), cwe=(), controls=(),
            func=None, module=suppression_rules.__name__, doc=r.doc, default_enabled=r.default_enabled,
        )


def _rule_module_names(paths: Iterable[str]) -> list[str]:
    """The rule modules of a family package: its ``*.py`` files not starting with ``_``, sorted."""
    names: set[str] = set()
    for directory in paths:
        try:
            entries = os.listdir(directory)
        except OSError:
            continue
        names.update(n[:-3] for n in entries if n.endswith(".py") and not n.startswith("_"))
    return sorted(names)


def all_rules() -> dict[str, RuleMeta]:
    return load_all()


def find_rule(key: str) -> RuleMeta | None:
    """Look a rule up by code (``FLY001``) or kebab-case name (``https-not-forced``)."""
    rules = load_all()
    upper = key.strip().upper()
    if upper in rules:
        return rules[upper]
    lowered = key.strip().lower()
    for meta in rules.values():
        if meta.name == lowered:
            return meta
    return None
