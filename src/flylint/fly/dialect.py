"""Messages about a fly config speak its format: TOML, JSON or YAML.

flyctl reads ``fly.json`` and ``fly.yaml`` as well as ``fly.toml`` (by extension). A message
telling a YAML user to "set force_https = true in [http_service]" names syntax their file does
not use. The engine runs each rule on a fly config inside :func:`writing` with the config's
format, and the shared helpers render sections and settings for it:

=========  ==================  ==========================  ==========================
helper     TOML                YAML                        JSON
=========  ==================  ==========================  ==========================
section    ``[http_service]``  ```http_service```          ```http_service```
section    ``[[services]]``    ```services[0]```           ```services[0]```
assign     ``port = 8080``     ``port: 8080``              ``"port": 8080``
=========  ==================  ==========================  ==========================

Values keep one spelling (``true``, ``8080``, ``"5s"``): each is valid in all three formats.
Outside :func:`writing` (rules on other files, docs) the format is TOML.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

FORMATS = ("toml", "json", "yaml")
_FORMAT: ContextVar[str] = ContextVar("flylint_fly_config_format", default="toml")


@contextmanager
def writing(fmt: str) -> Iterator[None]:
    """Render sections and settings for a config in ``fmt`` (``toml``, ``json``, ``yaml``)."""
    token = _FORMAT.set(fmt if fmt in FORMATS else "toml")
    try:
        yield
    finally:
        _FORMAT.reset(token)


def current() -> str:
    return _FORMAT.get()


def section(names: list[str], index: int | None = None, indexes: tuple[int | None, ...] = ()) -> str:
    """A section (table) of the config: ``[a.b]`` / ``[[a.b]]`` in TOML; in JSON and YAML its
    path in backticks with the array positions, ``a[0].b[1]`` (``indexes`` gives the position after
    each name, None when that name is not an array entry)."""
    if _FORMAT.get() == "toml":
        inner = ".".join(names)
        return f"[[{inner}]]" if index is not None else f"[{inner}]"
    parts = []
    for i, name in enumerate(names):
        at = indexes[i] if i < len(indexes) else None
        parts.append(name if at is None else f"{name}[{at}]")
    return "`" + ".".join(parts) + "`"


def assign(key: str, literal: str) -> str:
    """``key = value`` as the config's format writes one setting (``literal`` already rendered)."""
    fmt = _FORMAT.get()
    if fmt == "yaml":
        return f"{key}: {literal}"
    if fmt == "json":
        return f'"{key}": {literal}'
    return f"{key} = {literal}"


def entry(where: str, key: str, literal: str) -> str:
    """One setting named with its table (``where``: a :func:`flylint.fly.schema.section_label`):
    ``[build] dockerfile = "x"`` in TOML, ```dockerfile: "x"` in `build``` in YAML
    (```"dockerfile": "x"` in `build```` in JSON)."""
    if _FORMAT.get() == "toml":
        return f"{where} {assign(key, literal)}"
    return f"`{assign(key, literal)}` in {where}"
