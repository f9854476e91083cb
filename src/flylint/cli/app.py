"""The click application: help, usage errors, ``rule``, ``rules`` and the lazy subcommands.

Imported only when :func:`flylint.cli.main.main` cannot take the fast route (see
:mod:`flylint.cli.options`). The ``check`` command is built from
:data:`~flylint.cli.options.CHECK_OPTIONS` and runs
:func:`flylint.cli.check.run_check`, so both routes behave the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from flylint import __version__
from flylint.base.console import fail
from flylint.cli.check import run_check
from flylint.cli.options import CHECK_OPTIONS, LAZY_COMMANDS


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
        if not args and ctx.resilient_parsing:  # shell completion of the first word: offer the commands
            return super().parse_args(ctx, args)
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


def _with_check_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Apply the click options of :data:`CHECK_OPTIONS` (first in the table shows first in help)."""
    for opt in reversed(CHECK_OPTIONS):
        kwargs: dict[str, Any] = {"help": opt.help}
        if opt.metavar:
            kwargs["metavar"] = opt.metavar
        if opt.kind == "flag":
            kwargs["is_flag"] = True
        elif opt.kind == "multiple":
            kwargs["multiple"] = True
        elif opt.choices:
            kwargs["type"] = click.Choice(opt.choices)
        elif opt.file_path:
            kwargs["type"] = click.Path(dir_okay=False)
        if opt.default is not None:
            kwargs["default"] = opt.default
            kwargs["show_default"] = True
        func = click.option(*opt.names, opt.dest, **kwargs)(func)
    return func


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@_with_check_options
def check_command(**params: Any) -> None:
    """Lint PATHS (default: the current directory)."""
    run_check(**params)


@cli.command("rule")
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="text for a terminal, markdown (the docs/rules page), json (metadata and sections).")
def rule_command(code: str, fmt: str) -> None:
    """Explain a rule (by code such as FLY001 or name such as https-not-forced)."""
    from flylint.cli import ruledocs
    from flylint.linter.registry import find_rule, load_all

    meta = find_rule(code)
    if meta is None:
        from flylint.linter.config import did_you_mean

        fail(f"unknown rule {code!r}{did_you_mean(code, load_all())} (see `flylint rules`)")
        return
    if fmt == "markdown":
        click.echo(ruledocs.markdown(meta), nl=False)
        return
    if fmt == "json":
        import json

        click.echo(json.dumps(ruledocs.as_dict(meta), indent=2, ensure_ascii=False))
        return
    click.echo(f"{meta.code} ({meta.name})")
    default = "on" if meta.default_enabled else "off (select it to use it)"
    click.echo(f"Severity: {meta.severity}   Fix: {meta.fix}   Default: {default}   "
               f"Applies to: {', '.join(meta.targets)}")
    if meta.tags:
        click.echo(f"Tags: {', '.join(meta.tags)}")
    if meta.cwe:
        click.echo(f"CWE: {', '.join(f'CWE-{c}' for c in meta.cwe)}")
    if meta.controls:
        click.echo(f"Controls: {', '.join(meta.controls)}")
    click.echo("")
    click.echo(ruledocs.dedent_doc(meta.doc))


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--all", "show_all", is_flag=True, hidden=True, help="Kept for old scripts: every rule is listed.")
def rules_command(fmt: str, show_all: bool) -> None:
    """List every rule (those off by default too): code, name, severity, fix, default, tags."""
    from flylint.linter.registry import load_all

    rules = list(load_all().values())
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
    click.echo(f"{'CODE':<7} {'NAME':<{name_w}} {'SEVERITY':<8} {'FIX':<6} {'DEFAULT':<7} TAGS")
    for m in rules:
        default = "on" if m.default_enabled else "off"
        click.echo(f"{m.code:<7} {m.name:<{name_w}} {m.severity!s:<8} {m.fix:<6} {default:<7} {', '.join(m.tags)}")
