"""`[[statics]]` entries whose `url_prefix` values overlap, or more than 10 of them.

## What it does
Flags a `[[statics]]` entry whose `url_prefix` equals or lies inside another entry's prefix
(`/static` and `/static/img`), and the eleventh and later entries.

## Why is this bad?
The Fly proxy serves static files by URL prefix; the docs require prefixes not to overlap and
allow at most 10 entries. With overlapping prefixes it is undefined which directory answers a
request, so files "randomly" 404.

## Severity
Warning: overlapping statics make one prefix shadow the other, or exceed the limit; a reviewer
asks. The deploy works.

## Example
```toml
[[statics]]
  guest_path = "/app/public"
  url_prefix = "/"

[[statics]]
  guest_path = "/app/public/assets"
  url_prefix = "/assets"
```

Use instead:
```toml
[[statics]]
  guest_path = "/app/public/assets"
  url_prefix = "/assets"
```

## Fix safety
No fix.

## References
- Fly.io `[[statics]]` section: https://fly.io/docs/reference/configuration/#the-statics-sections
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule

MAX_STATICS = 10


def _norm(prefix: str) -> str:
    return "/" + prefix.strip().strip("/") + ("/" if prefix.strip().strip("/") else "")


@rule(code="FLY061", name="overlapping-statics", target="fly_toml", severity="warning",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    statics = cfg.data.get("statics")
    if not isinstance(statics, list):
        return
    seen: list[tuple[str, str, int]] = []
    for i, entry in enumerate(statics):
        if not isinstance(entry, dict):
            continue
        if i == MAX_STATICS:
            yield Violation(cfg.key_span(("statics", i)),
                            f"{len(statics)} [[statics]] entries: the Fly.io docs allow at most {MAX_STATICS}")
        prefix = entry.get("url_prefix")
        if not isinstance(prefix, str):
            continue
        norm = _norm(prefix)
        for other, shown, j in seen:
            if norm.startswith(other) or other.startswith(norm):
                yield Violation(cfg.entry_span(("statics", i, "url_prefix")),
                                f"url_prefix \"{prefix}\" overlaps \"{shown}\" of statics entry {j + 1}: the Fly.io "
                                "docs "
                                "require prefixes that do not overlap, or which directory answers is undefined")
                break
        seen.append((norm, prefix, i))
