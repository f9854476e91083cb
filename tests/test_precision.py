"""Precision on the labelled real-project corpus, and the SARIF precision bands built from it.

The hand labels (``tests/precision/labels.json``) judge every default finding on
``../shared/corpus/projects`` (skipped when that folder is absent). A finding labelled FP
must not come back, a finding labelled TP must not disappear, an error-level finding must be
judged, and the SARIF ``precision`` of every rule the corpus measured must be the band its
judged findings support. After an intended change: ``python benchmarks/precision.py`` (and
judge what it lists as unlabelled).
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from functools import cache
from types import ModuleType
from typing import Any

import pytest
from conftest import REPO, requires_shared

from flylint.linter.output.sarif import rule_descriptor
from flylint.linter.precision import BANDS, band, measured
from flylint.linter.registry import load_all


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("precision_benchmark", REPO / "benchmarks" / "precision.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def _comparison() -> Any:
    script = _script()
    # the script's lookup (../shared beside the checkout or any folder above it, $FLYLINT_SHARED)
    corpus = script.default_corpus() or requires_shared("corpus/projects")
    return script, script.Comparison(script.lint_corpus(corpus), script.load_labels())


@pytest.fixture
def comparison() -> Any:
    return _comparison()


@pytest.mark.parametrize(("tp", "fp", "deb", "expected"), [
    (0, 0, 0, None),
    (10, 0, 0, "very-high"),
    (9, 0, 0, "high"),  # too few findings for very-high
    (97, 3, 0, "very-high"),
    (96, 4, 0, "high"),
    (90, 10, 0, "high"),
    (89, 11, 0, "medium"),
    (70, 30, 0, "medium"),
    (69, 31, 0, "low"),
    (0, 0, 6, "low"),  # nothing but debatable findings: half right
    (27, 0, 6, "high"),  # (27 + 3) / 33
    (1, 0, 1, "medium"),
])
def test_band_boundaries(tp: int, fp: int, deb: int, expected: str | None) -> None:
    assert band(tp, fp, deb) == expected


def test_sarif_precision_is_the_measured_band() -> None:
    table = measured()
    assert table, "flylint/data/precision.json is missing or empty (run benchmarks/precision.py)"
    rules = load_all()
    for code, entry in table.items():
        assert code in rules, f"{code} is in the precision table but is not a rule"
        assert entry["precision"] == band(entry["tp"], entry["fp"], entry["debatable"]), code
        assert rule_descriptor(rules[code]).properties["precision"] == entry["precision"], code
    for code, meta in rules.items():
        assert rule_descriptor(meta).properties["precision"] in BANDS
        if code not in table:
            assert rule_descriptor(meta).properties["precision"] == meta.precision


def test_the_table_file_is_what_the_script_writes() -> None:
    path = REPO / "src" / "flylint" / "data" / "precision.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"about", "rules"} and data["rules"] == measured()


def test_no_false_alarm_comes_back_and_no_true_finding_is_lost(comparison: Any) -> None:
    _, cmp = comparison
    problems = cmp.problems()
    assert not problems, "\n".join(problems[:40])


def test_no_error_is_judged_false_and_warnings_stay_precise(comparison: Any) -> None:
    script, cmp = comparison
    by_sev = cmp.counts("severity")
    assert by_sev.get("error", Counter())["FP"] == 0
    warning = script.precision(by_sev.get("warning", Counter()))
    assert warning is not None and warning >= 0.97, f"warning precision {warning:.1%} < 97 %"


def test_the_shipped_bands_are_today_s_measurement(comparison: Any) -> None:
    script, cmp = comparison
    today = {code: script.github_precision(c) for code, c in cmp.counts("code").items()}
    today = {code: value for code, value in today.items() if value != "unmeasured"}
    shipped = {code: entry["precision"] for code, entry in measured().items()}
    changed = {code: (shipped.get(code), today.get(code)) for code in set(today) | set(shipped)
               if shipped.get(code) != today.get(code)}
    assert not changed, (f"SARIF precision bands (shipped, measured today) differ: {changed}; "
                         "run python benchmarks/precision.py")
