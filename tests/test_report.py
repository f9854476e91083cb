"""`flylint report`: the controls catalogue, control statuses, the formats, the CLI."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO, copy_tree, write_project

from flylint.cli.main import main
from flylint.linter.config import Settings, load_settings
from flylint.linter.registry import load_all
from flylint.report import RENDERERS, render
from flylint.report.build import (
    EXCEPTED,
    FAIL,
    KINDS,
    MANUAL,
    NOT_APPLICABLE,
    NOT_ASSESSED,
    PASS,
    STATUSES,
    ControlResult,
    Report,
    build_report,
)
from flylint.report.controls import (
    AUTOMATED,
    DIRECT,
    FRAMEWORKS,
    PARTIAL,
    all_controls,
    framework_of,
    get_framework,
    rules_for,
)
from flylint.report.controls import (
    MANUAL as MANUAL_KIND,
)

# -- the catalogue -------------------------------------------------------------------------


def unknown_control_ids(rules: dict) -> list[str]:
    catalogue = all_controls()
    return sorted(f"{meta.code} ({meta.module}): {cid}"
                  for meta in rules.values() for cid in meta.controls if cid not in catalogue)


def test_the_consistency_check_catches_a_misspelt_id() -> None:
    from flylint.base.records import replace

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
                    if catalogue[cid].kind == MANUAL_KIND)
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
        assert any(c.kind == MANUAL_KIND for c in fw.controls) or key in ("cis-docker", "review")
        for c in fw.controls:
            assert c.id not in seen, f"duplicate control id {c.id}"
            seen.add(c.id)
            assert c.id.startswith(fw.prefix), c.id
            assert framework_of(c.id) is fw
            assert c.kind in (AUTOMATED, MANUAL_KIND)
            assert (c.strength in (DIRECT, PARTIAL)) == (c.kind == AUTOMATED), c.id
            assert c.title and c.section and c.guidance.endswith("."), c.id
            assert "`" not in c.title, c.id  # titles sit in table cells
            # every mapping says why it is direct or partial, in one line
            if c.kind == AUTOMATED:
                assert c.rationale and "\n" not in c.rationale and len(c.rationale) <= 200, c.id
            assert set(c.kinds) <= set(KINDS), c.id
    # the id spellings rules use: PREFIX-<number>, parenthesised paragraphs allowed
    for cid in seen:
        assert re.fullmatch(r"(SOC2-(CC|A|C)\d+\.\d+|PCI-DSS-\d+(\.\d+)*|HIPAA-164\.3\d\d(\([A-Za-z0-9]+\))+"
                            r"|GDPR-\d+(\(\d+\)(\([a-z]\))?)?|CIS-\d+\.\d+|REVIEW-[SPB]\d)", cid), cid


def test_review_is_the_deployment_checklist_and_comes_first() -> None:
    review = FRAMEWORKS["review"]
    assert next(iter(FRAMEWORKS)) == "review"
    assert [(c.ref, c.section) for c in review.controls] == [
        ("S1", "Security"), ("S2", "Security"), ("S3", "Security"), ("S4", "Security"),
        ("P1", "Performance"), ("P2", "Performance"), ("P3", "Performance"),
        ("B1", "Best practices"), ("B2", "Best practices"), ("B3", "Best practices"), ("B4", "Best practices")]
    assert all(c.kind == AUTOMATED for c in review.controls)
    mapping = rules_for(review, load_all())
    assert mapping["REVIEW-S3"] == ["FLY001", "FLY101"]
    assert mapping["REVIEW-P2"] == ["FLY003"]
    assert "SH008" in mapping["REVIEW-B4"] and "SH001" in mapping["REVIEW-B4"]
    assert review.control("REVIEW-S1").kinds == ("fly_toml", "dockerfile")


def test_stretched_mappings_are_corrected() -> None:
    cat = all_controls()
    rules = load_all()
    # a contingency plan and a change procedure are documents, not configuration
    assert cat["HIPAA-164.308(a)(7)(i)"].kind == MANUAL_KIND
    assert cat["PCI-DSS-6.5.1"].kind == MANUAL_KIND
    # CIS 4.8 is about setuid/setgid bits, which a Dockerfile linter cannot see
    assert cat["CIS-4.8"].kind == MANUAL_KIND and "setuid" in cat["CIS-4.8"].title.lower()
    assert "CIS-4.8" not in rules["DKR010"].controls
    # the benchmark asks for a Docker HEALTHCHECK; Fly.io runs fly.toml checks instead
    assert cat["CIS-4.6"].strength == PARTIAL and "HEALTHCHECK" in cat["CIS-4.6"].rationale
    assert cat["GDPR-32(1)(a)"].strength == PARTIAL and "at rest" in cat["GDPR-32(1)(a)"].rationale
    assert "SOC2-CC6.8" not in rules["DKR001"].controls


def test_framework_names_are_forgiving() -> None:
    assert get_framework("SOC2") is FRAMEWORKS["soc2"]
    assert get_framework("pci_dss") is FRAMEWORKS["pci-dss"]
    assert get_framework("pci") is FRAMEWORKS["pci-dss"]
    assert get_framework("cis") is FRAMEWORKS["cis-docker"]
    assert get_framework("Review") is FRAMEWORKS["review"]
    assert get_framework("iso27001") is None


# -- building reports ----------------------------------------------------------------------

FIXED_TIME = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

HARDENED = {
    "fly.toml": """app = "hardened"
primary_region = "iad"

[http_service]
  internal_port = 8080
  force_https = true
  auto_stop_machines = "stop"
  auto_start_machines = true
  min_machines_running = 1

  [[http_service.checks]]
    grace_period = "10s"
    interval = "15s"
    method = "GET"
    path = "/health"
    timeout = "2s"
