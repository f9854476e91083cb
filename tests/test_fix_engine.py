"""The `--fix` / `--diff` engine: rounds, overlap, re-parse, convergence, and safe writing.

Fixes come from the real FLY001/FLY002/FLY003 rules where they serve, and from small rules
registered for one test only (``temp_rule``) where a test needs a fix with a particular flaw:
one that never converges, breaks the file, spans two files, or collides with another.
"""

from __future__ import annotations

import errno
import os
import stat
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import write_project

from flylint.linter import fix as fixmod
from flylint.linter.model import Applicability, Edit, Fix, Violation

NO_HTTPS = """\
app = "demo"

[http_service]
  internal_port = 8080
"""
NO_HTTPS_FIXED = """\
app = "demo"

[http_service]
  internal_port = 8080
  force_https = true
"""
DOCKERFILE = "FROM python:3.12-slim\nUSER app\nCMD [\"python\", \"app.py\"]\n"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from flylint.cli.main import main

    code = main(["check", *args, "--no-config"])
    out, err = capsys.readouterr()
    return code, out, err


@contextmanager
def temp_rule(func: Callable[..., Any], *, target: Any, fix: str = "safe", name: str,
              input: str = "model") -> Iterator[str]:
    """Register ``func`` as a rule under a free code for the duration of a test."""
    from flylint.linter import registry

    registry.load_all()
    code = next(f"FLY{n}" for n in range(999, 900, -1) if f"FLY{n}" not in registry._RULES)
    registry.rule(code=code, name=name, target=target, severity="warning", fix=fix, input=input)(func)
    try:
        yield code
    finally:
        registry._RULES.pop(code, None)


def leftovers(root: Path) -> list[str]:
    return [p.name for p in root.rglob(".flylint-*")]


# -- basic contract ------------------------------------------------------------------------
def test_fix_applies_safe_fix_and_second_run_changes_nothing(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"fly.toml": NO_HTTPS})
    code, out, err = run([".", "--fix", "--select", "FLY001"], capsys)
    assert (in_tmp / "fly.toml").read_text() == NO_HTTPS_FIXED
    assert code == 0, out + err
    assert "Fixed 1 problem. All checks passed" in out
    assert err == ""
    code, out, _ = run([".", "--fix", "--select", "FLY001"], capsys)
    assert (in_tmp / "fly.toml").read_text() == NO_HTTPS_FIXED
    assert "Fixed" not in out


def test_unsafe_fixes_need_the_flag_and_the_summary_counts_hidden_ones(in_tmp: Path, capsys) -> None:
    text = NO_HTTPS.replace("internal_port = 8080", "internal_port = 8080\n  force_https = true") + (
        "\n[[http_service.checks]]\n  path = \"/health\"\n  timeout = \"10s\"\n")
    write_project(in_tmp, {"fly.toml": text})
    code, out, _ = run([".", "--select", "FLY001,FLY003"], capsys)
    assert "FLY003" in out and "[*]" not in out  # an unsafe fix is not marked without the flag
    assert "1 unsafe fix available with `flylint --fix --unsafe-fixes`" in out
    code, out, _ = run([".", "--fix", "--select", "FLY001,FLY003"], capsys)
    assert (in_tmp / "fly.toml").read_text() == text  # unsafe: not applied
    assert "1 unsafe fix available" in out
    code, out, _ = run([".", "--unsafe-fixes", "--select", "FLY003"], capsys)
    assert out.splitlines()[0].endswith("[*]")
    code, out, _ = run([".", "--fix", "--unsafe-fixes", "--select", "FLY001,FLY003"], capsys)
    assert 'timeout = "5s"' in (in_tmp / "fly.toml").read_text()
    assert code == 0 and "Fixed 1 problem." in out


def test_summary_mixes_safe_and_hidden_counts(in_tmp: Path, capsys) -> None:
    text = NO_HTTPS + "\n[[http_service.checks]]\n  path = \"/health\"\n  timeout = \"45s\"\n"
    write_project(in_tmp, {"fly.toml": text})
    code, out, _ = run([".", "--select", "FLY001,FLY003"], capsys)
    assert out.rstrip().endswith("1 fixable with `flylint --fix`; 1 more unsafe fix with `--unsafe-fixes`.")
    code, out, _ = run([".", "--fix", "--select", "FLY001,FLY003"], capsys)
    last = out.rstrip().splitlines()[-1]
    assert last.startswith("Fixed 1 problem, 1 remaining (1 warning) in 1 file.")
    assert "1 unsafe fix available" in last
    assert code == 1


