"""Rule documentation: `flylint rule --format`, `flylint rules`, the committed docs/rules/
pages (regenerate with `python -m flylint.cli.ruledocs`) and SARIF helpUri."""

from __future__ import annotations

import json
import tomllib

import pytest
from conftest import REPO

from flylint.cli import ruledocs
from flylint.cli.main import main
from flylint.linter.registry import DOCS_URL, load_all

DOCS = REPO / "docs" / "rules"


def test_docs_rules_are_up_to_date() -> None:
    want = ruledocs.pages(load_all())
    have = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
    stale = sorted(name for name in want if have.get(name) != want[name])
    extra = sorted(set(have) - set(want))
    assert not stale and not extra, (f"docs/rules is out of date (stale: {stale[:5]}, left over: {extra[:5]}); "
                                     "run `python -m flylint.cli.ruledocs`")


def test_docs_url_is_the_project_homepage() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["urls"]["Homepage"] + "/blob/main/docs/rules/{code}.md" == DOCS_URL


def test_rule_formats(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "FLY001", "--format", "markdown"]) == 0
    assert capsys.readouterr().out == (DOCS / "FLY001.md").read_text(encoding="utf-8")
    assert main(["rule", "https-not-forced", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["code"] == "FLY001" and data["fix"] == "safe" and data["default_enabled"] is True
    assert data["url"].endswith("/docs/rules/FLY001.md") and "Why is this bad?" in data["sections"]
    assert main(["rule", "FLY0001"]) == 2
    assert "did you mean 'FLY001'?" in capsys.readouterr().err


def test_rules_lists_every_rule_with_its_default(capsys: pytest.CaptureFixture[str]) -> None:
    rules = load_all()
    assert any(not m.default_enabled for m in rules.values())
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "SEVERITY", "FIX", "DEFAULT", "TAGS"]
    listed = {line.split()[0]: line.split()[4] for line in lines[1:]}
    assert listed == {c: "on" if m.default_enabled else "off" for c, m in rules.items()}


def test_sarif_help_uri_points_at_the_rule_page(tmp_path, monkeypatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fly.toml").write_text('app = "x"\n[http_service]\n  internal_port = 8080\n')
    main(["check", "--format", "sarif", "--select", "FLY001", "."])
    rules = json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]["rules"]
    assert rules[0]["helpUri"] == DOCS_URL.format(code="FLY001")
    assert (DOCS / "FLY001.md").is_file()
