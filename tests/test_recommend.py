"""``flylint recommend``: the four worked cases of the issue, the three input shapes, the errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from flylint.cli.main import main
from flylint.recommend.inputs import InputError, load
from flylint.recommend.plan import load_prices, recommend

AUTH_API = """\
task:
  type: deployment
  application:
    name: auth-api
    framework: Express
    services:
      - name: gateway
      - name: auth
        databases: [postgres, redis]
      - name: sessions
        databases: [redis]
    requirements:
      - login with JWT
  constraints:
    budget: $400/month
    regions: [iad, lhr, syd]
    compliance: [gdpr]
"""

EXPRESS = """\
# a plain description
name: shop-api
application: REST API
framework: Express
databases: [PostgreSQL]
environments: [dev, staging, production]
budget_per_month: 200
compliance: [SOC 2, GDPR]
"""

LAMBDA = """\
trd:
  title: Order platform
  requirements:
    functional:
      - 40 microservices for ordering, billing and fulfilment
      - event processing with AWS Lambda
      - order history in DynamoDB
    non_functional:
      availability: 99.95%
      expected_users: 2M
"""

OPS = """\
{"application": "B2B data platform", "services": 25, "team_size": 30,
 "requirements": ["a dedicated ops team runs the platform"], "budget_per_month": "$20k/month"}