def test_show_fixes_lists_each_applied_fix(in_tmp: Path, capsys) -> None:
    text = NO_HTTPS + "\n[[http_service.checks]]\n  path = \"/health\"\n  timeout = \"10s\"\n"
    write_project(in_tmp, {"fly.toml": text})
    _, out, _ = run([".", "--fix", "--unsafe-fixes", "--show-fixes", "--select", "FLY001,FLY003"], capsys)
    fixed = [line for line in out.split("Fixed:\n", 1)[1].splitlines() if line.startswith("  ")]
    assert [line.split(": ", 1)[1] for line in fixed] == [
        "FLY001 Set force_https = true", 'FLY003 Set timeout = "5s"']
    assert all(line.startswith("  fly.toml:") for line in fixed)
    _code, out, _ = run([".", "--fix", "--select", "FLY001"], capsys)
    assert "Fixed:" not in out  # nothing fixed, nothing listed (and not without --show-fixes)


# -- --diff --------------------------------------------------------------------------------
def test_diff_writes_nothing_and_exits_1(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"fly.toml": NO_HTTPS})
    before = os.stat(in_tmp / "fly.toml")
    code, out, err = run([".", "--diff", "--select", "FLY001"], capsys)
    assert code == 1
    assert out.startswith("--- a/fly.toml\n+++ b/fly.toml\n")
    assert "+  force_https = true\n" in out
    assert "Would fix 1 problem in 1 file." in err
    assert (in_tmp / "fly.toml").read_text() == NO_HTTPS
    assert os.stat(in_tmp / "fly.toml").st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in in_tmp.iterdir()) == ["fly.toml"]
    code, out, _ = run([".", "--diff", "--exit-zero", "--select", "FLY001"], capsys)
    assert code == 0 and out


def test_diff_exits_0_when_nothing_would_change(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"fly.toml": NO_HTTPS_FIXED})
    code, out, err = run([".", "--diff", "--select", "FLY001"], capsys)
    assert (code, out) == (0, "")
    assert "No fixes to apply." in err


# -- format preservation -------------------------------------------------------------------
def test_crlf_file_stays_crlf(in_tmp: Path, capsys) -> None:
    (in_tmp / "fly.toml").write_bytes(NO_HTTPS.replace("\n", "\r\n").encode())
    run([".", "--fix", "--select", "FLY001"], capsys)
    assert (in_tmp / "fly.toml").read_bytes() == NO_HTTPS_FIXED.replace("\n", "\r\n").encode()


@pytest.mark.parametrize("raw", [
    NO_HTTPS.replace("\n", "\r\n").encode(),
    b'app = "demo"\r\n# a comment\n\r\n[http_service]\r\n  internal_port = 8080\r\n  auto_stop_machines = "stop"\n',
], ids=["crlf", "mixed"])
def test_diff_shows_the_line_endings_fix_writes(in_tmp: Path, capsys, raw: bytes) -> None:
    import shutil
    import subprocess

    (in_tmp / "fly.toml").write_bytes(raw)
    code, out, _ = run([".", "--diff", "--select", "FLY001"], capsys)
    assert code == 1
    out_lines = [line + "\n" for line in out.split("\n")[:-1]]
    assert [line for line in out_lines if line.startswith("+ ")] == ["+  force_https = true\r\n"]
    original_lines = [line + "\n" for line in raw.decode().split("\n")]
    context = [line[1:] for line in out_lines if line.startswith(" ")]
    assert context and all(line in original_lines for line in context)  # each with its own ending
    run([".", "--fix", "--select", "FLY001"], capsys)
    fixed = (in_tmp / "fly.toml").read_bytes()
    if shutil.which("git"):  # the diff applies to the original bytes and gives what --fix wrote
        (in_tmp / "fly.toml").write_bytes(raw)
        (in_tmp / "fix.diff").write_bytes(out.encode())
        subprocess.run(["git", "apply", "fix.diff"], cwd=in_tmp, check=True, capture_output=True)
        assert (in_tmp / "fly.toml").read_bytes() == fixed


