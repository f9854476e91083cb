"""fly config that cannot be parsed.

## What it does
Reports a fly.toml (or fly.<env>.toml, fly.json, fly.yaml) that is not valid TOML, JSON or
YAML, at the line and column where the parser gave up. flyctl picks the parser by file
extension, and so does flylint: `.json` is JSON, `.yaml` is YAML, anything else, including
`.yml`, is TOML.

## Why is this bad?
flyctl stops at the first syntax error: `fly deploy`, `fly launch` and `fly config validate`
all fail, and no other rule can check the file until it parses. A duplicate key (the same
environment variable written twice in `[env]`) is a common cause.

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
- flyctl reads fly.toml with go-toml v2; a syntax error is fatal (fact sheet §1.2)
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.registry import RuleContext, rule
from flylint.linter.source import SourceFile


@rule(code="FLY000", name="fly-config-parse-error", target="fly_toml", severity="error",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(model: SourceFile, ctx: RuleContext) -> Iterator[Violation]:
    return iter(())
