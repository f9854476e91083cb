"""No output format ever contains a secret value from a fixture."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, copy_tree, lint

from flylint.linter.output import FORMATS, OutputOptions, render

# every literal that a secret fixture or the sample project plants
SECRET_VALUES = [
    "sk_live_51HxQ2vKp9sT4dY7wZ3mN8bR", "9fK2mQ7xLp4vR8tZ", "AKIAIOSFODNN7EXAMPLE",
    "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8", "XXXXXXXXXXXXXXXXXXXXXXXX", "npm-tok-3c8e1f0a9b2d",
    "a8f5f167f44f4964e6c998dee827110c", "hunter2hunter2", "gh-literal-4d2f9a7c1e", "s3cr3t-v4lu3-9f8e",
    "Tr0ub4dor-and-3", "9a8b7c6d5e4f3a2b1c0d", "plain-text-pass-99", "not-a-known-format-9x8y7z",
    "literal-pass-123", "literal-in-workflow", "k7Gq2vX9pL4mZ8rT1wY6", "Sup3rS3cretPass",
    "fm2_lJPECAAAAAAAAMxPxBBz9dNa8qR3tU6vW1yX4zA7bC0eF2gH5iJ8kL",
]


def _tree(tmp: Path) -> None:
    from rules.fixture_harness import all_fixtures, materialise

    for i, fx in enumerate(f for f in all_fixtures(FIXTURES) if f.code.startswith("SEC")):
        materialise(fx, tmp / f"p{i}")
    copy_tree(REPO / "examples" / "sample-app", tmp / "sample")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_secret_in_any_format(fmt: str, in_tmp: Path) -> None:
    _tree(in_tmp)
    result = lint(["."])
    assert any(f.code.startswith("SEC") for f in result.findings)
    text = render(result, fmt, OutputOptions())
    for value in SECRET_VALUES:
        assert value not in text, f"{fmt} output leaks {value[:4]}…"
        # also no long fragment of it
        for i in range(max(1, len(value) - 9)):
            fragment = value[i : i + 10]
            if re.fullmatch(r"[A-Za-z0-9]{10}", fragment) and fragment in text:
                pytest.fail(f"{fmt} output leaks a 10-character fragment of a secret")


# -- every route out: formats, --diff, --show-fixes, baselines, report, detect -------------------
# values planted where the issue found leaks: an invalid duration, a key and a section name, a
# health-check path, a YAML value, a Dockerfile line the parser quotes, --diff context lines
_RANDOM = "Zq8vN3kLp6Xw2Rt9Ym4B"
_GITHUB = "ghp_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8"
_KEY = "-----BEGIN RSA PRIVATE KEY-----"
_KEY_BODY = "MIIEowIBAAKCAQEAx4f9Q2vK8pL3mZ7rT1wY6nB5"
_HOSTILE = {
    "h1/fly.toml": (f'app = "x"\nkill_timeout = "{_RANDOM}"\n[http_service]\ninternal_port = 8080\nforce_https = false\n'
                    f'[[http_service.checks]]\npath = "/health?token={_RANDOM}"\ninterval = "10s"\ntimeout = "2s"\n'
                    f'grace_period = "{_GITHUB}"\n[{_RANDOM}]\n{_GITHUB} = 1\n[env]\nDB_PASSWORD = "hunter3hunter3x"\n'),
    "h2/fly.toml": f'app = "x"\nprimary_region = "ams"\nprimary_region = "{_RANDOM}"\n',
    "h3/fly.yaml": f"app: x\nhttp_service:\n  internal_port: [{_GITHUB}\n",
    "h4/fly.yaml": f"app: x\nhttp_service:\n  internal_port: {_RANDOM}\n  force_https: {_GITHUB}\n",
    "h5/Dockerfile": f"FROM alpine:3.19\nRUN echo \\\n{_KEY} \\\n{_KEY_BODY}\n{_KEY_BODY} {_RANDOM}\nUSER nobody\n",
    "h5/fly.toml": 'app = "x"\n[http_service]\ninternal_port = 8080\nforce_https = false\n',
    "h6/.github/workflows/deploy.yml": (f"on: push\njobs:\n  d:\n    runs-on: {_RANDOM}\n    steps:\n"
                                        f"      - uses: {_GITHUB}\n      - run: flyctl deploy --remote-only\n"
                                        f"        env:\n          FLY_API_TOKEN: {_RANDOM}\n"),
}
_PLANTED = [_RANDOM, _GITHUB, _KEY_BODY, "hunter3hunter3x"]


def _secret_pieces(flagged: str) -> list[str]:
    """The secret inside a flagged span: the value of NAME=value, quotes and FlyV1 dropped,
    URL parts split at / : @ (the host and scheme are not secret)."""
    value = flagged.strip().strip("\"'")
    m = re.match(r"[A-Za-z_][A-Za-z0-9_]*=(.*)", value)
    if m:
        value = m.group(1).strip("\"'")
    value = value.removeprefix("FlyV1 ")
    if "://" in value:
        return [p for p in re.split(r"[/:@]", value.split("://", 1)[1])[1:] if len(p) >= 8 and p != "services"]
    return [value]


def _leaks(text: str, secrets: list[str], vocabulary: str) -> list[str]:
    """Every secret that has an 8-character run in ``text`` (runs that are flylint's own words,
    such as ``-literal`` of the rule ``access-token-literal``, do not count)."""
    out = []
    for s in secrets:
        runs = {s[i:i + 8] for i in range(max(1, len(s) - 7))} - {r for r in _runs(s) if r in vocabulary}
        if any(r in text for r in runs):
            out.append(s[:3] + "…")
    return out


def _runs(s: str) -> set[str]:
    return {s[i:i + 8] for i in range(max(1, len(s) - 7))}


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    from flylint.cli.main import main

    main(args)
    out, err = capsys.readouterr()
    return out + err


def test_no_eight_character_run_of_any_secret_leaves_flylint(in_tmp: Path, capsys) -> None:
    _tree(in_tmp)
    for rel, body in _HOSTILE.items():
        (in_tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (in_tmp / rel).write_text(body)
    result = lint(["."])
    secrets = list(SECRET_VALUES) + _PLANTED
    for f in result.findings:
        if f.code.startswith("SEC") and f.source is not None:
            secrets += _secret_pieces(f.source.text[f.span.start:f.span.end])
    secrets = sorted({s for s in secrets if len(s) >= 8})
    assert len(secrets) > 25

    outputs: dict[str, str] = {}
    for fmt in sorted(FORMATS):
        outputs[f"check --format {fmt}"] = _run(["check", "--format", fmt, "--show-fixes", "--unsafe-fixes",
                                                 "--show-source", "."], capsys)
    outputs["check --diff"] = _run(["check", "--diff", "--unsafe-fixes", "."], capsys)
    outputs["check --statistics"] = _run(["check", "--statistics", "."], capsys)
    _run(["check", "--write-baseline", "baseline.json", "."], capsys)
    outputs["baseline file"] = (in_tmp / "baseline.json").read_text()
    outputs["check --baseline"] = _run(["check", "--baseline", "baseline.json", "--format", "json", "."], capsys)
    for fmt in ("markdown", "html", "json"):
        outputs[f"report {fmt}"] = _run(["report", "--framework", "all", "--format", fmt, "."], capsys)
    for fmt in ("text", "json"):
        outputs[f"detect {fmt}"] = _run(["detect", "--format", fmt, "--recursive", "."], capsys)
    assert "FLY010" in outputs["check --format text"] and "---" in outputs["check --diff"]
    from flylint.linter.registry import load_all

    vocabulary = "\n".join(f"{m.code} {m.name} {m.doc}" for m in load_all().values())  # SARIF carries the docs
    leaks = {where: found for where, text in outputs.items() if (found := _leaks(text, secrets, vocabulary))}
    assert leaks == {}
