"""Hostile repositories: each attack class of issue #14 has a case here (README "Guarantees").

Classes: memory and time bombs (special files, YAML aliases, globs, user regexes, quadratic
rules), secrets in any output, data loss on writes, output injection, failing open. Inputs are
small: linearity is shown by counting work (automaton steps, executed lines) on inputs of two
sizes, never by timing; ``benchmarks/fuzz_hostile.py`` runs the large versions.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from conftest import lint, write_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flylint.cli.main import main

FLY = 'app = "x"\n[http_service]\ninternal_port = 8080\nforce_https = true\n'
DOCKER_COPY = "FROM alpine:3.19\nCOPY . /app\nUSER nobody\n"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    lines = [line for line in err.splitlines() if line.startswith("flylint: error:")]
    assert len(lines) == 1, err
    assert "internal error" not in err and "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], err


# -- bounds: special files ------------------------------------------------------------------
@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_baseline_that_is_not_a_regular_file_is_an_error(in_tmp: Path, capsys, special: str) -> None:
    write_project(in_tmp, {"fly.toml": FLY})
    if special == "fifo":
        os.mkfifo(in_tmp / "fifo")
    (in_tmp / "flylint.toml").write_text(f'baseline = "{special}"\n')
    code, _, err = run(["check", "."], capsys)
    assert_one_line_error(code, err, "not a regular file")


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_config_that_is_not_a_regular_file_is_an_error(in_tmp: Path, capsys, special: str) -> None:
    write_project(in_tmp, {"fly.toml": FLY})
    if special == "fifo":
        os.mkfifo(in_tmp / "fifo")
    code, _, err = run(["check", "--config", special, "."], capsys)
    assert code == 2 and "internal error" not in err, err


def test_linted_file_replaced_by_a_fifo_is_a_finding_not_a_hang(in_tmp: Path, capsys) -> None:
    os.mkfifo(in_tmp / "fly.toml")
    code, _out, err = run(["check", "fly.toml"], capsys)
    # named on the command line, a FIFO is not a file to lint: a clear error or a finding, no hang
    assert code != 0 and "internal error" not in err


def test_oversized_files_are_findings(in_tmp: Path, capsys) -> None:
    from flylint.linter.source import MAX_FILE_BYTES

    (in_tmp / "fly.toml").write_text('app = "x"\n' + "#" * (MAX_FILE_BYTES + 10) + "\n")
    code, out, _ = run(["check", "--format", "json", "."], capsys)
    assert code == 1 and "FLY000" in out and "larger than" in out


def test_read_limited_refuses_devices_fifos_and_large_files(tmp_path: Path) -> None:
    from flylint.base.files import FileRefused, read_limited

    with pytest.raises(FileRefused, match="character device"):
        read_limited("/dev/zero", 10)
    os.mkfifo(tmp_path / "p")
    with pytest.raises(FileRefused, match="named pipe"):
        read_limited(str(tmp_path / "p"), 10)
    (tmp_path / "f").write_bytes(b"x" * 11)
    with pytest.raises(FileRefused, match="larger than"):
        read_limited(str(tmp_path / "f"), 10)
    assert read_limited(str(tmp_path / "f"), 11)[0] == b"x" * 11


# -- bounds: YAML aliases -------------------------------------------------------------------
def _laughs(levels: int) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join(["*" + prev] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("rel", [".github/workflows/deploy.yml", "fly.yaml", "fly.staging.yaml"])
def test_yaml_alias_bomb_is_a_parse_finding(in_tmp: Path, capsys, rel: str) -> None:
    body = _laughs(9) + ("on: push\njobs: {}\n" if rel.endswith(".yml") else "app: x\n")
    write_project(in_tmp, {rel: body})
    assert len(body) < 500
    code, out, err = run(["check", "--format", "json", "."], capsys)
    assert code == 1, err
    assert "aliases expand this document" in out
    assert re.search(r'"code": "(GHA|FLY)000"', out)


def test_recursive_yaml_alias_is_a_parse_finding(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {".github/workflows/d.yml": "on: push\njobs: &a\n  x: *a\n"})
    code, out, _ = run(["check", "."], capsys)
    assert code == 1 and "GHA000" in out and "contains it" in out


def test_small_alias_use_is_still_read(in_tmp: Path, capsys) -> None:
    wf = ("on: push\nenv: &e\n  A: b\njobs:\n  d:\n    runs-on: ubuntu-latest\n    env: *e\n"
          "    steps:\n      - run: echo hi\n")
    write_project(in_tmp, {".github/workflows/d.yml": wf})
    _code, out, _ = run(["check", "--format", "json", "."], capsys)
    assert "GHA000" not in out


def test_alias_budget_counts_the_expansion_without_doing_it() -> None:
    from flylint.linter.parsers.yaml_positions import MAX_ALIAS_EXPANSION, YamlError, compose

    compose(_laughs(5))  # 9**5 / 9 ~ 7,000 extra nodes: fine
    with pytest.raises(YamlError, match=str(MAX_ALIAS_EXPANSION)):
        compose(_laughs(7))


# -- bounds: globs --------------------------------------------------------------------------
def _count_steps(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from flylint.base import glob

    calls = [0]
    real = glob.Glob._closure

    def counted(self, states):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return real(self, states)

    monkeypatch.setattr(glob.Glob, "_closure", counted)
    return calls


@pytest.mark.parametrize("dialect", ["docker", "fnmatch"])
@pytest.mark.parametrize("pattern", ["*" * 30 + "a", "**" * 20 + "a", "*a" * 40 + "b", "**/" * 30 + "x", "?*" * 30 + "b"])
def test_glob_matching_is_one_pass_over_the_text(monkeypatch, dialect: str, pattern: str) -> None:
    from flylint.base.glob import Glob

    calls = _count_steps(monkeypatch)
    g = Glob(pattern, dialect)
    for n in (100, 1000):
        calls[0] = 0
        assert g.match("a" * n) is False if not pattern.endswith("a") else True
        assert calls[0] <= n + 1  # one state-set step per character, however many stars


_GLOB_CHARS = st.text(alphabet="ab/.*?[]!^-", max_size=8)
_NAME_CHARS = st.text(alphabet="ab/.-!^]", max_size=8)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_GLOB_CHARS, _NAME_CHARS)
def test_fnmatch_dialect_agrees_with_python(pattern: str, name: str) -> None:
    import fnmatch

    from flylint.base.glob import fnmatchcase

    try:
        expected = fnmatch.fnmatchcase(name, pattern)
    except re.error:
        return
    assert fnmatchcase(name, pattern) == expected



@pytest.mark.parametrize("pattern", ["*.egg-info", "a*.egg-info", "*", "ab*", "*b", "a*b", "*a*", "a*[b]"])
@pytest.mark.parametrize("name", ["", "a", "b", "ab", "x.egg-info", "a.egg-info", "a/x.egg-info", "aab", "ba",
                                  ".egg-info", "a.egg-infox"])
def test_one_star_patterns_take_the_suffix_path_and_agree_with_python(pattern: str, name: str) -> None:
    import fnmatch

    from flylint.base.glob import compile_glob, fnmatchcase

    assert fnmatchcase(name, pattern) == fnmatch.fnmatchcase(name, pattern)
    # the shapes `*lit` and `lit*lit` are decided by a prefix and suffix test
    assert (compile_glob(pattern)._suffix is not None) == (pattern.count("*") == 1 and "[" not in pattern)

@settings(max_examples=300, deadline=None)
@given(_GLOB_CHARS, _NAME_CHARS)
def test_docker_dialect_agrees_with_a_regex_translation(pattern: str, name: str) -> None:
    """The reference: Docker's rules written as a (backtracking) regex, on tiny inputs only."""
    import warnings

    from flylint.base.glob import Glob

    if "[]" in pattern or "[^]" in pattern or "[!]" in pattern:
        return  # empty classes: Docker refuses the pattern; we match nothing
    out, i = ["^"], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "*":
            if pattern.startswith("**", i):
                i += 2
                if i < len(pattern) and pattern[i] == "/":
                    i += 1
                    out.append("(?:.*/)?")
                else:
                    out.append(".*")
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[" and pattern.find("]", i + 1) != -1:
            end = pattern.find("]", i + 1)
            body = pattern[i + 1:end]
            neg = body[:1] in ("^", "!")
            out.append("[" + ("^" if neg else "") + "".join("\\" + ch if ch in "[&~|\\^-" and not (
                ch == "-" and 0 < k < len(body[neg:]) - 1) else ch for k, ch in enumerate(body[neg:])) + "]")
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    out.append("(?:/.*)?$")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = re.match("".join(out), name) is not None
    except re.error:
        expected = False
    assert Glob(pattern, "docker").match(name) == expected


