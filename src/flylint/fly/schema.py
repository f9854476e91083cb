"""fly.toml as flyctl decodes it: every section and key, with type, shape and format (fact sheet §2).

The schema is data: :data:`ROOT` describes the top level, each :class:`Key` says what one key
accepts. :func:`schema_issues` walks a parsed config once against it and returns every
:class:`Issue` (unknown key, wrong letter case, misplaced key, wrong type, wrong table/array
shape, bad duration/size/memory, bare-number duration, value outside an enum or range, legacy
spelling, ignored legacy key). The result is cached on the config, so the rules that report the
different issue kinds share one walk and never re-parse.

How flyctl reads the file (fact sheet §1.4) and what that means here:

- A chain of patches rewrites legacy shapes using exact lower-case names (``[mount]``,
  ``build_target``, string ports, ``"soft,hard"`` concurrency, bare-number check durations…).
  Values they coerce are marked ``coerce=True``; under a mixed-case section the patches do not
  run, so the walk turns coercion off there (``Ctx.patched``).
- The patched map is decoded with Go's ``encoding/json``: unknown keys are dropped, keys match
  their field case-insensitively, and a type mismatch makes the whole file fail to load
  (flyctl keeps only ``app`` and ``fly deploy`` stops with the decode error).
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

from flylint.fly.values import (
    BareUnit,
    ValueFormatError,
    decimal_int,
    memory_mb,
    parse_go_duration,
    volume_size_gb,
)

Path = tuple[str | int, ...]

# -- value kinds ---------------------------------------------------------------------------
STRING = "string"
INT = "int"  # Go int: TOML integer or integer-valued float
UINT = "uint"  # Go unsigned: no negatives
NUMBER = "number"  # Go float64
BOOL = "bool"
DURATION = "duration"  # fly.Duration: Go duration string; bare number → see Key.bare
SIZE = "size"  # volume size: decimal GB (``"10gb"``)
MEMORY = "memory"  # memory: binary MB (``"512mb"``)
AUTOSTOP = "autostop"  # bool or "off"/"stop"/"suspend"
PERSIST_ROOTFS = "persist_rootfs"  # "never"/"restart"/"always"/"none"/"" or 0-3
STRINGS = "strings"  # array of strings
CMD = "cmd"  # experimental cmd/entrypoint/exec: string (one element) or array of strings
PORT = "port"  # int; with coerce also a plain integer string or a float (truncated)
CONCURRENCY = "concurrency"  # table; in [[services]] also the legacy "soft,hard" string
ANY = "any"
TABLE = "table"  # a struct with known keys
MAP = "map"  # free keys, every value described by Key.values
ENV = "env"  # [env]: free keys, non-string values coerced; legacy [[env]] list
PROCESSES = "processes"  # [processes]: name -> command string; legacy [[processes]] list
HEADERS = "headers"  # check headers: name -> string (coerce: any scalar, legacy [{name, value}])
CHECKS = "checks"  # top-level [checks.NAME]; legacy [[checks]] with name

# -- shapes of sections --------------------------------------------------------------------
ONE = "table"  # a single table only
ARRAY = "array"  # an array of tables only
EITHER = "either"  # a table or an array of tables (flyctl's patches wrap a single table)

KIND_WORDS = {
    STRING: "a string", INT: "an integer", UINT: "a non-negative integer", NUMBER: "a number",
    BOOL: "a boolean (true or false)", DURATION: 'a duration string such as "10s"',
    SIZE: 'a size string such as "10gb"', MEMORY: 'a memory string such as "512mb"',
    AUTOSTOP: 'one of "off", "stop", "suspend" (or true/false)',
    PERSIST_ROOTFS: 'one of "never", "restart", "always"', STRINGS: "an array of strings",
    CMD: "an array of strings", PORT: "an integer port", CONCURRENCY: "a table",
    TABLE: "a table", MAP: "a table", ENV: "a table", PROCESSES: "a table of name = command",
    HEADERS: "a table of header = value", CHECKS: "a table of named checks", ANY: "any value",
}
GO_TYPES = {
    STRING: "string", INT: "int", UINT: "uint32", NUMBER: "float64", BOOL: "bool",
    DURATION: "fly.Duration", SIZE: "string", MEMORY: "string", AUTOSTOP: "fly.MachineAutostop",
    PERSIST_ROOTFS: "fly.MachinePersistRootfs", STRINGS: "[]string", CMD: "[]string", PORT: "int",
}


class Key:
    """What one key accepts. (A plain slotted class: dataclass creation costs import time.)"""

    __slots__ = ("aliases", "bare", "coerce", "enum", "fields", "folded", "ignored", "kind", "legacy", "max", "min",
                 "note", "owner", "shape", "values")

    def __init__(self, kind: str, shape: str = ONE, fields: Mapping[str, Key] | None = None,
                 values: Key | None = None, aliases: Mapping[str, str] | None = None, enum: tuple[str, ...] = (),
                 owner: str = "", bare: BareUnit | None = None, coerce: bool = False, min: float | None = None,
                 max: float | None = None, legacy: str = "", ignored: str = "", note: str = "") -> None:
        self.kind = kind  # a value kind (STRING …) or a section kind (TABLE, MAP …)
        self.shape = shape  # TABLE: ONE, ARRAY or EITHER
        self.fields = fields  # TABLE: the known keys
        self.values = values  # MAP: every value
        self.aliases = aliases or {}  # exact legacy spelling -> key
        self.enum = enum  # allowed string values (case-sensitive)
        self.owner = owner  # which rule reports enum/range problems of this key
        self.bare = bare  # DURATION: what a bare number means when flyctl patches it
        self.coerce = coerce  # flyctl's patches coerce other types into this one
        self.min = min
        self.max = max
        self.legacy = legacy  # accepted but legacy: the modern replacement
        self.ignored = ignored  # accepted by older flyctl, ignored today: why
        self.note = note
        # lower-case spelling -> key or alias, for flyctl's case-insensitive matching
        self.folded = {k.lower(): k for k in self.aliases} | {k.lower(): k for k in (fields or {})}

    def __repr__(self) -> str:
        return f"Key({self.kind!r})"

    @property
    def is_section(self) -> bool:
        return self.kind in (TABLE, MAP, ENV, PROCESSES, HEADERS, CHECKS)


def _t(shape: str = ONE, aliases: Mapping[str, str] | None = None, /, **fields: Key) -> Key:
    """A table key: its shape, legacy spellings (``aliases``) and its fields by name."""
    return Key(TABLE, shape=shape, fields=fields, aliases=aliases or {})


def _s(**kw: Any) -> Key:
    return Key(STRING, **kw)


def _i(**kw: Any) -> Key:
    return Key(INT, **kw)


def _b(**kw: Any) -> Key:
    return Key(BOOL, **kw)


def _d(bare: BareUnit | None = None, **kw: Any) -> Key:
    return Key(DURATION, bare=bare, **kw)


_LIST = Key(STRINGS)
_PROCS = Key(STRINGS, note="process groups")

SIGNALS = ("SIGINT", "SIGTERM", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGKILL", "SIGSTOP", "SIGHUP")
STRATEGIES = ("rolling", "immediate", "canary", "bluegreen")
RESTART_POLICIES = ("always", "never", "on-failure")
COMPRESSIONS = ("gzip", "zstd")
CPU_KINDS = ("shared", "performance")
GPU_KINDS = ("a100-pcie-40gb", "a100-sxm4-80gb", "l40s", "a10")
BUILTINS = ("node", "ruby", "deno", "go", "static", "hugo-static", "python")
HANDLERS = ("http", "tls", "pg_tls", "proxy_proto")
PERSIST_ROOTFS_VALUES = ("never", "restart", "always", "none", "")
AUTOSTOP_VALUES = ("off", "stop", "suspend")

# §5.2: preset -> (cpu_kind, cpus, memory MB)
VM_PRESETS: dict[str, tuple[str, int, int]] = {
    **{f"shared-cpu-{n}x": ("shared", n, 256 * n) for n in (1, 2, 4, 6, 8)},
    **{f"performance-{n}x": ("performance", n, 2048 * n) for n in (1, 2, 4, 6, 8, 10, 12, 14, 16)},
    **dict.fromkeys(("a100-40gb", "a100-80gb", "l40s", "a10"), ("performance", 8, 32768)),
}
# memory per CPU the Machines API accepts (MB): min, max
MEMORY_PER_CPU = {"shared": (256, 2048), "performance": (2048, 8192)}

# §5.1 regions
REGIONS = {
    "ams": "Amsterdam", "arn": "Stockholm", "bom": "Mumbai", "cdg": "Paris", "dfw": "Dallas",
    "ewr": "Secaucus, NJ", "fra": "Frankfurt", "gru": "São Paulo", "iad": "Ashburn, VA",
    "jnb": "Johannesburg", "lax": "Los Angeles", "lhr": "London", "nrt": "Tokyo", "ord": "Chicago",
    "sin": "Singapore", "sjc": "San Jose", "syd": "Sydney", "yyz": "Toronto",
}
RETIRED_REGIONS = {
    "atl": "dfw", "den": "dfw", "mia": "dfw", "gdl": "dfw", "qro": "dfw", "bos": "ewr", "phx": "lax",
    "sea": "sjc", "yul": "yyz", "waw": "ams", "mad": "cdg", "otp": "fra", "bog": "gru", "gig": "gru",
    "scl": "gru", "eze": "gru", "hkg": "sin",
}

_NOMAD = "a Nomad-era (Apps v1) setting that Machines apps ignore"

_TCP_CHECK_FIELDS: dict[str, Key] = {
    "interval": _d(BareUnit.MILLISECONDS, coerce=True),
    "timeout": _d(BareUnit.MILLISECONDS, coerce=True),
    "grace_period": _d(BareUnit.MILLISECONDS, coerce=True),
    "restart_limit": _i(ignored=_NOMAD),
}
_HTTP_CHECK_FIELDS: dict[str, Key] = {
    **_TCP_CHECK_FIELDS,
    "method": _s(),
    "path": _s(),
    "protocol": _s(enum=("http", "https"), owner="value"),
    "tls_skip_verify": _b(),
    "tls_server_name": _s(),
    "headers": Key(HEADERS, coerce=True),
}
_HTTP_SERVICE_CHECK_FIELDS: dict[str, Key] = {
    "interval": _d(BareUnit.NANOSECONDS),
    "timeout": _d(BareUnit.NANOSECONDS),
    "grace_period": _d(BareUnit.NANOSECONDS),
    "method": _s(),
    "path": _s(),
    "protocol": _s(enum=("http", "https"), owner="value"),
    "tls_skip_verify": _b(),
    "tls_server_name": _s(),
    "headers": Key(HEADERS),
    "restart_limit": _i(ignored=_NOMAD),
}
TOP_CHECK = _t(
    **_HTTP_CHECK_FIELDS,
    type=_s(enum=("http", "tcp"), owner="check-type"),
    port=Key(INT, min=1, max=65535, owner="port"),
    processes=_PROCS,
    name=_s(note="legacy [[checks]] entry name"),
    command=Key(ANY, ignored="a Nomad-era (Apps v1) script-check setting that Machines apps ignore"),
    args=Key(ANY, ignored="a Nomad-era (Apps v1) script-check setting that Machines apps ignore"),
)
MACHINE_CHECK = _t(
    ARRAY,
    command=_LIST,
    image=_s(),
    entrypoint=_LIST,
    kill_signal=_s(enum=SIGNALS, owner="kill-signal"),
    kill_timeout=_d(BareUnit.NANOSECONDS),
)
CONCURRENCY_TABLE = _t(
    type=_s(enum=("connections", "requests"), owner="value"),
    hard_limit=_i(),
    soft_limit=_i(),
)
TLS_OPTIONS = _t(alpn=_LIST, versions=_LIST, default_self_signed=_b())
HTTP_OPTIONS = _t(
    compress=_b(),
    h2_backend=_b(),
    idle_timeout=Key(UINT),
    headers_read_timeout=Key(UINT),
    response=_t(pristine=_b(), headers=Key(MAP, values=Key(ANY))),
    replay_cache=_t(
        ARRAY,
        path_prefix=_s(),
        ttl_seconds=_i(),
        type=_s(enum=("cookie", "header"), owner="value"),
        name=_s(),
        allow_bypass=_b(),
    ),
)
PROXY_PROTO = _t(version=_s(enum=("v1", "v2"), owner="value"))
_SERVICE_COMMON: dict[str, Key] = {
    "auto_stop_machines": Key(AUTOSTOP),
    "auto_start_machines": _b(),
    "min_machines_running": Key(INT, min=0, owner="value"),
    "processes": _PROCS,
    "machine_checks": MACHINE_CHECK,
}
HTTP_SERVICE = _t(
    ONE,
    internal_port=Key(INT, min=1, max=65535, owner="port"),
    force_https=_b(),
    concurrency=CONCURRENCY_TABLE,
    tls_options=TLS_OPTIONS,
    http_options=HTTP_OPTIONS,
    proxy_proto_options=PROXY_PROTO,  # read by some flyctl versions; not in the fact sheet
    checks=_t(ARRAY, **_HTTP_SERVICE_CHECK_FIELDS),
    **_SERVICE_COMMON,
)
SERVICE = _t(
    EITHER,
    protocol=_s(enum=("tcp", "udp"), owner="value"),
    internal_port=Key(PORT, coerce=True, min=1, max=65535, owner="port"),
    ports=_t(
        EITHER,
        port=Key(PORT, coerce=True, min=1, max=65535, owner="port"),
        start_port=Key(INT, min=1, max=65535, owner="port"),
        end_port=Key(INT, min=1, max=65535, owner="port"),
        handlers=Key(STRINGS, enum=HANDLERS, owner="value"),
        force_https=_b(),
        tls_options=TLS_OPTIONS,
        http_options=HTTP_OPTIONS,
        proxy_proto_options=PROXY_PROTO,
    ),
    concurrency=Key(CONCURRENCY, coerce=True),
    tcp_checks=_t(EITHER, **_TCP_CHECK_FIELDS),
    http_checks=_t(EITHER, **_HTTP_CHECK_FIELDS),
    script_checks=Key(ANY, ignored=_NOMAD),
    **_SERVICE_COMMON,
)
_GUEST: dict[str, Key] = {
    "size": _s(owner="vm-size"),
    "memory_mb": Key(INT, owner="memory"),
    "cpus": _i(),
    "cpu_kind": _s(enum=CPU_KINDS, owner="machine-kind"),
    "gpus": _i(),
    "gpu_kind": _s(enum=GPU_KINDS, owner="machine-kind"),
    "max_memory_mb": _i(),
    "host_dedication_id": _s(),
    "persist_rootfs": Key(PERSIST_ROOTFS),
    "kernel_args": _LIST,
    "processes": _PROCS,
}
VM = _t(EITHER, memory=Key(MEMORY, coerce=True), **_GUEST)
RELEASE_VM = _t(ONE, memory=Key(MEMORY), **_GUEST)
MOUNT = _t(
    EITHER,
    source=_s(),
    destination=_s(),
    initial_size=Key(SIZE, coerce=True),
    snapshot_retention=Key(INT, min=1, max=60, owner="snapshot-retention"),
    scheduled_snapshots=_b(),
    auto_extend_size_threshold=_i(),
    auto_extend_size_increment=Key(SIZE),
    auto_extend_size_limit=Key(SIZE),
    processes=_PROCS,
)
METRICS = _t(EITHER, port=Key(INT, min=1, max=65535, owner="port"), path=_s(), https=_b(), processes=_PROCS)
EXPERIMENTAL = _t(
    ONE,
    cmd=Key(CMD),
    entrypoint=Key(CMD),
    exec=Key(CMD),
    auto_rollback=_b(ignored=_NOMAD),
    enable_consul=_b(ignored=_NOMAD),
    enable_etcd=_b(ignored=_NOMAD),
    private_network=Key(ANY, ignored=_NOMAD),
    allowed_public_ports=Key(ANY, ignored=_NOMAD),
    lazy_load_images=_b(),
    attached=_t(secrets=_t(export=Key(MAP, values=_s()))),
    machine_config=_s(),
    use_zstd=_b(),  # read by some flyctl versions; [build] compression replaces it
    kill_timeout=_d(BareUnit.SECONDS, coerce=True, legacy="top-level kill_timeout"),
    metrics_port=_i(legacy="[[metrics]] port"),
    metrics_path=_s(legacy="[[metrics]] path"),
)
BUILD = _t(
    ONE,
    {"build_target": "build-target"},
    builder=_s(),
    buildpacks=_LIST,
    image=_s(),
    dockerfile=_s(),
    ignorefile=_s(),
    **{"build-target": _s()},
    args=Key(MAP, values=_s()),
    builtin=_s(enum=BUILTINS, owner="value"),
    settings=Key(MAP, values=Key(ANY)),
    compose=_t(file=_s()),
    compression=_s(enum=COMPRESSIONS, owner="compression"),
    compression_level=Key(INT, min=0, max=9, owner="compression"),
)
DEPLOY = _t(
    ONE,
    strategy=_s(enum=STRATEGIES, owner="strategy"),
    max_unavailable=Key(NUMBER),
    wait_timeout=_d(BareUnit.NANOSECONDS),
    release_command=_s(),
    release_command_timeout=_d(BareUnit.NANOSECONDS),
    release_command_vm=RELEASE_VM,
    seed_command=_s(),
)
ROOT = _t(
    ONE,
    {"mount": "mounts", "compute": "vm", "computes": "vm", "metric": "metrics"},
    app=_s(),
    primary_region=_s(),
    kill_signal=_s(enum=SIGNALS, owner="kill-signal"),
    kill_timeout=_d(BareUnit.SECONDS, coerce=True),
    swap_size_mb=_i(),
    console_command=_s(),
    host_dedication_id=_s(),
    machine_config=_s(),
    container=_s(),
    experimental=EXPERIMENTAL,
    build=BUILD,
    deploy=DEPLOY,
    env=Key(ENV),
    processes=Key(PROCESSES),
    mounts=MOUNT,
    http_service=HTTP_SERVICE,
    services=SERVICE,
    checks=Key(CHECKS),
    machine_checks=MACHINE_CHECK,
    files=_t(ARRAY, guest_path=_s(), local_path=_s(), secret_name=_s(), raw_value=_s(), processes=_PROCS),
    restart=_t(ARRAY, policy=_s(owner="restart-policy"), retries=_i(), processes=_PROCS),
    vm=VM,
    statics=_t(ARRAY, guest_path=_s(), url_prefix=_s(), tigris_bucket=_s(), index_document=_s()),
    metrics=METRICS,
)

# Mixed-case spellings of these are silently dropped (arrays) or fail to load (single tables):
# the patches always write the lower-case key, which wipes the mixed-case one (§1.4).
WIPED_BY_PATCHES = frozenset({"vm", "mounts", "metrics"})

# Misspellings seen in real files that similarity alone ranks poorly.
KNOWN_TYPOS = {
    "force_http": "force_https",
    "forcehttps": "force_https",
    "min_machine_running": "min_machines_running",
    "min_machines": "min_machines_running",
    "auto_machine_start": "auto_start_machines",
    "auto_machine_stop": "auto_stop_machines",
    "auto_start_machine": "auto_start_machines",
    "auto_stop_machine": "auto_stop_machines",
    "autostart": "auto_start_machines",
    "autostop": "auto_stop_machines",
    "app_name": "app",
    "name": "app",
    "region": "primary_region",
    "max_retries": "retries",
    "health_checks": "checks",
    "healthchecks": "checks",
    "internalport": "internal_port",
    "build_args": "args",
    "buildargs": "args",
    "docker_file": "dockerfile",
    "dockerfile_path": "dockerfile",
    "target": "build-target",
    "docker_build_target": "build-target",
    "release": "release_command",
    "kill_time_out": "kill_timeout",
    "http": "http_service",
    "https_service": "http_service",
    "service": "services",
    "process": "processes",
    "environment": "env",
    "envs": "env",
    "env_vars": "env",
    "volume": "mounts",
    "volumes": "mounts",
    "check": "checks",
    "health_check": "checks",
    "healthcheck": "checks",
    "static": "statics",
}
# Keys that are not fly.toml settings at all, with where the setting really lives.
NOT_SETTINGS = {
    "org": "the organization is chosen with `fly launch --org` / `fly apps create --org`, not in fly.toml",
    "organization": "the organization is chosen with `fly launch --org` / `fly apps create --org`, not in fly.toml",
    "schedule": "schedules belong to individual Machines (`fly machine run --schedule`); fly.toml has none",
    "scale": "Machine counts are set with `fly scale count`, not in fly.toml",
    "count": "Machine counts are set with `fly scale count`, not in fly.toml",
    "regions": "fly.toml has only primary_region; place Machines in more regions with `fly scale count --region`",
    "secrets": "secrets are set with `fly secrets set`, never in fly.toml",
    "encrypted": "volumes are encrypted by default; encryption is chosen when a volume is created "
                 "(`fly volumes create --no-encryption`)",
    "context": "the build context is the directory you deploy from (`fly deploy <dir>`), not a fly.toml setting",
    "max_machines_running": "there is no maximum; the proxy only starts Machines that already exist, so create "
                            "as many as you want to allow with `fly scale count`",
}
# Keys that do not exist in one particular kind of section, with the reason (section path
# without array indexes, key) -> explanation. Checked before the generic unknown/misplaced logic.
_CHECKS_SCOPE = ("checks follow the processes of the service they belong to; to check only some process groups "
                 "use a top-level [checks.NAME] with processes")
NOT_HERE = {
    ("http_service.checks", "processes"): _CHECKS_SCOPE,
    ("services.tcp_checks", "processes"): _CHECKS_SCOPE,
    ("services.http_checks", "processes"): _CHECKS_SCOPE,
    ("http_service.checks", "type"): "[[http_service.checks]] are always HTTP checks; use [checks.NAME] for a "
                                     "tcp check",
    ("http_service.checks", "port"): "[[http_service.checks]] always check internal_port; use [checks.NAME] for "
                                     "another port",
    ("services.tcp_checks", "port"): "service checks always use the service's internal_port; use [checks.NAME] for "
                                     "another port",
    ("services.http_checks", "port"): "service checks always use the service's internal_port; use [checks.NAME] for "
                                      "another port",
    ("services.tcp_checks", "type"): "the check type comes from the section: tcp_checks or http_checks",
    ("services.http_checks", "type"): "the check type comes from the section: tcp_checks or http_checks",
}
for _where in ("machine_checks", "http_service.machine_checks", "services.machine_checks"):
    NOT_HERE[(_where, "grace_period")] = ("machine checks run once per deploy in a throwaway Machine, so there is no "
                                          "grace period; use kill_timeout to bound them")
    NOT_HERE[(_where, "interval")] = "machine checks run once per deploy, not on an interval"
    NOT_HERE[(_where, "processes")] = ("machine checks run for the groups of the service they belong to (top-level "
                                       "[[machine_checks]] for every group)")

# Key names too generic to point at "the" section they belong to.
_GENERIC = frozenset({"type", "name", "port", "path", "processes", "version", "image", "command", "size",
                      "memory", "file", "policy", "source", "destination", "protocol", "method", "headers",
                      "timeout", "interval", "grace_period", "entrypoint", "https", "args", "settings"})


# -- issues --------------------------------------------------------------------------------
UNKNOWN = "unknown"
MISPLACED = "misplaced"
CASE = "case"
TYPE = "type"
SHAPE = "shape"
BAD_DURATION = "duration"
BAD_SIZE = "size"
BAD_MEMORY = "memory"
ENUM = "enum"
RANGE = "range"
BARE_NS = "bare-ns"
BARE_UNIT = "bare-unit"
ALIAS = "alias"
LEGACY = "legacy"
IGNORED = "ignored"


class Issue:
    """One schema problem at ``path`` (a data path; positions via cfg.key_span/value_span/entry_span)."""

    __slots__ = ("confident", "detail", "key", "kind", "patched", "path", "suggestions", "target", "value")

    def __init__(self, kind: str, path: Path, key: Key | None = None, value: Any = None, detail: str = "",
                 suggestions: tuple[str, ...] = (), confident: bool = False, target: Path = (),
                 patched: bool = True) -> None:
        self.kind = kind
        self.path = path
        self.key = key
        self.value = value
        self.detail = detail  # kind-specific: expected kind, canonical name, reason…
        self.suggestions = suggestions
        self.confident = confident  # UNKNOWN: the first suggestion is a safe bet
        self.target = target  # MISPLACED: where the key belongs; ALIAS/CASE: canonical path
        self.patched = patched  # the value sits where flyctl's patches apply

    def __repr__(self) -> str:
        return f"Issue({self.kind!r}, {self.path!r})"

    @property
    def name(self) -> str:
        return str(self.path[-1]) if self.path else ""


class Ctx:
    """Where the walk is: whether flyctl's patches apply, and the enclosing sections."""

    __slots__ = ("chain", "patched", "unknown")

    def __init__(self, patched: bool = True, chain: tuple[tuple[Path, Key, Any], ...] = (),
                 unknown: list[int] | None = None) -> None:
        self.patched = patched  # flyctl's legacy patches reach this part of the file
        self.chain = chain  # enclosing sections (path, spec, data), outermost first
        self.unknown = [0] if unknown is None else unknown  # unknown keys seen in the file (shared)

    def enter(self, path: Path, spec: Key, data: Any, patched: bool | None = None) -> Ctx:
        return Ctx(self.patched if patched is None else patched, self.chain + ((path, spec, data),), self.unknown)


