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


def test_a_named_non_deploy_script_gets_no_finding(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, SCRIPTS)
    _code, out, err = run(["check", "--select", "ALL", "scripts/test.sh", "tools/dockerfile.py", "Dockerfile.j2"],
                         capsys)
    assert "scripts/test.sh" not in out and "dockerfile.py" not in out and "Dockerfile.j2" not in out, out
    assert "no fly config" in err


def test_detect_does_not_count_a_python_file_as_a_dockerfile(tmp_path: Path) -> None:
    from flylint.detect.detector import detect

    write_project(tmp_path, {"dockerfile.py": "# syntax = docker/dockerfile:1\nFROM = 'flyctl'\n"})
    det = detect(str(tmp_path))
    assert not next(s for s in det.signals if s.name == "dockerfile_flyio").found
