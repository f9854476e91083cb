"""fly.toml (and fly.json / fly.yaml / fly.<env>.toml) as flyctl sees it, with positions.

Values come from ``tomllib`` (exact TOML semantics, including its errors); positions come
from :mod:`flylint.linter.parsers.toml_positions`. The model offers views that follow flyctl's
own reading: sections that may be a table or an array of tables, the bare-number unit of each
health-check kind, process groups.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

from flylint.base.lazyre import lazy
from flylint.base.records import field, record
from flylint.fly.values import BareUnit
from flylint.linter.model import Span
from flylint.linter.parsers import ParseError, number_too_long
from flylint.linter.parsers.toml_positions import Entry, Path, TomlIndex, index_toml
from flylint.linter.source import SourceFile

T = TypeVar("T")

_ENV_NAME = lazy(
    r"^(?:fly[.\-_](?P<env>[A-Za-z0-9_\-.]+?)|(?P<env2>[A-Za-z0-9_\-]+)\.fly)\.(?:toml|json|ya?ml)$"
)
_TOML_ERROR_POS = lazy(r"\(at line (\d+), column (\d+)\)")
_TOML_ERROR_EOF = lazy(r"\(at end of document\)")


def environment_of(filename: str) -> str | None:
    """``"production"`` for ``fly.production.toml``; ``None`` for plain ``fly.toml``."""
    m = _ENV_NAME.match(filename)
    if not m:
        return None
    return (m.group("env") or m.group("env2")).lower()


def format_of(filename: str) -> str:
    """The parser flyctl picks by extension: ``.json`` JSON, ``.yaml`` YAML, anything else TOML."""
    if filename.endswith(".json"):
        return "json"
    if filename.endswith(".yaml"):
        return "yaml"
    return "toml"  # including .yml, which flyctl reads as TOML


@record(slots=True)
class CheckRef:
    """One health check in any of the places flyctl reads them."""

    kind: str  # "http_service", "http_checks", "tcp_checks", "top"
    path: Path
    data: dict[str, Any]
    bare_unit: BareUnit

    @property
    def is_http(self) -> bool:
        if self.kind in ("http_service", "http_checks"):
            return True
        return self.kind == "top" and str(self.data.get("type", "")).lower() == "http"

    @property
    def label(self) -> str:
        return ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in self.path).replace(".[", "[")


@record
class FlyConfig:
    source: SourceFile
    data: dict[str, Any]
    # where each key is written; ``None`` for a TOML config until a position is first asked for
    # (tomllib keeps none: see :attr:`index`)
    positions: TomlIndex | None
    fmt: str = "toml"
    env: str | None = None
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def index(self) -> TomlIndex:
        """The position index, made by a second scan of the text the first time a rule asks where
        something is written: most configs of a clean project are never asked."""
        if self.positions is None:
            self.positions = index_toml(self.source.text)
        return self.positions

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, computed once per parsed config (the fix loop re-parses, so a fixed text
        is looked at afresh): for derived data several rules ask for."""
        if key not in self._cache:
            self._cache[key] = compute()
        return cast("T", self._cache[key])

    # -- positions -------------------------------------------------------------------
    def _entry(self, path: Path) -> tuple[Path, Entry] | None:
        return self.index.find(path)

    def key_span(self, path: Path) -> Span:
        """Where the key of ``path`` is written (its table header for a section)."""
        found = self._entry(path)
        if found is None:
            return self.source.line_span(1) if self.source.text else Span(1, 1, 1, 1)
        _, entry = found
        return self.source.span(entry.key_start, entry.key_end)

    def value_span(self, path: Path) -> Span:
        found = self._entry(path)
        if found is None:
            return self.key_span(path)
        _, entry = found
        return self.source.span(entry.value_start, entry.value_end)

    def entry_span(self, path: Path) -> Span:
        """From the key to the end of the value (``key = value``)."""
        found = self._entry(path)
        if found is None:
            return self.key_span(path)
        _, entry = found
        return self.source.span(entry.key_start, max(entry.key_end, entry.value_end))

    def has_position(self, path: Path) -> bool:
        return tuple(path) in self.index.entries

    def entry(self, path: Path) -> Entry | None:
        return self.index.entries.get(tuple(path))

    # -- values ----------------------------------------------------------------------
    def get(self, path: Path, default: Any = None) -> Any:
        node: Any = self.data
        for part in path:
            if isinstance(part, int):
                if isinstance(node, list) and -len(node) <= part < len(node):
                    node = node[part]
                else:
                    return default
            elif isinstance(node, dict) and part in node:
                node = node[part]
            else:
                return default
        return node

    def sections(self, key: str, parent: Path = ()) -> list[tuple[Path, dict[str, Any]]]:
        """Entries of a section that flyctl accepts as a table or an array of tables."""
        value = self.get(parent + (key,))
        base = parent + (key,)
        if isinstance(value, dict):
            return [(base, value)]
        if isinstance(value, list):
            return [(base + (i,), v) for i, v in enumerate(value) if isinstance(v, dict)]
        return []

    @property
    def app(self) -> str | None:
        app = self.data.get("app")
        return app if isinstance(app, str) else None

    @property
    def http_service(self) -> dict[str, Any] | None:
        hs = self.data.get("http_service")
        return hs if isinstance(hs, dict) else None

    def services(self) -> list[tuple[Path, dict[str, Any]]]:
        """``[[services]]`` entries (a single ``[services]`` table counts as one)."""
        return self.sections("services")

    def process_groups(self) -> list[str]:
        """Declared process-group names; ``["app"]`` when there is no ``[processes]``."""
        procs = self.data.get("processes")
        names: list[str] = []
        if isinstance(procs, dict):
            names = [str(k) for k in procs]
        elif isinstance(procs, list):  # legacy [[processes]] with name/command
            names = [str(p["name"]) for p in procs if isinstance(p, dict) and "name" in p]
        return names or ["app"]

    def checks(self) -> Iterator[CheckRef]:
        """Every health check flyctl reads, with the unit a bare number means there."""
        hs = self.http_service
        if hs is not None:
            checks = hs.get("checks")
            if isinstance(checks, list):
                for i, c in enumerate(checks):
                    if isinstance(c, dict):
                        yield CheckRef("http_service", ("http_service", "checks", i), c, BareUnit.NANOSECONDS)
        for spath, _svc in self.services():
            for kind in ("http_checks", "tcp_checks"):
                for cpath, c in self.sections(kind, spath):
                    yield CheckRef(kind, cpath, c, BareUnit.MILLISECONDS)
        top = self.data.get("checks")
        if isinstance(top, dict):
            for name, c in top.items():
                if isinstance(c, dict):
                    yield CheckRef("top", ("checks", name), c, BareUnit.MILLISECONDS)
        elif isinstance(top, list):  # legacy [[checks]] with name
            for i, c in enumerate(top):
                if isinstance(c, dict):
                    yield CheckRef("top", ("checks", i), c, BareUnit.MILLISECONDS)

    def is_public(self) -> bool:
        """True when the app exposes anything through the Fly proxy."""
        if self.http_service is not None:
            return True
        for _, svc in self.services():
            ports = svc.get("ports")
            if ports:
                return True
        return False


