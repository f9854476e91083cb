"""Build hook: ship the Agent Skill in the wheel.

The skill's source of truth is ``skills/flyio/`` at the repository root (SKILL.md,
REFERENCE.md, examples/ with dotfiles and executable scripts). ``build_py`` copies it to
``flylint/skills/flyio/`` in the build tree, so every wheel (built from the checkout or from
the sdist, which grafts ``skills/`` in MANIFEST.in) carries it. Editable installs read the
checkout instead (see ``flylint.linter.templates.skill_dir``). All other metadata lives in
pyproject.toml.
"""

import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
SKILL_SRC = os.path.join(HERE, "skills", "flyio")
SKILL_DEST = os.path.join("flylint", "skills", "flyio")
SKIP = {"__pycache__", ".DS_Store"}


def _skill_files():
    for root, dirs, files in os.walk(SKILL_SRC):
        dirs[:] = sorted(d for d in dirs if d not in SKIP)
        for name in sorted(files):
            if name in SKIP or name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(root, name)
            yield path, os.path.relpath(path, SKILL_SRC)


class build_py_with_skill(build_py):
    """build_py that also copies skills/flyio into the package (modes and dotfiles kept)."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # the editable finder points at the checkout, which has skills/ already
        if not os.path.isfile(os.path.join(SKILL_SRC, "SKILL.md")):
            raise RuntimeError(f"skills/flyio/SKILL.md is missing from {HERE}; cannot build flylint")
        dest_root = os.path.join(self.build_lib, SKILL_DEST)
        if os.path.isdir(dest_root):
            shutil.rmtree(dest_root)  # no stale files from an earlier build
        for src, rel in _skill_files():
            dest = os.path.join(dest_root, rel)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copy2(src, dest)

    def get_outputs(self, include_bytecode=1):
        outputs = list(super().get_outputs(include_bytecode))
        if not getattr(self, "editable_mode", False) and os.path.isdir(SKILL_SRC):
            outputs += [os.path.join(self.build_lib, SKILL_DEST, rel) for _, rel in _skill_files()]
        return outputs


setup(cmdclass={"build_py": build_py_with_skill})
