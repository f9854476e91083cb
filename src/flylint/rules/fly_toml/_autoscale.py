"""Helpers shared by the autostop/autostart and environment rules (not a rule module)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from flylint.fly import dialect
from flylint.fly.schema import section_label
from flylint.linter.parsers.fly_toml import FlyConfig


def proxied_services(cfg: FlyConfig) -> Iterator[tuple[tuple, dict[str, Any], str]]:
    """(table path, data, label) for ``[http_service]`` and every ``[[services]]`` entry."""
    hs = cfg.http_service
    if hs is not None:
        yield ("http_service",), hs, section_label(("http_service",))
    services = cfg.services()
    for spath, svc in services:
        if dialect.current() != "toml" or not isinstance(spath[-1], int):
            label = section_label(spath)  # `services[1]` (JSON, YAML), [services] (a table, not an array)
        else:
            label = "[[services]]" if len(services) == 1 else f"[[services]] #{spath[-1] + 1}"
        yield spath, svc, label


def auto_stop_on(value: Any) -> bool:
    """flyctl: ``true``/``"stop"``/``"suspend"`` stop idle Machines; ``false``/``"off"``/unset do not.

    The string ``"true"`` is a decode error in flyctl (reported by ``wrong-value-type``), not a stop.
    """
    return value is True or (isinstance(value, str) and value.strip().lower() in ("stop", "suspend"))


def min_running(value: Any) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return int(value)
    return 0
