"""Start-up cache: flylint's bytecode, generated ``__init__`` code and compiled patterns in one file.

A single-project run is mostly start-up. Importing ~200 small modules the usual way costs a
path search, two or three system calls and a bytecode file per module; the ~45 ``@record``
classes each compile a generated ``__init__``; ~100 regular expressions are compiled by the
pure-Python ``re`` compiler. The command line (``flylint`` and ``python -m flylint``, not
library use or in-process tests) therefore keeps all three in one file and reuses them:

- **Modules.** A meta-path finder serves ``flylint.*`` modules (not packages) from the cached
  code objects. Each one is checked against its source file's modification time and size, as
  Python checks a ``.pyc``; a changed, new or missing module is imported the normal way and the
  cache is rewritten at the end of the run.
- **Generated code** (:func:`compile_source`): keyed by the exact source text.
- **Patterns**: for the run, ``re``'s internal compile function is wrapped so that every
  ``re.compile``/``re.search``/… of a pattern written in code (flylint's, and those of tomllib,
  PyYAML and detect-secrets) is rebuilt from the cached output of the regex compiler, keyed by
  pattern and flags. Patterns built at run time (from a ``.dockerignore``, a config glob, a
  script's variable names) are compiled as usual and never stored, so nothing from a user's
  files reaches the cache. A pattern is cached only after the object rebuilt from the
  compiler's output compared equal (flags, code, groups) to the one ``re`` compiled.

The file lives beside the bytecode (``flylint/__pycache__/startup.<tag>.cache``, or under
``sys.pycache_prefix``; in ``$XDG_CACHE_HOME/flylint/`` or ``~/.cache/flylint/`` when that place
is read-only, as in a system-wide install) and records the Python version, the bytecode magic number, the regex
engine version and the package directory; if any differs the file is ignored and rebuilt. It
is never written when Python would not write bytecode (``-B``, ``PYTHONDONTWRITEBYTECODE``) and
is replaced atomically. Any problem reading or writing it means running without it, and
``FLYLINT_STARTUP_CACHE=0`` turns it off (to measure or rule it out).
"""

from __future__ import annotations

import marshal
import os
import sys
from types import CodeType
from typing import Any

_FORMAT = 2
_MAX_PATTERNS = 2000  # a bound, far above the ~300 patterns flylint and its libraries use
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # …/flylint
_PREFIX = "flylint."

_active: _StartCache | None = None


def _key() -> tuple[Any, ...] | None:
    bootstrap = sys.modules.get("_frozen_importlib_external")
    magic = getattr(bootstrap, "MAGIC_NUMBER", None)
    try:
        import _sre
    except ImportError:  # not CPython's regex engine
        return None
    if magic is None or not sys.implementation.cache_tag:
        return None
    return (_FORMAT, sys.version, magic, _sre.MAGIC, _PACKAGE_DIR)


def cache_path() -> str:
    """Beside flylint's bytecode; in the user's cache directory when that place is read-only."""
    name = f"startup.{sys.implementation.cache_tag}.cache"
    if sys.pycache_prefix:
        primary = os.path.join(sys.pycache_prefix, _PACKAGE_DIR.lstrip(os.sep), name)
    else:
        primary = os.path.join(_PACKAGE_DIR, "__pycache__", name)
    if os.path.exists(primary) or _writable(os.path.dirname(primary)):
        return primary
    return _user_cache_path(name) or primary


def _user_cache_path(name: str) -> str | None:
    """``$XDG_CACHE_HOME/flylint/`` (default ``~/.cache``), one file per installed package dir."""
    import zlib

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):
        return None
    tag = f"{zlib.crc32(_PACKAGE_DIR.encode('utf-8', 'surrogateescape')):08x}"
    return os.path.join(base, "flylint", f"{tag}-{name}")