""",
    "Dockerfile": """FROM node:22.11.0-bookworm-slim
WORKDIR /app
COPY . .
USER node
CMD ["node", "server.js"]
""",
    ".dockerignore": ".git\n.env\n.env.*\nnode_modules\n",
    "deploy.sh": """#!/usr/bin/env bash
set -euo pipefail
flyctl deploy --remote-only --app hardened --strategy rolling
""",
    ".github/workflows/deploy.yml": """name: Deploy
on:
  push:
    branches: [main]
permissions:
  contents: read
concurrency: deploy-group
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - uses: superfly/flyctl-actions/setup-flyctl@fc53c09e1bc3be6f54706524e3b82c4f462f77be # v1.5
      - run: flyctl deploy --remote-only
        env:
          FLY_API_TOKEN: ${{ secrets.FLY_API_TOKEN }}
""",
}

# a database app: a volume, no public service, an image that runs as root on purpose
DATABASE = {
    "fly.toml": """app = "orders-db"
primary_region = "iad"

[mounts]
  source = "pg_data"
  destination = "/data"

[checks]
  [checks.pg]
    type = "tcp"
    port = 5432
    interval = "15s"
    timeout = "2s"
""",
    "Dockerfile": """# flylint: ignore[DKR001] start.sh runs postgres through gosu as the postgres user
