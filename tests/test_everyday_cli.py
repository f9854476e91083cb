"""The everyday command line: --show-source, --quiet, --color, --statistics, --show-fixes,
--diff -o, stdin, --version, "did you mean" for commands, shell completion, progress."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, write_project

from flylint.cli.main import main

APP = 'app = "x"\nprimary_region = "iad"\n\n[http_service]\n  internal_port = 8080\n'
DOCKERFILE = 'FROM node:latest\nENV API_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\nCMD ["node", "s.js"]\n'
TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_show_source_points_at_the_span_and_never_shows_a_secret(in_tmp: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"Dockerfile": DOCKERFILE})
    _, out, _ = run(["check", "--show-source", "--select", "DKR002,SEC001", "."], capsys)
    assert "Dockerfile:1:6: DKR002" in out
    assert "1 | FROM node:latest\n  |      ^^^^^^^^^^^\n" in out
    assert "2 | ENV API_TOKEN=" + "*" * len(TOKEN) in out
    assert TOKEN[:8] not in out



def test_show_source_masks_a_credential_named_literal_on_a_line_shown_for_another_rule(
        in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a human-chosen password has no known format and does not look random; the name says what
    # it is (secret_spans with assignment=True), so the line is masked even for DKR002's finding
    write_project(in_tmp, {"Dockerfile": "FROM node:20\nENV DB_PASSWORD=hunter2hunter2 DB_HINT=$DB_PASSWORD\n"})
    from flylint.linter.output.text import _mask_secrets

    line = "ENV DB_PASSWORD=hunter2hunter2"
    assert _mask_secrets(line, 0, 3, False) == "ENV DB_PASSWORD=" + "*" * 14
    assert _mask_secrets("ENV NODE_ENV=production", 0, 3, False) == "ENV NODE_ENV=production"
    assert _mask_secrets("ENV A=1 DB_PASSWORD='hunter2hunter2' B=$A", 0, 3, False) == "ENV A=1 DB_PASSWORD='" + "*" * 14 + "' B=$A"
    # DKR036 (a same-ENV reference) points at DB_HINT's value on the line holding the password
    _, out, _ = run(["check", "--show-source", "--select", "DKR036", "."], capsys)
    assert "2 | ENV DB_PASSWORD=" + "*" * 14 + " DB_HINT=$DB_PASSWORD" in out and "hunter2" not in out

def test_show_source_shows_control_characters_as_question_marks() -> None:
    from flylint.linter.model import Severity, Span
    from flylint.linter.output.text import _source_lines
    from flylint.linter.source import SourceFile

    src = SourceFile("deploy.sh", "echo '\x1b[2J\x07'\tfly deploy\n")
    finding = type("F", (), {"source": src, "span": Span(1, 14, 1, 24, 13, 23), "tags": (), "severity": Severity.INFO})
    lines = _source_lines(finding, False)
    assert lines[1] == "1 | echo '?[2J?' fly deploy"
    assert lines[2] == "  |              ^^^^^^^^^^"


def test_quiet_prints_the_findings_only(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"fly.toml": APP})
    code, out, err = run(["check", "-q", "--select", "FLY001,FLY002", "."], capsys)
    assert code == 1 and err == ""
    assert [line.split(": ")[1].split()[0] for line in out.splitlines()] == ["FLY001", "FLY002"]
    code, out, err = run(["check", "--quiet", "--select", "FLY003", "."], capsys)
    assert code == 0 and out == "" and err == ""


@pytest.mark.parametrize("mode, colored", [("always", True), ("never", False), ("auto", False)])
def test_color_option(mode: str, colored: bool, in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"fly.toml": APP})
    _, out, _ = run(["check", "--color", mode, "--select", "FLY001", "."], capsys)  # captured: not a terminal
    assert ("\x1b[" in out) is colored
    _, out, _ = run(["check", "--color", "always", "--format", "json", "--select", "FLY001", "."], capsys)
    assert "\x1b[" not in out  # never in machine formats


def test_statistics_is_a_count_table(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"fly.toml": APP, "web/fly.toml": APP, "Dockerfile": "FROM node:latest\n"})
    _, out, _ = run(["check", "--statistics", "--select", "FLY001,FLY002,DKR001", "."], capsys)
    lines = out.splitlines()
    assert not any(": FLY00" in line for line in lines)  # no finding lines
    table = {line.split()[1]: line for line in lines[:3]}
    assert table["FLY001"].split()[0] == "2" and "[*]" in table["FLY001"]  # a safe fix
    assert "[*]" not in table["DKR001"]  # unsafe fix: not marked without --unsafe-fixes
    assert lines[3].startswith("Found 5 problems (5 warnings) in 3 files.")


def test_show_fixes_without_fix_lists_what_fix_would_do(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"fly.toml": APP})
    _, out, _ = run(["check", "--show-fixes", "--select", "FLY001", "."], capsys)
    assert "Would fix (run with --fix):\n  fly.toml:4:1: FLY001 " in out
    _, out, _ = run(["check", "--show-fixes", "--fix", "--select", "FLY001", "."], capsys)
    assert "Fixed:\n  fly.toml" in out


def test_diff_goes_to_the_output_file(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"fly.toml": APP})
    code, out, _err = run(["check", "--diff", "-o", "fixes.diff", "--select", "FLY001", "."], capsys)
    assert code == 1 and out == ""
    assert (in_tmp / "fixes.diff").read_text().startswith("--- a/fly.toml\n+++ b/fly.toml\n")
    assert (in_tmp / "fly.toml").read_text() == APP


def test_stdin_is_linted_as_the_named_file(in_tmp: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(in_tmp, {"fly.toml": APP})
    stdin = io.TextIOWrapper(io.BytesIO(b'FROM node:22.1.0-slim\nUSER node\nEXPOSE 3000\nCMD ["node"]\n'))
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = run(["check", "--stdin-filename", "Dockerfile", "--select", "DKR037,DKR002", "-"], capsys)
    assert code == 1
    assert "fly.toml:5:19: DKR037" in out  # the project around the named file is read from disk
    assert not (in_tmp / "Dockerfile").exists()
    code, _, err = run(["check", "-"], capsys)
    assert code == 2 and "needs --stdin-filename" in err
    code, _, err = run(["check", "--fix", "--stdin-filename", "Dockerfile", "-"], capsys)
    assert code == 2 and "--fix and --diff do not read standard input" in err


def test_version_and_did_you_mean(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from flylint import __version__

    code, out, _ = run(["--version"], capsys)
    assert code == 0 and __version__ in out
    code, _, err = run(["chek", "."], capsys)
    assert code == 2 and "did you mean `flylint check`?" in err
    code, _, err = run(["rulles"], capsys)
    assert code == 2 and "did you mean `flylint rules`?" in err
    code, _, err = run(["missing-dir"], capsys)
    assert code == 2 and "path not found: missing-dir" in err


def test_shell_completion_through_click(tmp_path: Path) -> None:
    env = {**os.environ, "_FLYLINT_COMPLETE": "bash_source"}
    script = subprocess.run([sys.executable, "-m", "flylint"], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert "_flylint_completion" in script.stdout and "complete " in script.stdout
    env = {**os.environ, "_FLYLINT_COMPLETE": "bash_complete", "COMP_WORDS": "flylint chec", "COMP_CWORD": "1"}
    words = subprocess.run([sys.executable, "-m", "flylint"], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert "plain,check" in words.stdout
    env["COMP_WORDS"], env["COMP_CWORD"] = "flylint check --show-s", "2"
    words = subprocess.run([sys.executable, "-m", "flylint"], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert "--show-settings" in words.stdout and "--show-source" in words.stdout


def test_progress_only_on_a_terminal_and_only_for_long_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    from flylint.cli import check

    assert check._progress("text", None, False) is None  # stderr is not a terminal under pytest

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Tty()
    monkeypatch.setattr(sys, "stderr", err)
    assert check._progress("json", None, False) is None  # never with a machine format on stdout
    assert check._progress("text", None, True) is None  # nor with --quiet
    progress = check._progress("text", None, False)
    assert progress is not None
    now = [0.0]
    progress._clock = lambda: now[0]
    progress._start = 0.0
    progress(1, 10)
    assert err.getvalue() == ""  # the first second draws nothing
    now[0] = 2.0
    progress(5, 10)
    assert "5/10 projects" in err.getvalue()
    progress.done()
    assert err.getvalue().endswith("\r\x1b[K")


def test_readme_describes_the_options() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for option in ("--show-source", "--quiet", "--color", "--stdin-filename", "--show-settings", "--force-exclude",
                   "--no-respect-gitignore", "--report-unused-suppressions", "--exclude", "_FLYLINT_COMPLETE"):
        assert option in readme, option
