"""`STOPSIGNAL` differs from the `kill_signal` Fly.io sends.

## What it does
For a Dockerfile that a fly config builds, flags a `STOPSIGNAL` in the stage Fly runs (or the
stages it is built `FROM`) that differs from fly.toml's `kill_signal`, or any `STOPSIGNAL` other
than SIGINT when fly.toml sets no `kill_signal`. Signal names and numbers are compared
(`SIGTERM`, `TERM` and `15` are the same). Dockerfiles that no fly config builds are not checked.

## Why is this bad?
Fly.io stops a Machine with the signal named by `kill_signal` in fly.toml (SIGINT when it is not
set, according to the Fly.io docs), not with the image's `STOPSIGNAL`. An app that only shuts
down gracefully on the signal the Dockerfile announces never gets it, and is killed when
`kill_timeout` runs out.

## Severity
Info: a STOPSIGNAL that Fly.io replaces with `kill_signal` is dead code, a hygiene matter.

## Example
```dockerfile
STOPSIGNAL SIGTERM
```
with a fly.toml that has no `kill_signal`.

Use instead:
```toml
kill_signal = "SIGTERM"
kill_timeout = "30s"
```

## Fix safety
No fix: the signal belongs in fly.toml; which file to change is a choice.

## References
- Fly.io `kill_signal`: https://fly.io/docs/reference/configuration/#runtime-options
- Dockerfile reference, STOPSIGNAL: https://docs.docker.com/reference/dockerfile/#stopsignal
- CWE-755: Improper Handling of Exceptional Conditions
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import fly_config, run_chain

_NUMBERS = {"1": "HUP", "2": "INT", "3": "QUIT", "9": "KILL", "10": "USR1", "12": "USR2", "15": "TERM",
            "19": "STOP", "28": "WINCH"}


def normalise_signal(value: str) -> str:
    v = value.strip().strip("\"'").upper()
    if v in _NUMBERS:
        return "SIG" + _NUMBERS[v]
    return v if v.startswith("SIG") else "SIG" + v


@rule(code="DKR013", name="stopsignal-ignored-by-fly", target="dockerfile", severity="info",
      tags=("reliability", "fly"), cwe=(755,))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    cfg = fly_config(df, ctx)
    if cfg is None:
        return
    stops = [i for st in run_chain(df, ctx, cfg) for i in st.instructions if i.keyword == "STOPSIGNAL"]
    if not stops:
        return
    ins = stops[-1]
    raw = ins.rest.strip()
    if not raw or "$" in raw:
        return
    image_signal = normalise_signal(raw)
    configured = cfg.data.get("kill_signal")
    if isinstance(configured, str) and configured.strip():
        if normalise_signal(configured) == image_signal:
            return
        message = (f"Fly.io stops Machines with fly.toml's kill_signal {configured}, not STOPSIGNAL {raw}; "
                   f"make them agree (kill_signal = \"{image_signal}\" if the app expects {image_signal})")
    else:
        if image_signal == "SIGINT":
            return
        message = (f"Fly.io stops Machines with fly.toml's kill_signal (SIGINT when unset), not STOPSIGNAL {raw}; "
                   f"add kill_signal = \"{image_signal}\" to fly.toml")
    yield Violation(df.span(ins.start, ins.end), message)
