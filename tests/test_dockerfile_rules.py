"""Dockerfile and .dockerignore rules beyond the fixtures: whole projects, created files,
parser corner cases (escape directive, SHELL, heredocs) and the helpers the rules share."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import lint, requires_shared, write_project

from flylint.linter.model import FindingKind

HARDENED_DOCKERFILE = """\
# syntax=docker/dockerfile:1.7
ARG NODE_VERSION=22.11.0

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=NPM_TOKEN \\
    NPM_TOKEN="$(cat /run/secrets/NPM_TOKEN)" npm ci --omit=dev

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \\
    && apt-get install -y --no-install-recommends python3 make g++ \\
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM gcr.io/distroless/nodejs22-debian12:nonroot@sha256:4f2b1e5a7f0c3d9e8b6a1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f
WORKDIR /app
ENV NODE_ENV=production PORT=8080
COPY --from=deps --chown=nonroot:nonroot /app/node_modules ./node_modules
COPY --from=build --chown=nonroot:nonroot /app/dist ./dist
EXPOSE 8080
USER nonroot
CMD ["dist/server.js"]
"""

FLY_TOML = """\
app = "hardened"
primary_region = "ams"
kill_signal = "SIGTERM"
kill_timeout = "30s"

[http_service]
  internal_port = 8080
  force_https = true
  auto_stop_machines = "stop"
  auto_start_machines = true
  min_machines_running = 1

  [[http_service.checks]]
    grace_period = "10s"
    interval = "15s"
    method = "GET"
    path = "/healthz"
    timeout = "2s"
