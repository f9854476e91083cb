"""`[[restart]]` entry without a valid policy.

## What it does
Flags a `[[restart]]` entry whose `policy` is missing, empty or not exactly `always`, `never`
or `on-failure`, including `no` (the Machines API spelling, which fly.toml does not accept) and
other letter cases.

## Why is this bad?
`fly config validate` and `fly deploy` reject the configuration ("invalid restart policy").
The fly.toml spelling differs from the Machines API one (`never` in fly.toml, `no` in the API),
which makes the mistake easy to make when copying from API examples.

## Severity
Error: flyctl rejects a restart entry without a valid policy, so the deploy fails.

## Example
```toml
[[restart]]
  policy = "no"
  processes = ["worker"]
```

Use instead:
```toml
[[restart]]
  policy = "never"
  processes = ["worker"]
```

## Fix safety
Safe: `no` becomes `never` (the same policy under fly.toml's name), and a policy that differs
only by letter case, `_` or spaces is rewritten in its exact spelling. A missing or unknown
policy is not fixed.

## References
- flyctl `validateRestartPolicy` / `parseRestartPolicy`
- Fly.io Machine restart policy: https://fly.io/docs/machines/guides-examples/machine-restart-policy/
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.fly.dialect import entry as setting_in
from flylint.fly.schema import RESTART_POLICIES, section_label, show
from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import replace_value, toml_literal


@rule(code="FLY021", name="invalid-restart-policy", target="fly_toml", severity="error", fix="safe",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    restart = cfg.data.get("restart")
    if not isinstance(restart, list):
        return  # a single [restart] table is wrong-section-shape
    for i, entry in enumerate(restart):
        if not isinstance(entry, dict):
            continue
        path = ("restart", i)
        policy = entry.get("policy")
        if policy is None or policy == "":
            span = cfg.entry_span(path + ("policy",)) if "policy" in entry else cfg.key_span(path)
            shown = section_label(path)
            yield Violation(span, f"{shown} entry has no policy: `fly config validate` and `fly deploy` fail; set "
                                  "policy = \"always\", \"never\" or \"on-failure\"")
            continue
        if not isinstance(policy, str) or policy in RESTART_POLICIES:
            continue
        norm = re.sub(r"[\s_]", "-", policy.strip().lower())
        spelled = "never" if norm == "no" else norm.replace("onfailure", "on-failure")
        target = spelled if spelled in RESTART_POLICIES else None
        shown = setting_in(section_label(path), 'policy', show(policy))
        message = f"{shown} is not a fly.toml restart policy: `fly config validate` and " \
                  "`fly deploy` fail; use \"always\", \"never\" or \"on-failure\""
        if policy.strip().lower() == "no":
            message += " (fly.toml says \"never\" where the Machines API says \"no\")"
        fix = None
        if target is not None and cfg.fmt == "toml":
            edit = replace_value(cfg, path + ("policy",), toml_literal(target))
            if edit is not None:
                fix = Fix(f"Write policy = \"{target}\"", (edit,), Applicability.SAFE)
        yield Violation(cfg.entry_span(path + ("policy",)), message, fix)
