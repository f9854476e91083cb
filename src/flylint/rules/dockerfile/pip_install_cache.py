"""`pip install` keeps its download cache in the image.

## What it does
Flags `pip install` (also `pip3`, `python -m pip`) in the stage Fly runs or the stages it is
built `FROM` without `--no-cache-dir`, unless `PIP_NO_CACHE_DIR` is set with `ENV`, the `RUN`
mounts a build cache on pip's cache directory, or removes it. Builder stages are not checked:
their cache does not ship.

## Why is this bad?
pip saves every wheel it downloads or builds under `~/.cache/pip`. In an image that cache is
dead weight — often larger than the installed packages — pulled by every Machine on every
deploy.

## Severity
Info: a kept pip cache only makes the image larger: image-size hygiene.

## Example
```dockerfile
RUN pip install -r requirements.txt
```

Use instead:
```dockerfile
RUN pip install --no-cache-dir -r requirements.txt
```

## Fix safety
Safe: the fix adds `--no-cache-dir`, which changes only whether pip keeps its cache.

## References
- hadolint DL3042
- CWE-1104
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Applicability, Edit, Fix, Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._pkg import cache_mounted, pkg_call, removes
from flylint.rules.dockerfile._util import fly_config, run_chain, run_scripts


@rule(code="DKR021", name="pip-install-cache", target="dockerfile", severity="info", fix="safe",
      tags=("image-size",), cwe=(1104,))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    chain = run_chain(df, ctx, fly_config(df, ctx))
    if any(p.key.upper() == "PIP_NO_CACHE_DIR" for st in chain for i in st.instructions if i.keyword == "ENV"
           for p in i.pairs):
        return
    for ins, commands in run_scripts(df, chain):
        if removes(commands, ".cache/pip", "/root/.cache") or cache_mounted(ins, ".cache/pip", "/root/.cache"):
            continue
        for cmd in commands:
            if any(w.text.upper().startswith("PIP_NO_CACHE_DIR=") for w in cmd.assignments):
                continue
            call = pkg_call(cmd)
            if call is None or call.family != "pip" or call.sub != "install" or call.sub_word is None:
                continue
            if call.has("--no-cache-dir", "--no-cache"):
                continue
            word = call.sub_word
            yield Violation(
                df.span(call.tool_word.start, word.end),
                "`pip install` keeps its download cache in the image; add `--no-cache-dir`",
                Fix("Add --no-cache-dir", (Edit(word.end, word.end, " --no-cache-dir"),), Applicability.SAFE),
            )
