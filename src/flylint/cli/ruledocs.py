"""Rule documentation as Markdown and JSON: ``flylint rule CODE --format markdown|json`` and the
committed pages in ``docs/rules/`` (one per rule, plus ``README.md``, the index).

The pages are generated from the registry (each rule module's docstring and decorator), so
they never drift from ``flylint rule``; SARIF ``helpUri`` points at them
(:data:`flylint.linter.registry.DOCS_URL`). Regenerate after changing a rule::

    python -m flylint.cli.ruledocs            # writes docs/rules/ of the checkout it runs in

``tests/test_rule_docs.py`` fails when a page is missing, stale or left over.
"""

from __future__ import annotations

import os
import sys
import textwrap
from typing import Any

INDEX = "README.md"


def dedent_doc(text: str) -> str:
    """A module docstring without the indentation of its continuation lines."""
    first, _, rest = text.strip("\n").partition("\n")
    return (first.strip() + "\n" + textwrap.dedent(rest)).strip()


def _facts(meta: Any) -> list[tuple[str, str]]:
    facts = [
        ("Severity", str(meta.severity)),
        ("Fix", {"none": "none", "safe": "safe", "unsafe": "unsafe (applied with `--unsafe-fixes`)"}[meta.fix]),
        ("Enabled by default", "yes" if meta.default_enabled else "no (select it to use it)"),
        ("Applies to", ", ".join(meta.targets)),
    ]
    if meta.tags:
        facts.append(("Tags", ", ".join(meta.tags)))
    if meta.cwe:
        links = (f"[CWE-{n}](https://cwe.mitre.org/data/definitions/{n}.html)" for n in meta.cwe)
        facts.append(("CWE", ", ".join(links)))
    if meta.controls:
        facts.append(("Controls", ", ".join(meta.controls)))
    return facts


def markdown(meta: Any) -> str:
    """The documentation page of one rule."""
    doc = dedent_doc(meta.doc) if meta.doc.strip() else meta.name
    summary, _, body = doc.partition("\n")
    lines = [f"# {meta.code} `{meta.name}`", "", summary.strip(), "", "| | |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in _facts(meta)]
    lines += ["", body.strip(), "",
              f"Suppress one finding with `# flylint: ignore[{meta.code}] reason` on the line above it.",
              "", "[All rules](README.md)", ""]
    return "\n".join(lines)


def as_dict(meta: Any) -> dict[str, Any]:
    """The JSON form of one rule (``flylint rule CODE --format json``)."""
    from flylint.linter.registry import DOCS_URL

    return {
        "code": meta.code, "name": meta.name, "summary": meta.summary, "severity": str(meta.severity),
        "fix": meta.fix, "default_enabled": meta.default_enabled, "targets": list(meta.targets),
        "tags": list(meta.tags), "cwe": list(meta.cwe), "controls": list(meta.controls),
        "url": DOCS_URL.format(code=meta.code), "sections": dict(meta.sections),
    }


def index(rules: dict[str, Any]) -> str:
    """``docs/rules/README.md``: every rule with its severity, fix and default."""
    lines = ["# flylint rules", "",
             "Every rule, generated from the rule modules (`python -m flylint.cli.ruledocs` rewrites these pages).",
             "`flylint rules` prints the same list; `flylint rule CODE` prints one page.", "",
             "Fix: `safe` fixes are applied by `flylint --fix`, `unsafe` ones only with `--unsafe-fixes`. "
             "Rules that are off by default run when selected (`--select CODE`, `--extend-select CODE`).", ""]
    families = (("FLY", "fly.toml"), ("DKR", "Dockerfile and .dockerignore"), ("SH", "Deploy scripts"),
                ("GHA", "GitHub workflows"), ("SEC", "Secrets in any file"), ("SUP", "Suppression comments"))
    for prefix, title in families:
        members = [m for c, m in rules.items() if c.startswith(prefix) and c[len(prefix):].isdigit()]
        if not members:
            continue
        lines += [f"## {title}", "", "| Code | Name | Severity | Fix | Default | Summary |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for m in members:
            summary = m.summary.replace("|", "\\|")
            lines.append(f"| [{m.code}]({m.code}.md) | `{m.name}` | {m.severity} | {m.fix} | "
                         f"{'on' if m.default_enabled else 'off'} | {summary} |")
        lines.append("")
    return "\n".join(lines)


def pages(rules: dict[str, Any]) -> dict[str, str]:
    """File name -> content of every page of ``docs/rules/``."""
    out = {f"{code}.md": markdown(meta) for code, meta in rules.items()}
    out[INDEX] = index(rules)
    return out


def write(directory: str) -> list[str]:
    """Write the pages into ``directory`` (removing pages of rules that no longer exist);
    return the names of the files changed."""
    from flylint.linter.registry import load_all

    os.makedirs(directory, exist_ok=True)
    want = pages(load_all())
    changed: list[str] = []
    for name in sorted(os.listdir(directory)):
        if name.endswith(".md") and name not in want:
            os.unlink(os.path.join(directory, name))
            changed.append(name)
    for name, text in want.items():
        path = os.path.join(directory, name)
        try:
            with open(path, encoding="utf-8") as fh:
                if fh.read() == text:
                    continue
        except FileNotFoundError:
            pass
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        changed.append(name)
    return changed


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    directory = args[0] if args else os.path.join("docs", "rules")
    changed = write(directory)
    print(f"{len(changed)} page(s) written or removed in {directory}" + (f": {', '.join(changed)}" if changed else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
