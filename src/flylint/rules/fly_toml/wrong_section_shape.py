"""Section written as a table where flyctl needs an array of tables, or the other way round.

## What it does
Flags `[statics]`, `[files]`, `[restart]`, `[machine_checks]`, `[http_service.checks]` and the
`machine_checks` of a service written as a single table (flyctl accepts only arrays of tables,
`[[…]]`, there), and `[[http_service]]`, `[[build]]`, `[[deploy]]`, `[[experimental]]` or
`[[services.concurrency]]` written as arrays where flyctl accepts only one table. Sections that
may be either (`[services]`/`[[services]]`, `[vm]`/`[[vm]]`, `[mounts]`/`[[mounts]]`,
`[metrics]`, `services.ports`, `services.tcp_checks`, `services.http_checks`) are not flagged.

## Why is this bad?
flyctl wraps some single tables into one-element arrays for compatibility, but not these. The
decode of the whole file then fails: flyctl keeps only the `app` name, and `fly deploy` stops
with a JSON decoding error (Go cannot put an object into the field of type
`[]appconfig.Static`, or an array into one of type `appconfig.HTTPService`). The JSON schema
many editors use for fly.toml wrongly allows a single `[statics]` table.

## Severity
Error: flyctl cannot decode a table where it needs an array (or the other way round) and the
config fails to load.

## Example
```toml
[statics]
  guest_path = "/app/public"
  url_prefix = "/static/"
```

Use instead:
```toml
[[statics]]
  guest_path = "/app/public"
  url_prefix = "/static/"
```

## Fix safety
Safe: a single table becomes a one-element array (`[statics]` → `[[statics]]`, or
`checks = {…}` → `checks = [{…}]`) and a one-element array becomes a single table
(`[[http_service]]` → `[http_service]`), which is exactly what the section meant. Two or more
`[[http_service]]` entries are not fixed: only you know which one to keep (or whether the
others should be `[[services]]`).

## References
- flyctl's `Config` struct: statics, files, restart, machine_checks are slices; http_service,
  build, deploy, experimental are single structs
- SchemaStore's fly.json allows `[statics]` as a table, flyctl does not
- Fly.io app configuration reference: https://fly.io/docs/reference/configuration/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import ARRAY, LOAD_FAILS, SHAPE, issues_of, label
from flylint.linter.model import Applicability, Edit, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY014", name="wrong-section-shape", target="fly_toml", severity="error", fix="safe",
      tags=("correctness", "schema"), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for issue in issues_of(cfg, SHAPE):
        path = issue.path
        name = label(path)
        if issue.detail == ARRAY:
            message = (f"[{name}] is a single table but flyctl accepts only an array of tables here: {LOAD_FAILS}; "
                       f"write [[{name}]]")
            fix = _to_array(cfg, path)
        else:
            count = len(issue.value) if isinstance(issue.value, list) else 0
            if count == 1:
                message = (f"[[{name}]] is an array of tables but flyctl accepts a single [{name}] table here: "
                           f"{LOAD_FAILS}; write [{name}]")
            else:
                message = (f"{count} [[{name}]] entries, but flyctl accepts a single [{name}] table here: "
                           f"{LOAD_FAILS}; "
                           "keep one" + (" and make the others [[services]]" if name == "http_service" else ""))
            fix = _to_table(cfg, path) if count == 1 else None
        yield Violation(cfg.key_span(path), message, fix)


def _to_array(cfg: FlyConfig, path: tuple) -> Fix | None:
    if cfg.fmt != "toml":
        return None
    entry = cfg.entry(path)
    if entry is None:
        return None
    text = cfg.source.text
    name = label(path)
    if entry.header and not entry.array_header:
        if text[entry.key_start:entry.key_end].replace(" ", "") != f"[{name}]":
            return None
        return Fix(f"Write [[{name}]]", (Edit(entry.key_start, entry.key_end, f"[[{name}]]"),), Applicability.SAFE)
    if not entry.header and text.startswith("{", entry.value_start):
        edits = (Edit(entry.value_start, entry.value_start, "["), Edit(entry.value_end, entry.value_end, "]"))
        return Fix(f"Wrap {name} in an array", edits, Applicability.SAFE)
    return None


def _to_table(cfg: FlyConfig, path: tuple) -> Fix | None:
    if cfg.fmt != "toml":
        return None
    name = label(path)
    headers = [h for h in cfg.index.headers if tuple(h.path[: len(path)]) == tuple(path)]
    own = [h for h in headers if tuple(h.path) == tuple(path) + (0,)]
    if len(own) != 1 or any(len(h.path) > len(path) + 1 for h in headers):
        return None  # sub-tables of the element would need rewriting too
    h = own[0]
    text = cfg.source.text
    if text[h.start:h.end].replace(" ", "") != f"[[{name}]]":
        return None
    return Fix(f"Write [{name}]", (Edit(h.start, h.end, f"[{name}]"),), Applicability.SAFE)
