"""Command-line interface.

``flylint [OPTIONS] [PATHS]`` is ``flylint check [OPTIONS] [PATHS]``. Exit status: 0 when no
finding reaches ``--fail-on`` (default ``warning``), 1 when one does, 2 for usage,
configuration or internal errors. Subcommands other than ``check``, ``rule`` and ``rules`` live
in their own modules and are imported only when called (see ``LAZY_COMMANDS``).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from flylint import __version__

# name -> "module:attribute" of a click command, imported on first use
LAZY_COMMANDS: dict[str, str] = {
    "detect": "flylint.linter.detect_cli:detect_command",
    "templates": "flylint.linter.skill_cli:templates_command",
    "init": "flylint.linter.skill_cli:init_command",
    "skill": "flylint.linter.skill_cli:skill_group",
    "report": "flylint.linter.report.cli:report_command",
}
FORMAT_CHOICES = ("text", "json", "sarif", "github", "junit", "gitlab")


class FlylintGroup(click.Group):
    """A group whose unknown first argument (a path or an option) means ``check``."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        cmd = super().get_command(ctx, cmd_name)
        if cmd is None and cmd_name in LAZY_COMMANDS:
            import importlib

            module, _, attr = LAZY_COMMANDS[cmd_name].partition(":")
            cmd = getattr(importlib.import_module(module), attr)
        return cmd

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.list_commands(ctx) and args[0] not in ("--help", "-h", "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=FlylintGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="flylint")
def cli() -> None:
    """Security and configuration linter for Fly.io projects.

    Run `flylint` (or `flylint check PATH`) to lint fly.toml, Dockerfiles, .dockerignore,
    deploy scripts and GitHub workflows.
    """


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


def fail(message: str) -> None:
    click.echo(f"flylint: error: {message}", err=True)
    raise SystemExit(2)


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="text", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--select", multiple=True, help="Rules to enable (codes, prefixes, names, ALL); replaces the default set.")
@click.option("--extend-select", multiple=True, help="Rules to enable on top of the selection.")
@click.option("--ignore", multiple=True, help="Rules to disable.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              help="Lowest severity that makes the exit status 1 (default: warning).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
@click.option("--statistics", is_flag=True, help="Show the number of findings per rule.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Report only findings not in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Write all current findings to a baseline file.")
@click.option("--fix", is_flag=True, help="Apply safe fixes.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply (or offer) unsafe fixes.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; change nothing.")
@click.option("--show-fixes", is_flag=True, help="List the fixes that were applied.")
@click.option("--category", metavar="NAME",
              help="SARIF: code scanning category, written as run.automationDetails.id NAME/ (default: flylint).")
def check_command(paths: tuple[str, ...], fmt: str, output: str | None, select: tuple[str, ...],
                  extend_select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str | None,
                  exit_zero: bool, config_path: str | None, no_config: bool, statistics: bool,
                  baseline: str | None, write_baseline: str | None, fix: bool, unsafe_fixes: bool,
                  diff: bool, show_fixes: bool, category: str | None = None) -> None:
    """Lint PATHS (default: the current directory)."""
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
        click.echo(f"Wrote {n} finding(s) to the baseline {write_baseline}.", err=True)
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
            n, files = len(fixed), len(changed)
            click.echo(f"Would fix {n} problem{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}."
                       if text else "No fixes to apply.", err=True)
            raise SystemExit(1 if text and not exit_zero else 0)
    if not result.files:
        click.echo(f"flylint: warning: found no fly config, Dockerfile, .dockerignore, deploy script or "
                   f"workflow to lint in {' '.join(path_list)}", err=True)
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


@cli.command("rule")
@click.argument("code")
def rule_command(code: str) -> None:
    """Explain a rule (by code such as FLY001 or name such as https-not-forced)."""
    from flylint.linter.registry import find_rule

    meta = find_rule(code)
    if meta is None:
        fail(f"unknown rule {code!r} (see `flylint rules`)")
        return
    click.echo(f"{meta.code} ({meta.name})")
    click.echo(f"Severity: {meta.severity}   Fix: {meta.fix}   Applies to: {', '.join(meta.targets)}")
    if meta.tags:
        click.echo(f"Tags: {', '.join(meta.tags)}")
    if meta.cwe:
        click.echo(f"CWE: {', '.join(f'CWE-{c}' for c in meta.cwe)}")
    if meta.controls:
        click.echo(f"Controls: {', '.join(meta.controls)}")
    click.echo("")
    click.echo(_dedent(meta.doc).strip())


def _dedent(text: str) -> str:
    import textwrap

    first, _, rest = text.strip("\n").partition("\n")
    return first.strip() + "\n" + textwrap.dedent(rest)


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="Include rules that are off by default.")
def rules_command(fmt: str, show_all: bool) -> None:
    """List every rule: code, name, severity, fix, tags."""
    from flylint.linter.registry import load_all

    rules = [m for m in load_all().values() if show_all or m.default_enabled]
    if fmt == "json":
        import json

        data: list[dict[str, Any]] = [
            {"code": m.code, "name": m.name, "severity": str(m.severity), "fix": m.fix, "tags": list(m.tags),
             "targets": list(m.targets), "summary": m.summary, "default_enabled": m.default_enabled}
            for m in rules
        ]
        click.echo(json.dumps(data, indent=2))
        return
    name_w = max((len(m.name) for m in rules), default=4)
    click.echo(f"{'CODE':<7} {'NAME':<{name_w}} {'SEVERITY':<8} {'FIX':<6} TAGS")
    for m in rules:
        click.echo(f"{m.code:<7} {m.name:<{name_w}} {m.severity!s:<8} {m.fix:<6} {', '.join(m.tags)}")


def main(argv: list[str] | None = None) -> int:
    try:
        cli.main(args=argv, prog_name="flylint", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except BrokenPipeError:
        # the reader went away (`flylint | head`); exit quietly without a traceback
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:
        if os.environ.get("FLYLINT_DEBUG"):
            raise
        click.echo(f"flylint: internal error: {type(exc).__name__}: {exc} "
                   "(set FLYLINT_DEBUG=1 for a traceback, and please report it)", err=True)
        return 2
    return 0