FROM postgres:17.2-bookworm
COPY start.sh /usr/local/bin/
CMD ["start.sh"]
""",
}


def report_for(framework: str | list[str], paths: list[str] | None = None,
               settings: Settings | None = None) -> Report:
    names = [framework] if isinstance(framework, str) else framework
    fws = [get_framework(n) for n in names]
    assert all(fws)
    return build_report(fws, paths or ["."], settings or Settings(), now=FIXED_TIME)  # type: ignore[arg-type]


def status_of(report: Report) -> dict[str, str]:
    return {r.control.id: r.status for r in report.controls}


def control(report: Report, cid: str) -> ControlResult:
    return next(r for r in report.controls if r.control.id == cid)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_hardened_project_passes_every_applicable_control(in_tmp: Path) -> None:
    write_project(in_tmp, HARDENED)
    report = report_for(list(FRAMEWORKS))
    assert [fr.framework.key for fr in report.frameworks] == list(FRAMEWORKS)
    wrong = {r.control.id: (r.status, r.reason, [e.location + " " + e.code for e in r.findings])
             for r in report.controls if r.status not in (PASS, NOT_APPLICABLE, MANUAL)}
    assert not wrong
    for r in report.controls:
        if r.status == NOT_APPLICABLE:
            assert r.reason, r.control.id  # a not-applicable control always says why
    # no volumes here: the backup controls are not applicable, not passed
    assert status_of(report)["HIPAA-164.308(a)(7)(ii)(A)"] == NOT_APPLICABLE
    assert report.files == {"fly_toml": 1, "dockerfile": 1, "dockerignore": 1, "shell": 1, "workflow": 1}
    assert not report.failed and not report.evidence_hidden


def test_hardened_example_passes_every_applicable_review_control(in_tmp: Path) -> None:
    copy_tree(REPO / "examples" / "hardened-app", in_tmp)
    review = report_for("review")
    statuses = status_of(review)
    assert set(statuses.values()) <= {PASS, NOT_APPLICABLE}, {
        cid: (s, control(review, cid).reason) for cid, s in statuses.items() if s not in (PASS, NOT_APPLICABLE)}
    # the example is built to exercise every item: nothing is waved through as not applicable
    assert set(statuses.values()) == {PASS}


@pytest.mark.parametrize("template", sorted(p.name for p in (REPO / "skills/flyio/examples").iterdir() if p.is_dir()))
def test_skill_templates_fail_no_control(template: str, in_tmp: Path) -> None:
    copy_tree(REPO / "skills/flyio/examples" / template, in_tmp)
    report = report_for(list(FRAMEWORKS))
    assert not report.failed, [(r.control.id, [e.location + " " + e.code for e in r.findings])
                               for r in report.controls if r.status == FAIL]
    assert not report.evidence_hidden


def test_sample_app_fails_exactly_the_controls_whose_applicable_rules_fire(in_tmp: Path) -> None:
    """Independently of the report: lint the sample with every mapped rule and derive the
    controls that must fail from the findings' rule metadata (and the controls' file scopes)."""
    from flylint.linter.engine import Linter

    copy_tree(REPO / "examples" / "sample-app", in_tmp)
    rules = load_all()
    mapped = sorted(code for code, meta in rules.items() if meta.controls)
    result = Linter(Settings(select=mapped)).lint_paths(["."])
    kind_of = {pf.source.display_path: pf.kind for pf in result.files if pf.source is not None}
    catalogue = all_controls()
    expected = {cid for f in result.findings for cid in rules[f.code].controls
                if not catalogue[cid].kinds or kind_of[f.path] in catalogue[cid].kinds}
    assert expected, "the sample project is meant to fail controls"
    report = report_for(list(FRAMEWORKS))
    failing = {r.control.id for r in report.controls if r.status == FAIL}
    assert failing == expected
    # and no control passed over a rule that fired
    for r in report.controls:
        if r.status in (PASS, NOT_APPLICABLE):
            assert not any(cov.findings for cov in r.rules), r.control.id

    def evidence(cid: str) -> set[str]:
        return {f"{e.path}:{e.line} {e.code}" for e in control(report, cid).findings}

    s = status_of(report)
    assert s["SOC2-CC6.7"] == FAIL and "fly.toml:18 FLY001" in evidence("SOC2-CC6.7")
    assert {"Dockerfile:9 SEC001", "deploy.sh:3 SEC002", "fly.toml:13 SEC003", "deploy.sh:5 SH005"} <= evidence(
        "SOC2-CC6.1")
    assert {"Dockerfile:1 DKR001", ".github/workflows/deploy.yml:6 GHA006"} <= evidence("SOC2-CC6.3")
    assert {"Dockerfile:9 SEC001", "deploy.sh:4 SEC004", "fly.toml:14 SEC001"} <= evidence("PCI-DSS-8.6.2")
    assert evidence("CIS-4.1") == {"Dockerfile:1 DKR001"} and evidence("CIS-4.2") == {"Dockerfile:1 DKR002"}
    # S1 is about fly.toml and the Dockerfile: the token in deploy.sh is S2's evidence, not S1's
    assert {e.path for e in control(report, "REVIEW-S1").findings} == {"Dockerfile", "fly.toml"}
    assert "deploy.sh:4 SEC004" in evidence("REVIEW-S2")
    assert s["SOC2-CC6.6"] == PASS and s["CIS-4.9"] == PASS
    assert s["REVIEW-P1"] == NOT_APPLICABLE  # one stage that builds nothing
    assert s["CIS-4.4"] == s["PCI-DSS-6.5.1"] == MANUAL
    # the evidence carries the rule's message, severity and a 1-based position
    ev = next(e for e in control(report, "SOC2-CC6.7").findings if e.code == "FLY001")
    assert ev.severity == "warning" and ev.column == 3 and "force_https = false" in ev.message
    cov = {r.code: r for r in control(report, "SOC2-CC6.6").rules}
    assert cov["FLY100"].status == PASS and cov["FLY100"].applied == 1


def test_a_project_without_volumes_shows_backup_controls_as_not_applicable(in_tmp: Path) -> None:
    write_project(in_tmp, HARDENED)
    report = report_for(["hipaa", "gdpr", "soc2"])
    for cid in ("HIPAA-164.308(a)(7)(ii)(A)", "GDPR-32(1)(c)"):
        r = control(report, cid)
        assert r.status == NOT_APPLICABLE and "no volumes" in r.reason, (cid, r.status, r.reason)
        assert {cov.status for cov in r.rules} == {NOT_APPLICABLE}
    md = render(report, "markdown")
    assert "Data backup plan (Required): NOT APPLICABLE" in md
    assert r"Not applicable: no volumes (\[mounts\]) (fly.toml)." in md
    # with a volume on one Machine, FLY108 applies and fires; with two Machines it passes
    vol = '\n[mounts]\n  source = "data"\n  destination = "/data"\n'
    (in_tmp / "fly.toml").write_text(HARDENED["fly.toml"] + vol, encoding="utf-8")
    assert control(report_for("hipaa"), "HIPAA-164.308(a)(7)(ii)(A)").status == FAIL
    (in_tmp / "fly.toml").write_text(HARDENED["fly.toml"].replace("min_machines_running = 1",
                                                                  "min_machines_running = 2") + vol, encoding="utf-8")
    assert control(report_for("hipaa"), "HIPAA-164.308(a)(7)(ii)(A)").status == PASS


def test_a_database_without_a_public_service_has_no_transmission_pass(in_tmp: Path) -> None:
    write_project(in_tmp, DATABASE)
    report = report_for(["hipaa", "review", "pci-dss"])
    for cid in ("HIPAA-164.312(e)(1)", "REVIEW-S3", "PCI-DSS-4.2.1"):
        r = control(report, cid)
        assert r.status == NOT_APPLICABLE and "no public HTTP service" in r.reason, (cid, r.status, r.reason)


def test_a_suppressed_root_container_is_excepted_with_its_reason(in_tmp: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, DATABASE)
    report = report_for(["cis-docker", "review"])
    cis41 = control(report, "CIS-4.1")
    assert cis41.status == EXCEPTED and not cis41.findings
    [ex] = cis41.exceptions
    assert (ex.code, ex.path, ex.line) == ("DKR001", "Dockerfile", 2)
    assert ex.waiver is not None and ex.waiver.kind == "inline" and ex.waiver.line == 1
    assert ex.waiver.reason == "start.sh runs postgres through gosu as the postgres user"
    assert control(report, "REVIEW-B1").status == EXCEPTED
    assert report.summary()["exceptions"] == 1
    reason = "start.sh runs postgres through gosu as the postgres user"
    for fmt in ("markdown", "html", "json"):
        text = render(report, fmt)
        assert reason in text, fmt
        assert "assessed controls pass" not in text, fmt
    md = render(report, "markdown")
    assert "4.1 A user for the container has been created: EXCEPTED" in md
    assert "No control fails, but" in md and "pass only by exception" in md
    data = json.loads(render(report, "json"))
    cis = next(fw for fw in data["frameworks"] if fw["id"] == "cis-docker")
    c41 = next(c for c in cis["controls"] if c["id"] == "CIS-4.1")
    assert c41["status"] == "excepted" and c41["exceptions"][0]["waiver"] == {
        "kind": "inline", "reason": reason, "line": 1}
    # exceptions do not fail the run
    assert run(["report", "--framework", "cis-docker"], capsys)[0] == 0


def test_a_baselined_finding_is_excepted(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fly = HARDENED["fly.toml"].replace("force_https = true", "force_https = false")
    write_project(in_tmp, {**HARDENED, "fly.toml": fly})
    assert run(["check", "--select", "FLY001", "--write-baseline", "baseline.json"], capsys)[0] in (0, 1)
    (in_tmp / "flylint.toml").write_text('baseline = "baseline.json"\n', encoding="utf-8")
    report = report_for("review", settings=load_settings(["."], None, False))
    s3 = control(report, "REVIEW-S3")
    assert s3.status == EXCEPTED and [e.code for e in s3.exceptions] == ["FLY001"]
    assert s3.exceptions[0].waiver is not None and s3.exceptions[0].waiver.text == \
        "accepted by the baseline baseline.json"
    assert any("accepted by the baseline" in n for n in report.notes)


def test_an_unparsable_fly_toml_leaves_its_controls_not_assessed(in_tmp: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {**HARDENED, "fly.toml": 'app = "x"\n[http_service\n  internal_port = 8080\n'})
    report = report_for(list(FRAMEWORKS))
    assert report.evidence_hidden and [e.path for e in report.unparsed] == ["fly.toml"]
    for cid in ("HIPAA-164.312(e)(1)", "REVIEW-S3", "REVIEW-S4", "CIS-4.6", "GDPR-32(1)(c)"):
        r = control(report, cid)
        assert r.status == NOT_ASSESSED, (cid, r.status)
        assert r.hidden == ["fly.toml"] and "fly.toml: could not be parsed (FLY000)" in r.reason
    # the Dockerfile still parsed, so its controls are assessed
    assert control(report, "CIS-4.1").status == PASS
    for fmt in RENDERERS:
        assert "controls pass" not in render(report, fmt).replace("No control", ""), fmt
    code, out, err = run(["report", "--framework", "hipaa"], capsys)
    assert code == 1  # nothing fails in HIPAA, but evidence is hidden
    assert "could not be parsed" in out and "not assessed" in err
    assert run(["report", "--framework", "hipaa", "--exit-zero"], capsys)[0] == 0


def test_all_pass_is_never_claimed_while_a_control_is_excepted_or_unassessed() -> None:
    from itertools import product

    from flylint.report.common import headline

    c = FRAMEWORKS["review"].controls[0]
    for combo in product(STATUSES, repeat=3):
        text = headline(ControlResult(c, s) for s in combo)
        claims_all = text.startswith("All ")
        assert claims_all == (PASS in combo and set(combo) <= {PASS, NOT_APPLICABLE, MANUAL}), (combo, text)


def test_controls_without_relevant_files_are_not_assessed(in_tmp: Path) -> None:
    write_project(in_tmp, {"fly.toml": HARDENED["fly.toml"]})
    report = report_for(["soc2", "cis-docker"])
    cc63 = control(report, "SOC2-CC6.3")  # container user and workflow permissions
    assert cc63.status == NOT_ASSESSED and not cc63.hidden
    assert cc63.missing_kinds == ["dockerfile", "workflow"]
    assert cc63.reason == "no Dockerfile or GitHub workflow found under the scanned paths"
    assert control(report, "SOC2-CC6.7").status == PASS  # FLY001/FLY101 applied to the fly.toml
    assert control(report, "CIS-4.1").status == NOT_ASSESSED
    assert control(report, "CIS-4.6").status == PASS
    assert not report.evidence_hidden  # missing files hide nothing: the run exits on findings only

    (in_tmp / "fly.toml").unlink()
    write_project(in_tmp, {"Dockerfile": HARDENED["Dockerfile"], ".dockerignore": HARDENED[".dockerignore"]})
    cis = report_for("cis-docker")
    assert control(cis, "CIS-4.6").status == NOT_ASSESSED
    assert control(cis, "CIS-4.6").missing_kinds == ["fly_toml"]
    assert control(cis, "CIS-4.1").status == PASS
    md = render(cis, "markdown")
    assert "### 4.6 HEALTHCHECK instructions have been added to container images: NOT ASSESSED" in md
    assert "Not assessed: no fly.toml found under the scanned paths." in md


def test_empty_directory_assesses_nothing_and_says_so(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / "README.md").write_text("nothing to see\n", encoding="utf-8")
    report = report_for("soc2")
    assert report.counts[PASS] == report.counts[FAIL] == 0
    assert report.counts[NOT_ASSESSED] == sum(1 for c in report.framework.controls if c.kind == AUTOMATED)
    assert any("No fly.toml" in n for n in report.notes)
    code, out, _ = run(["report", "--framework", "soc2"], capsys)
    assert code == 0 and "could not be assessed" in out and "assessed controls pass" not in out


def test_configuration_does_not_hide_findings_from_the_report(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fly = HARDENED["fly.toml"].replace("force_https = true", "force_https = false")
    write_project(in_tmp, {**HARDENED, "fly.toml": fly,
                           "flylint.toml": 'ignore = ["FLY001"]\n[per-file-ignores]\n"Dockerfile" = ["DKR002"]\n'})
    assert run(["check", "."], capsys)[0] == 0  # check honours the configuration
    code, out, _ = run(["report", "--framework", "soc2", "--format", "json"], capsys)
    assert code == 1
    data = json.loads(out)
    cc67 = next(c for c in data["frameworks"][0]["controls"] if c["id"] == "SOC2-CC6.7")
    assert cc67["status"] == "fail"
    assert [(f["code"], f["ignored_by_config"]) for f in cc67["findings"]] == [("FLY001", True)]
    assert data["target"]["config"] == "flylint.toml"
    assert any("turns off 1 mapped rule(s) (FLY001)" in n for n in data["notes"])
    assert any("per-file-ignores" in n for n in data["notes"])
    md = run(["report", "--framework", "soc2"], capsys)[1]
    assert "*(ignored by config)*" in md
    data = json.loads(run(["report", "--framework", "soc2", "--format", "json", "--no-config"], capsys)[1])
    cc67 = next(c for c in data["frameworks"][0]["controls"] if c["id"] == "SOC2-CC6.7")
    assert [(f["code"], f["ignored_by_config"]) for f in cc67["findings"]] == [("FLY001", False)]
    assert data["target"]["config"] is None


def test_opt_in_mapped_rules_are_run(in_tmp: Path) -> None:
    wf = HARDENED[".github/workflows/deploy.yml"].replace("concurrency: deploy-group\n", "")
    write_project(in_tmp, {**HARDENED, ".github/workflows/deploy.yml": wf})
    report = report_for("soc2")
    cc81 = control(report, "SOC2-CC8.1")
    assert cc81.status == FAIL and [e.code for e in cc81.findings] == ["GHA008"]
    assert not cc81.findings[0].ignored_by_config  # off by default is not "ignored by config"
    assert any("off by default" in n and "GHA008" in n for n in report.notes)


def test_no_deploy_script_fails_the_review_item(in_tmp: Path) -> None:
    files = {k: v for k, v in HARDENED.items() if k not in ("deploy.sh", ".github/workflows/deploy.yml")}
    write_project(in_tmp, files)
    b4 = control(report_for("review"), "REVIEW-B4")
    assert b4.status == FAIL and [e.code for e in b4.findings] == ["SH008"]


def test_a_crashing_rule_leaves_its_controls_not_assessed(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(in_tmp, {"fly.toml": HARDENED["fly.toml"]})
    rules = load_all()

    def boom(model, ctx):
        raise RuntimeError("secret-looking detail sk_live_should_not_show")

    for code in ("FLY001", "FLY101"):
        monkeypatch.setattr(rules[code], "func", boom)
    report = report_for("gdpr")
    c = control(report, "GDPR-32(1)(a)")  # FLY001 + FLY101, both crashed
    assert c.status == NOT_ASSESSED and not c.findings and report.evidence_hidden
    assert "rule FLY001 crashed" in c.reason
    assert sum("internal error" in n for n in report.notes) == 2
    assert "sk_live" not in render(report, "json")


def test_git_commit_is_read_without_git(tmp_path: Path) -> None:
    from flylint.report.build import git_commit

    sha = "0123456789abcdef0123456789abcdef01234567"
    (tmp_path / ".git" / "refs" / "heads").mkdir(parents=True)
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (tmp_path / "app").mkdir()
    assert git_commit(str(tmp_path / "app")) is None  # unborn branch
    (tmp_path / ".git" / "packed-refs").write_text(f"# pack-refs\n{sha} refs/heads/main\n", encoding="utf-8")
    assert git_commit(str(tmp_path / "app")) == sha
    other = "f" * 40
    (tmp_path / ".git" / "refs" / "heads" / "main").write_text(other + "\n", encoding="utf-8")
    assert git_commit(str(tmp_path / "app")) == other
    (tmp_path / ".git" / "HEAD").write_text(sha + "\n", encoding="utf-8")  # detached
    assert git_commit(str(tmp_path)) == sha


# -- formats -------------------------------------------------------------------------------

VOID = {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "wbr", "source", "track", "embed"}


class StrictParser(HTMLParser):
    """Fails on unbalanced tags; records tags, text and attributes for the checks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.doctype = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl.lower() == "doctype html"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id":
                self.ids.append(value or "")
            if name in ("href", "src"):
                self.hrefs.append(value or "")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def hostile_project(root: Path) -> None:
    """A project whose path and rule messages carry markup."""
    fly = HARDENED["fly.toml"].replace('primary_region = "iad"\n',
                                       'primary_region = "iad"\n"<script>alert(1)</script>" = 1\n')
    write_project(root / "a<script>b&c", {**HARDENED, "fly.toml": fly})


