"""Finds ``--access-token``/``-t`` on fly command lines (shared by SH003 and SH004)."""

from __future__ import annotations

from collections.abc import Iterator

from flylint.base.records import record
from flylint.linter.parsers.commands import CommandSite, ScriptModel, is_fly, iter_commands
from flylint.linter.parsers.shell import Word


@record(slots=True)
class TokenFlag:
    site: CommandSite
    flag: Word  # the word holding the flag
    value: Word | None  # the word holding the value (may be ``flag`` itself for --access-token=X / -tX)
    text: str  # the value as written, after quote removal
    name: str = "--access-token"  # the flag as written: --access-token or -t


def token_flags(model: ScriptModel) -> Iterator[TokenFlag]:
    for site in iter_commands(model):
        argv = site.command.effective_argv()
        if not argv or not is_fly(argv[0]):
            continue
        words = argv[1:]
        i = 0
        while i < len(words):
            w = words[i]
            t = w.text
            if t == "--":
                break
            if t == "--access-token" or t == "-t":
                value = words[i + 1] if i + 1 < len(words) else None
                yield TokenFlag(site, w, value, value.text if value is not None else "", t)
                i += 2
                continue
            if t.startswith("--access-token="):
                yield TokenFlag(site, w, w, t.partition("=")[2], "--access-token")
                i += 1
                continue
            if t.startswith("-t") and not t.startswith("--") and len(t) > 2:
                yield TokenFlag(site, w, w, t[2:].lstrip("="), "-t")
            i += 1