def test_dockerignore_star_bomb_is_linted(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"fly.toml": FLY, "Dockerfile": "FROM alpine:3.19\nCOPY . /app\nUSER nobody\n",
                           ".dockerignore": "*" * 40 + "a\n" + "dir/" + "*" * 40 + "b\n"})
    code, _, err = run(["check", "."], capsys)
    assert code in (0, 1) and "internal error" not in err


def test_config_glob_bomb_is_matched_linearly(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"fly.toml": FLY, ("x" * 60) + "/fly.toml": FLY,
                           "flylint.toml": f'exclude = ["{"*" * 40}b"]\n[per-file-ignores]\n"{"*" * 40}c" = ["FLY001"]\n'})
    code, _, err = run(["check", "."], capsys)
    assert code in (0, 1) and "internal error" not in err


# -- bounds: user regexes -------------------------------------------------------------------
_EVIL_SIGNAL = """[detect.signals.evil]
weight = 0.5
files = ["*.txt"]
patterns = ["^(a+)+$"]
regex = true
"""


def test_regex_signal_runs_on_a_linear_engine(in_tmp: Path, capsys) -> None:
    pytest.importorskip("re2")
    write_project(in_tmp, {"flylint.toml": _EVIL_SIGNAL, "x.txt": "a" * 40 + "!\n", "y.txt": "aaa\n"})
    code, out, err = run(["detect", "--format", "json", "."], capsys)
    assert code == 1, err
    assert '"name": "evil"' in out and "y.txt" in out  # matched the second file, line-anchored


