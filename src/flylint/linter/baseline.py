"""Baselines: accept today's findings, report only new ones.

A baseline file is JSON: ``{"version": 2, "algorithm": "flylint/v1", "paths":
"relative-to-baseline", "findings": [{"fingerprint", "code", "path"}]}``. It stores fingerprints
(hashes), never the flagged text, so a baseline can be committed even when it covers a secret.

Paths (in the entries and inside the fingerprints) are relative to the baseline file's own
directory, so a baseline named in a configuration matches the same findings whichever
directory flylint runs from. Version 1 files (paths relative to the directory they were written
from) are still read that way, relative to the working directory.
"""

from __future__ import annotations

import json
import os
from typing import Any

from flylint.linter.fingerprint import ALGORITHM, finding_path, fingerprints


class BaselineError(Exception):
    pass


MAX_BASELINE_BYTES = 32 * 1024 * 1024


def read_baseline(path: str) -> set[str]:
    """The fingerprints a baseline file accepts."""
    return _read(path)[0]


def _read(path: str) -> tuple[set[str], str | None]:
    """(fingerprints, the directory its paths are relative to; ``None``: the working directory)."""
    from flylint.base.files import read_limited

    try:
        raw, _ = read_limited(path, MAX_BASELINE_BYTES)
        data = json.loads(raw.decode("utf-8-sig"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline)") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise BaselineError(f"{path}: not a flylint baseline file (not UTF-8 at byte {exc.start})") from None
    except ValueError as exc:  # json.JSONDecodeError: its message names a position, never the text
        raise BaselineError(f"{path}: not a flylint baseline file (invalid JSON: {exc})") from None
    except RecursionError:
        raise BaselineError(f"{path}: not a flylint baseline file (JSON nested too deeply)") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a flylint baseline file")
    prints = {item["fingerprint"] for item in data["findings"]
              if isinstance(item, dict) and isinstance(item.get("fingerprint"), str)}
    base = os.path.dirname(os.path.abspath(path)) if data.get("version", 1) != 1 else None
    return prints, base


def split_baseline(findings: list[Any], path: str) -> tuple[list[Any], list[Any]]:
    """(findings not in the baseline, findings the baseline accepts)."""
    known, base = _read(path)
    prints = fingerprints(findings, relative_to=base)
    kept: list[Any] = []
    dropped: list[Any] = []
    for f in findings:
        (dropped if prints[id(f)] in known else kept).append(f)
    return kept, dropped


def apply_baseline(result: Any, path: str) -> int:
    """Drop findings recorded in the baseline; return how many were dropped."""
    result.findings, dropped = split_baseline(result.findings, path)
    return len(dropped)


def baseline_size(path: str) -> int:
    """How many findings a baseline file accepts."""
    return len(_read(path)[0])


def write_baseline(result: Any, path: str) -> int:
    base = os.path.dirname(os.path.abspath(path))
    prints = fingerprints(result.findings, relative_to=base)
    items = sorted(
        ({"fingerprint": prints[id(f)], "code": f.code, "path": finding_path(f, base)} for f in result.findings),
        key=lambda d: (d["path"], d["code"], d["fingerprint"]),
    )
    data = {"version": 2, "algorithm": ALGORITHM, "paths": "relative-to-baseline", "findings": items}
    from flylint.base.files import write_atomic

    if not os.path.isdir(base):
        raise BaselineError(f"{path}: cannot write the baseline: the folder {os.path.dirname(path) or '.'} "
                            "does not exist")
    try:
        write_atomic(path, (json.dumps(data, indent=2) + "\n").encode("utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline: {exc.strerror or exc}") from None
    return len(items)
