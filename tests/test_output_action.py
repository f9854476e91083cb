"""The GitHub Action (action.yml): its interface, pinned dependencies, and its run script."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO

ACTION = REPO / "action.yml"
SAMPLE = REPO / "examples" / "sample-app"


def action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def test_inputs_and_defaults() -> None:
    inputs = action()["inputs"]
    expected = {"path": ".", "args": "", "version": "", "sarif-file": "flylint.sarif", "upload": "true",
                "fail-on-findings": "true", "category": "flylint"}
    for name, default in expected.items():
        assert inputs[name]["default"] == default, name
        assert inputs[name]["description"]
    assert action()["runs"]["using"] == "composite"


def test_third_party_actions_are_pinned_to_a_commit_with_a_version_comment() -> None:
    uses = [line.strip() for line in ACTION.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert any("actions/setup-python@" in u for u in uses)
    assert any("github/codeql-action/upload-sarif@" in u for u in uses)
    for line in uses:
        assert re.fullmatch(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*", line), line


def test_inputs_reach_scripts_only_through_the_environment() -> None:
    # `${{ inputs.x }}` pasted into a script is a shell-injection hole; env: is not
    for step in action()["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]


def _run_step(tmp: Path, path: str, args: str, read_only: bool = False,
              wrapper_body: str | None = None) -> tuple[int, dict[str, str], str]:
    script = next(s["run"] for s in action()["runs"]["steps"] if s.get("id") == "run")
    bindir = tmp / "flylint-venv" / "bin"
    bindir.mkdir(parents=True, exist_ok=True)
    (bindir / "python").unlink(missing_ok=True)
    (bindir / "python").symlink_to(sys.executable)
    wrapper = bindir / "flylint"
    wrapper.write_text(wrapper_body or f'#!/bin/sh\nexec "{sys.executable}" -m flylint "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    out = tmp / "github_output"
    out.write_text("", encoding="utf-8")
    env = {**os.environ, "RUNNER_TEMP": str(tmp), "GITHUB_OUTPUT": str(out),
           "GITHUB_STEP_SUMMARY": str(tmp / "summary"), "FLYLINT_PATH": path, "FLYLINT_ARGS": args,
           "SARIF_FILE": str(tmp / "flylint.sarif"), "CATEGORY": "flylint", "UPLOAD_INPUT": "true",
           "READ_ONLY_TOKEN": "true" if read_only else "false"}
    # GitHub runs `shell: bash` steps as `bash --noprofile --norc -eo pipefail {0}`
    proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], env=env,
                          capture_output=True, text=True, cwd=tmp)
    outputs = dict(line.split("=", 1) for line in out.read_text(encoding="utf-8").splitlines())
    return proc.returncode, outputs, proc.stdout + proc.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_run_step_keeps_going_on_findings_and_reports_them(tmp_path: Path) -> None:
    code, outputs, log = _run_step(tmp_path, str(SAMPLE), "")
    assert code == 0, log
    assert outputs["exit-code"] == "1"
    sarif = json.loads(Path(outputs["sarif-file"]).read_text(encoding="utf-8"))
    assert outputs["results"] == str(len(sarif["runs"][0]["results"])) != "0"
    assert sarif["runs"][0]["automationDetails"]["id"] == "flylint/"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_run_step_passes_extra_args_and_stops_on_usage_errors(tmp_path: Path) -> None:
    code, outputs, _ = _run_step(tmp_path, str(SAMPLE), "--select FLY001  --fail-on error")
    assert code == 0 and outputs["exit-code"] == "0" and outputs["results"] == "1"
    code, outputs, log = _run_step(tmp_path, str(SAMPLE), "--no-such-option")
    assert code == 2 and outputs == {}
    assert "::error title=flylint::flylint could not run" in log


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_args_are_split_like_a_command_line(tmp_path: Path) -> None:
    # quotes group words, several lines are one command line, nothing is expanded
    record = tmp_path / "argv"
    body = (f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a" >> "{record}"; done\n'
            f'exec "{sys.executable}" -m flylint "$@"\n')
    args = '--select FLY001\n--exclude "legacy app/*"  --exclude \'$HOME\'\n  --fail-on error\n'
    code, outputs, log = _run_step(tmp_path, str(SAMPLE), args, wrapper_body=body)
    assert code == 0 and outputs["exit-code"] == "0" and outputs["results"] == "1", log
    argv = record.read_text(encoding="utf-8").splitlines()
    assert argv[argv.index("--category") + 2:] == ["--select", "FLY001", "--exclude", "legacy app/*", "--exclude",
                                                   "$HOME", "--fail-on", "error", "--", str(SAMPLE)]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_unbalanced_quotes_in_args_stop_with_a_clear_error(tmp_path: Path) -> None:
    code, outputs, log = _run_step(tmp_path, str(SAMPLE), "--exclude 'legacy")
    assert code == 2 and outputs == {}
    assert "::error title=flylint::the args input cannot be split like a command line: No closing quotation" in log
    assert "Traceback" not in log


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_a_read_only_token_skips_the_upload_and_annotates(tmp_path: Path) -> None:
    # a pull request from a fork: the findings are annotations, the upload step is skipped, and
    # the job still fails on the findings (only the findings, not the missing permission)
    code, outputs, log = _run_step(tmp_path, str(SAMPLE), "--select FLY001", read_only=True)
    assert code == 0 and outputs["upload"] == "false" and outputs["exit-code"] == "1", log
    assert "::notice title=flylint::SARIF log not uploaded: this run's token is read-only" in log
    assert re.search(r"^::warning file=.*fly\.toml,line=\d+.*title=FLY001", log, re.M), log
    code, outputs, log = _run_step(tmp_path, str(SAMPLE), "--select FLY001")
    assert outputs["upload"] == "true" and "::notice" not in log and "::warning" not in log
    steps = {s["name"]: s for s in action()["runs"]["steps"]}
    assert steps["Upload SARIF to code scanning"]["if"] == "steps.run.outputs.upload == 'true'"
    assert "steps.run.outputs.exit-code == '1'" in steps["Fail on findings"]["if"]
    expr = next(s for s in action()["runs"]["steps"] if s.get("id") == "run")["env"]["READ_ONLY_TOKEN"]
    assert "github.event.pull_request.head.repo.full_name != github.repository" in expr
    assert "dependabot[bot]" in expr


def test_the_action_installs_its_own_checkout_by_default() -> None:
    install = next(s for s in action()["runs"]["steps"] if s["name"] == "Install flylint")
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert 'spec="$ACTION_PATH"' in install["run"]
