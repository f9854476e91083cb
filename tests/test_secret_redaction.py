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
