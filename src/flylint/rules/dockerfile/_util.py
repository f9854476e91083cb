"""Helpers shared by the Dockerfile rules (not a rule: the registry skips ``_`` modules).

- which fly config builds a Dockerfile, and which stage Fly runs (``[build] build-target``);
- the *run chain*: the stage Fly runs plus the earlier stages it is built ``FROM``;
- variable resolution for ``FROM``/``WORKDIR`` (global ARG defaults, ``[build.args]``,
  stage ARG/ENV), returning ``None`` when a value cannot be known;
- image reference parsing; shell commands of RUN instructions (skipping non-POSIX SHELLs);
- option parsing for package-manager command lines.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from flylint.base.lazyre import LazyPattern, lazy
from flylint.base.records import record
from flylint.linter.parsers.dockerfile import Dockerfile, Instruction, Stage
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.parsers.jsonarray import string_array_spans
from flylint.linter.parsers.shell import Command, Word
from flylint.linter.registry import RuleContext

T = TypeVar("T")

POSIX_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"})
SHELL_NAMES = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"})


def on_one_line(text: str, first: LazyPattern[str], then: LazyPattern[str]) -> bool:
    """Whether a line of ``text`` holds ``first`` and, after it, ``then``: the regex
    ``first[^\\n]*then`` without its cost (tried from every ``first``, it scanned to the end of
    the line each time, so a line of them was quadratic). The first ``first`` of a line leaves
    the most room after it, so it is the only one tried. As in that regex, ``then`` may start at
    the line break and go on (``\\s/bin/sh\\s`` ends with it); it must be short (16 characters)."""
    start, size = 0, len(text)
    while start <= size:
        eol = text.find("\n", start)
        eol = size if eol < 0 else eol
        m = first.search(text, start, eol)
        if m is not None:
            found = then.search(text, m.end(), min(size, eol + 17))
            if found is not None and found.start() <= eol:
                return True
        start = eol + 1
    return False


# -- fly config ------------------------------------------------------------------------
def same_path(a: str, b: str) -> bool:
    return os.path.abspath(a) == os.path.abspath(b)


def fly_config(df: Dockerfile, ctx: RuleContext) -> FlyConfig | None:
    """The parsed fly config whose build uses this Dockerfile, or ``None``."""
    return ctx.project.config_for_dockerfile(df.source.path)


def build_target(cfg: FlyConfig | None) -> str | None:
    """``[build] build_target`` (wins when both spellings are present) or ``build-target``."""
    if cfg is None:
        return None
    build = cfg.data.get("build")
    if not isinstance(build, dict):
        return None
    value = build.get("build_target") or build.get("build-target")
    return value if isinstance(value, str) and value else None


def build_args(cfg: FlyConfig | None) -> dict[str, str]:
    if cfg is None:
        return {}
    args = cfg.data.get("build", {}).get("args") if isinstance(cfg.data.get("build"), dict) else None
    if not isinstance(args, dict):
        return {}
    return {str(k): str(v) for k, v in args.items() if isinstance(v, (str, int, float)) and not isinstance(v, bool)}


def run_stage(df: Dockerfile, ctx: RuleContext, cfg: FlyConfig | None = None) -> Stage | None:
    """The stage Fly.io runs: the ``build-target`` stage of the fly config, else the last."""
    if cfg is None:
        cfg = fly_config(df, ctx)
    return df.target_stage(build_target(cfg))


def parent_stage(df: Dockerfile, stage: Stage) -> Stage | None:
    """The earlier stage that ``stage`` is built ``FROM`` (``FROM base AS app``), if any."""
    if not stage.image:
        return None
    import bisect

    named = df.stages_named(stage.image)
    k = bisect.bisect_left(named, stage.index)  # the last stage of that name before this one
    return df.stages[named[k - 1]] if k else None


def stage_chain(df: Dockerfile, stage: Stage) -> list[Stage]:
    """``stage`` and the stages it inherits from, root first (the layers of its image)."""
    chain = [stage]
    seen = {stage.index}
    current = stage
    while True:
        parent = parent_stage(df, current)
        if parent is None or parent.index in seen:
            break
        chain.append(parent)
        seen.add(parent.index)
        current = parent
    chain.reverse()
    return chain


def run_chain(df: Dockerfile, ctx: RuleContext, cfg: FlyConfig | None = None) -> list[Stage]:
    """The stages whose instructions end up in the image Fly runs, root first."""
    stage = run_stage(df, ctx, cfg)
    return stage_chain(df, stage) if stage is not None else []


def chain_instructions(chain: Iterable[Stage]) -> Iterator[Instruction]:
    for st in chain:
        yield from st.instructions


# -- variables -------------------------------------------------------------------------
_VAR = lazy(r"\\\$|\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))")


# a substituted value longer than this is taken as unknown: ENV A1=$A0$A0$A0, A2=$A1$A1$A1 …
# would otherwise grow threefold a line (40 lines: more memory than any machine has)
MAX_RESOLVED = 64 * 1024


def resolve(text: str, values: dict[str, str | None]) -> str | None:
    """Substitute ``$VAR``/``${VAR}``/``${VAR:-default}``; ``None`` when a value is unknown
    (or the result would be longer than :data:`MAX_RESOLVED`)."""
    unknown = False
    size = len(text)

    def sub(m: re.Match[str]) -> str:
        nonlocal unknown, size
        out = _sub(m)
        size += len(out)
        if size > MAX_RESOLVED:
            unknown = True
            return ""
        return out

    def _sub(m: re.Match[str]) -> str:
        nonlocal unknown
        if unknown:
            return ""
        if m.group(0) == "\\$":
            return "$"
        name = m.group(1) or m.group(4)
        op = m.group(2)
        word = m.group(3) or ""
        value = values.get(name)
        if op in (":-", "-"):
            if value is None or (op == ":-" and value == ""):
                return resolve(word, values) or ("" if not word else _mark())
            return value
        if op in (":+", "+"):
            if value is None and name not in values:
                unknown = True
                return ""
            return word if (value or op == "+") else ""
        if value is None:
            unknown = True
            return ""
        return value

    def _mark() -> str:
        nonlocal unknown
        unknown = True
        return ""

    out = _VAR.sub(sub, text)
    return None if unknown else out


def global_arg_values(df: Dockerfile, cfg: FlyConfig | None = None) -> dict[str, str | None]:
    """Global ARGs (before the first FROM) with defaults, overridden by ``[build.args]``."""
    values: dict[str, str | None] = {}
    overrides = build_args(cfg)
    for ins in df.global_args:
        for p in ins.pairs:
            default = resolve(p.value, values) if p.value is not None else None
            values[p.key] = overrides.get(p.key, default)
    return values


def stage_values(df: Dockerfile, chain: list[Stage], upto: Instruction | None,
                 cfg: FlyConfig | None = None) -> dict[str, str | None]:
    """Variables visible at ``upto`` (exclusive) in the last stage of ``chain``.

    ARG defaults (a bare ``ARG NAME`` picks up the global default), ``[build.args]``
    overrides and ENV values; unknown values are ``None``. Variables the base image sets are
    not known and stay absent.

    The walk is memoised on the model and resumed from where the last call stopped, so asking
    at every instruction in file order is one pass. The dict returned is the walk's own: read
    it before the next call (which moves it on), never change it.
    """
    if not chain:
        return {}
    # the same Dockerfile may be read with several fly configs (and a fix changes a config's text)
    who = (cfg.source.path, hash(cfg.source.text)) if cfg is not None else None
    key = ("stage-values", chain[-1].index, len(chain), who)
    cursor = df.memo.get(key)
    flat = cursor[0] if cursor is not None else [ins for st in chain for ins in st.instructions]
    order = cursor[1] if cursor is not None else {ins.start: k for k, ins in enumerate(flat)}
    target = order.get(upto.start, len(flat)) if upto is not None else len(flat)
    if cursor is None or cursor[2] > target:  # asked for an earlier point: start again
        cursor = [flat, order, 0, {}, global_arg_values(df, cfg), build_args(cfg)]
        df.memo[key] = cursor
    _, _, done, values, globals_, overrides = cursor
    for ins in flat[done:target]:
        if ins.keyword == "ARG":
            for p in ins.pairs:
                if p.key in overrides:
                    values[p.key] = overrides[p.key]
                elif p.value is not None:
                    values[p.key] = resolve(p.value, values)
                else:
                    values[p.key] = globals_.get(p.key)
        elif ins.keyword == "ENV":
            for p in ins.pairs:
                values[p.key] = resolve(p.value, values) if p.value is not None else None
    cursor[2] = target
    return values


# -- images ----------------------------------------------------------------------------
def split_image(ref: str) -> tuple[str, str | None, str | None]:
    """``(name, tag, digest)`` of an image reference (``registry:5000/a/b:tag@sha256:…``)."""
    digest = None
    if "@" in ref:
        ref, digest = ref.split("@", 1)
    tag = None
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    if colon > slash:
        ref, tag = ref[:colon], ref[colon + 1 :]
    return ref, tag, digest


def resolved_image(df: Dockerfile, stage: Stage, cfg: FlyConfig | None = None) -> str | None:
    """The stage's ``FROM`` image with global ARGs substituted, ``None`` when unknown."""
    return resolve(stage.image, global_arg_values(df, cfg))


