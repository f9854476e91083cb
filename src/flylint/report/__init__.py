"""Checklist reports: ``flylint report [--framework review|soc2|gdpr|hipaa|pci-dss|cis-docker|all]``.

- ``controls.py``  the catalogue (the one data file): frameworks, controls, mapping strength and
                   rationale; the control -> rules mapping comes from the rules' ``controls=(...)``
- ``build.py``     runs the mapped rules once and decides each control's status (pass, fail,
                   excepted, not assessed, not applicable, manual)
- ``markdown.py``, ``html.py``, ``json.py``  renderers (``render(report) -> str``); ``pdf.py``
                   prints the HTML with headless Chromium
- ``cli.py``       the click command, imported only when ``flylint report`` runs

See ``docs/compliance.md`` for how statuses are decided and the JSON schema.
"""

from __future__ import annotations

RENDERERS = {
    "markdown": "flylint.report.markdown",
    "html": "flylint.report.html",
    "json": "flylint.report.json",
}


def render(report: object, fmt: str) -> str:
    import importlib

    return str(importlib.import_module(RENDERERS[fmt]).render(report))