def test_regex_signal_without_re2_is_a_clear_error(in_tmp: Path, capsys, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "re2", None)  # import re2 -> ImportError
    write_project(in_tmp, {"flylint.toml": _EVIL_SIGNAL, "x.txt": "a\n"})
    code, _, err = run(["detect", "."], capsys)
    assert_one_line_error(code, err, "google-re2", "regex = false")


def test_regex_signal_with_backreference_is_a_config_error(in_tmp: Path, capsys) -> None:
    pytest.importorskip("re2")
    write_project(in_tmp, {"flylint.toml": _EVIL_SIGNAL.replace("^(a+)+$", "(a)\\\\1"), "x.txt": "a\n"})
    code, _, err = run(["detect", "."], capsys)
    assert_one_line_error(code, err, "patterns[0]", "RE2")


# -- fail closed ----------------------------------------------------------------------------
def _deny(monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    """Make directories ending in ``suffix`` unlistable (tests may run as root, where chmod 000
    does not stop reading)."""
    real = os.scandir

    def scandir(path="."):  # type: ignore[no-untyped-def]
        if os.fspath(path).rstrip("/").endswith(suffix):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit", "gitlab"])
def test_unreadable_folder_fails_closed(in_tmp: Path, capsys, monkeypatch, fmt: str) -> None:
    write_project(in_tmp, {"locked/fly.toml": FLY})
    _deny(monkeypatch, "locked")
    code, out, _err = run(["check", "--format", fmt, "."], capsys)
    assert code == 2
    assert "locked" in out
    assert "All checks passed" not in out and "all checks passed" not in out
    if fmt == "sarif":
        assert '"executionSuccessful": false' in out


def test_detect_names_unreadable_files_and_gives_its_verdict(in_tmp: Path, capsys, monkeypatch) -> None:
    write_project(in_tmp, {"fly.toml": FLY, "locked/x.env": "FLY_APP_NAME=x\n"})
    os.mkfifo(in_tmp / "deploy.sh")
    _deny(monkeypatch, "locked")
    code, out, err = run(["detect", "."], capsys)
    assert code == 0, err  # the verdict for the rest of the tree
    assert "could not read locked" in out


# -- bounds: quadratic rules ------------------------------------------------------------------
def test_unknown_key_suggestions_are_bounded_per_file(in_tmp: Path, monkeypatch) -> None:
    """100,000 unknown tables once took minutes ("did you mean" for each); past a budget the
    findings name the key without a guess."""
    import difflib

    from flylint.fly.schema import MAX_SUGGESTED_KEYS

    calls = [0]
    real = difflib.get_close_matches

    def counted(*a, **kw):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return real(*a, **kw)

    monkeypatch.setattr(difflib, "get_close_matches", counted)
    n = MAX_SUGGESTED_KEYS + 50
    write_project(in_tmp, {"fly.toml": FLY + "".join(f"[zz{i}]\nk = 1\n" for i in range(n))})
    from conftest import lint

    result = lint(["."], select=["FLY010"])
    assert sum(f.code == "FLY010" for f in result.findings) == n
    assert calls[0] <= MAX_SUGGESTED_KEYS
    assert not any(f.kind.value == "internal_error" for f in result.findings)


@pytest.mark.parametrize("n", [5, 60])
def test_fixes_for_many_services_index_the_file_once(in_tmp: Path, monkeypatch, n: int) -> None:
    """5,000 [[services]] took 85 s: each service's fix scanned every key of the file."""
    from conftest import lint

    from flylint.linter import tomledit

    built = [0]
    real = tomledit._Tables.__init__

    def counted(self, cfg):  # type: ignore[no-untyped-def]
        built[0] += 1
        real(self, cfg)

    monkeypatch.setattr(tomledit._Tables, "__init__", counted)
    body = 'app = "x"\n' + "".join(
        f'[[services]]\ninternal_port = {8000 + i}\nprotocol = "tcp"\n[[services.ports]]\nport = {1000 + i}\n'
        'handlers = ["http"]\n' for i in range(n))
    write_project(in_tmp, {"fly.toml": body})
    result = lint(["."])
    assert sum(f.fix is not None and f.code == "FLY002" for f in result.findings) == n
    for f in result.findings:  # structural fixes are computed lazily: compute them
        if f.fix is not None:
            _ = f.fix.edits
    assert built[0] == 1


# -- long lines and deep paths: work grows with the input, not with its square ------------------
@pytest.mark.parametrize("depth", [100, 2000])
def test_a_dockerfile_path_that_does_not_exist_is_not_walked(in_tmp: Path, monkeypatch, depth: int) -> None:
    """A ``[build] dockerfile`` of thousands of components that leads nowhere: checking whether
    the walk would reach it looked at every folder on the way, each with all its components."""
    from flylint.linter import config

    calls = [0]
    real = config.Settings.is_excluded

    def counting(self: config.Settings, path: str) -> bool:
        calls[0] += 1
        return real(self, path)

    monkeypatch.setattr(config.Settings, "is_excluded", counting)
    write_project(in_tmp, {"fly.toml": 'app = "x"\n[build]\ndockerfile = "' + "a/" * depth + 'app.build"\n'})
    result = lint(["."])
    assert [f.code for f in result.findings if f.code == "FLY050"] == ["FLY050"]  # does not exist
    assert calls[0] <= 5  # discovery's own, whatever the depth


def test_secret_patterns_have_no_unbounded_run_before_a_literal() -> None:
    """The shape that made a 400 KB line take minutes: an unbounded repeat followed by something
    that can fail (``aws.*KEY``; a URL scheme ``[a-z0-9.]*://`` on "a.a.a…"), tried from every
    position. The scheme and the AWS alternative are bounded."""
    from flylint.fly.secrets import _CANDIDATE, _URL_PASSWORD

    assert ".*" not in _CANDIDATE.pattern
    scheme = re.sub(r"\[[^\]]*\]", "C", _URL_PASSWORD.pattern.split("://")[0])  # classes out
    assert "*" not in scheme and "+" not in scheme, scheme


# -- fail closed: numbers that are not finite -------------------------------------------------
@pytest.mark.parametrize("literal", ["inf", "-inf", "nan", "1e400", "-1e400"])
def test_non_finite_numbers_are_findings_not_internal_errors(in_tmp: Path, capsys, literal: str) -> None:
    body = (f'app = "x"\nkill_timeout = {literal}\n[http_service]\ninternal_port = {literal}\nforce_https = true\n'
            f'min_machines_running = {literal}\n[[http_service.checks]]\ninterval = {literal}\ntimeout = "2s"\n'
            f'grace_period = {literal}\npath = "/"\n[[vm]]\nmemory = {literal}\ncpus = {literal}\n[[mounts]]\nsource = "d"\n'
            f'destination = "/d"\ninitial_size = {literal}\nsnapshot_retention = {literal}\n')
    write_project(in_tmp, {"fly.toml": body})
    code, out, err = run(["check", "--format", "json", "."], capsys)
    assert code == 1, err
    assert '"internal_error"' not in out and "internal error" not in out + err
    assert '"FLY013"' in out or '"FLY015"' in out


# -- fail closed: numbers that int() refuses ----------------------------------------------------
# ``str.isdigit`` accepts "²", which int() refuses, and int() refuses more than 4,300 digits: every
# number of the bundled templates' configs and Dockerfiles is replaced by one of them in turn
_HUGE = "9" * 5000
_NUMBERS = {"superscript": '"²"', "huge-string": f'"{_HUGE}"', "negative-huge": f'"-{_HUGE}"',
            "huge-literal": _HUGE, "other-script": '"\u0668\u0660"', "huge-pair": f'"{_HUGE},{_HUGE}"'}


@pytest.mark.parametrize("number", sorted(_NUMBERS))
def test_numbers_int_refuses_are_findings_not_internal_errors(in_tmp: Path, capsys, number: str) -> None:
    templates = Path(__file__).resolve().parent.parent / "skills" / "flyio" / "examples"
    value = _NUMBERS[number]
    bare = value.strip('"')
    n = 0
    for template in sorted(p for p in templates.iterdir() if p.is_dir()):
        for name, pattern, replacement in (("fly.toml", r"(?m)^(\s*[A-Za-z_]+\s*=\s*)(\d+|\"\d+\")\s*$", r"\g<1>" + value),
                                           ("Dockerfile", r"\b\d+\b", bare)):
            if (template / name).is_file():
                text = re.sub(pattern, lambda m, r=replacement: m.expand(r), (template / name).read_text())
                write_project(in_tmp / template.name, {name: text})
                n += 1
    assert n > 12
    code, out, err = run(["check", "--no-config", "--format", "json", "."], capsys)
    assert code == 1, err
    assert "internal error" not in out + err, [line for line in out.splitlines() if "internal error" in line][:3]


@pytest.mark.parametrize("jobs", ["²", "9" * 5000])
def test_jobs_that_int_refuses_is_a_one_line_error(in_tmp: Path, capsys, jobs: str) -> None:
    write_project(in_tmp, {"fly.toml": FLY})
    code, _, err = run(["check", "--jobs", jobs, "."], capsys)
    assert_one_line_error(code, err, "--jobs")


@pytest.mark.parametrize("literal", ["1e308", "-1e308", "1e19", f"\"{'9' * 400}h\"", f"\"{'9' * 400}days\"",
                                     f"\"{'9' * 400}gb\""])
def test_numbers_past_any_duration_are_findings_not_internal_errors(in_tmp: Path, capsys, literal: str) -> None:
    """Finite, but no Go duration (an int64 of nanoseconds, ~292 years) holds them: a float times
    a unit is ``inf``, which ``int()`` refuses."""
    body = (f'app = "x"\nkill_timeout = {literal}\n[http_service]\ninternal_port = 8080\nforce_https = true\n'
            f'[[http_service.checks]]\ninterval = {literal}\ntimeout = {literal}\ngrace_period = {literal}\npath = "/"\n'
            f'[[vm]]\nmemory = {literal}\n[deploy]\nwait_timeout = {literal}\n[[mounts]]\nsource = "d"\n'
            f'destination = "/d"\ninitial_size = {literal}\n')
    write_project(in_tmp, {"fly.toml": body})
    for command in (["check", "--format", "json", "."], ["check", "--diff", "--unsafe-fixes", "."]):
        code, out, err = run(command, capsys)
        assert code in (0, 1), err  # --diff: 0 when nothing can be fixed
        assert "internal error" not in out + err and "Traceback" not in err, command


@pytest.mark.parametrize("memory", ["1e400gb", "1e300gb", "nanmb", "infgb"])
def test_init_with_an_impossible_memory_is_a_one_line_error(in_tmp: Path, capsys, memory: str) -> None:
    code, _, err = run(["init", "--template", "python-flask", "--memory", memory], capsys)
    assert_one_line_error(code, err, "--memory")


# -- safe writes ------------------------------------------------------------------------------
def test_write_baseline_into_a_missing_folder_is_an_error(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"fly.toml": FLY})
    code, _, err = run(["check", "--write-baseline", "nofolder/b.json", "."], capsys)
    assert_one_line_error(code, err, "does not exist")
    assert not (in_tmp / "nofolder").exists()


