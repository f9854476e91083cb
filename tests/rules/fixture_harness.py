"""The fixture-per-rule harness.

Fixtures live in ``tests/rules/fixtures/<family>/``. A fixture is a file named
``<CODE>[_suffix].<ext>`` or a directory ``<CODE>[_suffix]/`` holding a whole project.
The extension says which file the fixture becomes in a temporary project:

=====================  ==============================
``.toml``              ``fly.toml`` (``X.staging.toml`` → ``fly.staging.toml``)
``.fly.json``          ``fly.json``
``.fly.yaml``          ``fly.yaml``
``.Dockerfile``        ``Dockerfile``
``.dockerignore``      ``.dockerignore``
``.sh``                ``deploy.sh``
``.yml``               ``.github/workflows/deploy.yml``
=====================  ==============================

A comment line ``# expect: CODE[:COL][@SEVERITY] ["fragment"][, CODE…]`` says the next line
that is not a comment (for the ``SUP`` codes, which report on suppression comments: the next
``# flylint:`` comment or line that is not a comment) must be flagged with CODE (at column COL, with severity SEVERITY —
``error``, ``warning`` or ``info``; a rule may report a finding below its own severity when the
evidence is weaker — and with a message containing ``fragment``, each when given; ``\"`` is a
quote inside the fragment). Only the fixture's own rule runs, and the findings must equal the
annotations exactly, one finding per annotation: a fixture without annotations asserts that the
rule stays silent, and a rule that reports a line twice needs two
annotations. ``<stem>.fixed.<ext>`` next to a fixture is the expected
result of ``flylint --fix --unsafe-fixes`` for that rule; for a directory fixture, a sibling
directory ``<name>.fixed/`` holds the expected content of each file it lists (files a fix
creates included).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXPECT = re.compile(r"^\s*#\s*expect:\s*(.+?)\s*$")
# one item of an annotation: CODE, optional :COL, optional "fragment" (with \" and \\ escapes)
ITEM = re.compile(r'\s*((?:FLY|DKR|SH|GHA|SEC|SUP)\d{3})(?::(\d+))?(?:@(error|warning|info))?'
                  r'(?:\s+"((?:[^"\\]|\\.)*)")?\s*(?:,|$)', re.I)
# rules a fixture's run needs besides its own: SUP001 judges only comments that name a rule
# that ran (a comment naming a rule that is off is not evidence of anything)
ALSO_RUN: dict[str, tuple[str, ...]] = {"SUP001": ("DKR002",)}


def selection(code: str) -> list[str]:
    """The rules a fixture of ``code`` runs with."""
    return [code, *ALSO_RUN.get(code, ())]


SUPPRESSION = re.compile(r"^\s*#\s*flylint:", re.I)
CODE_IN_NAME = re.compile(r"^((?:FLY|DKR|SH|GHA|SEC|SUP)\d{3})(?:_[A-Za-z0-9_\-]+)?(?:\.|$)")


@dataclass(frozen=True)
class Expected:
    """One annotated finding."""

    path: str  # relative to the project root, with '/'
    line: int
    code: str
    column: int | None = None
    severity: str | None = None  # error, warning or info
    fragment: str | None = None  # a piece of the message

    def matches(self, f: Any) -> bool:
        return (f.path == self.path and f.span.line == self.line and f.code == self.code
                and (self.column is None or f.span.column == self.column)
                and (self.severity is None or str(f.severity) == self.severity)
                and (self.fragment is None or self.fragment in f.message))

    def __str__(self) -> str:
        col = f":{self.column}" if self.column is not None else ""
        sev = f"@{self.severity}" if self.severity is not None else ""
        frag = f' "{self.fragment}"' if self.fragment is not None else ""
        return f"{self.path}:{self.line}: {self.code}{col}{sev}{frag}"


Item = tuple[str, int | None, str | None, str | None]  # code, column, severity, fragment


def parse_annotation(text: str) -> list[Item]:
    """``(code, column, severity, fragment)`` for each item of an ``# expect:`` annotation."""
    items: list[Item] = []
    pos = 0
    while pos < len(text):
        m = ITEM.match(text, pos)
        if m is None or m.end() == pos:
            raise ValueError(f"bad expect annotation: {text!r} (at {text[pos:]!r})")
        frag = re.sub(r"\\(.)", r"\1", m.group(4)) if m.group(4) is not None else None
        sev = m.group(3).lower() if m.group(3) else None
        items.append((m.group(1).upper(), int(m.group(2)) if m.group(2) else None, sev, frag))
        pos = m.end()
    return items


