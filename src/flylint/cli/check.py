"""The ``check`` command: lint, fix, write a baseline or render the findings.

Both routes to it (the click-free reader in :mod:`flylint.cli.options` and the click command
in :mod:`flylint.cli.app`) call :func:`run_check`; it exits through ``SystemExit``.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from flylint.base.console import echo_err, escape_controls, fail, use_color

if TYPE_CHECKING:
    from flylint.linter.config import ConfigResolver, Settings
    from flylint.linter.source import FileView


def _split(values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return out


def run_check(paths: tuple[str, ...], fmt: str, output: str | None, select: tuple[str, ...],
              extend_select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str | None,
              exit_zero: bool, config_path: str | None, no_config: bool, statistics: bool,
              baseline: str | None, write_baseline: str | None, fix: bool, unsafe_fixes: bool,
              diff: bool, show_fixes: bool, category: str | None = None, show_settings: bool = False,
              exclude: tuple[str, ...] = (), extend_exclude: tuple[str, ...] = (),
              no_respect_gitignore: bool = False, force_exclude: bool = False,
              report_unused_suppressions: bool = False, show_source: bool = False, quiet: bool = False,
              color: str = "auto", no_files: str | None = None, stdin_filename: str | None = None,
              jobs: str | None = None) -> None:
    """Lint PATHS (default: the current directory); exits through ``SystemExit``."""
    from flylint.linter.config import ConfigError, ConfigResolver, Overrides, parse_fail_on
    from flylint.linter.discover import PathNotFound

    path_list = list(paths) or ["."]
    view = _stdin_view(path_list, stdin_filename, fix or diff)
    if view is not None:
        assert stdin_filename is not None
        path_list = [stdin_filename if p == "-" else p for p in path_list]
    try:
        overrides = Overrides(
            select=_split(select) if select else None,
            extend_select=_split(extend_select) + (["SUP001"] if report_unused_suppressions else []),
            ignore=_split(ignore), baseline=baseline, no_baseline=bool(write_baseline),
            exclude=_split(exclude) if exclude else None, extend_exclude=_split(extend_exclude),
            respect_gitignore=False if no_respect_gitignore else None, force_exclude=True if force_exclude else None,
        )
        if fail_on:
            overrides.fail_on, overrides.set_fail_on = parse_fail_on(fail_on, "--fail-on"), True
        resolver = ConfigResolver(overrides=overrides, config=config_path, no_config=no_config, paths=path_list)
        if show_settings:
            _show_settings(path_list, resolver)
            raise SystemExit(0)
        from flylint.linter.engine import Linter

        linter = Linter(resolver=resolver)
        from flylint.base.collect import startup_done

        startup_done()  # this command owns the process: start-up's objects live until it ends
        linter.jobs = _job_count(jobs)
        progress = _progress(fmt, output, quiet)
        linter.progress = progress
        if fix or diff:
            from flylint.linter.fix import run_fixes

            # a text --diff shows only the diffs: no need to lint the fixed text with every rule
            run = run_fixes(linter, path_list, unsafe=unsafe_fixes, diff_only=diff,
                            full_result=not (diff and fmt == "text"))
            for warning in run.warnings:
                echo_err(f"flylint: warning: {escape_controls(warning)}")
            result, fixed, changed = run.result, run.applied, run.diffs
        else:
            result = linter.lint_paths(path_list, view)
            fixed, changed = [], []
        if progress is not None:
            progress.done()
    except ConfigError as exc:
        fail(str(exc))
        return
    except PathNotFound as exc:
        fail(_not_found(str(exc)))
        return
    except Exception as exc:
        from flylint.linter.baseline import BaselineError

        if isinstance(exc, BaselineError):
            fail(str(exc))
        raise

    if write_baseline:
        from flylint.linter.baseline import BaselineError
        from flylint.linter.baseline import write_baseline as write

        try:
            n = write(result, write_baseline)
        except BaselineError as exc:
            fail(str(exc))
            raise
        echo_err(f"Wrote {n} finding(s) to the baseline {write_baseline}.")
        raise SystemExit(0)
    if not quiet:
        _warn_unmatched_baselines(result)

    from flylint.linter.output import OutputOptions, render

    options = OutputOptions(
        color=want_color(color, output, fmt), statistics=statistics, show_fixes=show_fixes,
        fixed=fixed, unsafe_fixes=unsafe_fixes, category=category, show_source=show_source, quiet=quiet,
        width=_terminal_width(fmt, output), fix_run=fix,
    )
    if diff:
        text = "".join(changed)
        if fmt == "text":
            _write(output, text)
            if not quiet:
                n, files = len(fixed), len(changed)
                echo_err(f"Would fix {n} problem{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}."
                         if text else "No fixes to apply.")
            raise SystemExit(1 if text and not exit_zero else 0)
    if not quiet:
        for note in result.notes:
            echo_err(f"flylint: warning: {escape_controls(note)}")
    if not result.files and not result.findings and not result.unreadable:
        _nothing_checked(path_list, no_files or resolver.base.no_files, quiet)
    _write(output, render(result, fmt, options))
    if result.unreadable:  # fail closed: part of the tree was not checked
        raise SystemExit(2)
    if exit_zero:
        raise SystemExit(0)
    if diff:
        raise SystemExit(1 if changed else 0)
    raise SystemExit(1 if result.failing() else 0)


def _write(output: str | None, text: str) -> None:
    """``-o FILE``: a regular file (or a new one) is written whole through a temporary file and
    never through a link (a link planted at ``results.sarif`` in a checkout must not overwrite
    what it points to); a terminal, pipe or ``/dev/null`` (``-o /dev/stdout``) is written to."""
    if output:
        import os
        import stat

        from flylint.base.files import write_atomic

        try:
            st = os.stat(output) if os.path.lexists(output) else None
            if st is not None and not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
                with open(output, "w", encoding="utf-8") as fh:
                    fh.write(text)
            else:
                write_atomic(output, text.encode("utf-8"))
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


WHAT_FLYLINT_READS = ("fly configs (fly.toml, fly.<env>.toml, fly.json, fly.yaml), Dockerfiles (Dockerfile, "
                      "Dockerfile.<name>, <name>.Dockerfile, Containerfile), .dockerignore files, deploy scripts "
                      "(deploy*.sh, or shell scripts that run fly/flyctl) and GitHub workflows")


def _nothing_checked(paths: list[str], mode: str, quiet: bool) -> None:
    """No file was checked: an error (exit 2) by default, a warning or nothing when configured."""
    if mode == "ignore":
        return
    message = (f"no file to check in {' '.join(paths)}: flylint reads {WHAT_FLYLINT_READS}; "
               f"{'pass --no-files=warn (or set no-files) to accept this' if mode == 'error' else ''}")
    if mode == "error":
        fail(message.rstrip("; "))
    if not quiet:
        echo_err(f"flylint: warning: {message.rstrip('; ')}")


def _not_found(path: str) -> str:
    """``path not found: chek`` with the subcommand a typo was probably meant to be."""
    from difflib import get_close_matches

    from flylint.cli.options import SUBCOMMANDS

    hint = get_close_matches(path, SUBCOMMANDS, n=1, cutoff=0.6) if "/" not in path and "." not in path else []
    if hint:
        return f"no such file, folder or command: {path!r} (did you mean `flylint {hint[0]}`?)"
    return f"path not found: {path}"


def want_color(mode: str, output: str | None, fmt: str) -> bool:
    """``--color``: ``always`` and ``never`` as said; ``auto`` on a terminal, unless NO_COLOR."""
    if fmt != "text" or mode == "never":
        return False
    if mode == "always":
        return True
    return use_color(output, fmt)


def _terminal_width(fmt: str, output: str | None) -> int | None:
    """Wrap text output at the terminal's width, only when writing to one."""
    if fmt != "text" or output or not sys.stdout.isatty():
        return None
    import shutil

    return max(60, shutil.get_terminal_size().columns)


