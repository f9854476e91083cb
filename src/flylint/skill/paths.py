"""Where the bundled ``flyio`` Agent Skill is, found with ``os.path`` alone.

The skill's source is ``skills/flyio/`` at the root of the repository. The wheel carries it
as ``flylint/skills/flyio/`` (a path mapping in pyproject.toml), so an installed flylint finds
it beside its own modules. Run from a source tree instead — an editable install (``pip install
-e .`` puts ``src/`` on the path) or ``PYTHONPATH=src`` — the package is ``<root>/src/flylint``
and has no copy: the skill is the checkout's ``<root>/skills/flyio``, so an edit to a template
shows at once and no second copy can go stale. Those are the two places; nothing else is
searched.

Linting needs a template file now and then (the ``.dockerignore`` a fix creates), and
``importlib.resources`` with ``pathlib`` would cost a single run more than the rest of that
rule. :func:`flylint.skill.templates.skill_dir` starts here and falls back to
``importlib.resources`` only when flylint is not installed as plain files (a zip import).
"""

from __future__ import annotations

import os

SKILL_NAME = "flyio"
#: the package directory (``…/flylint``); in a wheel it holds the skill in ``skills/``
PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


def source_root(package_dir: str) -> str | None:
    """The checkout root when ``package_dir`` is ``<root>/src/flylint`` of a source tree, else ``None``."""
    src = os.path.dirname(package_dir)
    root = os.path.dirname(src)
    if os.path.basename(src) == "src" and os.path.isfile(os.path.join(root, "pyproject.toml")):
        return root
    return None


def skill_path() -> str | None:
    """The skill directory (holding ``SKILL.md``): the wheel's copy, or a source tree's ``skills/``."""
    packaged = os.path.join(PACKAGE_DIR, "skills", SKILL_NAME)
    if os.path.isfile(os.path.join(packaged, "SKILL.md")):
        return packaged
    root = source_root(PACKAGE_DIR)
    if root is not None:
        checkout = os.path.join(root, "skills", SKILL_NAME)
        if os.path.isfile(os.path.join(checkout, "SKILL.md")):
            return checkout
    return None


def template_text(template: str, name: str) -> str | None:
    """The text of file ``name`` of template ``template``, or None when it cannot be read."""
    root = skill_path()
    if root is None:
        return None
    try:
        with open(os.path.join(root, "examples", template, name), encoding="utf-8") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError):
        return None
