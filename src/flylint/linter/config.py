"""Configuration: ``[tool.flylint]`` in pyproject.toml, or ``flylint.toml`` / ``.flylint.toml``.

Lookup (:class:`ConfigResolver`), like ruff: ``--config FILE`` applies to every file when
given; otherwise each file uses the nearest of those files at or above its own directory, so
``api/flylint.toml`` governs ``api/`` whatever path the run was started with and in whatever
order paths are named. The nearest config wins whole (settings are not merged with a config
further up). The walk up stops at the repository root, the nearest directory holding ``.git``;
outside a repository it stops at the path being checked (or the working directory when that
path is inside it), so a ``flylint.toml`` planted in a shared directory such as ``/tmp`` above
a checkout never applies. Command-line options (``--select``, ``--ignore``, ``--fail-on`` …)
override the same keys of every config. Keys (kebab-case; snake_case is accepted too):

- ``select``, ``extend-select``, ``ignore``, ``extend-ignore``: rule codes, code prefixes
  (``FLY``, ``DKR0``), rule names (``https-not-forced``) or ``ALL``.
- ``per-file-ignores``: table of glob -> list of codes, globs relative to the config file.
- ``respect-gitignore`` (default ``true``): inside a git repository, skip what ``.gitignore``
  files and ``.git/info/exclude`` ignore (see :mod:`flylint.linter.gitignore`).
- ``force-exclude`` (default ``false``): apply the excludes (and the ignore files) to paths
  named on the command line as well; the pre-commit hooks turn it on.
- ``no-files``: ``error`` (default: exit status 2), ``warn`` or ``ignore`` when a run finds no
  file to check (an empty folder, ``flylint check server.js``).
- ``exclude``, ``extend-exclude``: globs of paths to skip while walking directories (on top
  of ``.git``, ``node_modules``, virtualenvs and caches, which are always skipped).
- ``fail-on``: ``error`` | ``warning`` | ``info`` | ``never`` (default ``warning``).
- ``severity``: table of code -> ``error`` | ``warning`` | ``info``.
- ``baseline``: path of a baseline file.
- ``[detect]``: settings for ``flylint detect`` (validated by that command).

Any other key, or a code that matches no rule, is a :class:`ConfigError` (exit status 2).
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

from flylint.base.glob import fnmatchcase
from flylint.base.records import field, record
from flylint.linter.model import Severity

MAX_CONFIG_BYTES = 1024 * 1024  # flylint.toml, pyproject.toml: larger is refused with an error
NO_FILES_CHOICES = ("error", "warn", "ignore")
CONFIG_FILES = ("flylint.toml", ".flylint.toml", "pyproject.toml")
KNOWN_KEYS = frozenset({
    "select", "extend-select", "ignore", "extend-ignore", "per-file-ignores", "exclude",
    "extend-exclude", "fail-on", "severity", "baseline", "detect", "respect-gitignore", "force-exclude",
    "no-files",
})
# Always skipped while walking directories (virtualenvs are also recognised by pyvenv.cfg):
# version control, dependencies, caches, build outputs (``build/lib*`` and ``build/bdist.*``
# too, see :func:`_build_output`) and installed Agent Skill copies (``.claude/skills/flyio``
# holds the twelve template projects, which are not the repository's own deployment).
DEFAULT_EXCLUDES = (
    ".git", ".hg", ".svn", "node_modules", ".venv", "venv", ".tox", ".nox", "__pycache__",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", ".next", ".terraform",
    "dist", "_build", "buck-out", ".eggs", "*.egg-info", "__pypackages__", ".direnv",
    ".claude", ".agents",
)


class ConfigError(Exception):
    """A configuration problem; the message names the file and the key."""


@record
class Settings:
    select: list[str] | None = None  # None = the default set (all default-enabled rules)
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    extend_exclude: list[str] = field(default_factory=list)
    fail_on: Severity | None = Severity.WARNING  # None = never fail on findings
    severity: dict[str, Severity] = field(default_factory=dict)
    baseline: str | None = None
    detect: dict[str, Any] = field(default_factory=dict)
    config_path: str | None = None
    root: str = "."  # directory of the config file (globs are relative to it)
    # --exclude / --extend-exclude: globs relative to the working directory (``cli_root``)
    cli_exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    force_exclude: bool = False
    no_files: str = "error"  # error | warn | ignore: what a run that checks no file does
    cli_root: str = "."

    # -- rule selection --------------------------------------------------------------
    def validate(self, rules: dict[str, Any]) -> None:
        """Check every code and name this configuration mentions (``ConfigError`` with a hint).

        ``select``/``ignore`` are checked by :meth:`enabled_codes`; this adds the keys of
        ``severity`` (a code or a rule name, no prefixes) and the codes of ``per-file-ignores``.
        """
        where = f"{self.config_path}: " if self.config_path else ""
        names = {m.name for m in rules.values()}
        for key in self.severity:
            if key.upper() not in rules and key.lower() not in names:
                raise ConfigError(f"{where}severity: {key!r} is not a rule code or rule name"
                                  f"{did_you_mean(key, rules)} (see `flylint rules`)")
        for pattern, codes in self.per_file_ignores.items():
            expand_selectors(codes, rules, f"per-file-ignores.{pattern!r}", self.config_path)

    def enabled_codes(self, rules: dict[str, Any]) -> set[str]:
        if self.select is None:
            enabled = {c for c, m in rules.items() if m.default_enabled}
        else:
            enabled = set(expand_selectors(self.select, rules, "select", self.config_path))
        enabled |= set(expand_selectors(self.extend_select, rules, "extend-select", self.config_path))
        enabled -= set(expand_selectors(self.ignore, rules, "ignore", self.config_path))
        return enabled

    def ignored_for(self, display_path: str, rules: dict[str, Any]) -> set[str]:
        """Codes switched off for one file by ``per-file-ignores``."""
        if not self.per_file_ignores:
            return set()
        rel = _relative_to(display_path, self.root)
        out: set[str] = set()
        for pattern, codes in self.per_file_ignores.items():
            if _glob_match(pattern, rel):
                out |= set(expand_selectors(codes, rules, f"per-file-ignores.{pattern}", self.config_path))
        return out

    def is_excluded(self, path: str) -> bool:
        """Whether a path met while walking a directory is excluded."""
        name = os.path.basename(path.rstrip("/\\"))
        if _build_output(path):
            return True
        if _Excludes.of((*DEFAULT_EXCLUDES, *self.exclude, *self.extend_exclude)).match(
                name, _relative_to(path, self.root)):
            return True
        if self.cli_exclude:
            return _Excludes.of(tuple(self.cli_exclude)).match(name, _relative_to(path, self.cli_root))
        return False


class _Excludes:
    """Exclude patterns compiled once: a pattern that is a plain name (no wildcard, no ``/``) is
    a set lookup, the others go through :func:`_glob_match` (the same answers as matching every
    pattern in turn)."""

    __slots__ = ("names", "parts", "rest")
    _cache: ClassVar[dict[tuple[str, ...], _Excludes]] = {}

    def __init__(self, patterns: tuple[str, ...]) -> None:
        names: set[str] = set()  # the pattern as written, matched against the entry's name
        parts: set[str] = set()  # cleaned, matched against each component of the relative path
        rest: list[str] = []
        for pattern in patterns:
            cleaned = pattern.strip().rstrip("/").removeprefix("./")
            if cleaned and not any(ch in pattern for ch in "*?[]\\/") and cleaned == pattern.strip().rstrip("/"):
                names.add(pattern)
                parts.add(cleaned)
            else:
                rest.append(pattern)
        self.names, self.parts, self.rest = frozenset(names), frozenset(parts), tuple(rest)

    @classmethod
    def of(cls, patterns: tuple[str, ...]) -> _Excludes:
        found = cls._cache.get(patterns)
        if found is None:
            if len(cls._cache) > 64:
                cls._cache.clear()
            found = cls._cache[patterns] = cls(patterns)
        return found

    def match(self, name: str, rel: str) -> bool:
        if name in self.names or (self.parts and not self.parts.isdisjoint(rel.split("/"))):
            return True
        return any(fnmatchcase(name, p) or _glob_match(p, rel) for p in self.rest)


def _build_output(path: str) -> bool:
    """``build/lib…`` and ``build/bdist.…``: the copies Python packaging leaves behind."""
    written = os.path.basename(path.rstrip("/\\"))
    if written not in ("", ".", "..") and not written.startswith(("lib", "bdist.")):
        return False  # the common case, decided without making the path absolute
    parent, name = os.path.split(os.path.abspath(path))
    return os.path.basename(parent) == "build" and name.startswith(("lib", "bdist.")) and os.path.isdir(path)


def _relative_to(path: str, root: str) -> str:
    a, r = os.path.abspath(path), os.path.abspath(root)
    inside = r if r.endswith(os.sep) else r + os.sep
    if a.startswith(inside):  # the common case, without relpath's component-by-component walk
        return a[len(inside):].replace(os.sep, "/")
    try:
        rel = os.path.relpath(a, r)
    except ValueError:
        rel = path
    return rel.replace(os.sep, "/")


def _glob_match(pattern: str, rel: str) -> bool:
    pattern = pattern.strip().rstrip("/")
    pattern = pattern.removeprefix("./")
    if fnmatchcase(rel, pattern):
        return True
    if "/" not in pattern:  # bare name: match any component or the file name
        return any(fnmatchcase(part, pattern) for part in rel.split("/"))
    if pattern.startswith("**/"):
        return fnmatchcase(rel, pattern[3:]) or fnmatchcase(rel, pattern)
    # a directory pattern matches everything below it
    return rel.startswith(pattern + "/")


def expand_selectors(selectors: list[str], rules: dict[str, Any], key: str, path: str | None) -> list[str]:
    """Turn codes, prefixes, names and ``ALL`` into rule codes; unknown entries are errors."""
    out: list[str] = []
    for raw in selectors:
        sel = str(raw).strip()
        if sel.upper() == "ALL":
            out.extend(rules)
            continue
        upper = sel.upper()
        matched = [c for c in rules if c == upper] or [c for c in rules if c.startswith(upper) and upper[:2].isalpha()]
        if not matched:
            matched = [c for c, m in rules.items() if m.name == sel.lower()]
        if not matched:
            where = f"{path}: " if path else ""
            raise ConfigError(f"{where}{key}: {sel!r} is not a rule code, code prefix or rule name"
                              f"{did_you_mean(sel, rules)} (see `flylint rules`)")
        out.extend(matched)
    return out


def did_you_mean(value: str, rules: dict[str, Any]) -> str:
    """`` (did you mean 'X'?)`` with the rule code or name closest to ``value``, or ``''``."""
    from difflib import get_close_matches

    text = str(value).strip()
    if text[:1].isalpha() and any(ch.isdigit() for ch in text):
        pool = list(rules)
        text = text.upper()
    else:
        pool = [m.name for m in rules.values()]
        text = text.lower()
    hint = get_close_matches(text, pool, n=1, cutoff=0.6)
    return f" (did you mean {hint[0]!r}?)" if hint else ""


def _norm_key(key: str) -> str:
    return key.replace("_", "-")


def _str_list(value: Any, key: str, path: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {key} must be a list of strings")
    return list(value)


def settings_from_table(table: dict[str, Any], path: str) -> Settings:
    settings = Settings(config_path=path, root=os.path.dirname(os.path.abspath(path)))
    for raw_key, value in table.items():
        key = _norm_key(raw_key)
        if key not in KNOWN_KEYS:
            from difflib import get_close_matches

            hint = get_close_matches(key, sorted(KNOWN_KEYS), n=1)
            more = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise ConfigError(f"{path}: unknown configuration key {raw_key!r}{more}")
        if key == "select":
            settings.select = _str_list(value, key, path)
        elif key == "extend-select":
            settings.extend_select = _str_list(value, key, path)
        elif key in ("ignore", "extend-ignore"):
            settings.ignore += _str_list(value, key, path)
        elif key in ("respect-gitignore", "force-exclude"):
            if not isinstance(value, bool):
                raise ConfigError(f"{path}: {raw_key} must be true or false, not {value!r}")
            setattr(settings, key.replace("-", "_"), value)
        elif key == "no-files":
            if value not in NO_FILES_CHOICES:
                raise ConfigError(f"{path}: {raw_key} must be one of {', '.join(NO_FILES_CHOICES)}, not {value!r}")
            settings.no_files = value
        elif key == "exclude":
            settings.exclude = _str_list(value, key, path)
        elif key == "extend-exclude":
            settings.extend_exclude = _str_list(value, key, path)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: per-file-ignores must be a table of glob = [codes]")
            settings.per_file_ignores = {str(k): _str_list(v, f"per-file-ignores.{k}", path) for k, v in value.items()}
        elif key == "fail-on":
            settings.fail_on = parse_fail_on(value, f"{path}: fail-on")
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: severity must be a table of CODE = \"error|warning|info\"")
            for code, sev in value.items():
                try:
                    key = str(code).strip()
                    settings.severity[key.upper() if key[:1].isalpha() and any(c.isdigit() for c in key)
                                      else key.lower()] = Severity.parse(str(sev))
                except ValueError as exc:
                    raise ConfigError(f"{path}: severity.{code}: {exc}") from None
        elif key == "baseline":
            if not isinstance(value, str):
                raise ConfigError(f"{path}: baseline must be a path string")
            settings.baseline = os.path.join(settings.root, value)
        elif key == "detect":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: detect must be a table")
            settings.detect = value
    return settings


def parse_fail_on(value: Any, where: str) -> Severity | None:
    text = str(value).strip().lower()
    if text in ("never", "none", "off"):
        return None
    try:
        return Severity.parse(text)
    except ValueError:
        raise ConfigError(f"{where}: expected error, warning, info or never, not {value!r}") from None


def _read_toml(path: str) -> dict[str, Any]:
    import tomllib

    from flylint.base.files import read_limited

    try:
        data, _ = read_limited(path, MAX_CONFIG_BYTES)
        return tomllib.loads(data.decode("utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not valid UTF-8 (byte {exc.start})") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply to read") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def load_config_file(path: str) -> Settings:
    data = _read_toml(path)
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("flylint", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.flylint] must be a table")
    else:
        table = data
    return settings_from_table(table, path)


def _has_flylint_table(pyproject: str) -> bool:
    from flylint.base.files import read_limited

    try:
        head, _ = read_limited(pyproject, MAX_CONFIG_BYTES)
    except OSError:
        return False
    return b"tool.flylint" in head


def config_in(directory: str) -> str | None:
    """The config file of ``directory`` itself (``flylint.toml`` before ``.flylint.toml`` before
    a ``pyproject.toml`` with a ``[tool.flylint]`` table), or ``None``."""
    for name in CONFIG_FILES:
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate):
            if name == "pyproject.toml" and not _has_flylint_table(candidate):
                continue
            return candidate
    return None


def repository_root(directory: str, known: dict[str, str | None] | None = None) -> str | None:
    """The nearest directory at or above ``directory`` holding ``.git`` (a repository or a
    worktree), or ``None`` outside any repository. ``known`` (directory -> answer) is asked
    and filled on the way up, so a walk through a tree looks at each directory once."""
    d = os.path.abspath(directory)
    passed: list[str] = []
    found: str | None = None
    while True:
        if known is not None and d in known:
            found = known[d]
            break
        if os.path.exists(os.path.join(d, ".git")):
            found = d
            break
        passed.append(d)
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    if known is not None:
        for below in passed:
            known[below] = found
    return found


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


@record
class Overrides:
    """Command-line options that override the same keys of every configuration file."""

    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: Severity | None = None
    set_fail_on: bool = False  # fail_on was given (None then means ``never``)
    baseline: str | None = None  # relative to the working directory
    no_baseline: bool = False
    exclude: list[str] | None = None  # replaces the configs' exclude
    extend_exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool | None = None
    force_exclude: bool | None = None

    def apply(self, settings: Settings) -> Settings:
        from flylint.base.records import replace

        out = replace(settings, extend_select=list(settings.extend_select), ignore=list(settings.ignore))
        if self.select is not None:
            out.select = list(self.select)
        out.extend_select += self.extend_select
        out.ignore += self.ignore
        if self.set_fail_on:
            out.fail_on = self.fail_on
        if self.no_baseline:
            out.baseline = None
        elif self.baseline:
            out.baseline = os.path.abspath(self.baseline)
        if self.exclude is not None:
            out.exclude = []
            out.extend_exclude = []
            out.cli_exclude = list(self.exclude)
        out.cli_exclude = list(out.cli_exclude) + self.extend_exclude
        if self.respect_gitignore is not None:
            out.respect_gitignore = self.respect_gitignore
        if self.force_exclude is not None:
            out.force_exclude = self.force_exclude
        out.cli_root = os.getcwd()
        return out


class ConfigResolver:
    """The settings of each file or directory: ``--config``, or the nearest configuration file
    at or above it within the repository (see the module docstring), with ``overrides``."""

    def __init__(self, *, overrides: Overrides | None = None, config: str | None = None,
                 no_config: bool = False, paths: list[str] | tuple[str, ...] = (),
                 fixed: Settings | None = None) -> None:
        self.overrides = overrides or Overrides()
        self._fixed: Settings | None = fixed
        self._settings: dict[str | None, Settings] = {}
        self._nearest_of: dict[str, str | None] = {}
        self._of_path: dict[str, Settings] = {}  # for_path, by absolute path
        self._repos: dict[str, str | None] = {}  # directory -> its repository root (repository_root)
        cwd = os.getcwd()
        stops = {cwd}
        for p in paths or ["."]:
            a = os.path.abspath(p)
            stops.add(a if os.path.isdir(a) else os.path.dirname(a))
        self._stops = sorted(stops, key=len)  # the highest first
        if fixed is None and no_config:
            self._fixed = self.overrides.apply(Settings())
        elif fixed is None and config is not None:
            if not os.path.isfile(config):
                raise ConfigError(f"{config}: configuration file not found")
            self._fixed = self.overrides.apply(load_config_file(config))
        if self._fixed is not None and self._fixed.config_path:
            self._settings[self._fixed.config_path] = self._fixed

    @classmethod
    def single(cls, settings: Settings) -> ConfigResolver:
        """A resolver that gives ``settings`` to every path."""
        return cls(fixed=settings)

    @property
    def base(self) -> Settings:
        """The settings of the working directory (run-wide choices)."""
        return self.for_path(os.getcwd())

    def config_files(self) -> list[str]:
        """Every configuration file that applied to a path asked about so far."""
        return sorted(k for k in self._settings if k is not None)

    def config_for(self, path: str) -> str | None:
        """The configuration file that applies to ``path`` (``None``: the defaults)."""
        return self.for_path(path).config_path

    def for_path(self, path: str) -> Settings:
        if self._fixed is not None:
            return self._fixed
        a = os.path.abspath(path)
        known = self._of_path.get(a)
        if known is not None:  # the engine asks for a file again and again: no stat each time
            return known
        d = a if os.path.isdir(a) else os.path.dirname(a)
        found = self._nearest(d)
        settings = self._settings.get(found)
        if settings is None:
            base = load_config_file(found) if found is not None else Settings()
            settings = self._settings[found] = self.overrides.apply(base)
        if len(self._of_path) > 100_000:
            self._of_path.clear()
        self._of_path[a] = settings
        return settings

    def boundary(self, directory: str) -> str:
        """The highest directory whose files may affect ``directory``: its repository root, or
        outside a repository the checked path (or the working directory) holding it."""
        repo = repository_root(directory, self._repos)
        if repo is not None:
            return repo
        for stop in self._stops:
            if _within(directory, stop):
                return stop
        return directory

    def _nearest(self, directory: str) -> str | None:
        if directory in self._nearest_of:
            return self._nearest_of[directory]
        stop = self.boundary(directory)
        chain: list[str] = []
        d = directory
        found: str | None = None
        while True:
            if d in self._nearest_of:
                found = self._nearest_of[d]
                break
            chain.append(d)
            found = config_in(d)
            if found is not None or d == stop:
                break
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent
        for c in chain:
            self._nearest_of[c] = found
        return found


def load_settings(paths: list[str], config: str | None = None, no_config: bool = False) -> Settings:
    """The settings of the first of ``paths`` (for commands that take one configuration)."""
    return ConfigResolver(config=config, no_config=no_config, paths=paths).for_path((paths or ["."])[0])
