"""`[[vm]]` memory outside what Fly Machines allow for its CPUs.

## What it does
Works out the CPU kind, CPU count and memory a `[[vm]]` entry (or
`[deploy.release_command_vm]`) asks for, the way flyctl merges them (preset from `size`, then
`memory` / `memory_mb`, `cpus`, `cpu_kind`), and flags memory outside 256–2048 MB per shared
CPU or 2048–8192 MB per performance CPU, or not a multiple of 256 MB (shared) / 1024 MB
(performance). GPU presets are skipped. Only entries that set memory, cpus or cpu_kind are
checked; a bare preset is always valid.

## Why is this bad?
flyctl does not check this when validating fly.toml; the Machines API rejects the size when
`fly deploy` creates or updates Machines. A common case: `memory = "4gb"` without `cpus`
keeps the default single shared CPU, which allows at most 2 GB.

## Severity
Warning: memory outside what Machines allow for the CPUs is rejected or adjusted at deploy
time; the limits change with the platform, so not an error.

## Example
```toml
[[vm]]
  memory = "4gb"
```

Use instead:
```toml
[[vm]]
  memory = "4gb"
  cpus = 2
```

## Fix safety
No fix: CPU and memory choices change cost.

## References
- fly-go `MIN/MAX_MEMORY_MB_PER_(SHARED_)CPU` and presets
- Fly.io Machine sizing: https://fly.io/docs/machines/guides-examples/machine-sizing/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import GPU_KINDS, MEMORY_PER_CPU, VM_PRESETS, vm_sections
from flylint.fly.values import ValueFormatError, memory_mb
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule

_STEP = {"shared": 256, "performance": 1024}


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@rule(code="FLY058", name="memory-out-of-range", target="fly_toml", severity="warning",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for path, vm in vm_sections(cfg):
        if not any(k in vm for k in ("memory", "memory_mb", "cpus", "cpu_kind")):
            continue
        size = vm.get("size", "shared-cpu-1x")
        if not isinstance(size, str) or size not in VM_PRESETS or vm.get("gpu_kind") in GPU_KINDS or vm.get("gpus"):
            continue
        kind, cpus, mem = VM_PRESETS[size]
        if size.startswith(("a", "l")):
            continue  # GPU presets
        mem_key = None
        if "memory" in vm:
            try:
                mem = memory_mb(vm["memory"])
                mem_key = "memory"
            except ValueFormatError:
                continue
        if _int(vm.get("memory_mb")):
            mem, mem_key = vm["memory_mb"], "memory_mb"
        if _int(vm.get("cpus")):
            cpus = vm["cpus"]
        if isinstance(vm.get("cpu_kind"), str):
            kind = vm["cpu_kind"]
        if kind not in MEMORY_PER_CPU or cpus <= 0 or mem <= 0:
            continue
        low, high = MEMORY_PER_CPU[kind]
        key = mem_key or ("cpus" if "cpus" in vm else "cpu_kind")
        what = f"{cpus} {kind} CPU{'s' if cpus != 1 else ''}"
        if not low * cpus <= mem <= high * cpus:
            yield Violation(cfg.entry_span(path + (key,)),
                            f"{mem} MB of memory with {what}: Fly Machines allow {low * cpus}–{high * cpus} MB for "
                            "that "
                            f"({low}–{high} MB per {kind} CPU), so `fly deploy` fails when it creates the Machines; "
                            "change memory or cpus")
        elif mem % _STEP[kind]:
            yield Violation(cfg.entry_span(path + (key,)),
                            f"{mem} MB of memory is not a multiple of {_STEP[kind]} MB, which {kind} Machines require: "
                            "`fly deploy` fails when it creates the Machines")