def parse_html(text: str) -> StrictParser:
    p = StrictParser()
    p.feed(text)
    p.close()
    assert not p.stack, f"unclosed tags: {p.stack}"
    return p


def test_html_is_well_formed_self_contained_and_escaped(in_tmp: Path) -> None:
    hostile_project(in_tmp)
    report = report_for(list(FRAMEWORKS))
    cc81 = control(report, "SOC2-CC8.1")
    assert any("<script>" in e.message for e in cc81.findings)  # the message quotes the key
    html = render(report, "html")
    p = parse_html(html)
    assert p.doctype and p.tags[0] == "html"
    assert "script" not in p.tags and "link" not in p.tags and "img" not in p.tags
    assert all(h.startswith("#") for h in p.hrefs), p.hrefs  # in-page links only, no external assets
    assert len(p.ids) == len(set(p.ids))
    assert {h[1:] for h in p.hrefs} <= set(p.ids)
    text = "".join(p.text)
    assert "unknown key <script>alert(1)</script>" in text  # shown literally, as text
    assert "a<script>b&c/fly.toml:3:1" in text
    assert "&lt;script&gt;" in html and "a&lt;script&gt;b&amp;c/fly.toml:3:1" in html
    assert "<title>Deployment review and compliance checklists</title>" in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "@media print" in html and "break-inside: avoid" in html


