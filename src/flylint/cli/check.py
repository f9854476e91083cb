"""The ``check`` command: lint, fix, write a baseline or render the findings.

Both routes to it (the click-free reader in :mod:`flylint.cli.options` and the click command
in :mod:`flylint.cli.app`) call :func:`run_check`; it exits through ``SystemExit``.
"""

from __future__ import annotations

import sys

from flylint.base.console import echo_err, fail, use_color


def _split(values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return out


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
        color=use_color(output, fmt), statistics=statistics, show_fixes=show_fixes,
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