def test_write_baseline_never_follows_a_link_or_replaces_a_device(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"fly.toml": FLY})
    victim = in_tmp / "victim"
    victim.write_text("precious\n")
    (in_tmp / "b.json").symlink_to(victim)
    code, _, err = run(["check", "--write-baseline", "b.json", "."], capsys)
    assert_one_line_error(code, err, "symbolic link")
    assert victim.read_text() == "precious\n"
    code, _, err = run(["check", "--write-baseline", "/dev/null", "."], capsys)
    assert_one_line_error(code, err, "not a regular file")
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")
    os.mkfifo(in_tmp / "pipe")
    code, _, err = run(["check", "--write-baseline", "pipe", "."], capsys)
    assert_one_line_error(code, err, "named pipe")
    assert sorted(p.name for p in in_tmp.iterdir()) == ["b.json", "fly.toml", "pipe", "victim"]  # no temp left


def test_write_baseline_temp_file_name_cannot_be_planted(in_tmp: Path, capsys) -> None:
    """The old temporary name (PATH.tmp<pid>) was predictable; a link planted there was followed."""
    write_project(in_tmp, {"fly.toml": FLY})
    victim = in_tmp / "victim"
    victim.write_text("precious\n")
    (in_tmp / f"b.json.tmp{os.getpid()}").symlink_to(victim)
    code, _, err = run(["check", "--write-baseline", "b.json", "."], capsys)
    assert code == 0, err
    assert victim.read_text() == "precious\n"
    assert '"findings"' in (in_tmp / "b.json").read_text()


