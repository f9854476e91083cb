"""Where the bundled ``flyio`` Agent Skill is, found with ``os.path`` alone.

Linting needs a template file now and then (the ``.dockerignore`` a fix creates), and
``importlib.resources`` with ``pathlib`` would cost a single run more than the rest of that
rule. :func:`flylint.skill.templates.skill_dir` starts here and falls back to
``importlib.resources`` only when flylint is not installed as plain files (a zip import).
"""

from __future__ import annotations

import os

SKILL_NAME = "flyio"
#: the installed package directory (``…/flylint``); a wheel carries the skill in ``skills/``
PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
#: the repository root when flylint runs from a source checkout or an editable install
CHECKOUT_DIR = os.path.dirname(os.path.dirname(PACKAGE_DIR))


def skill_path() -> str | None:
    """The skill directory (holding ``SKILL.md``): the packaged copy first, then the checkout's."""
    for base in (PACKAGE_DIR, CHECKOUT_DIR):
        path = os.path.join(base, "skills", SKILL_NAME)
        if os.path.isfile(os.path.join(path, "SKILL.md")):
            return path
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
