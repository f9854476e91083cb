"""flylint accepts every valid shape flyctl accepts (our equivalents of flyctl's valid test data).

Each file in ``tests/rules/fixtures/fly_toml/valid/`` mirrors one of the valid configurations in
flyctl's ``internal/appconfig/testdata`` (fact sheet §8). None may produce an error from the
fly.toml rules, nor any schema finding; legacy shapes must be recognised as legacy (info).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, lint

VALID = FIXTURES / "fly_toml" / "valid"
CONFIGS = sorted(p for p in VALID.iterdir() if p.suffix in (".toml", ".json", ".yaml"))
SCHEMA = {"FLY010", "FLY011", "FLY012", "FLY013", "FLY014", "FLY015"}
CROSS_FILE = {"FLY049", "FLY050", "FLY051", "FLY053", "FLY054"}  # the referenced files are not here


def _target(path: Path) -> str:
    if path.name.endswith(".fly.json"):
        return "fly.json"
    if path.name.endswith(".fly.yaml"):
        return "fly.yaml"
    return "fly.toml"


def _fly_findings(path: Path, workdir: Path):
    shutil.copyfile(path, workdir / _target(path))
    from flylint.linter.registry import load_all

    # the parse error and the schema/validation rules; FLY001-FLY003 are best-practice rules
    codes = [c for c in load_all() if (c == "FLY000" or "FLY010" <= c <= "FLY099") and c not in CROSS_FILE]
    result = lint(["."], select=codes)
    for f in result.findings:
        assert "internal error" not in f.message, f.message
    return result.findings


@pytest.mark.parametrize("path", CONFIGS, ids=[p.name for p in CONFIGS])
def test_valid_config_has_no_errors_and_no_schema_findings(path: Path, in_tmp: Path) -> None:
    findings = _fly_findings(path, in_tmp)
    errors = [f for f in findings if int(f.severity) >= 3]
    schema = [f for f in findings if f.code in SCHEMA]
    assert not errors and not schema, "\n".join(f"{f.path}:{f.line}: {f.code} {f.message}" for f in errors + schema)


# legacy shapes are not errors, but they are recognised as legacy
LEGACY_EXPECTED = {
    "old-format.toml": {("FLY027", 9), ("FLY027", 12), ("FLY027", 13), ("FLY027", 16), ("FLY027", 30),
                        ("FLY027", 38), ("FLY027", 40), ("FLY027", 51), ("FLY017", 20), ("FLY017", 21),
                        ("FLY017", 28), ("FLY017", 29)},
    "experimental-alt.toml": {("FLY027", 7), ("FLY027", 8), ("FLY027", 9), ("FLY017", 7)},
    "env-list.toml": {("FLY027", 3)},
    "old-processes.toml": {("FLY027", 3)},
}


@pytest.mark.parametrize("name", sorted(LEGACY_EXPECTED))
def test_legacy_shapes_are_reported_as_legacy(name: str, in_tmp: Path) -> None:
    findings = _fly_findings(VALID / name, in_tmp)
    got = {(f.code, f.line) for f in findings if f.code in ("FLY017", "FLY027")}
    assert got == LEGACY_EXPECTED[name]
    assert all(str(f.severity) == "info" for f in findings if f.code in ("FLY017", "FLY027"))
