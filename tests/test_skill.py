"""The flyio Agent Skill: format, size, the fly.toml facts it states, and `flylint skill`.

The fact checks read SKILL.md and REFERENCE.md (and the templates' fly.toml files) and hold
every strategy name, autostop value, region code, duration, VM size and memory value they
state against the fact sheet (`../shared/reference/fly-toml.md`, whose lists are copied
below and compared with the sheet itself when it is available).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, SHARED

from flylint.cli.main import main
from flylint.fly.values import ValueFormatError, memory_mb, parse_go_duration
from flylint.skill import templates

SKILL = REPO / "skills" / "flyio"
DOCS = ("SKILL.md", "REFERENCE.md")

# fact sheet §5.1, §2.3, §1.1, §5.2
CURRENT_REGIONS = frozenset(
    ["ams", "arn", "bom", "cdg", "dfw", "ewr", "fra", "gru", "iad", "jnb", "lax", "lhr", "nrt", "ord", "sin", "sjc", "syd", "yyz"])
RETIRED_REGIONS = {
    "atl": "dfw", "den": "dfw", "mia": "dfw", "gdl": "dfw", "qro": "dfw", "bos": "ewr", "phx": "lax",
    "sea": "sjc", "yul": "yyz", "waw": "ams", "mad": "cdg", "otp": "fra", "bog": "gru", "gig": "gru",
    "scl": "gru", "eze": "gru", "hkg": "sin",
}
STRATEGIES = frozenset({"rolling", "immediate", "canary", "bluegreen"})
AUTOSTOP = ("off", "stop", "suspend", True, False)
DURATION_KEYS = frozenset({"grace_period", "interval", "timeout", "kill_timeout", "wait_timeout",
                           "release_command_timeout"})
ALLOWED_FRONTMATTER = {"name", "description", "license", "compatibility", "metadata", "allowed-tools"}


def doc(name: str) -> str:
    return (SKILL / name).read_text(encoding="utf-8")


def fenced(text: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, flags=re.M | re.S)


def template_configs() -> list[tuple[str, str]]:
    return [(f"examples/{p.parent.name}/fly.toml", p.read_text(encoding="utf-8"))
            for p in sorted((SKILL / "examples").glob("*/fly.toml"))]


def toml_sources() -> list[tuple[str, str]]:
    """Every TOML snippet the skill shows: the ```toml blocks of both docs and the templates."""
    out = [(f"{name} block {i + 1}", block) for name in DOCS for i, block in enumerate(fenced(doc(name), "toml"))]
    return out + template_configs()


def walk(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    out = [(path, node)]
    if isinstance(node, dict):
        for k, v in node.items():
            out += walk(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += walk(v, path + (i,))
    return out


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


# --------------------------------------------------------------------------------------------
# Format and size


def test_sizes() -> None:
    assert (SKILL / "SKILL.md").stat().st_size < 25 * 1024
    assert (SKILL / "REFERENCE.md").stat().st_size < 50 * 1024


def frontmatter(text: str) -> dict[str, Any]:
    assert text.startswith("---\n"), "SKILL.md must start with YAML frontmatter"
    end = text.index("\n---\n", 4)
    data = yaml.safe_load(text[4:end])
    assert isinstance(data, dict)
    return data


def test_frontmatter_is_valid() -> None:
    meta = frontmatter(doc("SKILL.md"))
    assert set(meta) <= ALLOWED_FRONTMATTER, f"extra keys: {set(meta) - ALLOWED_FRONTMATTER}"
    assert meta["name"] == SKILL.name == templates.SKILL_NAME == "flyio"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", meta["name"]) and len(meta["name"]) <= 64
    description = meta["description"]
    assert isinstance(description, str) and 1 <= len(description.strip()) <= 1024
    assert "<" not in description and ">" not in description
    for word in ("anthropic", "claude"):
        assert word not in meta["name"]
    if "compatibility" in meta:
        assert isinstance(meta["compatibility"], str) and 1 <= len(meta["compatibility"]) <= 500
    if "metadata" in meta:
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in meta["metadata"].items())
    assert len(doc("SKILL.md").splitlines()) < 500


def test_frontmatter_checker_rejects_a_bad_one() -> None:
    with pytest.raises(AssertionError):
        frontmatter("# no frontmatter\n")
    bad = frontmatter("---\nname: flyio\ndescription: x\nversion: 1\n---\n")
    assert set(bad) - ALLOWED_FRONTMATTER == {"version"}


def _validate_with_skills_ref(path: Path) -> list[str]:
    try:
        from skills_ref import validate
    except ImportError:
        exe = shutil.which("agentskills") or str(Path(sys.executable).with_name("agentskills"))
        if not os.path.isfile(exe):
            pytest.skip("skills-ref (agentskills) is not installed")
        proc = subprocess.run([exe, "validate", str(path)], capture_output=True, text=True)
        return [] if proc.returncode == 0 else [proc.stdout + proc.stderr]
    return list(validate(path))


def test_reference_validator_accepts_the_skill() -> None:
    assert _validate_with_skills_ref(SKILL) == []


def test_relative_links_resolve() -> None:
    for name in DOCS:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", doc(name)):
            assert (SKILL / target).exists(), f"{name} links to missing {target}"


# --------------------------------------------------------------------------------------------
# fly.toml facts


@pytest.mark.parametrize("name", DOCS)
def test_every_toml_block_parses(name: str) -> None:
    blocks = fenced(doc(name), "toml")
    assert blocks, f"{name} has no ```toml blocks"
    for i, block in enumerate(blocks):
        try:
            tomllib.loads(block)
        except tomllib.TOMLDecodeError as exc:
            pytest.fail(f"{name} toml block {i + 1}: {exc}\n{block}")


