"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per finding.

The runner turns each line into an annotation on the file and line (and on the pull request
diff). Properties are escaped with ``%25 %0D %0A %3A %2C`` for ``% CR LF : ,`` and the message
with the first three. Columns are sent only when the finding starts and ends on one line
(GitHub ignores or rejects them otherwise); ``endColumn`` is exclusive, as everywhere in flylint.
A plain summary line follows, which the runner prints as ordinary log text.
"""

from __future__ import annotations

from typing import Any

from flylint.base.console import escape_controls
from flylint.linter.output.summary import summarise

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """GitHub's escapes for ``%``, CR and LF, then any other control character (ESC …) as a
    visible ``\\x1b``: a value from a file can neither end the command nor style the log."""
    return escape_controls(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(f: Any) -> str:
    span = f.span
    props = [("file", f.path), ("line", str(max(1, span.line)))]
    end_line = max(span.end_line, span.line)
    if end_line == span.line:
        props.append(("col", str(max(1, span.column))))
        if span.end_column > span.column:
            props += [("endLine", str(end_line)), ("endColumn", str(span.end_column))]
    else:
        props.append(("endLine", str(end_line)))
    props.append(("title", f"{f.code} ({f.name})"))
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{COMMANDS[str(f.severity)]} {head}::{escape_data(f.message)}"


def render(result: Any, options: Any) -> str:
    lines = [command(f) for f in result.findings]
    s = summarise(result, options)
    for item in s["unreadable"]:
        lines.append(f"::error title=flylint::{escape_data('not checked: ' + item['path'] + ': ' + item['reason'])}")
    by_sev = ", ".join(f"{n} {sev}" for sev, n in s["by_severity"].items() if n)
    if s["unreadable"]:
        lines.append(f"flylint: {s['findings']} problem(s) in {s['files']} file(s) checked; "
                     f"{len(s['unreadable'])} path(s) could not be read and were not checked.")
    elif s["findings"]:
        lines.append(f"flylint: {s['findings']} problem(s) ({by_sev}) in {s['files']} file(s) checked.")
    else:
        lines.append(f"flylint: all checks passed ({s['files']} file(s) checked).")
    return "\n".join(lines) + "\n"
