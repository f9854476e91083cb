"""`[[files]]` entry with more than one content source.

## What it does
Flags a `[[files]]` entry that sets more than one of `local_path`, `secret_name` and
`raw_value`.

## Why is this bad?
A file has exactly one content. flyctl silently uses `local_path` first, then `secret_name`,
then `raw_value`, and ignores the rest, so the file on the Machine may not contain what the
reader of fly.toml expects.

## Severity
Warning: with several content sources only one is used, a mistake a reviewer asks about; the
deploy works.

## Example
```toml
[[files]]
  guest_path = "/app/config.json"
  local_path = "config.json"
  secret_name = "APP_CONFIG"
```

Use instead:
```toml
[[files]]
  guest_path = "/app/config.json"
  secret_name = "APP_CONFIG"
```

## Fix safety
No fix: keep the source you mean.

## References
- flyctl `File.toMachineFile`
- Fly.io `[[files]]` section: https://fly.io/docs/reference/configuration/#the-files-section
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule

_ORDER = ("local_path", "secret_name", "raw_value")


@rule(code="FLY055", name="ambiguous-file-source", target="fly_toml", severity="warning",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    files = cfg.data.get("files")
    if not isinstance(files, list):
        return
    for i, entry in enumerate(files):
        if not isinstance(entry, dict):
            continue
        present = [k for k in _ORDER if isinstance(entry.get(k), str) and entry[k]]
        if len(present) < 2:
            continue
        ignored = ", ".join(f"`{k}`" for k in present[1:])
        yield Violation(cfg.key_span(("files", i)),
                        f"[[files]] entry sets {', '.join(f'`{k}`' for k in present)}: flyctl uses `{present[0]}` and "
                        f"silently ignores {ignored}; keep one source")