def parse_fly_config(source: SourceFile) -> FlyConfig:
    """Parse ``source`` by the format flyctl would pick; raise :class:`ParseError` on bad input."""
    name = source.path.replace("\\", "/").rsplit("/", 1)[-1]
    fmt = format_of(name)
    env = environment_of(name)
    if fmt == "toml":
        import tomllib

        try:
            data = tomllib.loads(source.text)
        except tomllib.TOMLDecodeError as exc:
            msg = str(exc)
            m = _TOML_ERROR_POS.search(msg)
            if m:
                line, col = int(m.group(1)), int(m.group(2))
            else:
                line = source.line_count
                col = len(source.line_text(line)) + 1
            clean = _TOML_ERROR_POS.sub("", _TOML_ERROR_EOF.sub("", msg)).strip()
            raise ParseError(f"invalid TOML: {clean}", line, col) from None
        except ValueError as exc:
            raise number_too_long(source, "TOML", exc) from None
        return FlyConfig(source, data, None, fmt, env)
    from flylint.linter.parsers.yaml_positions import YamlError, compose, construct, index_nodes

    if fmt == "json":
        import json

        try:
            data = json.loads(source.text)
        except json.JSONDecodeError as exc:
            raise ParseError(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
        except ValueError as exc:
            raise number_too_long(source, "JSON", exc) from None
        try:
            index = index_nodes(compose(source.text), source.text)
        except YamlError:
            index = TomlIndex()
    else:
        try:
            node = compose(source.text)
            data = construct(node) if node is not None else {}
        except YamlError as exc:
            raise ParseError(f"invalid YAML: {exc.message}", exc.line, exc.column) from None
        index = index_nodes(node, source.text)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ParseError(f"the top level of a fly config must be a table, not {type(data).__name__}")
    return FlyConfig(source, data, index, fmt, env)
