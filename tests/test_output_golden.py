"""Golden files: tests/golden/project (two fly apps, scripts, a workflow) -> tests/golden/project.*.

Only a fixed set of long-standing rules is selected, so new rules elsewhere do not change the
expected output. The version string and the absolute checkout path are normalised; rule
documentation in the SARIF log is replaced by a placeholder (its content is checked against the
registry in test_output_sarif.py). After an intended change of output, regenerate with
``FLYLINT_UPDATE_GOLDEN=1 pytest tests/test_output_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import REPO, copy_tree

from flylint import __version__
from flylint.cli.main import main

GOLDEN = REPO / "tests" / "golden"
SELECT = "FLY000,FLY001,DKR000,DKR001,SH000,GHA000,SEC001"
FILES = {"sarif": "project.sarif", "github": "project.github.txt", "junit": "project.junit.xml",
         "gitlab": "project.gitlab.json", "json": "project.json", "text": "project.txt"}


def normalise(fmt: str, text: str, root: Path) -> str:
    if fmt == "sarif":
        log = json.loads(text)
        run = log["runs"][0]
        driver = run["tool"]["driver"]
        assert driver["version"] == driver["semanticVersion"] == __version__
        driver["version"] = driver["semanticVersion"] = "<VERSION>"
        assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == root.resolve().as_uri() + "/"
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file:///<ROOT>/"
        for rule in driver["rules"]:
            for key in ("shortDescription", "fullDescription", "help"):
                rule[key] = dict.fromkeys(rule[key], f"<{key} of {rule['id']}>")
        text = json.dumps(log, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "json":
        data = json.loads(text)
        assert data["version"] == __version__
        data["version"] = "<VERSION>"
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    for absolute in {str(root), str(root.resolve())}:
        text = text.replace(absolute, "<ROOT>")
    return text


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_golden(fmt: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_tree(GOLDEN / "project", in_tmp)
    code = main(["check", "--no-config", "--select", SELECT, "--format", fmt, "."])
    out = capsys.readouterr().out
    assert code == 1
    got = normalise(fmt, out, in_tmp)
    expected_path = GOLDEN / FILES[fmt]
    if os.environ.get("FLYLINT_UPDATE_GOLDEN"):
        expected_path.write_text(got, encoding="utf-8")
    expected = expected_path.read_text(encoding="utf-8")
    assert got == expected, f"{fmt} output differs from {expected_path.name} (see the module docstring)"
    # paths in every format are relative to the scan root and use '/'
    assert "<ROOT>" not in got.replace("file:///<ROOT>/", "")
    assert "\\" not in got.replace("\\n", "").replace('\\"', "")


def test_docs_samples_match_the_golden_files() -> None:
    """docs/output-formats.md quotes the golden outputs; keep the two in step."""
    doc = (REPO / "docs" / "output-formats.md").read_text(encoding="utf-8")
    github = (GOLDEN / FILES["github"]).read_text(encoding="utf-8")
    assert f"```text\n{github}```" in doc
    gitlab = json.loads((GOLDEN / FILES["gitlab"]).read_text(encoding="utf-8"))
    blocks = [b.split("```", 1)[0] for b in doc.split("```json\n")[1:]]
    quoted = [json.loads(b) for b in blocks]
    fly001 = next(i for i in gitlab if i["check_name"] == "FLY001")
    assert [fly001] in quoted
    sarif = json.loads((GOLDEN / FILES["sarif"]).read_text(encoding="utf-8"))
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "FLY001")
    assert result in quoted
    junit = (GOLDEN / FILES["junit"]).read_text(encoding="utf-8")
    for line in doc.split("```xml\n", 1)[1].split("```", 1)[0].splitlines():
        if "<!--" not in line:
            assert line in junit.splitlines(), line
