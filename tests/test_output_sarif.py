"""SARIF output: schema validity, what GitHub code scanning reads, fingerprints, fixes, limits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import REPO, copy_tree, lint, write_project

from flylint.cli.main import main
from flylint.linter.model import Applicability, Edit, Finding, FindingKind, Fix, Severity, Span
from flylint.linter.output import OutputOptions, render

SCHEMA = json.loads((REPO / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
SAMPLE = REPO / "examples" / "sample-app"
GOLDEN_PROJECT = REPO / "tests" / "golden" / "project"

# a second multi-project tree, built in a temporary directory: odd paths, CRLF, a secret,
# several findings of one rule, a broken workflow and a broken script
RICH = {
    "api/fly.toml": 'app = "api"\nprimary_region = "fra"\n\n[http_service]\n  internal_port = 8080\n',
    "api/Dockerfile": "FROM python:3.12\r\nWORKDIR /srv\r\nCOPY . .\r\nCMD [\"python\", \"app.py\"]\r\n",
    "api/deploy.sh": "#!/bin/sh\nset -eu\nflyctl deploy --remote-only\n",
    "api/.dockerignore": ".git\nnode_modules\n",
    "sub dir/fly.production.toml": (
        'app = "legacy"\n\n[[services]]\n  internal_port = 8080\n  protocol = "tcp"\n\n'
        '  [[services.ports]]\n    port = 80\n    handlers = ["http"]\n\n'
        '[[services]]\n  internal_port = 8080\n  protocol = "tcp"\n\n'
        '  [[services.ports]]\n    port = 80\n    handlers = ["http"]\n'
    ),
    "sub dir/Dockerfile.web": "FROM node:latest\nENV API_KEY=sk_live_51HxQ2vKp9sT4dY7wZ3mN8bR\nCMD node app.js\n",
    "sub dir/scripts/deploy-prod.sh": "#!/bin/bash\nif then fi (\nfly deploy\n",
    "café/fly.toml": 'app = "café"\n[http_service\n',
    ".github/workflows/fly.yml": (
        "name: fly\non: [push]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: flyctl deploy --remote-only\n"
    ),
    ".github/workflows/broken.yml": "name: x\non: [push\n",
}


def validate(log: dict[str, Any]) -> None:
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:20])


def sarif(paths: list[str] | None = None, **kw: Any) -> dict[str, Any]:
    category = kw.pop("category", None)
    return json.loads(render(lint(paths, **kw), "sarif", OutputOptions(category=category)))


def the_run(log: dict[str, Any]) -> dict[str, Any]:
    assert len(log["runs"]) == 1
    return log["runs"][0]


def check_github_contract(log: dict[str, Any]) -> None:
    """What code scanning needs from every log (ecosystem.md §a), checked field by field."""
    assert log["version"] == "2.1.0" and log["$schema"]
    run = the_run(log)
    driver = run["tool"]["driver"]
    assert driver["name"] == "flylint" and driver["version"] and driver["semanticVersion"]
    assert driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    for r in rules:
        assert r["shortDescription"]["text"] and len(r["shortDescription"]["text"]) <= 1024
        assert r["fullDescription"]["text"] and len(r["fullDescription"]["text"]) <= 1024
        assert r["help"]["text"] and r["help"]["markdown"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert len(r["properties"]["tags"]) <= 20
        assert r["properties"]["precision"] in ("very-high", "high", "medium", "low")
        if "security-severity" in r["properties"]:
            assert "security" in r["properties"]["tags"]
            assert isinstance(r["properties"]["security-severity"], str)
            assert 0.0 < float(r["properties"]["security-severity"]) <= 10.0
    assert run["columnKind"] == "unicodeCodePoints"
    root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root.startswith("file:///") and root.endswith("/")
    assert run["automationDetails"]["id"].endswith("/")
    assert isinstance(run["invocations"][0]["executionSuccessful"], bool)
    assert len(run["results"]) <= 25_000
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note")
        assert res["message"]["text"]
        assert len(res["locations"]) == 1
        phys = res["locations"][0]["physicalLocation"]
        uri = phys["artifactLocation"]["uri"]
        assert phys["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not uri.startswith(("/", "file:")) and "\\" not in uri and ".." not in uri.split("/")
        region = phys["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        if "endLine" in region or "endColumn" in region:
            assert "endLine" in region and "endColumn" in region
            assert (region["endLine"], region["endColumn"]) > (region["startLine"], region["startColumn"])
        assert set(res["partialFingerprints"]) == {"flylintFingerprint/v1"}
        assert "primaryLocationLineHash" not in res["partialFingerprints"]


def test_sample_app_is_valid_sarif(in_tmp: Path) -> None:
    copy_tree(SAMPLE, in_tmp)
    log = sarif()
    validate(log)
    check_github_contract(log)
    run = the_run(log)
    assert {r["ruleId"] for r in run["results"]} >= {"SEC001", "SEC002", "DKR001", "FLY001"}
    assert any("fixes" in r for r in run["results"])


@pytest.mark.parametrize("tree", ["golden", "rich"])
def test_multi_project_tree_is_valid_sarif(in_tmp: Path, tree: str) -> None:
    if tree == "golden":
        copy_tree(GOLDEN_PROJECT, in_tmp)
    else:
        write_project(in_tmp, RICH)
    log = sarif()
    validate(log)
    check_github_contract(log)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in the_run(log)["results"]}
    if tree == "rich":
        assert "sub%20dir/Dockerfile.web" in uris
        assert "caf%C3%A9/fly.toml" in uris  # RFC 3986: UTF-8, percent-encoded
        assert ".github/workflows/broken.yml" in uris
    else:
        assert {"web/fly.toml", "web/Dockerfile", "worker/fly.toml"} <= uris


def test_cli_writes_sarif_file(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_tree(GOLDEN_PROJECT, in_tmp)
    code = main(["check", "--format", "sarif", "-o", "out.sarif", "--category", "fly/web", "web"])
    assert code == 1
    assert capsys.readouterr().out == ""
    log = json.loads((in_tmp / "out.sarif").read_text(encoding="utf-8"))
    validate(log)
    assert the_run(log)["automationDetails"]["id"] == "fly/web/"
    assert the_run(log)["originalUriBaseIds"]["%SRCROOT%"]["uri"] == in_tmp.resolve().as_uri() + "/"


def test_default_category_and_rules_of_the_run(in_tmp: Path) -> None:
    copy_tree(GOLDEN_PROJECT, in_tmp)
    run = the_run(sarif(select=["FLY001", "DKR001"]))
    assert run["automationDetails"]["id"] == "flylint/"
    # only the rules that took part in the run, in code order, indexes matching
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["DKR001", "FLY001"]


def test_rule_metadata_comes_from_the_registry(in_tmp: Path) -> None:
    from flylint.linter.registry import load_all

    copy_tree(SAMPLE, in_tmp)
    run = the_run(sarif())
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    registry = load_all()
    sec = rules["SEC001"]
    meta = registry["SEC001"]
    assert sec["name"] == meta.name
    assert sec["shortDescription"]["text"] == meta.summary
    assert "## What it does" in sec["help"]["markdown"]
    assert sec["properties"]["tags"][0] == "security"
    assert "external/cwe/cwe-798" in sec["properties"]["tags"]
    assert sec["properties"]["security-severity"] == f"{meta.security_severity:.1f}"
    assert sec["defaultConfiguration"]["level"] == "error"
    # a non-security rule carries problem.severity instead of security-severity
    fly3 = rules["FLY003"]
    assert "security-severity" not in fly3["properties"]
    assert fly3["properties"]["problem.severity"] == "warning"


def test_levels_follow_severity_overrides(in_tmp: Path) -> None:
    from flylint.linter.model import Severity

    copy_tree(GOLDEN_PROJECT, in_tmp)
    run = the_run(sarif(select=["FLY001"], severity={"FLY001": Severity.INFO}))
    (res,) = run["results"]
    assert res["level"] == "note"
    assert run["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] == "warning"


def test_parse_and_internal_errors_become_notifications(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flylint.linter import registry

    registry.load_all()

    def crash(model: Any, ctx: Any) -> Any:
        raise RuntimeError("boom sk_live_51HxQ2vKp9sT4dY7wZ3mN8bR")

    monkeypatch.setattr(registry._RULES["FLY001"], "func", crash)
    copy_tree(GOLDEN_PROJECT, in_tmp)
    log = sarif()
    validate(log)
    inv = the_run(log)["invocations"][0]
    assert inv["executionSuccessful"] is False
    notes = inv["toolExecutionNotifications"]
    by_id = {n["descriptor"]["id"]: n for n in notes}
    assert by_id["FLY001"]["level"] == "error" and "internal error" in by_id["FLY001"]["message"]["text"]
    kinds = {(f.code, f.kind) for f in lint().findings if f.kind.is_error}
    assert kinds == {("FLY001", FindingKind.INTERNAL_ERROR), ("FLY000", FindingKind.PARSE_ERROR)}
    assert by_id["FLY000"]["level"] == "warning"
    assert by_id["FLY000"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "worker/fly.toml"
    assert "51HxQ2vKp9sT4dY7wZ3mN8bR" not in json.dumps(log)


def test_clean_run_is_successful_with_no_notifications(in_tmp: Path) -> None:
    copy_tree(GOLDEN_PROJECT / "worker", in_tmp)
    (in_tmp / "fly.toml").unlink()
    log = sarif(select=["DKR001", "SEC001"])
    validate(log)
    run = the_run(log)
    assert run["results"] == []
    assert run["invocations"] == [{"executionSuccessful": True}]


# -- fingerprints ------------------------------------------------------------------------

def _fingerprint(code: str) -> tuple[str, int]:
    (res,) = [r for r in the_run(sarif())["results"] if r["ruleId"] == code]
    return res["partialFingerprints"]["flylintFingerprint/v1"], res["locations"][0]["physicalLocation"]["region"]["startLine"]


def test_fingerprint_survives_lines_inserted_above(in_tmp: Path) -> None:
    copy_tree(GOLDEN_PROJECT, in_tmp)
    before, line_before = _fingerprint("FLY001")
    toml = in_tmp / "web" / "fly.toml"
    toml.write_text("# one\n# two\n\n# three\n" + toml.read_text(encoding="utf-8"), encoding="utf-8")
    after, line_after = _fingerprint("FLY001")
    assert line_after == line_before + 4
    assert after == before


def test_fingerprint_changes_with_the_flagged_text(in_tmp: Path) -> None:
    copy_tree(GOLDEN_PROJECT, in_tmp)
    before, _ = _fingerprint("DKR001")
    df = in_tmp / "web" / "Dockerfile"
    df.write_text(df.read_text(encoding="utf-8").replace("node:22.11.0", "node:22.12.0"), encoding="utf-8")
    after, _ = _fingerprint("DKR001")
    assert after != before


def test_identical_findings_in_one_file_get_distinct_fingerprints(in_tmp: Path) -> None:
    tls = '\n  [[services.ports]]\n    port = 443\n    handlers = ["tls", "http"]\n'
    text = RICH["sub dir/fly.production.toml"].replace('handlers = ["http"]\n', 'handlers = ["http"]' + tls)
    write_project(in_tmp, {"fly.toml": text})
    results = list(the_run(sarif(select=["FLY001"]))["results"])
    assert len(results) == 2
    prints = [r["partialFingerprints"]["flylintFingerprint/v1"] for r in results]
    assert len(set(prints)) == 2


# -- regions -----------------------------------------------------------------------------

def test_region_end_is_after_start_or_left_out() -> None:
    from flylint.linter.output.sarif import region_for, to_json_data
    from flylint.linter.source import SourceFile

    src = SourceFile("x.toml", "abc\ndef\n\n")

    def reg(span: Span) -> dict[str, int]:
        return to_json_data(region_for(span, src))

    assert reg(Span(1, 1, 1, 4)) == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 4}
    assert reg(Span(2, 2, 2, 2)) == {"startLine": 2, "startColumn": 2}  # zero width
    assert reg(Span(2, 5, 1, 1)) == {"startLine": 2, "startColumn": 5}  # end before start
    assert reg(Span(0, 0, 0, 0)) == {"startLine": 1, "startColumn": 1}  # clamped
    # a span that ends at the start of the next line ends after the text of its own line
    assert reg(Span(1, 1, 2, 1)) == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 4}
    assert reg(Span(1, 2, 3, 1)) == {"startLine": 1, "startColumn": 2, "endLine": 2, "endColumn": 4}
    # only the newline of line 1: nothing visible is left, so zero width
    assert reg(Span(1, 4, 2, 1)) == {"startLine": 1, "startColumn": 4}


def test_serialiser_drops_nulls_and_generated_defaults() -> None:
    import sarif_om as om

    from flylint.linter.output.sarif import to_json_data

    data = to_json_data(om.Result(message=om.Message(text="x"), rule_id="FLY001", rule_index=0, level="warning"))
    assert data == {"message": {"text": "x"}, "ruleId": "FLY001", "ruleIndex": 0, "level": "warning"}


# -- fixes -------------------------------------------------------------------------------

def test_fixes_use_line_column_regions_even_for_crlf_files(in_tmp: Path) -> None:
    write_project(in_tmp, {"Dockerfile": ""})
    (in_tmp / "Dockerfile").write_bytes(b"FROM node:22-bookworm-slim\r\nWORKDIR /app\r\nCMD [\"node\", \"s.js\"]\r\n")
    log = sarif(select=["DKR001"])
    validate(log)
    (res,) = the_run(log)["results"]
    (fix,) = res["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"}
    (rep,) = change["replacements"]
    # USER goes in before CMD on line 3: an insertion point at 3:1
    assert rep["deletedRegion"] == {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 1}
    assert rep["insertedContent"]["text"].startswith("USER ")
    assert fix["description"]["text"].endswith(".")


def _fake_result(tmp: Path, findings: list[Finding]) -> Any:
    from flylint.linter.engine import LintResult
    from flylint.linter.registry import load_all

    return LintResult(findings=findings, projects=[], rules=load_all())


def test_create_file_fix_becomes_an_artifact_change_for_the_new_file(in_tmp: Path) -> None:
    from flylint.linter.source import SourceFile

    src = SourceFile("Dockerfile", "FROM node:22\nCOPY . .\n")
    fix = Fix("Add a .dockerignore", (Edit(0, 0, ".git\n.env\n", path=".dockerignore", create=True),),
              Applicability.SAFE)
    f = Finding("DKR001", "container-runs-as-root", Severity.WARNING, "m", "Dockerfile",
                src.span(0, 12), fix=fix, snippet="FROM node:22", source=src)
    log = json.loads(render(_fake_result(in_tmp, [f]), "sarif", OutputOptions()))
    validate(log)
    (change,) = the_run(log)["results"][0]["fixes"][0]["artifactChanges"]
    assert change["artifactLocation"]["uri"] == ".dockerignore"
    assert change["replacements"] == [{"deletedRegion": {"charOffset": 0, "charLength": 0},
                                       "insertedContent": {"text": ".git\n.env\n"}}]


def test_secret_findings_never_carry_fixes_or_secret_text(in_tmp: Path) -> None:
    copy_tree(SAMPLE, in_tmp)
    result = lint()
    secret_findings = [f for f in result.findings if f.code.startswith("SEC")]
    assert secret_findings
    # the rules offer no fix for a secret (a person must rotate it) ...
    assert all(f.fix is None for f in secret_findings)
    # ... and even if one did, the SARIF log would leave it out
    f = secret_findings[0]
    f.fix = Fix("inline it", (Edit(f.span.start, f.span.end, "sk_live_51HxQ2vKp9sT4dY7wZ3mN8bR"),))
    text = render(result, "sarif", OutputOptions())
    for res in json.loads(text)["runs"][0]["results"]:
        if res["ruleId"].startswith("SEC"):
            assert "fixes" not in res
    raw = [
        "sk_live_51HxQ2vKp9sT4dY7wZ3mN8bR",
        "FlyV1 fm2_lJPECAAAAAAAAMxPxBBz9dNa8qR3tU6vW1yX4zA7bC0eF2gH5iJ8kL",
        "Sup3rS3cretPass",
        "k7Gq2vX9pL4mZ8rT1wY6",
    ]
    inputs = "".join(p.read_text(encoding="utf-8") for p in in_tmp.iterdir() if p.is_file())
    for secret in raw:
        assert secret in inputs  # the sample really holds it ...
        assert secret not in text  # ... and the log never does


# -- limits ------------------------------------------------------------------------------

def test_results_beyond_the_limit_are_cut_with_a_notification(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flylint.linter.output import sarif as sarif_mod

    copy_tree(SAMPLE, in_tmp)
    full = the_run(sarif())["results"]
    monkeypatch.setattr(sarif_mod, "MAX_RESULTS", 3)
    log = sarif()
    validate(log)
    run = the_run(log)
    assert len(run["results"]) == 3
    assert all(r["level"] == "error" for r in run["results"])  # the most severe are kept
    note = run["invocations"][0]["toolExecutionNotifications"][-1]
    assert f"{len(full) - 3} of {len(full)} results were left out" in note["message"]["text"]


def test_long_rule_texts_are_clipped() -> None:
    from flylint.linter.output.sarif import rule_descriptor, to_json_data
    from flylint.linter.registry import load_all

    meta = load_all()["FLY001"]
    long = type(meta)(**{**meta.__dict__, "doc": "A" * 2000 + "\n\n## What it does\n" + "word " * 400,
                         "_sections": None, "tags": tuple(f"t{i}" for i in range(30))})
    assert long.sections["What it does"].startswith("word word")
    data = to_json_data(rule_descriptor(long))
    assert len(data["shortDescription"]["text"]) <= 1024
    assert len(data["fullDescription"]["text"]) <= 1024
    assert len(data["properties"]["tags"]) == 20


# -- cost --------------------------------------------------------------------------------

def test_sarif_om_is_imported_only_for_sarif(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from flylint.cli.main import main\n"
        "main(['check', '--format', sys.argv[1], '--exit-zero', '-o', sys.argv[2], sys.argv[3]])\n"
    )
    probe = code.replace("main([", "rc = main([") + "print('sarif_om' in sys.modules)\n"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    for fmt, expected in [("text", "False"), ("json", "False"), ("github", "False"), ("junit", "False"),
                          ("gitlab", "False"), ("sarif", "True")]:
        out = subprocess.run([sys.executable, "-c", probe, fmt, str(tmp_path / f"o.{fmt}"), str(SAMPLE)],
                             capture_output=True, text=True, env=env, check=True)
        assert out.stdout.strip() == expected, (fmt, out.stdout, out.stderr)


def test_files_outside_the_working_directory_get_absolute_file_uris(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    copy_tree(GOLDEN_PROJECT / "web", tmp_path / "app")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    log = sarif(["../app"], select=["FLY001"])
    validate(log)
    (res,) = the_run(log)["results"]
    loc = res["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"uri": (tmp_path / "app" / "fly.toml").as_uri()}
    assert res["fixes"][0]["artifactChanges"][0]["artifactLocation"] == loc