def is_stage_reference(df: Dockerfile, stage: Stage) -> bool:
    return parent_stage(df, stage) is not None


# -- shell -----------------------------------------------------------------------------
def posix_shell(stage_chain_: list[Stage], ins: Instruction) -> bool:
    """False when a ``SHELL`` before ``ins`` switched to a non-POSIX shell (PowerShell, cmd).

    Costs one pass over the chain: to ask for every instruction use :func:`shell_runs` or
    :func:`shell_in_effect`.
    """
    shell_ins: Instruction | None = None
    for st in stage_chain_:
        for i in st.instructions:
            if i is ins:
                return is_posix(shell_ins)
            if i.keyword == "SHELL" and i.exec_form:
                shell_ins = i
    return is_posix(shell_ins)


def is_posix(shell_ins: Instruction | None) -> bool:
    if shell_ins is None or not shell_ins.exec_form:
        return True
    name = shell_ins.exec_form[0].replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name in POSIX_SHELLS


def inherited(df: Dockerfile, stage: Stage, name: str, start: T, step: Callable[[T, Instruction], T]) -> T:
    """A fact about the image ``stage`` starts from: ``step`` folded over the instructions of
    the stages it is built ``FROM`` (root first, ``stage`` itself excluded) from ``start``.

    Memoised per stage under ``name``, so asking for every stage of a chain of thousands of
    stages costs one pass over the file instead of one per stage.
    """
    memo = df.memo
    ends: dict[int, T] = memo.setdefault(("inherited", name), {})  # stage index -> value after it
    todo: list[Stage] = []  # stage, its parent, … up to a stage whose parent's value is known
    seen: set[int] = set()
    value = start
    current = parent_stage(df, stage)
    while current is not None and current.index not in seen:
        if current.index in ends:
            value = ends[current.index]
            break
        seen.add(current.index)  # parents come earlier in the file, but never loop
        todo.append(current)
        current = parent_stage(df, current)
    for st in reversed(todo):  # root first
        for i in st.instructions:
            value = step(value, i)
        ends[st.index] = value
    return value


