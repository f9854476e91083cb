"""`.dockerignore` does not exclude the `.git` directory.

## What it does
Flags a `.dockerignore` (or `<Dockerfile>.dockerignore`, or the file named by `[build] ignorefile`)
that leaves `.git` in the build context, when a Dockerfile that uses it copies the whole context
(`COPY . .`). Docker's matching rules are applied, so `.*`, `**/.git` or `*` followed by `!`
exceptions are understood. When the build context is a subdirectory of a repository (the
`.git` directory is above it) the rule stays silent: there is no `.git` to send.

The build context is the directory flyctl builds in: the config's directory, or the directory
a workflow runs `fly deploy --config …` in. The claim follows the copies: when the stage Fly runs
gets the whole context (`COPY . .` in it or a stage it is built `FROM`, or
`COPY --from=build /app /app` of a stage that copied it), `.git` ships in the image: a warning.
When only a builder stage copies it and the image takes build outputs (`/app/dist`), `.git`
is uploaded and busts the cache but does not ship: info. No Dockerfile that copies the whole
context, no finding.

## Why is this bad?
`.git` holds the project's full history: every secret ever committed and "removed" later,
internal branch names, and usually more megabytes than the app. Copied into the image, it is
available to anyone who can pull it, and it slows every `fly deploy` upload.

## Severity
Warning: a .git directory in the build context ships the repository history into the image when
the context is copied. Info when only a builder stage sees it.

## Example
```text
node_modules
.env
```

Use instead:
```text
.git
node_modules
.env
```

## Fix safety
Safe: the fix adds a `.git` line (before the first `!` exception, so existing exceptions keep
working). A build step that reads git metadata (`git describe`) would need it passed in as a
build argument instead.

## References
- dockle DKL-LI-0003 (finds `.git` in the built image); CIS Docker Benchmark 4.10
- Docker: https://docs.docker.com/build/concepts/context/#dockerignore-files
- CWE-538: Insertion of Sensitive Information into Externally-Accessible File or Directory
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Applicability, Fix, Severity, Violation
from flylint.linter.parsers.ignorefile import IgnoreFile
from flylint.linter.registry import RuleContext, rule

from ._common import FINAL, NOWHERE, anchor_span, append_edit, git_dir_state, reach, usage


@rule(code="DKR100", name="dockerignore-missing-git", target="dockerignore", severity="warning", fix="safe",
      tags=("security", "secrets"), cwe=(538,), controls=("CIS-4.10", "SOC2-CC6.1", "REVIEW-B2"))
def check(ign: IgnoreFile, ctx: RuleContext) -> Iterator[Violation]:
    if ign.is_excluded(".git") or ign.is_excluded(".git/HEAD"):
        return
    u = usage(ign, ctx)
    where = reach(u, ctx)
    if where == NOWHERE or git_dir_state(ctx, u.context) == "above":
        return
    edit = append_edit(ign, [".git"], [".git", ".git/HEAD"])
    fix = Fix("Exclude .git", (edit,), Applicability.SAFE) if edit is not None else None
    if where == FINAL:
        yield Violation(
            anchor_span(ign),
            "this .dockerignore does not exclude .git, so `COPY . .` puts the repository history into the image "
            "Fly runs; add `.git`",
            fix,
        )
        return
    yield Violation(
        anchor_span(ign),
        "this .dockerignore does not exclude .git: `COPY . .` sends the repository history to a builder stage "
        "(the image Fly runs copies only build outputs, so it does not ship), where it slows the upload and "
        "invalidates the layer cache at every commit; add `.git`",
        fix,
        severity=Severity.INFO,
    )
