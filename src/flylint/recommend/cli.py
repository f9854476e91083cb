"""``flylint recommend FILE``: Fly.io, Kubernetes or AWS for a requirements file.

Exit status: 0 with a recommendation (fields it did not use are listed under ``notices`` and on
standard error), 2 when the file cannot be read as a requirements file (the message gives the
line and column), or with ``--strict`` when a field was not used.
"""

from __future__ import annotations

import sys

import click


@click.command("recommend")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["yaml", "json", "text"]), default="yaml", show_default=True,
              help="Output format.")
@click.option("--strict", is_flag=True, help="Exit 2 when the file has fields that were not used.")
def recommend_command(file: str, fmt: str, strict: bool) -> None:
    """Recommend a platform for the requirements in FILE (YAML or JSON).

    FILE holds a deployment task (`task:`), a technical requirements document (`trd:`) or a plain
    description (application, team_size, budget_per_month, expected_users, compliance, regions).
    The answer: platform, confidence, rationale, architecture, estimated cost, alternatives,
    next steps (fly commands), review checklist and smoke-test plan. See docs/recommend.md.
    """
    from flylint.base.console import echo_err, fail
    from flylint.recommend import render
    from flylint.recommend.inputs import InputError, load
    from flylint.recommend.plan import recommend

    try:
        req = load(file)
    except InputError as exc:
        fail(render.clean(str(exc)))
        return
    for n in req.notices:
        echo_err(render.clean(f"{file}:{n.line}:{n.column}: warning: {n.message}"))
    if strict and req.notices:
        fail(f"{len(req.notices)} field(s) of {file} were not used (--strict)")
        return
    answer = recommend(req)
    writer = {"yaml": render.to_yaml, "json": render.to_json, "text": render.to_text}[fmt]
    sys.stdout.write(writer(answer))
