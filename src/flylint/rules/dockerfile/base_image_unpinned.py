"""The image Fly.io runs is built on an untagged or `:latest` base image.

## What it does
Flags the `FROM` line that gives the run stage its base image (the last stage, or the
`[build] build-target` stage of the fly config; when that stage is built `FROM` an earlier
stage, the first external image of the chain) when the image has no tag or the tag is
`latest`. ARG-provided tags are resolved from the `ARG` defaults before the first `FROM` and
from fly.toml `[build.args]`; when a tag cannot be known the rule stays silent. An image
pinned by digest (`@sha256:…`) and `scratch` are fine. Builder stages are not checked: their
base image only affects the build, and the rule keeps to what ships.

## Why is this bad?
`node` and `node:latest` mean "whatever was pushed last". Two deploys of the same commit can
run on different language runtimes and OS releases, a major version bump arrives unannounced,
and a rollback does not roll the base image back.

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
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import fly_config, resolved_image, run_chain, split_image, word_span


@rule(code="DKR002", name="base-image-unpinned", target="dockerfile", severity="warning",
      tags=("supply-chain", "reproducibility"), cwe=(1357,),
      controls=("CIS-4.2", "SOC2-CC8.1"))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    cfg = fly_config(df, ctx)
    chain = run_chain(df, ctx, cfg)
    if not chain:
        return
    root = chain[0]
    image = resolved_image(df, root, cfg)
    if image is None or not image.strip():
        return  # the image or tag comes from an ARG without a known value
    if image.lower() == "scratch":
        return
    name, tag, digest = split_image(image)
    if digest or (tag is not None and tag.lower() != "latest"):
        return
    if tag == "":
        return
    via = f" (from `{root.image}`)" if root.image != image else ""
    what = "`:latest`" if tag is not None else "no tag"
    start, end = word_span(root.from_instruction, 0)
    yield Violation(
        df.span(start, end),
        f"the run stage's base image `{image}`{via} has {what}, so each build may pull a different image; "
        f"pin a version tag such as `{name}:<version>` (optionally `@sha256:<digest>` as well)",
    )
