"""`flylint report`: the controls catalogue, control statuses, the three formats, the CLI."""

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
from flylint.linter.config import Settings
from flylint.linter.registry import load_all
from flylint.report import RENDERERS, render
from flylint.report.build import FAIL, NOT_EVALUATED, PASS, Report, build_report
from flylint.report.controls import (
    AUTOMATED,
    DIRECT,
    FRAMEWORKS,
    MANUAL,
    SUPPORTING,
    all_controls,
    framework_of,
    get_framework,
    rules_for,
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


def report_for(framework: str, paths: list[str] | None = None, settings: Settings | None = None) -> Report:
    fw = get_framework(framework)
    assert fw is not None
    return build_report(fw, paths or ["."], settings or Settings(), now=FIXED_TIME)


def status_of(report: Report) -> dict[str, str]:
    return {r.control.id: r.status for r in report.controls}


def control(report: Report, cid: str):
    return next(r for r in report.controls if r.control.id == cid)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("framework", sorted(FRAMEWORKS))
def test_hardened_project_passes_every_evaluated_control(framework: str, in_tmp: Path) -> None:
    write_project(in_tmp, HARDENED)
    report = report_for(framework)
    statuses = status_of(report)
    failing = {cid: [e.location + " " + e.code for e in control(report, cid).findings]
               for cid, s in statuses.items() if s == FAIL}
    assert not failing
    # every file kind is present, so every automated control was evaluated
    assert NOT_EVALUATED not in statuses.values()
    assert report.counts[PASS] == sum(1 for c in report.framework.controls if c.kind == AUTOMATED)
    assert report.files == {"fly_toml": 1, "dockerfile": 1, "dockerignore": 1, "shell": 1, "workflow": 1}
    assert not report.failed


@pytest.mark.parametrize("template", sorted(p.name for p in (REPO / "skills/flyio/examples").iterdir() if p.is_dir()))
def test_skill_templates_fail_no_control(template: str, in_tmp: Path) -> None:
    copy_tree(REPO / "skills/flyio/examples" / template, in_tmp)
    for framework in FRAMEWORKS:
        report = report_for(framework)
        assert not report.failed, [(r.control.id, [e.location + " " + e.code for e in r.findings])
                                   for r in report.controls if r.status == FAIL]


def test_sample_app_fails_the_right_controls_with_evidence(in_tmp: Path) -> None:
    copy_tree(REPO / "examples" / "sample-app", in_tmp)

    def evidence(report: Report, cid: str) -> set[str]:
        return {f"{e.path}:{e.line} {e.code}" for e in control(report, cid).findings}

    soc2 = report_for("soc2")
    s = status_of(soc2)
    assert s["SOC2-CC6.7"] == FAIL and "fly.toml:18 FLY001" in evidence(soc2, "SOC2-CC6.7")
    assert s["SOC2-CC6.1"] == FAIL
    assert {"Dockerfile:9 SEC001", "deploy.sh:3 SEC002", "fly.toml:13 SEC003", "deploy.sh:5 SH005"} <= evidence(
        soc2, "SOC2-CC6.1")
    assert s["SOC2-CC6.3"] == FAIL and {"Dockerfile:1 DKR001", ".github/workflows/deploy.yml:6 GHA006"} <= evidence(
        soc2, "SOC2-CC6.3")
    assert s["SOC2-CC8.1"] == FAIL and "deploy.sh:3 SH001" in evidence(soc2, "SOC2-CC8.1")
    assert s["SOC2-CC6.6"] == PASS  # no private port is public, no sshd
    assert s["SOC2-CC9.2"] == "manual"

    pci = report_for("pci-dss")
    s = status_of(pci)
    assert s["PCI-DSS-8.6.2"] == FAIL
    assert {"Dockerfile:9 SEC001", "deploy.sh:4 SEC004", "fly.toml:14 SEC001"} <= evidence(pci, "PCI-DSS-8.6.2")
    assert s["PCI-DSS-6.5.1"] == FAIL and evidence(pci, "PCI-DSS-6.5.1") == {"deploy.sh:3 SH001"}
    assert s["PCI-DSS-2.2.4"] == PASS

    cis = report_for("cis-docker")
    s = status_of(cis)
    assert s["CIS-4.1"] == FAIL and evidence(cis, "CIS-4.1") == {"Dockerfile:1 DKR001"}
    assert s["CIS-4.2"] == FAIL and evidence(cis, "CIS-4.2") == {"Dockerfile:1 DKR002"}
    assert s["CIS-4.9"] == PASS and s["CIS-4.6"] == PASS
    assert s["CIS-4.4"] == "manual"

    hipaa = report_for("hipaa")
    assert status_of(hipaa)["HIPAA-164.312(e)(1)"] == FAIL
    gdpr = report_for("gdpr")
    assert status_of(gdpr)["GDPR-32(1)(a)"] == FAIL and status_of(gdpr)["GDPR-32(1)(c)"] == PASS

    # the evidence carries the rule's message, severity and a 1-based position
    ev = next(e for e in control(soc2, "SOC2-CC6.7").findings if e.code == "FLY001")
    assert ev.severity == "warning" and ev.column == 3 and "force_https = false" in ev.message
    # a rule that ran and passed is listed as such, with the files it read
    cov = {r.code: r for r in control(soc2, "SOC2-CC6.6").rules}
    assert cov["FLY100"].status == PASS and cov["FLY100"].files == 1


def test_controls_without_relevant_files_are_not_evaluated(in_tmp: Path) -> None:
    write_project(in_tmp, {"fly.toml": HARDENED["fly.toml"]})
    soc2 = report_for("soc2")
    cc63 = control(soc2, "SOC2-CC6.3")  # container user and workflow permissions
    assert cc63.status == NOT_EVALUATED
    assert cc63.missing_kinds == ["dockerfile", "workflow"]
    assert all(r.status == NOT_EVALUATED and r.files == 0 for r in cc63.rules)
    assert control(soc2, "SOC2-CC6.7").status == PASS  # FLY001/FLY101 read the fly.toml
    cis = report_for("cis-docker")
    assert control(cis, "CIS-4.1").status == NOT_EVALUATED
    assert control(cis, "CIS-4.6").status == PASS

    # and the other way round: a Dockerfile alone says nothing about fly.toml health checks
    (in_tmp / "fly.toml").unlink()
    write_project(in_tmp, {"Dockerfile": HARDENED["Dockerfile"], ".dockerignore": HARDENED[".dockerignore"]})
    cis = report_for("cis-docker")
    assert control(cis, "CIS-4.6").status == NOT_EVALUATED
    assert control(cis, "CIS-4.6").missing_kinds == ["fly_toml"]
    assert control(cis, "CIS-4.1").status == PASS
    md = render(cis, "markdown")
    assert "### 4.6 Health checks are defined: NOT EVALUATED" in md
    assert "Not evaluated: no fly.toml was found under the scanned paths." in md


def test_empty_directory_evaluates_nothing_and_says_so(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / "README.md").write_text("nothing to see\n", encoding="utf-8")
    report = report_for("soc2")
    assert report.counts[PASS] == report.counts[FAIL] == 0
    assert report.counts[NOT_EVALUATED] == sum(1 for c in report.framework.controls if c.kind == AUTOMATED)
    assert any("No fly.toml" in n for n in report.notes)
    code, out, _ = run(["report", "--framework", "soc2"], capsys)
    assert code == 0 and "No control could be evaluated" in out


def test_configuration_does_not_hide_findings_from_the_report(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fly = HARDENED["fly.toml"].replace("force_https = true", "force_https = false")
    write_project(in_tmp, {**HARDENED, "fly.toml": fly,
                           "flylint.toml": 'ignore = ["FLY001"]\n[per-file-ignores]\n"Dockerfile" = ["DKR002"]\n'})
    assert run(["check", "."], capsys)[0] == 0  # check honours the configuration
    code, out, _ = run(["report", "--framework", "soc2", "--format", "json"], capsys)
    assert code == 1
    data = json.loads(out)
    cc67 = next(c for c in data["controls"] if c["id"] == "SOC2-CC6.7")
    assert cc67["status"] == "fail"
    assert [(f["code"], f["ignored_by_config"]) for f in cc67["findings"]] == [("FLY001", True)]
    assert data["target"]["config"] == "flylint.toml"
    assert any("turns off 1 mapped rule(s) (FLY001)" in n for n in data["notes"])
    assert any("per-file-ignores" in n for n in data["notes"])
    md = run(["report", "--framework", "soc2"], capsys)[1]
    assert "*(ignored by config)*" in md
    # --no-config: the same finding, not marked
    data = json.loads(run(["report", "--framework", "soc2", "--format", "json", "--no-config"], capsys)[1])
    cc67 = next(c for c in data["controls"] if c["id"] == "SOC2-CC6.7")
    assert [(f["code"], f["ignored_by_config"]) for f in cc67["findings"]] == [("FLY001", False)]
    assert data["target"]["config"] is None


def test_inline_suppressions_are_listed_as_exceptions(in_tmp: Path) -> None:
    fly = HARDENED["fly.toml"].replace(
        "  force_https = true\n",
        "  # flylint: ignore[FLY001] TLS ends at the load balancer in front of this app\n  force_https = false\n")
    write_project(in_tmp, {**HARDENED, "fly.toml": fly})
    report = report_for("soc2")
    cc67 = control(report, "SOC2-CC6.7")
    assert cc67.status == PASS and not cc67.findings
    assert [(e.code, e.path, e.line) for e in cc67.suppressed] == [("FLY001", "fly.toml", 7)]
    assert report.summary()["suppressed"] == 1
    assert any("suppressed by inline" in n for n in report.notes)
    for fmt in ("markdown", "html"):
        assert "Suppressed inline, not counted (1)" in render(report, fmt), fmt
    data = json.loads(render(report, "json"))
    cc67_json = next(c for c in data["controls"] if c["id"] == "SOC2-CC6.7")
    assert [(f["code"], f["line"], f["column"]) for f in cc67_json["suppressed"]] == [("FLY001", 7, 3)]
    assert data["summary"]["suppressed"] == 1


def test_opt_in_mapped_rules_are_evaluated(in_tmp: Path) -> None:
    wf = HARDENED[".github/workflows/deploy.yml"].replace("concurrency: deploy-group\n", "")
    write_project(in_tmp, {**HARDENED, ".github/workflows/deploy.yml": wf})
    report = report_for("soc2")
    cc81 = control(report, "SOC2-CC8.1")
    assert cc81.status == FAIL and [e.code for e in cc81.findings] == ["GHA008"]
    assert not cc81.findings[0].ignored_by_config  # off by default is not "ignored by config"
    assert any("off by default" in n and "GHA008" in n for n in report.notes)


def test_a_crashing_rule_counts_as_not_evaluated(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(in_tmp, {"fly.toml": HARDENED["fly.toml"]})
    rules = load_all()

    def boom(model, ctx):
        raise RuntimeError("secret-looking detail sk_live_should_not_show")

    for code in ("FLY001", "FLY101"):
        monkeypatch.setattr(rules[code], "func", boom)
    report = report_for("gdpr")
    c = control(report, "GDPR-32(1)(a)")  # FLY001 + FLY101, both crashed
    assert c.status == NOT_EVALUATED and not c.findings
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
    report = report_for("soc2")
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
    assert "<title>SOC 2 configuration checklist</title>" in html


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
    # every table row has as many cells as its header
    for block in re.findall(r"(?:^\|.*\|\n)+", md, flags=re.MULTILINE):
        rows = [re.split(r"(?<!\\)\|", r)[1:-1] for r in block.strip().splitlines()]
        assert len({len(r) for r in rows}) == 1, block


EXPECTED_KEYS = {
    "": ["schema", "schema_version", "tool", "generated_at", "framework", "target", "summary", "controls",
         "notes", "disclaimer"],
    "tool": ["name", "version"],
    "framework": ["id", "name", "version", "source", "scope"],
    "target": ["paths", "git_commit", "config", "files"],
    "target.files": ["fly_toml", "dockerfile", "dockerignore", "shell", "workflow"],
    "summary": ["controls", "pass", "fail", "not_evaluated", "manual", "pass_rate", "findings", "suppressed"],
    "control": ["id", "ref", "title", "section", "type", "mapping", "status", "guidance", "severity", "rules",
                "missing_file_kinds", "findings", "suppressed"],
    "rule": ["code", "name", "summary", "status", "file_kinds", "files_evaluated", "findings", "suppressed"],
    "finding": ["code", "name", "severity", "message", "path", "line", "column", "ignored_by_config"],
}


def test_json_schema_is_stable(in_tmp: Path) -> None:
    copy_tree(REPO / "examples" / "sample-app", in_tmp)
    data = json.loads(render(report_for("soc2"), "json"))
    assert list(data) == EXPECTED_KEYS[""]
    assert data["schema"] == "flylint-compliance-report" and data["schema_version"] == 1
    for key in ("tool", "framework", "target", "summary"):
        assert list(data[key]) == EXPECTED_KEYS[key], key
    assert list(data["target"]["files"]) == EXPECTED_KEYS["target.files"]
    for c in data["controls"]:
        assert list(c) == EXPECTED_KEYS["control"]
        for r in c["rules"]:
            assert list(r) == EXPECTED_KEYS["rule"]
        for f in c["findings"] + c["suppressed"]:
            assert list(f) == EXPECTED_KEYS["finding"]
    assert data["generated_at"] == "2026-01-02T03:04:05Z"
    assert data["summary"]["fail"] > 0 and data["summary"]["pass_rate"] is not None
    cc67 = next(c for c in data["controls"] if c["id"] == "SOC2-CC6.7")
    assert cc67["findings"][0] == {
        "code": "FLY001", "name": "https-not-forced", "severity": "warning",
        "message": cc67["findings"][0]["message"], "path": "fly.toml", "line": 18, "column": 3,
        "ignored_by_config": False}
    assert cc67["severity"] == "warning" and cc67["mapping"] == "supporting" and cc67["type"] == "automated"


@pytest.mark.parametrize("framework", sorted(FRAMEWORKS))
def test_json_validates_against_the_shipped_schema(framework: str, in_tmp: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((REPO / "src/flylint/data/compliance-report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    copy_tree(REPO / "examples" / "sample-app", in_tmp / "sample")
    write_project(in_tmp / "hardened", HARDENED)
    for paths in (["sample"], ["hardened"], ["sample", "hardened"]):
        data = json.loads(render(report_for(framework, paths), "json"))
        jsonschema.validate(data, schema)
    bad = json.loads(render(report_for(framework, ["sample"]), "json"))
    bad["controls"][0]["status"] = "passed"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_no_secret_value_in_any_report_format(in_tmp: Path) -> None:
    from test_secret_redaction import SECRET_VALUES, _tree

    _tree(in_tmp)
    for framework in FRAMEWORKS:
        report = report_for(framework)
        for fmt in RENDERERS:
            text = render(report, fmt)
            for value in SECRET_VALUES:
                assert value not in text, f"{framework}/{fmt} leaks {value[:4]}…"
                for i in range(max(1, len(value) - 9)):
                    fragment = value[i : i + 10]
                    if re.fullmatch(r"[A-Za-z0-9]{10}", fragment) and fragment in text:
                        pytest.fail(f"{framework}/{fmt} leaks a 10-character fragment of a secret")
    # the secrets were found, so the check above looked at real evidence
    assert control(report_for("pci-dss"), "PCI-DSS-8.6.2").findings


# -- the command ---------------------------------------------------------------------------


def test_cli_exit_codes_and_usage_errors(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp / "good", HARDENED)
    copy_tree(REPO / "examples" / "sample-app", in_tmp / "bad")
    assert run(["report", "--framework", "soc2", "good"], capsys)[0] == 0
    assert run(["report", "--framework", "soc2", "bad"], capsys)[0] == 1
    assert run(["report", "--framework", "soc2", "--exit-zero", "bad"], capsys)[0] == 0
    code, out, err = run(["report", "--framework", "iso27001", "good"], capsys)
    assert code == 2 and not out
    assert "unknown framework 'iso27001'; choose one of: soc2, gdpr, hipaa, pci-dss, cis-docker" in err
    code, _, err = run(["report", "good"], capsys)
    assert code == 2 and "--framework is required" in err and "pci-dss" in err
    assert run(["report", "--framework", "soc2", "missing-dir"], capsys)[0] == 2
    assert run(["report", "--framework", "soc2", "--format", "pdf", "good"], capsys)[0] == 2
    (in_tmp / "bad.toml").write_text("nope = 1\n", encoding="utf-8")
    code, _, err = run(["report", "--framework", "soc2", "--config", "bad.toml", "good"], capsys)
    assert code == 2 and "unknown configuration key" in err
    assert "Traceback" not in err


def test_cli_output_file_and_format_from_extension(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_tree(REPO / "examples" / "sample-app", in_tmp)
    code, out, err = run(["report", "--framework", "cis-docker", "-o", "cis.html"], capsys)
    assert code == 1 and out == ""
    assert "Wrote the CIS Docker Benchmark checklist to cis.html" in err
    parse_html((in_tmp / "cis.html").read_text(encoding="utf-8"))
    run(["report", "--framework", "gdpr", "-o", "gdpr.json"], capsys)
    assert json.loads((in_tmp / "gdpr.json").read_text(encoding="utf-8"))["framework"]["id"] == "gdpr"
    run(["report", "--framework", "hipaa", "-o", "hipaa.txt"], capsys)  # unknown extension: markdown
    assert (in_tmp / "hipaa.txt").read_text(encoding="utf-8").startswith("# HIPAA Security Rule")
    run(["report", "--framework", "hipaa", "--format", "json", "-o", "x.md"], capsys)  # --format wins
    assert json.loads((in_tmp / "x.md").read_text(encoding="utf-8"))["framework"]["id"] == "hipaa"
    code, out, _ = run(["report", "--framework", "soc2", "--format", "markdown"], capsys)
    assert out.startswith("# SOC 2 configuration checklist\n")


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


def test_readme_mentions_compliance_reports() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "## Compliance reports" in readme
    assert readme.index("## Compliance reports") < readme.index("## Development")
    assert "flylint report --framework" in readme and "docs/compliance.md" in readme
