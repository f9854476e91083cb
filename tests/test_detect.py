"""``flylint detect``: scoring, the labelled layouts, configuration, limits, CLI contract; and
the multi-environment / monorepo behaviour of ``flylint check``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import REPO, lint, requires_shared, write_project
from detect_layouts import DEPLOY_SH, LAYOUTS, fly_toml

from flylint.cli.main import main
from flylint.detect.detector import detect, detect_config, detect_recursive, to_dict
from flylint.linter.config import ConfigError, Settings, load_config_file

FLY_TOML = fly_toml("my-app")
ENV_FLY_DEV = "API_URL=https://my-app.fly.dev\n"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def settings_with(tmp: Path, text: str) -> Settings:
    path = tmp / "flylint.toml"
    path.write_text(text, encoding="utf-8")
    return load_config_file(str(path))


def signal(det, name: str):
    return next(s for s in det.signals if s.name == name)


# -- the three worked examples ---------------------------------------------------------------
@pytest.mark.parametrize("boost_min, expected", [(3, (100, 70, 50)), (1, (100, 80, 60))])
def test_worked_examples(tmp_path: Path, boost_min: int, expected: tuple[int, int, int]) -> None:
    cfg_dir = tmp_path / "cfg"
    cfg_dir.mkdir()
    settings = settings_with(cfg_dir, f"[detect]\nboost-min-signals = {boost_min}\n")
    a = write_project(tmp_path / "a", {"fly.toml": FLY_TOML, "deploy.sh": DEPLOY_SH})
    b = write_project(tmp_path / "b", {"fly.toml": FLY_TOML})
    c = write_project(tmp_path / "c", {"deploy.sh": DEPLOY_SH, ".env": ENV_FLY_DEV})
    results = [detect(str(p), settings) for p in (a, b, c)]
    assert tuple(d.percent for d in results) == expected
    # the verdicts do not depend on where the boost starts
    assert [d.detected for d in results] == [True, True, False]
    assert [s.name for s in results[2].found] == ["fly_cli", "fly_domain"]


def test_worked_examples_through_the_cli(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp / "a", {"fly.toml": FLY_TOML, "deploy.sh": DEPLOY_SH})
    write_project(in_tmp / "c", {"deploy.sh": DEPLOY_SH, ".env": ENV_FLY_DEV})
    code, out, _ = run(["detect", "a", "--no-config"], capsys)
    assert code == 0
    assert "Fly.io project detected (confidence 100%" in out
    assert "a/fly.toml:1" in out and "a/deploy.sh:4" in out and "runs `fly deploy`" in out
    code, out, _ = run(["detect", "c", "--no-config"], capsys)
    assert code == 1
    assert "no Fly.io project detected (confidence 50%" in out
    assert "c/.env:1" in out and "my-app.fly.dev" in out


# -- the labelled layouts --------------------------------------------------------------------
TEMPLATE_KINDS = {"node-express", "node-next", "node-nest", "python-django", "python-fastapi", "python-flask",
                  "go-http", "ruby-rails", "elixir-phoenix", "static-site", "database-postgres", "multi-region"}


def test_labelled_set_is_broad() -> None:
    assert len(LAYOUTS) >= 40
    assert len({lay.name for lay in LAYOUTS}) == len(LAYOUTS)
    names = " ".join(lay.name for lay in LAYOUTS)
    assert all(kind in names for kind in TEMPLATE_KINDS), "every template kind has a layout"
    assert {lay.group for lay in LAYOUTS} == {"fly", "other-platform", "docs", "edge"}
    assert sum(lay.fly for lay in LAYOUTS) >= 20 and sum(not lay.fly for lay in LAYOUTS) >= 15


@pytest.mark.parametrize("layout", LAYOUTS, ids=[lay.name for lay in LAYOUTS])
def test_layout_is_classified_correctly(tmp_path: Path, layout) -> None:
    write_project(tmp_path, layout.files)
    det = detect(str(tmp_path))
    assert det.detected is layout.fly, f"{layout.name}: {det.percent}% {[(s.name, s.score) for s in det.found]}"
    if layout.recursive:
        got = {os.path.relpath(d.root, tmp_path).replace(os.sep, "/"): d.detected for d in detect_recursive(str(tmp_path))}
        assert got == layout.recursive


def test_labelled_set_accuracy_is_total(tmp_path: Path) -> None:
    wrong = []
    for i, layout in enumerate(LAYOUTS):
        root = write_project(tmp_path / str(i), layout.files)
        if detect(str(root)).detected is not layout.fly:
            wrong.append(layout.name)
    assert wrong == []


def test_template_examples_are_detected() -> None:
    examples = REPO / "skills" / "flyio" / "examples"
    results = detect_recursive(str(examples))
    assert len(results) == 12
    assert all(d.detected for d in results), [(d.root, d.percent) for d in results if not d.detected]


# -- signals ---------------------------------------------------------------------------------
def test_fly_toml_factor_is_explained(tmp_path: Path) -> None:
    write_project(tmp_path / "full", {"fly.toml": FLY_TOML})
    write_project(tmp_path / "noapp", {"fly.toml": fly_toml(None)})
    write_project(tmp_path / "nosvc", {"fly.toml": 'app = "x"\nprimary_region = "iad"\n'})
    write_project(tmp_path / "bad", {"fly.toml": 'app = "x"\n[http_service\n'})
    full, noapp, nosvc, bad = (signal(detect(str(tmp_path / n)), "fly_toml") for n in ("full", "noapp", "nosvc", "bad"))
    assert (full.factor, full.score) == (1.0, 0.7)
    assert (noapp.factor, noapp.score) == (0.5, 0.35) and "no app name" in noapp.evidence.detail
    assert (nosvc.factor, nosvc.score) == (0.5, 0.35) and "no [http_service]" in nosvc.evidence.detail
    assert (bad.factor, bad.score) == (0.2, 0.14) and "not valid TOML (line 2)" in bad.evidence.detail
    assert full.evidence.line == 1 and 'app "my-app" with [http_service]' in full.evidence.detail


def test_best_fly_config_wins_and_counts_once(tmp_path: Path) -> None:
    write_project(tmp_path, {"fly.toml": "[broken\n", "fly.staging.toml": fly_toml("s"), "fly.production.toml": fly_toml("p")})
    det = detect(str(tmp_path))
    s = signal(det, "fly_toml")
    assert s.factor == 1.0 and s.matches == 3 and det.confidence == 0.7
    assert s.evidence.path.endswith("fly.production.toml")


@pytest.mark.parametrize("script, hit", [
    ("fly deploy\n", True),
    ("flyctl deploy --remote-only\n", True),
    ("fly launch --no-deploy\n", True),
    ("fly scale count 2\n", True),
    ("~/.fly/bin/flyctl deploy\n", True),
    ("sudo -E flyctl deploy\n", True),
    ("fly -a my-app deploy\n", True),
    ("set -e; cd app && fly deploy\n", True),
    ("if ! fly deploy; then exit 1; fi\n", True),
    ("# fly deploy\n", False),
    ("echo 'fly deploy'\n", False),
    ("echo run fly deploy\n", False),
    ("cat <<EOF\nfly deploy\nEOF\n", False),
    ("fly status\nfly logs\nflyctl secrets list\n", False),
    ("butterfly deploy\n", False),
    ("flyway migrate\n", False),
])
def test_fly_cli_signal(tmp_path: Path, script: str, hit: bool) -> None:
    write_project(tmp_path, {"run.sh": "#!/bin/sh\n" + script})
    assert signal(detect(str(tmp_path)), "fly_cli").found is hit


def test_fly_cli_only_reads_shell_scripts(tmp_path: Path) -> None:
    write_project(tmp_path, {"Makefile": "deploy:\n\tfly deploy\n", "deploy.py": "os.system('fly deploy')\n"})
    assert not signal(detect(str(tmp_path)), "fly_cli").found


@pytest.mark.parametrize("name, text, hit", [
    (".env", "URL=https://a.fly.dev\n", True),
    (".env.production", "FLY_APP_NAME=a\n", True),
    ("prod.env", "HOST=a.fly.dev\n", True),
    ("config.yaml", "registry: registry.fly.io/a\n", True),
    ("settings.yml", "url: https://A.FLY.DEV/\n", True),
    ("app.json", '{"url": "https://a.fly.dev"}\n', True),
    ("pyproject.toml", "[tool.x]\nhost = 'a.fly.dev'\n", True),
    ("README.md", "https://a.fly.dev\n", False),
    ("app.py", "FLY_APP_NAME = os.environ['FLY_APP_NAME']\n", False),
    (".env", "DOCS=https://fly.io/docs/\n", False),
    (".env", "HOST=a.fly.devices.example\n", False),
    (".env", "MY_FLY_APP_NAMES=a\n", False),
    ("package-lock.json", '{"x": "https://a.fly.dev"}\n', False),
])
def test_fly_domain_signal(tmp_path: Path, name: str, text: str, hit: bool) -> None:
    write_project(tmp_path, {name: text})
    assert signal(detect(str(tmp_path)), "fly_domain").found is hit


def test_fly_domain_skips_fly_configs(tmp_path: Path) -> None:
    write_project(tmp_path, {"fly.toml": FLY_TOML + '\n[env]\n  PHX_HOST = "my-app.fly.dev"\n'})
    det = detect(str(tmp_path))
    assert [s.name for s in det.found] == ["fly_toml"] and det.percent == 70


def test_fly_domain_evidence_shows_the_host_not_the_line(tmp_path: Path) -> None:
    secret = "hunter2hunter2hunter2"
    write_project(tmp_path, {".env": f"TOKEN={secret}\nDATABASE_URL=postgres://u:{secret}@db.my-app.fly.dev:5432/x\n"})
    s = signal(detect(str(tmp_path)), "fly_domain")
    assert s.evidence.line == 2 and s.evidence.detail == "mentions db.my-app.fly.dev"
    assert secret not in json.dumps(to_dict(detect(str(tmp_path))))


@pytest.mark.parametrize("first_line, hit", [
    ("# syntax = docker/dockerfile:1", True),
    ("# syntax=docker/dockerfile:1", True),
    ("#syntax=docker/dockerfile:1.7", True),
    ("  #   syntax   =   docker/dockerfile:1  ", True),
    ("# syntax=docker.io/docker/dockerfile:1", True),
    ("# syntax=docker/dockerfile:1-labs", True),
    ("# syntax=example.com/my/frontend:1", False),
    ("# syntax = docker/dockerfile:2", False),
    ("# build me", False),
])
def test_dockerfile_signal(tmp_path: Path, first_line: str, hit: bool) -> None:
    write_project(tmp_path, {"Dockerfile": f"{first_line}\nFROM alpine:3.20\n"})
    assert signal(detect(str(tmp_path)), "dockerfile_flyio").found is hit


def test_dockerfile_mentioning_flyctl(tmp_path: Path) -> None:
    write_project(tmp_path, {"deploy/Dockerfile.ci": "FROM alpine\nCOPY --from=flyio/flyctl:latest /flyctl /usr/bin/flyctl\n"})
    s = signal(detect(str(tmp_path)), "dockerfile_flyio")
    assert s.found and s.evidence.line == 2 and s.evidence.detail == "mentions flyctl"


# -- configuration ---------------------------------------------------------------------------
CUSTOM = """[detect]
threshold = 0.5

