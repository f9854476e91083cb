"""Machine memory that flyctl cannot parse or that comes out as zero.

## What it does
Flags `memory` in `[[vm]]` (and its aliases) and in `[deploy.release_command_vm]` when flyctl
cannot parse it, or when it parses to 0 MB: a number with a decimal point and no unit (`"1.5"`
is 1.5 bytes), or a value under 1 MiB (`"512kb"`). Also flags a negative `memory_mb`. Memory
units are binary (`"1gb"` = 1024 MB); a plain integer means MB.

## Why is this bad?
flyctl does not check memory when validating: the error appears only when `fly deploy`
converts the configuration into a Machine ("memory cannot be zero", or a parse error), after
the image has been built and pushed.

## Severity
Error: flyctl rejects memory it cannot parse or that comes out as zero, so the deploy fails.

## Example
```toml
[[vm]]
  memory = "1.5"
```

Use instead:
```toml
[[vm]]
  memory = "1536mb"
```

## Fix safety
No fix: how much memory the Machines get (and pay for) is yours to decide.

## References
- flyctl `computeToGuest` and go-units `RAMInBytes`
- Fly.io Machine sizing: https://fly.io/docs/machines/guides-examples/machine-sizing/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import BAD_MEMORY, issues_of, setting, vm_sections
from flylint.fly.values import ValueFormatError, memory_mb
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY019", name="invalid-memory", target="fly_toml", severity="error",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    bad = {issue.path for issue in issues_of(cfg, BAD_MEMORY)}
    for vpath, vm in vm_sections(cfg):
        path = vpath + ("memory",)
        value = vm.get("memory")
        if path in bad:
            yield Violation(cfg.entry_span(path),
                            f"{setting(path, value)} is not a memory size flyctl can parse: `fly deploy` fails "
                            "when it builds the Machine config; write e.g. \"512mb\", \"1gb\" or an integer of MB")
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            if isinstance(value, float) and value != int(value) and vpath[0] == "deploy":
                continue  # a float in release_command_vm is a type error (wrong-value-type)
            try:
                mb = memory_mb(value)
            except ValueFormatError:
                continue
            if mb == 0:
                yield Violation(cfg.entry_span(path),
                                f"{setting(path, value)} comes out as 0 MB (memory units are binary and a number "
                                "with a decimal point and no unit is bytes): `fly deploy` fails with \"memory cannot "
                                "be "
                                "zero\"; write e.g. \"1536mb\"")
        mb_value = vm.get("memory_mb")
        if isinstance(mb_value, int) and not isinstance(mb_value, bool) and mb_value < 0:
            mpath = vpath + ("memory_mb",)
            yield Violation(cfg.entry_span(mpath),
                            f"{setting(mpath, mb_value)} is negative: the Machines API rejects it at deploy; "
                            "write the memory in MB, e.g. 1024")
