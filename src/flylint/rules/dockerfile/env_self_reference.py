"""An `ENV` refers to a variable that the same instruction defines.

## What it does
Flags a `$VAR`/`${VAR}` in an `ENV` value when `VAR` is set by an earlier pair of the same
`ENV` instruction (`ENV A=1 B=$A`).

## Why is this bad?
All the values of one `ENV` are expanded before any of them is set, so `$A` there is the old
value of `A` (often empty), not the one on the same line. The result looks right and is wrong.

## Severity
Warning: a variable that refers to itself in the same ENV gets the old value, rarely what was
meant; a reviewer asks.

## Example
```dockerfile
ENV APP_HOME=/srv/app APP_DATA=$APP_HOME/data
```

Use instead:
```dockerfile
ENV APP_HOME=/srv/app
ENV APP_DATA=$APP_HOME/data
```

## Fix safety
No fix: splitting the instruction changes the layer layout; the author should choose.

## References
- hadolint DL3044
- CWE-457: Use of Uninitialized Variable
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule

_REF = lazy(r"(?<!\\)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))")


@rule(code="DKR036", name="env-self-reference", target="dockerfile", severity="warning",
      tags=("correctness",), cwe=(457,))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for ins in df.instructions:
        if ins.keyword != "ENV" or len(ins.pairs) < 2:
            continue
        defined: set[str] = set()
        for p in ins.pairs:
            raw = df.source.text[p.value_start:p.value_end]
            if not raw.startswith("'"):
                for m in _REF.finditer(raw):
                    name = m.group(1) or m.group(2)
                    if name in defined:
                        yield Violation(
                            df.span(p.value_start, p.value_end),
                            f"ENV {p.key} uses ${name}, which this same ENV sets: it expands to the value before "
                            f"this instruction; set {name} in an earlier ENV",
                        )
                        break
            defined.add(p.key)
