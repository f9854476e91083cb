"""The image Fly.io runs is built on an untagged or `:latest` base image.

## What it does
Flags the `FROM` line that gives the run stage its base image (the last stage, or the
`[build] build-target` stage of the fly config; when that stage is built `FROM` an earlier
stage, the first external image of the chain) when the image has no tag or the tag is
`latest`. ARG-provided tags are resolved from the `ARG` defaults before the first `FROM` and
from fly.toml `[build.args]`; when a tag cannot be known the rule stays silent. An image
pinned by digest (`@sha256:…`) and `scratch` are fine.

Build stages whose output the run stage copies (`COPY --from=builder`, `RUN --mount=from=…`,
directly or through other stages) are checked the same way: their base image decides the
compiler, runtime and libraries the shipped files were built with. Stages nothing copies from
are not checked.

## Why is this bad?
`node` and `node:latest` mean "whatever was pushed last". Two deploys of the same commit can
run on different language runtimes and OS releases, a major version bump arrives unannounced,
and a rollback does not roll the base image back. In a build stage the same drift changes the
compiler or bundler: a build that passed yesterday fails today, or ships binaries built against
a newer libc than the run stage has.

## Severity
Warning: an unpinned or `:latest` base changes under the app between deploys; reviewers ask for
a tag on most projects. Nothing fails today, so not an error.

## Example
```dockerfile
FROM node:latest
CMD ["node", "server.js"]
```

Use instead:
```dockerfile
ARG NODE_VERSION=22.11.0
FROM node:${NODE_VERSION}-bookworm-slim
CMD ["node", "server.js"]
```

## Fix safety
No fix: the version to pin is a decision (the tag currently behind `latest` is not known
offline).

## References
- hadolint DL3006 (no tag), DL3007 (`latest`); checkov CKV_DOCKER_7; trivy DS-0001;
  dockle DKL-DI-0006; CIS Docker Benchmark 4.2
- CWE-1357: Reliance on Insufficiently Trustworthy Component
- Docker: https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile, Stage
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import (
    fly_config,
    is_stage_reference,
    resolved_image,
    run_chain,
    split_image,
    word_span,
)
from flylint.rules.dockerfile._util import parent_stage as parent_stage_of


@rule(code="DKR002", name="base-image-unpinned", target="dockerfile", severity="warning",
      tags=("supply-chain", "reproducibility"), cwe=(1357,),
      controls=("CIS-4.2", "SOC2-CC8.1", "SOC2-CC6.8"))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    cfg = fly_config(df, ctx)
    chain = run_chain(df, ctx, cfg)
    if not chain:
        return
    run_root = chain[0]
    used = _used(df, chain)
    for stage in df.stages:
        if stage is not run_root and (is_stage_reference(df, stage) or stage.index not in used):
            continue
        image = resolved_image(df, stage, cfg)
        if image is None or not image.strip():
            continue  # the image or tag comes from an ARG without a known value
        if image.lower() == "scratch":
            continue
        if any(i < stage.index for i in df.stages_named(image)):
            continue  # `FROM ${ARG}` naming an earlier stage
        name, tag, digest = split_image(image)
        if digest or (tag is not None and tag.lower() != "latest") or tag == "":
            continue
        via = f" (from `{stage.image}`)" if stage.image != image else ""
        what = "`:latest`" if tag is not None else "no tag"
        whose = "the run stage's base image" if stage is run_root else (
            f"build stage `{stage.resolved_name}` uses `{image}`{via}, which")
        if stage is run_root:
            lead = f"{whose} `{image}`{via} has {what}, so each build may pull a different image"
        else:
            lead = (f"{whose} has {what}: what the run stage copies from it can change from one build to "
                    "the next")
        start, end = word_span(stage.from_instruction, 0)
        yield Violation(
            df.span(start, end),
            f"{lead}; pin a version tag such as `{name}:<version>` (optionally `@sha256:<digest>` as well)",
        )


def _used(df: Dockerfile, run_chain_: list[Stage]) -> set[int]:
    """The build stages that count: those the image Fly runs copies or mounts from (directly or
    through others). One walk over the stages, with stage names looked up in a table."""
    by_ref: dict[str, list[int]] = {}
    for other in df.stages:
        by_ref.setdefault(other.resolved_name.lower(), []).append(other.index)
        by_ref.setdefault(str(other.index), []).append(other.index)
    used: set[int] = set()
    seen: set[int] = set()
    todo = [s.index for s in run_chain_]
    while todo:
        idx = todo.pop()
        if idx in seen:
            continue
        seen.add(idx)
        st = df.stages[idx]
        for ins in st.instructions:
            src = ins.flag("from") if ins.keyword in ("COPY", "ADD") else None
            mounted = [f.value or "" for f in ins.flags_named("mount")] if ins.keyword == "RUN" else []
            refs = ([src.value or ""] if src else []) + [
                part.split("=", 1)[1] for m in mounted for part in m.split(",") if part.startswith("from=")]
            for ref in refs:
                for other_index in by_ref.get(ref.lower(), ()):
                    used.add(other_index)
                    todo.append(other_index)
        parent = parent_stage_of(df, st)
        if parent is not None:
            todo.append(parent.index)
    return used
