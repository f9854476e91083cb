"""The fast ``check`` command-line reader agrees with click, and keeps click off the lint path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from flylint.cli import app as click_app
from flylint.cli.options import CHECK_OPTIONS, LAZY_COMMANDS, SUBCOMMANDS, defaults, parse_check_argv

A_DIRECTORY = str(Path(__file__).resolve().parent)


class _Captured(Exception):
    def __init__(self, params: dict[str, Any]) -> None:
        self.params = params


def click_params(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any] | None:
    """What click passes to the check function for ``argv``, or None when click would not run it."""

    def capture(**params: Any) -> None:
        raise _Captured(params)

    monkeypatch.setattr(click_app, "run_check", capture)
    try:
        click_app.cli.main(args=list(argv), prog_name="flylint", standalone_mode=False)
    except _Captured as got:
        return got.params
    except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
        return None
    return None  # --help, --version or another subcommand ran


COMMON = [
    [],
    ["."],
    ["check"],
    ["check", "."],
    ["check", "--format", "json", "."],
    ["--format=sarif", "-o", "out.sarif", "src", "deploy"],
    ["-oreport.txt", "."],
    ["check", "--select", "FLY001,DKR", "--select", "SEC", "--ignore", "FLY108", "--extend-select", "GHA008"],
    ["--fail-on", "error", "--exit-zero", "--no-config", "--statistics"],
    ["--config", "flylint.toml", "--baseline", "b.json", "."],
    ["--write-baseline", "b.json"],
    ["--fix", "--unsafe-fixes", "--show-fixes", "--diff"],
    ["--format", "github", "--category", "flylint/prod", "a", "--", "--not-an-option", "-"],
    ["check", "check", "rules"],  # paths that happen to be called like subcommands
    ["app", "rules"],
    ["--format", "json", "--format", "text"],  # the last one wins, as in click
]


@pytest.mark.parametrize("argv", COMMON, ids=lambda a: " ".join(a) or "(none)")
def test_common_command_lines_take_the_fast_route(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fast = parse_check_argv(argv)
    assert fast is not None
    assert fast == click_params(argv, monkeypatch)


UNUSUAL = [
    ["--help"],
    ["-h"],
    ["check", "--help"],
    [".", "-h"],
    ["--version"],
    ["rules"],
    ["rule", "FLY001"],
    ["detect", "."],
    ["--format", "xml"],  # a bad choice: click says which ones are valid
    ["--format"],  # a missing value
    ["--bogus"],
    ["-x"],
    ["--fix=yes"],
    ["-o", A_DIRECTORY],  # a directory where a file is wanted
    ["--output", "-"],
]


@pytest.mark.parametrize("argv", UNUSUAL, ids=lambda a: " ".join(a))
def test_unusual_command_lines_go_to_click(argv: list[str]) -> None:
    assert parse_check_argv(argv) is None


TOKENS = st.sampled_from(
    [name for opt in CHECK_OPTIONS for name in opt.names]
    + ["check", "rules", "detect", "--", "-", "", ".", "a b", "json", "text", "xml", "error", "never",
       "FLY001", "out.txt", A_DIRECTORY, "-h", "--help", "--version", "--bogus", "-x", "-ofile", "-o=file",
       "--format=json", "--format=", "--fix=1", "--select=FLY", "--fail-on=info"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(TOKENS, max_size=7))
def test_fast_reader_agrees_with_click(argv: list[str]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        expected = click_params(argv, monkeypatch)
    fast = parse_check_argv(argv)
    if fast is not None:
        assert fast == expected


def test_defaults_match_the_click_command(monkeypatch: pytest.MonkeyPatch) -> None:
    assert click_params([], monkeypatch) == defaults()


def test_subcommand_names_are_known_to_the_fast_reader() -> None:
    assert set(SUBCOMMANDS) == set(click_app.cli.commands) | set(LAZY_COMMANDS)


def test_a_check_run_does_not_import_click(tmp_path: Path) -> None:
    (tmp_path / "fly.toml").write_text('app = "x"\n')
    code = ("import sys\nfrom flylint.cli.main import main\nrc = main(['check', '--no-config', '.'])\n"
            "print('click' in sys.modules, 'dataclasses' in sys.modules, file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert proc.stderr.strip().splitlines()[-1] == "False False"


def test_click_route_lints_like_the_fast_route(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from flylint.cli.main import main

    monkeypatch.chdir(REPO / "examples" / "sample-app")
    args = ["check", "--no-config", "--statistics", "--format", "text", "."]
    fast_status = main(args)
    fast = capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        click_app.cli.main(args=args, prog_name="flylint", standalone_mode=True)
    slow = capsys.readouterr()
    assert (exc.value.code, slow.out, slow.err) == (fast_status, fast.out, fast.err)
    assert fast_status == 1 and "FLY003" in fast.out
