"""Human output: ``path:line:col: CODE [severity] message``, then a one-line summary.

Fixable findings end with ``[*]`` (unsafe fixes only with ``--unsafe-fixes``). Options:
``show_source`` adds the flagged line with a caret under the span (control characters shown
as ``?``, secrets masked with ``*``), ``width`` wraps long lines on a terminal with a hanging
indent, ``statistics`` prints a count table instead of the findings, ``quiet`` leaves out the
summary. Colour is decided by the CLI (``--color``) and passed as ``options.color``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from flylint.base.console import escape_controls
from flylint.linter.output.summary import config_files, summarise
from flylint.linter.source import display_path

_COLORS = {"error": "31", "warning": "33", "info": "36", "path": "1", "code": "35", "dim": "2", "caret": "31"}
MAX_SOURCE_WIDTH = 160  # a longer source line is cut around the span


def _c(text: str, what: str, on: bool) -> str:
    return f"\x1b[{_COLORS[what]}m{text}\x1b[0m" if on else text


def _fix_shown(f: Any, options: Any) -> bool:
    return f.fix is not None and bool(f.fix.edits) and (f.fix.is_safe or options.unsafe_fixes)


def render(result: Any, options: Any) -> str:
    color = options.color
    lines: list[str] = []
    if not options.statistics:
        for f in result.findings:
            lines.extend(_finding_lines(f, options))
            if getattr(options, "show_source", False):
                lines.extend(_source_lines(f, color))
    for path, why in getattr(result, "unreadable", ()):
        lines.append(f"{_c(escape_controls(display_path(path)), 'path', color)}: error: {escape_controls(why)}; "
                     "not checked")
    if options.show_fixes:
        lines.extend(_fix_lines(result, options))
    if options.statistics and result.findings:
        counts = Counter((f.code, f.name) for f in result.findings)
        fixable = Counter(f.code for f in result.findings if _fix_shown(f, options))
        width = max(len(str(n)) for n in counts.values())
        for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            star = "[*]" if fixable.get(code) else "   "
            lines.append(f"{n:>{width}}  {code:<7} {star} {name}")
    if not getattr(options, "quiet", False):
        lines.append(_summary_line(result, options))
        configs = config_files(result)
        if configs:
            lines.append(escape_controls(f"Configuration: {', '.join(configs)}"))
    return "\n".join(lines) + "\n" if lines else ""


def _finding_lines(f: Any, options: Any) -> list[str]:
    color = options.color
    sev = str(f.severity)
    mark = " [*]" if _fix_shown(f, options) else ""
    path, message = escape_controls(f.path), escape_controls(f.message)
    prefix = f"{path}:{f.span.line}:{f.span.column}: {f.code} [{sev}] "
    colored = (f"{_c(path, 'path', color)}:{f.span.line}:{f.span.column}: "
               f"{_c(f.code, 'code', color)} [{_c(sev, sev, color)}] ")
    plain = prefix + message + mark
    width = getattr(options, "width", None)
    if not width or len(plain) <= width:
        return [colored + message + mark]
    import textwrap

    wrapped = textwrap.wrap(plain, width, subsequent_indent="    ", break_long_words=False,
                            break_on_hyphens=False) or [plain]
    if wrapped[0].startswith(prefix):
        wrapped[0] = colored + wrapped[0][len(prefix):]
    return wrapped


def _source_lines(f: Any, color: bool) -> list[str]:
    """The flagged line with a caret under the span: ``  4 |   internal_port = 8000``."""
    src = f.source
    if src is None or f.span.line < 1 or f.span.line > src.line_count:
        return []
    text = _printable(src.line_text(f.span.line))
    start = f.span.column - 1
    end = f.span.end_column - 1 if f.span.end_line == f.span.line else len(text.rstrip())
    start = max(0, min(start, len(text)))
    end = max(start + 1, min(end, max(len(text), start + 1)))
    text = _mask_secrets(text, start, end, "secrets" in f.tags)
    if len(text) > MAX_SOURCE_WIDTH:  # keep the span in view
        left = max(0, min(start - 20, len(text) - MAX_SOURCE_WIDTH))
        tail = "…" if left + MAX_SOURCE_WIDTH < len(text) else ""
        text = ("…" if left else "") + text[left:left + MAX_SOURCE_WIDTH] + tail
        shift = left - (1 if left else 0)
        start, end = start - shift, min(end - shift, len(text))
    gutter = str(f.span.line)
    pad = " " * len(gutter)
    bar = _c("|", "dim", color)
    caret = _c("^" * max(1, end - start), "caret", color)
    return [f"{pad} {bar}", f"{gutter} {bar} {text}", f"{pad} {bar} {' ' * start}{caret}", ""]


def _printable(text: str) -> str:
    """One character per character, so the caret stays aligned: a tab is a space, any other
    control character a ``?`` (it is never written to the terminal)."""
    return "".join(" " if ch == "\t" else ch if ch.isprintable() else "?" for ch in text)


def _mask_secrets(text: str, start: int, end: int, secret: bool) -> str:
    """What :func:`~flylint.fly.secrets.secret_spans` finds in the line (as in messages, plus
    a credential-named literal such as ``ENV DB_PASSWORD=…``) as ``*``, one for one so the caret
    stays aligned, and the whole span when the finding is about a secret: the source line must
    never show a credential. A whole line of a user's file is shown here, not a quoted value, so
    it is masked more eagerly than a message too: every piece of 16 characters or more between
    spaces, ``=``, ``:``, quotes, ``,`` and ``;`` that looks random by
    :func:`~flylint.fly.secrets.looks_random` (punctuation counted; a long path may be masked too)."""
    from flylint.fly.secrets import looks_random, secret_spans

    chars = list(text)
    spans = secret_spans(text, assignment=True)
    if secret:
        spans.append((start, end))
    pos = 0
    for word in text.split(" "):
        for part in _split_value(word):
            if len(part) >= 16 and looks_random(part):
                k = text.find(part, pos)
                spans.append((k, k + len(part)))
        pos += len(word) + 1
    for a, b in spans:
        for k in range(max(0, a), min(b, len(chars))):
            if not chars[k].isspace():
                chars[k] = "*"
    return "".join(chars)


def _split_value(word: str) -> list[str]:
    """``KEY=value`` and ``"quoted"`` pieces of a word, where credentials usually sit."""
    import re

    return [p for p in re.split(r"[=:\"',;]", word) if p]


def _fix_lines(result: Any, options: Any) -> list[str]:
    if options.fixed:
        return ["", "Fixed:", *(f"  {escape_controls(item)}" for item in options.fixed)]
    if getattr(options, "fix_run", False):
        return []
    pending = [f for f in result.findings if _fix_shown(f, options)]
    if not pending:
        hidden = any(f.fix is not None and f.fix.edits for f in result.findings)
        return ["", "No safe fixes available (unsafe ones with --unsafe-fixes)." if hidden else "No fixes available."]
    return ["", "Would fix (run with --fix):",
            *(escape_controls(f"  {f.path}:{f.span.line}:{f.span.column}: {f.code} {f.fix.title}") for f in pending)]


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
    if not files and not result.findings:
        return f"{fixed_txt + '. ' if fixed else ''}No files checked."
    if not result.findings:
        noun = "file" if files == 1 else "files"
        return f"{fixed_txt + '. ' if fixed else ''}All checks passed ({files} {noun} checked)."
    parts = [f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in s["by_severity"].items() if n]
    total = s["findings"]
    flagged = s["files_with_findings"]
    checked = f" ({files} checked)" if files != flagged else ""
    where = f"({', '.join(parts)}) in {flagged} file{'s' if flagged != 1 else ''}{checked}"
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