def _last_shell(current: Instruction | None, i: Instruction) -> Instruction | None:
    return i if i.keyword == "SHELL" and i.exec_form else current


def shell_in_effect(df: Dockerfile, stage: Stage) -> Iterator[tuple[Instruction, Instruction | None]]:
    """Each instruction of ``stage`` with the ``SHELL`` instruction in effect for it (``None``:
    the default ``/bin/sh -c``), the stages it is built from included. One pass."""
    shell = inherited(df, stage, "shell", None, _last_shell)
    for i in stage.instructions:
        yield i, shell
        if i.keyword == "SHELL" and i.exec_form:
            shell = i


def shell_runs(df: Dockerfile, stage: Stage) -> Iterator[Instruction]:
    """The shell-form and heredoc ``RUN`` instructions of ``stage`` run by a POSIX shell (a
    ``SHELL`` switching to PowerShell or cmd turns the RUNs after it off); worked out once per
    stage for all the rules that ask."""
    key = ("shell_runs", stage.index)
    runs = df.memo.get(key)
    if runs is None:
        runs = df.memo[key] = [ins for ins, shell in shell_in_effect(df, stage)
                               if ins.keyword == "RUN" and (ins.exec_form is None or ins.heredocs)
                               and is_posix(shell)]
    return iter(runs)