"""


def _answer(tmp_path: Path, name: str, text: str) -> dict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return recommend(load(str(path)))


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _commands(answer: dict) -> list[str]:
    return [c for step in answer["next_steps"] for c in step.get("commands", [])]


def test_three_service_auth_api_across_regions_is_flyio(tmp_path: Path) -> None:
    a = _answer(tmp_path, "auth.yaml", AUTH_API)
    assert a["platform"] == "flyio"
    factors = {r["factor"] for r in a["rationale"] if r["points"].get("flyio", 0) > 0}
    assert {"services", "latency"} <= factors
    services = a["architecture"]["services"]
    assert [s["name"] for s in services] == ["gateway", "auth", "sessions"]
    auth = services[1]
    assert auth["regions"] == ["iad", "lhr", "syd"]
    assert auth["machines_per_region"]["iad"] == {"min": 2, "max": 10}
    assert auth["machines_per_region"]["syd"] == {"min": 1, "max": 3}
    assert auth["databases"] == ["postgres", "redis"] and auth["memory_mb"] == 1024
    assert {d["engine"] for d in a["architecture"]["databases"]} == {"postgres", "redis"}
    cmds = _commands(a)
    assert "fly apps create auth-api-auth-production" in cmds
    assert any(c.startswith("fly mpg attach") and "auth-api-auth-production" in c for c in cmds)
    # gateway has no database: it is not attached
    assert not any(c.startswith("fly mpg attach") and "gateway" in c for c in cmds)
    secrets = next(s for s in a["next_steps"] if "secrets" in s)
    assert {s["name"] for s in secrets["secrets"]} >= {"JWT_SECRET", "REDIS_URL", "DATABASE_URL"}
    assert all('="$' in c for c in secrets["commands"])  # names only, values from the environment


def test_express_api_with_three_environments_is_flyio(tmp_path: Path) -> None:
    a = _answer(tmp_path, "express.yaml", EXPRESS)
    assert a["platform"] == "flyio"
    assert a["understood"]["environments"] == ["dev", "staging", "production"]
    assert a["understood"]["compliance"] == ["SOC 2", "GDPR"]
    cmds = _commands(a)
    for env in ("dev", "staging", "production"):
        assert f"fly apps create shop-api-{env}" in cmds
        assert f"fly deploy --config fly.{env}.toml" in cmds
        assert f"flylint smoke https://shop-api-{env}.fly.dev --health-path /health" in cmds
    assert "flylint init -t nodejs-express --app shop-api --region iad --envs dev,staging,production" in cmds
    assert [t["environment"] for t in a["test_specifications"]] == ["dev", "staging", "production"]
    # the budget was compared with the estimate, and the compliance package is priced
    assert any(r["factor"] == "budget" and "from" in r for r in a["rationale"])
    assert any("compliance package" in i["item"] for i in a["estimated_cost"]["items"])
    assert set(a["estimated_cost"]["by_environment"]) >= {"production", "dev, staging", "organisation"}


def test_forty_microservices_with_lambda_and_dynamodb_is_aws(tmp_path: Path) -> None:
    a = _answer(tmp_path, "trd.yaml", LAMBDA)
    assert a["platform"] == "aws"
    assert a["understood"]["services"] == 40
    assert a["understood"]["cloud_services"] == ["Lambda", "DynamoDB"]
    reason = next(r for r in a["rationale"] if r["factor"] == "cloud-services")
    assert reason["from"] == "trd.requirements.functional[1]"
    assert "note" in a["estimated_cost"]  # Fly.io prices only, for comparison
    assert not any(c.startswith("fly apps create") for c in _commands(a))
    kinds = {alt["platform"] for alt in a["alternatives"]}
    assert kinds == {"flyio", "kubernetes"}


def test_twenty_five_services_with_an_ops_team_is_kubernetes(tmp_path: Path) -> None:
    a = _answer(tmp_path, "platform.json", OPS)
    assert a["platform"] == "kubernetes"
    assert a["understood"]["ops_team"] is True and a["understood"]["services"] == 25
    assert a["understood"]["budget_usd_month"] == 20000
    assert a["confidence"] in ("high", "medium")


def test_deterministic_and_documented_price_table(tmp_path: Path) -> None:
    first = _answer(tmp_path, "a.yaml", AUTH_API)
    second = _answer(tmp_path, "b.yaml", AUTH_API)
    assert first == second
    table = first["estimated_cost"]["price_table"]
    prices = load_prices()
    assert table["as_of"] == prices["as_of"] and "estimate" in table["status"]
    assert table["source"].startswith("https://fly.io/")
    total = round(sum(i["usd"] for i in first["estimated_cost"]["items"]), 2)
    assert first["estimated_cost"]["monthly_usd"] == total


def test_negation_is_not_a_fact(tmp_path: Path) -> None:
    text = "application: API\nrequirements:\n  - no Kubernetes, we have no dedicated ops team\n  - without Redis\n"
    a = _answer(tmp_path, "neg.yaml", text)
    assert a["understood"]["ops_team"] is False
    assert a["understood"]["datastores"] == []
    assert not any(r["factor"] == "kubernetes-named" for r in a["rationale"])


def test_unknown_fields_are_reported_with_positions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("task:\n  application:\n    name: x\n    colour: blue\n  constraints:\n"
                    "    regions: [iad, mars]\n", encoding="utf-8")
    code, out, err = run(["recommend", str(path), "--format", "json"], capsys)
    assert code == 0
    notices = json.loads(out)["notices"]
    assert [(n["field"], n["line"], n["column"]) for n in notices] == [
        ("task.application.colour", 4, 5), ("task.constraints.regions[1]", 6, 20)]
    assert "r.yaml:4:5: warning: unknown field `colour`" in err
    code, _, err = run(["recommend", str(path), "--strict"], capsys)
    assert code == 2 and "--strict" in err


@pytest.mark.parametrize("name, text, where, message", [
    ("a.yaml", "task:\n  constraints:\n    budget: lots\n", ":3:5:", "expected a monthly budget"),
    ("b.yaml", "task:\n  application: [\n", ":3:1:", "invalid YAML"),
    ("c.json", '{"team_size": 3,}', ":1:17:", "invalid JSON"),
    ("d.yaml", "- a list\n", ":1:1:", "expected a mapping at the top level"),
    ("e.yaml", "team_size: many\n", ":1:1:", "expected a team size"),
    ("f.yaml", "task: {}\ntrd: {}\n", ":2:1:", "both `task` and `trd`"),
    ("g.yaml", "secrets: ['sk_live_abcdef']\n", ":1:11:", "secret's NAME"),
    ("h.yaml", "", "", "the file is empty"),
])
def test_invalid_files_are_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str,
                                         where: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = run(["recommend", str(path)], capsys)
    assert code == 2 and out == ""
    assert f"{name}{where}" in err and message in err
    assert "Traceback" not in err
    assert "sk_live_abcdef" not in err


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, cur in zip("abcde", "bcdef", strict=True):
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 10)}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="more than"):
        load(str(path))


def test_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "express.yaml"
    path.write_text(EXPRESS, encoding="utf-8")
    code, out, _ = run(["recommend", str(path)], capsys)
    assert code == 0
    as_yaml = yaml.safe_load(out)
    code, out, _ = run(["recommend", str(path), "--format", "json"], capsys)
    assert as_yaml == json.loads(out)
    assert list(as_yaml)[:5] == ["platform", "platform_name", "confidence", "scores", "rationale"]
    for key in ("architecture", "estimated_cost", "alternatives", "next_steps", "validation_requirements",
                "test_specifications"):
        assert as_yaml[key]
    code, out, _ = run(["recommend", str(path), "--format", "text"], capsys)
    assert out.startswith("Recommended platform: Fly.io (flyio)")
    assert "fly apps create shop-api-staging" in out and "prices: flylint/data/fly-prices.toml" in out


def test_review_checklist_names_real_rules(tmp_path: Path) -> None:
    from flylint.linter.registry import load_all

    a = _answer(tmp_path, "express.yaml", EXPRESS)
    rules = load_all()
    for item in a["validation_requirements"]:
        assert item["rules"], item
        assert all(code in rules for code in item["rules"])
    assert any(item["area"] == "environments" for item in a["validation_requirements"])


def test_the_init_command_of_the_next_steps_works(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import shlex

    a = _answer(tmp_path, "express.yaml", EXPRESS)
    init = next(c for c in _commands(a) if c.startswith("flylint init"))
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)
    code, _out, err = run(shlex.split(init)[1:], capsys)
    assert code == 0, err
    for env in ("dev", "staging", "production"):
        assert (project / f"fly.{env}.toml").is_file()
        assert f"shop-api-{env}" in (project / f"fly.{env}.toml").read_text(encoding="utf-8")
    assert (project / ".github" / "workflows" / "fly-deploy.yml").is_file()
