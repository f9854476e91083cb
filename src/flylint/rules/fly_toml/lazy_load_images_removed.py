"""`[experimental] lazy_load_images`, a feature flyctl no longer supports.

## What it does
Flags `lazy_load_images = true` in `[experimental]`.

## Why is this bad?
Lazy image loading was removed in May 2025. flyctl reads the key, ignores it, and prints a
warning on every deploy that builds an image.

## Severity
Warning: the flag does nothing any more; a reviewer asks for it to go. The deploy works.

## Example
```toml
[experimental]
  lazy_load_images = true
```

Use instead:
```toml
[experimental]
```

## Fix safety
Safe: the fix removes the line; flyctl ignores it already, so nothing changes at deploy.

## References
- flyctl `determineImage` warning
- Fly.io app configuration reference: https://fly.io/docs/reference/configuration/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import delete_entry


@rule(code="FLY048", name="lazy-load-images-removed", target="fly_toml", severity="warning", fix="safe",
      tags=("maintainability",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    exp = cfg.data.get("experimental")
    if not isinstance(exp, dict) or exp.get("lazy_load_images") is not True:
        return
    path = ("experimental", "lazy_load_images")
    edit = delete_entry(cfg, path) if cfg.fmt == "toml" else None
    fix = Fix("Remove lazy_load_images", (edit,), Applicability.SAFE) if edit is not None else None
    yield Violation(cfg.entry_span(path),
                    "lazy_load_images is no longer supported (removed in May 2025): flyctl ignores it and warns at "
                    "every "
                    "deploy that builds an image; remove it", fix)
