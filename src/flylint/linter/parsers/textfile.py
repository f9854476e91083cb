"""Files read only by the secret rules (``env_file``, ``config_file``): no model beyond the text.

The secret rules scan them line by line (``input="source"``); the "parser" hands back the
:class:`~flylint.linter.source.SourceFile` so the engine treats them like any other kind.
"""

from __future__ import annotations

from flylint.linter.source import SourceFile


def parse_text(source: SourceFile) -> SourceFile:
    return source
