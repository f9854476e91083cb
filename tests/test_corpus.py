"""Robustness over the real-world fly.toml corpus in ../shared/corpus (skipped when absent)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SHARED, lint

from flylint.linter.model import FindingKind

CORPUS = SHARED / "corpus" / "fly-toml"
FILES = sorted(CORPUS.glob("*.toml")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not FILES, reason="../shared/corpus/fly-toml is not available")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file_lints_without_internal_errors(path: Path, in_tmp: Path) -> None:
    shutil.copyfile(path, in_tmp / "fly.toml")
    result = lint(["fly.toml"])
    for f in result.findings:
        assert f.kind is not FindingKind.INTERNAL_ERROR, f"{path.name}: {f.message}"
        assert f.span.line >= 1 and f.span.column >= 1


@pytest.mark.skipif(not FILES, reason="../shared/corpus/fly-toml is not available")
def test_corpus_039_is_a_parse_error(in_tmp: Path) -> None:
    shutil.copyfile(CORPUS / "039.toml", in_tmp / "fly.toml")
    result = lint(["fly.toml"])
    parse = [f for f in result.findings if f.code == "FLY000"]
    assert len(parse) == 1
    assert parse[0].span.line == 20
    assert parse[0].span.column == 56
