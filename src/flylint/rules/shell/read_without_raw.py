"""A deploy script reads a token or secret with `read` but without `-r`.

## What it does
Flags `read` without `-r` in a deploy script when what it reads is a credential: a variable
named like one (`FLY_API_TOKEN`, `*TOKEN*`, `*SECRET*`, `*PASSWORD*`, `*API_KEY*`, `*PASS*`),
or a variable the script later hands to `fly secrets set`, `fly secrets import` (through a
pipe or here-document), `--access-token`/`-t`, or exports as `FLY_API_TOKEN`.

## Why is this bad?
Without `-r`, `read` treats a backslash as an escape character: `ab\\cd` becomes `abcd` and a
trailing backslash joins the next line. Generated tokens and passwords often contain
backslashes, so the script stores or uses a different secret than the one typed or piped in,
silently, and the app fails to authenticate later. Leading and trailing spaces are also
trimmed unless `IFS=` is set.

## Severity
Warning: `read` without -r mangles backslashes in tokens and passwords; reviewers ask for -r.

## Example
```bash
read -s -p "Database password: " DB_PASSWORD
fly secrets set DB_PASSWORD="$DB_PASSWORD" --app shop-api
```

Use instead:
```bash
IFS= read -rs -p "Database password: " DB_PASSWORD
printf 'DB_PASSWORD=%s\n' "$DB_PASSWORD" | fly secrets import --app shop-api
```

## Fix safety
Safe: adds `-r`, which only stops `read` from interpreting backslashes.

## References
- ShellCheck SC2162 (read without -r will mangle backslashes)
- POSIX `read`: https://pubs.opengroup.org/onlinepubs/9799919799/utilities/read.html
- CWE-116: Improper Encoding or Escaping of Output
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Applicability, Edit, Fix, Violation
from flylint.linter.parsers.commands import fly_subcommand
from flylint.linter.parsers.shell import Command, ShellScript
from flylint.linter.registry import RuleContext, rule

_SECRET_NAME = lazy(r"(?i)(token|secret|passw(or)?d|passphrase|api_?key|private_?key|credential|(^|_)pass($|_))")
_OPTS_WITH_ARG = frozenset("adinNptu")


def _read_vars(cmd: Command) -> tuple[bool, list[str]] | None:
    """(has -r, variable names) for a ``read`` command; ``None`` for anything else."""
    argv = cmd.argv
    if not argv or argv[0].text != "read" or argv[0].quoted:
        return None
    raw = False
    names: list[str] = []
    words = argv[1:]
    i = 0
    while i < len(words):
        t = words[i].text
        if t == "--":
            names.extend(w.text for w in words[i + 1 :])
            break
        if t.startswith("-") and len(t) > 1:
            letters = t[1:]
            for k, ch in enumerate(letters):
                if ch == "r":
                    raw = True
                if ch in _OPTS_WITH_ARG:
                    if k == len(letters) - 1:
                        i += 1  # the option's argument is the next word
                    break
        else:
            names.append(t)
        i += 1
    return raw, [n for n in names if n.isidentifier()]


def _secret_sinks(script: ShellScript) -> set[str]:
    """Variables passed to ``fly secrets``, ``--access-token``, or exported as the Fly token."""
    used: set[str] = set()
    for cmd in script.commands:
        sub = fly_subcommand(cmd)
        texts = [w.text for w in cmd.effective_argv()]
        if sub[:1] == ["secrets"] or any(t in ("--access-token", "-t") or t.startswith("--access-token=")
                                         for t in texts):
            for t in texts:
                used.update(_names_in(t))
        argv = cmd.argv
        if argv and argv[0].text == "export":
            for w in argv[1:]:
                name, _, value = w.text.partition("=")
                if name in ("FLY_API_TOKEN", "FLY_ACCESS_TOKEN"):
                    used.update(_names_in(value))
        for w in cmd.assignments:
            name, _, value = w.text.partition("=")
            if name in ("FLY_API_TOKEN", "FLY_ACCESS_TOKEN"):
                used.update(_names_in(value))
    return used


_NAME = lazy(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


def _names_in(text: str) -> set[str]:
    return set(_NAME.findall(text))


@rule(code="SH010", name="read-without-raw", target="shell", severity="warning", fix="safe",
      tags=("correctness", "secrets"), cwe=(116,), controls=("SOC2-CC6.1",))
def check(script: ShellScript, ctx: RuleContext) -> Iterator[Violation]:
    source = script.source
    if source is None:
        return
    sinks: set[str] | None = None
    for cmd in script.commands:
        parsed = _read_vars(cmd)
        if parsed is None or parsed[0]:
            continue
        names = parsed[1]
        secret = [n for n in names if _SECRET_NAME.search(n)]
        if not secret:
            if sinks is None:
                sinks = _secret_sinks(script)
            secret = [n for n in names if n in sinks]
        if not secret:
            continue
        word = cmd.argv[0]
        yield Violation(
            source.span(word.start, word.end),
            f"`read` without `-r` reads {', '.join(f'`{n}`' for n in secret)} with backslashes taken as escapes, so a "
            "token or password containing `\\` is stored changed; use `IFS= read -r` (add `-s` to hide the input)",
            Fix("Add -r", (Edit(word.end, word.end, " -r"),), Applicability.SAFE),
        )
