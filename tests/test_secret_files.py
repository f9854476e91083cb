"""Env and configuration files read for secrets (SEC005, SEC006): which files, and which values.

The rule fixtures (tests/rules/fixtures/secrets/SEC005*, SEC006*) hold one line per recognised
format; these tests pin down discovery (what is read, what is left out) and the value formats
flylint recognises itself rather than through detect-secrets.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import lint, write_project

from flylint.fly.secrets import scan_value
from flylint.linter.discover import MAX_SECRET_SCAN_BYTES, secret_scan_kind

FLY = 'app = "shop"\n'
# random-looking tails, written here once (no generator: the test must read the same every run)
R22 = "Xk3Pq9Lm2Vb7Nz4Rt8Wy1C"
R59 = "aQ7mZ2xK9pL4vN8bR3tW6yC1dF5gH0jS2uE7iO4kM9nB3vX8cZ1qA6wS3eD"
R74 = "Jb2Lk9Qx4Zm7Rv1Tn8Wc3Yp6Fs0Hd5Gj2Kl9Mq4Nx7Pb1Rz8Sv3Tw6Uy0Va5Xc2Ze9Af4Bg7Ch1Dk8Em"


@pytest.mark.parametrize(("name", "kind"), [
    (".env", "env_file"),
    (".env.production", "env_file"),
    (".env.local", "env_file"),
    (".env.test", "env_file"),
    (".env.example", None),
    (".env.sample", None),
    (".env.template", None),
    (".env.dist", None),
    (".env.production.example", None),
    ("config/production.yml", "config_file"),
    ("appsettings.json", "config_file"),
    ("config.toml", "config_file"),
    ("settings.ini", "config_file"),
    ("application.properties", "config_file"),
    ("docker-compose.yaml", "config_file"),
    ("package-lock.json", None),
    ("pnpm-lock.yaml", None),
    ("composer.lock", None),
    ("bundle.min.json", None),
    ("config.sample.yml", None),
    ("secrets.example.json", None),
    ("settings.template.toml", None),
    ("fly.toml", "fly_toml"),
    (".github/workflows/deploy.yml", "workflow"),
    ("README.md", None),
])
def test_which_files_are_read_for_secrets(name: str, kind: str | None) -> None:
    from flylint.linter.discover import classify_name

    assert classify_name(name) == kind
    if kind in ("env_file", "config_file", None):
        assert secret_scan_kind(name) == kind


def test_walking_leaves_out_vendored_fixture_and_large_files(in_tmp: Path) -> None:
    write_project(in_tmp, {
        "fly.toml": FLY,
        "config/app.yml": "name: shop\n",
        ".env": "PORT=8080\n",
        "node_modules/pkg/config.json": "{}\n",
        "vendor/lib/settings.yml": "a: 1\n",
        "tests/fixtures/creds.json": "{}\n",
        "spec/support/.env": "A=1\n",
        "docs/example.yml": "a: 1\n",
        "big.json": "[" + "1," * (MAX_SECRET_SCAN_BYTES // 2) + "1]\n",
    })
    result = lint(["."], select=["SEC005", "SEC006"])
    assert sorted(f.source.display_path for f in result.files if f.kind in ("env_file", "config_file")) == [
        ".env", "config/app.yml"]
    # a named file is classified as it would be while walking
    named = lint(["tests/fixtures/creds.json", "config/app.yml"], select=["SEC006"])
    assert [f.source.display_path for f in named.files] == ["config/app.yml"]


def test_a_folder_without_a_fly_project_is_not_scanned(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from flylint.cli.main import main

    write_project(in_tmp, {"package.json": '{"name": "x"}\n', ".env": "SECRET_KEY_BASE=" + "ab12" * 16 + "\n"})
    assert lint(["."]).files == []
    assert main(["check", ".", "--no-config"]) == 2  # nothing flylint reads: the no-files error
    # pre-commit passes a staged package.json with --no-files ignore: no error
    assert main(["check", "package.json", "--no-config", "--no-files", "ignore"]) == 0
    assert "No files checked." in capsys.readouterr().out


def test_a_committed_env_file_beside_a_workflow_is_scanned(in_tmp: Path) -> None:
    write_project(in_tmp, {
        ".github/workflows/deploy.yml": "on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n"
                                        "      - run: flyctl deploy\n",
        ".env.production": "SECRET_KEY_BASE=" + "9f3a" * 16 + "\n",
    })
    result = lint(["."], select=["SEC005"])
    assert [(f.code, f.path, f.line) for f in result.findings] == [("SEC005", ".env.production", 1)]
    assert "9f3a9f3a" not in result.findings[0].message


def test_non_utf8_config_is_read_not_refused(in_tmp: Path) -> None:
    write_project(in_tmp, {"fly.toml": FLY})
    (in_tmp / "app.properties").write_bytes(b"greeting=caf\xe9\njwt.secret=" + R59.encode() + b"\n")
    result = lint(["."], select=["SEC006"])
    assert not result.unreadable
    assert [(f.code, f.line) for f in result.findings] == [("SEC006", 2)]


@pytest.mark.parametrize(("value", "kind"), [
    (f"github_pat_{R22}_{R59}", "GitHub token"),
    (f"sk-proj-{R74}", "OpenAI API key"),
    (f"sk-svcacct-{R74}", "OpenAI API key"),
    (f"sk-ant-api03-{R74}{R22}", "Anthropic API key"),
])
def test_formats_detect_secrets_does_not_know(value: str, kind: str) -> None:
    hits = scan_value(f"TOKEN={value}")
    assert [(h.kind, h.start, h.end) for h in hits] == [(kind, 6, 6 + len(value))]
    assert value[8:] not in hits[0].redacted


@pytest.mark.parametrize("value", [
    "sk-proj-test-mock-key-abcdefghijklmnopqrstuvwxyz0123456789",  # a test suite's mock
    "sk-proj-your-key-here-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "github_pat_" + "x" * 22 + "_" + "x" * 59,
    "AKIAIOSFODNN7EXAMPLE",  # AWS's documentation key
    "AC00000000000000000000000000000000",  # a Twilio SID filled with zeros
    "sk_live_" + "0" * 24,
])
def test_look_alikes_are_not_secrets(value: str) -> None:
    assert scan_value(f"KEY={value}") == ()


def test_source_files_are_read_only_when_sec007_is_selected(in_tmp: Path) -> None:
    key = "sk_live_" + R22 + "ab"
    write_project(in_tmp, {"fly.toml": FLY, "app.py": f'stripe_key = "{key}"\n', "tests/test_app.py": f'K = "{key}"\n'})
    assert not [f for f in lint(["."]).files if f.kind == "source_file"]
    result = lint(["."], extend_select=["SEC007"])
    assert [(f.code, f.path, f.line) for f in result.findings if f.code == "SEC007"] == [("SEC007", "app.py", 1)]
    assert key not in result.findings[0].message
    named = lint(["app.py"], extend_select=["SEC007"])
    assert [f.code for f in named.findings if f.code == "SEC007"] == ["SEC007"]


def test_a_dna_sequence_is_not_an_aws_key() -> None:
    assert scan_value("SEQ=ACCAGTACGTTGCATGCAACGT") == ()
    assert [h.kind for h in scan_value("ID=AKIAZ4QJ7XK2M5RTW3VB")] == ["AWS access key"]


def test_env_file_secrets_fail_the_secret_controls_of_a_report(in_tmp: Path) -> None:
    from flylint.linter.config import Settings
    from flylint.report.build import build_report
    from flylint.report.controls import get_framework

    write_project(in_tmp, {"fly.toml": FLY, ".env": "SECRET_KEY_BASE=" + "9f3a" * 16 + "\n"})
    fw = get_framework("soc2")
    assert fw is not None
    report = build_report([fw], ["."], Settings())
    cc61 = next(c for r in report.frameworks for c in r.controls if c.control.id == "SOC2-CC6.1")
    assert cc61.status == "fail" and [e.code for e in cc61.findings] == ["SEC005"]
    assert "env_file" not in cc61.missing_kinds and set(report.files) == {
        "fly_toml", "dockerfile", "dockerignore", "shell", "workflow"}
    # no env or config file at all is the good case, never a missing file kind
    (in_tmp / ".env").unlink()
    clean = build_report([fw], ["."], Settings())
    for r in clean.frameworks:
        for c in r.controls:
            assert not {"env_file", "config_file", "source_file"} & set(c.missing_kinds)
