"""fly.toml sends traffic to an `internal_port` the image does not listen on.

## What it does
Compares, for each fly config, the `internal_port` of `[http_service]` and every `[[services]]`
with
- the ports the stage Fly runs `EXPOSE`s (including the stages it is built `FROM`), when the
  config builds a Dockerfile, and
- the `PORT` environment variable the app will see: fly.toml `[env] PORT`, which overrides the
  image, else the image's `ENV PORT`.
It reports on the fly.toml value when the Dockerfile `EXPOSE`s only other ports, or when
`PORT` is set to a port that no service uses. It stays silent when the Dockerfile has no
`EXPOSE`, when any exposed port matches an `internal_port`, and when a port comes from a
variable it cannot resolve. An app told where to listen is not checked against `EXPOSE`
(which is only documentation): `[env] PORT`/`ENV PORT` equal to `internal_port` (what
`fly launch` writes for Rails, whose image EXPOSEs 3000), or the port on the command line
(`--port 8000`, `0.0.0.0:8000` in `CMD` or `[processes]`). When another `*_PORT` variable holds
`internal_port` (LiteFS's `INTERNAL_PORT` with the app on `PORT`), a proxy listens there and
`PORT` is not compared. The message says what it assumed: an app may still take its port from
a secret.

## Why is this bad?
The Fly proxy connects to `internal_port`. If the app listens elsewhere, every request fails
("instance refused connection"), health checks fail, and a deploy hangs or rolls back. Apps that
read `PORT` listen wherever it points, so a `PORT` that differs from `internal_port` breaks the
app in the same way.

## Severity
Warning: the proxy sends traffic to a port the image does not seem to listen on; the listening
port is inferred from EXPOSE, [env] and the command (the message says what it assumed), so not
an error.

## Example
```toml
[http_service]
  internal_port = 8080
```
```dockerfile
ENV PORT=3000
EXPOSE 3000
CMD ["node", "server.js"]
```

Use instead:
```toml
[http_service]
  internal_port = 3000
```

## Fix safety
No fix: which side is right — the app's port or fly.toml's — is for the author to decide.

## References
- Fly.io `internal_port`: https://fly.io/docs/reference/configuration/#the-http_service-section
- Fly.io "app not listening on the expected address": https://fly.io/docs/getting-started/troubleshooting/
- not checked by `fly config validate`; CWE-1188
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flylint.base.lazyre import lazy
from flylint.fly.values import decimal_int
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig, Path
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import resolve, run_chain, split_rest, stage_values

_PORT_IN_COMMAND = lazy(r"(?:--port[= ]|-p[= ]?|--bind[= ]\S*:|--listen[= ]\S*:|0\.0\.0\.0:|\[::\]:|:::?)(\d{2,5})\b")


def _port(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return decimal_int(value.strip())
    return None


@rule(code="DKR037", name="expose-mismatch", target="fly_toml", severity="warning",
      tags=("correctness", "fly"), cwe=(1188,), controls=("REVIEW-B3",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    targets: list[tuple[Path, int]] = []  # (path of internal_port, port)
    hs = cfg.http_service
    hs_port = _port(hs.get("internal_port")) if hs is not None else None
    if hs_port is not None:
        targets.append((("http_service", "internal_port"), hs_port))
    for spath, svc in cfg.services():
        port = _port(svc.get("internal_port"))
        if port is not None:
            targets.append((spath + ("internal_port",), port))
    if not targets:
        ctx.not_applicable("no service with an internal_port")
        return
    ports = {p for _, p in targets}

    # the image's EXPOSE and ENV PORT, when fly deploy builds a Dockerfile that parsed
    pf = ctx.project.dockerfile_for(cfg)
    df = pf.dockerfile if pf is not None else None
    exposed: set[int] = set()
    other_ports: set[str] = set()  # values of other *PORT variables (a proxy's INTERNAL_PORT …)
    commands: list[str] = []  # CMD/ENTRYPOINT text and [processes] commands
    unknown = False
    env_port: tuple[str | None, Any] = (None, None)
    if df is not None:
        chain = run_chain(df, ctx, cfg)
        for stage in chain:
            for ins in stage.instructions:
                if ins.keyword == "EXPOSE":
                    values = stage_values(df, chain, ins, cfg)
                    for arg in split_rest(ins):
                        text = resolve(arg.text, values) if "$" in arg.text else arg.text
                        if text is None:
                            unknown = True
                            continue
                        spec = text.split("/", 1)[0]
                        if "-" in spec:
                            lo, _, hi = spec.partition("-")
                            if _exposable(lo) and _exposable(hi):  # a port range (at most 65,536 numbers)
                                exposed.update(range(int(lo), int(hi) + 1))
                            else:
                                unknown = True
                        elif _exposable(spec):
                            exposed.add(int(spec))
                        else:
                            unknown = True
                elif ins.keyword == "ENV":
                    for p in ins.pairs:
                        if p.key == "PORT":
                            values = stage_values(df, chain, ins, cfg)
                            env_port = ("image", resolve(p.value, values) if p.value is not None else None)
                        elif p.key.upper().endswith("PORT") and p.value is not None:
                            other_ports.add(p.value.strip())
                elif ins.keyword in ("CMD", "ENTRYPOINT"):
                    commands.append(" ".join(ins.exec_form) if ins.exec_form is not None else ins.rest)

    fly_env = next((table for path, table in cfg.sections("env")), None)
    if isinstance(fly_env, dict) and "PORT" in fly_env:
        env_port = ("fly", fly_env.get("PORT"))
    if isinstance(fly_env, dict):
        other_ports |= {str(v).strip() for k, v in fly_env.items() if str(k).upper().endswith("PORT") and k != "PORT"}
    processes = cfg.data.get("processes")
    if isinstance(processes, dict):
        commands += [str(v) for v in processes.values()]
    if not exposed and not unknown and env_port[0] is None:
        ctx.not_applicable("neither EXPOSE nor PORT is set: nothing to compare with internal_port")
        return

    # the app is told its port: by PORT, or on its command line (`--port 8080`, `0.0.0.0:8080`)
    told = {_port(env_port[1])} | {int(m) for c in commands for m in _PORT_IN_COMMAND.findall(c)}
    reported = False
    if told & ports:
        pass  # EXPOSE is documentation only: an app that listens where it is told needs no matching EXPOSE
    elif df is not None and exposed and not unknown and not (exposed & ports):
        shown = ", ".join(str(p) for p in sorted(exposed)[:5])
        for path, port in targets:
            yield Violation(
                cfg.value_span(path),
                f"internal_port = {port}, but the Dockerfile ({df.source.display_path}) "
                f"only EXPOSEs {shown} and neither PORT nor the command names {port}; unless the app takes its "
                f"port from a secret, the Fly proxy will find nothing listening on {port}: make the app listen on "
                f"{port} (PORT = \"{port}\" in [env] for apps that read $PORT) or set internal_port to the port "
                "it uses",
                source=cfg.source,
            )
            reported = True

    origin, raw = env_port
    port = _port(raw)
    if {str(p) for p in ports} & other_ports:
        return  # another *PORT variable names internal_port: a proxy (LiteFS …) listens there, PORT is upstream
    if origin is not None and port is not None and port not in ports:
        listed = ", ".join(str(p) for p in sorted(ports))
        if origin == "fly":
            path = next(p for p, _ in cfg.sections("env"))
            yield Violation(
                cfg.value_span(path + ("PORT",)),
                f"[env] PORT = {raw} but no service uses that port (internal_port: {listed}); an app that listens on "
                f"$PORT will not receive traffic: make them the same",
                source=cfg.source,
            )
        elif not reported:
            path, first = targets[0]
            yield Violation(
                cfg.value_span(path),
                f"internal_port = {first}, but the image sets ENV PORT={raw}; an app that listens on $PORT gets no "
                f"traffic: set internal_port = {port}, or PORT = \"{first}\" in fly.toml [env]",
                source=cfg.source,
            )


def _exposable(text: str) -> bool:
    """A port number as EXPOSE takes it (digits, at most 65535; never a 5,000-digit number)."""
    number = decimal_int(text) if len(text) <= 5 else None
    return number is not None and number <= 65535
