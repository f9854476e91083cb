"""JSON arrays of strings, the Dockerfile exec form (``CMD ["node", "server.js"]``).

Docker reads an instruction's arguments as a JSON array of strings when they parse as one, and
as shell form otherwise. This reads exactly that JSON subset — strict JSON strings, the four
JSON whitespace characters, no trailing comma — and also says where each string is written,
which ``json.loads`` cannot. (It also keeps the ``json`` package off the start-up path of a
lint: every Dockerfile has an exec form.) ``tests/test_jsonarray.py`` checks it against
``json.loads``.
"""

from __future__ import annotations

from flylint.base.lazyre import lazy

_WS = " \t\n\r"
# a JSON string: no raw control characters, only the JSON escapes
_STRING = lazy(r'"((?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*)"')
_ESCAPE = lazy(r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|\\(.)")
_SIMPLE = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body

    def one(m: object) -> str:
        high, low, code, char = m.groups()  # type: ignore[attr-defined]
        if high is not None:  # a surrogate pair is one character
            return chr(0x10000 + ((int(high, 16) - 0xD800) << 10) + (int(low, 16) - 0xDC00))
        if code is not None:
            return chr(int(code, 16))
        return _SIMPLE[char]

    return _ESCAPE.sub(one, body)


def string_array_spans(text: str) -> list[tuple[str, int, int]] | None:
    """``(value, start, end)`` of each string of a JSON array of strings filling ``text``.

    ``start``/``end`` are offsets of the string as written, quotes included. ``None`` when
    ``text`` (surrounding whitespace aside) is not such an array.
    """
    n = len(text)
    i = 0
    while i < n and text[i] in _WS:
        i += 1
    if i >= n or text[i] != "[":
        return None
    i += 1
    out: list[tuple[str, int, int]] = []
    while True:
        while i < n and text[i] in _WS:
            i += 1
        if i < n and text[i] == "]" and not out:
            i += 1
            break
        m = _STRING.match(text, i)
        if m is None:
            return None
        out.append((_unescape(m.group(1)), m.start(), m.end()))
        i = m.end()
        while i < n and text[i] in _WS:
            i += 1
        if i < n and text[i] == ",":
            i += 1
            continue
        if i < n and text[i] == "]":
            i += 1
            break
        return None
    while i < n and text[i] in _WS:
        i += 1
    return out if i == n else None


def string_array(text: str) -> list[str] | None:
    """The strings of a JSON array of strings filling ``text``, or ``None``."""
    spans = string_array_spans(text)
    return None if spans is None else [value for value, _, _ in spans]
