"""Every rule's fixes agree with what the rule declares (`flylint rules` shows the FIX column).

A rule declared ``fix="none"`` must not offer fixes, and one declared ``safe`` must not offer
an unsafe fix (``--fix`` would otherwise skip what the docs promise it applies). A rule that
declares ``unsafe`` may offer safe fixes in some cases. Checked over every rule fixture with
every rule enabled, so cross-rule fixes on other rules' fixtures count too.
"""

from __future__ import annotations

import os
from pathlib import Path

from conftest import FIXTURES
from rules.fixture_harness import all_fixtures, materialise


def test_declared_fix_applicability_matches_the_fixes(tmp_path: Path, monkeypatch) -> None:
    from flylint.linter.config import Settings
    from flylint.linter.engine import Linter
    from flylint.linter.registry import load_all

    rules = load_all()
    linter = Linter(Settings(select=["ALL"]))
    offered: dict[str, set[str]] = {}
    where: dict[tuple[str, str], str] = {}
    for i, fx in enumerate(all_fixtures(FIXTURES)):
        d = tmp_path / str(i)
        d.mkdir()
        materialise(fx, d)
        monkeypatch.chdir(d)
        for f in linter.lint_paths(["."]).findings:
            if f.fix is not None and f.fix.edits:
                kind = str(f.fix.applicability)
                offered.setdefault(f.code, set()).add(kind)
                where.setdefault((f.code, kind), f"{fx.id}: {f.path}:{f.line}")
    monkeypatch.chdir(os.path.dirname(FIXTURES))
    assert offered, "no fixture produced any fix: the check would be empty"
    wrong = []
    for code, kinds in sorted(offered.items()):
        declared = rules[code].fix
        if declared == "none":
            wrong.append(f"{code} declares fix='none' but offers {sorted(kinds)} fixes ({where[(code, min(kinds))]})")
        elif declared == "safe" and "unsafe" in kinds:
            wrong.append(f"{code} declares fix='safe' but offers an unsafe fix ({where[(code, 'unsafe')]})")
    assert not wrong, "\n".join(wrong)
