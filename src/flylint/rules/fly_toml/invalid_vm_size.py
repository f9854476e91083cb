"""`[[vm]] size` that is not a Fly Machine preset.

## What it does
Flags `size` in `[[vm]]` (also `[vm]`, `[[compute]]`) and `[deploy.release_command_vm]` when
it is not one of the presets: `shared-cpu-1x`/`2x`/`4x`/`6x`/`8x`, `performance-1x` … `16x`,
`a10`, `l40s`, `a100-40gb`, `a100-80gb`.

## Why is this bad?
`fly config validate` does not look at sizes; the error appears only when `fly deploy`
turns the configuration into Machine configs, after the image has been built and pushed
("'shared-cpu-3x' is an invalid machine size" or "expected to start with 'shared' or
'performance'").

## Severity
Error: a size that is not a Machine preset is rejected when the Machines are created, so the
deploy fails.

## Example
```toml
[[vm]]
  size = "shared-cpu-3x"
```

Use instead:
```toml
[[vm]]
  size = "shared-cpu-4x"
```

## Fix safety
No fix: choosing a size changes cost and capacity.

## References
- fly-go `MachinePresets` and `MachineGuest.SetSize`
- Fly.io Machine sizing: https://fly.io/docs/machines/guides-examples/machine-sizing/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import VM_PRESETS, is_placeholder, show, vm_sections
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY023", name="invalid-vm-size", target="fly_toml", severity="error",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for vpath, vm in vm_sections(cfg):
        size = vm.get("size")
        if not isinstance(size, str) or size in VM_PRESETS or is_placeholder(size):
            continue
        import difflib

        close = difflib.get_close_matches(size.lower(), list(VM_PRESETS), n=2, cutoff=0.7)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else \
            "; use a preset such as \"shared-cpu-1x\" or \"performance-2x\""
        yield Violation(cfg.entry_span(vpath + ("size",)),
                        f"size = {show(size)} is not a Fly Machine preset: `fly deploy` fails when it builds the "
                        "Machine "
                        f"configs (after building the image){hint}")
