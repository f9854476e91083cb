"""docs/fly-toml-coverage.md names a rule (or a reason) for every check of fact sheet §3."""

from __future__ import annotations

import re

from conftest import REPO, requires_shared

from flylint.linter.registry import load_all

DOC = REPO / "docs" / "fly-toml-coverage.md"


def test_every_section_3_row_id_is_covered() -> None:
    sheet = requires_shared("reference/fly-toml.md").read_text(encoding="utf-8")
    section = sheet[sheet.index("## 3. What flyctl itself reports"):sheet.index("## 4. ")]
    ids = set(re.findall(r"^\| (E-[A-Z]+\d*|W\d) ", section, re.MULTILINE))
    assert len(ids) >= 29, ids
    doc = DOC.read_text(encoding="utf-8")
    covered = set(re.findall(r"^\| (E-[A-Z]+\d*|W\d) ", doc, re.MULTILINE))
    assert ids <= covered, sorted(ids - covered)


def test_every_rule_named_in_the_coverage_page_exists() -> None:
    rules = load_all()
    doc = DOC.read_text(encoding="utf-8")
    for code, name in re.findall(r"(FLY\d{3}) `([a-z0-9-]+)`", doc):
        assert code in rules, code
        assert rules[code].name == name, (code, name, rules[code].name)
    mine = {c for c in rules if "FLY010" <= c <= "FLY099"}
    assert mine <= set(re.findall(r"FLY\d{3}", doc)), sorted(mine - set(re.findall(r"FLY\d{3}", doc)))