def test_mixed_line_endings_keep_each_untouched_line(in_tmp: Path, capsys) -> None:
    raw = b'app = "demo"\r\n# a comment\n\r\n[http_service]\r\n  internal_port = 8080\r\n  auto_stop_machines = "stop"\n'
    (in_tmp / "fly.toml").write_bytes(raw)
    run([".", "--fix", "--select", "FLY001"], capsys)
    got = (in_tmp / "fly.toml").read_bytes()
    # the inserted line takes the commoner ending (CRLF); every other line keeps its own
    assert got == raw.replace(b"internal_port = 8080\r\n", b"internal_port = 8080\r\n  force_https = true\r\n")


def test_bom_is_kept(in_tmp: Path, capsys) -> None:
    (in_tmp / "fly.toml").write_bytes(b"\xef\xbb\xbf" + NO_HTTPS.encode())
    run([".", "--fix", "--select", "FLY001"], capsys)
    assert (in_tmp / "fly.toml").read_bytes() == b"\xef\xbb\xbf" + NO_HTTPS_FIXED.encode()


def test_missing_final_newline_is_kept(in_tmp: Path, capsys) -> None:
    text = NO_HTTPS + "  force_https = false"
    write_project(in_tmp, {"fly.toml": text})
    run([".", "--fix", "--select", "FLY001"], capsys)
    assert (in_tmp / "fly.toml").read_text() == NO_HTTPS + "  force_https = true"


def test_missing_final_newline_is_kept_when_a_block_is_appended(in_tmp: Path, capsys) -> None:
    text = NO_HTTPS_FIXED.rstrip("\n")
    write_project(in_tmp, {"fly.toml": text})
    run([".", "--fix", "--unsafe-fixes", "--select", "FLY002"], capsys)
    got = (in_tmp / "fly.toml").read_text()
    assert got.startswith(text + "\n\n[[http_service.checks]]\n")
    assert not got.endswith("\n")
    assert tomllib.loads(got)["http_service"]["checks"][0]["path"] == "/health"


def test_non_ascii_text_survives(in_tmp: Path, capsys) -> None:
    text = '# Café — 日本語 ✓\napp = "démo"\n\n[http_service]\n  internal_port = 8080\n'
    write_project(in_tmp, {"fly.toml": text})
    run([".", "--fix", "--select", "FLY001"], capsys)
    assert (in_tmp / "fly.toml").read_bytes() == (text + "  force_https = true\n").encode("utf-8")


def test_file_mode_is_kept(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"fly.toml": NO_HTTPS})
    (in_tmp / "fly.toml").chmod(0o751)
    run([".", "--fix", "--select", "FLY001"], capsys)
    assert stat.S_IMODE(os.stat(in_tmp / "fly.toml").st_mode) == 0o751
    assert (in_tmp / "fly.toml").read_text() == NO_HTTPS_FIXED
    assert leftovers(in_tmp) == []


# -- refusals ------------------------------------------------------------------------------
def test_read_only_file_is_left_untouched_with_a_message(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"a/fly.toml": NO_HTTPS, "b/fly.toml": NO_HTTPS})
    (in_tmp / "a/fly.toml").chmod(0o444)
    code, out, err = run([".", "--fix", "--show-fixes", "--select", "FLY001"], capsys)
    assert (in_tmp / "a/fly.toml").read_text() == NO_HTTPS
    assert (in_tmp / "b/fly.toml").read_text() == NO_HTTPS_FIXED  # the other file is still fixed
    assert "a/fly.toml: is read-only; left untouched" in err
    listed = [line for line in out.split("Fixed:\n", 1)[1].splitlines() if line.startswith("  ")]
    assert listed == ["  b/fly.toml:3:1: FLY001 Set force_https = true"]
    assert "a/fly.toml:3:1: FLY001" in out  # still reported as a problem
    assert code == 1


def test_symlink_leading_outside_is_refused(tmp_path: Path, monkeypatch, capsys) -> None:
    outside = tmp_path / "elsewhere"
    proj = tmp_path / "proj"
    write_project(outside, {"fly.toml": NO_HTTPS})
    proj.mkdir()
    (proj / "fly.toml").symlink_to(outside / "fly.toml")
    monkeypatch.chdir(proj)
    code, _out, err = run(["fly.toml", "--fix", "--select", "FLY001"], capsys)
    assert (outside / "fly.toml").read_text() == NO_HTTPS
    assert (proj / "fly.toml").is_symlink()
    assert "fly.toml: is a symlink that leads outside the checked paths; left untouched" in err
    assert code == 1