[detect.signals.fly_runtime_env]
weight = 0.15
files = ["*.env"]
patterns = ["FLY_REGION", "FLY_ALLOC_ID", "FLY_PUBLIC_IP"]
"""


def test_custom_signal_literal_patterns(tmp_path: Path) -> None:
    settings = settings_with(tmp_path, CUSTOM)
    proj = write_project(tmp_path / "p", {"runtime.env": "A=1\nFLY_ALLOC_ID=abc\n", "deploy.sh": DEPLOY_SH,
                                          "other.env": "FLY.REGION=x\n"})
    det = detect(str(proj), settings)
    s = signal(det, "fly_runtime_env")
    assert s.found and s.evidence.line == 2 and s.matches == 1 and "FLY_ALLOC_ID" in s.evidence.detail
    assert det.confidence == 0.45 and not det.detected  # 0.3 + 0.15 < 0.5
    (proj / "x.env").write_text("URL=https://x.fly.dev\n")
    det = detect(str(proj), settings)
    assert det.confidence == 0.75 and det.boost_applied and det.detected and det.config.threshold == 0.5


def test_custom_signal_regex_path_glob_and_presence(tmp_path: Path) -> None:
    settings = settings_with(tmp_path, """[detect.signals.workflow]
weight = 0.4
file-pattern = ".github/workflows/*.yml"
patterns = ['flyctl\\s+deploy']
regex = true

