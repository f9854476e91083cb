"""A single-stage Dockerfile compiles the app, so build tools ship in the image Fly runs.

## What it does
Flags the `FROM` of a Dockerfile with only one stage when that stage builds the app: it runs
`npm`/`yarn`/`pnpm`/`bun run build`, `next build`, `tsc`, `go build`, `cargo build`,
`mvn package`/`install`, `gradle build`/`assemble`/`bootJar`, `dotnet publish`, `mix release`,
or installs a compiler toolchain (`build-essential`, `build-base`, `gcc`, `g++`, `clang`).
Multi-stage Dockerfiles are not checked.

## Why is this bad?
Everything the build needed stays in the image: compilers, headers, dev dependencies, source
and intermediate files. The image is several times larger (slower Machine starts and deploys)
and hands an attacker a full toolchain. A build stage that only passes its output on keeps the
image Fly runs small.

## Severity
Info: build tools shipped in the final image cost size and attack surface, but single-stage
builds are a choice: hygiene.

## Example
```dockerfile
FROM node:22-bookworm-slim
WORKDIR /app
COPY . .
RUN npm ci && npm run build
CMD ["node", "dist/server.js"]
```

Use instead:
```dockerfile
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
WORKDIR /app
COPY --from=build /app/dist ./dist
COPY --from=build /app/node_modules ./node_modules
USER node
CMD ["node", "dist/server.js"]
```

## Fix safety
No fix: which files the run stage needs is app-specific.

## References
- Docker multi-stage builds: https://docs.docker.com/build/building/multi-stage/
- CIS Docker Benchmark 4.3 (no unnecessary packages)
- CWE-1104: Use of Unmaintained Third Party Components
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._pkg import pkg_call
from flylint.rules.dockerfile._util import run_commands, word_span

_TOOLCHAIN = {"build-essential", "build-base", "gcc", "g++", "clang", "make", "golang", "rustc", "cargo"}
_JS_BUILD = {"build", "compile"}


def build_step(argv_texts: list[str]) -> str | None:
    if not argv_texts:
        return None
    name = argv_texts[0].rsplit("/", 1)[-1]
    rest = argv_texts[1:]
    if name in ("npm", "pnpm", "bun") and len(rest) >= 2 and rest[0] in ("run", "run-script") and rest[1] in _JS_BUILD:
        return f"{name} run {rest[1]}"
    if name in ("yarn", "pnpm") and rest and (rest[0] in _JS_BUILD or (rest[0] == "run" and len(rest) > 1
                                                                     and rest[1] in _JS_BUILD)):
        return f"{name} {' '.join(rest[:2] if rest[0] == 'run' else rest[:1])}"
    if name in ("npx", "next") and "build" in rest[:2]:
        return f"{name} build"
    if name == "tsc" or (name == "npx" and rest[:1] == ["tsc"]):
        return "tsc"
    if name == "go" and rest[:1] == ["build"]:
        return "go build"
    if name == "cargo" and rest[:1] == ["build"]:
        return "cargo build"
    if name in ("mvn", "mvnw") and any(g in rest for g in ("package", "install", "verify")):
        return "mvn package"
    if name in ("gradle", "gradlew") and any(g in rest for g in ("build", "assemble", "bootJar", "installDist")):
        return "gradle build"
    if name == "dotnet" and rest[:1] in (["publish"], ["build"]):
        return f"dotnet {rest[0]}"
    if name == "mix" and rest[:1] == ["release"]:
        return "mix release"
    return None


@rule(code="DKR027", name="single-stage-build", target="dockerfile", severity="info",
      tags=("image-size", "least-privilege"), cwe=(1104,), controls=("CIS-4.3", "REVIEW-P1"))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    if len(df.stages) != 1:
        return
    stage = df.stages[0]
    found: list[str] = []
    for _ins, cmd in run_commands(df, [stage]):
        call = pkg_call(cmd)
        if call is not None and call.sub in ("install", "add"):
            tools = sorted({w.text.split("=", 1)[0] for w in call.operands} & _TOOLCHAIN)
            if tools:
                found.append(f"installs {', '.join(tools)}")
                continue
        step = build_step([w.text for w in cmd.effective_argv()])
        if step is not None:
            found.append(f"runs `{step}`")
    if not found:
        ctx.not_applicable("a single-stage Dockerfile that builds nothing (no toolchain, no build step)")
        return
    what = "; ".join(dict.fromkeys(found))
    _start, end = word_span(stage.from_instruction, 0)
    yield Violation(
        df.span(stage.from_instruction.start, end),
        f"this single-stage Dockerfile builds the app ({what}), so the toolchain and build inputs ship in the "
        "image Fly runs; build in a `FROM … AS build` stage and `COPY --from=build` only the output",
    )

