"""A `RUN` downloads a branch head (`…/archive/master.tar.gz`) and uses it unverified.

## What it does
Flags `curl` and `wget` downloads in `RUN` whose URL names a branch rather than a tag or a
commit, when the same `RUN` checks no checksum or signature (`sha256sum -c`, `shasum -c`,
`gpg --verify`, `cosign verify` …):

- `https://github.com/OWNER/REPO/archive/master.tar.gz`, `…/archive/refs/heads/main.zip`,
  `https://codeload.github.com/OWNER/REPO/tar.gz/main`;
- `https://raw.githubusercontent.com/OWNER/REPO/main/install.sh`,
  `https://github.com/OWNER/REPO/raw/master/…`, `…/blob/main/…?raw=true`;
- GitLab `…/-/archive/main/…`, `…/-/raw/master/…`; Bitbucket `…/get/master.tar.gz`,
  `…/raw/master/…`.

Branch names recognised: `master`, `main`, `develop`, `dev`, `trunk`, `HEAD`, `latest`,
`stable`, `nightly`. A download piped into a shell or interpreter is DKR005's; `ADD <url>` is
DKR003's.

## Why is this bad?
A branch moves: the next build downloads different code under the same URL, so two builds
of the same commit differ, a bad push upstream lands in your image unreviewed, and a
compromised upstream account reaches production at your next deploy. A tag (better, a commit
SHA) with a checksum makes the build reproducible and the change reviewable.

## Severity
Warning: a branch head changes under the build and is not verified: a supply-chain and
reproducibility risk a reviewer asks about.

## Example
```dockerfile
RUN curl -fsSL https://github.com/example/tool/archive/master.tar.gz | tar -xz -C /opt
```

Use instead:
```dockerfile
ARG TOOL_COMMIT=4f2c9a1e0b7d3c5a8e6f1b2d4c3a5e7f9b0d2c4e
RUN curl -fsSLo /tmp/tool.tgz https://github.com/example/tool/archive/${TOOL_COMMIT}.tar.gz \
    && echo "<sha256>  /tmp/tool.tgz" | sha256sum -c - && tar -xzf /tmp/tool.tgz -C /opt
```

## Fix safety
No fix: the commit or release to pin is a decision.

## References
- OpenSSF Scorecard Pinned-Dependencies (downloads in Dockerfiles)
- CIS Docker Benchmark 4.11 (use only verified packages)
- CWE-494: Download of Code Without Integrity Check; CWE-1357
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._remote import runs_stdin
from flylint.rules.dockerfile._util import basename, on_one_line, run_scripts

_BRANCH = r"(?:refs/heads/)?(?:master|main|develop|dev|trunk|HEAD|latest|stable|nightly)"
_MOVING = lazy(
    r"(?i)^https?://(?:"
    rf"(?:www\.)?github\.com/[^/\s]+/[^/\s]+/(?:archive/{_BRANCH}\.(?:tar\.gz|tgz|zip)|(?:raw|blob)/{_BRANCH}/)"
    rf"|codeload\.github\.com/[^/\s]+/[^/\s]+/(?:tar\.gz|zip|legacy\.tar\.gz)/{_BRANCH}(?:$|[/?#])"
    rf"|raw\.githubusercontent\.com/[^/\s]+/[^/\s]+/{_BRANCH}/"
    rf"|gitlab\.com/[^\s]+?/-/(?:archive|raw)/{_BRANCH}(?:/|\.|$)"
    rf"|bitbucket\.org/[^/\s]+/[^/\s]+/(?:get/{_BRANCH}\.(?:tar\.gz|zip|tar\.bz2)|raw/{_BRANCH}/)"
    r")")
# a download checked before use: (tool, then on its line) pairs, and commands that verify alone
_VERIFY_AFTER = (
    (lazy(r"\b(sha(1|224|256|384|512)sum|shasum|b2sum|md5sum)\b"), lazy(r"-c\b|--check\b")),
    (lazy(r"\bgpg2?\b"), lazy(r"--verify\b")),
    (lazy(r"\bminisign\b"), lazy(r"-V\b")),
)
_VERIFY = lazy(r"\bcosign\s+verify|\bopenssl\s+dgst\b")


def _verifies(body: str) -> bool:
    return bool(_VERIFY.search(body)) or any(on_one_line(body, tool, then) for tool, then in _VERIFY_AFTER)


@rule(code="DKR040", name="download-from-moving-branch", target="dockerfile", severity="warning",
      tags=("security", "supply-chain", "reproducibility"), cwe=(494, 1357), controls=("CIS-4.11", "SOC2-CC8.1"))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    text = df.source.text
    for ins, commands in run_scripts(df):
        body = text[ins.start : ins.end]
        if _verifies(body):
            continue
        executed: set[int] = set()  # start offsets of commands in a pipeline into an interpreter (DKR005)
        for pipeline in ins.shell().pipelines():
            if any(runs_stdin(c) for c in pipeline[1:]):
                executed.update(c.start for c in pipeline)
        for cmd in commands:
            argv = cmd.effective_argv()
            if not argv or basename(argv[0]) not in ("curl", "wget") or cmd.start in executed:
                continue
            for w in argv[1:]:
                m = _MOVING.match(w.text)
                if m is None:
                    continue
                yield Violation(
                    df.span(w.start, w.end),
                    f"`{basename(argv[0])}` downloads `{w.text}`, a branch head that changes under the same URL, and "
                    "nothing in this RUN checks what arrived; pin a tag or commit SHA in the URL and verify it "
                    "(`sha256sum -c`)",
                )