class _StartCache:
    def __init__(self, path: str, key: tuple[Any, ...]) -> None:
        self.path = path
        self.key = key
        # module name -> (path relative to the package dir, mtime_ns, size, code). The code is a
        # code object for the modules the last writing run imported ("hot": one marshal blob for
        # all of them shares their names and constants, which loads faster than one blob each)
        # and marshalled bytes for the others ("cold": loaded only when imported).
        self.modules: dict[str, tuple[str, int, int, CodeType | bytes]] = {}
        self.sources: dict[str, CodeType] = {}
        self.patterns: dict[tuple[str, int], tuple[Any, ...]] = {}
        self.served: set[str] = set()
        self.dirty = False

    def load(self) -> None:
        try:
            with open(self.path, "rb") as fh:
                data = marshal.loads(fh.read())
        except (OSError, ValueError, EOFError, TypeError):
            return
        if not isinstance(data, tuple) or len(data) != 4 or data[0] != self.key:
            return
        self.modules, self.sources, self.patterns = data[1], data[2], data[3]

    def save(self) -> None:
        if sys.dont_write_bytecode or not _writable(os.path.dirname(self.path)):
            return  # e.g. a system-wide install: do not redo the work of a write on every run
        if not self._add_imported_modules() and not self.dirty and not self._tiers_out_of_date():
            return
        for name in [n for n, entry in self.modules.items() if n not in sys.modules and self._fresh(entry) is None]:
            del self.modules[name]  # a module that was changed or removed and not imported since
        for name, (rel, mtime, size, code) in list(self.modules.items()):
            hot = name in sys.modules
            if hot and isinstance(code, bytes):
                self.modules[name] = (rel, mtime, size, marshal.loads(code))
            elif not hot and isinstance(code, CodeType):
                self.modules[name] = (rel, mtime, size, marshal.dumps(code))
        try:
            payload = marshal.dumps((self.key, self.modules, self.sources, self.patterns))
        except ValueError:  # something that marshal cannot store slipped in: keep running without a cache
            return
        tmp = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(tmp, "wb") as fh:
                fh.write(payload)
            os.replace(tmp, self.path)
        except OSError:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        self.dirty = False

    def _tiers_out_of_date(self) -> bool:
        """Whether this run imported cold modules, or left many hot ones unused (see ``modules``)."""
        unused = 0
        for name, entry in self.modules.items():
            hot = isinstance(entry[3], CodeType)
            if name in self.served and not hot:
                return True
            unused += hot and name not in sys.modules
        return unused * 8 > len(self.served)

    def _add_imported_modules(self) -> bool:
        """Cache the code of the flylint modules this run imported from source; True if any was new."""
        added = False
        for name, module in list(sys.modules.items()):
            if not name.startswith(_PREFIX) or name in self.served or hasattr(module, "__path__"):
                continue
            source = getattr(module, "__file__", None)
            if not isinstance(source, str) or not source.endswith(".py") or not source.startswith(_PACKAGE_DIR):
                continue
            old = self.modules.get(name)
            if old is not None and self._fresh(old) is not None:
                continue  # imported before the finder was installed, and already cached
            entry = _read_code(module, source)
            if entry is not None:
                mtime, size, code = entry
                self.modules[name] = (source[len(_PACKAGE_DIR):], mtime, size, code)
                added = True
        return added

    @staticmethod
    def _fresh(entry: tuple[str, int, int, CodeType | bytes]) -> str | None:
        """The source path of a cache entry if the file still has its modification time and size."""
        rel, mtime, size, _ = entry
        origin = _PACKAGE_DIR + rel
        try:
            st = os.stat(origin)
        except OSError:
            return None
        return origin if st.st_mtime_ns == mtime and st.st_size == size else None

    # -- the meta-path finder and loader ------------------------------------------------------

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        entry = self.modules.get(name) if name.startswith(_PREFIX) else None
        if entry is None:
            return None  # not cached yet (or a package): the normal import; save() adds modules
        origin = self._fresh(entry)
        if origin is None:
            del self.modules[name]
            self.dirty = True
            return None
        spec = sys.modules["_frozen_importlib"].ModuleSpec(name, self, origin=origin)
        spec.has_location = True
        return spec

    def create_module(self, spec: Any) -> None:
        return None

    def exec_module(self, module: Any) -> None:
        code = self.modules[module.__name__][3]
        if isinstance(code, bytes):
            code = marshal.loads(code)
        self.served.add(module.__name__)
        exec(code, module.__dict__)  # noqa: S102 - flylint's own bytecode, checked against its source


def _writable(directory: str) -> bool:
    """Whether ``directory`` (or, when missing, the nearest existing parent) can take a new file."""
    while directory and not os.path.isdir(directory):
        parent = os.path.dirname(directory)
        if parent == directory:
            return False
        directory = parent
    return bool(directory) and os.access(directory, os.W_OK)


def _read_code(module: Any, source: str) -> tuple[int, int, CodeType] | None:
    """(mtime_ns, size, code) of a module imported from ``source``, from the loader that imported it.

    The loader reads the ``.pyc`` it validated on import (or compiles the source), so the code
    matches the file as stamped here or the next run finds the entry stale and imports anew.
    """
    loader = getattr(getattr(module, "__spec__", None), "loader", None)
    try:
        st = os.stat(source)
        code = loader.get_code(module.__name__) if loader is not None else None
    except (OSError, ImportError, SyntaxError, ValueError, AttributeError):
        return None
    return (st.st_mtime_ns, st.st_size, code) if isinstance(code, CodeType) else None