_NO_HTTPS = 'app = "x"\n[http_service]\ninternal_port = 8080\nforce_https = false\n'


def test_fix_keeps_an_edit_made_while_the_fixed_file_was_being_written(in_tmp: Path, monkeypatch, capsys) -> None:
    """The last content check happens after the temporary file is written, right before the rename."""
    from flylint.linter import fix as fixmod

    write_project(in_tmp, {"fly.toml": _NO_HTTPS})
    edited = _NO_HTTPS + "# saved by the user meanwhile\n"
    real = fixmod._write_temp

    def slow_write(dest, data, st):  # type: ignore[no-untyped-def]
        tmp = real(dest, data, st)
        (in_tmp / "fly.toml").write_text(edited)  # the editor saves while flylint writes
        return tmp

    monkeypatch.setattr(fixmod, "_write_temp", slow_write)
    _code, _out, err = run(["check", ".", "--fix", "--select", "FLY001"], capsys)
    assert (in_tmp / "fly.toml").read_text() == edited
    assert "changed on disk while fixing; left untouched" in err
    assert [p.name for p in in_tmp.iterdir()] == ["fly.toml"]


def test_in_line_fix_keeps_each_lines_ending_in_a_mixed_file(in_tmp: Path, capsys) -> None:
    raw = (b'app = "x"\r\nprimary_region = "ams"\n[http_service]\r\ninternal_port = 8080\n'
           b'force_https = false\n[[http_service.checks]]\r\npath = "/"\r\ntimeout = "2s"\r\n')
    (in_tmp / "fly.toml").write_bytes(raw)
    run(["check", ".", "--fix", "--select", "FLY001"], capsys)
    assert (in_tmp / "fly.toml").read_bytes() == raw.replace(b"force_https = false\n", b"force_https = true\n")


# -- output injection -------------------------------------------------------------------------
_INJECT_WF = ('on: push\njobs:\n  "d\\e[2J\\r::stop-commands::x\\n::error::pwned":\n    runs-on: ubuntu-latest\n'
              '    steps:\n      - uses: "actions/checkout@v4\\e]0;title\\a"\n      - run: flyctl deploy\n')


@pytest.mark.parametrize("fmt", ["text", "github", "gitlab", "junit"])
def test_control_characters_from_files_are_escaped(in_tmp: Path, capsys, fmt: str) -> None:
    folder = "app\x1b[31m\n::error::x"
    write_project(in_tmp, {".github/workflows/deploy.yml": _INJECT_WF, f"{folder}/fly.toml":
                           'app = "x"\n[http_service]\ninternal_port = 8080\nforce_https = false\n"k\\u001b[2Jz" = 1\n'})
    _code, out, err = run(["check", "--format", fmt, "--show-fixes", "--show-source", "."], capsys)
    assert "GHA" in out and "FLY001" in out, out
    for text in (out, err):
        assert "\x1b" not in text and "\r" not in text and "\x07" not in text
        for line in text.splitlines():
            # the only workflow commands are flylint's own annotations
            assert not line.startswith("::") or re.match(r"::(error|warning|notice) (file|title)=", line), line
    assert "\\x1b" in out or "\\u001b" in out