def test_html_chart_and_summary_show_each_framework(in_tmp: Path) -> None:
    copy_tree(REPO / "examples" / "sample-app", in_tmp)
    report = report_for(list(FRAMEWORKS))
    html = render(report, "html")
    p = parse_html(html)
    assert p.tags.count("svg") == 1
    svg = html[html.index("<svg"): html.index("</svg>")]
    # one bar per framework, its segments' sizes proportional to the counts, legend for every status
    for fr in report.frameworks:
        counts = fr.counts
        assert f'href="#fw-{fr.framework.key}"' in svg
        for status, n in counts.items():
            if n:
                assert f"{fr.framework.name}: {n} {status.replace('_', ' ')}</title>" in svg
        widths = [float(w) for w in re.findall(
            rf'width="([\d.]+)" height="22" fill="[^"]+" stroke="#ffffff" stroke-width="1"><title>'
            rf"{re.escape(fr.framework.name)}:", svg)]
        assert abs(sum(widths) - 470) < 1  # the bars span the full width: every control counted once
    for word in ("pass", "fail", "excepted", "not assessed", "not applicable", "manual"):
        assert f">{word}</text>" in svg
    # the summary table links every framework to its section
    assert [i for i in p.ids if i.startswith("fw-") and "-" not in i[3:].replace("cis-docker", "x")
            .replace("pci-dss", "x")] == [f"fw-{k}" for k in FRAMEWORKS]


