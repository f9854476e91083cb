"""Baselines: accept today's findings, report only new ones.

A baseline file is JSON: ``{"version": 1, "algorithm": "flylint/v1", "findings":
[{"fingerprint", "code", "path"}]}``. It stores fingerprints (hashes), never the flagged text,
so a baseline can be committed even when it covers a secret.
"""

from __future__ import annotations

import json
import os
from typing import Any

from flylint.linter.fingerprint import ALGORITHM, fingerprints


class BaselineError(Exception):
    pass


def read_baseline(path: str) -> set[str]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline)") from None
    except (OSError, ValueError) as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a flylint baseline file")
    return {str(item.get("fingerprint")) for item in data["findings"] if isinstance(item, dict)}


def split_baseline(findings: list[Any], path: str) -> tuple[list[Any], list[Any]]:
    """(findings not in the baseline, findings the baseline accepts)."""
    known = read_baseline(path)
    prints = fingerprints(findings)
    kept: list[Any] = []
    dropped: list[Any] = []
    for f in findings:
        (dropped if prints[id(f)] in known else kept).append(f)
    return kept, dropped


def apply_baseline(result: Any, path: str) -> int:
    """Drop findings recorded in the baseline; return how many were dropped."""
    result.findings, dropped = split_baseline(result.findings, path)
    return len(dropped)


def write_baseline(result: Any, path: str) -> int:
    prints = fingerprints(result.findings)
    items = sorted(
        ({"fingerprint": prints[id(f)], "code": f.code, "path": f.path} for f in result.findings),
        key=lambda d: (d["path"], d["code"], d["fingerprint"]),
    )
    data = {"version": 1, "algorithm": ALGORITHM, "findings": items}
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
        fh.write("\n")
    os.replace(tmp, path)
    return len(items)