def label(path: Path) -> str:
    """``http_service.checks[0].timeout`` style label for a data path."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + show_key(part)
    return out


def section_label(path: Path) -> str:
    """``[http_service]`` / ``[[services]]`` / ``[[services.ports]]`` for a section path (in a
    JSON or YAML config: ```services[0].ports[1]```, see :mod:`flylint.fly.dialect`)."""
    from flylint.fly import dialect

    names: list[str] = []
    indexes: list[int | None] = []
    for part in path:
        if isinstance(part, str):
            names.append(show_key(part))
            indexes.append(None)
        elif indexes:
            indexes[-1] = part
    if not names:
        return "the top level"
    last = path[-1]
    return dialect.section(names, last if isinstance(last, int) else None, tuple(indexes))


def type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return "an array of tables"
        return "an array"
    if isinstance(value, (datetime.date, datetime.time)):
        return "a date/time"
    return type(value).__name__


def json_type(value: Any) -> str:
    """The JSON type Go's decoder names in its error (``cannot … string into Go struct field …``)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return "string"




# -- the walk --------------------------------------------------------------------------------
def schema_issues(cfg: Any) -> list[Issue]:
    """Every schema issue of ``cfg`` (cached on the config: one walk per file)."""
    def walk() -> list[Issue]:
        return list(_walk_table(cfg.data, (), ROOT, Ctx(chain=(((), ROOT, cfg.data),))))

    issues: list[Issue] = cfg.memo("flyschema.issues", walk)
    return issues