def run_commands(df: Dockerfile, stages: Iterable[Stage] | None = None) -> Iterator[tuple[Instruction, Command]]:
    """(RUN instruction, shell command) for shell-form and heredoc RUNs in ``stages``."""
    wanted = list(stages) if stages is not None else list(df.stages)
    for st in wanted:
        for ins in shell_runs(df, st):
            for cmd in ins.shell().commands:
                yield ins, cmd


def run_scripts(df: Dockerfile, stages: Iterable[Stage] | None = None) -> Iterator[tuple[Instruction, list[Command]]]:
    """(RUN instruction, its commands) for shell-form and heredoc RUNs in ``stages``."""
    wanted = list(stages) if stages is not None else list(df.stages)
    for st in wanted:
        for ins in shell_runs(df, st):
            yield ins, list(ins.shell().commands)


def argv_of(cmd: Command) -> list[Word]:
    """The command's words with wrappers (``sudo``, ``env K=V``, ``exec``) peeled off."""
    return cmd.effective_argv()


def basename(word: Word | str) -> str:
    text = word.text if isinstance(word, Word) else word
    return text.rsplit("/", 1)[-1]


@record(slots=True)
class Opt:
    name: str  # "-y" for a short option, "--yes" for a long one
    value: str | None  # the option's argument, when it takes one
    word: Word


def parse_args(words: list[Word], with_arg: str = "",
               long_with_arg: Iterable[str] = ()) -> tuple[list[Opt], list[Word]]:
    """Split ``words`` (after the command name) into options and operands.

    ``with_arg``: short option letters that take an argument (``-o FILE`` / ``-oFILE``);
    ``long_with_arg``: long option names (no dashes) that take one when not written
    ``--name=value``. Bundled short options (``-fsSL``) give one :class:`Opt` per letter.
    ``--`` ends the options.
    """
    longs = frozenset(long_with_arg)
    opts: list[Opt] = []
    operands: list[Word] = []
    i = 0
    n = len(words)
    while i < n:
        w = words[i]
        t = w.text
        if t == "--":
            operands.extend(words[i + 1 :])
            break
        if t.startswith("--") and len(t) > 2:
            name, eq, value = t[2:].partition("=")
            if not eq and name in longs and i + 1 < n:
                i += 1
                opts.append(Opt("--" + name, words[i].text, w))
            else:
                opts.append(Opt("--" + name, value if eq else None, w))
        elif t.startswith("-") and len(t) > 1:
            letters = t[1:]
            for k, ch in enumerate(letters):
                if ch in with_arg:
                    rest = letters[k + 1 :]
                    if rest:
                        opts.append(Opt("-" + ch, rest, w))
                    elif i + 1 < n:
                        i += 1
                        opts.append(Opt("-" + ch, words[i].text, w))
                    else:
                        opts.append(Opt("-" + ch, None, w))
                    break
                opts.append(Opt("-" + ch, None, w))
        else:
            operands.append(w)
        i += 1
    return opts, operands


def has_opt(opts: list[Opt], *names: str) -> bool:
    return any(o.name in names for o in opts)


def line_indent_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


# -- COPY / ADD / EXPOSE arguments -----------------------------------------------------
@record(slots=True)
class Arg:
    text: str  # quotes removed
    start: int  # file offsets of the argument as written
    end: int


def split_rest(ins: Instruction) -> list[Arg]:
    """The arguments after the flags (JSON array form or whitespace-separated), with offsets."""
    rest = ins.rest
    base = ins.rest_index
    if rest.lstrip().startswith("["):
        spans = string_array_spans(rest.strip())
        if spans is not None:
            lead = len(rest) - len(rest.lstrip())
            return [Arg(v, *ins.args_range(base + lead + k, base + lead + e)) for v, k, e in spans]
    out = []
    for m in re.finditer(r"\S+", rest):
        s, e = ins.args_range(base + m.start(), base + m.end())
        text = m.group(0)
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
            text = text[1:-1]
        out.append(Arg(text, s, e))
    return out


def copy_sources(ins: Instruction) -> tuple[list[Arg], Arg | None]:
    """``(sources, destination)`` of a COPY/ADD; heredoc sources (``<<EOF``) are left out."""
    args = split_rest(ins)
    if len(args) < 2:
        return [], (args[0] if args else None)
    sources = [a for a in args[:-1] if not a.text.startswith("<<")]
    return sources, args[-1]


