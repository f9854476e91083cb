"""base.lazyre: a lazily compiled pattern behaves like ``re.compile``'s, compiled once."""

from __future__ import annotations

import pickle
import re

import pytest

from flylint.base.lazyre import LazyPattern, lazy

PATTERN = r"(\w+)=(\d+)"
TEXT = "a=1 b=x c=22 dd=333"


def _calls(p: LazyPattern[str] | re.Pattern[str]) -> list[object]:
    return [
        bool(p.search(TEXT)) and p.search(TEXT).group(0),  # type: ignore[union-attr]
        p.search(TEXT, 5) and p.search(TEXT, 5).span(),  # type: ignore[union-attr]
        p.match(TEXT) and p.match(TEXT).groups(),  # type: ignore[union-attr]
        p.fullmatch("x=9") is not None, p.fullmatch(TEXT) is None,
        [m.span() for m in p.finditer(TEXT)], p.findall(TEXT), p.findall(TEXT, 0, 8),
        p.split(TEXT), p.split(TEXT, 1), p.sub(r"\2", TEXT), p.sub(lambda m: m.group(1).upper(), TEXT, 1),
    ]


@pytest.mark.parametrize("first", ["search", "match", "fullmatch", "finditer", "findall", "split", "sub"])
def test_every_method_behaves_like_the_compiled_pattern_whichever_is_called_first(first: str) -> None:
    p = lazy(PATTERN)
    assert p._compiled is None
    getattr(p, first)(*(("", TEXT) if first == "sub" else (TEXT,)))
    assert p._compiled is not None
    assert _calls(p) == _calls(re.compile(PATTERN))


def test_it_compiles_on_first_use_only_and_then_calls_the_compiled_methods(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    real = re.compile

    def counting(pattern: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(re, "compile", counting)
    p = lazy(r"[a-z]+\d", re.IGNORECASE)
    assert compiled == []
    assert p.search("xx AB1") is not None
    assert p.match("Q7") is not None and p.fullmatch("q7 ") is None
    assert compiled == [r"[a-z]+\d"]
    assert p.search.__self__ is p.compiled()  # type: ignore[attr-defined]
    assert p.pattern == r"[a-z]+\d" and repr(p) == "lazy('[a-z]+\\\\d')"


def test_a_pattern_survives_pickling_before_and_after_use() -> None:
    fresh = pickle.loads(pickle.dumps(lazy(PATTERN)))
    used = lazy(PATTERN)
    used.search(TEXT)
    again = pickle.loads(pickle.dumps(used))
    assert _calls(fresh) == _calls(again) == _calls(re.compile(PATTERN))
