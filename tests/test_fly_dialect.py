"""Messages about fly.json and fly.yaml speak their format, not TOML (flylint.fly.dialect)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import lint, write_project

from flylint.fly import dialect

CONFIG = {
    "app": "orders",
    "primary_region": "sea",  # retired: FLY057
    "kill_timeout": 5,  # FLY017
    "build": {"dockerfile": "Dockerfile.missing"},  # FLY050
    "http_service": {"internal_port": 8080, "force_https": False,  # FLY001
                     "checks": [{"interval": 15000, "timeout": "2s"}]},  # FLY016 (nanoseconds here)
}


def messages(root: Path, name: str) -> dict[str, str]:
    """The message of each rule (one finding each)."""
    text = json.dumps(CONFIG, indent=2) if name.endswith(".json") else \
        yaml.safe_dump(CONFIG, sort_keys=False) if name.endswith(".yaml") else None
    write_project(root, {name: text})
    result = lint([str(root)], select=["FLY001", "FLY016", "FLY017", "FLY050", "FLY057", "FLY013"])
    codes = [f.code for f in result.findings]
    assert sorted(codes) == sorted(set(codes)), codes
    return {f.code: f.message for f in result.findings}


def test_yaml_messages_write_yaml(tmp_path: Path) -> None:
    got = messages(tmp_path, "fly.yaml")
    assert got["FLY001"].startswith("`http_service` sets force_https: false:")
    assert got["FLY001"].endswith("set force_https: true")
    assert "write kill_timeout: \"5s\"" in got["FLY017"] and got["FLY017"].startswith("`kill_timeout: 5` at the top level")
    assert got["FLY050"].startswith('`dockerfile: "Dockerfile.missing"` in `build` does not exist')
    assert got["FLY057"].startswith('primary_region: "sea" is a retired')
    assert got["FLY016"].startswith("`interval: 15000` in `http_service.checks[0]` is a bare number")
    assert got["FLY016"].endswith('e.g. interval: "15s"')
    for message in got.values():
        assert " = " not in message.replace("15000 = ", ""), message
        assert "[http_service]" not in message and "[build]" not in message and "[[" not in message, message


def test_json_messages_write_json(tmp_path: Path) -> None:
    got = messages(tmp_path, "fly.json")
    assert got["FLY001"].endswith('set "force_https": true')
    assert 'write "kill_timeout": "5s"' in got["FLY017"]
    assert got["FLY050"].startswith('`"dockerfile": "Dockerfile.missing"` in `build` does not exist')


def test_toml_messages_are_unchanged(tmp_path: Path) -> None:
    write_project(tmp_path, {"fly.toml": 'app = "orders"\nkill_timeout = 5\n\n[build]\n  dockerfile = "nope"\n\n'
                                         '[http_service]\n  internal_port = 8080\n  force_https = false\n'})
    got = {f.code: f.message for f in lint([str(tmp_path)], select=["FLY001", "FLY017", "FLY050"]).findings}
    assert got["FLY001"].startswith("[http_service] sets force_https = false:")
    assert 'write kill_timeout = "5s"' in got["FLY017"]
    assert got["FLY050"].startswith('[build] dockerfile = "nope" does not exist')


@pytest.mark.parametrize("fmt, section, entry", [
    ("toml", "[[services.ports]]", '[build] dockerfile = "x"'),
    ("yaml", "`services[0].ports[1]`", '`dockerfile: "x"` in `build`'),
    ("json", "`services[0].ports[1]`", '`"dockerfile": "x"` in `build`'),
])
def test_dialect_helpers(fmt: str, section: str, entry: str) -> None:
    from flylint.fly.schema import section_label

    with dialect.writing(fmt):
        assert section_label(("services", 0, "ports", 1)) == section
        assert dialect.entry(section_label(("build",)), "dockerfile", '"x"') == entry
    assert dialect.current() == "toml"  # outside a config's rules


def test_services_are_named_by_position_in_yaml(tmp_path: Path) -> None:
    write_project(tmp_path, {"fly.yaml": (
        "app: x\nservices:\n  - internal_port: 8080\n    auto_stop_machines: stop\n    auto_start_machines: false\n"
        "    ports: [{port: 443, handlers: [tls, http]}]\n  - internal_port: 9090\n    ports: [{port: 5000}]\n")})
    got = sorted((f.code, f.message) for f in lint([str(tmp_path)], select=["FLY002", "FLY109"]).findings)
    assert [m.split(" ", 1)[0] for _, m in got] == ["`services[0]`", "`services[1]`", "`services[0]`"]
    assert got[2][1].startswith('`services[0]` stops idle Machines (auto_stop_machines: "stop") but '
                                "auto_start_machines: false never starts them again")


def test_array_entries_and_build_paths_in_yaml(tmp_path: Path) -> None:
    write_project(tmp_path, {"fly.yaml": ("app: x\nbuild:\n  ignorefile: .nope\nrestart:\n  - policy: sometimes\n"
                                          "files:\n  - guest_path: /a\n    local_path: missing.txt\n")})
    got = {f.code: f.message for f in lint([str(tmp_path)], select=["FLY021", "FLY051", "FLY054"]).findings}
    assert got["FLY051"].startswith('`ignorefile: ".nope"` in `build` does not exist')
    assert got["FLY021"].startswith('`policy: "sometimes"` in `restart[0]` is not a fly.toml restart policy')
    assert got["FLY054"].startswith('`local_path: "missing.txt"` in `files[0]` does not exist')
