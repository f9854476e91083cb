"""Human output: ``path:line:col: CODE [severity] message``, then a one-line summary.

Fixable findings end with ``[*]``. Colour is used only when writing to a terminal (and never
when ``NO_COLOR`` is set); the CLI decides and passes ``options.color``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from flylint.linter.output.summary import summarise

_COLORS = {"error": "31", "warning": "33", "info": "36", "path": "1", "code": "35", "dim": "2"}


def _c(text: str, what: str, on: bool) -> str:
    return f"\x1b[{_COLORS[what]}m{text}\x1b[0m" if on else text


def render(result: Any, options: Any) -> str:
    color = options.color
    lines: list[str] = []
    for f in result.findings:
        sev = str(f.severity)
        mark = ""
        if f.fix is not None:
            mark = " [*]" if (f.fix.is_safe or options.unsafe_fixes) else ""
        lines.append(
            f"{_c(f.path, 'path', color)}:{f.span.line}:{f.span.column}: "
            f"{_c(f.code, 'code', color)} [{_c(sev, sev, color)}] {f.message}{mark}"
        )
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
    return "\n".join(lines) + "\n"


def _summary_line(result: Any, options: Any) -> str:
    s = summarise(result, options)
    files = s["files"]
    fixed = s["fixed"]
    fixed_txt = f"Fixed {fixed} problem{'s' if fixed != 1 else ''}. " if fixed else ""
    if not result.findings:
        noun = "file" if files == 1 else "files"
        return f"{fixed_txt}All checks passed ({files} {noun} checked)."
    parts = [f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in s["by_severity"].items() if n]
    total = s["findings"]
    line = f"{fixed_txt}Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) in {files} file{'s' if files != 1 else ''}."
    if s["fixable"] and options.fix_hint:
        line += f" {s['fixable']} fixable with `flylint --fix`"
        line += " (unsafe fixes included)." if options.unsafe_fixes else "."
    return line
