"""The exec-form reader agrees with ``json.loads`` on arrays of strings and finds each string."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flylint.linter.parsers.jsonarray import string_array, string_array_spans


def reference(text: str) -> list[str] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=5), st.booleans(), st.sampled_from(["", " ", "\n\t", "  \r\n"]))
def test_any_array_of_strings(values: list[str], ascii_only: bool, ws: str) -> None:
    text = ws + json.dumps(values, ensure_ascii=ascii_only, separators=(ws + "," + ws, ":")) + ws
    assert string_array(text) == values
    spans = string_array_spans(text)
    assert spans is not None
    assert [json.loads(text[start:end]) for _, start, end in spans] == values


TOKENS = st.sampled_from(['[', ']', ',', ' ', '\t', '"', '\\', '"a"', '"\\u00e9"', '"\\ud83d\\ude00"', '"\\ud83d"',
                          '"\\x41"', '1', 'null', '"\n"', '\\n', '\\u12', '{}', '[]', '"b\\"c"', '\x0b', 'é'])


@settings(max_examples=600, deadline=None)
@given(st.lists(TOKENS, max_size=9))
def test_agrees_with_json_on_anything(parts: list[str]) -> None:
    text = "".join(parts)
    assert string_array(text) == reference(text)


@pytest.mark.parametrize(("text", "expected"), [
    ('["node", "server.js"]', ["node", "server.js"]),
    ("[]", []),
    ('[ "a" ]', ["a"]),
    ('["a",]', None),  # Docker reads that as shell form
    ("['a']", None),
    ('["a" "b"]', None),
    ('["a", 1]', None),
    ('["tab\there"]', None),  # a raw control character
    ('["\\ud83d\\ude00"]', ["\U0001F600"]),
    ('["a"] x', None),
    ("[", None),
])
def test_examples(text: str, expected: list[str] | None) -> None:
    assert string_array(text) == expected == reference(text)
