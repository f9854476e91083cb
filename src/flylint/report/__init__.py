"""Compliance checklist reports: ``flylint report --framework soc2|gdpr|hipaa|pci-dss|cis-docker``.

- ``controls.py``  the catalogue: frameworks, controls, and the control -> rules mapping taken
                   from the rules' ``controls=(...)`` metadata
- ``build.py``     runs the mapped rules over the paths and decides each control's status
- ``markdown.py``, ``html.py``, ``json.py``  renderers (``render(report) -> str``)
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
