"""`flylint report`: the controls catalogue, control statuses, the three formats, the CLI."""

from __future__ import annotations

import re

import pytest

from flylint.linter.registry import load_all
from flylint.linter.report.controls import (
    AUTOMATED, DIRECT, FRAMEWORKS, MANUAL, SUPPORTING, all_controls, framework_of, get_framework, rules_for,
)

# -- the catalogue -------------------------------------------------------------------------


def unknown_control_ids(rules: dict) -> list[str]:
    catalogue = all_controls()
    return sorted(f"{meta.code} ({meta.module}): {cid}"
                  for meta in rules.values() for cid in meta.controls if cid not in catalogue)


def test_the_consistency_check_catches_a_misspelt_id() -> None:
    from dataclasses import replace

    rules = load_all()
    bad = {"FLY001": replace(rules["FLY001"], controls=("SOC2-CC6.7", "GDPR-32", "PCI-DSS-8.3.1"))}
    assert [u.rsplit(": ", 1)[1] for u in unknown_control_ids(bad)] == ["GDPR-32", "PCI-DSS-8.3.1"]


def test_every_control_id_used_by_a_rule_is_in_the_catalogue() -> None:
    catalogue = all_controls()
    unknown = unknown_control_ids(load_all())
    assert not unknown, ("rules name control ids the report catalogue does not know; fix the spelling in "
                         "the rule's controls=(...) or add the control to report/controls.py:\n  "
                         + "\n  ".join(unknown))
    manual = sorted(f"{meta.code}: {cid}" for meta in load_all().values() for cid in meta.controls
                    if catalogue[cid].kind == MANUAL)
    assert not manual, f"rules map to controls the catalogue marks manual: {manual}"


def test_every_automated_control_has_evidence_rules() -> None:
    rules = load_all()
    for fw in FRAMEWORKS.values():
        mapping = rules_for(fw, rules)
        for c in fw.controls:
            if c.kind == AUTOMATED:
                assert mapping[c.id], f"{c.id} is automated but no rule maps to it (make it manual?)"
            else:
                assert not mapping[c.id], f"{c.id} is manual but rules map to it: {mapping[c.id]}"


def test_catalogue_is_well_formed() -> None:
    seen: set[str] = set()
    for key, fw in FRAMEWORKS.items():
        assert fw.key == key and get_framework(key) is fw
        assert fw.name and fw.version and fw.source and fw.scope
        assert any(c.kind == MANUAL for c in fw.controls) or key == "cis-docker"
        for c in fw.controls:
            assert c.id not in seen, f"duplicate control id {c.id}"
            seen.add(c.id)
            assert c.id.startswith(fw.prefix), c.id
            assert framework_of(c.id) is fw
            assert c.kind in (AUTOMATED, MANUAL)
            assert (c.strength in (DIRECT, SUPPORTING)) == (c.kind == AUTOMATED), c.id
            assert c.title and c.section and c.guidance.endswith("."), c.id
    # the id spellings rules use: PREFIX-<number>, parenthesised paragraphs allowed
    for cid in seen:
        assert re.fullmatch(r"(SOC2-(CC|A|C)\d+\.\d+|PCI-DSS-\d+(\.\d+)*|HIPAA-164\.3\d\d(\([A-Za-z0-9]+\))+"
                            r"|GDPR-\d+(\(\d+\)(\([a-z]\))?)?|CIS-\d+\.\d+)", cid), cid


def test_framework_names_are_forgiving() -> None:
    assert get_framework("SOC2") is FRAMEWORKS["soc2"]
    assert get_framework("pci_dss") is FRAMEWORKS["pci-dss"]
    assert get_framework("pci") is FRAMEWORKS["pci-dss"]
    assert get_framework("cis") is FRAMEWORKS["cis-docker"]
    assert get_framework("iso27001") is None
