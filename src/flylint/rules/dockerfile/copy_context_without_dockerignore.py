"""The whole build context is copied into the image, and no `.dockerignore` filters it.

## What it does
Flags the first `COPY . …` / `ADD . …` (also `./`, `*`) in the stage Fly runs — or, when that
stage copies nothing wholesale, in any stage — when no ignore file applies to the build: no
`[build] ignorefile`, no `<Dockerfile>.dockerignore` and no `.dockerignore` in the build context
(the directory a workflow runs `fly deploy` in, else the directory of the fly config that
builds the Dockerfile, else the Dockerfile's directory). A missing file named by
`[build] ignorefile` counts as missing: flyctl then ignores nothing.

A warning when the image Fly runs receives the whole context (the copy is in the run stage or
a stage it is built `FROM`, or the run stage copies that directory from a builder); info when
only a builder stage receives it and the image takes build outputs: then the files are uploaded
but do not ship.

## Why is this bad?
Without an ignore file everything in the directory goes to the builder and into the image:
`.env` files and keys, the whole `.git` history (including secrets that were "removed" in a
later commit), and a local `node_modules` or `.venv` built for another OS, which overwrites the
one installed in the image.

## Severity
Warning: without a .dockerignore the whole context (.git, .env, local files) reaches the image;
reviewers ask for one. Info when the context reaches only a builder stage.

## Example
```dockerfile
FROM node:22-bookworm-slim
WORKDIR /app
COPY . .
```
with no `.dockerignore` next to it.

Use instead: a `.dockerignore` such as
```text
.git
.env
.env.*
*.pem
*.key
node_modules
```

## Fix safety
Safe: the fix creates the ignore file from the matching flylint template's `.dockerignore`
(Node.js, Python, Django, Ruby, Go, Elixir) when one is bundled, else a short built-in list.
Before offering it as safe, the rule checks every path the Dockerfile names in `COPY`/`ADD`:
if the new file would exclude one of them, the fix is offered as unsafe instead. A build step
that reads `.git` or a `.env` file from the context would still behave differently; such builds
are rare and are exactly what this rule warns about.

## References
- Gap in hadolint, checkov and trivy; dockle DKL-LI-0003 (finds `.git` only
  in the built image); CIS Docker Benchmark 4.10
- Docker: https://docs.docker.com/build/concepts/context/#dockerignore-files
- CWE-538: Insertion of Sensitive Information into Externally-Accessible File or Directory
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from flylint.linter.model import Applicability, Edit, Fix, Severity, Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import (
    FINAL,
    build_context,
    context_reach,
    fly_config,
    resolved_image,
    run_chain,
    whole_context_copy,
)

if TYPE_CHECKING:
    from flylint.linter.parsers.ignorefile import IgnoreFile

GENERIC = """\
# Created by flylint: keep local secrets, history and build output out of the image.
.git
.env
.env.*
*.pem
*.key
.ssh
.aws
"""
EXTRA = {
    "node": "node_modules\nnpm-debug.log*\n",
    "python": ".venv\nvenv\n__pycache__\n*.py[cod]\n",
    "ruby": ".bundle\nvendor/bundle\nlog/*\ntmp/*\n",
    "go": "",
    "elixir": "_build\ndeps\n",
}
TEMPLATES = {"node": "nodejs-express", "python": "python-flask", "django": "python-django",
             "ruby": "ruby-rails", "go": "go-http-server", "elixir": "elixir-phoenix"}


@rule(code="DKR026", name="copy-context-without-dockerignore", target="dockerfile", severity="warning",
      fix="safe", tags=("security", "secrets"), cwe=(538,), controls=("CIS-4.10", "SOC2-CC6.1", "REVIEW-B2"))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    cfg = fly_config(df, ctx)
    context, ignore_path = build_context(df.source.path, ctx, cfg)
    if ctx.project.get(ignore_path, "dockerignore") is not None:
        return
    chain = run_chain(df, ctx, cfg)
    ins = None
    for stage in reversed(chain):
        ins = whole_context_copy(stage)
        if ins is not None:
            break
    if ins is None:
        for stage in df.stages:
            ins = whole_context_copy(stage)
            if ins is not None:
                break
    if ins is None:
        return
    stack = detect_stack(df, ctx, cfg, context)
    rel = os.path.relpath(ignore_path, os.path.dirname(os.path.abspath(df.source.path)))
    named = cfg is not None and isinstance(cfg.data.get("build"), dict) and cfg.data["build"].get("ignorefile")
    why = f"[build] ignorefile `{named}` does not exist, so" if named else "there is no .dockerignore, so"
    content = ignore_content(stack)
    safety = Applicability.UNSAFE if excludes_copied_paths(df, content) else Applicability.SAFE
    fix = Fix(f"Create {rel}", (Edit(0, 0, content, path=os.path.abspath(ignore_path), create=True),), safety)
    least = f"at least `.git`, `.env*`, `*.key`{', `node_modules`' if stack == 'node' else ''}"
    if context_reach(df, ctx, cfg) == FINAL:
        yield Violation(
            df.span(ins.start, ins.end),
            f"{ins.keyword} copies the whole build context and {why} .env files, keys and .git that exist where "
            f"`fly deploy` runs end up in the image; create {rel} ({least})",
            fix,
        )
        return
    yield Violation(
        df.span(ins.start, ins.end),
        f"{ins.keyword} copies the whole build context into a builder stage and {why} .env files, keys and .git "
        "are uploaded to the builder (the image Fly runs copies only build outputs, so they do not ship); "
        f"create {rel} ({least})",
        fix,
        severity=Severity.INFO,
    )


def detect_stack(df: Dockerfile, ctx: RuleContext, cfg: Any | None, context: str) -> str | None:
    images = " ".join((resolved_image(df, st, cfg) or st.image).lower() for st in df.stages)
    checks = [
        ("django", ctx.project.exists("manage.py", context)),
        ("node", ctx.project.exists("package.json", context) or any(k in images for k in ("node", "bun", "deno"))),
        ("python", ctx.project.exists("requirements.txt", context) or ctx.project.exists("pyproject.toml", context)
         or "python" in images),
        ("ruby", ctx.project.exists("Gemfile", context) or "ruby" in images),
        ("go", ctx.project.exists("go.mod", context) or "golang" in images),
        ("elixir", ctx.project.exists("mix.exs", context) or "elixir" in images),
    ]
    for name, hit in checks:
        if hit:
            return name
    return None


def ignore_content(stack: str | None) -> str:
    """The template's .dockerignore for ``stack`` when bundled, else the built-in list."""
    if stack is None:
        return GENERIC
    cached = _TEMPLATE_TEXT.get(stack)
    if cached is None:
        cached = _TEMPLATE_TEXT[stack] = _load(stack)
    return cached


