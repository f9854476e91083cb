"""The bundled Agent Skill (``skills/flyio/``), its templates, and what ``flylint init`` writes.

The source of truth is ``skills/flyio/`` at the root of the repository. A wheel carries a
copy at ``flylint/skills/flyio/`` (mapped there by pyproject.toml); an editable install or a
plain checkout reads the repository directly. :func:`skill_dir` is the one place that
decides which (with :mod:`flylint.skill.paths`).

Everything here is standard library plus flylint's own parsers, and tomlkit (through
:mod:`flylint.linter.tomldoc`) when ``flylint init`` sets the region or memory in fly.toml;
nothing is imported at all unless one of the ``templates``/``init``/``skill`` commands runs.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flylint.base.records import record
from flylint.fly.schema import REGIONS as CURRENT_REGIONS
from flylint.fly.schema import RETIRED_REGIONS
from flylint.skill import paths as skillpath

SKILL_NAME = skillpath.SKILL_NAME
#: the files of one template, in the order they are written
TEMPLATE_FILES = ("fly.toml", "Dockerfile", "deploy.sh", ".dockerignore", "README.md")
#: the template's README.md is written under this name, so it never clobbers a project's README
README_TARGET = "README.fly.md"
_SKIP_NAMES = frozenset({"__pycache__", ".DS_Store"})


class TemplateError(ValueError):
    """A user error in ``flylint init`` / ``flylint skill`` arguments (exit status 2)."""


# --------------------------------------------------------------------------------------------
# Where the skill is


def skill_dir() -> Any:
    """The bundled ``flyio`` skill directory, as a Path or ``importlib.resources`` Traversable.

    Installed wheel: ``flylint/skills/flyio`` inside the package. Editable install or source
    checkout: ``skills/flyio`` at the repository root (see :mod:`flylint.skill.paths`).
    A zip import is read through ``importlib.resources``. Raises :class:`FileNotFoundError`
    when none holds a ``SKILL.md``.
    """
    found = skillpath.skill_path()
    if found is not None:
        return Path(found)
    from importlib.resources import files

    packaged = files("flylint").joinpath("skills", SKILL_NAME)
    if packaged.joinpath("SKILL.md").is_file():
        return packaged
    raise FileNotFoundError(
        f"the {SKILL_NAME} skill is missing from the flylint package ({packaged}); reinstall flylint"
    )


def template_dir(name: str) -> Any:
    return skill_dir().joinpath("examples", name)


@record(frozen=True)
class SkillFile:
    rel: str  # '/'-separated path relative to the skill (or template) directory
    data: bytes
    executable: bool


def _is_executable(node: Any) -> bool:
    if isinstance(node, Path):
        try:
            return bool(node.stat().st_mode & stat.S_IXUSR)
        except OSError:
            return False
    # a Traversable without modes (zip import): scripts are the only executables we ship
    return str(node.name).endswith(".sh")


def _walk(node: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.name in _SKIP_NAMES or child.name.endswith((".pyc", ".pyo")):
            continue
        rel = f"{prefix}{child.name}"
        if child.is_dir():
            yield from _walk(child, rel + "/")
        elif child.is_file():
            yield rel, child


def skill_files() -> list[SkillFile]:
    """Every file of the skill (SKILL.md, REFERENCE.md, examples/ with dotfiles), with modes."""
    return [SkillFile(rel, node.read_bytes(), _is_executable(node)) for rel, node in _walk(skill_dir())]


def read_skill_text(name: str) -> str:
    return skill_dir().joinpath(name).read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------
# What the templates are


@record(frozen=True)
class TemplateInfo:
    name: str
    framework: str
    database: str
    features: str
    use_case: str
    port: int | None = 8080  # the one port the app listens on; None = no public service
    extra: tuple[str, ...] = ()  # files beyond TEMPLATE_FILES ('/'-separated), e.g. rel/env.sh.eex

    @property
    def files(self) -> tuple[str, ...]:
        """Every file the template writes, in order."""
        return TEMPLATE_FILES + self.extra

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "framework": self.framework, "database": self.database,
            "features": self.features, "use_case": self.use_case, "port": self.port,
        }


def _t(name: str, framework: str, database: str, features: str, use_case: str, port: int | None = 8080,
       extra: tuple[str, ...] = ()) -> TemplateInfo:
    return TemplateInfo(name, framework, database, features, use_case, port, extra)


#: One row per directory under ``skills/flyio/examples/`` (a test keeps the two in step).
TEMPLATES: dict[str, TemplateInfo] = {t.name: t for t in (
    _t("nodejs-express", "Express, Node.js 22", "none (optional Postgres)",
       "2-stage build, uid 1000, rolling", "JSON API or small web backend"),
    _t("nodejs-nextjs", "Next.js standalone, Node.js 22", "none",
       "3-stage build, only .next/cache writable", "Server-rendered React site"),
    _t("nodejs-nestjs", "NestJS, Node.js 22", "Postgres",
       "TypeScript build, pruned deps, migrations as release command", "Structured TypeScript API"),
    _t("python-django", "Django + Gunicorn, Python 3.13", "Postgres",
       "migrate release command, collectstatic, [[statics]]", "Full-stack web app with admin"),
    _t("python-fastapi", "FastAPI + Uvicorn, Python 3.13", "Postgres",
       "Alembic release command, proxy headers", "Async API"),
    _t("python-flask", "Flask + Gunicorn, Python 3.13", "Redis (Upstash)",
       "gthread workers, graceful drain", "Small web app or webhook receiver"),
    _t("go-http-server", "Go 1.24 net/http", "none",
       "static binary on scratch, blue-green deploys", "Fast, tiny HTTP service"),
    _t("ruby-rails", "Rails 7.2+/8, Puma, Solid Queue", "Postgres",
       "db:prepare release command, web + worker process groups", "Rails monolith with background jobs"),
    _t("elixir-phoenix", "Phoenix, Elixir 1.17 / OTP 27", "Postgres",
       "OTP release, bin/migrate, IPv6 clustering", "Real-time app (LiveView, channels)",
       extra=("rel/env.sh.eex",)),
    _t("static-site", "nginx 1.27 (unprivileged)", "none",
       "security headers, /health built in, SIGQUIT drain", "Docs, landing page, SPA build output"),
    _t("database-postgres", "postgres-flex 17 (repmgr + HAProxy)", "is the database",
       "3 members, volumes with snapshots and auto-extend, private only", "Self-managed HA Postgres",
       port=None),
    _t("multi-region", "Node.js 22", "optional Postgres + replicas",
       "canary deploys, fly-replay writes, per-region scaling", "Low latency for a global audience"),
)}


def template_names() -> list[str]:
    return list(TEMPLATES)


def get_template(name: str) -> TemplateInfo:
    info = TEMPLATES.get(name)
    if info is None:
        import difflib

        close = difflib.get_close_matches(name, TEMPLATES, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise TemplateError(
            f"unknown template {name!r}{hint}; valid templates: {', '.join(TEMPLATES)} (see `flylint templates`)"
        )
    return info


def templates_json() -> str:
    return json.dumps([t.as_dict() for t in TEMPLATES.values()], indent=2)


def templates_table() -> str:
    headers = ("TEMPLATE", "FRAMEWORK", "DATABASE", "FEATURES", "USE CASE")
    rows = [(t.name, t.framework, t.database, t.features, t.use_case) for t in TEMPLATES.values()]
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers) - 1)]

    def fmt(row: tuple[str, ...]) -> str:
        return "  ".join(f"{cell:<{w}}" for cell, w in zip(row, widths, strict=False)) + "  " + row[-1]

    return "\n".join(fmt(r) for r in [headers, *rows]) + "\n"


# --------------------------------------------------------------------------------------------
# Fly.io facts the arguments are checked against (fact sheet §5.1, §5.2, §2.1)

# current regions and retired codes (CURRENT_REGIONS, RETIRED_REGIONS) come from the fly.toml
# schema (fact sheet §5.1), imported at the top

#: MB per CPU a Machine accepts, and the step ``fly machine update`` enforces (fact sheet §5.2, §3.5)
MEMORY_PER_CPU = {"shared": (256, 2048, 256), "performance": (2048, 8192, 1024)}
_APP_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_PRESET = re.compile(r"^(shared-cpu|performance)-(\d+)x$")
_GPU_PRESETS = {"a100-40gb", "a100-80gb", "l40s", "a10"}


def check_app_name(name: str) -> str:
    if not name:
        raise TemplateError("--app must not be empty")
    if len(name) > 63:
        raise TemplateError(f"app name {name!r} is {len(name)} characters long; Fly.io allows at most 63")
    bad = sorted(set(re.sub(r"[a-z0-9-]", "", name)))
    if bad:
        suggestion = re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9-]", "-", name.lower())).strip("-")
        hint = f"; try {suggestion!r}" if suggestion and _APP_NAME.match(suggestion) else ""
        raise TemplateError(
            f"app name {name!r} contains {', '.join(repr(c) for c in bad)}: flyctl accepts only lowercase "
            f"letters, digits and '-' (the name is also the host name <app>.fly.dev){hint}"
        )
    if not _APP_NAME.match(name):
        raise TemplateError(f"app name {name!r} must not start or end with '-'")
    return name


def default_app_name(directory: Path, fallback: str) -> str:
    """The directory's name made into a valid app name (as ``fly launch`` does), else ``fallback``."""
    base = directory.resolve().name.lower()
    base = re.sub(r"[^a-z0-9-]+", "-", base)
    base = re.sub(r"-{2,}", "-", base).strip("-")[:63].strip("-")
    return base if base and _APP_NAME.match(base) else fallback


