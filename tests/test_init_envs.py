"""``flylint init --envs``: one fly.<env>.toml per environment, deploy.sh taking the environment,
and the branch → environment workflow; everything lints clean (``--select ALL``, ShellCheck,
hadolint when installed) and the cross-environment rules really look at it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from flylint.cli.main import main
from flylint.fly.values import memory_mb
from flylint.skill import templates
from flylint.skill.envs import ENV_DEFAULTS

EXAMPLES = REPO / "skills" / "flyio" / "examples"
PUBLIC = sorted(name for name, info in templates.TEMPLATES.items() if info.port is not None)
ENVS = ("dev", "staging", "production")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def lint_all(path: Path, tmp_path: Path) -> list[dict]:
    report = tmp_path / "report.json"
    main(["check", "--select", "ALL", "--no-config", "--fail-on", "info", "--format", "json", "-o", str(report),
          str(path)])
    return json.loads(report.read_text(encoding="utf-8"))["findings"]


def _tool(name: str) -> str | None:
    return shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_template_with_three_environments_lints_clean(name: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "proj"
    code, stdout, err = run(["init", str(out), "-t", name, "--app", "shop", "--envs", "dev,staging,production"],
                            capsys)
    assert code == 0, err
    assert not (out / "fly.toml").exists()
    apps = set()
    for env in ENVS:
        cfg = tomllib.loads((out / f"fly.{env}.toml").read_text(encoding="utf-8"))
        d = ENV_DEFAULTS[env]
        apps.add(cfg["app"])
        assert cfg["app"] == f"shop-{env}"
        assert {memory_mb(vm["memory"]) for vm in cfg["vm"]} == {d.memory_mb}
        assert cfg["http_service"]["min_machines_running"] == d.min_running
        assert f"shop-{env}" in stdout
    assert len(apps) == 3
    assert ENV_DEFAULTS["production"].min_running >= 1
    findings = lint_all(out, tmp_path)
    assert findings == [], "\n".join(f"{f['path']}:{f['line']}: {f['code']} {f['message']}" for f in findings)
    shellcheck = _tool("shellcheck")
    if shellcheck:
        proc = subprocess.run([shellcheck, str(out / "deploy.sh")], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout
    hadolint = _tool("hadolint")
    if hadolint:
        proc = subprocess.run([hadolint, "--no-color", str(out / "Dockerfile")], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout


def test_workflow_maps_branches_to_environments(tmp_path: Path, capsys) -> None:
    out = tmp_path / "proj"
    assert run(["init", str(out), "-t", "nodejs-express", "--app", "shop", "--envs", "production,dev,staging"],
               capsys)[0] == 0
    text = (out / ".github" / "workflows" / "fly-deploy.yml").read_text(encoding="utf-8")
    wf = yaml.safe_load(text)
    assert wf[True]["push"]["branches"] == ["main", "staging", "develop"]  # `on` reads as True in YAML 1.1
    assert wf["permissions"] == {"contents": "read"}
    jobs = wf["jobs"]
    expected = {"production": "main", "staging": "staging", "dev": "develop"}
    for env, branch in expected.items():
        job = jobs[f"deploy-{env}"]
        assert job["if"] == f"github.ref == 'refs/heads/{branch}'"
        assert job["environment"]["name"] == env
        assert job["concurrency"]["group"] == f"fly-deploy-{env}"
        steps = job["steps"]
        assert all("@" in s["uses"] and len(s["uses"].split("@")[1]) == 40 for s in steps if "uses" in s)
        deploy = steps[-1]
        assert deploy["run"] == f"./deploy.sh {env}" and "${{" not in deploy["run"]
        assert deploy["env"]["FLY_API_TOKEN"] == "${{ secrets.FLY_API_TOKEN }}"


def test_cross_environment_rules_see_the_generated_configs(tmp_path: Path, capsys) -> None:
    out = tmp_path / "proj"
    assert run(["init", str(out), "-t", "python-fastapi", "--app", "shop", "--envs", "staging,production"],
               capsys)[0] == 0
    staging = out / "fly.staging.toml"
    staging.write_text(staging.read_text(encoding="utf-8").replace('app = "shop-staging"', 'app = "shop-production"'),
                       encoding="utf-8")
    prod = out / "fly.production.toml"
    prod.write_text(prod.read_text(encoding="utf-8").replace("min_machines_running = 2", "min_machines_running = 0"),
                    encoding="utf-8")
    codes = {f["code"] for f in lint_all(out, tmp_path)}
    assert {"FLY150", "FLY107"} <= codes


def test_regions_and_memory_per_environment(tmp_path: Path, capsys) -> None:
    out = tmp_path / "proj"
    code, _, err = run(["init", str(out), "-t", "go-http-server", "--app", "api", "--region", "ams",
                        "--envs", "dev,production=lhr", "--memory", "512mb"], capsys)
    assert code == 0, err
    dev = tomllib.loads((out / "fly.dev.toml").read_text(encoding="utf-8"))
    prod = tomllib.loads((out / "fly.production.toml").read_text(encoding="utf-8"))
    assert dev["primary_region"] == "ams" and prod["primary_region"] == "lhr"
    assert memory_mb(dev["vm"][0]["memory"]) == memory_mb(prod["vm"][0]["memory"]) == 512
    wf = yaml.safe_load((out / ".github" / "workflows" / "fly-deploy.yml").read_text(encoding="utf-8"))
    assert set(wf["jobs"]) == {"deploy-dev", "deploy-production"}


@pytest.mark.parametrize("args, message", [
    (["-t", "nodejs-express", "--envs", "dev,dev"], "twice"),
    (["-t", "nodejs-express", "--envs", "dev,development"], "twice"),
    (["-t", "nodejs-express", "--envs", "Dev Env"], "not an environment name"),
    (["-t", "nodejs-express", "--envs", "production=xyz"], "unknown region"),
    (["-t", "nodejs-express", "--envs", ","], "at least one environment"),
    (["-t", "database-postgres", "--envs", "dev,production"], "private service"),
])
def test_envs_usage_errors(tmp_path: Path, capsys, args: list[str], message: str) -> None:
    code, _out, err = run(["init", str(tmp_path / "p"), *args], capsys)
    assert code == 2 and message in err
    assert not (tmp_path / "p").exists() or not any((tmp_path / "p").iterdir())


def _fake_flyctl(bin_dir: Path, name: str, log: Path) -> None:
    bin_dir.mkdir(exist_ok=True)
    script = bin_dir / name
    script.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\n', encoding="utf-8")
    script.chmod(0o755)


@pytest.mark.parametrize("binary", ["fly", "flyctl"])
def test_deploy_script_takes_the_environment(tmp_path: Path, capsys, binary: str) -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    out = tmp_path / "proj"
    assert run(["init", str(out), "-t", "nodejs-express", "--app", "shop", "--envs", "dev,staging,production"],
               capsys)[0] == 0
    log = tmp_path / "calls.log"
    _fake_flyctl(tmp_path / "bin", binary, log)
    env = {"PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin", "IMAGE_LABEL": "test", "HOME": str(tmp_path)}
    proc = subprocess.run([bash, str(out / "deploy.sh"), "staging"], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    deploy = next(c for c in calls if c.startswith("deploy "))
    assert "--app shop-staging" in deploy and "--config fly.staging.toml" in deploy
    assert all("fly.toml" not in c for c in calls)
    proc = subprocess.run([bash, str(out / "deploy.sh"), "qa"], env=env, capture_output=True, text=True)
    assert proc.returncode == 2 and "usage: ./deploy.sh [dev|staging|production]" in proc.stderr
