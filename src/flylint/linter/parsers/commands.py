"""Shell commands wherever they appear: deploy scripts, Dockerfile ``RUN`` (shell form and
heredocs) and workflow ``run:`` steps, each with the file it came from.

Rules that look at commands (``curl | sh``, ``fly secrets set``, ``curl -k`` …) iterate
:func:`iter_commands` and work the same in all three places.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeAlias

from flylint.base.records import record
from flylint.linter.parsers.shell import Command, ShellScript, Word
from flylint.linter.source import SourceFile

if TYPE_CHECKING:
    from flylint.linter.parsers.dockerfile import Dockerfile, Instruction
    from flylint.linter.parsers.workflow import Step, Workflow

# the models that hold shell commands, and what holds one script inside them
ScriptModel: TypeAlias = "ShellScript | Dockerfile | Workflow"
ScriptOwner: TypeAlias = "Instruction | Step | None"


@record(slots=True)
class CommandSite:
    command: Command
    script: ShellScript
    source: SourceFile
    where: str  # "script", "RUN", "run step"
    owner: ScriptOwner = None  # the Instruction or workflow Step, when there is one


def iter_scripts(model: ScriptModel) -> Iterator[tuple[ShellScript, SourceFile, str, ScriptOwner]]:
    from flylint.linter.parsers.dockerfile import Dockerfile
    from flylint.linter.parsers.workflow import Workflow

    if isinstance(model, ShellScript):
        if model.source is not None:
            yield model, model.source, "script", None
    elif isinstance(model, Dockerfile):
        for ins in model.instructions:
            if ins.keyword == "RUN" and (ins.exec_form is None or ins.heredocs):
                yield ins.shell(), model.source, "RUN", ins
    elif isinstance(model, Workflow):
        for _job, step in model.steps():
            if step.shell and not step.shell.startswith(("bash", "sh")):
                continue
            script = step.script()
            if script is not None:
                yield script, model.source, "run step", step


def iter_commands(model: ScriptModel) -> Iterator[CommandSite]:
    for script, source, where, owner in iter_scripts(model):
        for cmd in script.commands:
            yield CommandSite(cmd, script, source, where, owner)


def is_fly(word: Word | None) -> bool:
    return word is not None and word.text.rsplit("/", 1)[-1] in ("fly", "flyctl")


def fly_subcommand(cmd: Command) -> list[str]:
    """``["secrets", "set"]`` for ``fly secrets set …`` (global flags skipped); [] otherwise."""
    argv = cmd.effective_argv()
    if not argv or not is_fly(argv[0]):
        return []
    out: list[str] = []
    for w in argv[1:]:
        if w.text.startswith("-"):
            if out:
                break
            continue
        out.append(w.text)
        if len(out) == 2:
            break
    return out


def flag_value(argv: list[Word], *names: str) -> Word | str | None:
    """The value of the first of ``names`` (``--config X``, ``--config=X``, ``-c X``) in ``argv``.

    A ``Word`` when the value is a word of its own, the text after ``=`` otherwise.
    """
    for i, w in enumerate(argv):
        for name in names:
            if w.text == name and i + 1 < len(argv):
                return argv[i + 1]
            if name.startswith("--") and w.text.startswith(name + "="):
                return w.text[len(name) + 1 :]
    return None
