"""Which configuration applies: the nearest config at or above each file, within the repository;
``--config`` overrides; the run names the config files that applied."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import write_project

from flylint.cli.main import main

APP = 'app = "{name}"\nprimary_region = "iad"\n\n[http_service]\n  internal_port = 8080\n'
DOCKERFILE = "FROM node:latest\nUSER node\nCMD [\"node\", \"server.js\"]\n"

NESTED = {
    ".git/HEAD": "ref: refs/heads/main\n",
    "flylint.toml": 'select = ["DKR002", "FLY001"]\n',
    "api/flylint.toml": 'select = ["DKR002", "FLY001"]\nignore = ["DKR002"]\n',
    "api/fly.toml": APP.format(name="api"),
    "api/Dockerfile": DOCKERFILE,
    "web/fly.toml": APP.format(name="web"),
    "web/Dockerfile": DOCKERFILE,
}


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def findings(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str, int]]:
    code, out, err = run(["check", "--format", "json", *args], capsys)
    assert code in (0, 1), err
    return sorted((f["path"], f["code"], f["line"]) for f in json.loads(out)["findings"])


def test_argument_order_does_not_change_the_answer(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, NESTED)
    a = findings(["api/Dockerfile", "web/Dockerfile", "api/fly.toml", "web/fly.toml"], capsys)
    b = findings(["web/fly.toml", "web/Dockerfile", "api/fly.toml", "api/Dockerfile"], capsys)
    assert a == b
    assert ("web/Dockerfile", "DKR002", 1) in a
    assert not any(p == "api/Dockerfile" and c == "DKR002" for p, c, _ in a), a  # api/flylint.toml ignores it


def test_a_nested_config_applies_from_the_repository_root(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, NESTED)
    from_root = findings(["."], capsys)
    assert ("web/Dockerfile", "DKR002", 1) in from_root
    assert ("api/fly.toml", "FLY001", 4) in from_root
    assert not any(p == "api/Dockerfile" and c == "DKR002" for p, c, _ in from_root), from_root
    # the same answer as naming the files, or running from inside the folder
    assert from_root == findings(["web", "api"], capsys)
    os.chdir(in_tmp / "api")
    inside = findings(["."], capsys)
    assert sorted(c for _, c, _ in inside) == sorted(c for p, c, _ in from_root if p.startswith("api/"))


def test_config_option_overrides_every_nested_config(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {**NESTED, "only-dkr.toml": 'select = ["DKR002"]\n'})
    got = findings(["--config", "only-dkr.toml", "."], capsys)
    assert {(p, c) for p, c, _ in got} == {("api/Dockerfile", "DKR002"), ("web/Dockerfile", "DKR002")}


def test_the_run_names_the_configs_that_applied(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, NESTED)
    _, out, _ = run(["check", "."], capsys)
    assert out.rstrip().splitlines()[-1] == "Configuration: api/flylint.toml, flylint.toml"
    _, out, _ = run(["check", "--format", "json", "web"], capsys)
    assert json.loads(out)["summary"]["config_files"] == ["flylint.toml"]
    _, out, _ = run(["check", "--format", "sarif", "."], capsys)
    invocation = json.loads(out)["runs"][0]["invocations"][0]
    assert invocation["properties"]["configurationFiles"] == ["api/flylint.toml", "flylint.toml"]
    _, out, _ = run(["check", "--no-config", "."], capsys)
    assert "Configuration:" not in out


def test_a_config_above_the_repository_root_does_not_apply(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    write_project(tmp_path, {
        "flylint.toml": 'ignore = ["ALL"]\n',  # planted in a shared directory above the checkout
        "clone/.git/HEAD": "ref: refs/heads/main\n",
        "clone/fly.toml": APP.format(name="x"),
        "plain/fly.toml": APP.format(name="y"),  # no repository: the scanned path is the limit
    })
    monkeypatch.chdir(tmp_path / "clone")
    code, out, _ = run(["check", "."], capsys)
    assert code == 1 and "FLY001" in out and "Configuration:" not in out
    code, out, _ = run(["check", "fly.toml"], capsys)
    assert code == 1 and "FLY001" in out
    monkeypatch.chdir(tmp_path / "plain")
    code, out, _ = run(["check", "."], capsys)
    assert code == 1 and "FLY001" in out
    # inside the repository the config in its root applies
    (tmp_path / "clone" / "flylint.toml").write_text('ignore = ["FLY001"]\n')
    monkeypatch.chdir(tmp_path / "clone")
    code, out, _ = run(["check", "."], capsys)
    assert "FLY001" not in out and "Configuration: flylint.toml" in out


def test_fail_on_is_read_from_each_files_config(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {
        ".git/HEAD": "",
        "api/flylint.toml": 'select = ["FLY001"]\nfail-on = "error"\n',  # FLY001 is a warning
        "api/fly.toml": APP.format(name="api"),
    })
    code, out, _ = run(["check", "api/fly.toml"], capsys)
    assert "FLY001" in out and code == 0
    code, out, _ = run(["check", "--fail-on", "warning", "api/fly.toml"], capsys)
    assert code == 1


def test_show_settings_names_the_config_of_each_file(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, NESTED)
    code, out, _ = run(["check", "--show-settings", "web/Dockerfile", "api/Dockerfile"], capsys)
    assert code == 0
    assert "web/Dockerfile (dockerfile): flylint.toml" in out
    assert "api/Dockerfile (dockerfile): api/flylint.toml" in out
    section = out.split("[api/flylint.toml]", 1)[1].split("\n\n", 1)[0]
    assert 'ignore = ["DKR002"]' in section and "enabled rules (1): FLY001" in section
    code, out, _ = run(["check", "--no-config", "--show-settings", "web"], capsys)
    assert "web/fly.toml (fly_toml): (defaults: no configuration file)" in out


def test_repository_root_remembers_every_folder_it_passes(tmp_path: Path) -> None:
    from flylint.linter.config import repository_root

    repo = tmp_path / "repo"
    deep = repo / "a" / "b" / "c"
    deep.mkdir(parents=True)
    (repo / ".git").mkdir()
    outside = tmp_path / "loose" / "x"
    outside.mkdir(parents=True)
    known: dict[str, str | None] = {}
    assert repository_root(str(deep), known) == str(repo)
    assert known[str(deep)] == known[str(repo / "a")] == str(repo)  # filled on the way up
    assert repository_root(str(repo / "a" / "b"), known) == str(repo)
    assert repository_root(str(outside), known) is None and known[str(tmp_path / "loose")] is None
    # a nested repository below a folder already answered is still found: it is looked at first
    inner = repo / "a" / "sub"
    (inner / ".git").mkdir(parents=True)
    (inner / "d").mkdir()
    assert repository_root(str(inner / "d"), known) == str(inner)
    assert repository_root(str(deep)) == str(repo)  # without a memo: the same answers
