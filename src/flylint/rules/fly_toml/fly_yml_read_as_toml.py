"""Fly config named `.yml`, which flyctl reads as TOML.

## What it does
Flags a fly config whose name ends in `.yml` (`fly.yml`, `fly.staging.yml`).

## Why is this bad?
flyctl picks the parser by extension: `.json` is JSON, `.yaml` is YAML, and everything else,
including `.yml`, is TOML. It also never looks for `fly.yml` on its own (only `fly.toml`,
`fly.json` and `fly.yaml`), so the file is used only with `-c fly.yml`, and then a YAML file
fails to parse ("toml: …"). Rename it to `.yaml` (or write TOML in `fly.toml`).

## Severity
Warning: flyctl reads a `.yml` config as TOML and fails or misreads it; the name may never be
used by flyctl, so not an error.

## Example
```text
fly.yml
```

Use instead:
```text
fly.yaml
```

## Fix safety
No fix: renaming a file is left to you (scripts and CI may refer to the old name).

## References
- flyctl config lookup and parser choice by extension
- Fly.io app configuration: https://fly.io/docs/reference/configuration/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.registry import RuleContext, rule
from flylint.linter.source import SourceFile


@rule(code="FLY065", name="fly-yml-read-as-toml", target="fly_toml", severity="warning", input="source",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(source: SourceFile, ctx: RuleContext) -> Iterator[Violation]:
    name = source.path.replace("\\", "/").rsplit("/", 1)[-1]
    if not name.endswith(".yml"):
        return
    line = next((n for n in range(1, source.line_count + 1)
                 if source.line_text(n).strip() and not source.line_text(n).lstrip().startswith("#")), 1)
    yield Violation(source.line_span(line) if source.text else source.span(0, 0),
                    f"{name}: flyctl parses .yml files as TOML (only .yaml selects YAML) and never looks for fly.yml "
                    f"on its own; rename it to {name[:-4]}.yaml")