def test_strategies() -> None:
    seen: set[str] = set()
    for name in DOCS:
        text = doc(name)
        found = re.findall(r'\bstrategy\s*=\s*"([^"]*)"', text) + re.findall(r"--strategy[= ]+(\S+)", text)
        for line in re.findall(r"\bstrategy\s*=.*#\s*(.*)", text):  # "# rolling | immediate | ..."
            if "|" in line:
                found += [w.strip() for w in line.split("|")]
        assert set(found) <= STRATEGIES, f"{name}: unknown strategies {set(found) - STRATEGIES}"
        seen |= set(found)
    table = re.findall(r'^\| `"(\w+)"`', doc("SKILL.md"), flags=re.M)
    assert set(table) == STRATEGIES, "the SKILL.md strategy table must list exactly the four strategies"
    assert seen == STRATEGIES
    for source, text in template_configs():
        strategy = tomllib.loads(text).get("deploy", {}).get("strategy")
        assert strategy in STRATEGIES, source
        script = (SKILL / source).with_name("deploy.sh").read_text(encoding="utf-8")
        assert re.findall(r"--strategy (\S+)", script) == [strategy], f"{source}: deploy.sh --strategy differs"


def test_autostop_values() -> None:
    for source, text in toml_sources():
        for path, value in walk(tomllib.loads(text)):
            if path and path[-1] == "auto_stop_machines":
                assert any(value is v or (isinstance(v, str) and value == v) for v in AUTOSTOP), (source, value)
    for name in DOCS:
        for para in paragraphs(doc(name)):
            negative = re.search(r"\b(error|fail|never|not)\b", para, flags=re.I)
            for raw in re.findall(r"auto_stop_machines\s*=\s*(\"[^\"]*\"|\w+)", para):
                value: Any = raw.strip('"') if raw.startswith('"') else {"true": True, "false": False}.get(raw, raw)
                ok = any(value is v or (isinstance(v, str) and value == v) for v in AUTOSTOP)
                assert ok or negative, f"{name}: auto_stop_machines = {raw} is stated as valid"
                assert raw.startswith('"') or raw in ("true", "false"), f"{name}: {raw}"
            for comment in re.findall(r"auto_stop_machines\s*=.*#\s*(.*)", para):
                for quoted in re.findall(r'"([^"]*)"', comment):
                    assert quoted in AUTOSTOP, f"{name}: {quoted!r} in a comment"
    # the documented bad value really is called out as bad
    assert re.search(r'auto_stop_machines = "true"`\s+is\s+a\s+load error', doc("SKILL.md"))


