"""A `RUN` uses bash syntax, but the image's `/bin/sh` is not bash.

## What it does
Flags bash-only syntax in shell-form `RUN` lines (and `RUN <<EOF` bodies without a bash
shebang) when no `SHELL` instruction switched to bash and the base image's `/bin/sh` is known:

| syntax | dash (Debian, Ubuntu) | busybox ash (Alpine) |
| --- | --- | --- |
| brace expansion `rm -rf /var/lib/{apt,dpkg}`, `{1..3}` | stays literal | stays literal |
| arrays `PKGS=(a b)` | syntax error | syntax error |
| `[[ … ]]` | "not found" | works |
| `source file` | "not found" | works |
| `<<<` here-strings | syntax error | works |
| `function name` | syntax error | works |
| `${var//a/b}`, `${var:1:2}`, `${!var}`, `${var^^}` | "Bad substitution" | mostly works |
| `==` in `[ … ]` / `test` | "unexpected operator", false | works |
| `echo -e` | prints `-e` | works |

The base image decides: Debian and Ubuntu and the official images built on them (`node`,
`python`, `ruby`, `golang`, `rust` … unless the tag says `alpine`) link `/bin/sh` to dash,
Alpine to busybox; Red Hat-family images link it to bash and are not flagged, nor is an image
the rule does not know, or one whose `/bin/sh` an earlier `RUN` relinks.

## Why is this bad?
The line was tested in an interactive bash and does something else in the build. Some of these
fail the build with a confusing message; the worst do not fail at all: `rm -rf
/var/lib/{apt,dpkg}` deletes nothing, `[ "$ENV" == prod ]` is always false, `echo -e` writes a
stray `-e` into a config file, and the image ships with the mistake.

## Severity
Warning: bash syntax under a `/bin/sh` that is not bash fails or misbehaves at build time; the
shell is inferred from the base image, so not an error.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/{apt,dpkg,cache,log}/
```

Use instead:
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/ /var/lib/dpkg/ /var/lib/cache/ /var/lib/log/
```
or switch the shell explicitly for the lines that need bash:
```dockerfile
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
```

## Fix safety
No fix: rewriting in POSIX sh and switching the shell are both choices.

## References
- hadolint runs ShellCheck on `RUN` with `sh` semantics: SC3001–SC3060 (e.g. SC3009 brace
  expansion, SC3010 `[[`, SC3014 `==` in `test`, SC3030 arrays, SC3011 here-strings,
  SC3046 `source`, SC3037 `echo` flags, SC2039); hadolint DL4005 (use SHELL to change it)
- Docker: https://docs.docker.com/reference/dockerfile/#shell
- CWE-670: Always-Incorrect Control Flow Implementation
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile, Instruction
from flylint.linter.parsers.shell import Command, Word
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._binsh import BUSYBOX, DASH, sh_family
from flylint.rules.dockerfile._util import fly_config

_BASH_SHEBANG = lazy(r"#!\s*/(usr/)?(bin/)?(env\s+)?(bash|zsh|ksh)\b")
_BAD_SUBST = lazy(r"\$\{(!?[A-Za-z_][A-Za-z0-9_]*(//?|:\d|:\s+-\d|\^\^?|,,?)|![A-Za-z_])")
_BRACE_ITEM = lazy(r"[A-Za-z0-9_.+@%/-]*")
_RANGE = lazy(r"^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])$")
_ECHO_E = lazy(r"^-[nE]*e[neE]*$")


def _brace(raw: str) -> tuple[int, int] | None:
    """Offsets (in ``raw``) of an unquoted brace expansion ``{a,b}`` / ``{1..3}`` in a word."""
    i, n, quote = 0, len(raw), ""
    while i < n:
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
        elif c == "$" and i + 1 < n and raw[i + 1] in "{(":
            depth, j = 0, i + 1
            while j < n:  # skip ${…} and $(…) whole
                if raw[j] in "{(":
                    depth += 1
                elif raw[j] in "})":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            i = j
        elif c == "{":
            close = raw.find("}", i + 1)
            if close == -1:
                return None
            inner = raw[i + 1 : close]
            items = inner.split(",")
            if (len(items) > 1 and all(_BRACE_ITEM.fullmatch(it) for it in items) and any(items)) or (
                    _RANGE.match(inner)):
                return i, close + 1
            i = close
        i += 1
    return None


def _findings(cmd: Command, text: str, family: str) -> Iterator[tuple[int, int, str]]:
    dash = family == DASH
    words = cmd.words
    if dash and words and words[0].text == "function" and not words[0].quoted:
        yield words[0].start, words[0].end, "`function name` (dash stops with a syntax error; write `name() { …; }`)"
    argv = cmd.argv
    name = argv[0].text if argv and not argv[0].quoted else ""
    if dash and name == "[[":
        yield (argv[0].start, argv[0].end,
               "`[[ … ]]` (dash: `[[: not found`, so the test is false or the RUN fails; use `[ … ]`)")
    if dash and name == "source":
        yield argv[0].start, argv[0].end, "`source` (dash: `source: not found`; use `. file`)"
    if dash and name in ("[", "test"):
        for w in argv[1:]:
            if w.text == "==" and not w.quoted:
                yield w.start, w.end, "`==` inside `[ … ]` (dash: `unexpected operator`, the test is false; use `=`)"
    if dash and name == "echo" and len(argv) > 1 and _ECHO_E.match(argv[1].text):
        yield argv[1].start, argv[1].end, "`echo -e` (dash prints `-e` as text; use `printf '%b\\n'`)"
    for r in cmd.redirects:
        if dash and r.op == "<<<":
            yield r.start, r.end, "a `<<<` here-string (dash stops with a syntax error; use `printf '%s\\n' … |`)"
    for w in cmd.assignments:
        if w.text.endswith("=") and text[w.end : w.end + 1] == "(":
            yield w.start, w.end + 1, "an array assignment (`/bin/sh` has no arrays: syntax error)"
    for w in [*cmd.assignments, *cmd.words]:
        raw = text[w.start : w.end]
        if dash and w.has_expansion:
            m = _BAD_SUBST.search(raw)
            if m:
                yield (w.start + m.start(), w.start + m.end(),
                       "a bash parameter expansion (dash: `Bad substitution`; use `sed`, `cut` or `expr`)")
        b = _brace(raw)
        if b is not None and not _is_find_placeholder(w):
            shown = raw[b[0] : b[1]]
            yield (w.start + b[0], w.start + b[1],
                   f"brace expansion `{shown}` (`/bin/sh` leaves it literal, so the command sees the braces; "
                   "write the names out)")


def _is_find_placeholder(w: Word) -> bool:
    return w.text in ("{}", "{};", "{}+")


@rule(code="DKR038", name="bash-syntax-in-sh", target="dockerfile", severity="warning",
      tags=("correctness",), cwe=(670,), controls=("SOC2-CC8.1",))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    cfg = fly_config(df, ctx)
    text = df.source.text
    for stage in df.stages:
        for ins in stage.instructions:
            if ins.keyword != "RUN" or (ins.exec_form is not None and not ins.heredocs):
                continue
            family = sh_family(df, stage, ins, cfg)
            if family not in (DASH, BUSYBOX):
                continue
            skipped = _bash_heredocs(ins)
            seen: set[int] = set()
            for cmd in ins.shell().commands:
                if any(a <= cmd.start < b for a, b in skipped):
                    continue
                for start, end, what in _findings(cmd, text, family):
                    if start in seen:
                        continue
                    seen.add(start)
                    shell = "dash" if family == DASH else "busybox ash"
                    advice = ("add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this RUN, or write it "
                              "for POSIX sh" if family == DASH else
                              "install bash and add `SHELL [\"/bin/bash\", \"-c\"]`, or write it for POSIX sh")
                    yield Violation(
                        df.span(start, end),
                        f"this RUN uses {what}, but it runs under `/bin/sh`, which is {shell} in this base image; "
                        f"{advice}",
                    )


def _bash_heredocs(ins: Instruction) -> list[tuple[int, int]]:
    return [(d.body_start, d.end) for d in ins.heredocs if _BASH_SHEBANG.match(d.body)]
