"""GitHub workflow that cannot be parsed.

## What it does
Reports a workflow file under `.github/workflows/` that is not valid YAML, or whose top level
is not a mapping, at the line and column where the YAML parser stopped.

## Why is this bad?
GitHub refuses to run an invalid workflow, so the deploy job silently never happens, and no
other workflow rule can check the file.

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

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.registry import RuleContext, rule
from flylint.linter.source import SourceFile


@rule(code="GHA000", name="workflow-parse-error", target="workflow", severity="error", tags=("correctness",))
def check(model: SourceFile, ctx: RuleContext) -> Iterator[Violation]:
    return iter(())
