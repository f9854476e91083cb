"""Credential-named variable set to a literal value instead of a Fly secret.

## What it does
Flags variables whose name says they hold a credential (`*_SECRET`, `*_TOKEN`, `*PASSWORD*`,
`*_API_KEY`, `SECRET_KEY_BASE`, …) and that are given a literal value in:
fly.toml `[env]` and `[build.args]`; Dockerfile `ENV` and `ARG` defaults; deploy-script
assignments and `export`; workflow `env:` blocks. Placeholders (`""`, `changeme`, `<token>`,
`xxx`), values that cannot be a credential (`1`, `123456`, `a1b2c3`, `doesnt matter` — the
`ENV SECRET_KEY_BASE 1` that Fly's Rails launcher writes for `assets:precompile`), values built
from other variables (`${TOKEN}`, `$(cat file)`, `${{ secrets.TOKEN }}`, `op://…`), file paths,
names that only describe a credential (`PASSWORD_MIN_LENGTH`, `TOKEN_TTL`, `SECRET_FILE`) and
keys that are public by design (`*_PUBLIC_KEY`, publishable, search-only and anonymous keys,
`NEXT_PUBLIC_*`, `VITE_*`) are not flagged. In workflows only the `env:` that reaches a job
running flyctl or holding the Fly token is checked: a test job's fixtures are not secrets.
Values with a recognisable format are left to `hardcoded-secret`. The value is never printed.

A value that looks generated (random mixed characters, 12+ hex digits) is reported as an
error; a human-chosen word (`securekey`) as a warning: it must still move to `fly secrets`,
but nothing shows it is a real key rather than a weak default.

## Why is this bad?
`[env]` is plain text in the repository and in every Machine's config; `ENV` and `ARG` values
are stored in the image layers and visible to anyone who can pull the image
(`docker history`). Fly.io keeps real secrets encrypted and injects them at boot with
`fly secrets set` / `fly secrets import`; build-time secrets go through
`fly deploy --build-secret` and `RUN --mount=type=secret`.

## Severity
Error when the literal looks generated (a real secret shown with evidence); a credential-named
variable whose value may be a weak or shared default is a warning, and placeholders are not
reported.

## Example
```toml
[env]
  SECRET_KEY_BASE = "0d6f1c2b9e8a47d3b5c4e2f1a9087b6c"
```

Use instead:
```bash
fly secrets import --app my-app < secrets.env   # SECRET_KEY_BASE=... read from stdin
```

## Fix safety
No fix: the value must be rotated and moved into `fly secrets`.

## References
- Fly.io secrets: https://fly.io/docs/apps/secrets/
- Fly.io build secrets: https://fly.io/docs/apps/build-secrets/
- hadolint DL3064, trivy DS-0031, CIS Docker Benchmark 4.10
- CWE-798: Use of Hard-coded Credentials; CWE-312: Cleartext Storage of Sensitive Information
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.fly.secrets import STRONG, WEAK, credential_name, evidence, redact, scan_value
from flylint.linter.model import Severity, Violation
from flylint.linter.parsers.commands import iter_commands
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.parsers.shell import ShellScript
from flylint.linter.parsers.workflow import Workflow
from flylint.linter.registry import RuleContext, rule
from flylint.linter.source import SourceFile

_FILE_PATH = lazy(r"^(/|~/|\./|\.\./)[\w.@/~+-]*$")
_DECLARE = frozenset({"export", "readonly", "declare", "local", "typeset"})


@rule(code="SEC003", name="secret-in-env", target=("fly_toml", "dockerfile", "shell", "workflow"),
      severity="error", tags=("security", "secrets"), cwe=(798, 312),
      controls=("CIS-4.10", "SOC2-CC6.1", "PCI-DSS-8.6.2", "PCI-DSS-8.3.2", "HIPAA-164.312(a)(1)",
                "GDPR-32(1)(b)", "REVIEW-S1"),
      security_severity=8.0)
def check(model: FlyConfig | Dockerfile | ShellScript | Workflow, ctx: RuleContext) -> Iterator[Violation]:
    if isinstance(model, FlyConfig):
        yield from _fly(model)
    elif isinstance(model, Dockerfile):
        yield from _dockerfile(model)
    elif isinstance(model, Workflow):
        yield from _workflow(model)
        yield from _commands(model)
    elif isinstance(model, ShellScript):
        yield from _commands(model)


def _flag(name: str, value: str) -> bool:
    if not credential_name(name) or scan_value(value) or _FILE_PATH.match(value.strip()):
        return False
    return evidence(value) >= WEAK


def _violation(source: SourceFile, start: int, end: int, where: str, name: str, value: str, advice: str) -> Violation:
    if evidence(value) >= STRONG:
        return Violation(
            source.span(start, end),
            f"{where} {name} is set to a literal value that looks generated ({redact(value)}): {advice}",
            snippet=f"{where}:{name}",
        )
    return Violation(
        source.span(start, end),
        f"{where} {name} is set to a literal value ({redact(value)}, no sign of a generated key, so it may be a "
        f"weak or shared default): {advice}",
        snippet=f"{where}:{name}",
        severity=Severity.WARNING,
    )


FLY_ADVICE = ("[env] is plain text in the repo and the Machine config; "
              "store it with `fly secrets set` or `fly secrets import`")
BUILD_ADVICE = "build args are stored in the image; use `fly deploy --build-secret` with RUN --mount=type=secret"
DOCKER_ADVICE = ("ENV/ARG values are stored in the image layers; use `fly secrets` at run time or "
                 "RUN --mount=type=secret with `fly deploy --build-secret` at build time")
SCRIPT_ADVICE = "read it from the environment or a secret store instead of writing it into the script"
WORKFLOW_ADVICE = "use ${{ secrets.NAME }} instead of a literal"


def _fly(cfg: FlyConfig) -> Iterator[Violation]:
    for path, table in cfg.sections("env"):
        for name, value in table.items():
            if isinstance(value, (str, int, float)) and not isinstance(value, bool) and _flag(name, str(value)):
                entry = cfg.entry(path + (name,))
                span = cfg.value_span(path + (name,))
                start, end = (entry.value_start, entry.value_end) if entry else (span.start, span.end)
                yield _violation(cfg.source, start, end, "[env]", name, str(value), FLY_ADVICE)
    args = cfg.get(("build", "args"))
    if isinstance(args, dict):
        for name, value in args.items():
            if isinstance(value, str) and _flag(name, value):
                entry = cfg.entry(("build", "args", name))
                if entry is not None:
                    yield _violation(cfg.source, entry.value_start, entry.value_end, "[build.args]", name, value,
                                     BUILD_ADVICE)


def _dockerfile(df: Dockerfile) -> Iterator[Violation]:
    for ins in df.instructions:
        if ins.keyword not in ("ENV", "ARG"):
            continue
        for pair in ins.pairs:
            if pair.value is not None and _flag(pair.key, pair.value):
                yield _violation(df.source, pair.value_start, pair.value_end, ins.keyword, pair.key, pair.value,
                                 DOCKER_ADVICE)


def _workflow(wf: Workflow) -> Iterator[Violation]:
    # only the env that reaches a job that runs flyctl or holds the Fly token: a test job's
    # literals (a SECRET_KEY_BASE for the test suite, localhost database passwords) are fixtures
    from flylint.rules.workflow._fly import job_uses_fly

    fly = [job for job in wf.jobs if job_uses_fly(wf, job)]
    blocks = ([wf.env] if fly else []) + [job.env for job in fly] + [step.env for job in fly for step in job.steps]
    for block in blocks:
        for name, scalar in block.items():
            if _flag(name, scalar.value):
                yield _violation(wf.source, scalar.start, scalar.end, "env:", name, scalar.value, WORKFLOW_ADVICE)


def _commands(model: ShellScript | Workflow) -> Iterator[Violation]:
    for site in iter_commands(model):
        cmd = site.command
        words = list(cmd.assignments)
        argv = cmd.argv
        if argv and argv[0].text in _DECLARE:
            words += [w for w in argv[1:] if "=" in w.text and not w.text.startswith("-")]
        for w in words:
            if w.has_expansion:
                continue
            name, _, value = w.text.partition("=")
            if _flag(name.rstrip("+"), value):
                yield _violation(site.source, w.start, w.end, "variable", name, value, SCRIPT_ADVICE)