def test_diff_escapes_control_characters_and_keeps_tabs() -> None:
    from flylint.linter.fix import _diff, _Original

    before = 'RUN echo "\x1b[2J"\n\tforce_https = false\n'
    orig = _Original("/p/Dockerfile", "Dockerfile\x1b[31m", before, before.encode())
    out = _diff(orig, before.replace("false", "true"))
    assert "\x1b" not in out and "\\x1b[2J" in out and "Dockerfile\\x1b[31m" in out
    assert "+\tforce_https = true" in out


# -- secrets: the one redacting helper -------------------------------------------------------------
@pytest.mark.parametrize("text", ["slow-startup-grace-period", "https://fly.io/docs/reference/configuration/",
                                  "node:20-bookworm-slim", "python3-12-slim-bookworm-2024",
                                  "actions/checkout@8ade135a41bc03ea155e62e844d188df1ea18608",
                                  "sha256:" + "0123456789abcdef" * 4, "PASSWORD_MIN_LENGTH", "postgres-flex-15"])
def test_redaction_leaves_flylint_words_names_and_digests(text: str) -> None:
    from flylint.fly.secrets import redact_message

    assert redact_message(text) == text


@pytest.mark.parametrize("secret", ["k7Gq2vX9pL4mZ8rT1wY6", "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8",
                                    "a8f5f167f44f4964e6c998dee827110c", "sk_live_51HxQ2vKp9sT4dY7wZ3mN8bR",
                                    "MIIEowIBAAKCAQEAx4f9Q2vK8pL3mZ7rT1wY6nB5"])
def test_redaction_hides_known_and_random_secrets_anywhere_in_a_message(secret: str) -> None:
    from flylint.fly.secrets import redact_message

    shown = redact_message(f"unknown section [{secret}] and `path = \"/h?token={secret}\"`")
    assert secret[4:12] not in shown and "unknown section [" in shown



def test_secret_spans_merge_what_several_detectors_find() -> None:
    from flylint.fly.secrets import redact_line, redact_message, secret_spans

    token = "sk" + "_live_" + "51HxQ2vKp9sT4dY7wZ3mN8bR"
    text = f"path /h?token={token}&ref=main"
    spans = secret_spans(text)
    # the Stripe key, the credential-named query value and the random run are one span
    assert spans == [(text.index(token), text.index(token) + len(token))]
    assert redact_message(text) == f"path /h?token={token[:4]}…({len(token)} chars)&ref=main"
    line = 'DB_PASSWORD = "hunter2hunter2"  '
    assert secret_spans(line) == []  # a message quotes no assignment
    assert secret_spans(line, assignment=True) == [(15, 29)]
    assert redact_line(line + "\n") == 'DB_PASSWORD = "…(14 chars)"  \n'
    assert redact_line("DB_PASSWORD = ${DB_PASSWORD}\n") == "DB_PASSWORD = ${DB_PASSWORD}\n"

def test_diff_context_lines_are_redacted(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"fly.toml": 'app = "x"\n[http_service]\ninternal_port = 8080\nforce_https = false\n'
                           '[env]\nDB_PASSWORD = "hunter2hunter2x"\nKEY = "k7Gq2vX9pL4mZ8rT1wY6"\n'})
    _code, out, _ = run(["check", "--diff", "--select", "FLY001", "."], capsys)
    assert "+force_https = true" in out
    assert "hunter2h" not in out and "k7Gq2vX9" not in out


# -- trust boundaries -------------------------------------------------------------------------
def test_build_paths_outside_the_repository_are_reported_not_read(in_tmp: Path, capsys) -> None:
    (in_tmp / "repo" / ".git").mkdir(parents=True)
    (in_tmp / "outside.Dockerfile").write_text("FROM alpine:3.19\nEXPOSE 9999\nUSER nobody\n")
    write_project(in_tmp / "repo", {"app/fly.toml": FLY.replace('app = "x"\n', 'app = "x"\n[build]\n'
                                                                  'dockerfile = "../../outside.Dockerfile"\n'
                                                                  'ignorefile = "../../../../etc/shadow"\n')})
    code, out, err = run(["check", "--format", "json", "repo"], capsys)
    assert code == 1, err
    assert out.count('"FLY068"') == 2
    assert "9999" not in out and "DKR" not in out  # the Dockerfile's facts were never read
    assert '"FLY050"' not in out and '"FLY051"' not in out


def test_a_link_inside_the_repository_to_a_system_file_is_not_read(in_tmp: Path, capsys) -> None:
    (in_tmp / "repo" / ".git").mkdir(parents=True)
    (in_tmp / "secret.Dockerfile").write_text("FROM alpine:3.19\nEXPOSE 9999\nUSER nobody\n")
    write_project(in_tmp / "repo", {"fly.toml": FLY.replace('app = "x"\n', 'app = "x"\n[build]\n'
                                                            'dockerfile = "Dockerfile.link"\n')})
    (in_tmp / "repo" / "Dockerfile.link").symlink_to(in_tmp / "secret.Dockerfile")
    _code, out, _ = run(["check", "--format", "json", "repo/fly.toml"], capsys)
    assert '"FLY068"' in out and "9999" not in out


