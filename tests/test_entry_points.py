"""One answer from every entry point: a file named on the command line is linted exactly as
if its directory had been scanned (classification, project, configuration, ignores)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_project

from flylint.cli.main import main
from flylint.linter.discover import classify, classify_name


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name, kind", [
    ("Dockerfile", "dockerfile"),
    ("dockerfile", "dockerfile"),
    ("Containerfile", "dockerfile"),
    ("Dockerfile.production", "dockerfile"),
    ("Dockerfile.caddyfile", "dockerfile"),
    ("Dockerfile-prod", "dockerfile"),
    ("api.Dockerfile", "dockerfile"),
    ("worker.containerfile", "dockerfile"),
    ("Dockerfile.dockerignore", "dockerignore"),
    # not Dockerfiles: other languages, templates, docs, lower-case prefixes of other files
    ("dockerfile.py", None),
    ("dockerfile_test.go", None),
    ("Dockerfile.j2", None),
    ("Dockerfile.tmpl", None),
    ("Dockerfile.md", None),
    ("dockerfile.prod", None),
    ("dockerfiles", None),
])
def test_dockerfile_naming(name: str, kind: str | None) -> None:
    assert classify_name(name) == kind


SCRIPTS = {
    "scripts/test.sh": "#!/usr/bin/env bash\npytest -q\n",
    "scripts/release.sh": "#!/usr/bin/env bash\nset -e\nflyctl deploy --remote-only\n",
    "deploy-staging.sh": "#!/usr/bin/env bash\necho start\n",
    "tools/dockerfile.py": "print('FROM alpine')\nRUN = 1\n",
    "Dockerfile.j2": "FROM {{ base }}\nRUN echo hi\n",
}


def test_named_files_are_classified_as_walking_finds_them(tmp_path: Path) -> None:
    write_project(tmp_path, SCRIPTS)
    for rel in SCRIPTS:
        path = str(tmp_path / rel)
        assert classify(path, explicit=True) == classify(path), rel
    assert classify(str(tmp_path / "scripts/test.sh")) is None
    assert classify(str(tmp_path / "scripts/release.sh")) == "shell"
    assert classify(str(tmp_path / "deploy-staging.sh")) == "shell"


@pytest.mark.parametrize("line, deploys", [
    ("~/.fly/bin/flyctl deploy --remote-only", True),  # where the installer puts flyctl
    ('"$HOME/.fly/bin/flyctl" -t "$TOKEN" deploy', True),
    ("/usr/local/bin/fly secrets import < .env.prod", True),
    ("cp bin/fly dist/", False),  # a file named fly, not a command
    ('echo "built /fly deploy"', False),
    ("# ~/.fly/bin/flyctl deploy", False),
    ("cd /srv/fly && make", False),
])
def test_fly_run_by_its_path_makes_a_deploy_script(line: str, deploys: bool, tmp_path: Path) -> None:
    write_project(tmp_path, {"ci/ship.sh": f"#!/bin/bash\nset -e\n{line}\n"})
    assert (classify(str(tmp_path / "ci/ship.sh")) == "shell") is deploys


def test_a_named_non_deploy_script_gets_no_finding(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, SCRIPTS)
    _code, out, err = run(["check", "--select", "ALL", "scripts/test.sh", "tools/dockerfile.py", "Dockerfile.j2"],
                         capsys)
    assert "scripts/test.sh" not in out and "dockerfile.py" not in out and "Dockerfile.j2" not in out, out
    assert "no file to check in scripts/test.sh" in err


def test_detect_does_not_count_a_python_file_as_a_dockerfile(tmp_path: Path) -> None:
    from flylint.detect.detector import detect

    write_project(tmp_path, {"dockerfile.py": "# syntax = docker/dockerfile:1\nFROM = 'flyctl'\n"})
    det = detect(str(tmp_path))
    assert not next(s for s in det.signals if s.name == "dockerfile_flyio").found


PORTS = {
    ".git/HEAD": "ref: refs/heads/main\n",
    "fly.toml": 'app = "x"\nprimary_region = "iad"\n\n[http_service]\n  internal_port = 8000\n  force_https = true\n',
    "Dockerfile": 'FROM node:22.1.0-slim\nUSER node\nEXPOSE 9000\nCMD ["node", "server.js"]\n',
}


def _json(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict]:
    import json

    code, out, err = run(["check", "--format", "json", *args], capsys)
    assert code in (0, 1), err
    return json.loads(out)["findings"]


def test_a_named_dockerfile_gets_the_cross_file_finding_on_fly_toml(in_tmp: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, PORTS)
    staged = _json(["Dockerfile"], capsys)
    assert [(f["path"], f["code"]) for f in staged] == [("fly.toml", "DKR037")]
    assert staged[0]["fix"] is None  # never a fix for a file that was not asked for
    # fly.toml's own findings (no health check) stay out: their evidence did not move
    whole = {(f["path"], f["code"]) for f in _json(["."], capsys)}
    assert ("fly.toml", "FLY002") in whole and ("fly.toml", "DKR037") in whole
    # once the ports agree, the staged Dockerfile is clean
    (in_tmp / "Dockerfile").write_text(PORTS["Dockerfile"].replace("9000", "8000"))
    assert _json(["Dockerfile"], capsys) == []


LAYOUT = {
    ".git/HEAD": "",
    "api/fly.toml": 'app = "api"\n\n[http_service]\n  internal_port = 8080\n\n[build]\n  dockerfile = "docker/app.df"\n',
    "api/docker/app.df": "FROM node:latest\nEXPOSE 3000\nCMD [\"node\", \"s.js\"]\n",
    "api/.dockerignore": "node_modules\n",
    "api/scripts/release.sh": "#!/bin/sh\nfly deploy\n",
    "api/scripts/test.sh": "#!/bin/sh\npytest\n",
    ".github/workflows/deploy.yml": ("on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n"
                                    "      - uses: actions/checkout@v4\n      - run: flyctl deploy\n"
                                    "        env:\n          FLY_API_TOKEN: abc\n"),
}


@pytest.mark.parametrize("rel", ["api/fly.toml", "api/docker/app.df", "api/.dockerignore", "api/scripts/release.sh",
                                 ".github/workflows/deploy.yml"])
def test_a_named_file_gets_what_the_scan_gives_it(rel: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, LAYOUT)
    scanned = [f for f in _json(["--select", "ALL", "."], capsys) if f["path"] == rel]
    assert scanned or rel == "api/.dockerignore"
    named = [f for f in _json(["--select", "ALL", rel], capsys) if f["path"] == rel]
    assert named == scanned
    folder = [f for f in _json(["--select", "ALL", rel.rsplit("/", 1)[0]], capsys) if f["path"] == rel]
    assert folder == scanned


def test_the_dockerfile_named_in_build_is_linted_whatever_its_name(in_tmp: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, LAYOUT)
    for args in (["."], ["api/docker/app.df"], ["api/docker"], ["api"]):
        got = {(f["path"], f["code"]) for f in _json(["--select", "DKR002", *args], capsys)}
        assert got == {("api/docker/app.df", "DKR002")}, args
    # excluded by the config: not linted while walking
    (in_tmp / "flylint.toml").write_text('extend-exclude = ["api/docker"]\n')
    assert _json(["--select", "DKR002", "."], capsys) == []
