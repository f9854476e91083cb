"""How often a rule is right: the SARIF ``precision`` band, measured where it can be.

GitHub code scanning reads ``properties.precision`` of a SARIF rule (``very-high``, ``high``,
``medium``, ``low``) and sorts alerts by it. flylint's value comes from hand-judged findings on
real projects: ``benchmarks/precision.py`` judges every default finding on the labelled corpus
(TP, FP, debatable) and writes the counts and the band of each rule that reported anything to
``flylint/data/precision.json``. A rule with no finding on the corpus keeps the band it
declares (``@rule(precision=...)``, ``high`` unless the rule says otherwise).

The band of a rule with ``n`` judged findings, counting a debatable finding as half right:
``score = (TP + debatable / 2) / n``; ``very-high`` when ``score >= 0.97`` over at least 10
findings, ``high`` from 0.90 (or from 0.97 over fewer findings), ``medium`` from 0.70, ``low``
below. The table is read only when a SARIF report is written.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

BANDS = ("very-high", "high", "medium", "low")
TABLE = "precision.json"
MIN_VERY_HIGH = 10  # judged findings needed before a rule can be called very-high


def band(tp: int, fp: int, debatable: int) -> str | None:
    """The band these counts support, ``None`` when nothing was judged."""
    n = tp + fp + debatable
    if n <= 0:
        return None
    score = (tp + debatable / 2) / n
    if score >= 0.97:
        return "very-high" if n >= MIN_VERY_HIGH else "high"
    if score >= 0.90:
        return "high"
    if score >= 0.70:
        return "medium"
    return "low"


@cache
def measured() -> dict[str, dict[str, Any]]:
    """``{code: {"tp", "fp", "debatable", "precision"}}`` from the shipped table ({} if absent)."""
    try:
        text = files("flylint").joinpath("data", TABLE).read_text(encoding="utf-8")
        rules = json.loads(text).get("rules", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return rules if isinstance(rules, dict) else {}


def rule_precision(meta: Any) -> str:
    """The band SARIF declares for a rule: measured when the corpus judged it, else declared."""
    entry = measured().get(meta.code)
    value = entry.get("precision") if isinstance(entry, dict) else None
    return value if value in BANDS else str(meta.precision)
