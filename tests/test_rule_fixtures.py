"""Every rule fixture: the rule flags exactly the annotated lines, and fixes give the .fixed file."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, lint
from rules.fixture_harness import all_fixtures, expectations, materialise, severity_expectations, target_name

FIXTURE_LIST = all_fixtures(FIXTURES)


@pytest.mark.parametrize("fx", FIXTURE_LIST, ids=[f.id for f in FIXTURE_LIST])
def test_fixture_flags_exactly_the_annotated_lines(fx, in_tmp: Path) -> None:
    materialise(fx, in_tmp)
    expected = {(p, line, code, col) for p, line, code, col in expectations(in_tmp) if code == fx.code}
    result = lint(["."], select=[fx.code])
    got_lines = {(f.path, f.span.line, f.code) for f in result.findings if f.code == fx.code}
    assert got_lines == {(p, line, code) for p, line, code, _ in expected}, "\n".join(
        f"{f.path}:{f.span.line}:{f.span.column}: {f.code} {f.message}" for f in result.findings
    )
    by_line = {(f.path, f.span.line): f for f in result.findings}
    for p, line, _code, col in expected:
        if col is not None:
            assert by_line[(p, line)].span.column == col, f"{p}:{line}: expected column {col}"
    for (p, line, code), sev in severity_expectations(in_tmp).items():
        if code == fx.code:
            assert str(by_line[(p, line)].severity) == sev, f"{p}:{line}: expected severity {sev}"
    for f in result.findings:
        assert "internal error" not in f.message, f.message


FIXABLE = [f for f in FIXTURE_LIST if f.fixed is not None]


@pytest.mark.parametrize("fx", FIXABLE, ids=[f.id for f in FIXABLE])
def test_fix_produces_the_fixed_file(fx, in_tmp: Path) -> None:
    from flylint.cli.main import main

    materialise(fx, in_tmp)
    assert fx.fixed is not None
    if fx.path.is_dir():
        pairs = [(in_tmp / p.relative_to(fx.fixed), p) for p in sorted(fx.fixed.rglob("*")) if p.is_file()]
    else:
        pairs = [(in_tmp / target_name(fx.path.name), fx.fixed)]
    before_all = lint(["."])
    worse_before = sorted((f.code, f.message) for f in before_all.findings if f.code != fx.code and f.severity >= 2)
    code = main(["check", ".", "--fix", "--unsafe-fixes", "--select", fx.code, "--no-config"])
    assert code in (0, 1)
    for target, expected in pairs:
        assert target.is_file(), f"{target.name} was not written"
        assert target.read_bytes() == expected.read_bytes(), target.read_text()
    after = lint(["."], select=[fx.code])
    assert not [f for f in after.findings if f.fix is not None], "a fixable finding is still reported"
    assert not any(f.code == fx.code and f.span.line for f in after.findings if f.fix is not None)
    after_all = lint(["."])
    worse_after = sorted((f.code, f.message) for f in after_all.findings if f.code != fx.code and f.severity >= 2)
    assert len(worse_after) <= len(worse_before), f"the fix introduced new findings: {worse_after}"
    snapshot = [target.read_bytes() for target, _ in pairs]
    main(["check", ".", "--fix", "--unsafe-fixes", "--select", fx.code, "--no-config"])
    assert [target.read_bytes() for target, _ in pairs] == snapshot, "a second --fix changed the file again"
