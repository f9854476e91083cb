"""The fly.toml schema (flylint.fly.schema) against the fact sheet, and its walk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import lint, requires_shared, write_project

from flylint.fly.schema import (
    ALIAS,
    BAD_DURATION,
    BARE_NS,
    BARE_UNIT,
    CASE,
    LEGACY,
    MISPLACED,
    ROOT,
    SHAPE,
    TYPE,
    UNKNOWN,
    VM_PRESETS,
    schema_issues,
    section_fields,
    spec_at,
    suggest,
)
from flylint.linter.parsers.fly_toml import parse_fly_config
from flylint.linter.source import SourceFile

# fact sheet §2: sections whose keys are listed in tables (heading number -> data path)
TABLE_SECTIONS = {
    "2.1": (), "2.2": ("build",), "2.3": ("deploy",), "2.6": ("http_service",), "2.7": ("services",),
    "2.8": ("http_service", "concurrency"), "2.9": ("services", "ports"), "2.11": ("machine_checks",),
    "2.12": ("vm",), "2.13": ("mounts",), "2.15": ("experimental",),
}
# keys the sheet lists in prose, and the keys of §2.10's check table per kind of check
PROSE_KEYS = {
    ("metrics",): ["port", "path", "https", "processes"],
    ("statics",): ["guest_path", "url_prefix", "tigris_bucket", "index_document"],
    ("files",): ["guest_path", "raw_value", "local_path", "secret_name", "processes"],
    ("restart",): ["policy", "retries", "processes"],
    ("services", "ports", "tls_options"): ["alpn", "versions", "default_self_signed"],
    ("services", "ports", "http_options"): ["compress", "h2_backend", "idle_timeout", "headers_read_timeout",
                                             "response", "replay_cache"],
    ("services", "ports", "http_options", "response"): ["pristine", "headers"],
    ("services", "ports", "http_options", "replay_cache"): ["path_prefix", "ttl_seconds", "type", "name",
                                                             "allow_bypass"],
    ("services", "ports", "proxy_proto_options"): ["version"],
    ("checks", "NAME"): ["type", "port", "interval", "timeout", "grace_period", "method", "path", "protocol",
                         "tls_skip_verify", "tls_server_name", "headers", "processes"],
    ("services", "http_checks"): ["interval", "timeout", "grace_period", "method", "path", "protocol",
                                  "tls_skip_verify", "tls_server_name", "headers"],
    ("services", "tcp_checks"): ["interval", "timeout", "grace_period"],
    ("http_service", "checks"): ["interval", "timeout", "grace_period", "method", "path", "protocol",
                                 "tls_skip_verify", "tls_server_name", "headers"],
}
# alias/legacy spellings in the tables (fact sheet §4) and table rows that are not keys
NOT_PLAIN = {"mount", "compute", "computes", "metric"}


def _sheet_keys() -> dict[tuple, list[str]]:
    text = requires_shared("reference/fly-toml.md").read_text(encoding="utf-8")
    out: dict[tuple, list[str]] = {}
    for number, path in TABLE_SECTIONS.items():
        m = re.search(rf"^### {re.escape(number)} .*?$(.*?)(?=^### |^## )", text, re.MULTILINE | re.DOTALL)
        assert m, f"fact sheet section {number} not found"
        for row in re.findall(r"^\| (.+?) \|$", m.group(1), re.MULTILINE):
            if "Not read here" in row:
                continue  # experimental.container is listed as a key flyctl does not read there
            sub = None
            for cell in re.findall(r"`([^`]+)`", row.split("|")[0]):
                word = cell.split(" ")[0]
                if word.startswith("["):
                    parts = tuple(word.strip("[]").split("."))
                    keyed, name, sub = parts[:-1], parts[-1], parts
                else:
                    parts = tuple(word.split("."))
                    keyed, name = (sub if sub is not None else path) + parts[:-1], parts[-1]
                if re.fullmatch(r"[a-z_\-]+", name) and name not in NOT_PLAIN:
                    out.setdefault(keyed, []).append(name)
    return out


def test_every_key_of_fact_sheet_section_2_is_in_the_schema() -> None:
    sheet = _sheet_keys()
    assert sum(len(v) for v in sheet.values()) > 80, "the fact sheet tables were not read"
    missing = []
    for path, keys in list(sheet.items()) + list(PROSE_KEYS.items()):
        fields = section_fields(path)
        assert fields is not None, path
        missing += [f"{'.'.join(path) or 'top'}.{k}" for k in keys if k not in fields
                    and k not in (ROOT.fields or {})["build"].aliases]
    assert not missing, missing


def test_vm_presets_match_the_fact_sheet() -> None:
    text = requires_shared("reference/fly-toml.md").read_text(encoding="utf-8")
    for name in ("shared-cpu-1x", "performance-1x", "a100-40gb", "a100-80gb", "l40s", "a10"):
        assert name in text and name in VM_PRESETS
    assert VM_PRESETS["performance-4x"] == ("performance", 4, 8192)
    assert VM_PRESETS["shared-cpu-2x"] == ("shared", 2, 512)


def _cfg(text: str, name: str = "fly.toml"):
    return parse_fly_config(SourceFile(name, text))


def _kinds(text: str, name: str = "fly.toml") -> set[tuple[str, str]]:
    from flylint.fly.schema import label

    return {(i.kind, label(i.path)) for i in schema_issues(_cfg(text, name))}


def test_coercions_flyctl_applies_are_not_type_errors() -> None:
    issues = _kinds("""
