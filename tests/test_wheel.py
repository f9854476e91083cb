"""The wheel carries the skill: build sdist -> wheel, install it into a fresh venv, use it.

Slow-ish (about 20-40 s: an sdist and a wheel build, installs with dependencies from the
package index), but part of the default run because it is the only test that sees flylint the way
users install it: no editable install, no checkout to fall back to. Set
FLYLINT_SKIP_WHEEL_TEST=1 to skip it when offline.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from conftest import REPO

SKILL = REPO / "skills" / "flyio"
IGNORE = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                ".ci-venv", ".venv", ".hypothesis", ".mypy_cache", ".ruff_cache", "*.sarif")


PIP = [sys.executable, "-m", "pip"]  # pip of the test environment, pointed at a venv with --python


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{' '.join(cmd)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if os.environ.get("FLYLINT_SKIP_WHEEL_TEST"):
        pytest.skip("FLYLINT_SKIP_WHEEL_TEST is set")
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"
    shutil.copytree(REPO, src, ignore=IGNORE)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    venv = root / "venv"
    # a venv without its own pip (ensurepip costs ~20 s here): this interpreter's pip installs into it
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], root, env)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    py = bindir / "python"
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    dist = root / "dist"
    # sdist, then the wheel from the sdist; with the backend of the test extra rather than an
    # isolated build environment per step (the backend and its configuration are the same)
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-isolation"]
    _run([sys.executable, "-m", "build", *isolation, "--outdir", str(dist), str(src)], root, env)
    wheels = list(dist.glob("*.whl"))
    sdists = list(dist.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1
    _run([*PIP, "--python", str(py), "install", "--quiet", str(wheels[0])], root, env)  # dependencies too
    return {"root": root, "bin": bindir, "wheel": wheels[0], "sdist": sdists[0], "env": env}  # type: ignore[dict-item]


def _skill_members() -> list[str]:
    return sorted(p.relative_to(SKILL).as_posix() for p in SKILL.rglob("*") if p.is_file()
                  and "__pycache__" not in p.parts)


def test_sdist_and_wheel_carry_the_skill(installed: dict) -> None:
    with tarfile.open(installed["sdist"]) as tar:
        names = tar.getnames()
    top = names[0].split("/")[0]
    for rel in _skill_members():
        assert f"{top}/skills/flyio/{rel}" in names, f"sdist lacks skills/flyio/{rel}"
    with zipfile.ZipFile(installed["wheel"]) as whl:
        infos = {i.filename: i for i in whl.infolist()}
    for rel in _skill_members():
        assert f"flylint/skills/flyio/{rel}" in infos, f"wheel lacks flylint/skills/flyio/{rel}"
    script = infos["flylint/skills/flyio/examples/python-django/deploy.sh"]
    assert (script.external_attr >> 16) & stat.S_IXUSR, "deploy.sh lost its executable bit in the wheel"


def test_installed_flylint_reads_its_own_copy(installed: dict) -> None:
    proc = _run([str(installed["bin"] / "python"), "-c",
                 "import flylint.skill.templates as t; print(t.skill_dir())"], installed["root"], installed["env"])
    where = Path(proc.stdout.strip())
    assert where.parts[-3:] == ("flylint", "skills", "flyio")
    assert str(where).startswith(str(installed["root"] / "venv")), where


def test_init_from_the_wheel_lints_clean(installed: dict) -> None:
    project = installed["root"] / "django-app"
    project.mkdir()
    flylint = str(installed["bin"] / "flylint")
    env = installed["env"]
    _run([flylint, "init", "--template", "python-django"], project, env)
    names = sorted(p.name for p in project.iterdir())
    assert names == [".dockerignore", "Dockerfile", "README.fly.md", "deploy.sh", "fly.toml"]
    assert (project / "deploy.sh").stat().st_mode & stat.S_IXUSR
    assert 'app = "django-app"' in (project / "fly.toml").read_text(encoding="utf-8")
    proc = subprocess.run([flylint, "check", "--select", "ALL", "--no-config", "--fail-on", "info",
                           "--format", "json", "."], cwd=project, env=env, capture_output=True, text=True)
    report = json.loads(proc.stdout)
    assert report["findings"] == [], report["findings"]
    assert report["summary"]["files"] == 4
    assert proc.returncode == 0, proc.stderr


def test_skill_install_from_the_wheel(installed: dict) -> None:
    project = installed["root"] / "agent-project"
    project.mkdir()
    _run([str(installed["bin"] / "flylint"), "skill", "install", "--project"], project, installed["env"])
    target = project / ".claude" / "skills" / "flyio"
    got = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert got == _skill_members()
    for rel in got:
        assert (target / rel).read_bytes() == (SKILL / rel).read_bytes(), rel
    assert (target / "examples" / "go-http-server" / "deploy.sh").stat().st_mode & stat.S_IXUSR
    assert (target / "examples" / "go-http-server" / ".dockerignore").is_file()
    try:
        from skills_ref import validate
    except ImportError:
        pytest.skip("skills-ref is not installed; the copy was compared byte for byte instead")
    assert list(validate(target)) == []


def test_pip_install_dot_and_editable_find_the_skill(installed: dict) -> None:
    """`pip install .` copies the skill into the package; `pip install -e .` reads the checkout's."""
    root, env, src = installed["root"], installed["env"], installed["root"] / "src"
    venv = root / "plain-venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], root, env)
    py = str(venv / ("Scripts" if os.name == "nt" else "bin") / "python")
    pip = [*PIP, "--python", py, "install", "--quiet"]
    show = ("import flylint.skill.templates as t, json; "
            "print(json.dumps([str(t.skill_dir())] + [[f.rel, f.executable] for f in t.skill_files()]))")
    theirs = [[rel, bool((SKILL / rel).stat().st_mode & stat.S_IXUSR)] for rel in _skill_members()]

    # the build backend once, instead of an isolated build environment for each install
    _run([*pip, "hatchling"], root, env)
    _run([*pip, "--no-deps", "--no-build-isolation", str(src)], root, env)
    where, *files = json.loads(_run([py, "-c", show], root, env).stdout)
    assert Path(where).parts[-3:] == ("flylint", "skills", "flyio") and str(venv) in where
    assert files == theirs
    for rel in _skill_members():
        assert (Path(where) / rel).read_bytes() == (SKILL / rel).read_bytes(), rel

    _run([*pip, "--no-deps", "--no-build-isolation", "--force-reinstall", "-e", str(src)], root, env)
    where, *files = json.loads(_run([py, "-c", show], root, env).stdout)
    assert Path(where) == src / "skills" / "flyio"
    assert files == theirs
    stale = list(venv.rglob("site-packages/flylint/skills"))
    assert stale == [], "the editable install holds a copy of the skill nobody reads"
