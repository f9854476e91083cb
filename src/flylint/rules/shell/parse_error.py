"""Deploy script that cannot be parsed.

## What it does
Reports a shell script with an unterminated quote, command substitution or here-document, at
the place where it starts.

## Why is this bad?
The shell fails (or reads the rest of the file as one long string) when the deploy runs, and
no other script rule can check the file until it parses.

## Example
```bash
fly deploy --app "my-app
```

Use instead:
```bash
fly deploy --app "my-app"
```

## Fix safety
No fix.

## References
- POSIX Shell Command Language, quoting: https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html
- ShellCheck SC1009 / SC1073 report the same class of problem
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.registry import RuleContext, rule
from flylint.linter.source import SourceFile


@rule(code="SH000", name="shell-parse-error", target="shell", severity="error", tags=("correctness",))
def check(model: SourceFile, ctx: RuleContext) -> Iterator[Violation]:
    return iter(())
