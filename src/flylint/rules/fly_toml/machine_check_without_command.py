"""Machine check without a `command`.

## What it does
Flags `[[machine_checks]]`, `[[http_service.machine_checks]]` and `[[services.machine_checks]]`
entries that have no `command` (or an empty one).

## Why is this bad?
A machine check runs its command in a throwaway Machine during each deploy; without one there
is nothing to run. `fly config validate` does not notice, and `fly deploy` fails when it
prepares the check ("missing command").

## Severity
Error: a machine check without a command is rejected, so the deploy fails.

## Example
```toml
[[http_service.machine_checks]]
  image = "curlimages/curl"
```

Use instead:
```toml
[[http_service.machine_checks]]
  image = "curlimages/curl"
  command = ["curl", "-fsS", "http://[$FLY_TEST_MACHINE_IP]:8080/health"]
```

## Fix safety
No fix: the test command is yours to write.

## References
- flyctl `ToTestMachineConfig`
- Fly.io machine checks: https://fly.io/docs/reference/health-checks/#machine-checks
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import section_label
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY052", name="machine-check-without-command", target="fly_toml", severity="error",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    parents: list[tuple] = [()]
    if cfg.http_service is not None:
        parents.append(("http_service",))
    parents += [p for p, _ in cfg.services()]
    for parent in parents:
        checks = cfg.get(parent + ("machine_checks",))
        if not isinstance(checks, list):
            continue
        for i, mc in enumerate(checks):
            if not isinstance(mc, dict) or mc.get("command"):
                continue
            path = parent + ("machine_checks", i)
            yield Violation(cfg.key_span(path),
                            f"{section_label(path)} has no command: `fly deploy` fails (\"missing command\") when it "
                            "prepares the check; add command = [\"…\"]")