def issues_of(cfg: Any, *kinds: str, owner: str | None = None) -> list[Issue]:
    out = [i for i in schema_issues(cfg) if i.kind in kinds]
    if owner is not None:
        out = [i for i in out if i.key is not None and i.key.owner == owner]
    return out


def _walk_table(data: dict[str, Any], path: Path, spec: Key, ctx: Ctx) -> Iterator[Issue]:
    fields = spec.fields or {}
    folded_names = spec.folded
    for key, value in data.items():
        kpath = path + (key,)
        child = fields.get(key)
        if child is not None:
            yield from _check(value, kpath, child, ctx)
            continue
        if key in spec.aliases:
            canonical = spec.aliases[key]
            child = fields[canonical]
            yield Issue(ALIAS, kpath, child, value, detail=canonical, target=path + (canonical,))
            yield from _check(value, kpath, child, ctx)
            continue
        folded = folded_names.get(key.lower()) if isinstance(key, str) else None
        if folded is not None:
            canonical = spec.aliases.get(folded, folded)
            child = fields[canonical]
            yield Issue(CASE, kpath, child, value, detail=canonical, target=path + (canonical,))
            if canonical in WIPED_BY_PATCHES and path == ():
                continue  # dropped or unloadable: nothing inside is read
            yield from _check(value, kpath, child, Ctx(False, ctx.chain, ctx.unknown))  # no patch runs here
            continue
        yield _unknown(key, value, kpath, spec, data, ctx)


