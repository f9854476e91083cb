"""A stage has more than one `CMD`, `ENTRYPOINT` or `HEALTHCHECK`; only the last one counts.

## What it does
Flags every `CMD`, `ENTRYPOINT` and `HEALTHCHECK` in a stage that a later instruction of the
same kind in that stage overrides.

## Why is this bad?
Docker keeps only the last of each. The earlier ones look like they do something — a reader
(or a reviewer of a change to them) is misled, and the command that actually runs is easy to
miss further down.

## Severity
Warning: only the last CMD/ENTRYPOINT/HEALTHCHECK counts, so the earlier one is a mistake a
reviewer asks about; the build works.

## Example
```dockerfile
CMD ["node", "server.js"]
CMD ["npm", "start"]
```

Use instead:
```dockerfile
CMD ["npm", "start"]
```

## Fix safety
No fix: which of the two was meant is for the author to decide.

## References
- hadolint DL4003 (CMD), DL4004 (ENTRYPOINT), DL3012 (HEALTHCHECK); trivy DS-0016, DS-0007,
  DS-0023
- CWE-561: Dead Code
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule

_KINDS = ("CMD", "ENTRYPOINT", "HEALTHCHECK")


@rule(code="DKR028", name="instruction-overridden", target="dockerfile", severity="warning",
      tags=("correctness",), cwe=(561,))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for stage in df.stages:
        for kind in _KINDS:
            found = [i for i in stage.instructions if i.keyword == kind]
            for ins in found[:-1]:
                last = found[-1]
                yield Violation(
                    df.span(ins.start, ins.keyword_end),
                    f"this {kind} is overridden by the {kind} on line {last.line}; only the last {kind} of a stage "
                    "takes effect, remove this one",
                )
