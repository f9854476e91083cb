"""Legacy fly.toml spelling that flyctl still accepts, with its modern form.

## What it does
Reports the older shapes that flyctl rewrites before reading the file, and names the form
`fly launch` and `fly config save` write today:

- `[mount]` / `[[mount]]` → `[[mounts]]`; `[compute]` / `[[compute]]` / `computes` → `[[vm]]`;
  `[metric]` → `[[metrics]]`; `[build] build_target` → `build-target`
- `auto_stop_machines = true` / `false` → `"stop"` / `"off"`
- `port = "80"` / `internal_port = "8080"` strings in `[[services]]` → integers
- `concurrency = "20,25"` → a `{ type = "requests", soft_limit, hard_limit }` table
- `[experimental] kill_timeout` → top-level `kill_timeout`; `[experimental] metrics_port` /
  `metrics_path` → `[[metrics]]`
- `processes = []` (an old generator default), `[[processes]]` with `name`/`command`,
  `[[env]]` arrays, `[[checks]]` with `name`, check `headers` as a list of `{name, value}`

## Why is this bad?
These forms work, but only through compatibility code in flyctl: they are not in the current
documentation, `fly config validate --strict` flags some of them, and they behave differently
from the modern form in corner cases (the rewrites only see exact lower-case keys; an
`[experimental] kill_timeout` is ignored when a top-level one exists). Writing the modern form
keeps the file readable for the next person and for tools.

## Severity
Info: the legacy spelling still works; the modern form is hygiene.

## Example
```toml
[mount]
  source = "data"
  destination = "/data"

[http_service]
  internal_port = 8080
  auto_stop_machines = true
```

Use instead:
```toml
[[mounts]]
  source = "data"
  destination = "/data"

[http_service]
  internal_port = 8080
  auto_stop_machines = "stop"
```

## Fix safety
Safe: a fix is offered only where the rewrite is exactly what flyctl does internally, so the
deployed configuration does not change (renamed headers, `true` → `"stop"`, `"80"` → `80`,
`"20,25"` → the equivalent table, an empty `processes = []` removed, an experimental
`kill_timeout` / `metrics_port` moved to where flyctl copies it, or removed where flyctl
ignores it). The list-of-tables forms (`[[processes]]`, `[[env]]`, `[[checks]]`, header lists)
are reported without a fix.

## References
- flyctl `configPatches` (internal/appconfig/patches.go)
- Fly.io app configuration reference: https://fly.io/docs/reference/configuration/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.dialect import assign
from flylint.fly.schema import (
    ALIAS,
    LEGACY,
    Issue,
    issues_of,
    metrics_sections,
    section_label,
    setting,
    show,
)
from flylint.fly.values import HUGE, decimal_int
from flylint.linter.model import Applicability, Edit, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import (
    add_array_entry,
    delete_entry,
    move_to_top_level,
    rename_header,
    rename_key,
    replace_value,
    toml_literal,
)

_ALIAS_TARGET = {"mount": "mounts", "compute": "vm", "computes": "vm", "metric": "metrics"}


@rule(code="FLY027", name="legacy-syntax", target="fly_toml", severity="info", fix="safe",
      tags=("readability", "maintainability"))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for issue in issues_of(cfg, ALIAS, LEGACY):
        message, fix = _describe(cfg, issue)
        if message:
            span = cfg.key_span(issue.path) if isinstance(issue.value, (dict, list)) else cfg.entry_span(issue.path)
            yield Violation(span, message, fix if cfg.fmt == "toml" else None)


def _safe(title: str, *edits: Edit | None) -> Fix | None:
    if not edits or any(e is None for e in edits):
        return None
    return Fix(title, tuple(e for e in edits if e is not None), Applicability.SAFE)


def _describe(cfg: FlyConfig, issue: Issue) -> tuple[str, Fix | None]:
    path, value, key = issue.path, issue.value, issue.name
    if issue.kind == ALIAS:
        canonical = issue.detail
        if key == "build_target":
            fix = None
            if "build-target" not in (cfg.get(("build",)) or {}):
                edits = rename_key(cfg, path, "build-target")
                fix = Fix("Rename build_target to build-target", edits, Applicability.SAFE) if edits else None
            return ("`build_target` is the legacy spelling of `build-target` in [build]; flyctl still reads it, "
                    "write build-target"), fix
        target = _ALIAS_TARGET.get(key, canonical)
        written = f"[[{key}]]" if isinstance(value, list) else (f"[{key}]" if isinstance(value, dict) else f"`{key}`")
        message = f"{written} is the legacy name of [[{target}]]; flyctl still merges it in, write [[{target}]]"
        existing = cfg.data.get(target)
        fix = None
        if not isinstance(existing, dict):  # a single [target] table would clash with [[target]]
            if isinstance(value, dict):
                edit = rename_header(cfg, path, f"[[{target}]]")
                subtables = any(len(h.path) > 1 and h.path[0] == key for h in cfg.index.headers)
                fix = _safe(f"Write [[{target}]]", edit) if not subtables else None
            elif isinstance(value, list):
                edits = rename_key(cfg, path, target)
                fix = Fix(f"Write [[{target}]]", edits, Applicability.SAFE) if edits else None
        return message, fix
    detail = issue.detail
    if key == "auto_stop_machines":
        literal = toml_literal(detail)
        return (f"auto_stop_machines = {show(value)} is the older boolean form; flyctl reads it as \"{detail}\", "
                f"write auto_stop_machines = {literal}"), _safe(f"Write auto_stop_machines = {literal}",
                                                                  replace_value(cfg, path, literal))
    exact = decimal_int(str(value), signed=True)
    if key in ("port", "internal_port") and detail == "integer" and exact is not None and abs(exact) < HUGE:
        number = str(exact)
        return (f"{setting(path, value)} is a string that flyctl converts to a number; write {assign(key, number)}",
                _safe(f"Write {key} = {number}", replace_value(cfg, path, number)))
    limits = [decimal_int(x, signed=True) for x in str(value).split(",")]
    if key == "concurrency" and len(limits) == 2 and all(n is not None and abs(n) < HUGE for n in limits):
        soft, hard = limits
        literal = f'{{ type = "requests", soft_limit = {soft}, hard_limit = {hard} }}'
        return (f"concurrency = {show(value)} is the legacy \"soft,hard\" form (type requests); write "
                f"concurrency = {literal}"), _safe("Write concurrency as a table", replace_value(cfg, path, literal))
    if path == ("processes",):
        if detail == "empty":
            written = "processes = []" if isinstance(value, list) and not value else "an empty [[processes]] entry"
            return (f"{written} is an old `fly launch` default that defines nothing; flyctl ignores it, remove it",
                    _safe("Remove processes = []", delete_entry(cfg, path)))
        if detail == "dropped":
            return ("processes at the top level is an array, so flyctl drops its entries and defines no process "
                    "groups; define groups in a [processes] table: web = \"command\""), None
        return ("[[processes]] entries with name/command are the legacy form; flyctl still converts them, write a "
                "[processes] table of name = \"command\""), None
    if path == ("env",):
        return ("[[env]] is the legacy array form; flyctl merges the entries into one table, write a single [env] "
                "table"), None
    if path == ("checks",):
        return ("[[checks]] entries with a name are the legacy form; flyctl still converts them, write one "
                "[checks.NAME] table per check"), None
    if key == "headers":
        return (f"headers in {section_label(path[:-1])} is a list of {{name, value}} tables, the legacy form; flyctl "
                "still converts it, write a headers table of Name = \"value\""), None
    if path == ("experimental", "kill_timeout"):
        if "kill_timeout" in cfg.data:
            return ("[experimental] kill_timeout is ignored because the top-level kill_timeout is set; remove it",
                    _safe("Remove [experimental] kill_timeout", delete_entry(cfg, path)))
        moved = move_to_top_level(cfg, path, "kill_timeout")
        fix = Fix("Move kill_timeout to the top level", moved, Applicability.SAFE) if moved is not None else None
        return ("[experimental] kill_timeout is the legacy place for kill_timeout; flyctl copies it to the top level, "
                "move it there"), fix
    if path in (("experimental", "metrics_port"), ("experimental", "metrics_path")):
        if metrics_sections(cfg) or cfg.data.get("metrics") is not None:
            return (f"[experimental] {key} is ignored because a [[metrics]] section exists; remove it",
                    _safe(f"Remove [experimental] {key}", delete_entry(cfg, path)))
        return (f"[experimental] {key} is the legacy form of [[metrics]] {key.removeprefix('metrics_')}; flyctl still "
                "converts it, write a [[metrics]] section"), _metrics_fix(cfg, key)
    return "", None


def _metrics_fix(cfg: FlyConfig, key: str) -> Fix | None:
    exp = cfg.data.get("experimental")
    if not isinstance(exp, dict):
        return None
    present = [k for k in ("metrics_port", "metrics_path") if k in exp]
    if present[0] != key:
        return None  # one fix moves both keys; it hangs on the first
    # the keys leave [experimental] (with their comments) for a new [[metrics]] entry after it
    edits = add_array_entry(cfg, (), "metrics", (), block_of=("experimental",),
                            move=[(("experimental", k), k.removeprefix("metrics_")) for k in present])
    return Fix("Move the metrics settings to [[metrics]]", edits, Applicability.SAFE) if edits is not None else None
