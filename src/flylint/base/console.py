"""Messages to the user on standard error, and the usage-error exit (status 2)."""

from __future__ import annotations

import os
import sys


def echo_err(message: str) -> None:
    """Write one line to standard error."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def escape_controls(text: str) -> str:
    """``text`` from a file (a key, a path, a folder name) made safe for a terminal or a CI log:
    every control or other non-printable character (ESC, CR, newline, U+2028, bidi overrides …)
    becomes a visible escape such as ``\\x1b`` or ``\\n``, so it can neither move the cursor nor
    start a new line (a GitHub ``::workflow-command``)."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def fail(message: str) -> None:
    echo_err(f"flylint: error: {escape_controls(message)}")
    raise SystemExit(2)


def use_color(output: str | None, fmt: str) -> bool:
    if fmt != "text" or output or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


