"""Container runs as root.

## What it does
Flags the stage Fly.io runs (the last stage, or the `[build] build-target` stage named in
fly.toml) when it never switches to a non-root `USER`, or when its last `USER` is `root`,
`0` or `0:0`. A `USER` set in an earlier stage carries over when the final stage is built
`FROM` that stage. Builder stages are not checked: they never run in production.

What the base image does when the Dockerfile sets no `USER` decides the finding:

- images known to set a non-root `USER` themselves (distroless and `:nonroot` tags,
  Chainguard, `nginx-unprivileged`, Bitnami, `-chiseled` .NET, Mastodon, Grafana, …) are
  not reported;
- official database and cache images whose entrypoint re-executes their own server as a
  service user (`redis` running `redis-server`, `postgres`, `mysql`, `mongo`, …) are not
  reported while the image's entrypoint and server command are kept; a custom `ENTRYPOINT`,
  or a `CMD` or fly.toml process that runs something else (a start script), runs as root
  and is reported;
- images known to run as root (`node`, `python`, `debian`, `nginx`, …) are reported as
  running as root;
- any other image is reported with what flylint assumed: the app runs as root *unless the
  base image sets a non-root `USER`*, with the command that shows it
  (`docker inspect --format '{{.Config.User}}' IMAGE`).

## Why is this bad?
A process running as root inside the Machine can rewrite the application and its
dependencies, read every file in the image, and turn any remote-code-execution bug into full
control of the VM. Running as an unprivileged user limits what an attacker gets.

## Severity
Warning: a reviewer asks for a non-root user on most projects. Not an error: a root process is
a risk, not a shown hole, and for a base image flylint does not know, the user is inferred (the
message says so).

## Example
```dockerfile
FROM node:22-bookworm-slim
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
```

Use instead:
```dockerfile
FROM node:22-bookworm-slim
WORKDIR /app
COPY --chown=node:node . .
USER node
CMD ["node", "server.js"]
```

## Fix safety
Unsafe: the fix adds `USER` before the first `CMD`/`ENTRYPOINT` of the final stage, reusing a
non-root user the stage already switched to earlier, else the base image's own user where one
is known (`node` for Node.js images, `nonroot` for distroless)
and otherwise creating a system user `app` with uid 10001 (or using the numeric `10001:10001`
when the distribution is unknown). The app may then lack write access to files copied as
root, or to ports below 1024.

## References
- CIS Docker Benchmark 4.1 (create a user for the container)
- hadolint DL3002, checkov CKV_DOCKER_3 / CKV_DOCKER_8, trivy DS-0002, dockle CIS-DI-0001
- CWE-250: Execution with Unnecessary Privileges
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.fly.images import NONROOT, ROOT, STEPS_DOWN, server_commands, user_of
from flylint.linter.model import Applicability, Edit, Fix, Violation
from flylint.linter.parsers.dockerfile import Dockerfile, Instruction, Stage
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import fly_config, resolved_image, run_stage, stage_chain

ROOT_USERS = frozenset({"root", "0", "0:0", "root:root", "0:root", "root:0"})


@rule(code="DKR001", name="container-runs-as-root", target="dockerfile", severity="warning", fix="unsafe",
      tags=("security", "least-privilege"), cwe=(250,),
      controls=("CIS-4.1", "SOC2-CC6.1", "SOC2-CC6.3", "PCI-DSS-7.2.5", "HIPAA-164.312(a)(1)", "REVIEW-B1"))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    cfg = fly_config(df, ctx)
    stage = run_stage(df, ctx, cfg)
    if stage is None:
        return
    chain = stage_chain(df, stage)
    user_ins = last_user(chain)
    user = user_ins.rest.strip() if user_ins is not None else None
    if user_ins is not None and user is not None and user.lower() in ROOT_USERS:
        yield Violation(
            df.span(user_ins.start, user_ins.end),
            f"the final stage switches to USER {user} and never back, so the app runs as root",
            _fix(df, stage, chain, cfg),
        )
    elif user_ins is None:
        image = resolved_image(df, chain[0], cfg)
        kind = user_of(image) if image else "unknown"
        if kind == NONROOT or (kind == STEPS_DOWN and _keeps_step_down(chain, image or "", cfg)):
            return
        name = f" '{stage.alias}'" if stage.alias else ""
        if not image or image == stage.image:
            shown = stage.image
        elif chain[0] is stage:
            shown = f"{stage.image} = {image}"
        else:
            shown = f"{stage.image}, built on {image}"
        where = f"the final stage{name} (FROM {shown})"
        if kind == ROOT:
            message = f"{where} never sets a non-root USER and its base image runs as root, so the app runs as root"
        elif kind == STEPS_DOWN:
            message = (f"{where} never sets a non-root USER; the image's entrypoint steps down from root only when "
                       f"it runs {' or '.join(server_commands(image or ''))}, and this build runs another command "
                       f"or entrypoint, so the app runs as root")
        else:
            known = (f"flylint does not know this image; `docker inspect --format '{{{{.Config.User}}}}' {image}` "
                     "shows it" if image else f"flylint cannot resolve {chain[0].image}; `docker inspect --format "
                     "'{{.Config.User}}' IMAGE` shows it for the image it names")
            message = (f"{where} never sets a USER, so the app runs as root unless the base image sets a non-root "
                       f"USER itself ({known})")
        yield Violation(
            df.span(stage.from_instruction.start, stage.from_instruction.end),
            message,
            _fix(df, stage, chain, cfg),
        )


def _keeps_step_down(chain: list[Stage], image: str, cfg: FlyConfig | None) -> bool:
    """The image's own entrypoint still runs its server, so it steps down from root itself.

    Official database images (``redis``, ``postgres`` …) start as root and their
    ``docker-entrypoint.sh`` re-executes the server as the service user, but only when the
    command is that server: a Dockerfile ``ENTRYPOINT``, or a ``CMD`` or fly.toml process that
    runs something else, keeps root.
    """
    servers = server_commands(image)
    entry = next((i for st in reversed(chain) for i in reversed(st.instructions) if i.keyword == "ENTRYPOINT"), None)
    if entry is not None and _first_word(entry) != "docker-entrypoint.sh":
        return False
    commands: list[str] = []
    cmd = next((i for st in reversed(chain) for i in reversed(st.instructions) if i.keyword == "CMD"), None)
    if cmd is not None:
        commands.append(_first_word(cmd))
    if cfg is not None:
        experimental = cfg.data.get("experimental")
        if isinstance(experimental, dict) and experimental.get("entrypoint"):
            return False
        processes = cfg.data.get("processes")
        if isinstance(processes, dict) and processes:
            commands = [_first(str(v)) for v in processes.values()]
    # the entrypoints also prepend the server to options ("-…"); redis's also to a "….conf" file
    return all(c in servers or c.startswith("-") or (c.endswith(".conf") and "redis-server" in servers)
               for c in commands)


def _first_word(ins: Instruction) -> str:
    if ins.exec_form is not None:
        return ins.exec_form[0].rsplit("/", 1)[-1] if ins.exec_form else ""
    return _first(ins.rest)


def _first(command: str) -> str:
    words = command.split()
    return words[0].rsplit("/", 1)[-1] if words else ""


def last_user(chain: list[Stage]) -> Instruction | None:
    """The last USER instruction in the stage chain (root first), the one the image runs as."""
    for st in reversed(chain):
        users = [i for i in st.instructions if i.keyword == "USER"]
        if users:
            return users[-1]
    return None


def _existing_user(chain: list[Stage]) -> str | None:
    """The last non-root USER already used in the stage chain."""
    for st in reversed(chain):
        for ins in reversed([i for i in st.instructions if i.keyword == "USER"]):
            value = ins.rest.strip()
            if value and value.lower() not in ROOT_USERS:
                return value
    return None


def _fix(df: Dockerfile, stage: Stage, chain: list[Stage], cfg: FlyConfig | None) -> Fix:
    image = (resolved_image(df, chain[0], cfg) or "").lower()
    name = image.rsplit("/", 1)[-1]
    existing = _existing_user(chain)
    if existing is not None:
        lines = [f"USER {existing}"]
    elif name.startswith("node:") or name == "node":
        lines = ["USER node"]
    elif "distroless" in image:
        lines = ["USER nonroot:nonroot"]
    elif "alpine" in image:
        lines = ["RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app", "USER app"]
    elif re.match(r"(python|ruby|golang|debian|ubuntu|elixir|erlang|php|openjdk|eclipse-temurin|rust)[:@]?", name) \
            and "alpine" not in name:
        lines = ["RUN useradd --system --user-group --uid 10001 --no-create-home app", "USER app"]
    else:
        lines = ["USER 10001:10001"]
    text = df.source.text
    run_at = next((i for i in stage.instructions if i.keyword in ("CMD", "ENTRYPOINT")), None)
    if run_at is not None:
        line_start = text.rfind("\n", 0, run_at.start) + 1
        edit = Edit(line_start, line_start, "".join(line + "\n" for line in lines))
    else:
        end = stage.instructions[-1].end
        edit = Edit(end, end, "".join("\n" + line for line in lines))
    return Fix(f"Run the final stage as a non-root user ({lines[-1]})", (edit,), Applicability.UNSAFE)