def test_symlink_inside_the_project_is_written_through(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"config/fly.toml": NO_HTTPS})
    (in_tmp / "fly.toml").symlink_to("config/fly.toml")
    run(["fly.toml", "--fix", "--select", "FLY001"], capsys)
    assert (in_tmp / "fly.toml").is_symlink()
    assert (in_tmp / "config/fly.toml").read_text() == NO_HTTPS_FIXED


def _lint_hook(monkeypatch, on_call: Callable[[int], None], after: bool = True) -> None:
    from flylint.linter.engine import Linter

    real = Linter.lint_paths
    calls = {"n": 0}

    def wrapped(self, paths, view=None):
        calls["n"] += 1
        if not after:
            on_call(calls["n"])
        result = real(self, paths, view)
        if after:
            on_call(calls["n"])
        return result

    monkeypatch.setattr(Linter, "lint_paths", wrapped)


def test_file_changed_after_the_fix_was_computed_is_refused(in_tmp: Path, monkeypatch, capsys) -> None:
    write_project(in_tmp, {"fly.toml": NO_HTTPS})
    edited = NO_HTTPS + "# edited by the user meanwhile\n"

    def user_edits(n: int) -> None:
        if n == 2:  # round 1 is applied in memory; the user saves the file before it is written
            (in_tmp / "fly.toml").write_text(edited)

    _lint_hook(monkeypatch, user_edits, after=False)
    _code, _out, err = run([".", "--fix", "--select", "FLY001"], capsys)
    assert (in_tmp / "fly.toml").read_text() == edited
    assert "fly.toml: changed on disk while fixing; left untouched" in err
    assert leftovers(in_tmp) == []


def test_file_changed_between_read_and_fix_is_refused(in_tmp: Path, monkeypatch, capsys) -> None:
    write_project(in_tmp, {"fly.toml": NO_HTTPS})
    edited = NO_HTTPS.replace("8080", "9090")

    def user_edits(n: int) -> None:
        if n == 1:  # right after the first read, before any fix is computed from it
            (in_tmp / "fly.toml").write_text(edited)

    _lint_hook(monkeypatch, user_edits, after=True)
    _code, _out, err = run([".", "--fix", "--select", "FLY001"], capsys)
    assert (in_tmp / "fly.toml").read_text() == edited
    assert "fly.toml: changed on disk while it was being checked; left untouched" in err


# -- rounds, overlap, convergence ----------------------------------------------------------
def _auto_stop_rule(cfg, ctx):
    from flylint.linter.tomledit import insert_key

    hs = cfg.http_service
    if hs is not None and "auto_stop_machines" not in hs:
        edits = insert_key(cfg, ("http_service",), "auto_stop_machines", '"stop"', after="internal_port")
        yield Violation(cfg.key_span(("http_service",)), "no auto_stop_machines",
                        Fix("Set auto_stop_machines", edits, Applicability.SAFE))


def test_overlapping_fixes_are_resolved_over_rounds(in_tmp: Path, monkeypatch, capsys) -> None:
    write_project(in_tmp, {"fly.toml": NO_HTTPS})
    with temp_rule(_auto_stop_rule, target="fly_toml", name="test-auto-stop") as code:
        # both rules insert at the same point (after internal_port): one round cannot take both
        monkeypatch.setattr(fixmod, "MAX_ROUNDS", 1)
        _, out, err = run([".", "--fix", "--select", f"FLY001,{code}"], capsys)
        once = (in_tmp / "fly.toml").read_text()
        assert ("force_https" in once) != ("auto_stop_machines" in once)
        assert "not every fix could be applied within 1 rounds" in err

        write_project(in_tmp, {"fly.toml": NO_HTTPS})
        monkeypatch.setattr(fixmod, "MAX_ROUNDS", 10)
        rc, out, err = run([".", "--fix", "--show-fixes", "--select", f"FLY001,{code}"], capsys)
    text = (in_tmp / "fly.toml").read_text()
    data = tomllib.loads(text)["http_service"]
    assert data == {"internal_port": 8080, "force_https": True, "auto_stop_machines": "stop"}
    assert text.startswith(NO_HTTPS)  # both lines inserted below internal_port, nothing else touched
    assert rc == 0 and err == ""
    assert "Fixed 2 problems." in out