def _region_mentions(text: str) -> list[str]:
    codes = re.findall(r'primary_region\s*=\s*"([^"]*)"', text)
    for flag in re.findall(r"--region[= ]+([a-z0-9,]+)", text):
        codes += flag.split(",")
    codes += re.findall(r"fly-replay: region=([a-z]+)", text)
    return codes


@pytest.mark.parametrize("name", DOCS)
def test_region_codes_are_current(name: str) -> None:
    codes = _region_mentions(doc(name))
    assert codes, f"{name} names no region"
    bad = {c: RETIRED_REGIONS.get(c, "unknown") for c in codes if c not in CURRENT_REGIONS}
    assert not bad, f"{name}: regions that are not current: {bad}"


def test_region_lists_in_the_skill() -> None:
    text = doc("SKILL.md")
    lists = [set(span.split()) for span in re.findall(r"`([a-z]{3}(?:\s+[a-z]{3}){9,})`", text.replace("\n", " "))]
    assert lists, "SKILL.md should list the current region codes"
    for codes in lists:
        assert codes == CURRENT_REGIONS
    retired_sentence = re.search(r"Retired codes such as (.*?) are rewritten", text, flags=re.S)
    assert retired_sentence
    retired = re.findall(r"`([a-z]{3})`", retired_sentence.group(1))
    assert retired and set(retired) <= set(RETIRED_REGIONS)


def test_region_checker_catches_stale_codes() -> None:
    assert _region_mentions('primary_region = "sea"\nfly scale count 2 --region iad,hkg') == ["sea", "iad", "hkg"]


def test_template_regions_are_current() -> None:
    for source, text in template_configs():
        assert tomllib.loads(text)["primary_region"] in CURRENT_REGIONS, source


def test_durations() -> None:
    for name in DOCS:
        text = doc(name)
        keys = "|".join(sorted(DURATION_KEYS))
        values = re.findall(rf'\b(?:{keys})\s*=\s*"([^"]*)"', text) + re.findall(r"--expiry[= ]+([^\s`]+)", text)
        assert values, name
        for value in values:
            try:
                parse_go_duration(value)
            except ValueFormatError as exc:
                pytest.fail(f"{name}: {value!r}: {exc}")
    for source, text in toml_sources():
        for path, value in walk(tomllib.loads(text)):
            if path and path[-1] in DURATION_KEYS:
                assert isinstance(value, str), f"{source}: {'.'.join(map(str, path))} = {value!r} has no unit"
                ns = parse_go_duration(value)
                if path == ("kill_timeout",):
                    assert ns <= 300 * 10**9, f"{source}: kill_timeout above 300 s"


def test_duration_checker_rejects_days() -> None:
    with pytest.raises(ValueFormatError):
        parse_go_duration("1d")


PRESET = re.compile(r"^(shared-cpu|performance)-(\d+)x$")
SHARED_CPUS = {1, 2, 4, 6, 8}
PERFORMANCE_CPUS = {1, 2, 4, 6, 8, 10, 12, 14, 16}


def test_vm_sizes_and_memory() -> None:
    checked = 0
    for source, text in toml_sources():
        data = tomllib.loads(text)
        vms = data.get("vm", [])
        for vm in vms if isinstance(vms, list) else [vms]:
            size = vm.get("size", "shared-cpu-1x")
            m = PRESET.match(size)
            assert m, f"{source}: unknown VM size {size!r}"
            cpus = int(m.group(2))
            kind = "shared" if m.group(1) == "shared-cpu" else "performance"
            assert cpus in (SHARED_CPUS if kind == "shared" else PERFORMANCE_CPUS), f"{source}: {size}"
            if "memory" in vm:
                mb = memory_mb(vm["memory"])
                low, high = (256, 2048) if kind == "shared" else (2048, 8192)
                assert low * cpus <= mb <= high * cpus, f"{source}: {vm['memory']} does not fit {size}"
                assert mb % 256 == 0, f"{source}: {vm['memory']}"
                checked += 1
    assert checked >= 12