def _outside_code_spans(md: str) -> str:
    return re.sub(r"(`+)(.+?)\1", "", md)


def test_markdown_escapes_markup(in_tmp: Path) -> None:
    hostile_project(in_tmp)
    md = render(report_for("soc2"), "markdown")
    assert "`a<script>b&c/fly.toml:3:1`" in md
    assert "<script" not in _outside_code_spans(md)
    from flylint.report.markdown import code, esc, message

    assert esc("<b>*x*</b> | [y](z) _w_") == r"&lt;b&gt;\*x\*&lt;/b&gt; \| \[y\](z) \_w\_"
    assert code("a`b") == "``a`b``" and code("`x") == "`` `x ``"
    assert message("run `a|b` then <c>") == r"run `a|b` then &lt;c&gt;"
    assert message("odd ` tick <x>") == r"odd \` tick &lt;x&gt;"


def _tables_are_rectangular(md: str) -> None:
    for block in re.findall(r"(?:^\|.*\|\n)+", md, flags=re.MULTILINE):
        rows = [re.split(r"(?<!\\)\|", r)[1:-1] for r in block.strip().splitlines()]
        assert len({len(r) for r in rows}) == 1, block


def test_markdown_structure(in_tmp: Path) -> None:
    copy_tree(REPO / "examples" / "sample-app", in_tmp)
    md = render(report_for("pci-dss"), "markdown")
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings[0] == "# PCI DSS configuration checklist"
    assert [h for h in headings if h.startswith("## ")] == [
        "## Summary", "## Controls", "## Evidence", "## Manual checks"]
    assert "Generated by flylint" in md and "2026-01-02T03:04:05Z" in md
    assert "| Framework | PCI DSS v4.0.1 |" in md
    assert "> **Not an audit.**" in md
    assert "| 8.6.2 | No hard-coded passwords for application and system accounts | Req. 8 Identification and " \
           "authentication | direct | **FAIL** |" in md
    assert "### 8.6.2 No hard-coded passwords for application and system accounts: FAIL" in md
    assert "- `Dockerfile:9:23` SEC001 (error): Stripe secret key hardcoded" in md
    assert "- [ ] **10.5.1 Audit log history is kept for at least 12 months**" in md
    _tables_are_rectangular(md)

    # all frameworks: review first, one section each with an anchor, subsections one level down
    md = render(report_for(list(FRAMEWORKS)), "markdown")
    assert md.startswith("# Deployment review and compliance checklists\n")
    sections = [h for h in md.splitlines() if h.startswith("## ")]
    assert sections[1].startswith('## <a id="fw-review"></a>Deployment review')
    assert [s.split("</a>")[0] for s in sections if "<a id" in s] == [
        f'## <a id="fw-{k}">' for k in FRAMEWORKS]
    assert "### Evidence" in md and "#### S3 HTTPS is enforced: FAIL" in md
    assert "| [Deployment review](#fw-review) |" in md
    _tables_are_rectangular(md)


EXPECTED_KEYS = {
    "": ["schema", "schema_version", "tool", "generated_at", "target", "summary", "frameworks", "unparsed",
         "notes", "disclaimer"],
    "tool": ["name", "version"],
    "target": ["paths", "git_commit", "config", "files"],
    "target.files": ["fly_toml", "dockerfile", "dockerignore", "shell", "workflow"],
    "summary": ["controls", "pass", "fail", "excepted", "not_assessed", "not_applicable", "manual", "findings",
                "exceptions", "evidence_hidden"],
    "framework": ["id", "name", "version", "source", "scope", "summary", "controls"],
    "framework.summary": ["controls", "pass", "fail", "excepted", "not_assessed", "not_applicable", "manual",
                          "findings", "exceptions"],
    "control": ["id", "ref", "title", "section", "type", "mapping", "rationale", "file_kinds", "status", "reason",
                "guidance", "severity", "rules", "missing_file_kinds", "hidden_by", "findings", "exceptions"],
    "rule": ["code", "name", "summary", "status", "file_kinds", "files_applied", "not_applicable", "not_assessed",
             "findings", "exceptions"],
    "finding": ["code", "name", "severity", "message", "path", "line", "column", "ignored_by_config"],
}


