"""Parse errors: the finding for a file that flylint cannot read or parse.

A file that does not parse gets one finding of kind :attr:`FindingKind.PARSE_ERROR
<flylint.linter.model.FindingKind>` under its family's ``*000`` code, at the line and column
where the parser gave up, and the rules of its kind do not run on it (rules with
``input="source"``, the text-scanning secret rules, still do). No rule function produces
these findings: the engine does, from :data:`CODE_BY_KIND`. Each code carries the documentation
a rule module has, and the registry lists it as a rule, so ``flylint rule FLY000``,
``flylint rules``, ``select``/``ignore``, SARIF rule metadata and the compliance report treat
it like any other rule.
"""

from __future__ import annotations

from flylint.base.records import record


@record(frozen=True)
class ParseErrorRule:
    code: str
    name: str
    kinds: tuple[str, ...]  # the file kinds whose parse errors it reports
    doc: str  # same sections as a rule module's docstring
    controls: tuple[str, ...] = ()


_FLY000_DOC = """fly config that cannot be parsed.

## What it does
Reports a fly.toml (or fly.<env>.toml, fly.json, fly.yaml) that is not valid TOML, JSON or
YAML, at the line and column where the parser gave up. flyctl picks the parser by file
extension, and so does flylint: `.json` is JSON, `.yaml` is YAML, anything else, including
`.yml`, is TOML.

## Why is this bad?
flyctl stops at the first syntax error: `fly deploy`, `fly launch` and `fly config validate`
all fail, and no other rule can check the file until it parses. A duplicate key (the same
environment variable written twice in `[env]`) is a common cause.

## Severity
Error: flyctl cannot load a config it cannot parse, so every fly command that reads it fails.

## Example
```toml
[env]
  LOG_LEVEL = "info"
  LOG_LEVEL = "debug"
```

Use instead:
```toml
[env]
  LOG_LEVEL = "debug"
```

## Fix safety
No fix: only the author knows which of two conflicting values is meant.

## References
- TOML 1.0 specification: https://toml.io/en/v1.0.0
- flyctl reads fly.toml with go-toml v2; a syntax error is fatal
"""

_DKR000_DOC = """Dockerfile that cannot be parsed.

## What it does
Reports a Dockerfile that the builder would reject before running any step: text where an
instruction keyword should be, an instruction other than `ARG` before the first `FROM`, or a
heredoc (`RUN <<EOF`) whose closing delimiter never comes. Also used for a `.dockerignore` or
Dockerfile that cannot be read (not UTF-8, too large).

## Why is this bad?
`fly deploy` fails at the build step, usually after uploading the build context, and no other
Dockerfile rule can look at the file until it parses.

## Severity
Error: Docker cannot build a Dockerfile it cannot parse, so the deploy fails.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN <<SCRIPT
apt-get update
```

Use instead:
```dockerfile
FROM debian:bookworm-slim
RUN <<SCRIPT
apt-get update
SCRIPT
```

## Fix safety
No fix.

## References
- Dockerfile reference, parser directives and heredocs: https://docs.docker.com/reference/dockerfile/
- hadolint reports parse failures as DL1000
"""

_SH000_DOC = """Deploy script that cannot be parsed.

## What it does
Reports a shell script with an unterminated quote, command substitution or here-document, at
the place where it starts, and a compound command that is never closed or closes nothing: an
`if` without `fi`, a loop without `done`, a `case` without `esac`, a `{` without `}`, or a
`fi`/`done`/`}` with nothing open. The shell runs the commands before it and then stops with
"syntax error: unexpected end of file" (or "near unexpected token `fi'").

## Why is this bad?
The shell fails (or reads the rest of the file as one long string) when the deploy runs, and
no other script rule can check the file until it parses.

## Severity
Error: the shell stops at a syntax error, so the deploy script fails.

## Example
```bash
fly deploy --app "my-app
```

Use instead:
```bash
fly deploy --app "my-app"
```

## Fix safety
No fix.

## References
- POSIX Shell Command Language, quoting: https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html
- ShellCheck SC1009 / SC1073 report the same class of problem
"""

_GHA000_DOC = """GitHub workflow that cannot be parsed.

## What it does
Reports a workflow file under `.github/workflows/` that is not valid YAML, or whose top level
is not a mapping, at the line and column where the YAML parser stopped.

## Why is this bad?
GitHub refuses to run an invalid workflow, so the deploy job silently never happens, and no
other workflow rule can check the file.

## Severity
Error: GitHub refuses to run a workflow file it cannot parse, so the deploy it holds never
runs.

## Example
```yaml
jobs:
  deploy:
    steps:
      - run: flyctl deploy
       env: {FLY_API_TOKEN: x}
```

Use instead:
```yaml
jobs:
  deploy:
    steps:
      - run: flyctl deploy
        env:
          FLY_API_TOKEN: ${{ secrets.FLY_API_TOKEN }}
```

## Fix safety
No fix.

## References
- Workflow syntax for GitHub Actions: https://docs.github.com/en/actions/reference/workflow-syntax-for-github-actions
"""

PARSE_ERRORS: tuple[ParseErrorRule, ...] = (
    ParseErrorRule("FLY000", "fly-config-parse-error", ("fly_toml",), _FLY000_DOC, ("SOC2-CC8.1",)),
    ParseErrorRule("DKR000", "dockerfile-parse-error", ("dockerfile", "dockerignore"), _DKR000_DOC),
    ParseErrorRule("SH000", "shell-parse-error", ("shell",), _SH000_DOC),
    ParseErrorRule("GHA000", "workflow-parse-error", ("workflow",), _GHA000_DOC),
)

# file kind -> the code its parse errors are reported under (the one table of it). The kinds read
# only for secrets (env_file, config_file) are never parsed: one that cannot be read is listed
# with the paths the run could not check (exit status 2), like a directory it cannot list.
CODE_BY_KIND: dict[str, str] = {kind: p.code for p in PARSE_ERRORS for kind in p.kinds}