def is_url(text: str) -> bool:
    return bool(re.match(r"(?i)^(https?|ftp)://", text))


def is_git_source(text: str) -> bool:
    return bool(re.match(r"(?i)^(git@|git://|ssh://)", text)) or bool(
        re.match(r"(?i)^https?://", text) and re.search(r"\.git(#|$)", text)
    )


def word_span(ins: Instruction, index: int) -> tuple[int, int]:
    """File offsets of the ``index``-th whitespace-separated word after the flags."""
    args = split_rest(ins)
    if 0 <= index < len(args):
        return args[index].start, args[index].end
    return ins.start, ins.end


# -- secret files ----------------------------------------------------------------------
_PUBLIC_KEY_FILE = lazy(r"(^|[._-])(pub|public)([._-]|$)|(pub|public)key", re.IGNORECASE)
_SECRET_FILE = lazy(
    r"""^(
        \.env(\.(?!(example|sample|template|dist|defaults?|schema|tpl|ci)$)[\w.-]+)?
        |secrets?\.env
        |id_(rsa|dsa|ecdsa|ed25519)
        |[\w.-]*\.(key|p12|pfx)
        |[\w.-]*(key|priv)[\w.-]*\.pem
        |credentials(\.json)?|[\w.-]*-credentials\.json|service[-_]account[\w.-]*\.json
        |client_secret[\w.-]*\.json
        |\.netrc|\.pypirc|\.git-credentials
    )$""",
    re.VERBOSE | re.IGNORECASE,
)
_SECRET_DIRS = frozenset({".ssh", ".aws", ".gnupg", ".docker"})


def secret_file_kind(path: str) -> str | None:
    """A short description when ``path`` names a file or directory that typically holds secrets."""
    parts = [p for p in path.replace("\\", "/").strip("/").split("/") if p not in ("", ".")]
    if not parts:
        return None
    name = parts[-1]
    if name.endswith(".pub") or _PUBLIC_KEY_FILE.search(name):
        return None  # a public key (id_rsa.pub, rsa_key.pub.pem, oauth-public.key) is meant to be shared
    if name in _SECRET_DIRS:
        return f"the {name} directory"
    if any(p in _SECRET_DIRS for p in parts[:-1]):
        return f"a file from {next(p for p in parts if p in _SECRET_DIRS)}"
    if _SECRET_FILE.match(name):
        if name.lower().startswith(".env") or name.lower().endswith(".env"):
            return "an environment file"
        if name.lower().startswith("id_") or name.lower().endswith((".key", ".pem", ".p12", ".pfx")):
            return "a private key"
        return "a credentials file"
    return None


# -- build context ---------------------------------------------------------------------
WHOLE_CONTEXT = frozenset({".", "./", "./.", "*", "./*", "/"})


def build_context(df_path: str, ctx: RuleContext, cfg: FlyConfig | None) -> tuple[str, str]:
    """``(context directory, ignore-file path)`` for a build of the Dockerfile at ``df_path``.

    With a fly config: its directory, and the ignore file flyctl reads (``[build] ignorefile``,
    ``<Dockerfile>.dockerignore``, ``.dockerignore``). Without one: the Dockerfile's directory.
    """
    if cfg is not None:
        return ctx.project.build_dir(cfg), ctx.project.ignorefile_path_for(df_path, cfg)
    base = os.path.dirname(os.path.abspath(df_path))
    specific = df_path + ".dockerignore"
    if ctx.project.isfile(specific):
        return base, specific
    return base, os.path.join(base, ".dockerignore")


def whole_context_copy(stage: Stage) -> Instruction | None:
    """The first COPY/ADD in ``stage`` that copies the whole build context (``COPY . .``)."""
    for ins in stage.instructions:
        if ins.keyword in ("COPY", "ADD") and ins.flag("from") is None:
            sources, _ = copy_sources(ins)
            if any(s.text in WHOLE_CONTEXT for s in sources):
                return ins
    return None


# -- references to other stages -------------------------------------------------------------
def from_references(ins: Instruction) -> list[tuple[str, int, int]]:
    """``(name, start, end)`` for ``COPY --from=`` and ``RUN --mount=…from=…`` on ``ins``."""
    out = []
    if ins.keyword in ("COPY", "ADD"):
        f = ins.flag("from")
        if f is not None and f.value:
            out.append((f.value.strip("\"'"), f.start, f.end))
    elif ins.keyword == "RUN":
        for f in ins.flags_named("mount"):
            m = re.search(r"(?:^|,)from=([^,\s]+)", f.value or "")
            if m:
                out.append((m.group(1).strip("\"'"), f.start, f.end))
    return out