def _forever_rule(cfg, ctx):
    text = cfg.source.text
    yield Violation(cfg.source.span(0, 0), "always unhappy",
                    Fix("Append a comment", (Edit(len(text), len(text), "# again\n"),), Applicability.SAFE))


def test_a_fix_that_never_converges_is_named_and_left_out(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"fly.toml": NO_HTTPS})
    with temp_rule(_forever_rule, target="fly_toml", name="test-never-converges") as code:
        _rc, out, err = run([".", "--fix", "--select", f"FLY001,{code}"], capsys)
    assert f"the fix of {code} did not converge after 10 rounds" in err
    # the other fix is still applied, from the original text; the runaway one left no trace
    assert (in_tmp / "fly.toml").read_text() == NO_HTTPS_FIXED
    assert "Fixed 1 problem" in out


def _noop_rule(cfg, ctx):
    hs = cfg.entry(("http_service", "internal_port"))
    yield Violation(cfg.source.span(0, 0), "noop",
                    Fix("Do nothing", (Edit(hs.value_start, hs.value_end, "8080"),), Applicability.SAFE))


def test_a_fix_that_changes_nothing_is_reported(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"fly.toml": NO_HTTPS})
    with temp_rule(_noop_rule, target="fly_toml", name="test-noop") as code:
        _rc, _out, err = run([".", "--fix", "--select", f"FLY001,{code}"], capsys)
    assert f"the fix of {code} (Do nothing) changes nothing" in err
    assert (in_tmp / "fly.toml").read_text() == NO_HTTPS_FIXED


def _out_of_range_rule(cfg, ctx):
    n = len(cfg.source.text)
    yield Violation(cfg.source.span(0, 0), "bad offsets",
                    Fix("Bad", (Edit(n + 5, n + 9, "x"),), Applicability.SAFE))


def test_a_fix_with_edits_outside_the_file_is_refused(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"fly.toml": NO_HTTPS})
    with temp_rule(_out_of_range_rule, target="fly_toml", name="test-out-of-range") as code:
        _rc, _out, err = run([".", "--fix", "--select", code], capsys)
    assert "has an edit outside the file" in err
    assert (in_tmp / "fly.toml").read_text() == NO_HTTPS


# -- a fix must never make a parsable file unparsable --------------------------------------
BREAKERS = {
    "fly.toml": (NO_HTTPS, "= broken\n"),
    "fly.json": ('{"app": "demo"}\n', "{"),
    "fly.yaml": ("app: demo\n", "app: [\n"),
    "Dockerfile": (DOCKERFILE, "--- not an instruction\n"),
    "deploy.sh": ("#!/bin/sh\nfly deploy\n", 'echo "unterminated\n'),
    ".github/workflows/deploy.yml": ("on: push\njobs: {}\n", "on: [\n"),
}


def _breaker_rule(src, ctx):
    name = src.path.replace(os.sep, "/")
    prefix = next(b for k, (_, b) in BREAKERS.items() if name.endswith(k))
    yield Violation(src.span(0, 0), "break it", Fix("Break the file", (Edit(0, 0, prefix),), Applicability.SAFE))


@pytest.mark.parametrize("name", sorted(BREAKERS))
def test_a_fix_that_breaks_parsing_is_refused_for_every_kind(name: str, in_tmp: Path, capsys) -> None:
    from flylint.linter.discover import classify
    from flylint.linter.parsers import ParseError
    from flylint.linter.project import parser_for
    from flylint.linter.source import SourceFile

    good, prefix = BREAKERS[name]
    write_project(in_tmp, {name: good})
    kind = classify(str(in_tmp / name))
    assert kind is not None
    parser_for(kind)(SourceFile(name, good, kind=kind))  # the original parses ...
    with pytest.raises(ParseError):  # ... and the breaking edit really breaks it
        parser_for(kind)(SourceFile(name, prefix + good, kind=kind))
    targets = ("fly_toml", "dockerfile", "shell", "workflow")
    with temp_rule(_breaker_rule, target=targets, name="test-breaker", input="source") as code:
        _rc, _out, err = run([".", "--fix", "--select", code], capsys)
    assert (in_tmp / name).read_text() == good
    assert f"the fix of {code} (Break the file) would make {name} unparsable" in err


