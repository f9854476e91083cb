"""Every rule fixture: the rule flags exactly the annotated lines, and fixes give the .fixed file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURES, lint
from rules.fixture_harness import all_fixtures, expectations, match_findings, materialise, selection, target_name

from flylint.linter.model import FindingKind

FIXTURE_LIST = all_fixtures(FIXTURES)


@pytest.mark.parametrize("fx", FIXTURE_LIST, ids=[f.id for f in FIXTURE_LIST])
def test_fixture_flags_exactly_the_annotated_lines(fx, in_tmp: Path) -> None:
    materialise(fx, in_tmp)
    expected = [e for e in expectations(in_tmp) if e.code == fx.code]
    result = lint(["."], select=selection(fx.code))
    assert not [f for f in result.findings if f.kind is FindingKind.INTERNAL_ERROR]
    missing, unexpected = match_findings(expected, [f for f in result.findings if f.code == fx.code])
    assert not missing and not unexpected, "\n".join(
        [f"expected, not found: {e}" for e in missing]
        + [f"found, not annotated: {f.path}:{f.span.line}:{f.span.column}: {f.code} {f.message}" for f in unexpected]
    )


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
    before = lint(["."], select=selection(fx.code))
    fixable = [f for f in before.findings if f.fix is not None]
    assert fixable, "a .fixed fixture must have something to fix"
    assert any(not target.exists() or target.read_bytes() != expected.read_bytes() for target, expected in pairs), \
        "the .fixed fixture equals the input: it cannot show that the fix did anything"
    before_all = lint(["."])
    worse_before = Counter((f.code, f.message) for f in before_all.findings if f.code != fx.code and f.severity >= 2)
    code = main(["check", ".", "--fix", "--unsafe-fixes", "--select", ",".join(selection(fx.code)), "--no-config"])
    assert code in (0, 1)
    for target, expected in pairs:
        assert target.is_file(), f"{target.name} was not written"
        assert target.read_bytes() == expected.read_bytes(), target.read_text()
    after = lint(["."], select=selection(fx.code))
    assert not [f for f in after.findings if f.fix is not None], "a fixable finding is still reported"
    assert len(after.findings) < len(before.findings), "the fix made no finding go away"
    after_all = lint(["."])
    worse_after = Counter((f.code, f.message) for f in after_all.findings if f.code != fx.code and f.severity >= 2)
    assert not worse_after - worse_before, f"the fix introduced new findings: {sorted(worse_after - worse_before)}"
    snapshot = [target.read_bytes() for target, _ in pairs]
    main(["check", ".", "--fix", "--unsafe-fixes", "--select", ",".join(selection(fx.code)), "--no-config"])
    assert [target.read_bytes() for target, _ in pairs] == snapshot, "a second --fix changed the file again"