def _check(value: Any, path: Path, spec: Key, ctx: Ctx) -> Iterator[Issue]:
    if spec.ignored:
        yield Issue(IGNORED, path, spec, value, detail=spec.ignored)
        return
    if spec.legacy:
        yield Issue(LEGACY, path, spec, value, detail=spec.legacy)
    kind = spec.kind
    if kind == TABLE:
        yield from _check_section(value, path, spec, ctx)
    elif kind == MAP:
        if not isinstance(value, dict):
            yield Issue(TYPE, path, spec, value)
            return
        vspec = spec.values or Key(ANY)
        for k, v in value.items():
            misplaced = _misplaced_in_map(k, v, path, ctx)
            if misplaced is not None:
                yield misplaced
                continue
            yield from _check(v, path + (k,), vspec, ctx)
    elif kind == ENV:
        yield from _check_env(value, path, spec, ctx)
    elif kind == PROCESSES:
        yield from _check_processes(value, path, spec, ctx)
    elif kind == CHECKS:
        yield from _check_checks(value, path, spec, ctx)
    elif kind == HEADERS:
        yield from _check_headers(value, path, spec, ctx)
    elif kind == CONCURRENCY:
        if isinstance(value, dict):
            yield from _walk_table(value, path, CONCURRENCY_TABLE, ctx.enter(path, CONCURRENCY_TABLE, value))
        elif isinstance(value, str) and ctx.patched and spec.coerce:
            left, sep, right = value.partition(",")
            if sep and decimal_int(left, signed=True) is not None and decimal_int(right, signed=True) is not None:
                yield Issue(LEGACY, path, spec, value, detail="concurrency table")
            else:
                yield Issue(TYPE, path, spec, value, detail='the legacy "soft,hard" form, e.g. "20,25"')
        else:
            yield Issue(TYPE, path, spec, value)
    else:
        yield from _check_scalar(value, path, spec, ctx)


