"""`ADD` downloads a file from a URL without verifying its checksum.

## What it does
Flags `ADD <url> …` (HTTP, HTTPS or FTP) without `--checksum=sha256:…`, and `ADD` of a git
repository whose ref is not a full commit hash and that has no `--checksum`. Checked in every
stage: a tampered download in a builder stage ends up in the build output just the same.

## Why is this bad?
Whatever the server returns at build time goes into the image: a compromised release page,
a moved tag or a man-in-the-middle on a plain-HTTP URL silently changes what you ship, and the
next build may differ from the last one with no trace in the Dockerfile.

## Severity
Warning: an unverified download is a supply-chain risk a reviewer asks about; it is not a shown
compromise, so not an error.

## Example
```dockerfile
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
```

Use instead:
```dockerfile
ADD --checksum=sha256:93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c \
    https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
```
or download with `RUN curl -fsSLo /tini <url> && echo "<sha256>  /tini" | sha256sum -c -`.

## Fix safety
No fix: the checksum has to come from the publisher, not from whatever the URL serves today.

## References
- Gap in hadolint, checkov and trivy; CIS Docker Benchmark 4.12 (validate
  signed artifacts)
- Dockerfile reference, `ADD --checksum`: https://docs.docker.com/reference/dockerfile/#add---checksum
- CWE-494: Download of Code Without Integrity Check
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import copy_sources, is_git_source, is_url

_COMMIT = lazy(r"#[0-9a-fA-F]{40}(:|$)")


@rule(code="DKR003", name="add-url-without-checksum", target="dockerfile", severity="warning",
      tags=("security", "supply-chain"), cwe=(494,), controls=("CIS-4.12", "SOC2-CC8.1", "SOC2-CC6.8"))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for ins in df.instructions:
        if ins.keyword != "ADD" or ins.flag("checksum") is not None:
            continue
        sources, _dest = copy_sources(ins)
        for src in sources:
            if is_git_source(src.text):
                if _COMMIT.search(src.text):
                    continue
                yield Violation(
                    df.span(src.start, src.end),
                    f"ADD of the git repository `{src.text}` follows a branch or tag that can move; "
                    "pin the ref to a full commit hash (`…git#<40-hex commit>`) or add `--checksum=<commit>`",
                )
            elif is_url(src.text):
                insecure = " over plain HTTP" if src.text.lower().startswith(("http://", "ftp://")) else ""
                yield Violation(
                    df.span(src.start, src.end),
                    f"ADD downloads `{src.text}`{insecure} without verifying it; add "
                    "`--checksum=sha256:<digest published by the vendor>` (or download with curl and "
                    "check it with `sha256sum -c`)",
                )
