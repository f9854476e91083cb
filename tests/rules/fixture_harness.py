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

A comment line ``# expect: CODE[:COL][@SEVERITY][, CODE…]`` says the next line that is not a
comment must be flagged with CODE (at column COL, and with severity SEVERITY — ``error``,
``warning`` or ``info`` — when given; a rule may report a finding below its own severity when
the evidence is weaker). Only the fixture's own rule runs, and
the set of flagged lines must equal the annotated set exactly: a fixture without annotations
asserts that the rule stays silent. ``<stem>.fixed.<ext>`` next to a fixture is the expected
result of ``flylint --fix --unsafe-fixes`` for that rule; for a directory fixture, a sibling
directory ``<name>.fixed/`` holds the expected content of each file it lists (files a fix
creates included).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

EXPECT = re.compile(r"^\s*#\s*expect:\s*(.+?)\s*$")
CODE_IN_NAME = re.compile(r"^((?:FLY|DKR|SH|GHA|SEC)\d{3})(?:_[A-Za-z0-9_\-]+)?(?:\.|$)")


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


def expectations(root: Path) -> set[tuple[str, int, str, int | None]]:
    """(relative path, line, code, column or None) for every annotation under ``root``."""
    out: set[tuple[str, int, str, int | None]] = set()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except UnicodeDecodeError:
            continue
        pending: list[tuple[str, int | None]] = []
        for lineno, line in enumerate(lines, 1):
            m = EXPECT.match(line)
            if m:
                for item in re.split(r"[,\s]+", m.group(1)):
                    if not item:
                        continue
                    code, _, col = item.partition("@")[0].partition(":")
                    pending.append((code.upper(), int(col) if col else None))
                continue
            if line.strip().startswith("#") or not line.strip():
                if line.strip().startswith("#"):
                    continue
                if pending:
                    continue
            if pending:
                for code, col in pending:
                    out.add((rel, lineno, code, col))
                pending = []
    return out


def severity_expectations(root: Path) -> dict[tuple[str, int, str], str]:
    """(relative path, line, code) -> severity for annotations that name one (``CODE@warning``)."""
    out: dict[tuple[str, int, str], str] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except UnicodeDecodeError:
            continue
        pending: list[tuple[str, str | None]] = []
        for lineno, line in enumerate(lines, 1):
            m = EXPECT.match(line)
            if m:
                for item in re.split(r"[,\s]+", m.group(1)):
                    if item:
                        head, _, sev = item.partition("@")
                        pending.append((head.partition(":")[0].upper(), sev.lower() or None))
                continue
            if not line.strip() or line.strip().startswith("#"):
                continue
            for code, sev in pending:
                if sev:
                    out[(rel, lineno, code)] = sev
            pending = []
    return out
