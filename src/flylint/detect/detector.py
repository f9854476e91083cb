"""Is this a Fly.io project? A confidence score from independent signals.

Each *signal* is a kind of evidence; it counts once however many files show it:

============================  ======  ====================================================
signal                        weight  found when
============================  ======  ====================================================
``fly_toml``                  0.7     a fly config (``fly.toml``, ``fly.<env>.toml``,
                                      ``<env>.fly.toml``, ``fly.json``, ``fly.yaml`` …); a
                                      complete one counts fully, others count for less
``fly_cli``                   0.3     a ``*.sh``/``*.bash`` script runs ``fly``/``flyctl``
                                      ``deploy``, ``launch`` or ``scale`` (comments, strings
                                      and here-documents do not count)
``fly_domain``                0.2     a ``*.toml``/``*.yaml``/``*.yml``/``*.json``/``*.env``/
                                      ``.env``/``.env.*`` file (fly configs excepted) mentions
                                      ``.fly.dev``, ``.fly.io`` or ``FLY_APP_NAME``
``dockerfile_flyio``          0.1     a Dockerfile has the ``# syntax = docker/dockerfile:1``
                                      line (any spacing) or mentions ``flyctl``
============================  ======  ====================================================

How much a fly config counts (its *factor*): 1.0 when it is valid and names an ``app`` and a
service configuration (``[http_service]``, ``[[services]]`` or ``[processes]``); 0.5 when it is
valid but lacks either (flyctl accepts it: the app can come from ``--app``, a worker needs no
service); 0.2 when it cannot be parsed (flyctl refuses it, so only its name is evidence).

``confidence = min(1, sum of weight × factor of the signals found + boost)``, where the boost
(0.1) is added when at least ``boost-min-signals`` (3) signals are found; the sum is rounded
to two decimals before it is compared with the threshold (0.7). All of this can be changed in
the ``[detect]`` table of the configuration (see :func:`detect_config` and ``docs/detect.md``),
which is also where custom signals are declared.

Walking is bounded: excluded directories (``.git``, ``node_modules``, virtualenvs … and the
configured ``exclude``) are skipped, symbolic links to directories are not followed, a linked
file is read only when it points inside the tree, only files whose name can produce a signal
are opened, files over ``max-file-bytes`` are skipped, at most ``max-files`` files are read per
project, and a project looks ``max-depth`` directory levels below its root.

This module is pure logic (no printing); ``detect_cli.py`` is the command.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable
from typing import Any

from flylint.base.glob import fnmatchcase
from flylint.base.records import field, record
from flylint.linter.config import ConfigError, Settings

BUILTIN_WEIGHTS: dict[str, float] = {
    "fly_toml": 0.7,
    "fly_cli": 0.3,
    "fly_domain": 0.2,
    "dockerfile_flyio": 0.1,
}
BUILTIN_DESCRIPTIONS: dict[str, str] = {
    "fly_toml": "a fly config with an app name and a service configuration",
    "fly_cli": "a shell script that runs fly/flyctl deploy, launch or scale",
    "fly_domain": "a config or env file that mentions .fly.dev, .fly.io or FLY_APP_NAME",
    "dockerfile_flyio": "a Dockerfile with the docker/dockerfile:1 syntax line or mentioning flyctl",
}
DEFAULT_THRESHOLD = 0.7
DEFAULT_BOOST = 0.1
DEFAULT_BOOST_MIN_SIGNALS = 3
DEFAULT_MAX_DEPTH = 3
DEFAULT_MAX_FILES = 2000
DEFAULT_MAX_FILE_BYTES = 1024 * 1024
RECURSIVE_MAX_DEPTH = 12  # how deep ``--recursive`` looks for project roots

FACTOR_COMPLETE = 1.0
FACTOR_PARTIAL = 0.5
FACTOR_INVALID = 0.2

DETECT_KEYS = ("threshold", "boost", "boost-min-signals", "max-depth", "max-files", "max-file-bytes", "signals")
CUSTOM_SIGNAL_KEYS = ("weight", "files", "file-pattern", "patterns", "regex", "description")
_SIGNAL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")

_SHELL_EXT = (".sh", ".bash")
_DOMAIN_EXT = (".toml", ".yaml", ".yml", ".json", ".env")
_LOCK_FILES = frozenset({"package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "composer.lock",
                         "deno.lock", "bun.lock"})
_DOMAIN = re.compile(rb"(?i:\.fly\.(?:dev|io))(?![A-Za-z0-9\-])|\bFLY_APP_NAME\b")
_HOST_CHARS = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")
_SYNTAX = re.compile(
    rb"(?im)^[ \t]*#[ \t]*syntax[ \t]*=[ \t]*(?:docker\.io/)?docker/dockerfile:1(?:\.[0-9]+)*(?:-labs)?[ \t]*\r?$"
)
_FLYCTL = re.compile(rb"(?i)flyctl")
_FLY_SUBCOMMANDS = frozenset({"deploy", "launch", "scale"})
_VALUE_FLAGS = frozenset({"-a", "--app", "-c", "--config", "-t", "--access-token", "-o", "--org"})
_TOP_APP = re.compile(r"(?m)^[ \t]*(?:app|\"app\"|'app')[ \t]*=")
_HEADER = re.compile(r"(?m)^[ \t]*\[")


# -- configuration ---------------------------------------------------------------------------
@record(frozen=True)
class SignalSpec:
    name: str
    weight: float
    builtin: bool
    description: str = ""
    files: tuple[str, ...] = ()  # custom: globs (a name glob, or a path glob when it has a '/')
    patterns: tuple[str, ...] = ()  # custom: literal substrings, or regexes when ``regex``
    regex: bool = False
    compiled: tuple[Any, ...] = ()  # re (literals) or re2 (regexes) patterns with .search


@record(frozen=True)
class DetectConfig:
    signals: tuple[SignalSpec, ...]
    threshold: float = DEFAULT_THRESHOLD
    boost: float = DEFAULT_BOOST
    boost_min_signals: int = DEFAULT_BOOST_MIN_SIGNALS
    max_depth: int = DEFAULT_MAX_DEPTH
    max_files: int = DEFAULT_MAX_FILES
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES

    def signal(self, name: str) -> SignalSpec | None:
        return next((s for s in self.signals if s.name == name), None)

    @property
    def custom(self) -> tuple[SignalSpec, ...]:
        return tuple(s for s in self.signals if not s.builtin)


def default_config() -> DetectConfig:
    return DetectConfig(tuple(SignalSpec(n, w, True, BUILTIN_DESCRIPTIONS[n]) for n, w in BUILTIN_WEIGHTS.items()))


def _norm(key: Any) -> str:
    return str(key).replace("_", "-")


def _number(value: Any, where: str, low: float, high: float, low_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where} must be a number, not {value!r}")
    v = float(value)
    if v != v or v > high or v < low or (low_open and v == low):
        bound = f"{'>' if low_open else '>='} {low:g} and <= {high:g}"
        raise ConfigError(f"{where} must be {bound}, not {value!r}")
    return v


def _integer(value: Any, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{where} must be an integer, not {value!r}")
    if not low <= value <= high:
        raise ConfigError(f"{where} must be between {low} and {high}, not {value!r}")
    return value


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{where} must be a list of non-empty strings, not {value!r}")
    return tuple(value)


def _unknown(key: str, known: Iterable[str], where: str) -> ConfigError:
    from difflib import get_close_matches

    hint = get_close_matches(key, sorted(known), n=1)
    more = f" (did you mean {hint[0]!r}?)" if hint else ""
    return ConfigError(f"{where}: unknown key {key!r}{more}; expected one of {', '.join(known)}")


def detect_config(settings: Settings | None = None) -> DetectConfig:
    """Validate ``settings.detect`` (the raw ``[detect]`` table) into a :class:`DetectConfig`.

    Raises :class:`ConfigError` naming the configuration file and the key for an unknown key or
    an invalid value. Keys are kebab-case (snake_case accepted): ``threshold``, ``boost``,
    ``boost-min-signals``, ``max-depth``, ``max-files``, ``max-file-bytes`` and
    ``[detect.signals.NAME]`` tables.
    """
    raw = settings.detect if settings is not None else {}
    base = default_config()
    if not raw:
        return base
    src = (settings.config_path if settings is not None else None) or "configuration"
    prefix = f"{src}: detect"
    if not isinstance(raw, dict):
        raise ConfigError(f"{prefix} must be a table")
    opts: dict[str, Any] = {}
    signals: dict[str, SignalSpec] = {s.name: s for s in base.signals}
    for raw_key, value in raw.items():
        key = _norm(raw_key)
        where = f"{prefix}.{raw_key}"
        if key == "threshold":
            opts["threshold"] = _number(value, where, 0.0, 1.0, low_open=True)
        elif key == "boost":
            opts["boost"] = _number(value, where, 0.0, 1.0)
        elif key == "boost-min-signals":
            opts["boost_min_signals"] = _integer(value, where, 1, 1000)
        elif key == "max-depth":
            opts["max_depth"] = _integer(value, where, 0, 20)
        elif key == "max-files":
            opts["max_files"] = _integer(value, where, 1, 1_000_000)
        elif key == "max-file-bytes":
            opts["max_file_bytes"] = _integer(value, where, 1, 64 * 1024 * 1024)
        elif key == "signals":
            if not isinstance(value, dict):
                raise ConfigError(f"{where} must be a table of [detect.signals.NAME] tables")
            for name, table in value.items():
                spec = _signal_spec(str(name), table, f"{where}.{name}", signals.get(str(name)))
                signals[spec.name] = spec
        else:
            raise _unknown(str(raw_key), DETECT_KEYS, prefix)
    return DetectConfig(tuple(signals.values()), **opts)


def _signal_spec(name: str, table: Any, where: str, existing: SignalSpec | None) -> SignalSpec:
    if not _SIGNAL_NAME.match(name):
        raise ConfigError(f"{where}: a signal name must start with a letter and hold only letters, digits, '_' or '-'")
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table (weight, files/file-pattern, patterns)")
    keys = {_norm(k): k for k in table}
    if existing is not None and existing.builtin:
        for key, raw_key in keys.items():
            if key != "weight":
                if key in CUSTOM_SIGNAL_KEYS:
                    raise ConfigError(f"{where}.{raw_key}: {name} is a built-in signal; only its weight can be changed")
                raise _unknown(str(raw_key), ("weight",), where)
        if "weight" not in keys:
            raise ConfigError(f"{where}: set weight (0 switches the built-in signal off)")
        weight = _number(table[keys["weight"]], f"{where}.weight", 0.0, 1.0)
        return SignalSpec(name, weight, True, existing.description)
    for key, raw_key in keys.items():
        if key not in CUSTOM_SIGNAL_KEYS:
            raise _unknown(str(raw_key), CUSTOM_SIGNAL_KEYS, where)
    if "weight" not in keys:
        raise ConfigError(f"{where}: a custom signal needs a weight (0 to 1)")
    weight = _number(table[keys["weight"]], f"{where}.weight", 0.0, 1.0)
    files: tuple[str, ...] = ()
    if "files" in keys:
        files += _strings(table[keys["files"]], f"{where}.files")
    if "file-pattern" in keys:
        value = table[keys["file-pattern"]]
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{where}.file-pattern must be one non-empty glob string, not {value!r}")
        files += (value,)
    if not files:
        raise ConfigError(f"{where}: a custom signal needs files (a list of globs) or file-pattern (one glob)")
    for glob in files:
        if glob.startswith("/") or ".." in glob.split("/"):
            raise ConfigError(f"{where}: glob {glob!r} must be relative to the project root")
    patterns: tuple[str, ...] = ()
    if "patterns" in keys:
        value = table[keys["patterns"]]
        patterns = () if value == [] else _strings(value, f"{where}.patterns")
    regex = False
    if "regex" in keys:
        value = table[keys["regex"]]
        if not isinstance(value, bool):
            raise ConfigError(f"{where}.regex must be true or false, not {value!r}")
        regex = value
    description = ""
    if "description" in keys:
        value = table[keys["description"]]
        if not isinstance(value, str):
            raise ConfigError(f"{where}.description must be a string, not {value!r}")
        description = value
    compiled: list[Any] = []
    for i, pat in enumerate(patterns):
        if regex:
            compiled.append(linear_regex(pat, f"{where}.patterns[{i}]"))
        else:
            compiled.append(re.compile(re.escape(pat)))  # a literal: no quantifier, linear
    if not description:
        what = f"mentions {' or '.join(patterns)}" if patterns else "exists"
        description = f"a file matching {', '.join(files)} that {what}"
    return SignalSpec(name, weight, False, description, files, patterns, regex, tuple(compiled))


def linear_regex(pattern: str, where: str) -> Any:
    """``pattern`` compiled by RE2, which matches in time linear in the text (a Python regex such
    as ``^(a+)+$`` takes exponential time on a 41-byte file). RE2 has no backreferences or
    lookaround; ``^``/``$`` match at line ends. Needs the optional ``google-re2`` package."""
    try:
        import re2
    except ImportError:
        raise ConfigError(
            f"{where}: regex = true needs the google-re2 package, which matches in linear time (a Python "
            "regex can take exponential time on a crafted file): pip install 'flylint[re2]'; or set "
            "regex = false to match the patterns as plain text") from None
    options = re2.Options()
    options.log_errors = False  # RE2 would print its own copy of the error to stderr
    options.max_mem = 8 << 20  # a bounded automaton: huge counted repetitions are refused
    try:
        return re2.compile("(?m)" + pattern, options)
    except Exception as exc:  # re2.error
        detail = exc.args[0] if exc.args else exc
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise ConfigError(f"{where}: invalid regular expression {pattern!r}: {detail} (RE2 syntax: no "
                          "backreferences or lookaround)") from None


# -- results ---------------------------------------------------------------------------------
@record(slots=True)
class Evidence:
    path: str  # absolute
    line: int
    detail: str


@record(slots=True)
class SignalResult:
    spec: SignalSpec
    found: bool = False
    factor: float = 0.0
    evidence: Evidence | None = None
    matches: int = 0  # files that showed this signal

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def score(self) -> float:
        return round(self.spec.weight * self.factor, 4) if self.found else 0.0

    @property
    def counts(self) -> bool:
        """Found with a non-zero weight (what the boost counts)."""
        return self.found and self.spec.weight > 0


@record
class Detection:
    root: str  # absolute directory
    config: DetectConfig
    signals: list[SignalResult]
    files_read: int = 0
    files_capped: bool = False  # stopped at max-files
    skipped_large: int = 0  # files over max-file-bytes
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (absolute path, why) not read
    notes: list[str] = field(default_factory=list)

    @property
    def found(self) -> list[SignalResult]:
        return [s for s in self.signals if s.counts]

    @property
    def boost_applied(self) -> bool:
        return self.config.boost > 0 and len(self.found) >= self.config.boost_min_signals

    @property
    def confidence(self) -> float:
        total = sum(s.score for s in self.signals)
        if self.boost_applied:
            total += self.config.boost
        return round(min(1.0, total), 2)

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)

    @property
    def detected(self) -> bool:
        return self.confidence >= round(self.config.threshold, 2)


# -- walking ---------------------------------------------------------------------------------
@record(slots=True)
class _File:
    path: str
    rel: str  # relative to the walk root, '/' separators
    depth: int  # directory levels below the walk root (0 = in the root)
    roles: tuple[str, ...]
    kind: str | None = None  # discover's kind for the name (fly_toml, dockerfile …)


def _glob_hit(glob: str, name: str, rel: str, any_tail: bool = False) -> bool:
    """Does a custom signal's glob select the file? A glob without ``/`` matches the file name;
    one with ``/`` matches the path relative to the project root (``**/`` also matches at the
    root). ``any_tail``: the project root is not known yet, try every tail of ``rel``."""
    if "/" not in glob:
        return fnmatchcase(name, glob)
    tails = [rel]
    if any_tail:
        parts = rel.split("/")
        tails = ["/".join(parts[i:]) for i in range(len(parts))]
    return any(fnmatchcase(tail, glob) or (glob.startswith("**/") and fnmatchcase(tail, glob[3:]))
               for tail in tails)


def _roles(name: str, rel: str, kind: str | None, cfg: DetectConfig, active: frozenset[str],
           any_tail: bool = False) -> tuple[str, ...]:
    """The signals a file can show, judged by its name (``active``: signals with a weight)."""
    roles: list[str] = []
    lower = name.lower()
    if kind == "fly_toml":
        if "fly_toml" in active:
            roles.append("fly_toml")
    else:
        if kind == "dockerfile" and "dockerfile_flyio" in active:
            roles.append("dockerfile_flyio")
        if "fly_cli" in active and lower.endswith(_SHELL_EXT):
            roles.append("fly_cli")
        if ("fly_domain" in active and name not in _LOCK_FILES
                and (lower.endswith(_DOMAIN_EXT) or lower == ".env" or lower.startswith(".env."))):
            roles.append("fly_domain")
    for spec in cfg.custom:
        if spec.name in active and any(_glob_hit(g, name, rel, any_tail) for g in spec.files):
            roles.append(spec.name)
    return tuple(roles)


def _inside(path: str, root_real: str) -> bool:
    return path == root_real or path.startswith(root_real.rstrip(os.sep) + os.sep)


def _walk(root: str, settings: Settings, cfg: DetectConfig, max_depth: int,
          dirs_out: dict[str, list[str]] | None = None,
          errors: list[tuple[str, str]] | None = None) -> list[_File]:
    """Files under ``root`` (at most ``max_depth`` levels down) whose name can give a signal.

    ``dirs_out`` (for recursive detection) receives every visited directory's relative path
    mapped to the names of the fly configs and Dockerfiles it holds.
    """
    from flylint.linter.discover import classify_name

    active = frozenset(s.name for s in cfg.signals if s.weight > 0)
    # the always-skipped names are directories; files only need the configured excludes
    check_files = bool(settings.exclude or settings.extend_exclude)
    root_real = os.path.realpath(root)
    out: list[_File] = []
    level: list[tuple[str, str]] = [(root, "")]
    depth = 0
    while level:
        next_level: list[tuple[str, str]] = []
        for d, drel in level:
            try:
                with os.scandir(d) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                if errors is not None:
                    errors.append((d, f"cannot list the directory: {exc.strerror or type(exc).__name__}"))
                continue
            if depth and any(e.name == "pyvenv.cfg" for e in entries):
                continue  # a virtualenv
            anchors: list[str] = []
            for entry in entries:
                name = entry.name
                rel = f"{drel}/{name}" if drel else name
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if depth < max_depth and not settings.is_excluded(entry.path):
                            next_level.append((entry.path, rel))
                        continue
                    if not entry.is_file(follow_symlinks=True):
                        continue
                except OSError:
                    continue
                kind = classify_name(rel)
                roles = _roles(name, rel, kind, cfg, active, any_tail=dirs_out is not None)
                if dirs_out is not None and kind in ("fly_toml", "dockerfile"):
                    anchors.append(name)
                if not roles:
                    continue
                if entry.is_symlink() and not _inside(os.path.realpath(entry.path), root_real):
                    continue
                if check_files and settings.is_excluded(entry.path):
                    continue
                out.append(_File(entry.path, rel, depth, roles, kind))
            if dirs_out is not None:
                dirs_out[drel] = anchors
        level = next_level
        depth += 1
    return out


# -- scoring ---------------------------------------------------------------------------------
def _line_at(data: bytes | str, offset: int) -> int:
    if isinstance(data, bytes):
        return data.count(b"\n", 0, offset) + 1
    return data.count("\n", 0, offset) + 1


def _fly_config_factor(path: str, text: str) -> tuple[float, int, str]:
    """(factor, line, detail) for one fly config file."""
    from flylint.linter.parsers.fly_toml import format_of

    name = os.path.basename(path)
    fmt = format_of(name)
    data: Any
    if fmt == "toml":
        import tomllib

        try:
            data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, RecursionError) as exc:
            m = re.search(r"\(at line (\d+)", str(exc))
            where = f" (line {m.group(1)})" if m else ""
            return FACTOR_INVALID, 1, (f"{name} is not valid TOML{where}: flyctl cannot read it, "
                                      f"so it counts {FACTOR_INVALID:g} of the weight")
    else:
        from flylint.linter.parsers import ParseError
        from flylint.linter.parsers.fly_toml import parse_fly_config
        from flylint.linter.source import SourceFile

        try:
            data = parse_fly_config(SourceFile(path, text)).data
        except (ParseError, RecursionError):
            return FACTOR_INVALID, 1, (f"{name} is not valid {fmt.upper()}: flyctl cannot read it, "
                                      f"so it counts {FACTOR_INVALID:g} of the weight")
    if not isinstance(data, dict):
        data = {}
    app = data.get("app")
    services = [k for k in ("http_service", "services", "processes") if data.get(k)]
    labels = {"http_service": "[http_service]", "services": "[[services]]", "processes": "[processes]"}
    line = 1
    if fmt == "toml":
        head = _HEADER.search(text)
        m = _TOP_APP.search(text, 0, head.start() if head else len(text))
        if m:
            line = _line_at(text, m.start())
        elif services:
            hm = re.search(rf"(?m)^[ \t]*\[+[ \t]*{services[0]}[ \t]*\]", text)
            if hm:
                line = _line_at(text, hm.start())
    has_app = isinstance(app, str) and bool(app.strip())
    if has_app and services:
        return FACTOR_COMPLETE, line, f"app \"{app}\" with {', '.join(labels[s] for s in services)}"
    missing = []
    if not has_app:
        missing.append("no app name")
    if not services:
        missing.append("no [http_service], [[services]] or [processes]")
    return FACTOR_PARTIAL, line, (f"valid {'TOML' if fmt == 'toml' else fmt.upper()} but {' and '.join(missing)}: "
                                  f"counts {FACTOR_PARTIAL:g} of the weight")


def _fly_cli_hit(text: str) -> tuple[int, str] | None:
    if "fly" not in text:
        return None
    from flylint.linter.parsers.shell import tokenize

    script = tokenize(text)
    for cmd in script.commands:
        argv = cmd.effective_argv()
        if not argv or argv[0].text.rsplit("/", 1)[-1] not in ("fly", "flyctl"):
            continue
        i = 1
        while i < len(argv) and argv[i].text.startswith("-"):
            i += 2 if argv[i].text in _VALUE_FLAGS else 1
        if i < len(argv) and argv[i].text in _FLY_SUBCOMMANDS:
            prog = argv[0].text.rsplit("/", 1)[-1]
            return _line_at(text, argv[0].start), f"runs `{prog} {argv[i].text}`"
    return None


def _domain_hit(data: bytes) -> tuple[int, str] | None:
    m = _DOMAIN.search(data)
    if m is None:
        return None
    start = m.start()
    if m.group(0).startswith(b"."):  # widen to the host name: myapp.fly.dev
        limit = max(0, start - 63)
        while start > limit and data[start - 1] in _HOST_CHARS:
            start -= 1
    token = data[start:m.end()].decode("ascii", "replace").strip(".-")
    return _line_at(data, m.start()), f"mentions {token}"


def _dockerfile_hit(data: bytes) -> tuple[int, str] | None:
    m = _SYNTAX.search(data)
    if m is not None:
        return _line_at(data, m.start()), "has the \"# syntax = docker/dockerfile:1\" line that fly launch writes"
    m = _FLYCTL.search(data)
    if m is not None:
        return _line_at(data, m.start()), "mentions flyctl"
    return None


def _custom_hit(spec: SignalSpec, text: str) -> tuple[int, str] | None:
    if not spec.compiled:
        return 1, "file present"
    for pat, raw in zip(spec.compiled, spec.patterns, strict=False):
        m = pat.search(text)
        if m is not None:
            return _line_at(text, m.start()), f"matches {'/' + raw + '/' if spec.regex else repr(raw)}"
    return None


def _score(root: str, files: list[_File], cfg: DetectConfig,
           unreadable: list[tuple[str, str]] | None = None) -> Detection:
    results = {s.name: SignalResult(s) for s in cfg.signals}
    det = Detection(os.path.abspath(root), cfg, list(results.values()))
    det.unreadable.extend(unreadable or ())
    # root-level files first, fly.toml before its variants, then by path
    files = sorted(files, key=lambda f: (f.depth, f.rel.rsplit("/", 1)[-1] != "fly.toml", f.rel))
    for f in files:
        if det.files_read >= cfg.max_files:
            det.files_capped = True
            break
        from flylint.base.files import FileRefused, read_limited

        try:
            data, _ = read_limited(f.path, cfg.max_file_bytes)
        except FileRefused as exc:
            if exc.errno == errno.EFBIG:
                det.files_read += 1
                det.skipped_large += 1
            else:
                det.unreadable.append((f.path, exc.strerror or str(exc)))
            continue
        except OSError as exc:
            det.unreadable.append((f.path, exc.strerror or type(exc).__name__))
            continue
        det.files_read += 1
        text = data.decode("utf-8-sig", "replace").replace("\r\n", "\n")
        for role in f.roles:
            res = results[role]
            try:
                factor, hit = _role_hit(role, res, f.path, data, text)
            except (RecursionError, MemoryError):  # nested past what a parser can hold
                det.unreadable.append((f.path, "nested too deeply to read"))
                break
            if hit is None:
                continue
            res.matches += 1
            if not res.found or factor > res.factor:
                res.found = True
                res.factor = factor
                res.evidence = Evidence(f.path, hit[0], hit[1])
    if det.files_capped:
        det.notes.append(f"stopped after reading {cfg.max_files} files (max-files): the score may be incomplete")
    if det.skipped_large:
        det.notes.append(f"skipped {det.skipped_large} file(s) larger than {cfg.max_file_bytes} bytes (max-file-bytes)")
    _note_unreadable(det)
    return det


def _role_hit(role: str, res: SignalResult, path: str, data: bytes, text: str
              ) -> tuple[float, tuple[int, str] | None]:
    """(factor, (line, detail) or ``None``) of one signal on one file."""
    if role == "fly_toml":
        factor, line, detail = _fly_config_factor(path, text)
        return factor, (line, detail)
    if role == "fly_cli":
        return FACTOR_COMPLETE, _fly_cli_hit(text)
    if role == "fly_domain":
        return FACTOR_COMPLETE, _domain_hit(data)
    if role == "dockerfile_flyio":
        return FACTOR_COMPLETE, _dockerfile_hit(data)
    return FACTOR_COMPLETE, _custom_hit(res.spec, text)


def _note_unreadable(det: Detection) -> None:
    from flylint.linter.source import display_path

    for path, why in det.unreadable:
        det.notes.append(f"could not read {display_path(path)} ({why}); the score leaves it out")


# -- entry points ----------------------------------------------------------------------------
def detect(path: str, settings: Settings | None = None, cfg: DetectConfig | None = None) -> Detection:
    """Score the directory ``path`` (and ``max-depth`` levels below it) as one project."""
    settings = settings if settings is not None else Settings()
    cfg = cfg if cfg is not None else detect_config(settings)
    errors: list[tuple[str, str]] = []
    files = _walk(path, settings, cfg, cfg.max_depth, errors=errors)
    return _score(path, files, cfg, errors)


def detect_recursive(path: str, settings: Settings | None = None,
                     cfg: DetectConfig | None = None) -> list[Detection]:
    """Every project under ``path``, each scored on its own files.

    Project roots are the directories that hold a fly config, plus the directories that hold
    a Dockerfile and are not inside a fly-config root (a deployable unit for some platform).
    A file belongs to the nearest root above it (and counts only within ``max-depth`` levels of
    it); files under no root form a project at ``path`` itself, listed when it shows any signal
    or when no other project was found.
    """
    settings = settings if settings is not None else Settings()
    cfg = cfg if cfg is not None else detect_config(settings)
    from flylint.linter.discover import classify_name

    active = frozenset(s.name for s in cfg.signals if s.weight > 0)
    dirs: dict[str, list[str]] = {}
    errors: list[tuple[str, str]] = []
    files = _walk(path, settings, cfg, RECURSIVE_MAX_DEPTH, dirs, errors)
    fly_roots = {d for d, names in dirs.items() if any(classify_name(n) == "fly_toml" for n in names)}

    def under_fly_root(d: str) -> bool:
        return any(d == r or r == "" or d.startswith(r + "/") for r in fly_roots)

    docker_roots = {d for d, names in dirs.items() if names and d not in fly_roots and not under_fly_root(d)}
    roots = fly_roots | docker_roots
    grouped: dict[str, list[_File]] = {r: [] for r in roots}
    grouped.setdefault("", [])
    for f in files:
        owner = f.rel.rpartition("/")[0]
        while owner not in roots and owner:
            owner = owner.rpartition("/")[0]
        levels = f.depth - (owner.count("/") + 1 if owner else 0)
        if levels > cfg.max_depth:
            continue
        rel = f.rel[len(owner) + 1:] if owner else f.rel
        roles = _roles(rel.rpartition("/")[2], rel, f.kind, cfg, active) if cfg.custom else f.roles
        if roles:
            grouped[owner].append(_File(f.path, rel, levels, roles, f.kind))
    out: list[Detection] = []
    lost: dict[str, list[tuple[str, str]]] = {}
    for d, why in errors:  # directories that could not be listed go to the project above them
        rel = os.path.relpath(d, path).replace(os.sep, "/")
        owner = "" if rel == "." else rel
        while owner not in roots and owner:
            owner = owner.rpartition("/")[0]
        lost.setdefault(owner, []).append((d, why))
    for r in sorted(grouped):
        project_dir = os.path.join(path, *r.split("/")) if r else path
        det = _score(project_dir, grouped[r], cfg, lost.get(r))
        if r == "" and "" not in roots and not det.found and roots and not det.unreadable:
            continue
        out.append(det)
    return out


# -- presentation helpers (used by the command; pure) ----------------------------------------
def to_dict(det: Detection) -> dict[str, Any]:
    """The JSON object for one detection (schema in docs/detect.md)."""
    from flylint import __version__
    from flylint.linter.source import display_path

    cfg = det.config
    return {
        "schema": "flylint-detect/1",
        "version": __version__,
        "path": display_path(det.root) or ".",
        "detected": det.detected,
        "confidence": det.confidence,
        "percent": det.percent,
        "threshold": cfg.threshold,
        "boost": {"amount": cfg.boost, "min_signals": cfg.boost_min_signals, "applied": det.boost_applied},
        "signals": [
            {
                "name": s.name,
                "builtin": s.spec.builtin,
                "description": s.spec.description,
                "weight": s.spec.weight,
                "found": s.found,
                "factor": s.factor if s.found else 0.0,
                "score": s.score,
                "path": display_path(s.evidence.path) if s.evidence else None,
                "line": s.evidence.line if s.evidence else None,
                "detail": s.evidence.detail if s.evidence else None,
                "matches": s.matches,
            }
            for s in det.signals
        ],
        "files_read": det.files_read,
        "limits": {
            "max_depth": cfg.max_depth,
            "max_files": cfg.max_files,
            "max_file_bytes": cfg.max_file_bytes,
            "files_capped": det.files_capped,
            "skipped_large": det.skipped_large,
        },
        "unreadable": [{"path": display_path(p), "reason": why} for p, why in det.unreadable],
        "notes": list(det.notes),
    }


def render_text(det: Detection, color: bool = False, compact: bool = False) -> str:
    """Human-readable report; ``compact`` (used by ``--recursive``) lists found signals only."""
    from flylint.linter.source import display_path

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    cfg = det.config
    verdict = paint("Fly.io project detected", "32;1") if det.detected else paint("no Fly.io project detected", "33;1")
    lines = [f"{display_path(det.root) or '.'}: {verdict} (confidence {det.percent}%, threshold "
             f"{round(cfg.threshold * 100)}%)"]
    width = max([len(s.name) for s in det.signals] + [5])
    for s in det.signals:
        if s.found:
            ev = s.evidence
            assert ev is not None
            where = f"{display_path(ev.path)}:{ev.line}"
            score = f"{s.score:.2f}" if s.factor == FACTOR_COMPLETE else f"{s.score:.2f}/{s.spec.weight:.2f}"
            extra = f" (+{s.matches - 1} more file{'s' if s.matches > 2 else ''})" if s.matches > 1 else ""
            lines.append(f"  + {s.name:<{width}}  {score:<9}  {where}  {ev.detail}{extra}")
        elif not compact:
            off = " (weight 0: switched off)" if s.spec.weight == 0 else ""
            lines.append(f"  - {s.name:<{width}}  {'0.00':<9}  not found{off}")
    n = len(det.found)
    if det.boost_applied:
        lines.append(f"  + {'boost':<{width}}  {cfg.boost:<9.2f}  {n} signals found "
                     f"(the boost applies from {cfg.boost_min_signals})")
    if not compact:
        lines.append(f"  read {det.files_read} file(s)")
    for note in det.notes:
        lines.append(f"  note: {note}")
    return "\n".join(lines) + "\n"
