"""The command Fly.io starts is in shell form, so the stop signal goes to `/bin/sh`, not the app.

## What it does
Flags the `CMD` or `ENTRYPOINT` that the stage Fly runs ends up with (the last one in the
stage or the stages it is built `FROM`) when it is written in shell form
(`CMD npm start` instead of `CMD ["npm", "start"]`). A shell-form `ENTRYPOINT` is flagged
whatever the `CMD`; a shell-form `CMD` is not flagged when fly.toml replaces it (`[processes]`
or `[experimental] cmd`), nor when it starts with `exec`, which hands the shell's process over
to the app. The message quotes the `kill_signal` and `kill_timeout` of the fly config that
builds this Dockerfile.

## Why is this bad?
Shell form runs `/bin/sh -c "<command>"`. When Fly.io stops a Machine (deploy, scale down,
autostop) it sends `kill_signal` (SIGINT unless fly.toml says otherwise) to that shell, which
does not pass it on to the app. The app never starts its graceful shutdown — open requests
are cut, queues are not drained — and it is killed when `kill_timeout` (5 s by default)
runs out. That is certain for a list or a pipeline (`migrate && serve`, `app | tee log`): the
shell stays PID 1, and the rule reports it as a warning. For a single command bash and dash
0.5.11+ (Debian 11 and later) exec the command in place of the shell, so the signal usually
arrives; busybox `sh` and older shells do not. That case is reported as info: the exec form
works whatever the base image's shell is.

## Severity
Warning: with shell form the app never gets Fly.io's stop signal and is killed at the timeout;
a reviewer asks for exec form on most apps. The deploy works, so not an error.

## Example
```dockerfile
CMD npm start
```

Use instead:
```dockerfile
CMD ["npm", "start"]
```

## Fix safety
Unsafe: the fix rewrites the command in exec form when it splits unambiguously (a single
command with no variables, pipes, `&&`, `;`, redirections, globs or backticks). Without the shell,
environment variables in arguments are no longer expanded, and the program must be on `PATH`
or given by path.

## References
- hadolint DL3025 (JSON notation for CMD and ENTRYPOINT)
- Fly.io `kill_signal`/`kill_timeout`: https://fly.io/docs/reference/configuration/#runtime-options
- Dockerfile reference, shell and exec form: https://docs.docker.com/reference/dockerfile/#shell-and-exec-form
- CWE-755: Improper Handling of Exceptional Conditions
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from flylint.base.lazyre import lazy
from flylint.linter.model import Applicability, Edit, Fix, Severity, Violation
from flylint.linter.parsers.dockerfile import Dockerfile, Instruction
from flylint.linter.parsers.shell import tokenize
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import fly_config, run_chain

_UNSAFE = lazy(r"[*?\[\]~{}!#]")
# shell builtins and keywords: without a shell there is nothing to run them
_BUILTINS = frozenset({"cd", "source", ".", "export", "set", "exec", "eval", "ulimit", "umask", "trap", "alias",
                       "unset", "if", "for", "while", "until", "case", "wait", "read", "shift", "command", "builtin"})


@rule(code="DKR012", name="shell-form-cmd", target="dockerfile", severity="warning", fix="unsafe",
      tags=("reliability", "fly"), cwe=(755,))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    cfg = fly_config(df, ctx)
    chain = run_chain(df, ctx, cfg)
    last: dict[str, Instruction] = {}
    for stage in chain:
        for ins in stage.instructions:
            if ins.keyword in ("CMD", "ENTRYPOINT"):
                last[ins.keyword] = ins
    experimental = cfg.data.get("experimental") if cfg is not None else None
    experimental = experimental if isinstance(experimental, dict) else {}
    entry = last.get("ENTRYPOINT")
    cmd = last.get("CMD")
    if entry is not None and not experimental.get("entrypoint"):
        if _shell_form(entry):
            yield _violation(df, entry, cfg)
        return
    if cmd is not None and _shell_form(cmd):
        processes = cfg.data.get("processes") if cfg is not None else None
        if processes or experimental.get("cmd") or experimental.get("exec"):
            return
        yield _violation(df, cmd, cfg)


def _shell_form(ins: Instruction) -> bool:
    if ins.exec_form is not None:
        return False
    text = ins.rest.strip()
    if not text or text.startswith("["):
        return False  # empty, or a malformed JSON array (a parse concern, not this rule's)
    return not re.match(r"exec(\s|$)", text)


def exec_form(text: str) -> list[str] | None:
    """The exec-form argv for a shell-form command, when it splits unambiguously."""
    if "\\" in text or "`" in text or "$" in text:
        return None
    script = tokenize(text)
    if len(script.commands) != 1 or script.errors:
        return None
    cmd = script.commands[0]
    if cmd.redirects or cmd.assignments or cmd.op_after not in ("", "\n") or cmd.nested:
        return None
    words = cmd.words
    if not words or any(w.has_expansion for w in words) or words[0].text in _BUILTINS:
        return None
    for w in words:
        if not w.quoted and _UNSAFE.search(w.text):
            return None
    return [w.text for w in words]


def _fmt_timeout(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return "5s, the default"
    if isinstance(value, (int, float)):
        return f"{int(value)}s"
    return str(value)


def _violation(df: Dockerfile, ins: Instruction, cfg: Any | None) -> Violation:
    text = ins.rest.strip()
    argv = exec_form(text)
    fix = None
    suggestion = ""
    if argv is not None:
        import json

        rendered = json.dumps(argv)
        suggestion = f"; write `{ins.keyword} {rendered}`"
        start = ins.offset(ins.rest_index + (len(ins.rest) - len(ins.rest.lstrip())))
        fix = Fix(f"Rewrite {ins.keyword} in exec form", (Edit(start, ins.end, rendered),), Applicability.UNSAFE)
    else:
        suggestion = "; use the exec form (`[\"prog\", \"arg\"]`), or start the command with `exec`"
    if cfg is not None:
        signal = cfg.data.get("kill_signal")
        sig = f"fly.toml's kill_signal {signal}" if isinstance(signal, str) and signal else \
            "Fly's kill_signal (SIGINT, the default)"
        timeout = _fmt_timeout(cfg.data.get("kill_timeout"))
        why = (f"{sig} reaches /bin/sh, which does not pass it on, so the app is killed after kill_timeout "
               f"({timeout}) without shutting down cleanly")
    else:
        why = "the stop signal goes to /bin/sh, which does not pass it on, so the app cannot shut down cleanly"
    if _single_command(text):
        # bash and dash >= 0.5.11 (Debian 11+) replace themselves with a lone simple command
        return Violation(
            df.span(ins.start, ins.end),
            f"{ins.keyword} in shell form runs `/bin/sh -c \"{text}\"`: bash and recent dash exec a single "
            "command, so the stop signal usually reaches the app, but with busybox sh or an older dash "
            f"{why}; the exec form does not depend on the shell{suggestion}",
            fix,
            severity=Severity.INFO,
        )
    return Violation(
        df.span(ins.start, ins.end),
        f"{ins.keyword} in shell form runs `/bin/sh -c \"{text}\"`: {why}{suggestion}",
        fix,
    )


def _single_command(text: str) -> bool:
    """One simple command (no list, pipe, background job or subshell) the shell can exec."""
    script = tokenize(text)
    if len(script.commands) != 1 or script.errors:
        return False
    cmd = script.commands[0]
    return cmd.op_after in ("", "\n") and not cmd.nested and bool(cmd.words)