def test_fact_lists_match_the_fact_sheet() -> None:
    sheet = SHARED / "reference" / "fly-toml.md"
    if not sheet.is_file():
        pytest.skip("../shared/reference/fly-toml.md is not available")
    text = sheet.read_text(encoding="utf-8")
    section = text[text.index("### 5.1"):text.index("### 5.2")]
    current = section[section.index("Current regions"):section.index("Deprecated codes")]
    assert set(re.findall(r"`([a-z]{3})`", current)) == CURRENT_REGIONS
    deprecated = section[section.index("Deprecated codes"):section.index("Suggested lint")]
    sheet_retired: dict[str, str] = {}
    for olds, new in re.findall(r"((?:`[a-z]{3}`,?)+)\s*→\s*`([a-z]{3})`", deprecated):
        for old in re.findall(r"`([a-z]{3})`", olds):
            sheet_retired[old] = new
    assert sheet_retired == RETIRED_REGIONS
    assert set(templates.CURRENT_REGIONS) == CURRENT_REGIONS
    assert templates.RETIRED_REGIONS == RETIRED_REGIONS
    strategy_row = next(line for line in text.splitlines() if line.startswith("| `strategy`"))
    assert set(re.findall(r"`(\w+)`", strategy_row.split("|")[3])) == STRATEGIES


# --------------------------------------------------------------------------------------------
# flylint skill


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def source_tree() -> dict[str, tuple[bytes, bool]]:
    out = {}
    for path in sorted(SKILL.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            out[path.relative_to(SKILL).as_posix()] = (path.read_bytes(), bool(path.stat().st_mode & stat.S_IXUSR))
    return out


def assert_same_as_source(target: Path) -> None:
    installed = {}
    for path in sorted(target.rglob("*")):
        if path.is_file():
            installed[path.relative_to(target).as_posix()] = (path.read_bytes(), bool(path.stat().st_mode & stat.S_IXUSR))
    assert installed == source_tree()
    assert "examples/python-django/.dockerignore" in installed
    assert installed["examples/python-django/deploy.sh"][1] is True


def test_install_user_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    code, out, _ = run(["skill", "install"], capsys)
    assert code == 0
    target = tmp_path / "home" / ".claude" / "skills" / "flyio"
    assert str(target) in out
    assert_same_as_source(target)
    assert _validate_with_skills_ref(target) == []


def test_install_project(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["skill", "install", "--project"], capsys)
    assert code == 0
    target = in_tmp / ".claude" / "skills" / "flyio"
    assert str(target) in out
    assert_same_as_source(target)


def test_install_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, _ = run(["skill", "install", "--dir", str(tmp_path / "agent-skills")], capsys)
    assert code == 0
    assert_same_as_source(tmp_path / "agent-skills" / "flyio")


def test_install_scopes_are_exclusive(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["skill", "install", "--project", "--dir", "x"], capsys)
    assert code == 2 and "one of" in err
    code, _, err = run(["skill", "install", "--project", "--user"], capsys)
    assert code == 2
    assert not (in_tmp / "x").exists() and not (in_tmp / ".claude").exists()


def test_install_refuses_to_overwrite_then_force_replaces(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["skill", "install", "--project"], capsys)[0] == 0
    target = in_tmp / ".claude" / "skills" / "flyio"
    (target / "SKILL.md").write_text("edited\n", encoding="utf-8")
    (target / "stale.txt").write_text("old\n", encoding="utf-8")
    code, _, err = run(["skill", "install", "--project"], capsys)
    assert code == 2 and "--force" in err
    assert (target / "SKILL.md").read_text(encoding="utf-8") == "edited\n"
    code, _out, _ = run(["skill", "install", "--project", "--force"], capsys)
    assert code == 0
    assert_same_as_source(target)  # the stale file is gone too
    assert not list(target.parent.glob(".flyio*")), "staging directories left behind"


def test_force_never_replaces_a_directory_that_is_not_a_skill(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "skills" / "flyio"
    target.mkdir(parents=True)
    (target / "notes.txt").write_text("mine\n", encoding="utf-8")
    code, _, err = run(["skill", "install", "--dir", str(tmp_path / "skills"), "--force"], capsys)
    assert code == 2 and "not a skill" in err
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_install_into_an_empty_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "flyio").mkdir()
    assert run(["skill", "install", "--dir", str(tmp_path)], capsys)[0] == 0
    assert_same_as_source(tmp_path / "flyio")


def test_show_and_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["skill", "show"], capsys)
    assert code == 0 and out == doc("SKILL.md")
    code, out, _ = run(["skill", "show", "--reference"], capsys)
    assert code == 0 and out == doc("REFERENCE.md")
    code, out, _ = run(["skill", "path"], capsys)
    assert code == 0 and Path(out.strip()) == Path(str(templates.skill_dir()))
    assert (Path(out.strip()) / "SKILL.md").read_bytes() == (SKILL / "SKILL.md").read_bytes()


