"""Output formats. Each module exposes ``render(result, options) -> str``.

Formats are imported only when chosen, so heavy libraries (sarif-om) stay off the start-up
path of the default text output.
"""

from __future__ import annotations

import importlib
from typing import Any

from flylint.base.records import field, record

FORMATS: dict[str, str] = {
    "text": "flylint.linter.output.text",
    "json": "flylint.linter.output.json",
    "sarif": "flylint.linter.output.sarif",
    "github": "flylint.linter.output.github",
    "junit": "flylint.linter.output.junit",
    "gitlab": "flylint.linter.output.gitlab",
}


@record
class OutputOptions:
    color: bool = False
    statistics: bool = False
    show_fixes: bool = False
    fixed: list[Any] = field(default_factory=list)  # applied fixes, for --show-fixes
    fix_hint: bool = True  # mention `--fix` for fixable findings
    unsafe_fixes: bool = False
    category: str | None = None  # SARIF: code scanning category (run.automationDetails.id)
    show_source: bool = False  # text: the flagged line with a caret
    quiet: bool = False  # text: findings only, no summary
    width: int | None = None  # text: wrap lines longer than this (a terminal's width)
    fix_run: bool = False  # --fix ran (show_fixes lists what it fixed, not what it would fix)


def render(result: Any, fmt: str, options: OutputOptions) -> str:
    module = importlib.import_module(FORMATS[fmt])
    return module.render(result, options)
