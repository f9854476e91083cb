"""``flylint templates``, ``flylint init`` and ``flylint skill``: the bundled Agent Skill on the CLI.

Registered lazily in ``cli.LAZY_COMMANDS``; the work is done in :mod:`flylint.skill.templates`.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from flylint.base.console import fail


def _rel(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if rel.startswith("..") else rel


@click.command("templates")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def templates_command(fmt: str) -> None:
    """List the project templates that `flylint init` can write."""
    from flylint.skill import templates

    click.echo(templates.templates_json() if fmt == "json" else templates.templates_table(), nl=fmt == "json")


@click.command("init")
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("-t", "--template", "template", metavar="NAME", help="Template to start from (see `flylint templates`).")
@click.option("--app", metavar="NAME", help="Fly app name (default: the directory name, made valid).")
@click.option("--region", metavar="CODE", help="primary_region, e.g. iad, lhr, syd (default: the template's).")
@click.option("--port", type=int, metavar="N", help="Port the app listens on: internal_port, PORT and EXPOSE.")
@click.option("--memory", metavar="SIZE", help="Memory of every [[vm]] entry, e.g. 512mb or 1gb.")
@click.option("--envs", metavar="ENV[=REGION],…",
              help="Write fly.<env>.toml per environment (e.g. dev,staging,production) and a GitHub workflow "
                   "deploying main/staging/develop to them.")
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def init_command(directory: Path, template: str | None, app: str | None, region: str | None,
                 port: int | None, memory: str | None, envs: str | None, force: bool) -> None:
    """Write a Fly.io template (fly.toml, Dockerfile, deploy.sh, .dockerignore) into DIRECTORY.

    The template's README is written as README.fly.md so the project's own README.md is never
    touched. Existing files are left alone unless --force is given.
    """
    from flylint.skill import templates

    if not template:
        fail(f"--template is required; choose one of: {', '.join(templates.template_names())} "
             "(see `flylint templates`)")
        return
    if directory.exists() and not directory.is_dir():
        fail(f"{directory} exists and is not a directory")
        return
    try:
        plan = templates.plan_init(template, directory, app=app, region=region, port=port, memory=memory,
                                   envs=envs)
    except templates.TemplateError as exc:
        fail(str(exc))
        return
    names = list(plan.files)
    existing = templates.conflicts(directory, names)
    dirs = [p for p in existing if p.is_dir() and not p.is_symlink()]
    if dirs:
        fail(f"{', '.join(_rel(p) for p in dirs)}: a directory is in the way of a template file; nothing was written")
        return
    if existing and not force:
        listing = "\n".join(f"  {_rel(p)}" for p in existing)
        fail(f"{len(existing)} file(s) already exist; nothing was written (use --force to overwrite):\n{listing}")
        return
    if plan.port is not None and plan.port < 1024:
        click.echo(f"warning: port {plan.port} is below 1024; the template's non-root user can bind it only "
                   "with CAP_NET_BIND_SERVICE (8080 is the usual choice)", err=True)
    try:
        written = templates.write_files(directory, list(plan.files.values()))
    except OSError as exc:
        fail(f"cannot write the template into {directory}: {exc.strerror or exc}")
        return
    where = _rel(directory.resolve()) or "."
    click.echo(f"Created {len(written)} files in {where} from the {plan.template.name} template:")
    for p in written:
        mark = " (executable)" if os.access(p, os.X_OK) else ""
        click.echo(f"  {_rel(p)}{mark}")
    prefix = "" if where == "." else f"{where}/"
    script = f"{prefix}deploy.sh" if os.path.isabs(prefix) else f"./{prefix}deploy.sh"
    if plan.envs:
        from flylint.skill.envs import WORKFLOW_PATH, app_name, repository_root

        root = repository_root(directory)
        if root is not None and root != directory.resolve():
            sub = os.path.relpath(directory.resolve(), root)
            click.echo(f"note: GitHub runs workflows from the repository root only: move {prefix}{WORKFLOW_PATH} to "
                       f"{WORKFLOW_PATH} there and add `defaults: {{run: {{working-directory: {sub}}}}}` to its jobs",
                       err=True)

        for spec in plan.envs:
            d = spec.defaults
            mb = plan.memory_mb if plan.memory_mb is not None else d.memory_mb
            click.echo(f"  {spec.name}: app = \"{app_name(plan.app, spec.name)}\", "
                       f"primary_region = \"{spec.region or plan.region}\", memory {templates.memory_literal(mb)}, "
                       f"machines {d.min_running}–{d.machines}, deployed from `{spec.branch}`")
        first = plan.envs[0].name
        click.echo(f"Next: read {prefix}{templates.README_TARGET} (Environments), run `flylint check {where}`, "
                   f"then {script} {first}.")
        return
    facts = [f'app = "{plan.app}"', f'primary_region = "{plan.region}"']
    if plan.port is not None:
        facts.append(f"port {plan.port}")
    if plan.memory_mb is not None:
        facts.append(f'memory = "{templates.memory_literal(plan.memory_mb)}"')
    click.echo("  " + ", ".join(facts))
    click.echo(f"Next: read {prefix}{templates.README_TARGET}, run `flylint check {where}`, then {script}.")


@click.group("skill")
def skill_group() -> None:
    """Install or print the flyio Agent Skill (SKILL.md, REFERENCE.md, examples/)."""


@skill_group.command("install")
@click.option("--user", is_flag=True, help="Install for every project: ~/.claude/skills/flyio (the default).")
@click.option("--project", is_flag=True, help="Install for this project: ./.claude/skills/flyio (commit it).")
@click.option("--dir", "base", type=click.Path(file_okay=False, path_type=Path), metavar="PATH",
              help="Install into PATH/flyio (the skills directory of another agent).")
@click.option("--force", is_flag=True, help="Replace an existing install of the skill.")
def skill_install(user: bool, project: bool, base: Path | None, force: bool) -> None:
    """Copy the skill where Claude Code (or another agent) finds it."""
    from flylint.skill import templates

    if user + project + (base is not None) > 1:
        fail("choose one of --user, --project and --dir")
        return
    scope = "dir" if base is not None else "project" if project else "user"
    try:
        target = templates.skill_target(scope, base)
    except RuntimeError:  # Path.home() without HOME
        fail("cannot find the home directory; use --project or --dir PATH")
        return
    try:
        written = templates.install_skill(target, force=force)
    except templates.TemplateError as exc:
        fail(str(exc))
        return
    except OSError as exc:
        fail(f"cannot install the skill into {target}: {exc.strerror or exc}")
        return
    click.echo(f"Installed the {templates.SKILL_NAME} skill ({len(written)} files) into {target}")


@skill_group.command("show")
@click.option("--reference", is_flag=True, help="Print REFERENCE.md instead of SKILL.md.")
def skill_show(reference: bool) -> None:
    """Print SKILL.md (or REFERENCE.md)."""
    from flylint.skill import templates

    click.echo(templates.read_skill_text("REFERENCE.md" if reference else "SKILL.md"), nl=False)


@skill_group.command("path")
def skill_path() -> None:
    """Print the directory of the bundled skill."""
    from flylint.skill import templates

    click.echo(str(templates.skill_dir()))
