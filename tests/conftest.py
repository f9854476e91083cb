"""Shared test helpers: build a project in a temporary directory and lint it in-process."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# ../shared beside the checkout (CI), or beside any folder above it (a git worktree kept in a
# subfolder must not skip the corpus tests silently), or where FLYLINT_SHARED points
SHARED = next((d / "shared" for d in Path(__file__).resolve().parents[1:] if (d / "shared" / "corpus").is_dir()),
              Path(os.environ.get("FLYLINT_SHARED", "/nonexistent")))
FIXTURES = Path(__file__).resolve().parent / "rules" / "fixtures"
REPO = Path(__file__).resolve().parents[1]


def requires_shared(sub: str) -> Path:
    path = SHARED / sub
    if not path.exists():
        pytest.skip(f"../shared/{sub} is not available (tests that need the shared folder skip outside CI)")
    return path


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def write_project(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if rel.endswith(".sh"):
            path.chmod(0o755)
    return root


def lint(paths: list[str] | None = None, select: list[str] | None = None, **settings_kw):
    from flylint.linter.config import Settings
    from flylint.linter.engine import Linter

    settings = Settings(select=select, **settings_kw)
    return Linter(settings).lint_paths(paths or ["."])


def copy_tree(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, dirs_exist_ok=True)