def test_json_schema_is_stable(in_tmp: Path) -> None:
    copy_tree(REPO / "examples" / "sample-app", in_tmp)
    data = json.loads(render(report_for(list(FRAMEWORKS)), "json"))
    assert list(data) == EXPECTED_KEYS[""]
    assert data["schema"] == "flylint-compliance-report" and data["schema_version"] == 2
    for key in ("tool", "target", "summary"):
        assert list(data[key]) == EXPECTED_KEYS[key], key
    assert list(data["target"]["files"]) == EXPECTED_KEYS["target.files"]
    assert [fw["id"] for fw in data["frameworks"]] == list(FRAMEWORKS)
    for fw in data["frameworks"]:
        assert list(fw) == EXPECTED_KEYS["framework"]
        assert list(fw["summary"]) == EXPECTED_KEYS["framework.summary"]
        for c in fw["controls"]:
            assert list(c) == EXPECTED_KEYS["control"]
            for r in c["rules"]:
                assert list(r) == EXPECTED_KEYS["rule"]
            for f in c["findings"]:
                assert list(f) == EXPECTED_KEYS["finding"]
            for f in c["exceptions"]:
                assert list(f) == [*EXPECTED_KEYS["finding"], "waiver"]
    assert data["generated_at"] == "2026-01-02T03:04:05Z"
    assert data["summary"]["fail"] > 0 and data["summary"]["evidence_hidden"] is False
    soc2 = next(fw for fw in data["frameworks"] if fw["id"] == "soc2")
    cc67 = next(c for c in soc2["controls"] if c["id"] == "SOC2-CC6.7")
    assert cc67["findings"][0] == {
        "code": "FLY001", "name": "https-not-forced", "severity": "warning",
        "message": cc67["findings"][0]["message"], "path": "fly.toml", "line": 18, "column": 3,
        "ignored_by_config": False}
    assert cc67["severity"] == "warning" and cc67["mapping"] == "partial" and cc67["type"] == "automated"
    assert cc67["rationale"]