"""


def _codes(result, prefix: str = "DKR") -> list[str]:
    return sorted(f"{f.code} {f.path}:{f.line} {f.message}" for f in result.findings if f.code.startswith(prefix))


def test_hardened_project_has_no_findings(in_tmp: Path) -> None:
    write_project(in_tmp, {
        "Dockerfile": HARDENED_DOCKERFILE,
        "fly.toml": FLY_TOML,
        ".dockerignore": ".git\n.env\n.env.*\n*.pem\n*.key\nnode_modules\n",
        "package.json": '{"name": "hardened", "version": "1.0.0"}\n',
        "package-lock.json": '{"lockfileVersion": 3}\n',
    })
    result = lint(["."])
    assert [f"{f.code} {f.path}:{f.line} {f.message}" for f in result.findings] == []


def test_hardened_dockerfile_alone_has_no_dockerfile_findings(in_tmp: Path) -> None:
    write_project(in_tmp, {"Dockerfile": HARDENED_DOCKERFILE, ".dockerignore": ".git\n.env\n.env.*\nnode_modules\n"})
    assert _codes(lint(["."])) == []


def test_rules_fire_on_a_careless_dockerfile(in_tmp: Path) -> None:
    # the same app written carelessly: the rules must be able to fail
    write_project(in_tmp, {
        "fly.toml": FLY_TOML,
        "Dockerfile": "FROM node\nWORKDIR app\nCOPY . .\nRUN npm install && npm run build\nCMD npm start\n",
        "package.json": "{}\n",
        "package-lock.json": "{}\n",
    })
    codes = {f.code for f in lint(["."]).findings}
    assert {"DKR001", "DKR002", "DKR011", "DKR012", "DKR023", "DKR026", "DKR027"} <= codes


def test_dockerignore_fix_uses_the_stack_template_when_bundled(in_tmp: Path) -> None:
    from flylint.cli.main import main
    from flylint.rules.dockerfile.copy_context_without_dockerignore import ignore_content

    write_project(in_tmp, {
        "Dockerfile": "FROM node:22.11.0-bookworm-slim\nWORKDIR /app\nCOPY . .\nUSER node\nCMD [\"node\", \"s.js\"]\n",
        "package.json": "{}\n",
    })
    main(["check", ".", "--fix", "--unsafe-fixes", "--select", "DKR026", "--no-config"])
    created = (in_tmp / ".dockerignore").read_text(encoding="utf-8")
    assert created == ignore_content("node")
    for line in (".git", ".env", "node_modules"):
        assert line in created.splitlines()
    # and the created file satisfies the .dockerignore rules
    assert _codes(lint(["."], select=["DKR026", "DKR100", "DKR101", "DKR102", "DKR103"])) == []


def test_dockerignore_fix_without_a_known_stack_uses_the_builtin_list(in_tmp: Path) -> None:
    from flylint.rules.dockerfile.copy_context_without_dockerignore import GENERIC, ignore_content

    assert ignore_content(None) == GENERIC
    assert ".git" in GENERIC.splitlines() and ".env" in GENERIC.splitlines()


def test_missing_git_is_not_reported_when_git_is_above_the_context(tmp_path: Path, monkeypatch) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    app = repo / "services" / "api"
    write_project(app, {"Dockerfile": "FROM alpine:3.20\nCOPY . /srv\nUSER nobody\nCMD [\"/srv/run\"]\n",
                        ".dockerignore": ".env\n.env.*\n"})
    monkeypatch.chdir(app)
    assert _codes(lint(["."], select=["DKR100"])) == []
    monkeypatch.chdir(repo)
    write_project(repo, {"Dockerfile": "FROM alpine:3.20\nCOPY . /srv\nUSER nobody\nCMD [\"/srv/run\"]\n",
                         ".dockerignore": ".env\n.env.*\n"})
    assert [c.split()[0] for c in _codes(lint([".dockerignore", "Dockerfile"], select=["DKR100"]))] == ["DKR100"]


def test_escape_directive_and_backtick_continuations(in_tmp: Path) -> None:
    write_project(in_tmp, {"Dockerfile": (
        "# escape=`\n"
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update `\n"
        "    && curl -fsSL https://example.com/i.sh `\n"
        "    | sh\n"
        "USER nobody\n"
        "CMD [\"bash\"]\n"
    )})
    found = sorted((f.code, f.line) for f in lint(["."], select=["DKR005", "DKR018"]).findings)
    # the pipe spans two backtick continuations; `apt-get update` installs nothing afterwards
    assert found == [("DKR005", 4), ("DKR018", 3)]


def test_non_posix_shell_is_not_parsed_as_sh(in_tmp: Path) -> None:
    write_project(in_tmp, {"Dockerfile": (
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
        "SHELL [\"powershell\", \"-Command\"]\n"
        "RUN curl -k https://example.com/x -o x; sudo x\n"
        "USER ContainerUser\n"
        "CMD [\"x.exe\"]\n"
    )})
    assert _codes(lint(["."], select=["DKR007", "DKR008"])) == []


def test_heredoc_with_another_interpreter_is_not_shell(in_tmp: Path) -> None:
    write_project(in_tmp, {"Dockerfile": (
        "FROM python:3.12.7-slim-bookworm\n"
        "RUN <<EOF\n"
        "#!/usr/bin/env python3\n"
        "import subprocess\n"
        "subprocess.run('curl -k https://x | sh', shell=False)\n"
        "EOF\n"
        "USER nobody\n"
        "CMD [\"python\"]\n"
    )})
    assert _codes(lint(["."], select=["DKR005", "DKR007"])) == []


def test_build_target_decides_the_run_stage(in_tmp: Path) -> None:
    write_project(in_tmp, {
        "fly.toml": 'app = "t"\n[build]\n  build-target = "web"\n',
        "Dockerfile": (
            "FROM python:3.12.7-slim-bookworm AS web\n"
            "RUN pip install flask==3.1.0\n"
            "USER nobody\n"
            "CMD [\"flask\", \"run\"]\n"
            "FROM ubuntu AS tools\n"
            "RUN apt-get update && apt-get install -y curl\n"
        ),
    })
    found = {(f.code, f.line) for f in lint(["."], select=["DKR002", "DKR015", "DKR016", "DKR021"]).findings}
    assert found == {("DKR021", 2)}


# -- helpers ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "argv"), [
    ("npm start", ["npm", "start"]),
    ('gunicorn --bind 0.0.0.0:8000 "app:create_app()"', ["gunicorn", "--bind", "0.0.0.0:8000", "app:create_app()"]),
    ("node server.js --port $PORT", None),
    ("npm run migrate && npm start", None),
    ("python app.py > /var/log/app.log", None),
    ("ls *.js", None),
    ("FOO=1 node server.js", None),
])
def test_exec_form_conversion(text: str, argv: list[str] | None) -> None:
    from flylint.rules.dockerfile.shell_form_cmd import exec_form

    assert exec_form(text) == argv


@pytest.mark.parametrize(("mode", "bad"), [
    ("777", True), ("0666", True), ("1777", False), ("755", False), ("o+w", True), ("a=rwx", True),
    ("u+w", False), ("+w", False), ("go-w", False), ("u=rwX,go=rX", False), ("a+wt", False), ("$MODE", False),
])
def test_world_writable_modes(mode: str, bad: bool) -> None:
    from flylint.rules.dockerfile.world_writable_permissions import world_writable

    assert world_writable(mode) is bad


@pytest.mark.parametrize(("spec", "ok"), [
    ("8080", True), ("8080/tcp", True), ("53/udp", True), ("7000-7010", True), ("65535", True),
    ("65536", False), ("8080/http", False), ("9000-8000", False), ("http", False), ("${PORT}", True),
])
def test_expose_port_specs(spec: str, ok: bool) -> None:
    from flylint.rules.dockerfile.expose_invalid_port import port_problem

    assert (port_problem(spec) is None) is ok


@pytest.mark.parametrize(("path", "secret"), [
    (".env", True), (".env.production", True), (".env.example", False), ("config/master.key", True),
    ("id_ed25519", True), ("id_ed25519.pub", False), ("certs/ca.pem", False), ("certs/privkey.pem", True),
    ("credentials.json", True), (".ssh", True), ("package.json", False), ("server.crt", False),
])
def test_secret_file_names(path: str, secret: bool) -> None:
    from flylint.rules.dockerfile._util import secret_file_kind

    assert (secret_file_kind(path) is not None) is secret


def test_arg_resolution() -> None:
    from flylint.rules.dockerfile._util import resolve, split_image

    assert resolve("node:${V}-slim", {"V": "22"}) == "node:22-slim"
    assert resolve("node:${V:-20}", {}) == "node:20"
    assert resolve("node:$V", {}) is None
    assert resolve("node:${V}", {"V": None}) is None
    assert split_image("localhost:5000/team/app:1.2@sha256:abc") == ("localhost:5000/team/app", "1.2", "sha256:abc")
    assert split_image("localhost:5000/app") == ("localhost:5000/app", None, None)


def test_dockerfile_rule_modules_import_nothing_heavy() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import flylint.rules.dockerfile as a, flylint.rules.dockerignore as b\n"
        "for pkg in (a, b):\n"
        "    for info in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(pkg.__name__ + '.' + info.name)\n"
        "heavy = [m for m in ('detect_secrets', 'tomlkit', 'sarif_om', 'yaml', 'requests') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_generated_projects_lint_without_internal_errors(tmp_path: Path) -> None:
    tool = requires_shared("tools/gen-projects")
    out = tmp_path / "gp"
    subprocess.run([sys.executable, str(tool), str(out), "25"], check=True, capture_output=True)
    cwd = os.getcwd()
    try:
        os.chdir(out)
        result = lint(["."])
    finally:
        os.chdir(cwd)
    internal = [f for f in result.findings if f.kind is FindingKind.INTERNAL_ERROR]
    assert internal == [], [f.message for f in internal]
    dkr = [f for f in result.findings if f.code.startswith("DKR")]
    assert dkr, "the generated projects have known Dockerfile problems"
    # every generated project copies its context without a .dockerignore
    assert {f.path.split("/")[0] for f in dkr if f.code == "DKR026"} == {p.name for p in out.iterdir()}
    shutil.rmtree(out)


def test_dkr026_fix_is_safe_unless_it_would_hide_a_copied_path(in_tmp) -> None:
    from conftest import lint, write_project

    write_project(in_tmp, {"Dockerfile": "FROM node:22.11.0-bookworm-slim\nWORKDIR /app\nCOPY . .\n"
                                         "USER node\nCMD [\"node\", \"server.js\"]\n",
                           "package.json": "{}\n"})
    [f] = lint(select=["DKR026"]).findings
    assert f.fix is not None and f.fix.is_safe
    write_project(in_tmp, {"Dockerfile": "FROM node:22.11.0-bookworm-slim\nWORKDIR /app\nCOPY . .\n"
                                         "COPY .env.production ./\nUSER node\nCMD [\"node\", \"server.js\"]\n"})
    [f] = lint(select=["DKR026"]).findings
    assert f.fix is not None and not f.fix.is_safe


def test_expose_port_too_long_to_convert_is_a_finding_not_a_crash() -> None:
    from flylint.rules.dockerfile.expose_invalid_port import port_problem

    huge = "9" * 5000  # past the 4,300 digits Python converts
    assert port_problem(huge) == "999999999999… is above 65535"
    assert port_problem(f"80-{huge}/tcp") == "999999999999… is above 65535"
    assert port_problem("0000080") is None  # leading zeros: still port 80
    assert port_problem("65536") == "65536 is above 65535"
    assert port_problem("\u0668\u0660") == "is not a port number"  # Arabic-Indic digits: not Docker's
