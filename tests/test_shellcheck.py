"""The optional ShellCheck integration (SH090): opt-in, batched, silent when ShellCheck is absent."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import lint, write_project

from flylint.linter import shellcheck
from flylint.linter.config import Settings
from flylint.linter.registry import load_all

SCRIPT = "#!/usr/bin/env bash\ncd services/api\nfly deploy --app shop-api\n"


@pytest.fixture(autouse=True)
def _fresh_cache():
    shellcheck._CACHE.clear()
    yield
    shellcheck._CACHE.clear()
    shellcheck.find_shellcheck.cache_clear()


def _need_shellcheck() -> None:
    shellcheck.find_shellcheck.cache_clear()
    if not shellcheck.available():
        pytest.skip("shellcheck is not installed (pip install 'flylint[shellcheck]')")


def test_rule_is_off_by_default() -> None:
    rules = load_all()
    assert "SH090" in rules
    assert "SH090" not in Settings().enabled_codes(rules)


def test_reports_shellcheck_code_when_selected(in_tmp: Path) -> None:
    _need_shellcheck()
    write_project(in_tmp, {"deploy.sh": SCRIPT})
    result = lint(["."], select=["SH090"])
    sh090 = [f for f in result.findings if f.code == "SH090"]
    assert [f.message.split(" ", 1)[0] for f in sh090] == ["SC2164"], [f.message for f in result.findings]
    (finding,) = sh090
    assert (finding.line, finding.column) == (2, 1)
    assert finding.fix is not None and not finding.fix.is_safe


def test_one_process_for_all_scripts_of_a_project(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _need_shellcheck()
    write_project(in_tmp, {"fly.toml": 'app = "a"\n', "deploy.sh": SCRIPT, "deploy-staging.sh": SCRIPT})
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(cmd, *args, **kwargs):
        calls.append(list(cmd))
        return real_run(cmd, *args, **kwargs)

    monkeypatch.setattr(shellcheck.subprocess, "run", counting_run)
    result = lint(["."], select=["SH090"])
    assert len(calls) == 1, calls
    assert sorted({f.path for f in result.findings}) == ["deploy-staging.sh", "deploy.sh"]


def test_silent_when_shellcheck_is_missing(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(in_tmp, {"deploy.sh": SCRIPT})
    monkeypatch.setattr(shellcheck.shutil, "which", lambda name: None)
    monkeypatch.setattr(shellcheck.sys, "executable", str(in_tmp / "nowhere" / "python"))
    shellcheck.find_shellcheck.cache_clear()
    assert not shellcheck.available()
    result = lint(["."], select=["SH090"])
    assert result.findings == []


def test_silent_when_shellcheck_fails(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(in_tmp, {"deploy.sh": SCRIPT})

    def broken(*args, **kwargs):
        raise OSError("exec format error")

    monkeypatch.setattr(shellcheck, "find_shellcheck", lambda: "/bin/shellcheck-broken")
    monkeypatch.setattr(shellcheck.subprocess, "run", broken)
    result = lint(["."], select=["SH090"])
    assert result.findings == []


def test_unexpected_output_is_ignored() -> None:
    assert shellcheck._parse("not json", {}) == {}
    assert shellcheck._parse('{"comments": [{"file": "x"}]}', {"x": "x"}) == {}
    parsed = shellcheck._parse(
        '{"comments": [{"file": "/p/a.sh", "line": 2, "endLine": 2, "column": 1, "endColumn": 3, '
        '"level": "warning", "code": 2164, "message": "m"}]}', {"/p/a.sh": "/real/a.sh"})
    assert list(parsed) == ["/real/a.sh"]
    assert parsed["/real/a.sh"][0].code == 2164


def test_view_text_is_checked_not_the_disk(in_tmp: Path) -> None:
    _need_shellcheck()
    from flylint.linter.source import FileView, SourceFile

    path = in_tmp / "deploy.sh"
    path.write_text(SCRIPT, encoding="utf-8")
    assert shellcheck.comments_for(SourceFile(str(path), SCRIPT)) != ()  # the disk's text has the finding
    fixed = SCRIPT.replace("cd services/api", "cd services/api || exit")
    view = FileView()
    view[str(path)] = fixed
    assert shellcheck.comments_for(SourceFile(str(path), fixed), view=view) == ()
