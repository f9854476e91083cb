"""Volume size that flyctl cannot parse or that is under 1 GB.

## What it does
Flags `[[mounts]]` `initial_size`, `auto_extend_size_increment` and `auto_extend_size_limit`
values that flyctl's size parser rejects, or that come out below 1 GB once parsed the way
flyctl parses them: decimal units (`k`, `m`, `g`, `t` with optional `b` / `ib`), whole GB after
rounding down, and a plain number with a decimal point meaning **bytes** (`"1.5"` is 1 byte).

## Why is this bad?
`fly config validate` and `fly deploy` reject the configuration ("initial_size can not be
parsed" or "must be greater than or equal to 1GB"). Several spellings look right but are not:
`"500mb"` and `"1.5"` both round down to 0 GB, and `initial_size = 1.5` (a TOML float) is
turned into the string `"1.5"`, i.e. 1 byte.

## Severity
Error: flyctl rejects a volume size it cannot parse or under 1 GB, so the deploy fails.

## Example
```toml
[[mounts]]
  source = "data"
  destination = "/data"
  initial_size = "500mb"
```

Use instead:
```toml
[[mounts]]
  source = "data"
  destination = "/data"
  initial_size = "1gb"
```

## Fix safety
No fix: raising a volume size has a cost, so the size is yours to choose.

## References
- flyctl `validateMounts` and `helpers.ParseSize` / go-units
  `FromHumanSize`
- Fly.io volumes: https://fly.io/docs/volumes/overview/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import BAD_SIZE, issues_of, mount_sections, setting
from flylint.fly.values import ValueFormatError, volume_size_gb
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule

_KEYS = ("initial_size", "auto_extend_size_increment", "auto_extend_size_limit")


@rule(code="FLY018", name="invalid-volume-size", target="fly_toml", severity="error",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    bad = {issue.path for issue in issues_of(cfg, BAD_SIZE)}
    for path in sorted(bad, key=str):
        value = cfg.get(path)
        yield Violation(cfg.entry_span(path),
                        f"{setting(path, value)} is not a size flyctl can parse: `fly config validate` and "
                        "`fly deploy` fail; write a whole number of GB such as \"10gb\"")
    for mpath, mount in mount_sections(cfg):
        for key in _KEYS:
            value = mount.get(key)
            path = mpath + (key,)
            if value is None or path in bad or isinstance(value, bool):
                continue
            if key != "initial_size" and not isinstance(value, str):
                continue  # a type error (wrong-value-type)
            if not isinstance(value, (str, int, float)):
                continue
            try:
                gb = volume_size_gb(value)
            except ValueFormatError:
                continue
            if gb >= 1:
                continue
            hint = ""
            if isinstance(value, float) or (isinstance(value, str) and _bytes_form(value)):
                hint = " (a number with a decimal point and no unit is read as bytes)"
            elif ((isinstance(value, str) and value.strip()[-2:].lower() in ("mb", "kb"))
                  or str(value).lower().endswith(("m", "k"))):
                hint = " (sizes are whole decimal GB, rounded down)"
            yield Violation(cfg.entry_span(path),
                            f"{setting(path, value)} is {gb} GB to flyctl{hint}, and volumes must be at least 1 GB: "
                            "`fly config validate` and `fly deploy` fail; write e.g. \"1gb\"")


def _bytes_form(value: str) -> bool:
    text = value.strip()
    return bool(text) and text[-1].isdigit() and not text.lstrip("+-").isdigit()
