"""Downloads executed as code: ``curl … | sh``, ``sh -c "$(curl …)"``, ``bash <(wget -O- …)``.

Shared by DKR005 (Dockerfile RUN) and SH007 (deploy scripts and workflow steps). Not a rule module.
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.parsers.shell import Command, ShellScript
from flylint.rules.dockerfile._util import SHELL_NAMES, basename, parse_args

_INTERPRETERS = lazy(r"^(python[0-9.]*|perl|ruby|node|php[0-9.]*|pwsh|deno|bun)$")
_CURL_ARG = "bcCdDeEFHKmoPQrtTuUwxXyYz"
_WGET_ARG = "OoaAdDeiIlnPQRTtUwYyBhX"


def fetches_to_stdout(cmd: Command) -> bool:
    """True for ``curl``/``wget`` invocations whose download goes to standard output."""
    argv = cmd.effective_argv()
    if not argv:
        return False
    name = basename(argv[0])
    if name == "curl":
        opts, _ = parse_args(argv[1:], _CURL_ARG, ("output", "remote-name-all", "config", "header", "data", "user"))
        return not any(o.name in ("-o", "--output", "-O", "--remote-name", "--remote-name-all") and
                       o.value not in ("-", "/dev/stdout") for o in opts)
    if name == "wget":
        opts, _ = parse_args(argv[1:], _WGET_ARG, ("output-document",))
        return any(o.name in ("-O", "--output-document") and o.value in ("-", "/dev/stdout") for o in opts)
    return False


def runs_stdin(cmd: Command) -> bool:
    """True when ``cmd`` is an interpreter that takes its program from standard input."""
    argv = cmd.effective_argv()
    if not argv:
        return False
    name = basename(argv[0])
    rest = [w.text for w in argv[1:]]
    if name in SHELL_NAMES:
        opts, operands = parse_args(argv[1:], "o", ("rcfile", "init-file"))
        if any(o.name == "-c" for o in opts):
            return False
        return not operands or any(o.name == "-s" for o in opts) or operands[0].text == "-"
    if _INTERPRETERS.match(name):
        return not rest or rest[0] == "-" or (name.startswith("php") and rest[0] == "--")
    return False


def remote_executions(script: ShellScript) -> Iterator[tuple[Command, Command]]:
    """(downloader, executor) pairs in ``script``."""
    cmds = script.commands
    for pipeline in script.pipelines():
        for i, cmd in enumerate(pipeline[:-1]):
            if fetches_to_stdout(cmd):
                for later in pipeline[i + 1 :]:
                    if runs_stdin(later):
                        yield cmd, later
                        break
    for k, cmd in enumerate(cmds):
        argv = cmd.effective_argv()
        if not argv:
            continue
        name = basename(argv[0])
        # sh -c "$(curl …)", eval "$(curl …)", source <(curl …), bash <(curl …)
        subst_words = []
        if name in SHELL_NAMES:
            for j, w in enumerate(argv[1:-1], 1):
                if w.text == "-c" and argv[j + 1].has_substitution:
                    subst_words.append(argv[j + 1])
        elif name == "eval":
            subst_words = [w for w in argv[1:] if w.has_substitution]
        for w in subst_words:
            for inner in cmds:
                if inner.nested and w.start <= inner.start < w.end and fetches_to_stdout(inner):
                    yield inner, cmd
                    break
        if ((name in SHELL_NAMES or name in ("source", "."))
                and cmd.op_after == "(" and any(r.op == "<" and r.target is None for r in cmd.redirects)
                and k + 1 < len(cmds) and fetches_to_stdout(cmds[k + 1])):
            yield cmds[k + 1], cmd
