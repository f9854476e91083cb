"""`[build]` that names more than one way to build the image.

## What it does
Flags a `[build]` section that sets more than one of: a prebuilt `image`, a buildpacks
`builder` (or `buildpacks`), a `dockerfile` (or `build-target`), and a Fly `builtin`. The
message says which one flyctl will actually use.

## Why is this bad?
flyctl warns at every deploy and then picks one by a fixed precedence: `image` wins over
everything (nothing is built), then buildpacks (only when `builder` is set), then the
Dockerfile, then `builtin`. The other settings are silently ignored, so a reader (or a
reviewer of a change to the Dockerfile) may be looking at something that is never built.

## Severity
Warning: flyctl picks one of several build strategies, which may not be the one meant; the
build works, so not an error.

## Example
```toml
[build]
  image = "registry.example.com/app:1.4"
  dockerfile = "Dockerfile.production"
```

Use instead:
```toml
[build]
  dockerfile = "Dockerfile.production"
```

## Fix safety
No fix: only you know which build method is meant.

## References
- flyctl `validateBuildStrategies` and `determineImage`
- Fly.io builders: https://fly.io/docs/reference/builders/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


def _set(value: object) -> bool:
    return bool(value) and isinstance(value, (str, list))


@rule(code="FLY044", name="multiple-build-strategies", target="fly_toml", severity="warning",
      tags=("correctness", "maintainability"), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    build = cfg.data.get("build")
    if not isinstance(build, dict):
        return
    strategies = []
    if _set(build.get("image")):
        strategies.append(("image", "the prebuilt image"))
    if _set(build.get("builder")) or _set(build.get("buildpacks")):
        strategies.append(("builder" if _set(build.get("builder")) else "buildpacks", "buildpacks"))
    if _set(build.get("dockerfile")) or _set(build.get("build-target")) or _set(build.get("build_target")):
        target_key = "build-target" if "build-target" in build else "build_target"
        key = "dockerfile" if _set(build.get("dockerfile")) else target_key
        strategies.append((key, "the Dockerfile"))
    if _set(build.get("builtin")):
        strategies.append(("builtin", "the builtin"))
    if len(strategies) < 2:
        return
    if _set(build.get("image")):
        used = "the prebuilt image (nothing is built)"
    elif _set(build.get("builder")):
        used = "buildpacks"
    elif any(k in ("dockerfile", "build-target", "build_target") for k, _ in strategies):
        used = "the Dockerfile"
    else:
        used = "a Dockerfile if one exists next to fly.toml, otherwise the builtin"
    names = ", ".join(f"`{k}`" for k, _ in strategies)
    second = strategies[1][0]
    yield Violation(cfg.entry_span(("build", second)),
                    f"[build] sets {names}: more than one way to build the image; flyctl warns at every deploy and "
                    f"uses {used}, ignoring the rest; keep only the one you use")
