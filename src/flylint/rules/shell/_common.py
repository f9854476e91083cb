"""Helpers shared by the deploy-script rules (not a rule: the registry skips ``_`` modules)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.base.records import field, record
from flylint.linter.parsers.shell import Command, ShellScript, Word

TOKEN_VARS = frozenset({"FLY_API_TOKEN", "FLY_ACCESS_TOKEN"})
BASH_LIKE = frozenset({"bash", "zsh", "ksh", "mksh"})
POSIX_SH = frozenset({"sh", "dash", "ash", "busybox"})
_SHORT_TO_LONG = {"e": "errexit", "u": "nounset", "x": "xtrace"}


def basename(text: str) -> str:
    return text.rsplit("/", 1)[-1]


def shell_of(script: ShellScript) -> str:
    """``bash``, ``sh``, ``zsh`` … from the shebang (``sh`` when there is none)."""
    parts = script.shebang.split()
    if not parts:
        return "sh"
    name = basename(parts[0])
    if name == "env":
        rest = [p for p in parts[1:] if not p.startswith("-") and "=" not in p]
        name = basename(rest[0]) if rest else "sh"
    return name


def shebang_flags(script: ShellScript) -> tuple[set[str], int]:
    """Long option names switched on by flags in the shebang (``#!/bin/bash -eu``), and its end offset."""
    if not script.shebang:
        return set(), 0
    parts = script.shebang.split()
    out: set[str] = set()
    seen_shell = False
    it = iter(range(len(parts)))
    for i in it:
        p = parts[i]
        name = basename(p)
        if not seen_shell:
            if name in BASH_LIKE or name in POSIX_SH:
                seen_shell = True
            continue
        if p.startswith("-") and not p.startswith("--"):
            letters = p[1:]
            for ch in letters:
                if ch in _SHORT_TO_LONG:
                    out.add(_SHORT_TO_LONG[ch])
            if letters.endswith("o") and i + 1 < len(parts):
                out.add(parts[i + 1])
    end = script.text.find("\n")
    return out, (len(script.text) if end == -1 else end)


@record
class SetCommand:
    """One ``set`` builtin invocation with only option arguments."""

    command: Command
    on: set[str] = field(default_factory=set)  # long names switched on (errexit, nounset, pipefail, xtrace …)
    off: set[str] = field(default_factory=set)
    letters: list[str] = field(default_factory=list)  # short letters switched on, in order
    long_on: list[str] = field(default_factory=list)  # -o NAME, in order
    simple: bool = True  # only -abc and -o NAME words (safe to rewrite)


def parse_set(cmd: Command) -> SetCommand | None:
    """The options of a ``set`` command (``None`` for anything else, or ``set`` without options)."""
    argv = cmd.argv
    if not argv or argv[0].text != "set" or argv[0].quoted:
        return None
    words = argv[1:]
    if not words:
        return None
    sc = SetCommand(cmd)
    i = 0
    while i < len(words):
        t = words[i].text
        if t == "--" or not t or t[0] not in "-+" or words[i].has_expansion:
            sc.simple = False
            break  # positional parameters follow
        sign_on = t[0] == "-"
        letters = t[1:]
        if t.startswith(("--", "++")) or not letters:
            sc.simple = False
            i += 1
            continue
        if not sign_on:
            sc.simple = False
        for k, ch in enumerate(letters):
            if ch == "o":
                if k != len(letters) - 1 or i + 1 >= len(words):
                    sc.simple = False
                    break
                i += 1
                name = words[i].text
                (sc.on if sign_on else sc.off).add(name)
                if sign_on:
                    sc.long_on.append(name)
                break
            long = _SHORT_TO_LONG.get(ch, f"-{ch}")
            (sc.on if sign_on else sc.off).add(long)
            if sign_on and ch not in sc.letters:
                sc.letters.append(ch)
        i += 1
    return sc


def set_commands(script: ShellScript) -> list[SetCommand]:
    out: list[SetCommand] = []
    for cmd in script.commands:
        if cmd.nested:
            continue
        sc = parse_set(cmd)
        if sc is not None:
            out.append(sc)
    return out


def has_pipeline(script: ShellScript) -> bool:
    return any(c.op_after in ("|", "|&") for c in script.commands)


_VAR_REF = r"\$(?:\{(?P<b>[A-Za-z_][A-Za-z0-9_]*)(?P<op>[^}]*)\}|(?P<p>[A-Za-z_][A-Za-z0-9_]*))"
VAR_REF = lazy(_VAR_REF)


def full_refs(text: str, names: frozenset[str] | set[str]) -> list[str]:
    """Variables of ``names`` whose whole value is expanded in ``text``.

    ``${#VAR}`` (length), ``${VAR:0:4}`` (substring), ``${VAR:+set}`` (alternative) and
    ``${VAR%…}``/``${VAR#…}`` trims do not expand the secret itself.
    """
    out: list[str] = []
    for m in VAR_REF.finditer(text):
        if m.start() > 0 and text[m.start() - 1] == "\\":
            continue
        name = m.group("b") or m.group("p")
        if name not in names:
            continue
        op = m.group("op") or ""
        if m.group("b") is not None and op and not re.match(r"^:?[-?=]", op):
            continue
        if m.group("b") is None and text[m.start() + 1 : m.start() + 2] == "#":
            continue
        out.append(name)
    return out


def word_refs(words: list[Word], names: frozenset[str] | set[str]) -> Iterator[tuple[Word, str]]:
    for w in words:
        if not w.has_expansion:
            continue
        refs = full_refs(w.text, names)
        if refs:
            yield w, refs[0]


def stdout_redirected(cmd: Command, text: str) -> bool:
    """True when the command's standard output goes to a file (not to the terminal or stderr).

    ``text`` is the file text the command's offsets point into (for the fd number before ``>``).
    """
    for r in cmd.redirects:
        if r.op not in (">", ">>", ">|", ">&", "&>", "&>>"):
            continue
        written = text[r.start : r.end]
        m = re.match(r"\s*(\d*)", written)
        fd = m.group(1) if m else ""
        if fd not in ("", "1"):
            continue
        target = r.target.text if r.target is not None else ""
        if r.op == ">&" and target.isdigit():
            continue  # >&2 still prints, to stderr
        if target in ("/dev/stdout", "/dev/stderr", "/dev/tty"):
            continue
        return True
    return False