def check_region(code: str) -> str:
    region = code.strip().lower()
    if region in CURRENT_REGIONS:
        return region
    if region in RETIRED_REGIONS:
        new = RETIRED_REGIONS[region]
        raise TemplateError(
            f"region {code!r} has been retired by Fly.io; use {new!r} ({CURRENT_REGIONS[new]}) instead"
        )
    raise TemplateError(
        f"unknown region {code!r}; current regions: {', '.join(sorted(CURRENT_REGIONS))} "
        "(`fly platform regions` lists them)"
    )


def check_port(port: int) -> int:
    if not 1 <= port <= 65535:
        raise TemplateError(f"--port {port} is not a TCP port (1-65535)")
    return port


def parse_memory(text: str) -> int:
    """MB for a ``--memory`` value, read the way flyctl reads ``[[vm]] memory``."""
    from flylint.fly.values import ValueFormatError, memory_mb

    value = text.strip()
    try:
        mb = memory_mb(value)
    except ValueFormatError:
        raise TemplateError(f"--memory {text!r} is not a memory size; write e.g. 512mb, 1gb or 2048") from None
    if mb <= 0:
        raise TemplateError(f"--memory {text!r} is not a memory size flyctl accepts (it reads as {mb} MB); "
                            "write e.g. 512mb, 1gb or 2048")
    return mb


