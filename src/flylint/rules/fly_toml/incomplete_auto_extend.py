"""Volume auto-extend settings that flyctl rejects (incomplete or out of range).

## What it does
When any of `auto_extend_size_threshold`, `auto_extend_size_increment` or
`auto_extend_size_limit` is set in a `[[mounts]]` entry, flags the entry unless the threshold
is 50–99 (%), the increment is 1–100 GB, and the limit, if given, is 1–500 GB. The threshold
and the increment are both required; the limit is optional.

## Why is this bad?
`fly config validate` and `fly deploy` reject incomplete or out-of-range auto-extend settings.
The Fly.io docs describe the increment and limit as the pair to set, but flyctl also requires
the threshold and lets you leave out the limit, so half-configured sections are common.

## Severity
Error: flyctl rejects incomplete or out-of-range auto-extend settings, so the deploy fails.

## Example
```toml
[[mounts]]
  source = "data"
  destination = "/data"
  auto_extend_size_increment = "1GB"
  auto_extend_size_limit = "10GB"
```

Use instead:
```toml
[[mounts]]
  source = "data"
  destination = "/data"
  auto_extend_size_threshold = 80
  auto_extend_size_increment = "1GB"
  auto_extend_size_limit = "10GB"
```

## Fix safety
No fix: the threshold and the sizes are capacity decisions.

## References
- flyctl `validateMounts`
- Fly.io volume auto-extend: https://fly.io/docs/volumes/overview/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import mount_sections, show
from flylint.fly.values import ValueFormatError, volume_size_gb
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule

_SUFFIX = "`fly config validate` and `fly deploy` fail"


def _gb(value: object) -> int | None:
    if not isinstance(value, str):
        return None
    try:
        return volume_size_gb(value)
    except ValueFormatError:
        return None


@rule(code="FLY043", name="incomplete-auto-extend", target="fly_toml", severity="error",
      tags=("correctness",), controls=("SOC2-A1.2",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for path, mount in mount_sections(cfg):
        threshold = mount.get("auto_extend_size_threshold")
        increment = mount.get("auto_extend_size_increment")
        limit = mount.get("auto_extend_size_limit")
        th = threshold if isinstance(threshold, int) and not isinstance(threshold, bool) else None
        inc, lim = _gb(increment), _gb(limit)
        if not (th or inc or lim):
            continue  # nothing set (or only values other rules report)
        if th is None or th == 0:
            yield Violation(cfg.key_span(path),
                            "[[mounts]] sets auto-extend sizes but no auto_extend_size_threshold: flyctl requires it "
                            f"(50–99 %), so {_SUFFIX}; add e.g. auto_extend_size_threshold = 80")
        elif not 50 <= th <= 99:
            yield Violation(cfg.entry_span(path + ("auto_extend_size_threshold",)),
                            f"auto_extend_size_threshold = {th} is outside 50–99 (%): {_SUFFIX}")
        if increment is None:
            yield Violation(cfg.key_span(path),
                            "[[mounts]] turns on auto-extend but sets no auto_extend_size_increment: flyctl requires "
                            f"it (1–100 GB), so {_SUFFIX}; add e.g. auto_extend_size_increment = \"1GB\"")
        elif inc is not None and inc >= 1 and inc > 100:
            yield Violation(cfg.entry_span(path + ("auto_extend_size_increment",)),
                            f"auto_extend_size_increment = {show(increment)} is {inc} GB, above the 100 GB maximum: "
                            f"{_SUFFIX}")
        if lim is not None and lim > 500:
            yield Violation(cfg.entry_span(path + ("auto_extend_size_limit",)),
                            f"auto_extend_size_limit = {show(limit)} is {lim} GB, above the 500 GB maximum: {_SUFFIX}")