def _check_section(value: Any, path: Path, spec: Key, ctx: Ctx) -> Iterator[Issue]:
    shape = spec.shape
    if shape == EITHER and not ctx.patched:
        shape = ARRAY  # no patch wraps a mixed-case single table
    if isinstance(value, dict):
        if shape == ARRAY:
            yield Issue(SHAPE, path, spec, value, detail=ARRAY)
            return
        yield from _walk_table(value, path, spec, ctx.enter(path, spec, value))
    elif isinstance(value, list):
        if shape == ONE:
            yield Issue(SHAPE, path, spec, value, detail=ONE)
            return
        for i, item in enumerate(value):
            ipath = path + (i,)
            if isinstance(item, dict):
                yield from _walk_table(item, ipath, spec, ctx.enter(ipath, spec, item))
            else:
                yield Issue(TYPE, ipath, spec, item, detail="a table")
    else:
        yield Issue(TYPE, path, spec, value)


def _check_env(value: Any, path: Path, spec: Key, ctx: Ctx) -> Iterator[Issue]:
    if isinstance(value, dict):
        for k, v in value.items():
            misplaced = _misplaced_in_map(k, v, path, ctx)
            if misplaced is not None:
                yield misplaced
        return
    if isinstance(value, list) and ctx.patched and all(isinstance(v, dict) for v in value):
        yield Issue(LEGACY, path, spec, value, detail="[env] table")
        return
    yield Issue(TYPE, path, spec, value)


def _check_processes(value: Any, path: Path, spec: Key, ctx: Ctx) -> Iterator[Issue]:
    if isinstance(value, dict):
        for name, cmd in value.items():
            misplaced = _misplaced_in_map(name, cmd, path, ctx)
            if misplaced is not None:
                yield misplaced
            elif not isinstance(cmd, str):
                yield Issue(TYPE, path + (name,), Key(STRING), cmd, detail="a command string")
        return
    if isinstance(value, list) and ctx.patched:
        if not value or all(isinstance(v, dict) and "name" not in v for v in value):
            yield Issue(LEGACY, path, spec, value, detail="empty")
        elif all(isinstance(v, dict) for v in value):
            yield Issue(LEGACY, path, spec, value, detail="[processes] table")
        else:
            yield Issue(LEGACY, path, spec, value, detail="dropped")
        return
    yield Issue(TYPE, path, spec, value)