def _job_count(value: str | None) -> int:
    """``--jobs``: a number of processes, or 0 (the default) for the cores this process may use."""
    from flylint.linter.config import ConfigError

    text = (value or "0").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 4:
        raise ConfigError(f"--jobs: expected a number of processes (0: one per core), got {value!r}")
    n = int(text)
    if n == 0:
        n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(n, 64))


def _progress(fmt: str, output: str | None, quiet: bool) -> Progress | None:
    """A progress line on standard error, for text output on a terminal only."""
    if quiet or (fmt != "text" and not output) or not sys.stderr.isatty():
        return None
    return Progress()


class Progress:
    """``Linting: 120/800 projects`` on standard error, redrawn in place, shown only once a run
    has taken a second (short runs print nothing) and erased at the end."""

    DELAY = 1.0

    def __init__(self) -> None:
        import time

        self._clock = time.monotonic
        self._start = self._clock()
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self._shown and self._clock() - self._start < self.DELAY:
            return
        self._shown = True
        width = 24
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} projects")
        sys.stderr.flush()

    def done(self) -> None:
        if self._shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self._shown = False


def _stdin_view(paths: list[str], stdin_filename: str | None, fixing: bool) -> FileView | None:
    """``-`` among the paths: the text of standard input, seen as the file ``--stdin-filename``."""
    if "-" not in paths:
        if stdin_filename:
            fail("--stdin-filename names the file read from standard input: pass - as the path too")
        return None
    if not stdin_filename:
        fail("reading standard input (-) needs --stdin-filename NAME: the name says what kind of file it is "
             "(fly.toml, Dockerfile, deploy.sh …) and where its project is")
    if fixing:
        fail("--fix and --diff do not read standard input; run them on the file")
    assert stdin_filename is not None
    from flylint.linter.source import FileView

    data = sys.stdin.buffer.read(MAX_STDIN_BYTES + 1)
    if len(data) > MAX_STDIN_BYTES:
        fail(f"standard input is larger than {MAX_STDIN_BYTES // 1024} KiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fail(f"standard input is not valid UTF-8 (byte {exc.start})")
        raise
    view = FileView()
    view[stdin_filename] = text.replace("\r\n", "\n")
    return view


MAX_STDIN_BYTES = 2 * 1024 * 1024


def _show_settings(paths: list[str], resolver: ConfigResolver) -> None:
    """``--show-settings``: each file with the configuration file that applies to it, then what
    each of those configurations sets."""
    from flylint.linter.discover import discover
    from flylint.linter.registry import load_all
    from flylint.linter.source import display_path

    rules = load_all()
    candidates = discover(paths, resolver)
    used: dict[str | None, Settings] = {}
    lines = []
    for cand in candidates:
        settings = resolver.for_path(cand.path)
        used.setdefault(settings.config_path, settings)
        where = display_path(settings.config_path) if settings.config_path else "(defaults: no configuration file)"
        lines.append(f"{display_path(cand.path)} ({cand.kind}): {where}")
    if not candidates:
        lines.append(f"no file to lint in {' '.join(paths)}")
    for config, settings in sorted(used.items(), key=lambda kv: kv[0] or ""):
        lines.append("")
        lines.append(f"[{display_path(config) if config else 'defaults'}]")
        enabled = sorted(settings.enabled_codes(rules))
        lines.append(f"select = {_show(settings.select) if settings.select is not None else '(default rule set)'}")
        for label, value in (("extend-select", settings.extend_select), ("ignore", settings.ignore),
                             ("exclude", settings.exclude), ("extend-exclude", settings.extend_exclude),
                             ("command-line exclude", settings.cli_exclude)):
            if value:
                lines.append(f"{label} = {_show(value)}")
        for pattern, codes in settings.per_file_ignores.items():
            lines.append(f"per-file-ignores.{pattern!r} = {_show(codes)}")
        for code, sev in sorted(settings.severity.items()):
            lines.append(f"severity.{code} = {sev}")
        lines.append(f"fail-on = {settings.fail_on if settings.fail_on is not None else 'never'}")
        if settings.baseline:
            lines.append(f"baseline = {display_path(settings.baseline)}")
        lines.append(f"enabled rules ({len(enabled)}): {' '.join(enabled)}")
    sys.stdout.write("\n".join(lines) + "\n")


def _show(values: list[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def _warn_unmatched_baselines(result: Any) -> None:
    """A baseline that accepts none of the current findings was probably written for other
    paths (or before the code changed): say so instead of silently reporting everything."""
    if not result.baseline_matches:
        return  # no baseline in use (the common case): nothing to import or read
    from flylint.linter.baseline import baseline_size
    from flylint.linter.source import display_path

    for path, matched in sorted(result.baseline_matches.items()):
        size = baseline_size(path)
        if matched == 0 and size:
            echo_err(f"flylint: warning: the baseline {display_path(path)} lists {size} finding(s) but matches none "
                     f"of the {len(result.findings)} found now; if it was written elsewhere or by an older flylint, "
                     f"write it again with --write-baseline {display_path(path)}")
