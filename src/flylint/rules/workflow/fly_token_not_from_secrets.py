"""Workflow takes the Fly.io token from somewhere other than `secrets`.

## What it does
Flags a `FLY_API_TOKEN` or `FLY_ACCESS_TOKEN` whose value is an expression that reads a
context other than `secrets`: configuration variables (`${{ vars.FLY_TOKEN }}`), workflow
inputs and event data (`${{ inputs.token }}`, `${{ github.event.inputs.token }}`), or an
`env.*` variable that itself holds one of those. Checked in `env:` blocks (workflow, job,
step), in `with:` inputs named like a Fly token (`fly-api-token`), and in `run:` scripts
(`export FLY_API_TOKEN=${{ vars.X }}`, `echo "FLY_API_TOKEN=${{ inputs.t }}" >> "$GITHUB_ENV"`,
`flyctl -t ${{ vars.X }}`). Values read from step or job outputs (a token exchanged at run
time) are not flagged. A literal token is reported by `fly-api-token` and `secret-in-env`.

## Why is this bad?
Only `secrets` are encrypted at rest and masked in logs. Configuration variables are plain
text, shown in the repository settings to every collaborator and printed unmasked in logs.
Workflow inputs and event fields are typed by whoever triggers the run and end up in the
event payload and the run's logs, so a token passed that way is exposed to everyone who can
read the runs.

## Severity
Error: the workflow shows the hole: the Fly.io token comes from plain-text variables or from
input typed at run time, where it is stored and logged unmasked.

## Example
```yaml
- run: flyctl deploy --remote-only
  env:
    FLY_API_TOKEN: ${{ vars.FLY_API_TOKEN }}
```

Use instead:
```yaml
- run: flyctl deploy --remote-only
  env:
    FLY_API_TOKEN: ${{ secrets.FLY_API_TOKEN }}
```

## Fix safety
No fix: the token has to be rotated (it was stored in plain text) and saved as a repository
or environment secret.

## References
- GitHub: using secrets in GitHub Actions: https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions
- Fly.io continuous deployment with GitHub Actions: https://fly.io/docs/launch/continuous-deployment-with-github-actions/
- zizmor `secrets-outside-env`/`unredacted-secrets` style concerns; CWE-312, CWE-532
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.fly.secrets import is_placeholder
from flylint.linter.model import Violation
from flylint.linter.parsers.workflow import Job, Step, Workflow
from flylint.linter.registry import RuleContext, rule
from flylint.rules.shell._token_flag import token_flags
from flylint.rules.workflow._fly import TOKEN_NAMES, contexts, env_chain, expressions, iter_env


def _names_a_fly_token(key: str) -> bool:
    """``fly`` and, after it on the same line, ``token``, in any case (the regex ``fly.*token``
    scanned to the end of the line from every ``fly``)."""
    for line in key.lower().split("\n"):
        at = line.find("fly")
        if at >= 0 and "token" in line[at + 3:]:
            return True
    return False
_RUN_ASSIGN = lazy(r"\b(FLY_API_TOKEN|FLY_ACCESS_TOKEN)\s*=\s*[\"']?(\$\{\{.*?\}\})")
_BAD = {
    "vars": "a configuration variable (vars.*), stored and logged in plain text",
    "inputs": "a workflow input, typed by whoever starts the run and kept in its event payload",
    "github": "event data (github.*), controlled by whoever triggers the run",
    "matrix": "a matrix value written in the workflow",
}


@rule(code="GHA001", name="fly-token-not-from-secrets", target="workflow", severity="error",
      tags=("security", "secrets"), cwe=(312, 532), controls=("SOC2-CC6.1", "PCI-DSS-8.6.3", "REVIEW-S2"))
def check(wf: Workflow, ctx: RuleContext) -> Iterator[Violation]:
    for job, step, name, sc in iter_env(wf):
        if name in TOKEN_NAMES:
            yield from _judge(wf, job, step, f"env: {name}", sc.value, sc.start, sc.end)
    for job in wf.jobs:
        for step in job.steps:
            for key, sc in step.with_.items():
                if _names_a_fly_token(key):
                    yield from _judge(wf, job, step, f"with: {key}", sc.value, sc.start, sc.end)
            if step.run is not None:
                for m in _RUN_ASSIGN.finditer(step.run.value):
                    start, end = step.run.range_of(m.start(2), m.end(2))
                    yield from _judge(wf, job, step, f"run: {m.group(1)}", m.group(2), start, end)
    for tf in token_flags(wf):  # flyctl --access-token / -t with an expression
        owner = tf.site.owner
        step = owner if isinstance(owner, Step) else None
        job = next((j for j in wf.jobs if step in j.steps), None)
        if tf.value is not None and "${{" in tf.value.text:
            yield from _judge(wf, job, step, f"run: flyctl {tf.name}", tf.value.text, tf.value.start, tf.value.end)


def _judge(wf: Workflow, job: Job | None, step: Step | None, where: str, value: str,
           start: int, end: int) -> Iterator[Violation]:
    problem = _source_problem(wf, job, step, value, depth=0)
    if problem is None:
        return
    yield Violation(
        wf.source.span(start, end),
        f"{where} takes the Fly.io token from {problem}: store it as a secret and use "
        "${{ secrets.FLY_API_TOKEN }}",
        snippet=f"fly-token-source:{where}",
    )


def _source_problem(wf: Workflow, job: Job | None, step: Step | None, value: str, depth: int) -> str | None:
    exprs = expressions(value)
    if not exprs:
        return None  # a literal (fly-api-token / secret-in-env) or a shell variable
    for expr in exprs:
        used = contexts(expr)
        for ctx_name, text in _BAD.items():
            if ctx_name in used:
                if ctx_name == "github" and not re.search(r"github\s*\.\s*event\b|github\.head_ref", expr):
                    continue
                return text
        if "env" in used and depth < 3:
            for ref in re.findall(r"env\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)", expr):
                sc = next((b[ref] for b in env_chain(wf, job, step) if ref in b), None)
                if sc is None:
                    continue
                if not expressions(sc.value):
                    if sc.value.strip() and not is_placeholder(sc.value):
                        return f"env.{ref}, a value written literally in the workflow"
                    continue
                inner = _source_problem(wf, job, step, sc.value, depth + 1)
                if inner is not None:
                    return f"env.{ref}, which comes from {inner}"
    return None