def _create_broken_rule(cfg, ctx):
    path = os.path.join(os.path.dirname(os.path.abspath(cfg.source.path)), "fly.extra.toml")
    if not ctx.project.exists(path):
        yield Violation(cfg.source.span(0, 0), "create",
                        Fix("Create", (Edit(0, 0, "= nope\n", path=path, create=True),), Applicability.SAFE))


def test_a_created_file_must_parse(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"fly.toml": NO_HTTPS})
    with temp_rule(_create_broken_rule, target="fly_toml", name="test-create-broken") as code:
        _rc, _out, err = run([".", "--fix", "--select", code], capsys)
    assert not (in_tmp / "fly.extra.toml").exists()
    assert "would make fly.extra.toml unparsable" in err


# -- fixes that span files -----------------------------------------------------------------
IGNORE_TEMPLATE = ".git\nnode_modules\n.env\n"


def _dockerignore_rule(df, ctx):
    here = os.path.dirname(os.path.abspath(df.source.path))
    target = os.path.join(here, ".dockerignore")
    if ctx.project.exists(target):
        return
    n = len(df.source.text)
    yield Violation(df.source.span(0, 0), "no .dockerignore", Fix(
        "Create .dockerignore and note it in the Dockerfile",
        (Edit(0, 0, IGNORE_TEMPLATE, path=target, create=True), Edit(n, n, "# see .dockerignore\n")),
        Applicability.SAFE))


def test_a_fix_creating_a_file_and_editing_another_is_applied_whole(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"Dockerfile": DOCKERFILE})
    with temp_rule(_dockerignore_rule, target="dockerfile", name="test-two-files") as code:
        rc, out, err = run([".", "--diff", "--select", code], capsys)
        assert "--- /dev/null\n+++ b/.dockerignore\n@@ -0,0 +1,3 @@\n+.git\n" in out
        assert "--- a/Dockerfile\n+++ b/Dockerfile\n" in out
        assert not (in_tmp / ".dockerignore").exists()
        rc, out, err = run([".", "--fix", "--select", code], capsys)
    assert (in_tmp / ".dockerignore").read_text() == IGNORE_TEMPLATE
    assert (in_tmp / "Dockerfile").read_text() == DOCKERFILE + "# see .dockerignore\n"
    assert err == "" and rc == 0


def test_a_two_file_fix_is_not_applied_when_one_file_is_refused(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"Dockerfile": DOCKERFILE})
    (in_tmp / "Dockerfile").chmod(0o444)
    with temp_rule(_dockerignore_rule, target="dockerfile", name="test-two-files") as code:
        _rc, out, err = run([".", "--fix", "--show-fixes", "--select", code], capsys)
    assert not (in_tmp / ".dockerignore").exists()
    assert (in_tmp / "Dockerfile").read_text() == DOCKERFILE
    assert "Dockerfile: is read-only; left untouched" in err
    assert ".dockerignore: left untouched, because a fix that edits it also edits Dockerfile" in err
    assert "Fixed" not in out


def test_a_file_that_appears_before_it_is_created_is_not_overwritten(in_tmp: Path, monkeypatch, capsys) -> None:
    write_project(in_tmp, {"Dockerfile": DOCKERFILE})

    def user_creates(n: int) -> None:
        if n == 2:
            (in_tmp / ".dockerignore").write_text("mine\n")

    with temp_rule(_dockerignore_rule, target="dockerfile", name="test-two-files") as code:
        _lint_hook(monkeypatch, user_creates, after=False)
        _rc, _out, err = run([".", "--fix", "--select", code], capsys)
    assert (in_tmp / ".dockerignore").read_text() == "mine\n"
    assert (in_tmp / "Dockerfile").read_text() == DOCKERFILE  # same fix: not half applied
    assert ".dockerignore: appeared on disk while fixing; not overwritten" in err


# -- what happens when writing fails -------------------------------------------------------
def _failing_temp(monkeypatch, victim: str) -> None:
    real = fixmod._write_temp

    def write_temp(dest, data, st):
        if os.path.basename(os.path.dirname(dest)) == victim or os.path.basename(dest) == victim:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(dest, data, st)

    monkeypatch.setattr(fixmod, "_write_temp", write_temp)


