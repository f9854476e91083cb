"""The rules about suppression comments themselves (``SUP`` codes).

Like the parse-error codes, no rule function produces these findings: the engine does, after
it has applied the suppression comments of a file (see :mod:`flylint.linter.suppress`), because
only then is it known which comment suppressed something. Each code carries the documentation
a rule module has and the registry lists it as a rule, so ``flylint rule SUP001``,
``select``/``ignore``, ``per-file-ignores`` and every output format treat it like any other.

- ``SUP001`` unused-suppression (off by default; ``--report-unused-suppressions`` or
  ``extend-select = ["SUP001"]`` turns it on): a comment, or one code in it, that suppressed
  nothing in this run. Safe fix: remove the code (or the whole comment).
- ``SUP002`` unknown-suppression-code: a code or name in a comment that is no rule's, with the
  closest rule code or name when there is one.
"""

from __future__ import annotations

from flylint.base.records import record


@record(frozen=True)
class SuppressionRule:
    code: str
    name: str
    severity: str
    fix: str
    default_enabled: bool
    doc: str


_SUP001_DOC = """Suppression comment that suppresses nothing.

## What it does
Reports a `# flylint: ignore[...]` or `# flylint: ignore-file[...]` comment, or one code in it,
that did not suppress any finding in this run: the rule no longer fires on the line below, the
line moved, or the rule is not enabled. Off by default; turn it on with
`--report-unused-suppressions` or `extend-select = ["SUP001"]`.

## Why is this bad?
A stale suppression documents a problem that is no longer there, and it silently hides the
problem if it comes back on that line later. Reviewers cannot tell a deliberate exception from
a forgotten one.

## Severity
Warning: a suppression that suppresses nothing hides the next real finding on that line
(opt-in).

## Example
```dockerfile
# flylint: ignore[DKR002] pinned upstream
FROM node:22.11.0-bookworm-slim
```

Use instead:
```dockerfile
FROM node:22.11.0-bookworm-slim
```

## Fix safety
Safe: the fix removes only the codes that suppressed nothing (the whole comment when none did),
so every finding that was suppressed stays suppressed.

## References
- ruff RUF100 (unused `noqa` directive): https://docs.astral.sh/ruff/rules/unused-noqa/
"""

_SUP002_DOC = """Suppression comment names a rule that does not exist.

## What it does
Reports a code or rule name in a `# flylint: ignore[...]` or `# flylint: ignore-file[...]`
comment that matches no flylint rule, and names the closest existing code or name.

## Why is this bad?
A misspelled code (`FLY00l`, `DKR999`, `https-not-force`) suppresses nothing: the finding it
was meant to silence is still reported, or, worse, the author believes a check is silenced
deliberately while another one is.

## Severity
Warning: a suppression naming a rule that does not exist suppresses nothing, usually a typo.

## Example
```toml
# flylint: ignore[FLY0001] internal health endpoint only
[http_service]
```

Use instead:
```toml
# flylint: ignore[FLY001] internal health endpoint only
[http_service]
```

## Fix safety
No fix: the intended code cannot be known for sure.

## References
- ruff reports unknown codes in `noqa` comments: https://docs.astral.sh/ruff/linter/#error-suppression
"""

UNUSED = "SUP001"
UNKNOWN = "SUP002"
SUPPRESSION_RULES: tuple[SuppressionRule, ...] = (
    SuppressionRule(UNUSED, "unused-suppression", "warning", "safe", False, _SUP001_DOC),
    SuppressionRule(UNKNOWN, "unknown-suppression-code", "warning", "none", True, _SUP002_DOC),
)
