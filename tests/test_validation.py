"""Every code, prefix or name a user writes is checked: config keys, per-file-ignores, severity,
--select/--ignore, suppression comments (SUP002) and stale suppressions (SUP001); baselines are
portable and say when they match nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import write_project

from flylint.cli.main import main

APP = 'app = "x"\nprimary_region = "iad"\n\n[http_service]\n  internal_port = 8080\n'


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("config, message", [
    ('[severity]\nFLY0001 = "error"\n', "severity: 'FLY0001' is not a rule code or rule name (did you mean 'FLY001'?)"),
    ('[severity]\nhttps-not-force = "info"\n', "(did you mean 'https-not-forced'?)"),
    ('[per-file-ignores]\n"fly.toml" = ["FLY999"]\n', "per-file-ignores.'fly.toml': 'FLY999' is not a rule code"),
    ('ignore = ["DKRR"]\n', "ignore: 'DKRR' is not a rule code, code prefix or rule name"),
    ('extend-select = ["health-check-timout"]\n', "(did you mean 'health-check-timeout-too-long'?)"),
])
def test_config_codes_are_checked(config: str, message: str, in_tmp: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"fly.toml": APP, "flylint.toml": config})
    code, _, err = run(["check", "."], capsys)
    assert code == 2
    assert message in err and "flylint.toml" in err


def test_severity_keys_accept_codes_and_names(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"fly.toml": APP, "flylint.toml": '[severity]\nfly001 = "error"\n'})
    _, out, _ = run(["check", "--select", "FLY001", "."], capsys)
    assert "FLY001 [error]" in out


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
def test_command_line_codes_are_checked(option: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"fly.toml": APP})
    code, _, err = run(["check", option, "FLY00l", "."], capsys)
    assert code == 2
    assert f"{option}: 'FLY00l' is not a rule code" in err and "did you mean" in err


def test_unknown_code_in_a_suppression_comment(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"fly.toml": "# flylint: ignore[FLY0001]\n" + APP.replace('app = "x"\n', "")
                           .replace("[http_service]", 'app = "x"\n[http_service]')})
    code, out, _ = run(["check", "."], capsys)
    assert code == 1
    assert "fly.toml:1:19: SUP002 [warning] `FLY0001` in this suppression comment is not a flylint rule" in out
    assert "did you mean 'FLY001'" in out


UNUSED = """# flylint: ignore[DKR002, DKR001] base image pinned elsewhere
FROM node:22.11.0-bookworm-slim
CMD ["node", "server.js"]
"""


def test_report_unused_suppressions_and_fix(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"Dockerfile": UNUSED})
    # off by default
    _, out, _ = run(["check", "--select", "DKR001,DKR002", "."], capsys)
    assert "SUP001" not in out
    # DKR001 (root user) is suppressed, DKR002 (unpinned image) found nothing to suppress
    _, out, _ = run(["check", "--select", "DKR001,DKR002", "--report-unused-suppressions", "."], capsys)
    assert "Dockerfile:1:19: SUP001 [warning] `DKR002` suppresses nothing here" in out
    assert "DKR001" not in out.replace("DKR002, DKR001", "")
    code, _, _ = run(["check", "--select", "DKR001,DKR002,SUP001", "--fix", "."], capsys)
    assert (in_tmp / "Dockerfile").read_text().splitlines()[0] == "# flylint: ignore[DKR001] base image pinned elsewhere"
    assert code == 0


def test_a_comment_naming_a_rule_that_did_not_run_is_not_judged(in_tmp: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"Dockerfile": UNUSED})
    _, out, _ = run(["check", "--select", "DKR001,SUP001", "."], capsys)
    assert "SUP001" not in out  # DKR002 did not run: its code in the comment may still be needed


# -- baselines -------------------------------------------------------------------------------

BASE = {
    ".git/HEAD": "",
    "app/fly.toml": APP,
    "flylint.toml": 'baseline = "flylint-baseline.json"\nselect = ["FLY001", "FLY002"]\n',
}


def test_a_baseline_matches_from_any_directory(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, BASE)
    code, _, _ = run(["check", "--write-baseline", "flylint-baseline.json", "."], capsys)
    assert code == 0
    data = json.loads((in_tmp / "flylint-baseline.json").read_text())
    assert data["version"] == 2 and {f["path"] for f in data["findings"]} == {"app/fly.toml"}
    code, out, err = run(["check", "."], capsys)
    assert code == 0 and "All checks passed" in out and "warning" not in err
    os.chdir(in_tmp / "app")
    code, out, err = run(["check", "."], capsys)
    assert code == 0 and "All checks passed" in out and "warning" not in err


def test_a_baseline_that_matches_nothing_is_reported(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, BASE)
    run(["check", "--write-baseline", "flylint-baseline.json", "."], capsys)
    (in_tmp / "app").rename(in_tmp / "service")  # the paths it recorded are gone
    code, out, err = run(["check", "."], capsys)
    assert code == 1 and "FLY001" in out
    assert "the baseline flylint-baseline.json lists 2 finding(s) but matches none of the 2 found now" in err
