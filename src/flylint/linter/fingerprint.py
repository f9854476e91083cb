"""Stable finding fingerprints (used by baselines and SARIF ``partialFingerprints``).

Algorithm (``flylint/v1``): SHA-256 over ``code``, the file path, the whitespace-collapsed
text the finding points at (rules that report secrets supply a redacted text instead) and the
finding's occurrence number among findings with the same first three parts, in file order.
No line numbers go in, so inserting lines above a finding leaves its fingerprint unchanged,
and two identical findings in one file still get different fingerprints. The first 32 hex
digits are kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from flylint.linter.model import Finding

ALGORITHM = "flylint/v1"


def _normalise(text: str) -> str:
    return " ".join(text.split())


def fingerprints(findings: Iterable[Finding], relative_to: str | None = None) -> dict[int, str]:
    """Map ``id(finding)`` to its fingerprint.

    The path that goes in is the finding's display path (relative to the working directory),
    or, with ``relative_to``, the file's path relative to that directory (baselines: relative to
    the baseline file, so a baseline matches whatever directory flylint runs from)."""
    ordered = sorted(findings, key=Finding.sort_key)
    seen: dict[tuple[str, str, str], int] = {}
    out: dict[int, str] = {}
    for f in ordered:
        key = (f.code, finding_path(f, relative_to), _normalise(f.snippet))
        k = seen.get(key, 0)
        seen[key] = k + 1
        digest = hashlib.sha256("\0".join((*key, str(k))).encode("utf-8")).hexdigest()
        out[id(f)] = digest[:32]
    return out


def finding_path(f: Finding, relative_to: str | None = None) -> str:
    """The finding's path with ``/``: its display path, or relative to ``relative_to``."""
    if relative_to is None:
        return f.path
    import os

    path = f.source.path if f.source is not None else f.path
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(relative_to))
    except ValueError:  # another drive (Windows)
        rel = os.path.abspath(path)
    return rel.replace(os.sep, "/")
