"""The start-up cache: modules, generated code and patterns reused across runs, never stale."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, write_project

from flylint.linter import startcache

SAMPLE = REPO / "examples" / "sample-app"

PROBE = """
import sys
from flylint.linter import startcache
startcache.install()
from flylint.linter.cli import main
rc = main(sys.argv[1:])
startcache.save()
engine = sys.modules["flylint.linter.engine"]
print("LOADER", type(engine.__spec__.loader).__name__, rc, file=sys.stderr)
"""


def _env(prefix: Path, src: Path = REPO / "src", **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(src), PYTHONPYCACHEPREFIX=str(prefix), NO_COLOR="1", **extra)
    return env


def _probe(args: list[str], env: dict[str, str], cwd: Path) -> tuple[str, str]:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)
    loader = [line for line in proc.stderr.splitlines() if line.startswith("LOADER")]
    assert loader, proc.stderr
    return proc.stdout, loader[-1]


def _cache_files(prefix: Path) -> list[Path]:
    return sorted(prefix.rglob("startup.*.cache"))


def test_second_run_is_served_from_the_cache_with_the_same_output(tmp_path: Path) -> None:
    prefix = tmp_path / "pycache"
    env = _env(prefix)
    first, loader1 = _probe(["check", "--no-config", "."], env, SAMPLE)
    assert len(_cache_files(prefix)) == 1
    second, loader2 = _probe(["check", "--no-config", "."], env, SAMPLE)
    assert "FLY003" in first and first == second
    assert loader1.split()[1] == "SourceFileLoader"
    assert loader2.split()[1] == "_StartCache"
    assert loader1.split()[2] == loader2.split()[2] == "1"


def test_an_edited_module_is_reimported_from_source(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(REPO / "src" / "flylint", src / "flylint", ignore=shutil.ignore_patterns("__pycache__"))
    project = write_project(tmp_path / "proj", {"fly.toml": 'app = "demo"\nprimary_region = "iad"\n\n'
                                                            '[http_service]\ninternal_port = 8080\n'})
    env = _env(tmp_path / "pycache", src)
    before, loader = _probe(["check", "--no-config", "--select", "FLY001", "."], env, project)
    assert "plain-HTTP requests" in before
    _, loader = _probe(["check", "--no-config", "--select", "FLY001", "."], env, project)
    assert loader.split()[1] == "_StartCache"
    rule = src / "flylint" / "rules" / "fly_toml" / "https_not_forced.py"
    text = rule.read_text()
    assert "plain-HTTP requests are passed" in text
    rule.write_text(text.replace("plain-HTTP requests are passed", "PLAIN-HTTP REQUESTS ARE PASSED"))  # same size
    st = rule.stat()
    os.utime(rule, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    after, loader = _probe(["check", "--no-config", "--select", "FLY001", "."], env, project)
    assert "PLAIN-HTTP REQUESTS" in after and "plain-HTTP requests" not in after
    assert loader.split()[1] == "_StartCache"  # the other modules still come from the cache
    again, _ = _probe(["check", "--no-config", "--select", "FLY001", "."], env, project)
    assert again == after


def test_a_corrupt_cache_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    prefix = tmp_path / "pycache"
    env = _env(prefix)
    good, _ = _probe(["check", "--no-config", "."], env, SAMPLE)
    (cache,) = _cache_files(prefix)
    cache.write_bytes(b"\x00garbage" * 10)
    out, loader = _probe(["check", "--no-config", "."], env, SAMPLE)
    assert out == good and loader.split()[1] == "SourceFileLoader"
    assert cache.stat().st_size > 1000  # rewritten
    out, loader = _probe(["check", "--no-config", "."], env, SAMPLE)
    assert out == good and loader.split()[1] == "_StartCache"


def test_no_cache_is_written_when_python_writes_no_bytecode(tmp_path: Path) -> None:
    prefix = tmp_path / "pycache"
    env = _env(prefix, PYTHONDONTWRITEBYTECODE="1")
    _probe(["check", "--no-config", "."], env, SAMPLE)
    assert _cache_files(prefix) == []


def test_the_program_exits_with_its_status_and_complete_output(tmp_path: Path) -> None:
    env = _env(tmp_path / "pycache")
    for _ in range(2):  # cold cache, then warm
        proc = subprocess.run([sys.executable, "-m", "flylint", "check", "--no-config", "--format", "json", "."],
                              cwd=SAMPLE, env=env, capture_output=True, text=True, check=False)
        assert proc.returncode == 1
        assert proc.stdout.rstrip().endswith("}") and '"findings"' in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "flylint", "check", "--no-config", "--exit-zero", "."],
                          cwd=SAMPLE, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and proc.stdout.rstrip().splitlines()[-1].startswith("Found ")
    proc = subprocess.run([sys.executable, "-m", "flylint", "--no-such-option"],
                          cwd=SAMPLE, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 2 and "No such option" in proc.stderr


@pytest.fixture
def active_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The cache installed in this process (with a private file), removed afterwards."""
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    startcache.install()
    try:
        yield startcache._active
    finally:
        startcache.uninstall()