def install() -> None:
    """Serve flylint's modules, generated code and patterns from the cache (command line only)."""
    global _active
    if _active is not None or os.environ.get("FLYLINT_STARTUP_CACHE", "1") == "0":
        return
    key = _key()
    if key is None:
        return
    cache = _StartCache(cache_path(), key)
    cache.load()
    _active = cache
    sys.meta_path.insert(0, cache)
    _install_pattern_cache(cache)


def save() -> None:
    """Write the cache if this run added to it (and Python may write bytecode)."""
    if _active is not None:
        try:
            _active.save()
        except Exception:  # noqa: BLE001 - the cache must never fail a run; the next run rebuilds it
            pass


def uninstall() -> None:
    global _active
    if _active is not None and _active in sys.meta_path:
        sys.meta_path.remove(_active)
        _uninstall_pattern_cache()
    _active = None


def compile_source(source: str) -> CodeType:
    """``compile(source, "<string>", "exec")``, reused across runs when the cache is active."""
    cache = _active
    if cache is not None:
        code = cache.sources.get(source)
        if code is not None:
            return code
    code = compile(source, "<string>", "exec")
    if cache is not None:
        cache.sources[source] = code
        cache.dirty = True
    return code


def _install_pattern_cache(cache: _StartCache) -> None:
    """Put the cache in front of ``re``'s own (in-memory) pattern cache for this process."""
    import re

    original = getattr(re, "_compile", None)
    if original is None or getattr(original, "__code__", None) is None or original.__code__.co_argcount != 2:
        return  # not the re module this was written for
    memo: dict[tuple[Any, ...], Any] = {}

    def compile_cached(pattern: Any, flags: Any) -> Any:
        key = (type(pattern), pattern, flags)
        try:
            return memo[key]
        except (KeyError, TypeError):
            pass
        if type(pattern) is not str or not isinstance(flags, int) or flags & re.DEBUG:
            return original(pattern, flags)
        try:
            caller = sys._getframe(2)  # compile_cached <- re.compile/re.search/… <- the caller
        except ValueError:
            caller = None
        if caller is None or not _written_in_code(pattern, caller):
            compiled = original(pattern, flags)  # built at run time, maybe from a user's file: not kept
        else:
            compiled = _from_cache(cache, pattern, int(flags), original)
        if len(memo) < 4096:
            memo[key] = compiled
        return compiled

    compile_cached.__wrapped__ = original  # type: ignore[attr-defined]
    re._compile = compile_cached  # type: ignore[attr-defined]


def _written_in_code(pattern: str, caller: Any) -> bool:
    """Whether ``pattern`` is a constant of the code that compiles it (directly or through ``lazy``).

    Only such patterns are kept across runs. Patterns built at run time (a ``.dockerignore`` or
    config glob turned into a regex, a variable name from a script spliced into one) would make
    the cache grow with every project linted and would copy text from users' files into it.
    """
    code = caller.f_code
    if pattern in code.co_consts:
        return True
    # LazyPattern.compiled(): lazy() is for module-level patterns written in flylint's code
    return code.co_name == "compiled" and caller.f_globals.get("__name__") == "flylint.linter.lazyre"


def _uninstall_pattern_cache() -> None:
    import re

    original = getattr(re._compile, "__wrapped__", None)  # type: ignore[attr-defined]
    if original is not None:
        re._compile = original  # type: ignore[attr-defined]


def _from_cache(cache: _StartCache, pattern: str, flags: int, original: Any) -> Any:
    """The compiled pattern, rebuilt from cached compiler output when there is some."""
    args = cache.patterns.get((pattern, flags))
    if args is not None:
        try:
            import _sre

            return _sre.compile(pattern, *args)
        except Exception:  # noqa: BLE001 - a foreign entry: forget it and compile normally
            del cache.patterns[(pattern, flags)]
            cache.dirty = True
    compiled = original(pattern, flags)
    args = _compiler_output(pattern, flags, compiled) if len(cache.patterns) < _MAX_PATTERNS else None
    if args is not None:
        cache.patterns[(pattern, flags)] = args
        cache.dirty = True
    return compiled


def _compiler_output(pattern: str, flags: int, reference: Any) -> tuple[Any, ...] | None:
    """The arguments ``re`` passes to ``_sre.compile`` for ``pattern``, if they rebuild ``reference``."""
    try:
        import _sre
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for group, index in groupindex.items():
            indexgroup[index] = group
        args = (int(flags | parsed.state.flags), [int(c) for c in code], int(parsed.state.groups - 1),
                {str(k): int(v) for k, v in groupindex.items()}, tuple(indexgroup))
        rebuilt = _sre.compile(pattern, *args)
    except Exception:  # noqa: BLE001 - another Python's internals: do not cache
        return None
    if rebuilt == reference and rebuilt.groupindex == reference.groupindex and rebuilt.groups == reference.groups:
        return args
    return None