def test_skill_dir_prefers_the_packaged_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.resources

    from flylint.skill import paths as skillpath

    fake_pkg = tmp_path / "flylint"
    (fake_pkg / "skills" / "flyio").mkdir(parents=True)
    (fake_pkg / "skills" / "flyio" / "SKILL.md").write_text("---\nname: flyio\n---\n", encoding="utf-8")
    monkeypatch.setattr(skillpath, "PACKAGE_DIR", str(fake_pkg))
    assert Path(str(templates.skill_dir())) == fake_pkg / "skills" / "flyio"
    # a zip install: neither place is a directory, importlib.resources finds the packaged copy
    with monkeypatch.context() as m:
        m.setattr(skillpath, "PACKAGE_DIR", str(tmp_path / "nowhere"))
        m.setattr(importlib.resources, "files", lambda pkg: fake_pkg)
        assert Path(str(templates.skill_dir())) == fake_pkg / "skills" / "flyio"
        assert skillpath.template_text("nodejs-express", ".dockerignore") is None
    (fake_pkg / "skills" / "flyio" / "SKILL.md").unlink()
    monkeypatch.setattr(importlib.resources, "files", lambda pkg: fake_pkg)  # the package has no skill now
    # an installed package without its skill: a clear error, not a traceback elsewhere
    with pytest.raises(FileNotFoundError, match="reinstall flylint"):
        templates.skill_dir()
    # a source tree (editable install, PYTHONPATH=src): <root>/src/flylint reads <root>/skills/flyio
    root = tmp_path / "checkout"
    (root / "src" / "flylint").mkdir(parents=True)
    (root / "skills" / "flyio").mkdir(parents=True)
    (root / "skills" / "flyio" / "SKILL.md").write_text("---\nname: flyio\n---\n", encoding="utf-8")
    monkeypatch.setattr(skillpath, "PACKAGE_DIR", str(root / "src" / "flylint"))
    with pytest.raises(FileNotFoundError):  # no pyproject.toml: not a source tree, skills/ is not ours
        templates.skill_dir()
    (root / "pyproject.toml").write_text("[project]\nname = 'flylint'\n", encoding="utf-8")
    assert Path(str(templates.skill_dir())) == root / "skills" / "flyio"


def test_this_checkout_reads_its_own_skills_directory() -> None:
    from flylint.skill import paths as skillpath

    if skillpath.source_root(skillpath.PACKAGE_DIR) is None:
        pytest.skip("flylint is installed from a wheel here, not run from the source tree")
    assert Path(str(templates.skill_dir())) == SKILL
