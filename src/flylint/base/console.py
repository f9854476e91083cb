"""Messages to the user on standard error, and the usage-error exit (status 2)."""

from __future__ import annotations

import os
import sys


def echo_err(message: str) -> None:
    """Write one line to standard error."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def fail(message: str) -> None:
    echo_err(f"flylint: error: {message}")
    raise SystemExit(2)


def use_color(output: str | None, fmt: str) -> bool:
    if fmt != "text" or output or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


