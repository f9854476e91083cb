"""``flylint report``: a compliance checklist for one framework.

Exit status: 0 when no control fails, 1 when one does, 2 for usage or configuration errors.
"""

from __future__ import annotations

import sys

import click

from flylint.base.console import fail as _fail
from flylint.report import RENDERERS

_EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".json": "json"}


@click.command("report")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--framework", "framework_name", metavar="NAME",
              help="soc2, gdpr, hipaa, pci-dss or cis-docker.")
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)),
              help="Report format (default: from the -o file extension, else markdown).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when a control fails.")
def report_command(paths: tuple[str, ...], framework_name: str | None, fmt: str | None, output: str | None,
                   config_path: str | None, no_config: bool, exit_zero: bool) -> None:
    """Write a compliance checklist for PATHS (default: the current directory).

    Every control of the framework is listed as PASS, FAIL (with the findings as evidence),
    NOT EVALUATED (no file it could be checked on) or MANUAL (to check by hand). The rules
    mapped to the framework always run, whatever the configuration selects or ignores.
    This is configuration evidence, not an audit.
    """
    from flylint.report.controls import FRAMEWORKS, get_framework

    valid = ", ".join(FRAMEWORKS)
    if not framework_name:
        _fail(f"--framework is required; choose one of: {valid}")
        return
    framework = get_framework(framework_name)
    if framework is None:
        _fail(f"unknown framework {framework_name!r}; choose one of: {valid}")
        return
    if fmt is None:
        import os

        fmt = _EXTENSIONS.get(os.path.splitext(output)[1].lower(), "markdown") if output else "markdown"

    from flylint.linter.config import ConfigError, load_settings
    from flylint.linter.discover import PathNotFound
    from flylint.report import render
    from flylint.report.build import build_report

    path_list = list(paths) or ["."]
    try:
        settings = load_settings(path_list, config_path, no_config)
        report = build_report(framework, path_list, settings)
    except ConfigError as exc:
        _fail(str(exc))
        return
    except PathNotFound as exc:
        _fail(f"path not found: {exc}")
        return

    text = render(report, fmt)
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror}")
        counts = report.counts
        click.echo(f"Wrote the {framework.name} checklist to {output}: {counts['pass']} pass, "
                   f"{counts['fail']} fail, {counts['not_evaluated']} not evaluated, "
                   f"{counts['manual']} manual.", err=True)
    else:
        sys.stdout.write(text)
    raise SystemExit(1 if report.failed and not exit_zero else 0)
