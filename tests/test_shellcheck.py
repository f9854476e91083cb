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


def _hide_shellcheck(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shellcheck.shutil, "which", lambda name: None)
    monkeypatch.setattr(shellcheck.sys, "executable", str(in_tmp / "nowhere" / "python"))
    shellcheck.find_shellcheck.cache_clear()
    assert not shellcheck.available()


def test_a_note_when_selected_and_shellcheck_is_missing(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(in_tmp, {"deploy.sh": SCRIPT})
    _hide_shellcheck(in_tmp, monkeypatch)
    result = lint(["."], select=["SH090"])
    assert result.findings == []
    assert len(result.notes) == 1 and "SH090" in result.notes[0] and "not found" in result.notes[0]
    assert result.not_applicable.get(("SH090", "deploy.sh")) == "ShellCheck is not installed"


def test_no_note_when_sh090_is_not_selected(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(in_tmp, {"deploy.sh": SCRIPT})
    _hide_shellcheck(in_tmp, monkeypatch)
    assert lint(["."]).notes == []


def test_the_note_reaches_stderr_json_and_sarif(in_tmp: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from flylint.cli.main import main

    write_project(in_tmp, {"deploy.sh": SCRIPT})
    _hide_shellcheck(in_tmp, monkeypatch)
    for fmt in ("text", "json", "sarif"):
        main(["check", "--extend-select", "SH090", "--format", fmt])
        out, err = capsys.readouterr()
        assert "flylint: warning: SH090 (shellcheck) is selected" in err, fmt
        if fmt == "json":
            assert "SH090" in json.loads(out)["notes"][0]
        elif fmt == "sarif":
            notes = json.loads(out)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
            assert any("SH090" in n["message"]["text"] and n["level"] == "warning" for n in notes)


def test_hygiene_codes_are_left_out(in_tmp: Path) -> None:
    _need_shellcheck()
    script = ("#!/usr/bin/env bash\nset -euo pipefail\nunused=1\nsource ./lib.sh\necho \"$from_lib\"\n"
              "export SHA=$(git rev-parse HEAD)\nfly deploy --app shop-api --env SHA=\"$SHA\"\n")
    write_project(in_tmp, {"deploy.sh": script, "lib.sh": "from_lib=1\n"})
    codes = [f.message.split(" ", 1)[0] for f in lint(["deploy.sh"], select=["SH090"]).findings]
    assert codes == ["SC2155"], codes  # SC2034 (unused) and SC2154 (assigned in the sourced file) are left out


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


def test_scripts_of_the_run_go_to_shellcheck_in_background_batches(in_tmp: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _need_shellcheck()
    for i in range(5):  # five projects, one script each: batches of two -> three processes
        write_project(in_tmp, {f"app{i}/fly.toml": f'app = "a{i}"\n', f"app{i}/deploy.sh": SCRIPT})
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(cmd, *args, **kwargs):
        calls.append(list(cmd))
        return real_run(cmd, *args, **kwargs)

    monkeypatch.setattr(shellcheck.subprocess, "run", counting_run)
    monkeypatch.setattr(shellcheck, "BATCH", 2)
    result = lint(["."], select=["SH090"])
    assert sorted(f.path for f in result.findings if f.code == "SH090") == [f"app{i}/deploy.sh" for i in range(5)]
    assert len(calls) == 3
    assert sorted(len([a for a in c if a.endswith("deploy.sh")]) for c in calls) == [1, 2, 2]
    assert not shellcheck._PENDING  # every batch was collected
