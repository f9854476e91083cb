"""The pre-commit hooks (.pre-commit-hooks.yaml), run by the real pre-commit against this checkout.

The end-to-end tests make a git repository, stage files and run pre-commit on a snapshot of the
checkout (its files as they are now, committed into a temporary repository, so uncommitted work
is what gets tested). pre-commit installs the hooks the way users get them: a virtualenv and
``pip install`` of the repository. Its dependencies come from a wheel folder the fixture fills
once from the package index (``pip wheel``), so the hook installs run offline (``PIP_NO_INDEX``,
``PIP_FIND_LINKS``) in a few seconds each. ``try-repo``
installs into a throw-away store on every call, so one test goes through ``try-repo`` and the
others through ``pre-commit run`` with a config naming the same snapshot, which installs once
for the module. Skipped when pre-commit is not installed (it is in the ``test`` extra) or when
FLYLINT_SKIP_PRE_COMMIT_TEST=1 (offline machines).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, write_project

from flylint.linter.discover import classify, classify_name

HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
BY_ID = {hook["id"]: hook for hook in HOOKS}
IGNORE = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                ".ci-venv", ".venv", ".hypothesis", ".mypy_cache", ".ruff_cache", "*.sarif")


def test_both_hooks_exist_serial_and_force_exclude() -> None:
    assert set(BY_ID) == {"flylint", "flylint-fix"}
    for hook in HOOKS:
        assert hook["language"] == "python" and hook["require_serial"] is True
        words = hook["entry"].split()
        assert words[:2] == ["flylint", "check"] and "--force-exclude" in words
        assert words[words.index("--no-files") + 1] == "ignore"  # a staged test.sh alone passes
    assert "--fix" in BY_ID["flylint-fix"]["entry"].split() and "--fix" not in BY_ID["flylint"]["entry"].split()
    assert BY_ID["flylint"]["files"] == BY_ID["flylint-fix"]["files"]


# Paths flylint lints, as pre-commit passes them (relative to the repository root).
LINTED = [
    "fly.toml", "apps/api/fly.toml", "fly.staging.toml", "fly-prod.toml", "api.fly.toml", "fly.json", "fly.yaml",
    "fly.production.yml", "Dockerfile", "dockerfile", "Containerfile", "docker/Dockerfile.prod", "Dockerfile-worker",
    "Dockerfile_dev", "api.Dockerfile", "worker.containerfile", "web/api.dockerfile", ".dockerignore",
    "Dockerfile.dockerignore", ".containerignore", ".github/workflows/deploy.yml", ".github/workflows/ci.yaml",
    "deploy.sh", "scripts/deploy-staging.sh", "scripts/release.bash", "bin/deploy",
    # read by the secret rules (SEC005, SEC006)
    ".env", ".env.production", "config/production.yml", "package.json", "appsettings.json",
    "application.properties", "settings.ini", "config/app.toml",
]
# Paths pre-commit need not pass (flylint would not lint them whatever they hold).
NOT_PASSED = ["app.py", "dockerfile.py", "tools/dockerfile_test.go", "README.md", "fly.md",
              "docs/fly.toml.md", "config/fly.toml.example"]


def test_files_pattern_passes_every_file_flylint_lints() -> None:
    files = re.compile(BY_ID["flylint"]["files"])
    for path in LINTED:
        assert files.search(path), path
    for path in NOT_PASSED:
        assert not files.search(path), path


def test_files_pattern_covers_every_name_flylint_recognises(tmp_path: Path) -> None:
    files = re.compile(BY_ID["flylint"]["files"])
    # every file in the rule fixtures and the sample app that a scan lints by its name
    names = {p.relative_to(p.parents[1]).as_posix() for p in (REPO / "tests").rglob("*") if p.is_file()}
    names |= {p.relative_to(REPO).as_posix() for p in (REPO / "examples").rglob("*") if p.is_file()}
    recognised = [n for n in names if classify_name(n) is not None]
    assert len(recognised) > 50
    assert [n for n in recognised if not files.search(n)] == []
    # deploy scripts found by their contents: shell scripts and extension-less files
    write_project(tmp_path, {"bin/ship": "#!/bin/bash\nflyctl deploy\n", "ops/go.sh": "fly deploy --remote-only\n"})
    for rel in ("bin/ship", "ops/go.sh"):
        assert classify(str(tmp_path / rel)) == "shell" and files.search(rel), rel


# --- end to end: the real pre-commit ---------------------------------------------------------

APP = {
    "fly.toml": ('app = "x"\nprimary_region = "iad"\n\n[http_service]\n  internal_port = 8000\n  force_https = true\n\n'
                 '  [[http_service.checks]]\n    grace_period = "10s"\n    interval = "30s"\n    method = "GET"\n'
                 '    timeout = "5s"\n    path = "/healthz"\n'),
    "Dockerfile": 'FROM node:22.1.0-slim\nWORKDIR /app\nCOPY server.js /app/\nUSER node\nEXPOSE 8000\nCMD ["node", "server.js"]\n',
    ".dockerignore": ".git\n.env\nnode_modules\n",
    "server.js": "require('http').createServer((q, r) => r.end('ok')).listen(8000)\n",
    "flylint.toml": 'extend-exclude = ["legacy"]\n',
    "legacy/Dockerfile": "FROM node:latest\nADD app.js /app/\n",  # would get findings if linted
}


def _git_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME") and not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_NOSYSTEM="1",
               GIT_CONFIG_GLOBAL=os.devnull)
    return env


def _git(cwd: Path, env: dict[str, str], *args: str) -> str:
    proc = subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout.strip()


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    if os.environ.get("FLYLINT_SKIP_PRE_COMMIT_TEST"):
        pytest.skip("FLYLINT_SKIP_PRE_COMMIT_TEST is set")
    if importlib.util.find_spec("pre_commit") is None:
        pytest.skip("pre-commit is not installed (pip install '.[test]' installs it)")
    if shutil.which("git") is None:
        pytest.skip("pre-commit needs git")
    root = tmp_path_factory.mktemp("pre-commit")
    env = _git_env(root / "home")
    snapshot = root / "flylint"
    shutil.copytree(REPO, snapshot, ignore=IGNORE)
    _git(snapshot, env, "init", "-q", "-b", "main")
    _git(snapshot, env, "add", "-A")
    _git(snapshot, env, "commit", "-q", "-m", "snapshot of the checkout under test")
    # one resolution against the package index: every wheel the hook environments need (flylint's
    # dependencies and its build backend) into a folder; pre-commit's installs then read only it
    wheels = root / "wheels"
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--wheel-dir", str(wheels), str(snapshot),
                           "hatchling>=1.26"], env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    env.update(PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheels), PIP_DISABLE_PIP_VERSION_CHECK="1")
    return {"path": snapshot, "rev": _git(snapshot, env, "rev-parse", "HEAD"), "env": env}


@pytest.fixture
def project(hooks_repo: dict[str, object], tmp_path: Path) -> Path:
    env = hooks_repo["env"]
    assert isinstance(env, dict)
    config = {"repos": [{"repo": str(hooks_repo["path"]), "rev": hooks_repo["rev"],
                         "hooks": [{"id": "flylint", "stages": ["manual"]}, {"id": "flylint-fix", "stages": ["manual"]}]}]}
    write_project(tmp_path, {**APP, ".pre-commit-config.yaml": yaml.safe_dump(config)})
    _git(tmp_path, env, "init", "-q", "-b", "main")
    _git(tmp_path, env, "add", "-A")
    _git(tmp_path, env, "commit", "-q", "-m", "app")
    return tmp_path


def hook(hooks_repo: dict[str, object], project: Path, hook_id: str, try_repo: bool = False) -> tuple[int, str]:
    """pre-commit's run of one hook on the staged files of ``project``: ``try-repo`` of the snapshot,
    or ``run`` with the project's config (which names the same snapshot and revision)."""
    env = hooks_repo["env"]
    assert isinstance(env, dict)
    if try_repo:
        cmd = ["try-repo", str(hooks_repo["path"]), hook_id, "--ref", str(hooks_repo["rev"])]
    else:
        cmd = ["run", hook_id, "--hook-stage", "manual"]
    proc = subprocess.run([sys.executable, "-m", "pre_commit", *cmd, "--color", "never"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=900)
    out = proc.stdout + proc.stderr
    assert "An unexpected error has occurred" not in out, out
    return proc.returncode, out


def stage(project: Path, files: dict[str, str], env: object) -> None:
    assert isinstance(env, dict)
    write_project(project, files)
    _git(project, env, "add", *files)


def test_try_repo_on_a_commit(hooks_repo: dict[str, object], project: Path) -> None:
    """One commit through ``try-repo``: a Dockerfile whose EXPOSE no longer matches fly.toml, a test
    script, a Python file named dockerfile.py and a Dockerfile in an excluded folder."""
    stage(project, {"Dockerfile": APP["Dockerfile"].replace("EXPOSE 8000", "EXPOSE 9000"),
                    "scripts/test.sh": "#!/usr/bin/env bash\npytest -q\n",
                    "tools/dockerfile.py": "FROM = 'node:latest'\nRUN = 'apt-get install curl'\n",
                    "legacy/Dockerfile": APP["legacy/Dockerfile"] + "EXPOSE 1\n"}, hooks_repo["env"])
    code, out = hook(hooks_repo, project, "flylint", try_repo=True)
    assert code == 1 and re.search(r"^flylint\.+Failed$", out, re.M), out
    findings = re.findall(r"^(\S+?):(\d+):\d+: ([A-Z]+\d+) ", out, re.M)
    assert findings == [("fly.toml", "5", "DKR037")], out  # only the cross-file finding the Dockerfile moved
    assert "internal_port = 8000, but the Dockerfile (Dockerfile) only EXPOSEs 9000" in out
    # the README shows this run's output
    line = next(x for x in out.splitlines() if x.startswith("fly.toml:5:"))
    readme = (REPO / "README.md").read_text(encoding="utf-8").split("## pre-commit", 1)[1]
    assert line in readme and "Found 1 problem (1 warning) in 1 file.\n" in out and "Found 1 problem (1 warning) in 1 file.\n" in readme


def test_a_staged_dockerfile_passes_once_the_ports_agree(hooks_repo: dict[str, object], project: Path) -> None:
    stage(project, {"Dockerfile": APP["Dockerfile"].replace("EXPOSE 8000", "EXPOSE 9000")}, hooks_repo["env"])
    code, out = hook(hooks_repo, project, "flylint")
    assert code == 1 and "fly.toml:5:19: DKR037" in out, out
    stage(project, {"Dockerfile": APP["Dockerfile"] + "# listens on 8000\n"}, hooks_repo["env"])
    code, out = hook(hooks_repo, project, "flylint")
    assert code == 0 and re.search(r"^flylint\.+Passed$", out, re.M), out


def test_a_test_script_and_a_python_file_get_no_findings(hooks_repo: dict[str, object], project: Path) -> None:
    stage(project, {"scripts/test.sh": "#!/usr/bin/env bash\npytest -q\n",
                    "tools/dockerfile.py": "FROM = 'node:latest'\nRUN = 'apt-get install curl'\n"},
          hooks_repo["env"])
    code, out = hook(hooks_repo, project, "flylint")
    assert code == 0 and "Passed" in out, out
    assert "test.sh:" not in out and "dockerfile.py" not in out and "error" not in out, out


def test_an_excluded_path_is_not_linted(hooks_repo: dict[str, object], project: Path) -> None:
    stage(project, {"legacy/Dockerfile": APP["legacy/Dockerfile"] + "EXPOSE 1\n"}, hooks_repo["env"])
    code, out = hook(hooks_repo, project, "flylint")
    assert code == 0 and "Passed" in out and "legacy/Dockerfile" not in out, out
    # the same file outside the excluded folder is linted
    stage(project, {"current/Dockerfile": APP["legacy/Dockerfile"]}, hooks_repo["env"])
    code, out = hook(hooks_repo, project, "flylint")
    assert code == 1 and "current/Dockerfile:1:6: DKR002" in out and "legacy/" not in out, out


def test_the_fix_hook_rewrites_then_passes(hooks_repo: dict[str, object], project: Path) -> None:
    fixed = APP["Dockerfile"] + "# v2\n"
    fixable = fixed.replace("COPY server.js", "ADD server.js")
    stage(project, {"Dockerfile": fixable}, hooks_repo["env"])
    code, out = hook(hooks_repo, project, "flylint")
    assert code == 1 and "Dockerfile:3:1: DKR004" in out, out
    code, out = hook(hooks_repo, project, "flylint-fix")
    assert code == 1 and "files were modified by this hook" in out, out
    assert (project / "Dockerfile").read_text(encoding="utf-8") == fixed
    _git(project, hooks_repo["env"], "add", "Dockerfile")
    code, out = hook(hooks_repo, project, "flylint-fix")
    assert code == 0 and "Passed" in out, out