_TEMPLATE_TEXT: dict[str, str] = {}


def _load(stack: str) -> str:
    template = TEMPLATES.get(stack)
    if template is not None:
        from flylint.skill.paths import template_text

        text = template_text(template, ".dockerignore")
        if text is not None and text.strip():
            return text if text.endswith("\n") else text + "\n"
    key = "python" if stack == "django" else stack
    return GENERIC + EXTRA.get(key, "")


_PARSED: dict[str, IgnoreFile] = {}


def _template_ignore(content: str) -> IgnoreFile:
    """``content`` parsed as a .dockerignore, once per run (every project gets the same few templates)."""
    found = _PARSED.get(content)
    if found is None:
        from flylint.linter.parsers.ignorefile import parse_ignorefile
        from flylint.linter.source import SourceFile

        if len(_PARSED) > 32:
            _PARSED.clear()
        found = _PARSED[content] = parse_ignorefile(SourceFile(".dockerignore", content))
    return found


def excludes_copied_paths(df: Dockerfile, content: str) -> bool:
    """Whether ``content`` as a .dockerignore would leave out a path some COPY/ADD names."""
    ignore = _template_ignore(content)
    for ins in df.instructions:
        if ins.keyword not in ("COPY", "ADD") or ins.flag("from") is not None or ins.heredocs:
            continue
        args = ins.exec_form if ins.exec_form is not None else ins.rest.split()
        for src in args[:-1]:
            path = src.strip()
            while path.startswith("./"):
                path = path[2:]
            path = path.lstrip("/")
            if not path or path == "." or "://" in src or any(ch in path for ch in "*?[$"):
                continue
            if ignore.is_excluded(path):
                return True
    return False