PATTERNS = [
    (r"(?P<key>[A-Z_]+)=(?P<value>\S*)", 0),
    (r"^\s*FROM\s+(\S+)(?:\s+AS\s+(\w+))?", re.IGNORECASE | re.MULTILINE),
    (r"[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd]", 0),
    (r"(a)|b", 0),
]


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_patterns_rebuilt_from_the_cache_behave_like_re(pattern: str, flags: int, active_cache) -> None:
    text = "API_KEY=abc123 other\nfrom python:3.12 as build\n\u2028 ab"
    original = re._compile.__wrapped__
    fresh = startcache._from_cache(active_cache, pattern, int(flags), original)  # compiled and recorded
    assert (pattern, int(flags)) in active_cache.patterns
    rebuilt = startcache._from_cache(active_cache, pattern, int(flags), None)  # must not need the compiler
    assert rebuilt == fresh
    assert rebuilt.groupindex == fresh.groupindex and rebuilt.groups == fresh.groups
    assert [m.groups() for m in rebuilt.finditer(text)] == [m.groups() for m in fresh.finditer(text)]


def test_only_patterns_written_in_code_are_kept(active_cache) -> None:
    from flylint.linter.lazyre import lazy

    assert re.compile(r"kept[0-9]+(?:literal)?").match("kept42")
    assert lazy(r"lazy-kept-\d+").match("lazy-kept-7")
    built = "".join(["user-", "glob", ".*"])  # e.g. a .dockerignore line turned into a regex
    assert re.search(built, "a user-glob here")
    assert re.fullmatch(rf"\$\{{?{re.escape('SECRET_DIR')}\b", "${SECRET_DIR")
    kept = {p for p, _ in active_cache.patterns}
    assert {r"kept[0-9]+(?:literal)?", r"lazy-kept-\d+"} <= kept
    assert not any("user-" in p or "SECRET_DIR" in p for p in kept)


def test_patterns_that_are_not_strings_still_compile(active_cache) -> None:
    assert re.compile(rb"\d+").findall(b"a1b22") == [b"1", b"22"]
    compiled = re.compile("x")
    assert re.compile(compiled) is compiled


def test_uninstall_gives_re_back(active_cache) -> None:
    import re as re_module

    patched = re_module._compile
    startcache.uninstall()
    assert re_module._compile is not patched
    assert getattr(re_module._compile, "__wrapped__", None) is None


def test_generated_code_is_reused(active_cache) -> None:
    source = "def __init__(self, a):\n    self.a = a\n"
    first = startcache.compile_source(source)
    assert startcache.compile_source(source) is first
    assert active_cache.sources[source] is first


def test_without_the_cache_nothing_is_patched() -> None:
    assert startcache._active is None
    assert getattr(re._compile, "__wrapped__", None) is None
    assert not any(isinstance(f, startcache._StartCache) for f in sys.meta_path)