# -- fail closed: report, configs, baselines ----------------------------------------------------
@pytest.mark.parametrize("fmt", ["markdown", "json", "html"])
def test_report_on_an_unparsable_config_is_not_assessed_and_fails(in_tmp: Path, capsys, fmt: str) -> None:
    write_project(in_tmp, {"fly.toml": 'app = "x"\n[http_service\n'})
    code, out, err = run(["report", "--framework", "all", "--format", fmt, "."], capsys)
    assert code == 1, err
    assert "not assessed" in (out + err).lower() or "not_assessed" in out.lower()
    assert "all evaluated controls pass" not in out.lower()


@pytest.mark.parametrize("body", [b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n", b'select = ["\xff\xfe"]\n',
                                  b"select = 1e400\n", b"[severity]\nFLY001 = inf\n"])
def test_hostile_config_files_are_one_line_errors(in_tmp: Path, capsys, body: bytes) -> None:
    write_project(in_tmp, {"fly.toml": FLY})
    (in_tmp / "flylint.toml").write_bytes(body)
    code, _, err = run(["check", "."], capsys)
    assert_one_line_error(code, err, "flylint.toml")


@pytest.mark.parametrize("body", ["[" * 100000 + "]" * 100000, '{"findings": ' + "[" * 3000 + "]" * 3000 + "}",
                                  "\udcff", '{"findings": [{"fingerprint": 1}, "x", null]}'])
def test_hostile_baselines_are_errors_or_ignored_never_internal(in_tmp: Path, capsys, body: str) -> None:
    write_project(in_tmp, {"fly.toml": FLY})
    (in_tmp / "b.json").write_bytes(body.encode("utf-8", "surrogateescape"))
    code, _, err = run(["check", "--baseline", "b.json", "."], capsys)
    assert "internal error" not in err and "Traceback" not in err
    assert code in (0, 1, 2)
    if code == 2:
        assert_one_line_error(code, err, "b.json")


# -- hypothesis: any text in any file kind is a finding, never a crash ----------------------------
_KINDS = {"fly.toml": "FLY", "fly.yaml": "FLY", "fly.json": "FLY", "Dockerfile": "DKR", ".dockerignore": "DKR",
          "deploy.sh": "SH", ".github/workflows/deploy.yml": "GHA"}
_SEEDS = ['app = "x"\n[http_service]\ninternal_port = 8080\n', "FROM alpine\nRUN x\n", "on: push\njobs: {}\n",
          "*\n!a\n", "#!/bin/sh\nfly deploy\n", "&a [*a]\n", '{"app": 1e999}\n', "\x1b[2J\r\n", "\ufeff", "\\\n"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(_KINDS)), seed=st.sampled_from(_SEEDS), noise=st.text(max_size=60),
       cut=st.integers(0, 40))
def test_any_text_in_any_file_kind_never_crashes(tmp_path_factory, name: str, seed: str, noise: str, cut: int) -> None:
    from conftest import lint

    root = tmp_path_factory.mktemp("h")
    target = root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes((seed[:cut] + noise + seed[cut:]).encode("utf-8", "surrogatepass"))
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = lint(["."])
    finally:
        os.chdir(cwd)
    assert not [f for f in result.findings if f.kind.value == "internal_error"]


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.integers(0, 7), st.sets(st.integers(0, 7), max_size=3), max_size=8))
def test_stage_cycles_found_in_one_pass_agree_with_a_walk(graph: dict[int, set[int]]) -> None:
    """DKR031 used a depth-first walk per --from (8,000 chained stages: 34 s); one strongly
    connected components pass answers the same question."""
    from flylint.rules.dockerfile.copy_from_circular import _components

    nodes = set(graph) | {n for deps in graph.values() for n in deps}
    full = {n: graph.get(n, set()) for n in nodes}

    def walk(start: int, goal: int) -> bool:
        stack, seen = [start], set()
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                stack.extend(full[node])
        return False

    comp = _components(full)
    for a in nodes:
        for b in full[a]:
            assert (comp[a] == comp[b]) == walk(b, a)


# -- attacks of the same classes found by benchmarks/fuzz_hostile.py ------------------------------
def test_env_expansion_bomb_is_bounded(in_tmp: Path, capsys) -> None:
    """ENV A1=${A0}${A0}${A0} … grows threefold a line: 40 lines took all memory (MemoryError)."""
    from flylint.rules.dockerfile._util import MAX_RESOLVED, resolve

    values: dict[str, str | None] = {"A0": "x" * 10}
    for i in range(1, 40):
        values[f"A{i}"] = resolve(f"${{A{i - 1}}}${{A{i - 1}}}${{A{i - 1}}}", values)
    assert values["A5"] == "x" * 10 * 3 ** 5
    assert values["A39"] is None and all(v is None or len(v) <= MAX_RESOLVED for v in values.values())
    body = "FROM alpine:3.19\nENV A0=xxxxxxxxxx\n" + "".join(
        f"ENV A{i}=${{A{i - 1}}}${{A{i - 1}}}${{A{i - 1}}}\n" for i in range(1, 40)) + "WORKDIR $A39\nUSER $A39\n"
    write_project(in_tmp, {"fly.toml": FLY, "Dockerfile": body})
    _code, out, err = run(["check", "."], capsys)
    assert "internal error" not in out + err