def memory_literal(mb: int) -> str:
    return f"{mb // 1024}gb" if mb % 1024 == 0 else f"{mb}mb"


def vm_limits(vm: dict[str, Any]) -> tuple[str, int, int, int] | None:
    """(label, min MB, max MB, step MB) for one ``[[vm]]`` entry, ``None`` when unknown."""
    size = str(vm.get("size") or "shared-cpu-1x")
    kind, cpus = "shared", 1
    m = _PRESET.match(size)
    if m:
        kind, cpus = ("shared" if m.group(1) == "shared-cpu" else "performance"), int(m.group(2))
    elif size in _GPU_PRESETS:
        kind, cpus = "performance", 8
    else:
        return None
    if isinstance(vm.get("cpus"), int) and not isinstance(vm.get("cpus"), bool):
        cpus = vm["cpus"]
    if vm.get("cpu_kind") in MEMORY_PER_CPU:
        kind = vm["cpu_kind"]
    low, high, step = MEMORY_PER_CPU[kind]
    return f"{size} ({cpus} {kind} CPU{'s' if cpus != 1 else ''})", low * cpus, high * cpus, step


def _mb_text(mb: int) -> str:
    return f"{mb // 1024} GB" if mb % 1024 == 0 else f"{mb} MB"


def check_memory_for(vms: list[dict[str, Any]], mb: int, text: str) -> None:
    for vm in vms:
        limits = vm_limits(vm)
        if limits is None:
            continue
        label, low, high, step = limits
        if not low <= mb <= high:
            raise TemplateError(
                f"--memory {text} ({mb} MB) does not fit {label}: it takes {_mb_text(low)} to {_mb_text(high)}; "
                "pick a value in that range (or a bigger [[vm]] size after init)"
            )
        if mb % step:
            raise TemplateError(f"--memory {text} ({mb} MB) must be a multiple of {step} MB for {label}")


# --------------------------------------------------------------------------------------------
# Rendering a template


@record
class InitPlan:
    template: TemplateInfo
    app: str
    region: str
    port: int | None
    memory_mb: int | None
    files: dict[str, SkillFile]  # target name -> content
    envs: list[Any] | None = None  # EnvSpec per environment with --envs


