"""The command line: exit codes, the JSON contract, rule docs, configuration errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, write_project

from flylint.cli.main import main

SAMPLE = REPO / "examples" / "sample-app"

HARDENED = {
    "fly.toml": """app = "hardened"
primary_region = "iad"

[http_service]
  internal_port = 8080
  force_https = true

  [[http_service.checks]]
    grace_period = "10s"
    interval = "15s"
    method = "GET"
    path = "/health"
    timeout = "2s"
""",
    "Dockerfile": """FROM node:22.11.0-bookworm-slim
WORKDIR /app
COPY . .
USER node
CMD ["node", "server.js"]
""",
    ".dockerignore": ".git\n.env\n.env.*\nnode_modules\n",
}


ONLY_FLY001 = HARDENED["fly.toml"].replace("  force_https = true\n", "")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_bare_flylint_is_check(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"fly.toml": 'app = "x"\n\n[http_service]\n  internal_port = 8080\n'})
    code1, out1, _ = run([], capsys)
    code2, out2, _ = run(["check"], capsys)
    code3, out3, _ = run(["."], capsys)
    assert code1 == code2 == code3 == 1
    assert out1 == out2 == out3
    assert "fly.toml:3:1: FLY001 [warning]" in out1


def test_exit_codes(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, HARDENED)
    code, out, _ = run(["check", "."], capsys)
    assert code == 0, out
    assert "All checks passed" in out
    write_project(in_tmp, {"fly.toml": ONLY_FLY001})
    assert run(["check"], capsys)[0] == 1
    assert run(["check", "--exit-zero"], capsys)[0] == 0
    assert run(["check", "--fail-on", "error"], capsys)[0] == 0
    assert run(["check", "--ignore", "FLY001"], capsys)[0] == 0
    assert run(["check", "--ignore", "https-not-forced"], capsys)[0] == 0
    assert run(["check", "does-not-exist"], capsys)[0] == 2
    assert run(["check", "--select", "NOPE123"], capsys)[0] == 2
    assert run(["check", "--format", "yaml"], capsys)[0] == 2


def test_json_contract(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"sub/fly.toml": 'app = "x"\n\n[http_service]\n  internal_port = 8080\n'})
    code, out, _ = run(["check", "--format", "json"], capsys)
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"version", "findings", "summary"}
    for f in data["findings"]:
        assert set(f) == {"code", "name", "severity", "message", "path", "line", "column", "end_line",
                          "end_column", "fix"}
    (f,) = [f for f in data["findings"] if f["code"] == "FLY001"]
    assert f["name"] == "https-not-forced" and f["severity"] in ("error", "warning", "info")
    assert f["path"] == "sub/fly.toml"
    assert (f["line"], f["column"]) == (3, 1)
    assert f["fix"] == {"applicability": "safe", "title": "Set force_https = true"}
    assert data["summary"]["findings"] == len(data["findings"])


def test_output_file(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, HARDENED)
    code, out, _ = run(["check", "--format", "json", "-o", "report.json"], capsys)
    assert code == 0 and out == ""
    assert json.loads((in_tmp / "report.json").read_text())["findings"] == []


def test_rule_and_rules_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rule", "FLY001"], capsys)
    assert code == 0
    assert "https-not-forced" in out and "## Why is this bad?" in out
    code, out, _ = run(["rule", "container-runs-as-root"], capsys)
    assert code == 0 and "DKR001" in out
    assert run(["rule", "XYZ999"], capsys)[0] == 2
    code, out, _ = run(["rules"], capsys)
    assert code == 0
    assert out.splitlines()[0].split()[:6] == ["CODE", "NAME", "SEVERITY", "FIX", "DEFAULT", "TAGS"]
    assert any(line.startswith("FLY001 ") for line in out.splitlines())


def test_statistics(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"fly.toml": 'app = "x"\n\n[http_service]\n  internal_port = 8080\n'})
    code, out, _ = run(["check", "--statistics"], capsys)
    assert code == 1
    assert any("FLY001" in line and "https-not-forced" in line for line in out.splitlines())


def test_config_file_and_errors(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"fly.toml": ONLY_FLY001})
    (in_tmp / "flylint.toml").write_text('ignore = ["FLY001"]\n')
    assert run(["check"], capsys)[0] == 0
    assert run(["check", "--no-config"], capsys)[0] == 1
    (in_tmp / "flylint.toml").write_text('ignored = ["FLY001"]\n')
    code, _, err = run(["check"], capsys)
    assert code == 2
    assert "flylint.toml" in err and "ignored" in err and "did you mean 'ignore'" in err
    (in_tmp / "flylint.toml").write_text('select = ["FLY9"]\n')
    code, _, err = run(["check"], capsys)
    assert code == 2 and "FLY9" in err
    (in_tmp / "flylint.toml").unlink()
    (in_tmp / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.flylint]\nfail-on = "error"\n')
    assert run(["check"], capsys)[0] == 0
    (in_tmp / "pyproject.toml").write_text('[tool.flylint]\nseverity = { FLY001 = "error" }\nfail-on = "error"\n')
    code, out, _ = run(["check"], capsys)
    assert code == 1 and "FLY001 [error]" in out


def test_per_file_ignores(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {
        "a/fly.toml": 'app = "a"\n\n[http_service]\n  internal_port = 8080\n',
        "b/fly.toml": 'app = "b"\n\n[http_service]\n  internal_port = 8080\n',
        "flylint.toml": '[per-file-ignores]\n"a/*" = ["FLY001"]\n',
    })
    _code, out, _ = run(["check", "--select", "FLY001"], capsys)
    assert "b/fly.toml" in out and "a/fly.toml" not in out


def test_sample_project_runs_as_module() -> None:
    proc = subprocess.run([sys.executable, "-m", "flylint", "check", str(SAMPLE), "--format", "json"],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    codes = {f["code"] for f in data["findings"]}
    assert {"FLY001", "FLY003", "DKR001", "SEC001", "SEC002", "SEC003", "SEC004"} <= codes
    assert "Traceback" not in proc.stderr


def test_nothing_to_lint_is_an_error_unless_configured(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / "README.md").write_text("no fly here\n")
    (in_tmp / "server.js").write_text("listen(8080)\n")
    for args in (["."], ["server.js"]):
        code, out, err = run(["check", *args], capsys)
        assert code == 2 and out == ""
        assert f"error: no file to check in {args[0]}: flylint reads fly configs" in err
        assert "--no-files=warn" in err
    code, out, err = run(["check", "--no-files", "warn", "."], capsys)
    assert code == 0 and "warning: no file to check in ." in err
    assert "No files checked." in out and "All checks passed" not in out
    (in_tmp / "flylint.toml").write_text('no-files = "ignore"\n')
    code, out, err = run(["check", "."], capsys)
    assert code == 0 and err == "" and "No files checked." in out
