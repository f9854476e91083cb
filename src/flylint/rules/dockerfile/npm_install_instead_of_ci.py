"""`npm install` in the image Fly runs, where a lockfile makes `npm ci` the reproducible choice.

## What it does
Flags `npm install` / `npm i` without package arguments in the stage Fly runs (or the stages it
is built `FROM`) when the project has a `package-lock.json` or `npm-shrinkwrap.json` (in the
build context, or named in a `COPY`). Without a lockfile `npm ci` fails, so the rule is silent.
Builder stages are not checked.

## Why is this bad?
`npm install` resolves version ranges again and may rewrite the lockfile, so the image can get
dependency versions nobody tested or reviewed. `npm ci` installs exactly what the lockfile
says, fails when `package.json` and the lockfile disagree, and starts from a clean
`node_modules`.

## Severity
Info: `npm install` can drift from the lockfile; `npm ci` is the hygiene choice, and the build
works either way.

## Example
```dockerfile
COPY package.json package-lock.json ./
RUN npm install --omit=dev
```

Use instead:
```dockerfile
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
```

## Fix safety
Unsafe: `npm ci` fails when the lockfile is out of date with `package.json`, which
`npm install` silently repairs.

## References
- npm docs, `npm ci`: https://docs.npmjs.com/cli/commands/npm-ci
- hadolint DL3016 (pinning npm packages) is related
- CWE-1357: Reliance on Insufficiently Trustworthy Component
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from flylint.linter.model import Applicability, Edit, Fix, Violation
from flylint.linter.parsers.dockerfile import Dockerfile, Stage
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._pkg import pkg_call
from flylint.rules.dockerfile._util import copy_sources, fly_config, run_chain, run_commands

_LOCKS = ("package-lock.json", "npm-shrinkwrap.json")


@rule(code="DKR023", name="npm-install-instead-of-ci", target="dockerfile", severity="info", fix="unsafe",
      tags=("reproducibility",), cwe=(1357,))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    cfg = fly_config(df, ctx)
    chain = run_chain(df, ctx, cfg)
    if not _has_lockfile(df, ctx, cfg, chain):
        return
    for _ins, cmd in run_commands(df, chain):
        call = pkg_call(cmd)
        if call is None or call.tool != "npm" or call.sub not in ("install", "i") or call.sub_word is None:
            continue
        if call.operands:
            continue  # installs named packages: npm ci cannot do that
        word = call.sub_word
        yield Violation(
            df.span(call.tool_word.start, word.end),
            f"`npm {call.sub}` may resolve different versions than package-lock.json; use `npm ci` for a "
            "reproducible install",
            Fix("Use npm ci", (Edit(word.start, word.end, "ci"),), Applicability.UNSAFE),
        )


def _has_lockfile(df: Dockerfile, ctx: RuleContext, cfg: FlyConfig | None, chain: list[Stage]) -> bool:
    for st in chain:
        for ins in st.instructions:
            if ins.keyword in ("COPY", "ADD") and ins.flag("from") is None:
                sources, _ = copy_sources(ins)
                if any(s.text.rstrip("/").rsplit("/", 1)[-1] in _LOCKS for s in sources):
                    return True
    base = ctx.project.config_dir(cfg) if cfg is not None else os.path.dirname(os.path.abspath(df.source.path))
    return any(ctx.project.exists(name, base) for name in _LOCKS)
