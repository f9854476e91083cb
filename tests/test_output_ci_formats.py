"""The CI formats: GitHub workflow commands, JUnit XML, GitLab Code Quality."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import REPO, copy_tree, lint, write_project

from flylint.linter.engine import LintResult
from flylint.linter.model import Finding, FindingKind, Severity, Span
from flylint.linter.output import OutputOptions, render

SAMPLE = REPO / "examples" / "sample-app"
GOLDEN_PROJECT = REPO / "tests" / "golden" / "project"


SPAN = Span(3, 1, 3, 15)


def finding(code: str = "FLY001", severity: Severity = Severity.WARNING, message: str = "m",
            path: str = "fly.toml", span: Span = SPAN, tags: tuple[str, ...] = (),
            snippet: str = "x", kind: FindingKind = FindingKind.RULE) -> Finding:
    return Finding(code, "https-not-forced", severity, message, path, span, snippet=snippet, tags=tags, kind=kind)


def result_of(findings: list[Finding], evaluated: set[tuple[str, str]] | None = None) -> Any:
    from flylint.linter.registry import load_all

    return LintResult(findings=findings, projects=[], evaluated=evaluated or set(), rules=load_all())


# -- GitHub workflow commands ------------------------------------------------------------

def test_github_command_shape_and_levels() -> None:
    from flylint.linter.output.github import command

    assert command(finding()) == (
        "::warning file=fly.toml,line=3,col=1,endLine=3,endColumn=15,title=FLY001 (https-not-forced)::m")
    assert command(finding(severity=Severity.ERROR)).startswith("::error ")
    assert command(finding(severity=Severity.INFO)).startswith("::notice ")


def test_github_columns_only_on_one_line_and_never_empty() -> None:
    from flylint.linter.output.github import command

    multi = command(finding(span=Span(3, 5, 6, 2)))
    assert "line=3,endLine=6,title=" in multi and "col=" not in multi and "endColumn=" not in multi
    zero = command(finding(span=Span(4, 11, 4, 11)))
    assert "line=4,col=11,title=" in zero and "endColumn" not in zero


def test_github_escaping() -> None:
    from flylint.linter.output.github import command, escape_data, escape_property

    assert escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"
    assert escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    line = command(finding(path="dir,with:odd%/fly.toml", message="50% done\n::set-output name=x::y"))
    assert "file=dir%2Cwith%3Aodd%25/fly.toml," in line
    assert line.endswith("::50%25 done%0A::set-output name=x::y")
    assert "\n" not in line


def test_github_output_of_sample(in_tmp: Path) -> None:
    copy_tree(SAMPLE, in_tmp)
    result = lint()
    out = render(result, "github", OutputOptions())
    lines = out.splitlines()
    assert len(lines) == len(result.findings) + 1
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines[:-1])
    assert lines[-1].startswith("flylint: ") and "::" not in lines[-1]
    assert "sk_live_51HxQ2vKp9sT4dY7wZ3mN8bR" not in out


def test_github_clean_run(in_tmp: Path) -> None:
    copy_tree(GOLDEN_PROJECT / "worker", in_tmp)
    (in_tmp / "fly.toml").unlink()
    assert render(lint(select=["DKR001", "SEC001"]), "github", OutputOptions()).startswith(
        "flylint: all checks passed")


# -- JUnit XML ---------------------------------------------------------------------------

def _junit(result: Any) -> ET.Element:
    text = render(result, "junit", OutputOptions())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def test_junit_counts_add_up(in_tmp: Path) -> None:
    copy_tree(GOLDEN_PROJECT, in_tmp)
    result = lint()
    root = _junit(result)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == sorted(s.get("name") for s in suites)
    total = {"tests": 0, "failures": 0, "errors": 0}
    for suite in suites:
        cases = suite.findall("testcase")
        counts = {"tests": len(cases), "failures": sum(1 for c in cases if c.find("failure") is not None),
                  "errors": sum(1 for c in cases if c.find("error") is not None)}
        assert {k: int(suite.get(k)) for k in counts} == counts
        for k in total:
            total[k] += counts[k]
    assert {k: int(root.get(k)) for k in total} == total
    # every checked file appears, and passing checks are there too
    assert {s.get("name") for s in suites} == {pf.source.display_path for pf in result.files}
    assert total["tests"] > total["failures"] + total["errors"]
    failures = [c for s in suites for c in s.findall("testcase") if c.find("failure") is not None]
    assert {c.find("failure").get("type") for c in failures} == {f.code for f in result.findings} - {"FLY000"}
    (error,) = [c for s in suites for c in s.findall("testcase") if c.find("error") is not None]
    assert error.get("classname") == "worker/fly.toml" and error.find("error").get("type") == "FLY000"


def test_junit_lists_each_rule_only_for_the_files_it_judges(in_tmp: Path) -> None:
    # the multi-environment rules compare fly configs: test cases for the configs, not for every file
    write_project(in_tmp, {
        "fly.toml": 'app = "shop"\nprimary_region = "iad"\n',
        "fly.staging.toml": 'app = "shop"\nprimary_region = "iad"\n',
        "Dockerfile": "FROM node:22\nCMD [\"node\", \"s.js\"]\n",
        ".dockerignore": ".git\n.env\nnode_modules\n",
        "deploy.sh": "#!/bin/sh\nset -eu\nfly deploy --app shop\n",
    })
    root = _junit(lint())
    cases = {(c.get("classname"), c.get("name").split()[0]) for c in root.iter("testcase")}
    env_rules = {"FLY150", "FLY151", "FLY152", "FLY153", "FLY155"}
    for code in env_rules - {"FLY155"}:  # FLY155 is off by default
        assert {p for p, c in cases if c == code} == {"fly.toml", "fly.staging.toml"}, code
    assert ("fly.staging.toml", "FLY150") in {(c.get("classname"), c.find("failure").get("type"))
                                              for c in root.iter("testcase") if c.find("failure") is not None}
    for path in ("Dockerfile", ".dockerignore", "deploy.sh"):
        assert {c for p, c in cases if p == path}.isdisjoint(env_rules), path
        assert all(c.startswith(("DKR", "SH", "SUP", "SEC")) for p, c in cases if p == path), path


def test_junit_groups_several_findings_of_one_rule(in_tmp: Path) -> None:
    f1 = finding(span=Span(3, 1, 3, 5))
    f2 = finding(span=Span(9, 1, 9, 5), message="second")
    root = _junit(result_of([f1, f2], {("FLY001", "fly.toml"), ("FLY002", "fly.toml")}))
    (suite,) = root.findall("testsuite")
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    failure = suite.find("testcase/failure")
    assert failure.get("message") == "3:1: m (and 1 more)"
    assert failure.text.splitlines() == ["fly.toml:3:1: FLY001 [warning] m", "fly.toml:9:1: FLY001 [warning] second"]


def test_junit_escapes_and_drops_characters_xml_cannot_hold() -> None:
    f = finding(message='a <b> & "c" \x01\x1b end', path="we<ird>&.toml")
    root = _junit(result_of([f]))
    failure = root.find("testsuite/testcase/failure")
    assert failure.get("message") == '3:1: a <b> & "c" \\x01\\x1b end'
    assert root.find("testsuite").get("name") == "we<ird>&.toml"


def test_junit_internal_error_is_an_error() -> None:
    f = finding(severity=Severity.ERROR, kind=FindingKind.INTERNAL_ERROR, message="internal error in rule FLY001")
    root = _junit(result_of([f], {("FLY001", "fly.toml")}))
    case = root.find("testsuite/testcase")
    assert case.find("error") is not None and case.find("failure") is None
    assert root.get("errors") == "1" and root.get("failures") == "0"


# -- GitLab Code Quality -----------------------------------------------------------------

# the fields GitLab reads (docs.gitlab.com, "Code Quality" report format)
CODE_QUALITY_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": "^[^/\\\\]"},
                    "lines": {"type": "object", "required": ["begin"],
                              "properties": {"begin": {"type": "integer", "minimum": 1}}},
                },
            },
        },
    },
}


def test_gitlab_report_of_sample(in_tmp: Path) -> None:
    copy_tree(SAMPLE, in_tmp)
    result = lint()
    data = json.loads(render(result, "gitlab", OutputOptions()))
    jsonschema.validate(data, CODE_QUALITY_SCHEMA)
    assert len(data) == len(result.findings)
    assert len({d["fingerprint"] for d in data}) == len(data)
    assert {d["location"]["path"] for d in data} >= {"Dockerfile", "deploy.sh", "fly.toml"}
    # SEC001 is a security error: blocker
    assert {d["severity"] for d in data if d["check_name"] == "SEC001"} == {"blocker"}


@pytest.mark.parametrize(("severity", "tags", "expected"), [
    (Severity.INFO, (), "minor"),
    (Severity.WARNING, (), "major"),
    (Severity.WARNING, ("security",), "major"),
    (Severity.ERROR, (), "critical"),
    (Severity.ERROR, ("security",), "blocker"),
])
def test_gitlab_severity_mapping(severity: Severity, tags: tuple[str, ...], expected: str) -> None:
    data = json.loads(render(result_of([finding(severity=severity, tags=tags)]), "gitlab", OutputOptions()))
    assert data[0]["severity"] == expected


def test_gitlab_fingerprints_are_stable_and_distinct(in_tmp: Path) -> None:
    write_project(in_tmp, {"fly.toml": (
        'app = "x"\n\n[[services]]\n  internal_port = 8080\n  [[services.ports]]\n    port = 80\n'
        '    handlers = ["http"]\n  [[services.ports]]\n    port = 443\n    handlers = ["tls", "http"]\n\n'
        '[[services]]\n  internal_port = 8080\n  [[services.ports]]\n'
        '    port = 80\n    handlers = ["http"]\n  [[services.ports]]\n    port = 443\n    handlers = ["tls", "http"]\n')})
    first = json.loads(render(lint(select=["FLY001"]), "gitlab", OutputOptions()))
    assert len(first) == 2 and first[0]["fingerprint"] != first[1]["fingerprint"]
    toml = in_tmp / "fly.toml"
    toml.write_text("# moved down\n" + toml.read_text(encoding="utf-8"), encoding="utf-8")
    second = json.loads(render(lint(select=["FLY001"]), "gitlab", OutputOptions()))
    assert [d["fingerprint"] for d in second] == [d["fingerprint"] for d in first]
    assert [d["location"]["lines"]["begin"] for d in second] == [d["location"]["lines"]["begin"] + 1 for d in first]


def test_empty_reports_are_well_formed(in_tmp: Path) -> None:
    result = result_of([])
    assert json.loads(render(result, "gitlab", OutputOptions())) == []
    assert _junit(result).get("tests") == "0"
