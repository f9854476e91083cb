"""Command-line entry point: ``flylint [OPTIONS] [PATHS]`` is ``flylint check [OPTIONS] [PATHS]``.

Exit status: 0 when no finding reaches ``--fail-on`` (default ``warning``), 1 when one does,
2 for usage, configuration or internal errors.

This module does not import click. A ``check`` command line that
:func:`~flylint.cli.options.parse_check_argv` can read runs :func:`~flylint.cli.check.run_check`
directly; every other command line (help, other subcommands, usage errors) goes to the click
application in :mod:`flylint.cli.app`, whose ``check`` command calls the same ``run_check``.
Subcommands other than ``check``, ``rule`` and ``rules`` live in their own modules and are
imported only when called (see :data:`flylint.cli.options.LAZY_COMMANDS`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from flylint.base.console import echo_err


def main(argv: list[str] | None = None) -> int:
    """Run flylint with ``argv`` (default: ``sys.argv[1:]``) and return the exit status.

    The console script and ``python -m flylint`` call it and exit with what it returns.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    from flylint.cli.check import run_check
    from flylint.cli.options import parse_check_argv

    # shell completion (``_FLYLINT_COMPLETE=bash_source flylint``) is click's business
    params = None if "_FLYLINT_COMPLETE" in os.environ else parse_check_argv(args)
    if params is not None:
        return _exit_status(lambda: run_check(**params))

    def run_click() -> None:
        from flylint.cli.app import cli

        cli.main(args=args, prog_name="flylint", standalone_mode=True)

    return _exit_status(run_click)


def _exit_status(run: Callable[[], Any]) -> int:
    try:
        run()
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except BrokenPipeError:
        # the reader went away (`flylint | head`); exit quietly without a traceback
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        echo_err("Aborted!")
        return 1
    except Exception as exc:
        if os.environ.get("FLYLINT_DEBUG"):
            raise
        echo_err(f"flylint: internal error: {type(exc).__name__}: {exc} "
                 "(set FLYLINT_DEBUG=1 for a traceback, and please report it)")
        return 2
    return 0