def test_json_validates_against_the_shipped_schema(in_tmp: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((REPO / "src/flylint/data/compliance-report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema_version"] == {"const": 2}
    copy_tree(REPO / "examples" / "sample-app", in_tmp / "sample")
    write_project(in_tmp / "hardened", HARDENED)
    write_project(in_tmp / "db", DATABASE)  # excepted and not applicable
    write_project(in_tmp / "broken", {"fly.toml": "app = [\n"})  # not assessed, unparsed
    seen: set[str] = set()
    for paths in (["sample"], ["hardened"], ["db"], ["broken"], ["sample", "hardened", "db"]):
        data = json.loads(render(report_for(list(FRAMEWORKS), paths), "json"))
        jsonschema.validate(data, schema)
        seen |= {c["status"] for fw in data["frameworks"] for c in fw["controls"]}
    assert seen == set(STATUSES)  # every state was validated at least once
    bad = json.loads(render(report_for("soc2", ["sample"]), "json"))
    bad["frameworks"][0]["controls"][0]["status"] = "not_evaluated"  # the version 1 state is gone
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_no_secret_value_in_any_report_format(in_tmp: Path) -> None:
    from test_secret_redaction import SECRET_VALUES, _tree

    _tree(in_tmp)
    # a suppression whose reason quotes a secret: reasons are shown, so they are redacted too
    write_project(in_tmp / "waived", {"Dockerfile": (
        "FROM node:22.11.0-bookworm-slim\n"
        "# flylint: ignore[SEC001] old key sk_live_51HxQ2vKp9sT4dY7wZ3mN8bR was rotated\n"
        "ENV STRIPE_SECRET_KEY=sk_live_51HxQ2vKp9sT4dY7wZ3mN8bR\nUSER node\n")})
    report = report_for(list(FRAMEWORKS))
    assert any(e.waiver and "was rotated" in e.waiver.reason for r in report.controls for e in r.exceptions)
    for fmt in RENDERERS:
        text = render(report, fmt)
        for value in SECRET_VALUES:
            assert value not in text, f"{fmt} leaks {value[:4]}…"
            for i in range(max(1, len(value) - 9)):
                fragment = value[i : i + 10]
                if re.fullmatch(r"[A-Za-z0-9]{10}", fragment) and fragment in text:
                    pytest.fail(f"{fmt} leaks a 10-character fragment of a secret")
    # the secrets were found, so the check above looked at real evidence, in the review too
    assert control(report, "PCI-DSS-8.6.2").findings and control(report, "REVIEW-S1").findings
    assert control(report, "REVIEW-S2").findings


# -- the command ---------------------------------------------------------------------------


def test_cli_exit_codes_and_usage_errors(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp / "good", HARDENED)
    copy_tree(REPO / "examples" / "sample-app", in_tmp / "bad")
    assert run(["report", "--framework", "soc2", "good"], capsys)[0] == 0
    assert run(["report", "--framework", "soc2", "bad"], capsys)[0] == 1
    assert run(["report", "--framework", "soc2", "--exit-zero", "bad"], capsys)[0] == 0
    code, out, err = run(["report", "--framework", "iso27001", "good"], capsys)
    assert code == 2 and not out
    assert "unknown framework 'iso27001'; choose one of: review, soc2, gdpr, hipaa, pci-dss, cis-docker" in err
    assert run(["report", "--framework", "soc2", "missing-dir"], capsys)[0] == 2
    assert run(["report", "--framework", "soc2", "--format", "docx", "good"], capsys)[0] == 2
    (in_tmp / "bad.toml").write_text("nope = 1\n", encoding="utf-8")
    code, _, err = run(["report", "--framework", "soc2", "--config", "bad.toml", "good"], capsys)
    assert code == 2 and "unknown configuration key" in err
    assert "Traceback" not in err


def test_cli_writes_every_framework_by_default_review_first(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, HARDENED)
    code, out, _ = run(["report", "--format", "json"], capsys)
    assert code == 0
    assert [fw["id"] for fw in json.loads(out)["frameworks"]] == list(FRAMEWORKS)
    data = json.loads(run(["report", "--framework", "gdpr,review", "--framework", "gdpr", "--format", "json"],
                          capsys)[1])
    assert [fw["id"] for fw in data["frameworks"]] == ["gdpr", "review"]
    assert len(json.loads(run(["report", "--framework", "all", "--format", "json"], capsys)[1])["frameworks"]) == \
        len(FRAMEWORKS)


def test_cli_output_file_and_format_from_extension(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_tree(REPO / "examples" / "sample-app", in_tmp)
    code, out, err = run(["report", "--framework", "cis-docker", "-o", "cis.html"], capsys)
    assert code == 1 and out == ""
    assert "Wrote the CIS Docker Benchmark checklist to cis.html: " in err
    parse_html((in_tmp / "cis.html").read_text(encoding="utf-8"))
    run(["report", "--framework", "gdpr", "-o", "gdpr.json"], capsys)
    assert json.loads((in_tmp / "gdpr.json").read_text(encoding="utf-8"))["frameworks"][0]["id"] == "gdpr"
    run(["report", "--framework", "hipaa", "-o", "hipaa.txt"], capsys)  # unknown extension: markdown
    assert (in_tmp / "hipaa.txt").read_text(encoding="utf-8").startswith("# HIPAA Security Rule")
    run(["report", "--framework", "hipaa", "--format", "json", "-o", "x.md"], capsys)  # --format wins
    assert json.loads((in_tmp / "x.md").read_text(encoding="utf-8"))["frameworks"][0]["id"] == "hipaa"
    code, out, _ = run(["report", "--framework", "soc2", "--format", "markdown"], capsys)
    assert out.startswith("# SOC 2 configuration checklist\n")
    # never through a symbolic link
    (in_tmp / "target.md").write_text("keep\n", encoding="utf-8")
    (in_tmp / "link.md").symlink_to(in_tmp / "target.md")
    code, _, err = run(["report", "--framework", "soc2", "-o", "link.md"], capsys)
    assert code == 2 and "symbolic link" in err
    assert (in_tmp / "target.md").read_text(encoding="utf-8") == "keep\n"


def test_pdf_is_refused_without_a_browser(in_tmp: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(in_tmp, HARDENED)
    monkeypatch.setenv("PATH", str(in_tmp / "no-bin"))
    monkeypatch.delenv("FLYLINT_CHROMIUM", raising=False)
    code, out, err = run(["report", "-o", "report.pdf"], capsys)
    assert code == 2 and not out
    assert "cannot write report.pdf: PDF output needs Chromium or Chrome" in err
    assert not (in_tmp / "report.pdf").exists()
    # a .pdf name with another format, or PDF to stdout, is refused too: never Markdown in a .pdf
    code, _, err = run(["report", "--format", "markdown", "-o", "report.pdf"], capsys)
    assert code == 2 and "ends in .pdf" in err and not (in_tmp / "report.pdf").exists()
    code, _, err = run(["report", "--format", "pdf"], capsys)
    assert code == 2 and "--format pdf needs -o FILE" in err


def test_pdf_is_a_real_pdf_when_chromium_is_installed(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from flylint.report.pdf import find_browser

    if find_browser() is None:
        pytest.skip("no Chromium or Chrome on PATH (apt-get install chromium)")
    write_project(in_tmp, HARDENED)
    code, _, err = run(["report", "--framework", "review", "-o", "review.pdf"], capsys)
    assert code == 0, err
    data = (in_tmp / "review.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


def test_source_date_epoch_fixes_the_timestamp(in_tmp: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(in_tmp, HARDENED)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = run(["report", "--framework", "soc2", "--format", "json"], capsys)[1]
    assert json.loads(first)["generated_at"] == "2026-01-01T00:00:00Z"
    assert run(["report", "--framework", "soc2", "--format", "json"], capsys)[1] == first  # reproducible
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    stamp = json.loads(run(["report", "--framework", "soc2", "--format", "json"], capsys)[1])["generated_at"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp)


def test_report_is_listed_and_stays_off_the_start_up_path() -> None:
    from flylint.cli.options import LAZY_COMMANDS

    assert LAZY_COMMANDS["report"] == "flylint.report.cli:report_command"
    code = ("import sys, flylint.cli.main as c\n"
            "c.main(['check', '--help'])\n"
            "print(sorted(m for m in sys.modules if m.startswith('flylint.report')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(REPO / "src")}).stdout
    assert out.strip().splitlines()[-1] == "[]"


# -- docs ----------------------------------------------------------------------------------

BEGIN = "<!-- BEGIN mapping (generated from the catalogue and rule metadata; see tests/test_report.py) -->"
END = "<!-- END mapping -->"


def test_docs_mapping_table_is_in_sync() -> None:
    """docs/compliance.md embeds the mapping; FLYLINT_UPDATE_DOCS=1 pytest ... rewrites it."""
    from flylint.report.controls import mapping_table

    doc_path = REPO / "docs" / "compliance.md"
    doc = doc_path.read_text(encoding="utf-8")
    assert BEGIN in doc and END in doc
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    expected = f"{head}{BEGIN}\n\n{mapping_table(load_all())}\n{END}{tail}"
    if os.environ.get("FLYLINT_UPDATE_DOCS"):
        doc_path.write_text(expected, encoding="utf-8")
        doc = expected
    assert doc == expected, "docs/compliance.md mapping is out of date (FLYLINT_UPDATE_DOCS=1 to rewrite)"


def test_readme_shows_the_report() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "## Compliance reports" in readme
    assert readme.index("## Compliance reports") < readme.index("## Development")
    assert "flylint report" in readme and "docs/compliance.md" in readme
    m = re.search(r"!\[[^\]]+\]\((docs/img/[\w.-]+\.png)\)", readme)
    assert m, "README shows the rendered HTML report"
    png = (REPO / m.group(1)).read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) < 400_000