def match_findings(expected: list[Expected], findings: list[Any]) -> tuple[list[Expected], list[Any]]:
    """Pair every expectation with its own finding; return (unmatched expectations, unmatched
    findings). The most constrained expectations choose first, so a loose one never takes the
    finding a precise one needs."""
    left = list(findings)
    missing: list[Expected] = []
    for exp in sorted(expected, key=lambda e: (e.fragment is None, e.column is None, e.severity is None)):
        hit = next((f for f in left if exp.matches(f)), None)
        if hit is None:
            missing.append(exp)
        else:
            left.remove(hit)
    return missing, left


@dataclass(frozen=True)
class Fixture:
    path: Path
    code: str

    @property
    def id(self) -> str:
        return f"{self.path.parent.name}/{self.path.name}"

    @property
    def fixed(self) -> Path | None:
        if self.path.is_dir():
            # a directory fixture's expected result is a sibling directory <name>.fixed/
            candidate = self.path.with_name(self.path.name + ".fixed")
            return candidate if candidate.is_dir() else None
        name = self.path.name
        stem, ext = _split_ext(name)
        candidate = self.path.with_name(f"{stem}.fixed{ext}")
        return candidate if candidate.exists() else None


def _split_ext(name: str) -> tuple[str, str]:
    for ext in (".fly.json", ".fly.yaml", ".Dockerfile", ".dockerignore", ".toml", ".sh", ".yml"):
        if name.endswith(ext):
            return name[: -len(ext)], ext
    raise ValueError(f"fixture {name!r} has an unknown extension")


def target_name(name: str) -> str:
    stem, ext = _split_ext(name)
    if ext == ".toml":
        parts = stem.split(".")
        return f"fly.{parts[-1]}.toml" if len(parts) > 1 and parts[-1] != "fixed" else "fly.toml"
    return {".fly.json": "fly.json", ".fly.yaml": "fly.yaml", ".Dockerfile": "Dockerfile",
            ".dockerignore": ".dockerignore", ".sh": "deploy.sh", ".yml": ".github/workflows/deploy.yml"}[ext]


def all_fixtures(root: Path) -> list[Fixture]:
    out: list[Fixture] = []
    for family in sorted(p for p in root.iterdir() if p.is_dir()):
        for entry in sorted(family.iterdir()):
            if ".fixed." in entry.name or entry.name.endswith(".fixed"):
                continue
            m = CODE_IN_NAME.match(entry.name)
            if m:
                out.append(Fixture(entry, m.group(1)))
    return out


def materialise(fx: Fixture, dest: Path) -> None:
    if fx.path.is_dir():
        shutil.copytree(fx.path, dest, dirs_exist_ok=True)
    else:
        target = dest / target_name(fx.path.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(fx.path, target)
        if target.name.endswith(".sh"):
            target.chmod(0o755)


def expectations(root: Path) -> list[Expected]:
    """Every annotated finding under ``root`` (a list: one entry per expected finding)."""
    out: list[Expected] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except UnicodeDecodeError:
            continue
        pending: list[Item] = []
        for lineno, line in enumerate(lines, 1):
            m = EXPECT.match(line)
            if m:
                pending.extend(parse_annotation(m.group(1)))
                continue
            directive = SUPPRESSION.match(line) is not None and any(c.startswith("SUP") for c, *_ in pending)
            if not directive and (not line.strip() or line.strip().startswith("#")):
                continue  # annotations apply to the next line that is neither blank nor a comment
                #           (SUP codes: or a suppression comment, which is what they report on)
            for code, col, sev, frag in pending:
                out.append(Expected(rel, lineno, code, col, sev, frag))
            pending = []
    return out
