"""A `fly` command takes a script argument unquoted.

## What it does
Flags an argument of a `fly`/`flyctl` command in a deploy script that expands, without double
quotes, a value the script does not control:

a positional parameter (`$1` … `$9`, `${1}`, `$@`, `$*`), a variable assigned from one
(`APP=$1`), or one read with `read`: what the person running the script typed, or nothing.

Variables the script sets itself (`APP=shop-web`, `SHA=$(git rev-parse --short HEAD)`) and
environment variables are not flagged: they are single words in practice, and quoting them is
ShellCheck's SC2086 (info) rather than a deploy risk.

## Why is this bad?
An unquoted expansion is split at whitespace and glob-expanded. `./deploy.sh` run without an
argument turns `fly deploy --app $1 --remote-only` into `fly deploy --app --remote-only`, and
the flag becomes the app name; a value with a space (`fly secrets set NOTE=$1`) becomes two
arguments, and half of it is set silently; a `*` in it expands to file names.

## Severity
Warning: an unquoted argument splits or globs, so the fly command can get other arguments than
meant; reviewers ask for quotes.

## Example
```bash
#!/usr/bin/env bash
set -euo pipefail
fly deploy --app $1 --env NOTE=$2
```

Use instead:
```bash
#!/usr/bin/env bash
set -euo pipefail
app=${1:?usage: deploy.sh APP}
fly deploy --app "$app" --env "NOTE=$2"
```

## Fix safety
Safe: wraps the argument in double quotes (`"$1"`), which keeps the value as one argument; a
script that relied on splitting `$@` into several arguments already works the same with
`"$@"`.

## References
- ShellCheck SC2086 (double quote to prevent globbing and word splitting), SC2068 (`$@`)
- CWE-88: Improper Neutralization of Argument Delimiters in a Command
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Applicability, Edit, Fix, Violation
from flylint.linter.parsers.commands import fly_subcommand
from flylint.linter.parsers.shell import ShellScript, Word
from flylint.linter.registry import RuleContext, rule

_POSITIONAL = lazy(r"\$(\{)?([1-9@*])(?(1)\})")
_VAR = lazy(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")


def _outside_values(script: ShellScript) -> set[str]:
    """Variables assigned from a positional parameter (or such a variable), or by `read`."""
    names: set[str] = set()
    for cmd in script.commands:
        for w in cmd.assignments:
            name, _, value = w.text.partition("=")
            if _POSITIONAL.search(value) or any(v in names for v in _vars(value)):
                names.add(name)
        argv = cmd.argv
        if argv and argv[0].text == "read" and not argv[0].quoted:
            names.update(w.text for w in argv[1:] if not w.text.startswith("-") and w.text.isidentifier())
    return names


def _vars(text: str) -> list[str]:
    return [a or b for a, b in _VAR.findall(text)]


def _unquoted(raw: str) -> bool:
    """The word has an expansion outside quotes (``$x``, ``a$x``, not ``"$x"``)."""
    i, quote = 0, ""
    while i < len(raw):
        c = raw[i]
        if quote:
            if c == quote:
                quote = ""
            elif c == "\\" and quote == '"':
                i += 1
        elif c in "'\"":
            quote = c
        elif c == "\\":
            i += 1
        elif c in "$`":
            return True
        i += 1
    return False


def _why(w: Word, raw: str, outside: set[str]) -> str | None:
    if not w.has_expansion or not _unquoted(raw):
        return None
    m = _POSITIONAL.search(raw)
    if m:
        return f"the script argument `{m.group(0)}`"
    hit = next((v for v in _vars(raw) if v in outside), None)
    return f"`${hit}`, which comes from a script argument or `read`," if hit else None


@rule(code="SH009", name="unquoted-fly-argument", target="shell", severity="warning", fix="safe",
      tags=("correctness", "deploy"), cwe=(88,), controls=("SOC2-CC8.1",))
def check(script: ShellScript, ctx: RuleContext) -> Iterator[Violation]:
    source = script.source
    if source is None:
        return
    text = source.text
    outside = _outside_values(script)
    for cmd in script.commands:
        sub = fly_subcommand(cmd)
        if not sub:
            continue
        for w in cmd.effective_argv()[1:]:
            raw = text[w.start : w.end]
            why = _why(w, raw, outside)
            if why is None:
                continue
            fix = None
            if '"' not in raw and "'" not in raw and "\\" not in raw and "\n" not in raw:
                fix = Fix("Quote the argument", (Edit(w.start, w.start, '"'), Edit(w.end, w.end, '"')),
                          Applicability.SAFE)
            yield Violation(
                source.span(w.start, w.end),
                f"`fly {' '.join(sub)}` gets {why} unquoted in `{raw}`: an empty value shifts the next flag into "
                f"its place and spaces or `*` split it into several arguments; write \"{raw}\"",
                fix,
            )
