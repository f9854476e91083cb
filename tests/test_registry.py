"""The rule registry: unique codes and names, complete docs, fixtures for every rule."""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES, REPO
from rules.fixture_harness import all_fixtures, expectations, materialise

from flylint.linter.registry import CODE_RE, NAME_RE, REQUIRED_SECTIONS, find_rule, load_all

RULES = load_all()


def test_rules_are_loaded() -> None:
    assert len(RULES) >= 10
    for family in ("FLY", "DKR", "SH", "GHA", "SEC"):
        assert any(code.startswith(family) for code in RULES), family


def test_codes_and_names_are_unique_and_well_formed() -> None:
    names = [m.name for m in RULES.values()]
    assert len(names) == len(set(names)), "two rules share a name"
    for code, meta in RULES.items():
        assert CODE_RE.match(code)
        assert NAME_RE.match(meta.name), meta.name
        assert meta.code == code


@pytest.mark.parametrize("code", list(RULES))
def test_docstring_has_every_section(code: str) -> None:
    meta = RULES[code]
    summary = meta.doc.strip().splitlines()[0]
    assert summary and not summary.startswith("#"), f"{code}: first line must be a one-line summary"
    for section in REQUIRED_SECTIONS:
        assert section in meta.sections and meta.sections[section].strip(), f"{code}: missing ## {section}"
    assert "Use instead:" in meta.sections["Example"], f"{code}: the example needs 'Use instead:'"
    safety = meta.sections["Fix safety"]
    if meta.fix == "none":
        assert safety.startswith("No fix"), f"{code}: fix='none' but Fix safety says {safety[:30]!r}"
    elif meta.fix == "safe":
        assert safety.startswith("Safe"), f"{code}: fix='safe' but Fix safety says {safety[:30]!r}"
    else:
        assert safety.startswith("Unsafe"), f"{code}: fix='unsafe' but Fix safety says {safety[:30]!r}"


def _fixture_kinds() -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    import tempfile
    from pathlib import Path

    for fx in all_fixtures(FIXTURES):
        with tempfile.TemporaryDirectory() as tmp:
            materialise(fx, Path(tmp))
            flagged = any(e.code == fx.code for e in expectations(Path(tmp)))
        entry = counts.setdefault(fx.code, {"flagged": 0, "clean": 0})
        entry["flagged" if flagged else "clean"] += 1
    return counts


FIXTURE_COUNTS = _fixture_kinds()


@pytest.mark.parametrize("code", list(RULES))
def test_every_rule_has_a_flagged_and_a_clean_fixture(code: str) -> None:
    counts = FIXTURE_COUNTS.get(code, {"flagged": 0, "clean": 0})
    assert counts["flagged"] >= 1, f"{code}: no fixture with an '# expect: {code}' annotation"
    assert counts["clean"] >= 1, f"{code}: no clean fixture (one without annotations for it)"


def test_fixable_rules_have_a_fixed_fixture() -> None:
    fixed_codes = {fx.code for fx in all_fixtures(FIXTURES) if fx.fixed is not None}
    missing = [code for code, meta in RULES.items() if meta.fix != "none" and code not in fixed_codes]
    assert not missing, f"fixable rules without a <CODE>.fixed.<ext> fixture: {missing}"


def test_find_rule_by_code_or_name() -> None:
    meta = find_rule("FLY001")
    assert meta is not None
    assert find_rule(meta.name) is meta
    assert find_rule("fly001") is meta
    assert find_rule("NOPE999") is None


def test_security_rules_carry_security_severity() -> None:
    for meta in RULES.values():
        if meta.is_security:
            assert meta.security_severity is not None and 0 < meta.security_severity <= 10
        for cwe in meta.cwe:
            assert isinstance(cwe, int)


def test_references_cite_something() -> None:
    for code, meta in RULES.items():
        refs = meta.sections["References"]
        assert re.search(r"https?://|CWE-|CIS|DL\d{4}|CKV|DS-\d|SC\d{4}", refs), code


INTERNAL_REFERENCE = re.compile(r"fact sheet|rule-anchors|perf-anchors|ecosystem\.md|DESIGN\.md|§|\.\./shared")


def test_no_internal_references_in_user_facing_text() -> None:
    """Rule documentation (flylint rule, SARIF help, docs/rules) and the README cite public
    sources only: nothing a user cannot open."""
    for code, meta in RULES.items():
        assert not INTERNAL_REFERENCE.search(meta.doc), f"{code}: {INTERNAL_REFERENCE.search(meta.doc).group(0)!r}"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in readme and "DESIGN.md" not in readme


# what the engine passes a rule, by target (input="source": the SourceFile)
_MODEL_TYPES = {
    "fly_toml": "FlyConfig", "dockerfile": "Dockerfile", "dockerignore": "IgnoreFile",
    "shell": "ShellScript", "workflow": "Workflow", "project": "Project",
}


def _annotation_names(annotation: str) -> set[str]:
    names: set[str] = set()
    for part in annotation.split("|"):
        part = part.strip()
        names |= {"ShellScript", "Dockerfile", "Workflow"} if part == "ScriptModel" else {part}
    return names


@pytest.mark.parametrize("code", sorted(c for c, m in load_all().items() if m.func is not None))
def test_rule_function_is_typed_for_its_targets(code: str) -> None:
    """The model argument's annotation names exactly the types the engine passes for the targets."""
    meta = load_all()[code]
    annotations = dict(meta.func.__annotations__)
    annotations.pop("return", None)
    model, ctx = list(annotations.values())
    assert ctx == "RuleContext"
    expected = {"SourceFile"} if meta.input == "source" else {_MODEL_TYPES[t] for t in meta.targets}
    assert _annotation_names(model) == expected


def test_secret_rules_are_marked_secret() -> None:
    """Outputs decide on ``RuleMeta.is_secret`` (tag ``secrets``), never on the code prefix."""
    rules = load_all()
    assert all(m.is_secret for c, m in rules.items() if c.startswith("SEC"))


def test_parse_error_codes_are_documented_rules_without_a_function() -> None:
    from flylint.linter.model import FindingKind
    from flylint.linter.parse_errors import CODE_BY_KIND

    rules = load_all()
    assert set(CODE_BY_KIND) == {"fly_toml", "dockerfile", "dockerignore", "shell", "workflow"}  # env/config: never parsed
    for code in set(CODE_BY_KIND.values()):
        meta = rules[code]
        assert meta.func is None and meta.engine_reported and meta.kind is FindingKind.PARSE_ERROR
        assert find_rule(meta.name) is meta
    assert {c for c, m in rules.items() if m.engine_reported} == set(CODE_BY_KIND.values())


def test_rule_modules_share_code_only_through_helper_modules() -> None:
    """No rule module imports another rule module (shared code lives in ``_name.py`` helpers),
    and no rule module or helper keeps a module-level cache keyed on ``id()``."""
    import ast

    problems: list[str] = []
    for path in sorted((REPO / "src" / "flylint" / "rules").glob("*/*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if module and module.startswith("flylint.rules.") and module.count(".") == 3 \
                    and not module.rsplit(".", 1)[1].startswith("_"):
                problems.append(f"{path.name} imports the rule module {module}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "id":
                problems.append(f"{path.name}:{node.lineno} calls id()")
    assert not problems
