"""The severity model (docs/severity.md) is written down for every rule: each rule's doc has a
``## Severity`` section that starts with the rule's own severity and gives the reason for it."""

from __future__ import annotations

import pytest

from flylint.linter.registry import load_all

RULES = sorted(load_all().items())


@pytest.mark.parametrize(("code", "meta"), RULES, ids=[c for c, _ in RULES])
def test_rule_doc_states_the_reason_for_its_severity(code: str, meta: object) -> None:
    section = meta.sections.get("Severity", "").strip()  # type: ignore[attr-defined]
    assert section, (f"{code}: add a '## Severity' section to the rule's docstring (before '## Example'): "
                     "'Error|Warning|Info: why', following docs/severity.md")
    first = section.split()[0].rstrip(":,").lower()
    assert first == str(meta.severity), (  # type: ignore[attr-defined]
        f"{code}: the Severity section starts with {first!r} but the rule's severity is {meta.severity}")  # type: ignore[attr-defined]
    assert len(section.split()) >= 8, f"{code}: the Severity section gives no reason"


def test_the_model_is_written_down() -> None:
    from conftest import REPO

    text = (REPO / "docs" / "severity.md").read_text(encoding="utf-8")
    for word in ("error", "warning", "info", "evidence", "precision"):
        assert word in text
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/severity.md" in readme
