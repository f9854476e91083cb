"""The ``[[files]]`` entries of a fly config (shared by FLY105 and FLY106; not a rule module)."""

from __future__ import annotations

from typing import Any

from flylint.linter.parsers.fly_toml import FlyConfig, Path


def files_entries(cfg: FlyConfig) -> list[tuple[Path, dict[str, Any]]]:
    files = cfg.get(("files",))
    if isinstance(files, list):
        return [(("files", i), f) for i, f in enumerate(files) if isinstance(f, dict)]
    if isinstance(files, dict):
        return [(("files",), files)]
    return []