@pytest.mark.parametrize("line", ["**/" * 2000 + "x", "[" * 20000, "*a" * 100 + "b", "a" * 5000])
def test_dockerignore_patterns_past_the_bounds_are_parse_findings(in_tmp: Path, capsys, line: str) -> None:
    from flylint.base.glob import Glob

    assert Glob(line, "docker").too_complex and not Glob(line, "docker").match("a" * 50)
    write_project(in_tmp, {"fly.toml": FLY, "Dockerfile": DOCKER_COPY, ".dockerignore": ".env\n" + line + "\n"})
    code, out, _ = run(["check", "--format", "json", "."], capsys)
    assert code == 1 and '"DKR000"' in out and "wildcards" in out


def test_glob_bounds_leave_real_patterns_alone() -> None:
    from flylint.base.glob import Glob

    for pattern in ["**/node_modules", "**/*.log", "!src/**/keep/*.txt", "a/" * 500 + "*", "*" * 200 + "a"]:
        assert not Glob(pattern, "docker").too_complex


@pytest.mark.parametrize(("rel", "body"), [("fly.toml", 'app = "x"\nk = ' + "{a=" * 3000 + "1" + "}" * 3000 + "\n"),
                                           ("deploy.sh", "#!/bin/sh\nfly deploy " + "$(" * 20000 + ")" * 20000 + "\n")])
def test_detect_on_deeply_nested_files_names_them_and_gives_a_verdict(in_tmp: Path, capsys, rel: str,
                                                                       body: str) -> None:
    write_project(in_tmp, {rel: body})
    code, out, err = run(["detect", "."], capsys)
    assert code in (0, 1) and "internal error" not in out + err


@pytest.mark.parametrize("n", [3, 40])
def test_environment_configs_are_worked_out_once_per_project(in_tmp: Path, monkeypatch, n: int) -> None:
    """2,000 fly.<env>.toml files were quadratic: every config's rules listed all of them."""
    from conftest import lint

    from flylint.rules.fly_toml import _environments

    calls = [0]
    real = _environments._environment_configs

    def counted(project):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return real(project)

    monkeypatch.setattr(_environments, "_environment_configs", counted)
    write_project(in_tmp, {f"fly.e{i}.toml": FLY for i in range(n)} | {"fly.production.toml": FLY})
    lint(["."])
    assert calls[0] == 1


def test_output_file_is_never_written_through_a_planted_link(in_tmp: Path, capsys) -> None:
    """A checkout can hold results.sarif -> ~/.bashrc; `check -o results.sarif` in CI must not follow it."""
    write_project(in_tmp, {"fly.toml": FLY})
    victim = in_tmp / "victim"
    victim.write_text("precious\n")
    (in_tmp / "results.sarif").symlink_to(victim)
    code, _, err = run(["check", "--format", "sarif", "-o", "results.sarif", "."], capsys)
    assert_one_line_error(code, err, "symbolic link")
    assert victim.read_text() == "precious\n"
    code, _, _ = run(["check", "-o", "/dev/null", "."], capsys)
    assert code in (0, 1)
    run(["check", "-o", "new.txt", "."], capsys)
    assert "FLY002" in (in_tmp / "new.txt").read_text()


def test_credential_query_parameters_are_redacted_in_messages(in_tmp: Path, capsys) -> None:
    """A health-check path with ?token=… was echoed in full by FLY152 (the value is not random-looking)."""
    from flylint.fly.secrets import redact_message

    assert redact_message("https://x.dev/?q=search&ref=main") == "https://x.dev/?q=search&ref=main"
    check = '[[http_service.checks]]\ninterval = "10s"\ntimeout = "2s"\npath = "{}"\n'
    write_project(in_tmp, {"fly.toml": FLY + check.format("/health?token=abc123secretvalue"),
                           "fly.staging.toml": FLY.replace('"x"', '"x-staging"') + check.format("/h?api_key=hunter2hunt")})
    _code, out, _ = run(["check", "--format", "json", "."], capsys)
    assert '"FLY152"' in out
    assert "secretva" not in out and "hunter2h" not in out


def test_a_build_path_outside_the_checked_folder_without_a_repository_is_info(
        in_tmp: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    """No .git around: the checked folder is the limit, and a monorepo app checked on its own
    may name ../Dockerfile legitimately. Still not read; said at info level, without claiming a
    repository."""
    (in_tmp / "Dockerfile").write_text("FROM alpine:3.19\nEXPOSE 9999\nUSER nobody\n")
    write_project(in_tmp / "app", {"fly.toml": FLY.replace('app = "x"\n', 'app = "x"\n[build]\n'
                                                           'dockerfile = "../Dockerfile"\n')})
    monkeypatch.chdir(in_tmp / "app")  # checked from the app's folder, as a monorepo app is
    _code, out, _ = run(["check", "--format", "json", "--select", "FLY068", "."], capsys)
    findings = json.loads(out)["findings"]
    assert [(f["code"], f["severity"]) for f in findings] == [("FLY068", "info")]
    assert "checked folder" in findings[0]["message"] and "repository:" not in findings[0]["message"]
    assert "9999" not in out
