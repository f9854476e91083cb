"""Human output: ``path:line:col: CODE [severity] message``, then a one-line summary.

Fixable findings end with ``[*]``. Colour is used only when writing to a terminal (and never
when ``NO_COLOR`` is set); the CLI decides and passes ``options.color``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from flylint.linter.output.summary import config_files, summarise
from flylint.linter.source import display_path

_COLORS = {"error": "31", "warning": "33", "info": "36", "path": "1", "code": "35", "dim": "2"}


def _c(text: str, what: str, on: bool) -> str:
    return f"\x1b[{_COLORS[what]}m{text}\x1b[0m" if on else text


def render(result: Any, options: Any) -> str:
    color = options.color
    lines: list[str] = []
    for f in result.findings:
        sev = str(f.severity)
        mark = ""
        if f.fix is not None and f.fix.edits:
            mark = " [*]" if (f.fix.is_safe or options.unsafe_fixes) else ""
        lines.append(
            f"{_c(f.path, 'path', color)}:{f.span.line}:{f.span.column}: "
            f"{_c(f.code, 'code', color)} [{_c(sev, sev, color)}] {f.message}{mark}"
        )
    for path, why in getattr(result, "unreadable", ()):
        lines.append(f"{_c(display_path(path), 'path', color)}: error: {why}; not checked")
    if options.show_fixes and options.fixed:
        lines.append("")
        lines.append("Fixed:")
        for item in options.fixed:
            lines.append(f"  {item}")
    if options.statistics and result.findings:
        lines.append("")
        counts = Counter((f.code, f.name) for f in result.findings)
        fixable = Counter(f.code for f in result.findings if f.fix is not None)
        width = max(len(str(n)) for n in counts.values())
        for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            star = "[*]" if fixable.get(code) else "   "
            lines.append(f"{n:>{width}}  {code:<7} {star} {name}")
    lines.append(_summary_line(result, options))
    configs = config_files(result)
    if configs:
        lines.append(f"Configuration: {', '.join(configs)}")
    return "\n".join(lines) + "\n"


def _summary_line(result: Any, options: Any) -> str:
    s = summarise(result, options)
    files = s["files"]
    fixed = s["fixed"]
    fixed_txt = f"Fixed {fixed} problem{'s' if fixed != 1 else ''}" if fixed else ""
    if s["unreadable"]:  # fail closed: never "All checks passed" over paths that were not read
        n = len(s["unreadable"])
        head = (f"Found {s['findings']} problem{'s' if s['findings'] != 1 else ''} in {files} "
                f"file{'s' if files != 1 else ''} checked" if result.findings else
                f"{files} file{'s' if files != 1 else ''} checked")
        were = "were" if n != 1 else "was"
        return f"{head}; {n} path{'s' if n != 1 else ''} could not be read and {were} not checked."
    if not result.findings:
        noun = "file" if files == 1 else "files"
        return f"{fixed_txt + '. ' if fixed else ''}All checks passed ({files} {noun} checked)."
    parts = [f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in s["by_severity"].items() if n]
    total = s["findings"]
    where = f"({', '.join(parts)}) in {files} file{'s' if files != 1 else ''}"
    if fixed:
        line = f"{fixed_txt}, {total} remaining {where}."
    else:
        line = f"Found {total} problem{'s' if total != 1 else ''} {where}."
    if options.fix_hint:
        line += _fix_hint(result, options)
    return line


def _fix_hint(result: Any, options: Any) -> str:
    """How many findings ``--fix`` would fix; like ruff, unsafe fixes left out are counted."""
    fixes = [f.fix for f in result.findings if f.fix is not None and f.fix.edits]
    if options.unsafe_fixes:
        return f" {len(fixes)} fixable with `flylint --fix --unsafe-fixes`." if fixes else ""
    safe = sum(1 for fx in fixes if fx.is_safe)
    hidden = len(fixes) - safe
    if safe and hidden:
        return (f" {safe} fixable with `flylint --fix`; {hidden} more unsafe "
                f"fix{'es' if hidden != 1 else ''} with `--unsafe-fixes`.")
    if safe:
        return f" {safe} fixable with `flylint --fix`."
    if hidden:
        return f" {hidden} unsafe fix{'es' if hidden != 1 else ''} available with `flylint --fix --unsafe-fixes`."
    return ""
