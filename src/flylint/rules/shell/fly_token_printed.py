"""Deploy script prints the Fly.io token.

## What it does
Flags the ways a deploy script writes its Fly.io token to the terminal or the CI log:

- `echo`/`printf` of `$FLY_API_TOKEN` or `$FLY_ACCESS_TOKEN` (or of a variable assigned from
  `$(fly auth token)` / `$(fly tokens create …)`) when the output is not piped into another
  command or redirected to a file;
- `fly auth token` whose output is neither captured (`$(…)`), piped nor redirected;
- `printenv FLY_API_TOKEN`, and whole-environment dumps (`env`, `printenv`, `export -p`,
  `declare -x`/`-p`, `set` without arguments), also when piped into `sort`/`tee`/`less` or into a
  `grep` whose pattern matches the token's name;
- any command or assignment that expands the token while `xtrace` is on (`set -x`,
  `set -o xtrace`, `#!/bin/bash -x`): the shell prints each command with its arguments
  expanded.

Length checks (`${#FLY_API_TOKEN}`), prefixes (`${FLY_API_TOKEN:0:4}`) and tests
(`[ -z "$FLY_API_TOKEN" ]`) are fine. Workflow `run:` steps are not checked, because GitHub
masks secret values in logs.

## Why is this bad?
Deploy logs are kept for months and read by many people (CI logs of public repositories by
everyone). A token in a log can be used by any reader to deploy, read secrets, open SSH
sessions or delete apps until it is revoked. Locally, terminal scrollback and screen sharing
leak it as easily.

## Severity
Error: the script shows the leak: it prints the Fly.io token into logs.

## Example
```bash
set -x
echo "using token $FLY_API_TOKEN"
curl -H "Authorization: Bearer $FLY_API_TOKEN" https://api.machines.dev/v1/apps/my-app
```

Use instead:
```bash
echo "using token ${FLY_API_TOKEN:0:4}… (${#FLY_API_TOKEN} chars)"
curl -H "Authorization: Bearer $FLY_API_TOKEN" https://api.machines.dev/v1/apps/my-app
```

## Fix safety
No fix: remove the output (or `set +x` around the command) and rotate any token that already
reached a log.

## References
- Fly.io access tokens: https://fly.io/docs/security/tokens/
- CWE-532: Insertion of Sensitive Information into Log File
- ShellCheck has no check for this; GitHub Actions masks only registered secrets
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.commands import fly_subcommand
from flylint.linter.parsers.shell import Command, ShellScript
from flylint.linter.registry import RuleContext, rule
from flylint.rules.shell._common import (
    TOKEN_VARS,
    full_refs,
    parse_set,
    shebang_flags,
    stdout_redirected,
    word_refs,
)

_PRINTERS = frozenset({"echo", "printf", "print"})
_PAGERS = frozenset({"sort", "tee", "less", "more", "cat", "column", "uniq", "nl"})
_FILTERS = frozenset({"grep", "egrep", "fgrep", "rg"})
_TOKEN_CREATORS = (["auth", "token"], ["tokens", "create"], ["tokens", "deploy"])


@rule(code="SH005", name="fly-token-printed", target="shell", severity="error",
      tags=("security", "secrets"), cwe=(532,), controls=("SOC2-CC6.1", "PCI-DSS-8.6.3", "REVIEW-S2"))
def check(script: ShellScript, ctx: RuleContext) -> Iterator[Violation]:
    source = script.source
    if source is None:
        return
    text = source.text
    names = set(TOKEN_VARS) | _token_variables(script)
    on, _ = shebang_flags(script)
    xtrace_at: int | None = 0 if "xtrace" in on else None
    cmds = script.commands
    for k, cmd in enumerate(cmds):
        sc = parse_set(cmd) if not cmd.nested else None
        if sc is not None:
            if "xtrace" in sc.on:
                xtrace_at = cmd.start
            elif "xtrace" in sc.off:
                xtrace_at = None
            continue
        nxt = cmds[k + 1] if cmd.op_after in ("|", "|&") and k + 1 < len(cmds) else None
        found = _printed(cmd, nxt, names, text)
        if found is not None:
            start, end, message = found
            yield Violation(source.span(start, end), message, snippet=f"token-printed:{message[:40]}")
            continue
        if xtrace_at is not None and not cmd.nested:
            leak = _expands(cmd, names)
            if leak is not None:
                start, end, name = leak
                if xtrace_at == 0 and "xtrace" in on:
                    where = "the -x in the shebang"
                else:
                    where = f"`set -x` on line {source.position(xtrace_at)[0]}"
                yield Violation(
                    source.span(start, end),
                    f"${name} is expanded while xtrace is on ({where}): the shell prints this command with the token "
                    "in it; turn tracing off around it (`set +x`) or drop `set -x`",
                    snippet=f"token-xtrace:{name}",
                )


def _token_variables(script: ShellScript) -> set[str]:
    """Variables assigned from ``$(fly auth token)`` or ``$(fly tokens create …)``."""
    out: set[str] = set()
    for cmd in script.commands:
        if not cmd.nested or fly_subcommand(cmd)[:2] not in _TOKEN_CREATORS:
            continue
        for other in script.commands:
            words = list(other.assignments)
            argv = other.argv
            if argv and argv[0].text in ("export", "local", "declare", "readonly", "typeset"):
                words += argv[1:]
            for w in words:
                if w.start <= cmd.start < w.end and "=" in w.text:
                    out.add(w.text.partition("=")[0].rstrip("+"))
    return out


def _printed(cmd: Command, nxt: Command | None, names: set[str], text: str) -> tuple[int, int, str] | None:
    argv = cmd.effective_argv()
    raw = cmd.argv
    if cmd.nested:
        return None
    piped = nxt is not None
    redirected = stdout_redirected(cmd, text)
    name = argv[0].text.rsplit("/", 1)[-1] if argv else ""
    # echo/printf "$FLY_API_TOKEN"
    if name in _PRINTERS and not piped and not redirected:
        for w, var in word_refs(argv[1:], names):
            if "::add-mask::" in w.text:
                continue
            return w.start, w.end, (f"`{name}` prints ${var}: the token ends up in the terminal and the deploy log; "
                                    f"print a redacted form such as ${{{var}:0:4}} or nothing at all")
    # fly auth token on its own
    if fly_subcommand(cmd)[:2] == ["auth", "token"] and not piped and not redirected:
        return cmd.start, cmd.end, ("`fly auth token` prints the current token to the log: capture it "
                                    "(`TOKEN=$(fly auth token)`) or pipe it where it is needed")
    # printenv FLY_API_TOKEN
    if name == "printenv" and any(w.text in names for w in argv[1:]) and not redirected:
        var = next(w.text for w in argv[1:] if w.text in names)
        return cmd.start, cmd.end, f"`printenv {var}` prints the token to the log; remove it"
    # environment dumps
    if raw and not redirected and _dumps_environment(raw):
        if piped and not _pipe_shows_token(nxt):
            return None
        shown = " ".join(w.text for w in raw[:2])
        return cmd.start, cmd.end, (f"`{shown}` dumps every environment variable, including FLY_API_TOKEN when it "
                                    "is set: print only the variables you need")
    return None


def _dumps_environment(raw: list) -> bool:
    head = raw[0].text
    rest = [w.text for w in raw[1:]]
    if head in ("env", "printenv"):
        return not rest or all(r in ("-0", "--null") for r in rest)
    if head == "export":
        return rest == ["-p"] or not rest
    if head in ("declare", "typeset"):
        return bool(rest) and all(re.fullmatch(r"-[px]+", r) for r in rest)
    if head == "set":
        return not rest
    return False


def _pipe_shows_token(nxt: Command | None) -> bool:
    if nxt is None:
        return True
    argv = nxt.effective_argv()
    if not argv:
        return False
    name = argv[0].text.rsplit("/", 1)[-1]
    if name in _PAGERS:
        return True
    if name in _FILTERS:
        flags = [w.text for w in argv[1:] if w.text.startswith("-")]
        if any(f.startswith("-") and not f.startswith("--") and "v" in f for f in flags) or "--invert-match" in flags:
            return False
        patterns = [w.text for w in argv[1:] if not w.text.startswith("-")]
        if not patterns:
            return False
        pat = re.sub(r"[\^$\\]", "", patterns[0]).lower()
        return bool(pat) and (pat in "fly_api_token=" or pat in "fly_access_token=" or
                              any(p in pat for p in ("fly", "token")))
    return False


def _expands(cmd: Command, names: set[str]) -> tuple[int, int, str] | None:
    for w in cmd.assignments:
        var, _, value = w.text.partition("=")
        if var in names and value:
            return w.start, w.end, var
        refs = full_refs(value, names)
        if refs:
            return w.start, w.end, refs[0]
    for w, var in word_refs(cmd.words, names):
        return w.start, w.end, var
    argv = cmd.argv
    if argv and argv[0].text in ("export", "local", "declare", "readonly", "typeset"):
        for w in argv[1:]:
            var, eq, value = w.text.partition("=")
            if eq and var in names and value:
                return w.start, w.end, var
    return None