def test_the_cache_can_be_turned_off(tmp_path: Path) -> None:
    prefix = tmp_path / "pycache"
    env = _env(prefix, FLYLINT_STARTUP_CACHE="0")
    for _ in range(2):
        _, loader = _probe(["check", "--no-config", "."], env, SAMPLE)
        assert loader.split()[1] == "SourceFileLoader"
    assert _cache_files(prefix) == []


def test_modules_left_out_of_a_run_are_kept_and_still_served(tmp_path: Path) -> None:
    prefix = tmp_path / "pycache"
    env = _env(prefix)
    first, _ = _probe(["check", "--no-config", "."], env, SAMPLE)
    # a run of another command rewrites the cache around its own modules; the lint modules it did
    # not import are kept as marshalled bytes and served from those
    proc = subprocess.run([sys.executable, "-c", PROBE.replace('engine = sys.modules["flylint.linter.engine"]',
                                                               'import flylint.linter.engine as engine'),
                           "rule", "FLY001"], cwd=SAMPLE, env=env, capture_output=True, text=True, check=False)
    assert "FLY001 (https-not-forced)" in proc.stdout
    again, loader = _probe(["check", "--no-config", "."], env, SAMPLE)
    assert again == first and loader.split()[1] == "_StartCache"
    third, loader = _probe(["check", "--no-config", "."], env, SAMPLE)
    assert third == first and loader.split()[1] == "_StartCache"


def test_an_unwritable_cache_directory_costs_nothing_extra(active_cache, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(startcache.os, "access", lambda path, mode: False)
    active_cache.dirty = True
    monkeypatch.setattr(active_cache, "_add_imported_modules", lambda: pytest.fail("should not gather modules"))
    startcache.save()
    assert not Path(active_cache.path).exists()


def test_exit_handlers_run_and_their_output_is_kept(tmp_path: Path) -> None:
    code = ("import atexit, sys\n"
            "atexit.register(lambda: print('bye from atexit'))\n"
            "sys.argv = ['flylint', 'check', '--no-config', '--exit-zero', '.']\n"
            "from flylint.linter.cli import entry\nentry()\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=SAMPLE, env=_env(tmp_path / "pycache"),
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    assert proc.stdout.rstrip().endswith("bye from atexit")
    assert "Found " in proc.stdout


CONSOLE_SCRIPT = """import re
import sys
from flylint.linter.cli import main
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit(main())
"""


def test_the_console_script_runs_as_the_program_and_other_callers_get_a_return(tmp_path: Path) -> None:
    prefix = tmp_path / "pycache"
    env = _env(prefix)
    script = tmp_path / "bin" / "flylint"  # what pip writes for `flylint = "flylint.linter.cli:main"`
    script.parent.mkdir()
    script.write_text(CONSOLE_SCRIPT)
    proc = subprocess.run([sys.executable, str(script), "check", "--no-config", "."], cwd=SAMPLE, env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1 and "FLY003" in proc.stdout
    assert len(_cache_files(prefix)) == 1  # the program's start-up cache was written

    other = tmp_path / "lint_then_more.py"
    other.write_text("import sys\nfrom flylint.linter.cli import main\n"
                     "if __name__ == '__main__':\n"
                     "    sys.argv = ['x', 'check', '--no-config', '--exit-zero', '.']\n"
                     "    rc = main()\n    print('still here', rc)\n")
    prefix2 = tmp_path / "pycache2"
    proc = subprocess.run([sys.executable, str(other)], cwd=SAMPLE, env=_env(prefix2),
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and proc.stdout.rstrip().endswith("still here 0")
    assert _cache_files(prefix2) == []  # not the program: the import system was left alone


def test_a_read_only_install_keeps_its_cache_in_the_user_cache_dir(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "readonly"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(startcache, "_writable", lambda directory: str(tmp_path / "xdg") in directory)
    path = Path(startcache.cache_path())
    assert path.parent == tmp_path / "xdg" / "flylint"
    assert path.name.endswith(f"-startup.{sys.implementation.cache_tag}.cache")
    monkeypatch.setattr(startcache, "_writable", lambda directory: True)
    assert Path(startcache.cache_path()).is_relative_to(tmp_path / "readonly")