[[services]]
  internal_port = "8080"
  concurrency = "20,25"
  [[services.ports]]
    port = "80"
[[vm]]
  memory = 512
[[mounts]]
  source = "d"
  destination = "/d"
  initial_size = 10
[env]
  N = 1
""")
    assert not [i for i in issues if i[0] == TYPE], issues
    assert (LEGACY, "services[0].internal_port") in issues
    assert (LEGACY, "services[0].concurrency") in issues


def test_no_coercion_where_flyctl_has_none() -> None:
    issues = _kinds("""
[http_service]
  internal_port = "8080"
[deploy.release_command_vm]
  memory = 512
[[mounts]]
  source = "d"
  destination = "/d"
  auto_extend_size_increment = 1
[build.args]
  V = 20
""")
    for where in ("http_service.internal_port", "deploy.release_command_vm.memory",
                  "mounts[0].auto_extend_size_increment", "build.args.V"):
        assert (TYPE, where) in issues, where


def test_bare_number_units_follow_the_location() -> None:
    cfg = _cfg("""
kill_timeout = 5
[deploy]
  wait_timeout = 300
[http_service]
  internal_port = 8080
  [[http_service.checks]]
    interval = 10000
[[services]]
  internal_port = 8080
  [[services.tcp_checks]]
    interval = 10000
[checks.a]
  type = "tcp"
  timeout = 2000
""")
    got = {(i.kind, i.detail) for i in schema_issues(cfg) if i.kind in (BARE_NS, BARE_UNIT)}
    assert got == {(BARE_UNIT, "s"), (BARE_UNIT, "ms"), (BARE_NS, "ns")}
    ns = sorted(tuple(i.path) for i in schema_issues(cfg) if i.kind == BARE_NS)
    assert ns == [("deploy", "wait_timeout"), ("http_service", "checks", 0, "interval")]


def test_mixed_case_sections_lose_the_patches() -> None:
    issues = _kinds("""
[[Services]]
  internal_port = 8080
  [[Services.ports]]
    port = "80"
  [[Services.tcp_checks]]
    interval = 15000
""")
    assert (CASE, "Services") in issues
    assert (TYPE, "Services[0].ports[0].port") in issues
    assert (BARE_NS, "Services[0].tcp_checks[0].interval") in issues


def test_autostop_persist_rootfs_and_shapes() -> None:
    issues = _kinds("""
[http_service]
  internal_port = 8080
  auto_stop_machines = "true"
[[services]]
  internal_port = 1
  auto_stop_machines = true
[[vm]]
  persist_rootfs = 3
