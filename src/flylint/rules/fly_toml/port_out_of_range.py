"""Port number outside 1–65535, or a port range that ends before it starts.

## What it does
Flags `internal_port`, `[[services.ports]]` `port` / `start_port` / `end_port`, top-level
check `port` and `[[metrics]] port` values outside 1–65535, and a port range whose
`start_port` is greater than its `end_port`.

## Why is this bad?
flyctl does not check port numbers; the Machines API rejects the service when `fly deploy`
creates or updates Machines, after the image has been built and pushed. A port of 0 usually
means the key was left at a template's placeholder.

## Severity
Error: flyctl rejects a port outside 1–65535 or a backwards range, so the deploy fails.

## Example
```toml
[http_service]
  internal_port = 80800
```

Use instead:
```toml
[http_service]
  internal_port = 8080
```

## Fix safety
No fix: only you know the port the app listens on.

## References
- Fly.io services: https://fly.io/docs/networking/services/
- flyctl passes ports to the Machines API, which accepts 1–65535
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import RANGE, issues_of, setting
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY029", name="port-out-of-range", target="fly_toml", severity="error",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for issue in issues_of(cfg, RANGE, owner="port"):
        yield Violation(cfg.entry_span(issue.path),
                        f"{setting(issue.path, issue.value)} is not a port number (1–65535): the Machines API "
                        "rejects the service during `fly deploy`")
    for spath, _svc in cfg.services():
        for ppath, port in cfg.sections("ports", spath):
            start, end = port.get("start_port"), port.get("end_port")
            if isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool) and start > end:
                yield Violation(cfg.entry_span(ppath + ("start_port",)),
                                f"start_port = {start} is greater than end_port = {end}: the range is empty and the "
                                "Machines API rejects the service during `fly deploy`")
