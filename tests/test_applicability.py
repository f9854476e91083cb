"""What the engine keeps for reports: where a rule had nothing to look at (``ctx.not_applicable``),
which comment suppressed a finding and why, and which findings the baseline accepted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_project

from flylint.linter.config import Settings
from flylint.linter.engine import Linter
from flylint.linter.model import Finding
from flylint.linter.registry import load_all
from flylint.linter.suppress import Suppression

FLY = 'app = "a"\n\n[http_service]\n  internal_port = 8080\n  force_https = false\n'


def test_a_rule_says_it_had_nothing_to_look_at(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(in_tmp, {"fly.toml": FLY, "web/fly.toml": 'app = "b"\n'})
    rules = load_all()

    def only_http(cfg, ctx):
        if cfg.http_service is None:
            ctx.not_applicable("no [http_service]")
            return
        yield from ()

    monkeypatch.setattr(rules["FLY001"], "func", only_http)
    result = Linter(Settings(select=["FLY001"])).lint_paths(["."])
    assert {("FLY001", "fly.toml"), ("FLY001", "web/fly.toml")} <= result.evaluated
    assert result.not_applicable == {("FLY001", "web/fly.toml"): "no [http_service]"}


def test_a_project_rule_can_name_the_file(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(in_tmp, {"fly.toml": FLY, "fly.staging.toml": 'app = "b"\n'})
    rules = load_all()

    def per_config(project, ctx):
        for pf in project.configs():
            if pf.name != "fly.toml":
                ctx.not_applicable("one environment only", source=pf.source)
        yield from ()

    monkeypatch.setattr(rules["FLY150"], "func", per_config)
    result = Linter(Settings(select=["FLY150"])).lint_paths(["."])
    assert result.not_applicable == {("FLY150", "fly.staging.toml"): "one environment only"}


class Keeping(Linter):
    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.kept: list[tuple[str, Suppression | None]] = []

    def on_suppressed(self, finding: Finding, suppression: Suppression) -> None:
        self.kept.append((finding.code, suppression))

    def on_baselined(self, finding: Finding) -> None:
        self.kept.append((finding.code, None))


def test_suppressions_keep_their_reason_and_line(in_tmp: Path) -> None:
    write_project(in_tmp, {
        "fly.toml": FLY.replace("  force_https", "  # flylint: ignore[FLY001] TLS ends at our load balancer\n"
                                                 "  # flylint: ignore[FLY100]\n  force_https"),
        "Dockerfile": "# flylint: ignore-file[DKR001] start.sh drops privileges itself\nFROM postgres:17.2\n"
                      'CMD ["/start.sh"]\n',
    })
    linter = Keeping(Settings(select=["FLY001", "DKR001"]))
    assert linter.lint_paths(["."]).findings == []
    assert sorted(linter.kept, key=lambda k: k[0]) == [
        ("DKR001", Suppression(1, "start.sh drops privileges itself", True)),
        ("FLY001", Suppression(5, "TLS ends at our load balancer", False)),
    ]


def test_baselined_findings_are_handed_over(in_tmp: Path) -> None:
    write_project(in_tmp, {"fly.toml": FLY})
    first = Linter(Settings(select=["FLY001"])).lint_paths(["."])
    from flylint.linter.baseline import write_baseline

    write_baseline(first, "baseline.json")
    assert json.loads(Path("baseline.json").read_text(encoding="utf-8"))["findings"]
    linter = Keeping(Settings(select=["FLY001"], baseline="baseline.json"))
    result = linter.lint_paths(["."])
    assert result.findings == [] and result.baselined == 1
    assert linter.kept == [("FLY001", None)]