def _word(name: str) -> re.Pattern[str]:
    # the template name as a word of its own (not part of a longer name), and not in the
    # phrase "the <name> template", which describes where the file came from
    # nor after `-t `/`--template ` (a `flylint init` command line naming the template)
    return re.compile(rf"(?<![A-Za-z0-9_])(?<!-t )(?<!--template ){re.escape(name)}(?![A-Za-z0-9_-])(?! template)")


def _number(n: int) -> re.Pattern[str]:
    return re.compile(rf"(?<![\d.]){n}(?![\d])")


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _parse_fly(text: str) -> Any:
    from flylint.linter.parsers.fly_toml import parse_fly_config
    from flylint.linter.source import SourceFile

    return parse_fly_config(SourceFile("fly.toml", text, display_path="fly.toml"))


def _vm_entries(cfg: Any) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    return cfg.sections("vm")


def plan_init(template: str, directory: Path, app: str | None = None, region: str | None = None,
              port: int | None = None, memory: str | None = None, envs: str | None = None) -> InitPlan:
    """Validate the arguments and render the template's files in memory (nothing is written).

    With ``envs`` (``dev,staging,production``, each optionally ``=REGION``) the single fly.toml
    becomes one ``fly.<env>.toml`` per environment, plus the deploy workflow
    (:mod:`flylint.skill.envs`).
    """
    info = get_template(template)
    env_specs = None
    if envs is not None:
        from flylint.skill.envs import parse_envs

        env_specs = parse_envs(envs)
        if info.port is None:
            raise TemplateError(f"template {info.name!r} is a private service with its own data; --envs generates "
                                "public app environments (create one cluster per environment by hand)")
    app_name = check_app_name(app) if app is not None else default_app_name(directory, info.name)
    region_code = check_region(region) if region is not None else None
    if port is not None:
        check_port(port)
        if info.port is None:
            raise TemplateError(
                f"template {info.name!r} has no public service (it is reachable on the private network only), "
                "so --port does not apply"
            )
    src = {f.rel: f for f in _template_files(info)}
    cfg = _parse_fly(src["fly.toml"].data.decode("utf-8"))
    mb = None
    if memory is not None:
        mb = parse_memory(memory)
        check_memory_for([vm for _, vm in _vm_entries(cfg)], mb, memory)

    name_re = _word(info.name)
    out: dict[str, SkillFile] = {}
    for rel in info.files:
        f = src[rel]
        text = f.data.decode("utf-8")
        if app_name != info.name:
            if rel == "README.md":
                title, nl, body = text.partition("\n")
                text = title + nl + name_re.sub(app_name, body)
            else:
                text = name_re.sub(app_name, text)
        if port is not None and info.port is not None and port != info.port and rel != "deploy.sh":
            text = _number(info.port).sub(str(port), text)
        if rel == "fly.toml":
            text = _edit_fly_toml(text, region_code, mb)
        if rel == "deploy.sh":
            text = text.replace("README.md", README_TARGET)
        if rel == ".dockerignore":
            text = re.sub(r"(?m)^README\.md\n", f"README.md\n{README_TARGET}\n", text, count=1)
        target = README_TARGET if rel == "README.md" else rel
        out[target] = SkillFile(target, text.encode("utf-8"), f.executable)

    plan = InitPlan(info, app_name, region_code or str(cfg.data.get("primary_region", "")),
                    port if port is not None else info.port, mb, out)
    verify_plan(plan)
    if env_specs is not None:
        from flylint.skill.envs import expand_plan

        expand_plan(plan, env_specs)
    return plan


def _template_files(info: TemplateInfo) -> list[SkillFile]:
    root = template_dir(info.name)
    found = dict(_walk(root))
    missing = [rel for rel in info.files if rel not in found]
    if missing:
        raise FileNotFoundError(f"template {info.name!r} is incomplete: {', '.join(missing)} missing in {root}")
    return [SkillFile(rel, found[rel].read_bytes(), _is_executable(found[rel])) for rel in info.files]


def _edit_fly_toml(text: str, region: str | None, mb: int | None) -> str:
    """Set ``primary_region`` and every ``[[vm]]`` memory through tomlkit (comments kept)."""
    assignments: list[tuple[tuple[Any, ...], Any]] = []
    if region is not None:
        assignments.append((("primary_region",), region))
    if mb is not None:
        assignments += [(path + ("memory",), memory_literal(mb)) for path, _vm in _vm_entries(_parse_fly(text))]
    if not assignments:
        return text
    from flylint.linter.tomldoc import set_values

    try:
        return set_values(text, assignments)
    except KeyError as exc:  # a template without the setting: a bug in the template, not a user error
        raise RuntimeError(f"template fly.toml cannot be edited: {exc}") from None