[detect.signals.litefs]
weight = 0.3
files = ["litefs.yml"]
""")
    proj = write_project(tmp_path / "p", {".github/workflows/ci.yml": "steps:\n  - run: flyctl   deploy\n",
                                          "litefs.yml": "fuse: {}\n"})
    det = detect(str(proj), settings)
    assert signal(det, "workflow").found and signal(det, "workflow").evidence.line == 2
    assert signal(det, "litefs").evidence.detail == "file present"
    assert det.confidence == 0.7 and det.detected
    # recursive mode matches path globs relative to each project root
    mono = write_project(tmp_path / "mono", {"apps/a/fly.toml": "[x]\n", "apps/a/.github/workflows/d.yml": "- run: flyctl deploy\n"})
    (a,) = detect_recursive(str(mono), settings)
    assert signal(a, "workflow").found


def test_builtin_weight_override_and_switch_off(tmp_path: Path) -> None:
    settings = settings_with(tmp_path, "[detect.signals.fly_cli]\nweight = 0.45\n[detect.signals.dockerfile_flyio]\nweight = 0\n")
    proj = write_project(tmp_path / "p", {"deploy.sh": DEPLOY_SH, ".env": ENV_FLY_DEV,
                                          "Dockerfile": "# syntax=docker/dockerfile:1\nFROM alpine\n"})
    det = detect(str(proj), settings)
    assert det.confidence == 0.65 and not signal(det, "dockerfile_flyio").found
    assert [s.name for s in det.found] == ["fly_cli", "fly_domain"]


def test_rounding_before_the_threshold(tmp_path: Path) -> None:
    # 0.05 + 0.05 + 0.7 is 0.7999999999999999 in floating point
    settings = settings_with(tmp_path, """[detect]
