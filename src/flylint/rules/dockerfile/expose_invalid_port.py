"""`EXPOSE` names a port outside 0–65535 or an unknown protocol.

## What it does
Flags `EXPOSE` arguments that are not a port number from 0 to 65535 (or a range of them),
optionally followed by `/tcp`, `/udp` or `/sctp`. Arguments built from variables are not
checked.

## Why is this bad?
Docker rejects the Dockerfile ("invalid containerPort" / "invalid proto"), so the build and
`fly deploy` fail; a typo such as `EXPOSE 80800` also hides which port the app really uses.

## Severity
Error: Docker rejects an invalid EXPOSE port or protocol, so the build fails.

## Example
```dockerfile
EXPOSE 80800
EXPOSE 8080/http
```

Use instead:
```dockerfile
EXPOSE 8080/tcp
```

## Fix safety
No fix: the intended port cannot be known.

## References
- hadolint DL3011; trivy DS-0008
- CWE-1284: Improper Validation of Specified Quantity in Input
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.fly.values import decimal_int
from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import split_rest

# ASCII digits only, as Docker's parser reads them (``\d`` also matches other scripts' digits)
_SPEC = lazy(r"^([0-9]+)(?:-([0-9]+))?(?:/([A-Za-z]+))?$")


def port_problem(text: str) -> str | None:
    if "$" in text or ":" in text:
        return None
    m = _SPEC.match(text)
    if not m:
        return "is not a port number"
    low_text, high_text, proto = m.group(1), m.group(2), m.group(3)
    low, high = decimal_int(low_text), decimal_int(high_text or low_text)
    assert low is not None and high is not None  # the pattern holds ASCII digits only
    for digits, number in ((low_text, low), (high_text or low_text, high)):
        if number > 65535:  # HUGE for a number too long to convert
            return f"{digits if len(digits) <= 12 else digits[:12] + '…'} is above 65535"
    if high_text and high < low:
        return "is a range that ends before it starts"
    if proto and proto.lower() not in ("tcp", "udp", "sctp"):
        return f"uses the protocol `{proto}` (Docker knows tcp, udp and sctp)"
    return None


@rule(code="DKR033", name="expose-invalid-port", target="dockerfile", severity="error",
      tags=("correctness",), cwe=(1284,))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for ins in df.instructions:
        if ins.keyword != "EXPOSE":
            continue
        for arg in split_rest(ins):
            problem = port_problem(arg.text)
            if problem is not None:
                yield Violation(df.span(arg.start, arg.end),
                                f"EXPOSE `{arg.text}` {problem}; Docker rejects it, write a port from 1 to 65535 "
                                "with an optional /tcp or /udp")