def verify_plan(plan: InitPlan) -> None:
    """The rendered files say the same app, region, port and memory everywhere (a self-check)."""
    text = {k: v.data.decode("utf-8") for k, v in plan.files.items()}
    cfg = _parse_fly(text["fly.toml"])
    problems: list[str] = []
    if cfg.data.get("app") != plan.app:
        problems.append(f"fly.toml app is {cfg.data.get('app')!r}")
    if plan.region and cfg.data.get("primary_region") != plan.region:
        problems.append(f"fly.toml primary_region is {cfg.data.get('primary_region')!r}")
    if f'"${{FLY_APP:-{plan.app}}}"' not in text["deploy.sh"]:
        problems.append("deploy.sh APP default was not set")
    if plan.port is not None:
        hs = cfg.http_service or {}
        if hs.get("internal_port") != plan.port:
            problems.append(f"internal_port is {hs.get('internal_port')!r}")
        env = cfg.data.get("env") or {}
        if "PORT" in env and env["PORT"] != str(plan.port):
            problems.append(f"[env] PORT is {env['PORT']!r}")
        docker = text["Dockerfile"]
        exposed = re.findall(r"(?m)^EXPOSE\s+(\d+)", docker)
        if exposed and set(exposed) != {str(plan.port)}:
            problems.append(f"Dockerfile EXPOSE {', '.join(exposed)}")
        env_ports = re.findall(r"(?<![A-Z_])PORT=(\d+)", docker)
        if env_ports and set(env_ports) != {str(plan.port)}:
            problems.append(f"Dockerfile ENV PORT={', '.join(env_ports)}")
    if plan.memory_mb is not None:
        from flylint.fly.values import memory_mb

        for path, vm in _vm_entries(cfg):
            if memory_mb(vm.get("memory")) != plan.memory_mb:
                problems.append(f"{path} memory is {vm.get('memory')!r}")
    if problems:  # a bug in this module, never a user error
        raise RuntimeError(f"template {plan.template.name!r} was rendered inconsistently: {'; '.join(problems)}")


def conflicts(directory: Path, names: list[str]) -> list[Path]:
    return [directory / n for n in names if os.path.lexists(directory / n)]


def write_files(directory: Path, files: list[SkillFile]) -> list[Path]:
    """Write ``files`` under ``directory`` (each atomically), keeping executables executable."""
    import tempfile

    written: list[Path] = []
    for f in files:
        dest = directory.joinpath(*f.rel.split("/"))
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(f.data)
            os.chmod(tmp, _mode(f.executable))
            os.replace(tmp, dest)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        written.append(dest)
    return written


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mode(executable: bool) -> int:
    return (0o777 if executable else 0o666) & ~_umask()


# --------------------------------------------------------------------------------------------
# Installing the skill


def skill_target(scope: str, base: Path | None = None) -> Path:
    """``~/.claude/skills/flyio`` (user), ``./.claude/skills/flyio`` (project) or ``BASE/flyio`` (dir)."""
    if scope == "user":
        return Path.home() / ".claude" / "skills" / SKILL_NAME
    if scope == "project":
        return Path.cwd() / ".claude" / "skills" / SKILL_NAME
    if scope == "dir" and base is not None:
        return base / SKILL_NAME
    raise ValueError(scope)


def install_skill(target: Path, force: bool = False) -> list[Path]:
    """Copy the skill into ``target``; with ``force`` replace a previous install of it.

    The copy is assembled beside ``target`` and moved into place, so a failure leaves either the
    old install or the new one, never half of each.
    """
    files = skill_files()
    if os.path.lexists(target):
        if not target.is_dir():
            raise TemplateError(f"{target} exists and is not a directory")
        if any(target.iterdir()):
            if not force:
                raise TemplateError(f"{target} already exists; use --force to replace it")
            if not (target / "SKILL.md").is_file():
                raise TemplateError(
                    f"{target} is not empty and holds no SKILL.md, so it is not a skill install; "
                    "refusing to replace it even with --force"
                )
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        write_files(staging, files)
        os.chmod(staging, 0o777 & ~_umask())
        if os.path.lexists(target):
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            os.rmdir(old)
            os.replace(target, old)
            os.replace(staging, target)
            _rmtree(old)
        else:
            os.replace(staging, target)
    except BaseException:
        _rmtree(staging)
        raise
    return [target.joinpath(*f.rel.split("/")) for f in files]


def _rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)
