"""How the project's workflows run ``fly deploy``: which config, from which directory.

flyctl builds in its *working directory* (the step's directory, or the ``fly deploy PATH``
argument), not in the directory of the config: ``fly deploy --config apps/api/fly.toml`` run
from the repository root sends the repository root as the build context, reads its
``.dockerignore``, and resolves ``--dockerfile`` from there (``[build] dockerfile`` in the
config stays relative to the config). A monorepo's build context is only known from these
commands, so the rules that judge a build context (what ``COPY . .`` puts in the image) ask
here first and fall back to the config's directory.

Only GitHub workflow ``run:`` steps are read: a CI job starts in the checkout, so the
working directory is known (``working-directory:`` included). A deploy script runs wherever its
caller is. Paths built from expressions (``apps/${{ inputs.app }}/fly.toml``) or from shell
variables assigned earlier in the step are matched against the configs of the run as patterns.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from flylint.base.glob import fnmatchcase
from flylint.base.records import record

if TYPE_CHECKING:
    from flylint.linter.parsers.shell import Word
    from flylint.linter.parsers.workflow import Workflow

# `fly deploy` flags that take a value (a following word); others are switches
_VALUE_FLAGS = frozenset({
    "-a", "--app", "-c", "--config", "--dockerfile", "--ignorefile", "--build-arg", "--build-secret",
    "--build-target", "-i", "--image", "--image-label", "-r", "--region", "--strategy", "-e", "--env",
    "--vm-size", "--vm-cpus", "--vm-memory", "--vm-cpu-kind", "--wait-timeout", "--label", "--file-literal",
    "--file-local", "--file-secret", "--primary-region", "--depot-scope", "--release-command-timeout",
    "--lease-timeout", "--max-unavailable", "--process-groups", "--only-regions", "--exclude-regions",
    "--only-machines", "--exclude-machines", "--build-pool", "--access-token", "-t", "--org", "-o",
    "--buildkit-addr", "--smoke-checks-timeout", "--deploy-retries", "--signal", "-s",
})
_EXPR = re.compile(r"\$\{\{.*?\}\}")


def _blank_expressions(text: str) -> str:
    """``text`` with each ``${{ … }}`` (on one line) as ``*``; each line searched only up to its
    last ``}}`` (an opening without an end scanned to the end of the line from every ``${{``)."""
    if "${{" not in text:
        return text
    out = []
    for line in text.split("\n"):
        end = line.rfind("}}") + 2
        out.append(_EXPR.sub("*", line[:end]) + line[end:] if end > 1 else line)
    return "\n".join(out)
_VAR = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")


@record(frozen=True)
class Deploy:
    config: str  # absolute path (or a glob pattern over absolute paths)
    context: str  # absolute working directory of the build
    dockerfile: str | None = None  # --dockerfile, absolute
    ignorefile: str | None = None  # --ignorefile, absolute
    where: str = ""  # display path of the workflow


def _repo_root(workflow_path: str) -> str:
    d = os.path.dirname(os.path.abspath(workflow_path))
    if d.replace("\\", "/").endswith("/.github/workflows"):
        return os.path.dirname(os.path.dirname(d))
    return d


def _text(word: Word | str, shell_vars: dict[str, str]) -> str:
    """A word's text with shell variables of the step substituted and expressions as ``*``."""
    text = word if isinstance(word, str) else word.text
    text = _blank_expressions(text)
    text = _VAR.sub(lambda m: shell_vars.get(m.group(1), "*"), text)
    return text.strip("'\"")


def workflow_deploys(wf: Workflow) -> list[Deploy]:
    from flylint.linter.parsers.commands import fly_subcommand

    root = _repo_root(wf.source.path)
    out: list[Deploy] = []
    for _job, step in wf.steps():
        script = step.script()
        if script is None:
            continue
        workdir = root
        if step.working_directory is not None:
            workdir = os.path.normpath(os.path.join(root, _blank_expressions(step.working_directory.value)))
        shell_vars: dict[str, str] = {}
        for cmd in script.commands:
            for a in cmd.assignments:
                name, _, value = a.text.partition("=")
                shell_vars[name] = _blank_expressions(value.strip("'\""))
            if fly_subcommand(cmd)[:1] != ["deploy"]:
                continue
            argv = cmd.effective_argv()
            i = next((k for k, w in enumerate(argv) if w.text == "deploy"), len(argv))
            config: str | None = None
            dockerfile: str | None = None
            ignorefile: str | None = None
            context = workdir
            k = 1
            while k < len(argv):
                w = argv[k].text
                name, eq, inline = w.partition("=")
                if w.startswith("-"):
                    has_next = k + 1 < len(argv) and name in _VALUE_FLAGS
                    flag_value: str | None = inline if eq else (argv[k + 1].text if has_next else None)
                    if name in ("-c", "--config") and flag_value is not None:
                        config = _text(flag_value, shell_vars)
                    elif name == "--dockerfile" and flag_value is not None:
                        dockerfile = _text(flag_value, shell_vars)
                    elif name == "--ignorefile" and flag_value is not None:
                        ignorefile = _text(flag_value, shell_vars)
                    k += 1 if eq or name not in _VALUE_FLAGS else 2
                    continue
                if k > i:  # the working-directory argument of `fly deploy`
                    context = os.path.normpath(os.path.join(workdir, _text(argv[k], shell_vars)))
                k += 1
            if "*" in context:
                continue  # the build context itself is not known
            cfg = os.path.normpath(os.path.join(context, config or "fly.toml"))
            out.append(Deploy(
                cfg, context,
                os.path.normpath(os.path.join(context, dockerfile)) if dockerfile and "*" not in dockerfile else None,
                os.path.normpath(os.path.join(context, ignorefile)) if ignorefile and "*" not in ignorefile else None,
                wf.source.display_path,
            ))
    return out


def index(deploys: list[Deploy], configs: list[str]) -> dict[str, list[Deploy]]:
    """``config path -> deploys`` for the configs of the run; patterns match like globs."""
    out: dict[str, list[Deploy]] = {}
    for d in deploys:
        if "*" in d.config:
            # the pattern comes from a workflow: matched in linear time, with flylint's limits
            matched = [c for c in configs if fnmatchcase(c, d.config)]
        else:
            matched = [c for c in configs if c == d.config]
        for c in matched:
            out.setdefault(c, []).append(d)
    return out
