"""`ADD` is used for local files where `COPY` does the same, more predictably.

## What it does
Flags `ADD` whose sources are all local files or directories that are not archives. `ADD`
of a URL or git repository (see `add-url-without-checksum`), of a local tar archive (which
`ADD` unpacks on purpose), of a source that starts with a variable (it might be a URL), of a file
name built from a variable without a plain extension (it might be an archive) and of a glob
that could match an archive is left alone. `ADD .fly/packages/${VERSION}.txt /tmp/` is a local
text file whatever the variable holds, and is flagged.

## Why is this bad?
`ADD` quietly does more than copy: it unpacks local tar archives and fetches URLs. Using it for
plain files hides which of those behaviours you rely on, and a file that later becomes a
`.tar.gz` is suddenly extracted instead of copied. `COPY` says exactly what happens.

## Severity
Warning: `ADD` also fetches URLs and unpacks archives, so reviewers ask for `COPY` on most
projects; the build works either way.

## Example
```dockerfile
ADD requirements.txt /app/
ADD src/ /app/src/
```

Use instead:
```dockerfile
COPY requirements.txt /app/
COPY src/ /app/src/
```

## Fix safety
Safe: the fix renames `ADD` to `COPY` only when every source is a literal local path that is not
an archive and the instruction uses no ADD-only flag (`--checksum`, `--keep-git-dir`,
`--unpack`); for such sources both instructions copy the same files.

## References
- hadolint DL3020; checkov CKV_DOCKER_4; trivy DS-0005; dockle CIS-DI-0009; CIS Docker
  Benchmark 4.9
- CWE-1164: Irrelevant Code
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Applicability, Edit, Fix, Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import copy_sources, is_git_source, is_url

_ARCHIVE = lazy(r"(?i)\.(tar|tgz|tbz2?|txz|tzst|tlz|taz|gz|bz2|xz|zst|lz|lzma|z|zip)$")
_GLOB = lazy(r"[*?\[]")
_ADD_ONLY_FLAGS = frozenset({"checksum", "keep-git-dir", "unpack"})


@rule(code="DKR004", name="add-instead-of-copy", target="dockerfile", severity="warning", fix="safe",
      tags=("best-practice",), cwe=(1164,), controls=("CIS-4.9",))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for ins in df.instructions:
        if ins.keyword != "ADD":
            continue
        sources, _dest = copy_sources(ins)
        if not sources and not ins.heredocs:
            continue
        if not all(_plain_local(s.text) for s in sources):
            continue
        if any(f.name in _ADD_ONLY_FLAGS for f in ins.flags):
            continue
        keyword = "COPY" if df.source.text[ins.start:ins.keyword_end].isupper() else "copy"
        fix = Fix("Replace ADD with COPY", (Edit(ins.start, ins.keyword_end, keyword),), Applicability.SAFE)
        names = ", ".join(f"`{s.text}`" for s in sources) or "a here-document"
        yield Violation(
            df.span(ins.start, ins.keyword_end),
            f"ADD of local {names} only copies; use COPY, which never unpacks archives or fetches URLs",
            fix,
        )


def _plain_local(text: str) -> bool:
    # a variable at the start may hold a URL; one after a literal path prefix (`.fly/${V}.txt`)
    # leaves a local path, judged by its extension like a glob
    if is_url(text) or is_git_source(text) or text.startswith("$"):
        return False
    name = text.rstrip("/").rsplit("/", 1)[-1]
    if _ARCHIVE.search(name):
        return False
    if "$" in name or _GLOB.search(name):
        # a glob may match an archive; only a glob with a clearly non-archive extension is plain
        m = re.search(r"\.([A-Za-z0-9]+)$", name)
        return m is not None and not _GLOB.search(m.group(1))
    return True
