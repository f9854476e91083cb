"""Structural fly.toml fixes (a key added to a table, an array-of-tables entry added) go through
tomlkit and change nothing but the lines they add: every comment, blank line, indentation,
quoting and line ending of the file is kept byte for byte, in LF and CRLF files alike. A plain
check offers these fixes without importing tomlkit.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from flylint.linter import tomledit
from flylint.linter.parsers.fly_toml import parse_fly_config
from flylint.linter.source import SourceFile

# comments on every kind of line, a header with a trailing comment, tab-and-space and
# three-space indentation, literal strings, a comment that introduces the next table
ODD = """\
# fly.toml for the demo app
app = 'demo'   # the app's name
primary_region = 'ams'

# the public web service
[http_service]   # proxied on 80 and 443
\t internal_port = 8080  # where the app listens
   auto_stop_machines = 'stop'   # three spaces
   # a comment inside the table

  [http_service.concurrency]
      type = 'requests'
      soft_limit = 20

# the machines (this comment belongs to [[vm]])
[[vm]]
  memory = '1gb'
"""


def run_fix(project: Path, text: bytes, capsys: pytest.CaptureFixture[str]) -> bytes:
    from flylint.cli.main import main

    (project / "fly.toml").write_bytes(text)
    code = main(["check", str(project), "--fix", "--unsafe-fixes", "--select", "FLY001,FLY002", "--no-config"])
    _out, err = capsys.readouterr()
    assert err == ""
    assert code == 0
    return (project / "fly.toml").read_bytes()


def unchanged_lines_kept(before: bytes, after: bytes) -> list[bytes]:
    """The lines ``after`` adds to ``before``; fails if any line of ``before`` changed or went."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    added: list[bytes] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        assert op in ("equal", "insert"), f"{op}: {old[i1:i2]!r} -> {new[j1:j2]!r}"
        if op == "insert":
            added += new[j1:j2]
    return added


CHECK_KEYS = ('grace_period = "10s"', 'interval = "30s"', 'method = "GET"', 'path = "/health"', 'timeout = "2s"')


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_missing_key_and_checks_entry_keep_every_other_byte(tmp_path: Path, newline: str,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    before = ODD.replace("\n", newline).encode()
    after = run_fix(tmp_path, before, capsys)
    # force_https below internal_port, indented like it; the check after [http_service] and its
    # sub-table, above the comment that introduces [[vm]]
    want = (ODD.replace("# where the app listens\n", "# where the app listens\n\t force_https = true\n")
            .replace("soft_limit = 20\n", "soft_limit = 20\n\n[[http_service.checks]]\n"
                     + "".join(f"\t {line}\n" for line in CHECK_KEYS)))
    assert after == want.replace("\n", newline).encode()
    assert len(unchanged_lines_kept(before, after)) == 8
    data = tomllib.loads(after.decode())
    assert data["http_service"]["force_https"] is True
    assert data["http_service"]["checks"][0]["path"] == "/health"
    assert data["vm"] == [{"memory": "1gb"}]


def test_services_entries_and_a_table_without_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (
        'app = "svc"\n\n'
        "[[services]]  # tcp service\n"
        "    internal_port = 3000\n"
        '    protocol = "tcp"\n\n'
        "    [[services.ports]]\n"
        '    handlers = ["tls", "http"]\n'
        "    port = 443\n\n"
        "    # plain HTTP\n"
        "    [[services.ports]]\n"
        '    handlers = ["http"]\n'
        "    port = 80\n\n"
        "[deploy]\n"
        "# nothing here yet\n"
    )
    after = run_fix(tmp_path, before.encode(), capsys).decode()
    want = (before.replace("    port = 80\n", "    port = 80\n    force_https = true\n\n[[services.http_checks]]\n"
                           + "".join(f"    {line}\n" for line in CHECK_KEYS)))
    assert after == want
    data = tomllib.loads(after)
    assert data["services"][0]["ports"][1]["force_https"] is True
    assert data["services"][0]["http_checks"][0]["method"] == "GET"


def test_insert_key_edit_is_one_inserted_line() -> None:
    text = "app = 'x'\n\n[deploy]\n  max_unavailable = 0.5   # half\n\n# next\n[env]\n  A = '1'\n"
    cfg = parse_fly_config(SourceFile("fly.toml", text, display_path="fly.toml"))
    edits = tomledit.insert_key(cfg, ("deploy",), "strategy", '"rolling"')
    assert edits is not None
    [edit] = list(edits)
    line_after = text.index("\n", text.index("max_unavailable")) + 1
    assert (edit.start, edit.end, edit.content) == (line_after, line_after, '  strategy = "rolling"\n')


def test_plain_check_offers_structural_fixes_without_importing_tomlkit(tmp_path: Path) -> None:
    (tmp_path / "fly.toml").write_text(ODD, encoding="utf-8")
    code = (
        "import sys\n"
        "from flylint.cli.main import main\n"
        f"rc = main(['check', {str(tmp_path)!r}, '--no-config', '--select', 'FLY001,FLY002', '--unsafe-fixes'])\n"
        "print('tomlkit' in sys.modules, rc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()
    assert lines[-1] == "False 1"
    assert sum(line.endswith("[*]") for line in lines) == 2  # both findings are offered as fixable
