"""`COPY`/`ADD` has several sources but a destination without a trailing `/`.

## What it does
Flags `COPY` and `ADD` with two or more sources (here-documents included) whose destination
does not end with `/` and is not `.`. Destinations built from variables are not checked.

## Why is this bad?
The classic builder rejects it ("When using COPY with more than one source file, the
destination must be a directory and end with a /"). BuildKit only treats the destination as a
directory when it already exists as one, so whether the build works depends on what the base
image happens to contain.

## Severity
Error: Docker rejects several COPY/ADD sources with a destination that is not a directory, so
the build fails.

## Example
```dockerfile
COPY package.json package-lock.json /app
```

Use instead:
```dockerfile
COPY package.json package-lock.json /app/
```

## Fix safety
Safe: the fix adds the trailing `/`, which makes the destination a directory — the only
meaning a copy of several sources can have.

## References
- hadolint DL3021; trivy DS-0011
- Dockerfile reference, COPY: https://docs.docker.com/reference/dockerfile/#copy
- CWE-1284
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Applicability, Edit, Fix, Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import split_rest


@rule(code="DKR035", name="copy-multiple-sources-no-slash", target="dockerfile", severity="error", fix="safe",
      tags=("correctness",), cwe=(1284,))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for ins in df.instructions:
        if ins.keyword not in ("COPY", "ADD"):
            continue
        args = split_rest(ins)
        if len(args) < 3:
            continue
        dest = args[-1]
        text = dest.text
        if text.endswith(("/", "\\")) or text in (".", "./") or "$" in text:
            continue
        quoted = df.source.text[dest.end - 1] in "\"'"
        at = dest.end - 1 if quoted else dest.end
        yield Violation(
            df.span(dest.start, dest.end),
            f"{ins.keyword} of {len(args) - 1} sources to `{text}`: the destination must end with `/` to be a "
            f"directory; write `{text}/`",
            Fix("Add a trailing / to the destination", (Edit(at, at, "/"),), Applicability.SAFE),
        )
