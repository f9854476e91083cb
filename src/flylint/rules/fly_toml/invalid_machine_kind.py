"""`cpu_kind` or `gpu_kind` that Fly Machines do not offer.

## What it does
Flags `cpu_kind` values other than `shared` and `performance`, and `gpu_kind` values other
than `a10`, `l40s`, `a100-pcie-40gb` and `a100-sxm4-80gb`, in `[[vm]]` and
`[deploy.release_command_vm]`. A GPU *size* name used as a kind (`gpu_kind = "a100-80gb"`) is
pointed at the right spelling.

## Why is this bad?
flyctl passes these values to the Machines API unchecked, so a typo surfaces only during
`fly deploy`, when Machines are created or updated. GPU kinds and GPU VM sizes have similar
but different names, and an outdated JSON schema for fly.toml uses the size names.

## Severity
Warning: a CPU or GPU kind Fly Machines do not offer fails when Machines are created; flylint's
list of kinds may lag the platform, so not an error.

## Example
```toml
[[vm]]
  cpu_kind = "dedicated"
  gpu_kind = "a100-80gb"
```

Use instead:
```toml
[[vm]]
  cpu_kind = "performance"
  gpu_kind = "a100-sxm4-80gb"
```

## Fix safety
No fix: the kind of CPU or GPU decides cost and capacity.

## References
- fly-go `MachineGuest`, presets and GPU kinds
- Fly.io GPUs: https://fly.io/docs/gpus/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import ENUM, GPU_KINDS, VM_PRESETS, is_placeholder, issues_of, show
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule

_SIZE_TO_KIND = {"a100-40gb": "a100-pcie-40gb", "a100-80gb": "a100-sxm4-80gb"}


@rule(code="FLY024", name="invalid-machine-kind", target="fly_toml", severity="warning",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for issue in issues_of(cfg, ENUM, owner="machine-kind"):
        value = issue.value
        if is_placeholder(value):
            continue
        if issue.name == "cpu_kind":
            message = (f"cpu_kind = {show(value)} is not a Fly CPU kind: the Machines API rejects it during "
                       "`fly deploy`; use \"shared\" or \"performance\"")
        elif value in _SIZE_TO_KIND:
            message = (f"gpu_kind = {show(value)} is a VM size name, not a GPU kind: write gpu_kind = "
                       f"\"{_SIZE_TO_KIND[value]}\" (or size = \"{value}\")")
        elif value in VM_PRESETS:
            message = f"gpu_kind = {show(value)} is a VM size name, not a GPU kind: write size = \"{value}\" instead"
        else:
            message = (f"gpu_kind = {show(value)} is not a Fly GPU kind: the Machines API rejects it during "
                       f"`fly deploy`; use one of {', '.join(GPU_KINDS)}")
        yield Violation(cfg.entry_span(issue.path), message)