# -- where the build context ends up ----------------------------------------------------------
FINAL, BUILDER, NOWHERE = "final", "builder", "nowhere"


def _abs(path: str | None, workdir: str | None) -> str | None:
    """``path`` made absolute against ``workdir`` (POSIX, normalised); ``None`` when unknown."""
    import posixpath

    if path is None:
        return None
    if path.startswith("/"):
        return posixpath.normpath(path)
    if workdir is None:
        return None
    return posixpath.normpath(posixpath.join(workdir, path))


def _inside(path: str, directory: str) -> bool:
    return path == directory or directory == "/" or path.startswith(directory.rstrip("/") + "/")


def context_reach(df: Dockerfile, ctx: RuleContext, cfg: FlyConfig | None = None) -> str:
    """Where a whole-context copy (``COPY . .``) ends up: FINAL (in the image Fly runs), BUILDER
    (only in stages the image copies build outputs from) or NOWHERE (no such copy).

    Follows each stage's WORKDIR, stages built ``FROM`` another, and ``COPY --from`` of a
    directory that holds (or is) the place the context was copied to, as in
    ``COPY --from=build /app /app``; copying ``/app/dist`` brings only build outputs. A path
    that cannot be resolved counts as reaching (the claim then stays as cautious as before).
    """
    import posixpath

    run = run_stage(df, ctx, cfg)
    if run is None:
        return NOWHERE
    spots: dict[int, list[str | None]] = {}  # stage index -> where the whole context sits in it
    any_copy = False
    for st in df.stages:
        parent = parent_stage(df, st)
        here: list[str | None] = list(spots.get(parent.index, [])) if parent is not None else []
        chain = stage_chain(df, st)
        workdir: str | None = "/"
        if parent is not None:
            workdir = _stage_workdir(df, parent, cfg)
        for ins in st.instructions:
            if ins.keyword == "WORKDIR":
                values = stage_values(df, chain, ins, cfg)
                raw = ins.rest.strip().strip("'\"")
                text = resolve(raw, values) if "$" in raw else raw
                workdir = _abs(text, workdir) if text is not None else None
            elif ins.keyword in ("COPY", "ADD"):
                sources, dest = copy_sources(ins)
                if dest is None:
                    continue
                values = stage_values(df, chain, ins, cfg)
                dtext = resolve(dest.text, values) if "$" in dest.text else dest.text
                target = _abs(dtext, workdir) if dtext is not None else None
                src_stage = ins.flag("from")
                if src_stage is None or src_stage.value is None:
                    if any(s.text in WHOLE_CONTEXT for s in sources):
                        any_copy = True
                        here.append(target)
                    continue
                other = df.stage_named(src_stage.value)
                if other is None:
                    other = df.stage_numbered(src_stage.value)
                if other is None or other.index >= st.index:
                    continue  # an external image
                for spot in spots.get(other.index, []):
                    for s in sources:
                        src = posixpath.normpath("/" + s.text.strip("/").rstrip("*").rstrip("/"))
                        if spot is None or "$" in s.text:
                            here.append(target)
                        elif _inside(spot, src):  # the copied directory holds the context
                            rel = posixpath.relpath(spot, src)
                            here.append(None if target is None else posixpath.normpath(posixpath.join(target, rel)))
        spots[st.index] = here
    if spots.get(run.index):
        return FINAL
    return BUILDER if any_copy else NOWHERE


def _stage_workdir(df: Dockerfile, stage: Stage, cfg: FlyConfig | None) -> str | None:
    """The WORKDIR in effect at the end of ``stage`` (following the stages it is built FROM)."""
    workdir: str | None = "/"
    chain = stage_chain(df, stage)
    for st in chain:
        for ins in st.instructions:
            if ins.keyword == "WORKDIR":
                values = stage_values(df, chain, ins, cfg)
                raw = ins.rest.strip().strip("'\"")
                text = resolve(raw, values) if "$" in raw else raw
                workdir = _abs(text, workdir) if text is not None else None
    return workdir
