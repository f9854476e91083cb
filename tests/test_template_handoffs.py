"""The template and skill fixes of the hand-offs issue: Phoenix clustering over IPv6, the static
site serving /.well-known/, no floating base image, `flylint init` in every README, and the
"choosing a platform" section of SKILL.md."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from flylint.cli.main import main
from flylint.rules.dockerfile._util import split_image
from flylint.rules.dockerfile.base_image_floating_tag import floating
from flylint.skill import templates

SKILL = REPO / "skills" / "flyio"
EXAMPLES = SKILL / "examples"


def _env_after_sourcing(script: Path, env: dict[str, str]) -> dict[str, str]:
    sh = shutil.which("sh")
    if sh is None:
        pytest.skip("no POSIX sh")
    names = ("ERL_AFLAGS", "ECTO_IPV6", "RELEASE_DISTRIBUTION", "RELEASE_NODE", "DNS_CLUSTER_QUERY", "PHX_HOST")
    probe = ". \"$1\"; " + "; ".join(f'printf "%s=%s\\n" {n} "${{{n}-<unset>}}"' for n in names)
    proc = subprocess.run([sh, "-c", probe, "sh", str(script)], env={"PATH": "/usr/bin:/bin", **env},
                          capture_output=True, text=True, check=True)
    return dict(line.split("=", 1) for line in proc.stdout.splitlines())


def test_phoenix_release_names_nodes_after_the_private_ipv6_address(tmp_path: Path, capsys) -> None:
    target = tmp_path / "app"
    assert main(["init", str(target), "-t", "elixir-phoenix", "--app", "shop", "--envs", "staging,production"]) == 0
    capsys.readouterr()
    script = target / "rel" / "env.sh.eex"
    on_fly = _env_after_sourcing(script, {"FLY_APP_NAME": "shop-staging", "FLY_PRIVATE_IP": "fdaa:0:1:a7b:7d:1:2:3"})
    assert on_fly == {
        "ERL_AFLAGS": "-proto_dist inet6_tcp", "ECTO_IPV6": "true", "RELEASE_DISTRIBUTION": "name",
        "RELEASE_NODE": "shop-staging@fdaa:0:1:a7b:7d:1:2:3", "DNS_CLUSTER_QUERY": "shop-staging.internal",
        "PHX_HOST": "shop-staging.fly.dev",
    }
    custom = _env_after_sourcing(script, {"FLY_APP_NAME": "shop", "FLY_PRIVATE_IP": "fdaa::2", "PHX_HOST": "shop.example"})
    assert custom["PHX_HOST"] == "shop.example"
    local = _env_after_sourcing(script, {})
    assert local["RELEASE_NODE"] == "<unset>" and local["RELEASE_DISTRIBUTION"] == "<unset>"
    shellcheck = shutil.which("shellcheck") or shutil.which("shellcheck", path=str(Path(sys.executable).parent))
    if shellcheck:
        proc = subprocess.run([shellcheck, "-s", "sh", str(script)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout
    # the release copies rel/ before `mix release`, and nothing keeps it out of the build context
    dockerfile = (target / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.index("COPY rel rel") < dockerfile.index("mix release")
    assert not re.search(r"(?m)^/?rel/?$", (target / ".dockerignore").read_text(encoding="utf-8"))


def _nginx_locations(dockerfile: str) -> list[str]:
    lines = re.findall(r"'\s*(location [^']*)\{'", dockerfile)
    return [line.strip() for line in lines]


def test_static_site_serves_well_known_before_denying_dotfiles() -> None:
    text = (EXAMPLES / "static-site" / "Dockerfile").read_text(encoding="utf-8")
    locations = _nginx_locations(text)
    assert "location ^~ /.well-known/" in locations
    assert "location ~ /\\." in locations
    # ^~ makes nginx stop at the prefix match, so the dotfile regex never sees /.well-known/
    block = text[text.index("location ^~ /.well-known/"):]
    assert "deny" not in block[: block.index("}")]


@pytest.mark.parametrize("name", sorted(templates.TEMPLATES))
def test_no_template_builds_from_a_floating_tag(name: str) -> None:
    text = (EXAMPLES / name / "Dockerfile").read_text(encoding="utf-8")
    images = re.findall(r"(?m)^FROM\s+(?:--platform=\S+\s+)?(\S+)", text)
    assert images
    for image in images:
        if image == "scratch":
            continue
        repo, tag, digest = split_image(image)
        assert digest or (tag and floating(repo, tag) is None), f"{name}: {image} floats"


@pytest.mark.parametrize("name", sorted(templates.TEMPLATES))
def test_template_readme_starts_with_flylint_init(name: str) -> None:
    text = (EXAMPLES / name / "README.md").read_text(encoding="utf-8")
    assert f"flylint init -t {name}" in text
    assert not re.search(r"(?i)\bcopy (all |the )?(five |5 )?files\b", text)


def test_skill_points_at_init_and_recommend() -> None:
    skill = (SKILL / "SKILL.md").read_text(encoding="utf-8")
    examples = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for text in (skill, examples):
        assert not re.search(r"(?i)\bcopy (all |the )?(five |5 )?files\b", text)
        assert "flylint init" in text
    section = skill[skill.index("### Choosing a platform"):]
    section = section[: section.index("\n### ", 5)]
    assert "flylint recommend" in section
    reference = (SKILL / "REFERENCE.md").read_text(encoding="utf-8")
    policy = reference[reference.index("## 13. Pinned versions"):]
    assert re.search(r"refreshed \d{4}-\d{2}-\d{2}", policy)
