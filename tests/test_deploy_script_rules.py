"""Deploy-script and workflow rules beyond the fixtures: helpers, generated projects, hardened samples."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHARED, lint, write_project

from flylint.linter.model import FindingKind
from flylint.linter.parsers.shell import tokenize
from flylint.rules.shell._common import full_refs, parse_set, shebang_flags, stdout_redirected

HARDENED_SCRIPT = """#!/usr/bin/env bash
# Deploy shop-web. FLY_API_TOKEN comes from the environment (CI secret store).
set -euo pipefail

APP="${APP:-shop-web}"
: "${FLY_API_TOKEN:?FLY_API_TOKEN must be set}"
sha="$(git rev-parse --short HEAD)"
if ! command -v flyctl &> /dev/null; then
  curl -L https://fly.io/install.sh | sh -s 0.3.45
fi
flyctl deploy --app "$APP" --remote-only --build-arg GIT_SHA="$sha" | tee deploy.log
flyctl status --app "$APP"
"""

HARDENED_WORKFLOW = """name: Fly Deploy
on:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683  # v4.2.2
      - uses: superfly/flyctl-actions/setup-flyctl@fc53c09e1bc3be6f54706524e3b82c4f462f77be  # v1.5
      - run: flyctl deploy --remote-only
        env:
          FLY_API_TOKEN: ${{ secrets.FLY_API_TOKEN }}
"""


def test_ampersand_redirect_is_a_redirect_not_a_background_job() -> None:
    script = tokenize("if ! command -v fly &> /dev/null; then exit 1; fi\necho a &>>log\nsleep 1 &\n")
    first = script.commands[0]
    assert first.op_after == ";" and [r.op for r in first.redirects] == ["&>"]
    echo = next(c for c in script.commands if c.name == "echo")
    assert [r.op for r in echo.redirects] == ["&>>"]
    assert script.commands[-1].op_after == "&"


def test_set_parsing() -> None:
    sc = parse_set(tokenize("set -Eeuxo pipefail\n").commands[0])
    assert sc is not None and {"errexit", "nounset", "xtrace", "pipefail"} <= sc.on and sc.simple
    off = parse_set(tokenize("set +x\n").commands[0])
    assert off is not None and "xtrace" in off.off and not off.on
    assert parse_set(tokenize("set -- a b\n").commands[0]).on == set()
    assert parse_set(tokenize("echo set -e\n").commands[0]) is None
    on, _ = shebang_flags(tokenize("#!/usr/bin/env -S bash -eux\n"))
    assert on == {"errexit", "nounset", "xtrace"}


def test_full_refs_ignore_length_and_substrings() -> None:
    names = {"FLY_API_TOKEN"}
    assert full_refs("token $FLY_API_TOKEN", names) == ["FLY_API_TOKEN"]
    assert full_refs("${FLY_API_TOKEN:?unset}", names) == ["FLY_API_TOKEN"]
    assert full_refs("${#FLY_API_TOKEN} ${FLY_API_TOKEN:0:4} ${FLY_API_TOKEN:+set}", names) == []
    assert full_refs(r"\$FLY_API_TOKEN", names) == []


def test_stdout_redirect_detection() -> None:
    text = "echo a >&2; echo b > f; echo c 2>/dev/null; echo d 1>>f; echo e &>f\n"
    cmds = tokenize(text).commands
    assert [stdout_redirected(c, text) for c in cmds] == [False, True, False, True, True]


def test_hardened_script_and_workflow_are_clean(in_tmp: Path) -> None:
    write_project(in_tmp, {"deploy.sh": HARDENED_SCRIPT, ".github/workflows/fly.yml": HARDENED_WORKFLOW})
    result = lint(["."])
    mine = [f for f in result.findings if f.code.startswith(("SH", "GHA", "SEC"))]
    assert mine == [], [f"{f.path}:{f.line} {f.code} {f.message}" for f in mine]


def test_unhardened_script_is_flagged(in_tmp: Path) -> None:
    bad = ("#!/bin/bash\nset -x\ncurl -L https://fly.io/install.sh | sh\n"
           "fly deploy --access-token \"$FLY_API_TOKEN\"\n")
    write_project(in_tmp, {"deploy.sh": bad})
    codes = sorted({f.code for f in lint(["."]).findings})
    assert {"SH001", "SH002", "SH003", "SH005", "SH007"} <= set(codes), codes


def test_generated_projects_have_no_internal_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tool = SHARED / "tools" / "gen-projects"
    if not tool.exists():
        pytest.skip("../shared/tools/gen-projects is not available")
    subprocess.run([sys.executable, str(tool), str(tmp_path / "gp"), "20"], check=True, capture_output=True)
    monkeypatch.chdir(tmp_path)
    result = lint(["gp"], select=["SH", "GHA"], ignore=["SH090"])
    assert not [f for f in result.findings if f.kind is FindingKind.INTERNAL_ERROR]
    # generated scripts always pass --app and never print the token
    assert {f.code for f in result.findings} <= {"SH001"}


def test_deploy_index_matches_config_globs_like_fnmatch_in_linear_time() -> None:
    import fnmatch

    from flylint.linter.deploys import Deploy, index

    configs = ["/r/apps/web/fly.toml", "/r/apps/a/b/fly.toml", "/r/fly.toml", "/r/apps/web/fly.staging.toml"]
    for pattern in ("/r/apps/*/fly.toml", "/r/*.toml", "/r/apps/web/fly.*.toml", "/r/fly.toml"):
        got = index([Deploy(pattern, "/r")], configs)
        assert sorted(got) == sorted(c for c in configs if fnmatch.fnmatchcase(c, pattern)), pattern
    # a workflow's hostile pattern (more wildcards than any real path needs) matches nothing, at once
    assert index([Deploy("/r/" + "*a" * 5000 + "/fly.toml", "/r")], configs) == {}