def test_when_file_2_of_3_cannot_be_written_the_others_are_still_fixed(in_tmp: Path, monkeypatch, capsys) -> None:
    write_project(in_tmp, {f"{d}/fly.toml": NO_HTTPS for d in ("one", "two", "three")})
    _failing_temp(monkeypatch, "two")
    _rc, out, err = run([".", "--fix", "--show-fixes", "--select", "FLY001"], capsys)
    assert (in_tmp / "one/fly.toml").read_text() == NO_HTTPS_FIXED
    assert (in_tmp / "three/fly.toml").read_text() == NO_HTTPS_FIXED
    assert (in_tmp / "two/fly.toml").read_text() == NO_HTTPS  # complete old content, not half a file
    assert "two/fly.toml: could not be written (No space left on device); left untouched" in err
    assert "Fixed 2 problems, 1 remaining" in out
    assert leftovers(in_tmp) == []


def test_when_one_file_of_a_group_cannot_be_written_none_is(in_tmp: Path, monkeypatch, capsys) -> None:
    write_project(in_tmp, {"Dockerfile": DOCKERFILE})
    _failing_temp(monkeypatch, "Dockerfile")
    with temp_rule(_dockerignore_rule, target="dockerfile", name="test-two-files") as code:
        _rc, _out, err = run([".", "--fix", "--select", code], capsys)
    assert not (in_tmp / ".dockerignore").exists()
    assert (in_tmp / "Dockerfile").read_text() == DOCKERFILE
    assert "could not be written (No space left on device)" in err
    assert leftovers(in_tmp) == []


def _linked_rule(cfg, ctx):
    if "# linked" in cfg.source.text:
        return
    df = ctx.project.dockerfile_for(cfg)
    n, m = len(cfg.source.text), len(df.source.text)
    yield Violation(cfg.source.span(0, 0), "link them", Fix("Mark both files", (
        Edit(n, n, "# linked\n"), Edit(m, m, "# linked\n", path=os.path.abspath(df.path))), Applicability.SAFE))


def test_a_failed_rename_puts_back_the_files_already_replaced(in_tmp: Path, monkeypatch, capsys) -> None:
    write_project(in_tmp, {"fly.toml": NO_HTTPS, "Dockerfile": DOCKERFILE})
    real = fixmod._replace
    calls: list[str] = []

    def replace(tmp, dest):
        calls.append(os.path.basename(dest))
        if len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error")
        real(tmp, dest)

    monkeypatch.setattr(fixmod, "_replace", replace)
    with temp_rule(_linked_rule, target="fly_toml", name="test-linked") as code:
        _rc, _out, err = run([".", "--fix", "--select", code], capsys)
    assert calls == ["Dockerfile", "fly.toml"]  # the Dockerfile was already replaced ...
    assert (in_tmp / "Dockerfile").read_text() == DOCKERFILE  # ... and was put back
    assert (in_tmp / "fly.toml").read_text() == NO_HTTPS
    assert "could not be written (Input/output error); left untouched" in err
    assert leftovers(in_tmp) == []


def test_a_two_file_fix_writes_both(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"fly.toml": NO_HTTPS, "Dockerfile": DOCKERFILE})
    with temp_rule(_linked_rule, target="fly_toml", name="test-linked") as code:
        _rc, _out, _err = run([".", "--fix", "--select", code], capsys)
    assert (in_tmp / "Dockerfile").read_text() == DOCKERFILE + "# linked\n"
    assert (in_tmp / "fly.toml").read_text() == NO_HTTPS + "# linked\n"


# -- small units ---------------------------------------------------------------------------
@pytest.mark.parametrize(("a", "b", "expected"), [
    ((5, 5), (5, 5), True),  # two insertions at one point
    ((5, 5), (5, 9), False),  # insertion just before a replacement
    ((9, 9), (5, 9), False),  # insertion just after a replacement
    ((7, 7), (5, 9), True),  # insertion inside a replacement
    ((1, 5), (5, 9), False),  # touching replacements
    ((1, 6), (5, 9), True),
    ((5, 9), (1, 6), True),
])
def test_overlap_rules(a, b, expected) -> None:
    assert fixmod._overlaps(a, b) is expected
    assert fixmod._overlaps(b, a) is expected


