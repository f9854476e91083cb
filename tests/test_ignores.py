"""What is not linted: .gitignore and .git/info/exclude (checked against git itself), --exclude,
--extend-exclude, --force-exclude for named paths, build outputs and installed skill copies."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import write_project

from flylint.cli.main import main
from flylint.linter import gitignore

DOCKERFILE = "FROM node:latest\nCMD [\"node\", \"s.js\"]\n"

# patterns and paths compared with `git check-ignore`
GITIGNORE = "\n".join([
    "# comment", "\\#literal", "*.log", "!keep.log", "/root-only.txt", "build/", "docs/**/generated",
    "**/cache", "a/*/c", "secret?.txt", "[Tt]mp", "trailing\\ ", "foo/**", "",
])
PATHS = [
    ("app.log", False), ("sub/app.log", False), ("keep.log", False), ("sub/keep.log", False),
    ("#literal", False), ("root-only.txt", False), ("sub/root-only.txt", False),
    ("build", True), ("sub/build", True), ("build", False), ("docs/generated", False),
    ("docs/x/y/generated", False), ("docs2/generated", False), ("cache", True), ("x/y/cache", True),
    ("a/b/c", False), ("a/b/d/c", False), ("secret1.txt", False), ("secret12.txt", False),
    ("tmp", False), ("Tmp", False), ("TMP", False), ("trailing ", False), ("trailing", False),
    ("foo/bar", False), ("foo", True), ("x/foo/bar", False),
]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_gitignore_matches_like_git(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text(GITIGNORE)
    ours = gitignore.parse(GITIGNORE, str(tmp_path))
    answers = set()
    for rel, is_dir in PATHS:
        target = tmp_path / rel
        if is_dir:
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("")
        git = subprocess.run(["git", "-C", str(tmp_path), "check-ignore", "-q", "--no-index", rel],
                             capture_output=True).returncode == 0
        got = gitignore.decide([ours], str(target), is_dir) is True
        assert got == git, (rel, is_dir, got, git)
        answers.add(got)
        if is_dir:
            target.rmdir()
        else:
            target.unlink()
    assert answers == {True, False}


def test_a_hostile_pattern_is_matched_in_linear_time() -> None:
    ours = gitignore.parse("*" * 40 + "a\n" + "**/" * 30 + "b\n", "/r")
    name = "x" * 5000
    assert gitignore.decide([ours], f"/r/{name}", False) is None  # would not return with a backtracking regex


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, set[str], str]:
    code = main(["check", "--format", "json", "--select", "DKR002", *args])
    out, err = capsys.readouterr()
    return code, {f["path"] for f in json.loads(out)["findings"]}, err


REPO = {
    ".git/info/exclude": "local-only/\n",
    ".gitignore": "vendor/\n*.generated\n!keep.generated\n",
    "Dockerfile": DOCKERFILE,
    "vendor/lib/Dockerfile": DOCKERFILE,
    "local-only/Dockerfile": DOCKERFILE,
    "svc/Dockerfile.generated": DOCKERFILE,
    "svc/Dockerfile.keep.generated": DOCKERFILE,  # "!keep.generated" re-includes that exact name only
    "web/.gitignore": "Dockerfile.old\n",
    "web/Dockerfile.old": DOCKERFILE,
    "web/Dockerfile": DOCKERFILE,
    "build/lib/app/Dockerfile": DOCKERFILE,
    "dist/Dockerfile": DOCKERFILE,
}


def test_gitignored_files_are_not_linted(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, REPO)
    _, paths, _ = run(["."], capsys)
    assert paths == {"Dockerfile", "web/Dockerfile"}
    _, paths, _ = run(["--no-respect-gitignore", "."], capsys)
    assert paths == {"Dockerfile", "web/Dockerfile", "vendor/lib/Dockerfile", "local-only/Dockerfile",
                     "svc/Dockerfile.generated", "svc/Dockerfile.keep.generated", "web/Dockerfile.old"}
    (in_tmp / "flylint.toml").write_text("respect-gitignore = false\n")
    _, paths, _ = run(["."], capsys)
    assert "vendor/lib/Dockerfile" in paths


def test_outside_a_repository_gitignore_is_not_read(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {".gitignore": "vendor/\n", "vendor/Dockerfile": DOCKERFILE})
    _, paths, _ = run(["."], capsys)
    assert paths == {"vendor/Dockerfile"}


def test_exclude_options(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {".git/HEAD": "", "flylint.toml": 'exclude = ["b"]\n', "a/Dockerfile": DOCKERFILE,
                           "b/Dockerfile": DOCKERFILE, "c/Dockerfile": DOCKERFILE})
    assert run(["."], capsys)[1] == {"a/Dockerfile", "c/Dockerfile"}
    assert run(["--extend-exclude", "c", "."], capsys)[1] == {"a/Dockerfile"}
    assert run(["--exclude", "c", "."], capsys)[1] == {"a/Dockerfile", "b/Dockerfile"}  # replaces the config's


def test_force_exclude_applies_excludes_to_named_paths(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {**REPO, "flylint.toml": 'extend-exclude = ["legacy"]\n', "legacy/Dockerfile": DOCKERFILE})
    named = ["legacy/Dockerfile", "vendor/lib/Dockerfile", "web/Dockerfile"]
    # named paths are linted as asked ...
    assert run(named, capsys)[1] == set(named)
    # ... unless --force-exclude (the pre-commit hooks) applies the excludes and .gitignore to them
    assert run(["--force-exclude", *named], capsys)[1] == {"web/Dockerfile"}
    assert run(["--force-exclude", "--no-files", "ignore", "vendor"], capsys)[1] == set()


def test_installed_skill_copies_are_not_linted(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / ".git").mkdir()
    assert main(["skill", "install", "--project"]) == 0
    capsys.readouterr()
    assert any((in_tmp / ".claude").rglob("fly.toml"))
    write_project(in_tmp, {"Dockerfile": DOCKERFILE})
    code = main(["check", "--format", "json", "."])
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["files"] == 1 and code == 1