[statics]
  guest_path = "/a"
  url_prefix = "/a"
""")
    assert (TYPE, "http_service.auto_stop_machines") in issues
    assert (LEGACY, "services[0].auto_stop_machines") in issues
    assert not any(k == TYPE and "persist_rootfs" in p for k, p in issues)
    assert (SHAPE, "statics") in issues


def test_durations_follow_go() -> None:
    issues = _kinds('kill_timeout = "1d"\n[deploy]\n  wait_timeout = "1m30s"\n  release_command_timeout = ""\n')
    assert (BAD_DURATION, "kill_timeout") in issues
    assert (BAD_DURATION, "deploy.release_command_timeout") in issues  # not patched: "" is an error
    assert not any(p == "deploy.wait_timeout" for _, p in issues)


def test_aliases_unknown_and_misplaced_keys() -> None:
    issues = _kinds("""
app = "a"
[mount]
  source = "d"
  destination = "/d"
[build]
  build_target = "x"
[env]
  primary_region = "ams"
[http_service]
  internal_port = 8080
  force_http = true
  [http_service.concurrency]
    auto_stop_machines = "stop"
""")
    assert {(ALIAS, "mount"), (ALIAS, "build.build_target")} <= issues
    assert (UNKNOWN, "http_service.force_http") in issues
    assert (MISPLACED, "env.primary_region") in issues
    assert (MISPLACED, "http_service.concurrency.auto_stop_machines") in issues


def test_suggestions() -> None:
    fields = list(section_fields(("http_service",)) or {})
    assert suggest("force_http", fields) == (("force_https",), True)
    assert suggest("min_machine_running", fields) == (("min_machines_running",), True)
    assert suggest("internal-port", fields) == (("internal_port",), True)
    assert suggest("zzz", fields) == ((), False)
    assert spec_at(("services", 0, "ports", 0, "port")) is not None
    assert spec_at(("nope",)) is None


def test_the_walk_runs_once_per_file() -> None:
    cfg = _cfg('app = "a"\nforce_http = 1\n')
    first = schema_issues(cfg)
    assert schema_issues(cfg) is first


def test_json_and_yaml_configs_get_the_same_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_project(tmp_path, {"fly.json": (
        '{\n'
        '  "app": "my-app",\n'
        '  "http_service": {\n'
        '    "internal_port": "8080",\n'
        '    "force_http": true\n'
        '  },\n'
        '  "deploy": {"wait_timeout": 300}\n'
        '}\n')})
    result = lint(["."], select=["FLY010", "FLY013", "FLY016"])
    got = sorted((f.code, f.line) for f in result.findings)
    assert got == [("FLY010", 5), ("FLY013", 4), ("FLY016", 7)]
    assert all(f.fix is None for f in result.findings)  # fixes are offered for TOML only


def test_fly_env_toml_gets_the_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_project(tmp_path, {"fly.production.toml": 'app = "a"\n[http_service]\n  internal_port = "80"\n'})
    result = lint(["."], select=["FLY013"])
    assert [(f.path, f.line) for f in result.findings] == [("fly.production.toml", 3)]


@pytest.mark.parametrize("text", [
    "", "app = 1", "[[services]]\n[[services.ports]]\n", "services = 3", "checks = [1, 2]", "env = 5",
    "processes = [1]", "[http_service.checks]\nheaders = [1]", "vm = [[1]]", "[experimental]\ncmd = [1]",
    "[[restart]]\npolicy = 3", "[deploy]\nstrategy = []", "primary_region = 3", "[[files]]\nlocal_path = 1",
    "[build]\ndockerfile = 1\nignorefile = []", 'machine_config = "{"', "[[statics]]\nurl_prefix = 1",
])
def test_odd_inputs_never_crash_a_rule(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_project(tmp_path, {"fly.toml": text + "\n"})
    from flylint.linter.registry import load_all

    result = lint(["."], select=[c for c in load_all() if c.startswith("FLY0")])
    assert not [f.message for f in result.findings if "internal error" in f.message]