def test_encode_keeps_line_endings_and_bom() -> None:
    orig = fixmod._Original("/x", "x", "a\nb\n", b"\xef\xbb\xbfa\r\nb\r\n")
    assert fixmod._encode(orig, "a\nnew\nb\n") == b"\xef\xbb\xbfa\r\nnew\r\nb\r\n"
    mixed = fixmod._Original("/x", "x", "a\nb\nc", b"a\r\nb\nc")
    assert fixmod._encode(mixed, "a\nb\nc\nd") == b"a\r\nb\nc\r\nd"  # tie: CRLF for the new line
    lf = fixmod._Original("/x", "x", "a\n", b"a\n")
    assert fixmod._encode(lf, "a\nb\n") == b"a\nb\n"


def _workflow_rule(cfg, ctx):
    path = os.path.join(os.path.dirname(os.path.abspath(cfg.source.path)), ".github", "workflows", "fly.yml")
    if not ctx.project.exists(path):
        content = "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: flyctl deploy\n"
        yield Violation(cfg.source.span(0, 0), "no workflow",
                        Fix("Create a workflow", (Edit(0, 0, content, path=path, create=True),), Applicability.SAFE))


def test_a_created_file_gets_its_missing_directories(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"fly.toml": NO_HTTPS})
    with temp_rule(_workflow_rule, target="fly_toml", name="test-create-workflow") as code:
        rc, out, err = run([".", "--diff", "--select", code], capsys)
        assert out.startswith("--- /dev/null\n+++ b/.github/workflows/fly.yml\n")
        assert not (in_tmp / ".github").exists()
        rc, out, err = run([".", "--fix", "--select", code], capsys)
    created = in_tmp / ".github/workflows/fly.yml"
    assert created.read_text().startswith("on: push\n")
    assert stat.S_IMODE(os.stat(created).st_mode) == 0o666 & ~_umask()
    assert err == "" and rc == 0


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_json_fly_config_value_fix_keeps_it_json(in_tmp: Path, capsys) -> None:
    text = '{\n  "app": "x",\n  "http_service": {\n    "internal_port": 8080,\n    "force_https": false\n  }\n}\n'
    write_project(in_tmp, {"fly.json": text})
    run([".", "--fix", "--select", "FLY001"], capsys)
    assert (in_tmp / "fly.json").read_text() == text.replace('"force_https": false', '"force_https": true')


def test_diff_leaves_out_a_file_fix_would_refuse(in_tmp: Path, capsys) -> None:
    write_project(in_tmp, {"a/fly.toml": NO_HTTPS, "b/fly.toml": NO_HTTPS})
    (in_tmp / "a/fly.toml").chmod(0o444)
    rc, out, err = run([".", "--diff", "--select", "FLY001"], capsys)
    assert "+++ b/b/fly.toml" in out and "a/fly.toml" not in out  # --diff shows what --fix would write
    assert "a/fly.toml: is read-only; left untouched" in err
    assert rc == 1


# -- YAML: a value aliases share is not edited, a block scalar's edit keeps the next line --------------------------------------------
@pytest.mark.parametrize(("body", "fixed"), [
    # force_https is an alias (its offsets are the anchor's, written elsewhere): no edit
    ("app: demo\nx-off: &off false\nhttp_service:\n  internal_port: 8080\n  force_https: *off\n", False),
    # force_https holds the anchor other keys alias: replacing it would leave *off dangling
    ("app: demo\nhttp_service:\n  internal_port: 8080\n  force_https: &off false\n  auto_stop: *off\n", False),
    # no anchor: the fix is written
    ("app: demo\nhttp_service:\n  internal_port: 8080\n  force_https: false\n", True),
    # a block scalar's node ends where the next key starts: the key after it keeps its line
    ("app: demo\nhttp_service:\n  force_https: |\n    false\n  internal_port: 8080\n", True),
    ("app: demo\nhttp_service:\n  force_https: !!binary |\n    AP8=\n  internal_port: 8080\n", True),
])
def test_yaml_fixes_leave_anchored_and_aliased_values_alone(in_tmp: Path, capsys, body: str, fixed: bool) -> None:
    import yaml

    write_project(in_tmp, {"fly.yaml": body})
    _code, _out, err = run(["--fix", "--select", "FLY001", "."], capsys)
    assert "unparsable" not in err and "please report" not in err, err
    text = (in_tmp / "fly.yaml").read_text()
    yaml.safe_load(text)  # still a YAML document
    assert (text != body) is fixed, text
    if fixed:
        assert yaml.safe_load(text)["http_service"] == {"force_https": True, "internal_port": 8080}
