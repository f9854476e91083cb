"""Where a fly config sets TLS options, and whether the Fly proxy terminates TLS at all
(shared by FLY101 and FLY102; not a rule module)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flylint.linter.parsers.fly_toml import FlyConfig, Path


def tls_option_tables(cfg: FlyConfig) -> Iterator[tuple[Path, dict[str, Any], str]]:
    """(path of the tls_options table, its data, a label) everywhere flyctl reads TLS options."""
    hs = cfg.http_service
    if hs is not None and isinstance(hs.get("tls_options"), dict):
        yield ("http_service", "tls_options"), hs["tls_options"], "[http_service.tls_options]"
    for spath, _svc in cfg.services():
        for ppath, port in cfg.sections("ports", spath):
            opts = port.get("tls_options")
            if isinstance(opts, dict):
                label = f"tls_options of public port {port.get('port', '?')}"
                yield ppath + ("tls_options",), opts, label


def terminates_tls(cfg: FlyConfig) -> bool:
    """The Fly proxy terminates TLS for this app: ``[http_service]`` (port 443) or a ``tls`` handler."""
    if cfg.http_service is not None:
        return True
    for spath, _svc in cfg.services():
        for _ppath, port in cfg.sections("ports", spath):
            handlers = port.get("handlers")
            if isinstance(handlers, list) and "tls" in handlers:
                return True
    return False
