"""Package-manager command lines (apt-get, apt, apk, yum/dnf, zypper, pip, npm …) parsed once.

``pkg_call(cmd)`` gives the tool, its subcommand, options (with their arguments) and the
operands after the subcommand, so rules can ask "is this ``apt-get install`` without ``-y``?"
without re-implementing option parsing. Not a rule module.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from flylint.base.lazyre import lazy
from flylint.base.records import record
from flylint.linter.parsers.dockerfile import Instruction
from flylint.linter.parsers.shell import Command, Word
from flylint.rules.dockerfile._util import Opt, basename, has_opt, parse_args

APT_TOOLS = frozenset({"apt-get", "apt"})
RPM_TOOLS = frozenset({"yum", "dnf", "microdnf", "tdnf"})
PIP_NAME = lazy(r"^pip[0-9.]*$")
PYTHON_NAME = lazy(r"^python[0-9.]*$")

# (short letters with an argument, long options with an argument)
_ARGS: dict[str, tuple[str, frozenset[str]]] = {
    "apt": ("octa", frozenset({"option", "config-file", "target-release", "default-release",
                               "host-architecture", "build-profiles"})),
    "apk": ("Xpt", frozenset({"repository", "root", "virtual", "arch", "cache-dir", "keys-dir",
                              "repositories-file", "cache-max-age"})),
    "rpm": ("cdexR", frozenset({"setopt", "enablerepo", "disablerepo", "releasever", "installroot",
                                "exclude", "config", "repo", "repofrompath", "forcearch"})),
    "zypper": ("rRDCt", frozenset({"repo", "root", "reposd-dir", "cache-dir", "type", "from"})),
    "pip": ("rceitf", frozenset({"requirement", "constraint", "editable", "index-url", "extra-index-url",
                                 "trusted-host", "target", "prefix", "root", "find-links", "src",
                                 "upgrade-strategy", "platform", "python-version", "implementation",
                                 "abi", "cache-dir", "log", "proxy", "retries", "timeout", "exists-action",
                                 "cert", "client-cert", "progress-bar", "no-binary", "only-binary",
                                 "config-settings", "global-option", "report", "python"})),
    "npm": ("", frozenset({"omit", "include", "workspace", "prefix", "registry", "cache", "loglevel"})),
    "yarn": ("", frozenset({"cwd", "registry", "cache-folder", "modules-folder"})),
    "pnpm": ("C", frozenset({"dir", "filter", "registry"})),
}


@record(slots=True)
class PkgCall:
    tool: str  # apt-get, apt, apk, yum, dnf, microdnf, tdnf, zypper, rpm, pip, npm, yarn, pnpm
    family: str  # key into _ARGS ("apt", "apk", "rpm", "zypper", "pip", "npm", "yarn", "pnpm")
    sub: str  # subcommand ("install", "update" …), "" when none
    sub_word: Word | None
    opts: list[Opt]
    operands: list[Word]  # operands after the subcommand
    tool_word: Word
    cmd: Command

    def has(self, *names: str) -> bool:
        return has_opt(self.opts, *names)

    def opt_values(self, *names: str) -> list[str]:
        return [o.value for o in self.opts if o.name in names and o.value is not None]


def pkg_call(cmd: Command) -> PkgCall | None:
    """The package manager call ``cmd`` makes, or ``None``; worked out once per command for all
    the rules that ask (kept in ``cmd.memo``): read it, never change it."""
    if cmd.memo is None:
        cmd.memo = {}
    elif "pkg_call" in cmd.memo:
        return cast("PkgCall | None", cmd.memo["pkg_call"])
    call = cmd.memo["pkg_call"] = _analyse(cmd)
    return call


def _analyse(cmd: Command) -> PkgCall | None:
    argv = cmd.effective_argv()
    if not argv:
        return None
    name = basename(argv[0])
    rest = argv[1:]
    tool_word = argv[0]
    if PYTHON_NAME.match(name) and len(rest) >= 2 and rest[0].text == "-m" and rest[1].text in ("pip", "pip3"):
        name, tool_word, rest = "pip", rest[1], rest[2:]
    if name in APT_TOOLS:
        family = "apt"
    elif name in RPM_TOOLS:
        family = "rpm"
    elif name == "apk":
        family = "apk"
    elif name == "zypper":
        family = "zypper"
    elif PIP_NAME.match(name):
        family, name = "pip", "pip"
    elif name in ("npm", "yarn", "pnpm"):
        family = name
    elif name == "rpm":
        family = "rpm"
    else:
        return None
    short, longs = _ARGS[family]
    opts, operands = parse_args(rest, short, longs)
    sub_word = operands[0] if operands else None
    sub = sub_word.text if sub_word is not None else ""
    return PkgCall(name, family, sub, sub_word, opts, operands[1:], tool_word, cmd)


def insert_after(word: Word, text: str) -> tuple[int, int, str]:
    """An edit (start, end, content) that inserts `` text`` right after ``word``."""
    return word.end, word.end, " " + text


# -- cleaning up after a package manager ----------------------------------------------------
def cache_mounted(ins: Instruction, *paths: str) -> bool:
    for f in ins.flags_named("mount"):
        value = (f.value or "").replace('"', "")
        if "type=cache" in value and any(p in value for p in paths):
            return True
    return False


def removes(commands: Iterable[Command], *paths: str) -> bool:
    for cmd in commands:
        argv = cmd.effective_argv()
        if argv and argv[0].text.rsplit("/", 1)[-1] in ("rm", "find") and any(
                p in w.text for w in argv[1:] for p in paths):
            return True
    return False