def _check_checks(value: Any, path: Path, spec: Key, ctx: Ctx) -> Iterator[Issue]:
    if isinstance(value, dict):
        for name, check in value.items():
            cpath = path + (name,)
            if isinstance(check, dict):
                yield from _walk_table(check, cpath, TOP_CHECK, ctx.enter(cpath, TOP_CHECK, check))
            else:
                yield Issue(TYPE, cpath, TOP_CHECK, check, detail="a table")
        return
    if isinstance(value, list) and ctx.patched:
        if value and all(isinstance(c, dict) and isinstance(c.get("name"), str) for c in value):
            yield Issue(LEGACY, path, spec, value, detail="[checks.NAME] tables")
            for i, check in enumerate(value):
                cpath = path + (i,)
                yield from _walk_table(check, cpath, TOP_CHECK, ctx.enter(cpath, TOP_CHECK, check))
            return
        if not value:
            return
        yield Issue(TYPE, path, spec, value, detail="[checks.NAME] tables (a [[checks]] entry needs a string name)")
        return
    yield Issue(TYPE, path, spec, value)


def _check_headers(value: Any, path: Path, spec: Key, ctx: Ctx) -> Iterator[Issue]:
    coerce = spec.coerce and ctx.patched
    if isinstance(value, dict):
        for name, v in value.items():
            if isinstance(v, str):
                continue
            if coerce and not isinstance(v, (dict, list)):
                continue
            yield Issue(TYPE, path + (name,), Key(STRING), v, detail="a header value string")
        return
    if isinstance(value, list) and coerce:
        if not value:
            return  # `headers = []` is ignored
        if all(isinstance(h, dict) and "name" in h for h in value):
            yield Issue(LEGACY, path, spec, value, detail="headers table")
            return
    yield Issue(TYPE, path, spec, value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_scalar(value: Any, path: Path, spec: Key, ctx: Ctx) -> Iterator[Issue]:
    kind = spec.kind
    coerce = spec.coerce and ctx.patched
    if kind == ANY:
        return
    if kind == STRING:
        if not isinstance(value, str):
            yield Issue(TYPE, path, spec, value)
        elif spec.enum and value not in spec.enum:
            yield Issue(ENUM, path, spec, value)
        return
    if kind in (INT, UINT, PORT):
        num: float | None = None
        if _is_int(value):
            num = value
        elif isinstance(value, float):
            if not math.isfinite(value):
                yield Issue(TYPE, path, spec, value, detail="a whole number")
                return
            if value == int(value) or (kind == PORT and coerce):
                num = int(value)
            else:
                yield Issue(TYPE, path, spec, value, detail="a whole number")
                return
        elif isinstance(value, str) and kind == PORT and coerce:
            num = decimal_int(value, signed=True)
            if num is None:
                yield Issue(TYPE, path, spec, value, detail="an integer (a port string must be digits only)")
                return
            yield Issue(LEGACY, path, spec, value, detail="integer")
        else:
            yield Issue(TYPE, path, spec, value)
            return
        if kind == UINT and num < 0:
            yield Issue(TYPE, path, spec, value, detail="a non-negative integer")
            return
        if (spec.min is not None and num < spec.min) or (spec.max is not None and num > spec.max):
            yield Issue(RANGE, path, spec, value)
        return
    if kind == NUMBER:
        if not (_is_int(value) or isinstance(value, float)):
            yield Issue(TYPE, path, spec, value)
        return
    if kind == BOOL:
        if not isinstance(value, bool):
            yield Issue(TYPE, path, spec, value)
        return
    if kind == DURATION:
        yield from _check_duration(value, path, spec, ctx)
        return
    if kind == SIZE:
        if isinstance(value, str) or ((_is_int(value) or isinstance(value, float)) and coerce):
            try:
                volume_size_gb(value)
            except ValueFormatError:
                yield Issue(BAD_SIZE, path, spec, value)
        else:
            yield Issue(TYPE, path, spec, value)
        return
    if kind == MEMORY:
        if isinstance(value, str) or ((_is_int(value) or isinstance(value, float)) and coerce):
            try:
                memory_mb(value)
            except ValueFormatError:
                yield Issue(BAD_MEMORY, path, spec, value)
        else:
            yield Issue(TYPE, path, spec, value)
        return
    if kind == AUTOSTOP:
        if isinstance(value, bool):
            yield Issue(LEGACY, path, spec, value, detail="stop" if value else "off")
        elif not (isinstance(value, str) and value in AUTOSTOP_VALUES):
            yield Issue(TYPE, path, spec, value, detail=KIND_WORDS[AUTOSTOP])
        return
    if kind == PERSIST_ROOTFS:
        if isinstance(value, str) and value in PERSIST_ROOTFS_VALUES:
            return
        if _is_int(value) and 0 <= value <= 3:
            return
        yield Issue(TYPE, path, spec, value, detail=KIND_WORDS[PERSIST_ROOTFS])
        return
    if kind in (STRINGS, CMD):
        if isinstance(value, str) and kind == CMD and ctx.patched:
            return  # becomes a one-element list (see experimental-command-not-split)
        if not isinstance(value, list):
            yield Issue(TYPE, path, spec, value)
            return
        for i, item in enumerate(value):
            if not isinstance(item, str):
                yield Issue(TYPE, path + (i,), Key(STRING), item, detail="a string")
            elif spec.enum and item not in spec.enum:
                yield Issue(ENUM, path + (i,), spec, item)
        return


def _check_duration(value: Any, path: Path, spec: Key, ctx: Ctx) -> Iterator[Issue]:
    patched = spec.coerce and ctx.patched
    bare = spec.bare if patched and spec.bare is not None else BareUnit.NANOSECONDS
    if isinstance(value, bool):
        if not patched:
            yield Issue(TYPE, path, spec, value)
        return
    if isinstance(value, float) and not math.isfinite(value):
        yield Issue(BAD_DURATION, path, spec, value, detail=f"{value!r} is not a finite number")
        return
    if _is_int(value) or isinstance(value, float):
        if value == 0:
            return
        kind = BARE_NS if bare is BareUnit.NANOSECONDS else BARE_UNIT
        yield Issue(kind, path, spec, value, detail=bare.value, patched=patched)
        return
    if isinstance(value, str):
        if value == "":
            if not patched:
                yield Issue(BAD_DURATION, path, spec, value, detail="empty")
            return
        try:
            parse_go_duration(value)
        except ValueFormatError as exc:  # the message says which value: the reason does not repeat it
            yield Issue(BAD_DURATION, path, spec, value, detail=str(exc).replace(f" {value!r}", ""))
        return
    if not patched:
        yield Issue(TYPE, path, spec, value)


# -- unknown keys -----------------------------------------------------------------------------
def _norm(key: str) -> str:
    return key.lower().replace("-", "_").replace(" ", "_")


def _tokens(key: str) -> frozenset[str]:
    return frozenset(t[:-1] if t.endswith("s") and len(t) > 3 else t for t in _norm(key).split("_") if t)


# "did you mean" is worked out for this many unknown keys of one file; past it (a generated or
# hostile file with thousands of unknown tables) the findings name the key without a guess,
# so the walk stays linear with a small constant
MAX_SUGGESTED_KEYS = 200


@functools.lru_cache(maxsize=128)
def _candidate_index(candidates: tuple[str, ...]) -> tuple[dict[str, str], dict[frozenset[str], list[str]]]:
    """Normalised name -> candidate, and token set -> candidates, computed once per section."""
    by_norm = {_norm(c): c for c in candidates}
    by_tokens: dict[frozenset[str], list[str]] = {}
    for c in candidates:
        by_tokens.setdefault(_tokens(c), []).append(c)
    return by_norm, by_tokens


def suggest(key: str, candidates: list[str]) -> tuple[tuple[str, ...], bool]:
    """Names in ``candidates`` that ``key`` was probably meant to be, and whether one is a safe bet."""
    import difflib
    if not candidates:
        return (), False
    norm = _norm(key)
    by_norm, by_tokens = _candidate_index(tuple(candidates))
    if norm in by_norm:
        return (by_norm[norm],), True
    typo = KNOWN_TYPOS.get(norm)
    if typo in candidates:
        return (typo,), True
    same = by_tokens.get(_tokens(key), [])
    if len(same) == 1:
        return (same[0],), True
    close = difflib.get_close_matches(norm, list(by_norm), n=3, cutoff=0.75)
    names = tuple(by_norm[c] for c in close)
    if len(names) == 1 and difflib.SequenceMatcher(None, norm, _norm(names[0])).ratio() >= 0.85:
        return names, True
    return names, False


def _unknown(key: Any, value: Any, path: Path, spec: Key, data: dict[str, Any], ctx: Ctx) -> Issue:
    key = str(key)
    fields = list((spec.fields or {}).keys())
    reason = NOT_HERE.get((".".join(p for p in path[:-1] if isinstance(p, str)), key))
    if reason:
        return Issue(MISPLACED, path, None, value, detail="here", suggestions=(reason,))
    # 1. written below a header that captured it: the key belongs to an enclosing section
    for anc_path, anc_spec, _anc_data in reversed(ctx.chain[:-1]):
        anc_fields = anc_spec.fields or {}
        if key in anc_fields and not (anc_path == () and key in _GENERIC):
            return Issue(MISPLACED, path, anc_fields[key], value, detail="enclosing", target=anc_path + (key,))
    # 2. belongs one level down (e.g. soft_limit directly in [http_service])
    inner = [name for name, sub in (spec.fields or {}).items()
             if sub.kind == TABLE and key in (sub.fields or {})]
    if inner and key not in ("processes", "name"):
        return Issue(MISPLACED, path, None, value, detail="inner",
                     suggestions=tuple(inner), target=path[:-1] + (inner[0], key))
    # 3. a distinctive key that lives in another section
    homes = [p for p in _KEY_HOMES.get(key, ()) if p]
    if homes and key not in _GENERIC and len(homes) <= 3:
        return Issue(MISPLACED, path, None, value, detail="elsewhere", suggestions=tuple(homes))
    ctx.unknown[0] += 1
    if ctx.unknown[0] > MAX_SUGGESTED_KEYS:
        return Issue(UNKNOWN, path, None, value, detail=NOT_SETTINGS.get(key, ""), suggestions=(), confident=False)
    names, confident = suggest(key, fields + list(spec.aliases))
    present = set(data)
    if confident and names and (names[0] in present or spec.aliases.get(names[0], names[0]) in present):
        confident = False
    if key in NOT_SETTINGS:
        names, confident = (), False
    return Issue(UNKNOWN, path, None, value, detail=NOT_SETTINGS.get(key, ""), suggestions=names,
                 confident=confident)


def _misplaced_in_map(key: Any, value: Any, path: Path, ctx: Ctx) -> Issue | None:
    """A lower-case fly.toml key written below ``[env]``, ``[processes]`` or ``[build.args]``.

    TOML puts it into that table (an environment variable, a process group, a build arg), so
    the setting never takes effect. Only reported when the key is a plain (non-section) key of
    an enclosing section that does not set it itself: ``primary_region`` after ``[env]``.
    """
    if not isinstance(key, str) or key != key.lower() or isinstance(value, (dict, list)) or key == "app":
        return None  # "app" is also the usual process-group name
    for anc_path, anc_spec, anc_data in reversed(ctx.chain):
        sub = (anc_spec.fields or {}).get(key)
        if sub is None or sub.is_section or sub.kind in (TABLE, CONCURRENCY) or key in _GENERIC:
            continue
        if isinstance(anc_data, dict) and key in anc_data:
            return None
        return Issue(MISPLACED, path + (key,), sub, value, detail="map", target=anc_path + (key,))
    return None


def _key_homes() -> dict[str, list[str]]:
    homes: dict[str, list[str]] = {}

    def visit(spec: Key, where: str, seen: set[int]) -> None:
        if id(spec) in seen:
            return
        seen = seen | {id(spec)}
        for name, sub in (spec.fields or {}).items():
            if sub.ignored or sub.legacy:
                continue
            homes.setdefault(name, [])
            if where not in homes[name]:
                homes[name].append(where)
            if sub.kind == TABLE:
                inner = f"{where}.{name}" if where else name
                visit(sub, inner, seen)
        if spec is ROOT:
            visit_checks = TOP_CHECK
            for name in visit_checks.fields or {}:
                homes.setdefault(name, [])
                if "checks.NAME" not in homes[name]:
                    homes[name].append("checks.NAME")

    visit(ROOT, "", set())
    out = {}
    for name, places in homes.items():
        out[name] = [_bracket(p) for p in places]
    return out


def _bracket(where: str) -> str:
    if not where:
        return ""
    arrays = {"services", "services.ports", "services.tcp_checks", "services.http_checks", "mounts", "vm",
              "metrics", "statics", "files", "restart", "machine_checks", "http_service.checks",
              "http_service.machine_checks", "services.machine_checks",
              "http_service.http_options.replay_cache", "services.ports.http_options.replay_cache"}
    return f"[[{where}]]" if where in arrays else f"[{where}]"


_KEY_HOMES = _key_homes()


def section_fields(path: Path) -> Mapping[str, Key] | None:
    """The known keys of the section at ``path`` (``None`` when it is not a known section)."""
    spec: Key | None = ROOT
    for part in path:
        if spec is None:
            return None
        if isinstance(part, int):
            continue
        if spec.kind == CHECKS:
            spec = TOP_CHECK
            continue
        fields = spec.fields or {}
        spec = fields.get(part) or fields.get(spec.aliases.get(part, ""))
    if spec is None or spec.kind != TABLE:
        return None
    return spec.fields


def spec_at(path: Path) -> Key | None:
    """The :class:`Key` describing the value at data ``path`` (aliases resolved), or ``None``."""
    spec: Key | None = ROOT
    for part in path:
        if spec is None:
            return None
        if isinstance(part, int):
            if spec.kind in (STRINGS, CMD):
                return Key(STRING)
            continue
        if spec.kind == CHECKS:
            spec = TOP_CHECK
            continue
        if spec.kind in (MAP,):
            spec = spec.values
            continue
        if spec.kind != TABLE:
            return None
        fields = spec.fields or {}
        spec = fields.get(part) or fields.get(spec.aliases.get(part, ""))
    return spec


# -- helpers shared by the fly.toml rules ----------------------------------------------------
LOAD_FAILS = ("flyctl cannot decode the file, keeps only `app` from it, and `fly deploy` and "
              "`fly config validate` stop with a JSON decoding error")


def show_key(key: str) -> str:
    """A key name from the file as printed: known-format secrets and random-looking names
    redacted (a key can be a pasted token), control characters escaped."""
    from flylint.fly.secrets import random_run, redact, redact_message

    if len(key) >= 16 and (random_run(key) or redact_message(key) != key):
        return redact(key)
    return key.encode("unicode_escape").decode("ascii") if not key.isprintable() else key


def show(value: Any, key: str = "") -> str:
    """A short, printable rendering of a value; strings that may be credentials are redacted."""
    from flylint.fly.secrets import credential_name, looks_random, redact

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        random = len(value) >= 20 and looks_random(value) and not re.search(r"[/.\s]", value)
        if (key and credential_name(key)) or random:
            return redact(value)
        text = value if len(value) <= 60 else value[:57] + "…"
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        if len(value) <= 4 and all(isinstance(v, (str, int, float, bool)) for v in value):
            return "[" + ", ".join(show(v) for v in value) + "]"
        return type_name(value)
    return type_name(value)


def in_section(path: Path) -> str:
    """``in [http_service]`` / ``at the top level`` for the section at ``path``."""
    return "at the top level" if not path else f"in {section_label(path)}"


def where(path: Path) -> str:
    """``\"timeout\" in [[http_service.checks]]`` / ``\"app\" at the top level``."""
    if not path:
        return "the file"
    if isinstance(path[-1], int):
        return f"entry {path[-1] + 1} of `{label(path[:-1])}`"
    key = show_key(str(path[-1]))
    if len(path) <= 1:
        return f"`{key}` at the top level"
    return f"`{key}` in {section_label(path[:-1])}"


def process_groups(cfg: Any) -> list[str]:
    """Declared process groups (``["app"]`` when none), as flyctl derives them."""
    return cfg.process_groups()


def declared_groups(cfg: Any) -> set[str]:
    procs = cfg.data.get("processes")
    if isinstance(procs, dict):
        return {str(k) for k in procs}
    if isinstance(procs, list):
        return {str(p["name"]) for p in procs if isinstance(p, dict) and "name" in p}
    return set()


def default_group(cfg: Any) -> str:
    """``app`` if defined (or nothing is), otherwise the alphabetically first group (§2.16)."""
    groups = declared_groups(cfg)
    if not groups or "app" in groups:
        return "app"
    return min(groups)


def entry_groups(cfg: Any, entry: dict[str, Any], applies_to_all: bool = False) -> list[str]:
    """The groups a section entry applies to: its ``processes``, else the default group.

    ``applies_to_all``: ``[[vm]]`` without ``processes`` applies to every group.
    """
    procs = entry.get("processes")
    if isinstance(procs, list) and procs:
        return [str(p) for p in procs if isinstance(p, str)]
    if applies_to_all:
        return sorted(declared_groups(cfg)) or ["app"]
    return [default_group(cfg)]


def is_placeholder(value: Any) -> bool:
    """Template placeholders such as ``{REGION}``, ``<your-app>``, ``${APP}``, ``%APP%``."""
    return isinstance(value, str) and bool(re.search(r"[{}<>$%]|^\s*$", value))


def vm_sections(cfg: Any, release: bool = True) -> Iterator[tuple[Path, dict[str, Any]]]:
    """``[[vm]]`` entries under every spelling flyctl merges (vm, compute, computes), and
    ``[deploy.release_command_vm]`` when ``release``."""
    for key in ("vm", "compute", "computes"):
        yield from cfg.sections(key)
    if release:
        deploy = cfg.data.get("deploy")
        if isinstance(deploy, dict) and isinstance(deploy.get("release_command_vm"), dict):
            yield ("deploy", "release_command_vm"), deploy["release_command_vm"]


def mount_sections(cfg: Any) -> list[tuple[Path, dict[str, Any]]]:
    """``[[mounts]]`` entries under every spelling flyctl merges (mounts, mount)."""
    return cfg.sections("mounts") + cfg.sections("mount")


def metrics_sections(cfg: Any) -> list[tuple[Path, dict[str, Any]]]:
    return cfg.sections("metrics") + cfg.sections("metric")


def setting(path: Path, value: Any) -> str:
    """``\\`port = "5432"\\` in [[services.ports]]`` (the key, its value and where it is)."""
    if not path:
        return "the file"
    if isinstance(path[-1], int):
        return f"entry {path[-1] + 1} of `{label(path[:-1])}` ({show(value)})"
    from flylint.fly.dialect import assign

    key = str(path[-1])
    return f"`{assign(show_key(key), show(value, key))}` {in_section(path[:-1])}"