threshold = 0.8
boost = 0
[detect.signals.fly_toml]
weight = 0.05
[detect.signals.a]
weight = 0.05
files = ["a.txt"]
[detect.signals.b]
weight = 0.7
files = ["b.txt"]
""")
    proj = write_project(tmp_path / "p", {"fly.toml": FLY_TOML, "a.txt": "", "b.txt": ""})
    assert 0.05 + 0.05 + 0.7 < 0.8
    det = detect(str(proj), settings)
    assert det.confidence == 0.8 and det.detected and det.percent == 80


def test_confidence_is_capped_at_one(tmp_path: Path) -> None:
    settings = settings_with(tmp_path, "[detect.signals.extra]\nweight = 1.0\nfiles = ['*.txt']\n")
    proj = write_project(tmp_path / "p", {"fly.toml": FLY_TOML, "deploy.sh": DEPLOY_SH, "x.txt": ""})
    det = detect(str(proj), settings)
    assert det.confidence == 1.0 and det.boost_applied


@pytest.mark.parametrize("text, key", [
    ("[detect]\nthreshhold = 0.5\n", "threshhold"),
    ("[detect]\nthreshold = 1.5\n", "detect.threshold"),
    ("[detect]\nthreshold = 0\n", "detect.threshold"),
    ("[detect]\nthreshold = '70%'\n", "detect.threshold"),
    ("[detect]\nboost-min-signals = 0\n", "detect.boost-min-signals"),
    ("[detect]\nboost-min-signals = true\n", "detect.boost-min-signals"),
    ("[detect]\nmax-files = -1\n", "detect.max-files"),
    ("[detect]\nsignals = 3\n", "detect.signals"),
    ("[detect.signals.fly_cli]\nweight = 2\n", "detect.signals.fly_cli.weight"),
    ("[detect.signals.fly_cli]\npatterns = ['x']\nweight = 0.1\n", "detect.signals.fly_cli.patterns"),
    ("[detect.signals.fly_cli]\n", "detect.signals.fly_cli"),
    ("[detect.signals.x]\nfiles = ['*.env']\n", "detect.signals.x"),
    ("[detect.signals.x]\nweight = 0.1\n", "detect.signals.x"),
    ("[detect.signals.x]\nweight = 0.1\nfiles = '*.env'\npatterns = 'A'\nweight_typo = 1\n", "weight_typo"),
    ("[detect.signals.x]\nweight = 0.1\nfiles = [1]\n", "detect.signals.x.files"),
    ("[detect.signals.x]\nweight = 0.1\nfile-pattern = ['a', 'b']\n", "detect.signals.x.file-pattern"),
    ("[detect.signals.x]\nweight = 0.1\nfiles = ['*.env']\npatterns = ['(']\nregex = true\n", "detect.signals.x.patterns[0]"),
    ("[detect.signals.x]\nweight = 0.1\nfiles = ['*.env']\nregex = 'yes'\n", "detect.signals.x.regex"),
    ("[detect.signals.x]\nweight = 0.1\nfiles = ['../*.env']\n", "detect.signals.x"),
    ("[detect.signals.'bad name']\nweight = 0.1\nfiles = ['*.env']\n", "detect.signals.bad name"),
])
def test_invalid_detect_config_names_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    settings = settings_with(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        detect_config(settings)
    message = str(info.value)
    assert str(tmp_path / "flylint.toml") in message and key in message, message


def test_invalid_config_is_exit_2_in_the_cli(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"flylint.toml": "[detect.signals.fly_cli]\nweight = 'high'\n", "fly.toml": FLY_TOML})
    code, out, err = run(["detect"], capsys)
    assert code == 2 and out == ""
    assert "flylint.toml: detect.signals.fly_cli.weight must be a number" in err
    assert "Traceback" not in err
    # --no-config ignores it, --config picks another file
    assert run(["detect", "--no-config"], capsys)[0] == 0
    (in_tmp / "other.toml").write_text("[detect]\nthreshold = 0.9\n")
    code, out, _ = run(["detect", "--config", "other.toml"], capsys)
    assert code == 1 and "threshold 90%" in out


def test_detect_config_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.flylint.detect]\nboost_min_signals = 1\n")
    cfg = detect_config(load_config_file(str(tmp_path / "pyproject.toml")))
    assert cfg.boost_min_signals == 1


# -- limits ----------------------------------------------------------------------------------
def test_max_files_cap_is_reported(tmp_path: Path) -> None:
    settings = settings_with(tmp_path, "[detect]\nmax-files = 5\n")
    files = {f"conf/c{i:02d}.json": "{}\n" for i in range(20)}
    files["z/deploy.sh"] = DEPLOY_SH
    proj = write_project(tmp_path / "p", files)
    det = detect(str(proj), settings)
    assert det.files_read == 5 and det.files_capped
    assert any("stopped after reading 5 files" in n for n in det.notes)
    assert to_dict(det)["limits"]["files_capped"] is True
    assert detect(str(proj)).files_capped is False


def test_large_files_are_skipped(tmp_path: Path) -> None:
    settings = settings_with(tmp_path, "[detect]\nmax-file-bytes = 1000\n")
    proj = write_project(tmp_path / "p", {"big.json": '{"u": "https://a.fly.dev"}' + " " * 2000})
    det = detect(str(proj), settings)
    assert not signal(det, "fly_domain").found and det.skipped_large == 1
    assert signal(detect(str(proj)), "fly_domain").found


def test_only_candidate_files_are_read(tmp_path: Path) -> None:
    files = {f"src/m{i}.py": "x = 1\n" for i in range(50)}
    files.update({"README.md": "fly deploy\n", "fly.toml": FLY_TOML, "Dockerfile": "FROM alpine\n"})
    det = detect(str(write_project(tmp_path, files)))
    assert det.files_read == 2


def test_depth_limit(tmp_path: Path) -> None:
    write_project(tmp_path, {"a/b/c/fly.toml": FLY_TOML, "a/b/c/d/deploy.sh": DEPLOY_SH})
    det = detect(str(tmp_path))
    assert signal(det, "fly_toml").found and not signal(det, "fly_cli").found
    settings = settings_with(tmp_path, "[detect]\nmax-depth = 4\n")
    assert signal(detect(str(tmp_path), settings), "fly_cli").found


def test_excluded_directories_are_skipped(tmp_path: Path) -> None:
    proj = write_project(tmp_path / "p", {"legacy/fly.toml": FLY_TOML, ".git/fly.toml": FLY_TOML,
                                          "node_modules/x/fly.toml": FLY_TOML, ".venv/fly.toml": FLY_TOML})
    assert detect(str(proj)).detected
    (proj / "flylint.toml").write_text('exclude = ["legacy"]\n')
    assert not detect(str(proj), load_config_file(str(proj / "flylint.toml"))).detected


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinks_out_of_the_tree_are_not_followed(tmp_path: Path) -> None:
    outside = write_project(tmp_path / "outside", {"fly.toml": FLY_TOML, "deploy.sh": DEPLOY_SH})
    proj = tmp_path / "proj"
    proj.mkdir()
    os.symlink(outside, proj / "linked-dir")
    os.symlink(outside / "fly.toml", proj / "fly.toml")
    os.symlink(proj, proj / "loop")
    det = detect(str(proj))
    assert det.found == [] and det.files_read == 0
    # a link that stays inside the tree is fine
    write_project(proj, {"real/fly.production.toml": FLY_TOML})
    os.symlink(proj / "real" / "fly.production.toml", proj / "fly.staging.toml")
    assert detect(str(proj)).detected


def test_unreadable_and_binary_files_do_not_crash(tmp_path: Path) -> None:
    write_project(tmp_path, {"fly.toml": ""})
    (tmp_path / "deploy.sh").write_bytes(b"\xff\xfe\x00fly deploy\x00\n")
    (tmp_path / "x.json").write_bytes(bytes(range(256)))
    det = detect(str(tmp_path))
    assert signal(det, "fly_toml").factor == 0.5


# -- recursive -------------------------------------------------------------------------------
def test_recursive_lists_every_project(tmp_path: Path) -> None:
    write_project(tmp_path, {
        "apps/web/fly.toml": FLY_TOML, "apps/web/Dockerfile": "FROM node\n",
        "apps/api/fly.staging.toml": FLY_TOML, "apps/api/src/deploy.sh": DEPLOY_SH,
        "apps/docs/Dockerfile": "FROM nginx\n", "apps/docs/vercel.json": "{}\n",
        "tools/release.sh": "#!/bin/sh\nfly deploy -c apps/web/fly.toml\n",
        "README.md": "monorepo\n",
    })
    results = {os.path.relpath(d.root, tmp_path).replace(os.sep, "/"): d for d in detect_recursive(str(tmp_path))}
    assert sorted(results) == [".", "apps/api", "apps/docs", "apps/web"]
    assert results["apps/api"].percent == 100  # its deploy.sh is one level down
    assert results["apps/web"].detected and not results["apps/docs"].detected
    assert results["."].percent == 30 and [s.name for s in results["."].found] == ["fly_cli"]


def test_recursive_on_a_plain_directory_lists_it(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing\n")
    (only,) = detect_recursive(str(tmp_path))
    assert only.root == str(tmp_path) and only.percent == 0


def test_recursive_json_is_a_list(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"a/fly.toml": FLY_TOML, "b/Dockerfile": "FROM alpine\n"})
    code, out, _ = run(["detect", "--recursive", "--format", "json", "--no-config"], capsys)
    data = json.loads(out)
    assert code == 0 and isinstance(data, list)
    assert [(d["path"], d["detected"], d["percent"]) for d in data] == [("a", True, 70), ("b", False, 0)]
    code, out, _ = run(["detect", "-r", "--no-config", "b"], capsys)
    assert code == 1 and "0 of 1 project(s) detected" in out


# -- JSON contract ---------------------------------------------------------------------------
def test_json_schema(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"fly.toml": FLY_TOML, "deploy.sh": DEPLOY_SH})
    code, out, _ = run(["detect", ".", "--format", "json", "--no-config"], capsys)
    data = json.loads(out)
    assert code == 0
    assert list(data) == ["schema", "version", "path", "detected", "confidence", "percent", "threshold", "boost",
                          "signals", "files_read", "limits", "unreadable", "notes"]
    assert data["schema"] == "flylint-detect/1" and data["path"] == "."
    assert (data["detected"], data["confidence"], data["percent"], data["threshold"]) == (True, 1.0, 100, 0.7)
    assert data["boost"] == {"amount": 0.1, "min_signals": 3, "applied": False}
    assert [s["name"] for s in data["signals"]] == ["fly_toml", "fly_cli", "fly_domain", "dockerfile_flyio"]
    fly = data["signals"][0]
    assert list(fly) == ["name", "builtin", "description", "weight", "found", "factor", "score", "path", "line",
                         "detail", "matches"]
    assert (fly["path"], fly["line"], fly["score"], fly["found"]) == ("fly.toml", 1, 0.7, True)
    assert data["signals"][1]["line"] == 4
    missing = data["signals"][2]
    assert (missing["found"], missing["path"], missing["line"], missing["score"]) == (False, None, None, 0.0)
    assert data["limits"] == {"max_depth": 3, "max_files": 2000, "max_file_bytes": 1048576,
                              "files_capped": False, "skipped_large": 0}


def test_detect_is_listed_and_lazy(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0 and "detect" in out
    code, out, _ = run(["detect", "--help"], capsys)
    assert code == 0 and "--recursive" in out and "--format" in out


def test_detect_rejects_a_file_path(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(in_tmp, {"fly.toml": FLY_TOML})
    code, _, err = run(["detect", "fly.toml"], capsys)
    assert code == 2 and "Traceback" not in err


def test_corpus_configs_are_detected(tmp_path: Path) -> None:
    corpus = requires_shared("corpus/fly-toml")
    factors: dict[float, int] = {}
    for src in sorted(corpus.glob("*.toml")):
        proj = tmp_path / src.stem
        proj.mkdir()
        (proj / "fly.toml").write_bytes(src.read_bytes())
        s = signal(detect(str(proj)), "fly_toml")
        assert s.found, src.name
        factors[s.factor] = factors.get(s.factor, 0) + 1
    assert factors.get(0.2) == 1  # 039.toml, the one invalid file
    assert factors.get(1.0, 0) > 140


# -- multi-environment configs and monorepos in `flylint check` -------------------------------
@pytest.mark.parametrize("name, env", [
    ("fly.toml", None), ("fly.dev.toml", "dev"), ("fly.staging.toml", "staging"),
    ("fly.production.toml", "production"), ("staging.fly.toml", "staging"), ("fly-staging.toml", "staging"),
    ("fly_production.toml", "production"), ("fly.prod.yaml", "prod"),
])
def test_environment_names(name: str, env: str | None) -> None:
    from flylint.linter.discover import classify_name
    from flylint.linter.parsers.fly_toml import environment_of

    assert environment_of(name) == env and classify_name(name) == "fly_toml"


def test_secret_rules_run_on_environment_configs(in_tmp: Path) -> None:
    stripe = "sk_live_" + "51HxQ2vKp9sT4dY7wZ3mN8bR"
    write_project(in_tmp, {
        "fly.staging.toml": f'app = "shop-staging"\n\n[env]\n  STRIPE_KEY = "{stripe}"\n  SECRET_KEY_BASE = "a8f5f167f44f4964e6c998dee827110c"\n',
        "fly.production.toml": 'app = "shop"\n',
    })
    result = lint(["."])
    got = {(f.path, f.code, f.span.line) for f in result.findings if f.code.startswith("SEC")}
    assert ("fly.staging.toml", "SEC001", 4) in got and ("fly.staging.toml", "SEC003", 5) in got
    assert all(stripe not in f.message and "a8f5f167f44f" not in f.message for f in result.findings)


ENV_CODES = ("FLY150", "FLY151", "FLY152", "FLY153", "FLY155", "FLY107")


def test_single_fly_toml_gets_no_cross_environment_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = requires_shared("corpus/fly-toml")
    monkeypatch.chdir(tmp_path)
    for src in sorted(corpus.glob("*.toml")):
        (tmp_path / src.stem).mkdir()
        (tmp_path / src.stem / "fly.toml").write_bytes(src.read_bytes())
    result = lint(["."], select=list(ENV_CODES))
    assert len(result.projects) >= 170
    assert [f"{f.path}: {f.code}" for f in result.findings] == []


def test_roles_are_not_environments(in_tmp: Path) -> None:
    write_project(in_tmp, {"fly.toml": fly_toml("shop", 8080), "fly.worker.toml": fly_toml("shop", 9000),
                           "fly.example.toml": fly_toml("shop", 3000)})
    assert [f.code for f in lint(["."], select=list(ENV_CODES)).findings] == []


def test_fly_toml_is_production_only_when_nothing_else_is(in_tmp: Path) -> None:
    stop = fly_toml("shop").replace("min_machines_running = 1", "min_machines_running = 0")
    write_project(in_tmp, {"fly.toml": stop, "fly.staging.toml": fly_toml("shop-staging")})
    assert [(f.path, f.code) for f in lint(["."], select=list(ENV_CODES)).findings] == [("fly.toml", "FLY107")]
    # once a file is named production, fly.toml's environment is unknown: it is left out
    (in_tmp / "fly.production.toml").write_text(fly_toml("shop-prod"))
    assert [f.code for f in lint(["."], select=list(ENV_CODES)).findings] == []


def test_cross_environment_findings_name_the_other_file(in_tmp: Path) -> None:
    write_project(in_tmp, {"fly.production.toml": fly_toml("shop", 8080), "fly.staging.toml": fly_toml("shop", 3000)})
    findings = lint(["."], select=list(ENV_CODES)).findings
    by_code = {f.code: f for f in findings}
    assert set(by_code) == {"FLY150", "FLY151"}
    assert all(f.path == "fly.staging.toml" for f in findings)
    assert "fly.production.toml (production)" in by_code["FLY150"].message
    assert "internal_port 3000" in by_code["FLY151"].message and "internal_port 8080" in by_code["FLY151"].message


def test_check_lints_each_monorepo_project_with_its_own_context(in_tmp: Path) -> None:
    write_project(in_tmp, {
        # same app name in two different projects: not an environment clash
        "apps/web/fly.production.toml": fly_toml("acme"), "apps/web/Dockerfile": "FROM node:20\nCMD node s.js\n",
        "apps/api/fly.staging.toml": fly_toml("acme", 3000), "apps/api/Dockerfile": "FROM node:20\nUSER node\n",
        "apps/api/fly.production.toml": fly_toml("acme-api", 3000),
        "scripts/deploy.sh": DEPLOY_SH,
    })
    result = lint(["."])
    roots = sorted(os.path.relpath(p.root, in_tmp).replace(os.sep, "/") for p in result.projects)
    assert roots == ["apps/api", "apps/web", "scripts"]
    codes = {(f.path, f.code) for f in result.findings}
    assert ("apps/web/Dockerfile", "DKR001") in codes  # runs as root, found through apps/web's config
    assert ("apps/api/Dockerfile", "DKR001") not in codes
    assert not any(code in ENV_CODES for _, code in codes)


def test_detect_is_imported_only_when_used() -> None:
    import subprocess
    import sys

    code = ("import sys, flylint.cli.main, flylint.linter.engine; "
            "print(any(m.startswith('flylint.detect.detector') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_cross_environment_rules_survive_the_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = requires_shared("corpus/fly-toml")
    files = sorted(corpus.glob("*.toml"))
    monkeypatch.chdir(tmp_path)
    for i, src in enumerate(files):
        proj = tmp_path / f"p{i:03d}"
        proj.mkdir()
        (proj / "fly.production.toml").write_bytes(src.read_bytes())
        (proj / "fly.staging.toml").write_bytes(files[(i + 1) % len(files)].read_bytes())
        (proj / "fly.toml").write_bytes(files[(i + 7) % len(files)].read_bytes())
    result = lint(["."], select=list(ENV_CODES))
    assert not [f.message for f in result.findings if "internal error" in f.message]
    codes = {f.code for f in result.findings}
    assert {"FLY151", "FLY152", "FLY153"} <= codes  # unrelated configs disagree
