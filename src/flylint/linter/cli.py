"""Command-line entry point and the ``check`` command.

``flylint [OPTIONS] [PATHS]`` is ``flylint check [OPTIONS] [PATHS]``. Exit status: 0 when no
finding reaches ``--fail-on`` (default ``warning``), 1 when one does, 2 for usage,
configuration or internal errors.

This module does not import click. A ``check`` command line that
:func:`~flylint.linter.check_options.parse_check_argv` can read runs :func:`run_check`
directly; every other command line (help, other subcommands, usage errors) goes to the click
application in :mod:`flylint.linter.click_app`, whose ``check`` command calls the same
:func:`run_check`. Subcommands other than ``check``, ``rule`` and ``rules`` live in their own
modules and are imported only when called (see ``LAZY_COMMANDS``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

# name -> "module:attribute" of a click command, imported on first use
LAZY_COMMANDS: dict[str, str] = {
    "detect": "flylint.linter.detect_cli:detect_command",
    "templates": "flylint.linter.skill_cli:templates_command",
    "init": "flylint.linter.skill_cli:init_command",
    "skill": "flylint.linter.skill_cli:skill_group",
    "report": "flylint.linter.report.cli:report_command",
}


def echo_err(message: str) -> None:
    """Write one line to standard error."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def fail(message: str) -> None:
    echo_err(f"flylint: error: {message}")
    raise SystemExit(2)


def _split(values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return out


def _use_color(output: str | None, fmt: str) -> bool:
    if fmt != "text" or output or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def run_check(paths: tuple[str, ...], fmt: str, output: str | None, select: tuple[str, ...],
              extend_select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str | None,
              exit_zero: bool, config_path: str | None, no_config: bool, statistics: bool,
              baseline: str | None, write_baseline: str | None, fix: bool, unsafe_fixes: bool,
              diff: bool, show_fixes: bool, category: str | None = None) -> None:
    """Lint PATHS (default: the current directory); exits through ``SystemExit``."""
    from flylint.linter.config import ConfigError, load_settings, parse_fail_on
    from flylint.linter.discover import PathNotFound

    path_list = list(paths) or ["."]
    try:
        settings = load_settings(path_list, config_path, no_config)
        if select:
            settings.select = _split(select)
        if extend_select:
            settings.extend_select += _split(extend_select)
        if ignore:
            settings.ignore += _split(ignore)
        if fail_on:
            settings.fail_on = parse_fail_on(fail_on, "--fail-on")
        if baseline:
            settings.baseline = baseline
        if write_baseline:
            settings.baseline = None
        from flylint.linter.engine import Linter

        linter = Linter(settings)
        resume_gc()
        if fix or diff:
            from flylint.linter.fix import run_fixes

            result, fixed, changed = run_fixes(linter, path_list, unsafe=unsafe_fixes, diff_only=diff)
        else:
            result = linter.lint_paths(path_list)
            fixed, changed = [], []
    except ConfigError as exc:
        fail(str(exc))
        return
    except PathNotFound as exc:
        fail(f"path not found: {exc}")
        return
    except Exception as exc:
        from flylint.linter.baseline import BaselineError

        if isinstance(exc, BaselineError):
            fail(str(exc))
        raise

    if write_baseline:
        from flylint.linter.baseline import write_baseline as write

        n = write(result, write_baseline)
        echo_err(f"Wrote {n} finding(s) to the baseline {write_baseline}.")
        raise SystemExit(0)

    from flylint.linter.output import OutputOptions, render

    options = OutputOptions(
        color=_use_color(output, fmt), statistics=statistics, show_fixes=show_fixes,
        fixed=fixed, unsafe_fixes=unsafe_fixes, category=category,
    )
    if diff:
        text = "".join(changed)
        if fmt == "text":
            sys.stdout.write(text)
            sys.stdout.flush()
            n, files = len(fixed), len(changed)
            echo_err(f"Would fix {n} problem{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}."
                     if text else "No fixes to apply.")
            raise SystemExit(1 if text and not exit_zero else 0)
    if not result.files:
        echo_err(f"flylint: warning: found no fly config, Dockerfile, .dockerignore, deploy script or "
                 f"workflow to lint in {' '.join(path_list)}")
    report = render(result, fmt, options)
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(report)
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror}")
    else:
        sys.stdout.write(report)
    if exit_zero:
        raise SystemExit(0)
    if diff:
        raise SystemExit(1 if changed else 0)
    threshold = settings.fail_on
    worst = result.max_severity()
    raise SystemExit(1 if threshold is not None and worst is not None and worst >= threshold else 0)


def entry() -> None:
    """The ``flylint`` program; never returns.

    :func:`main` hands over to this when the ``flylint`` console script or ``python -m flylint``
    calls it. Unlike a call of ``main`` from other code, the program owns the process: it uses
    the start-up cache (:mod:`flylint.linter.startcache`) and, once the output is flushed, ends
    the process without tearing the interpreter down (freeing every object costs a
    single-project run about a tenth of its time and changes nothing).
    """
    import gc

    global _gc_paused
    if gc.isenabled():  # start-up creates many objects and no garbage: collect once it is over
        gc.disable()
        _gc_paused = True
    from flylint.linter import startcache

    startcache.install()
    try:
        status = main(sys.argv[1:])
    finally:
        startcache.save()
    import atexit

    run_exitfuncs = getattr(atexit, "_run_exitfuncs", None)
    if run_exitfuncs is None:
        raise SystemExit(status)
    run_exitfuncs()  # e.g. logging's, if a dependency set it up (they may still write output)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        status = status or 1
    except Exception:  # noqa: BLE001 - whatever went wrong, the normal exit reports it
        raise SystemExit(status) from None
    os._exit(status)


_gc_paused = False


def resume_gc() -> None:
    """End the start-up pause of the cyclic garbage collector that :func:`entry` began.

    The objects that exist by then (modules, rules, tables) live until the end, so they are
    frozen out of future collections.
    """
    global _gc_paused
    if _gc_paused:
        import gc

        _gc_paused = False
        gc.freeze()
        gc.enable()


def _called_as_program(caller: Any) -> bool:
    """Whether ``caller`` is the ``flylint`` console script or ``flylint/__main__.py``, run as ``__main__``.

    Both end the process with ``sys.exit(main())`` right after the call, so nothing is lost
    when :func:`entry` ends it itself. Any other caller (tests, a user's script) gets a return.
    """
    if caller is None or caller.f_globals.get("__name__") != "__main__":
        return False
    filename = caller.f_code.co_filename
    if filename == os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "__main__.py"):
        return True
    name = os.path.basename(filename).lower()
    for suffix in ("-script.pyw", "-script.py", ".exe"):
        name = name.removesuffix(suffix)
    return name == "flylint"


def main(argv: list[str] | None = None) -> int:
    """Run flylint with ``argv`` (default: ``sys.argv[1:]``) and return the exit status.

    When the ``flylint`` program itself calls it (see :func:`_called_as_program`) this becomes
    :func:`entry` and does not return.
    """
    if argv is None and _called_as_program(sys._getframe(1)):
        entry()
    args = sys.argv[1:] if argv is None else list(argv)
    from flylint.linter.check_options import parse_check_argv

    params = parse_check_argv(args)
    if params is not None:
        return _exit_status(lambda: run_check(**params))

    def run_click() -> None:
        resume_gc()
        from flylint.linter.click_app import cli

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
