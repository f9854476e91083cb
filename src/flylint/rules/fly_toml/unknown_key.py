"""Key or section that flyctl does not know, so it is silently dropped.

## What it does
Flags a key or section that flyctl does not read at that place in the config (fly.toml,
fly.<env>.toml, fly.json or fly.yaml), and names the key you probably meant. Related cases have
their own rules: a known key written below the wrong table header is `misplaced-key`, a key in
the wrong letter case is `key-wrong-case`, and a Nomad-era leftover is `ignored-legacy-key`.

## Why is this bad?
flyctl decodes the file into a fixed structure and throws away every key it does not recognise,
without printing anything (only `fly config validate --strict` lists them). A typo such as
`force_http = true` or `min_machine_running = 1` therefore switches a setting off without
anyone noticing: the deploy succeeds, and the app runs without the HTTPS redirect or with every
Machine stopped when idle.

## Severity
Warning: flyctl silently drops an unknown key, so the setting the author meant does not apply;
flyctl does not reject the file, so not an error.

## Example
```toml
[http_service]
  internal_port = 8080
  force_http = true
  min_machine_running = 1
```

Use instead:
```toml
[http_service]
  internal_port = 8080
  force_https = true
  min_machines_running = 1
```

## Fix safety
Unsafe: when exactly one known key is a confident match (the same words in another order or
spelling, a known misspelling, or a near-identical name) and the section does not set that key
already, the fix renames the key. The setting then takes effect on the next deploy, which
changes how the app behaves.

## References
- `fly config validate --strict` reports unrecognised sections and keys; without `--strict`
  they are ignored
- Fly.io app configuration reference: https://fly.io/docs/reference/configuration/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import UNKNOWN, in_section, issues_of, section_label, show_key
from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import rename_key


@rule(code="FLY010", name="unknown-key", target="fly_toml", severity="warning", fix="unsafe",
      tags=("correctness", "schema"), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for issue in issues_of(cfg, UNKNOWN):
        path, key, value = issue.path, issue.name, issue.value
        parent = in_section(path[:-1])
        if isinstance(value, dict) or (isinstance(value, list) and value and all(isinstance(v, dict) for v in value)):
            what = f"unknown section {section_label(path + ((0,) if isinstance(value, list) else ()))}"
        else:
            what = f"unknown key `{show_key(key)}` {parent}"
        message = f"{what}: flyctl silently ignores it"
        if issue.suggestions:
            names = " or ".join(f"`{s}`" for s in issue.suggestions)
            message += f"; did you mean {names}?"
        elif not issue.detail:
            message += "; remove it or check the spelling against https://fly.io/docs/reference/configuration/"
        if issue.detail:
            message += f"; {issue.detail}"
        fix = None
        if issue.confident and issue.suggestions and cfg.fmt == "toml":
            edits = rename_key(cfg, path, issue.suggestions[0])
            if edits:
                fix = Fix(f"Rename `{show_key(key)}` to `{issue.suggestions[0]}`", edits, Applicability.UNSAFE)
        yield Violation(cfg.key_span(path), message, fix)
