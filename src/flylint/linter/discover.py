"""Which files to lint, and what kind each one is.

Kinds: ``fly_toml`` (fly.toml, fly.<env>.toml, fly.json, fly.yaml …), ``dockerfile``
(Dockerfile, Dockerfile.<x>, <x>.Dockerfile, Containerfile), ``dockerignore``,
``shell`` (deploy scripts: ``deploy*.sh`` or any shell script that runs ``fly``/``flyctl``),
``workflow`` (``.github/workflows/*.yml|yaml``).

Walking a directory skips ``.git``, ``node_modules``, virtualenvs, caches and configured
excludes, and never follows symbolic links to directories. Files named on the command line
are always linted, whatever their name (a name that says nothing about the kind is sniffed).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.base.records import record
from flylint.linter.config import Settings
from flylint.linter.source import OVERLAY

_FLY_CONFIG = lazy(r"^(?:fly(?:[.\-_][A-Za-z0-9_.\-]+)?|[A-Za-z0-9_\-]+\.fly)\.(?:toml|json|ya?ml)$")
_DOCKERFILE = lazy(r"^(?:(?:Docker|Container)file(?:[.\-_][A-Za-z0-9_.\-]+)?"
                   r"|[A-Za-z0-9_.\-]+\.(?:Docker|Container)file|dockerfile)$", re.IGNORECASE)
_SHELL_EXT = (".sh", ".bash")
_FLY_COMMAND = lazy(r"(?m)^[^#\n]*?(?:^|[\s;&|(`$])(?:fly|flyctl)(?:\s+-\S+)*\s+[a-z]")
_SHEBANG = lazy(rb"^#!\s*(?:/usr)?(?:/local)?/bin/(?:env\s+)?(?:ba|da|z|k)?sh\b")
MAX_SNIFF_BYTES = 256 * 1024


@record(frozen=True, slots=True)
class Candidate:
    path: str
    kind: str
    explicit: bool = False


def classify_name(path: str) -> str | None:
    """The kind implied by a file's name and location alone (``None`` if it says nothing)."""
    name = os.path.basename(path)
    norm = path.replace("\\", "/")
    if name.endswith((".dockerignore", ".containerignore")) or name in (".dockerignore", ".containerignore"):
        return "dockerignore"
    if "/.github/workflows/" in "/" + norm and name.endswith((".yml", ".yaml")):
        return "workflow"
    if _FLY_CONFIG.match(name):
        return "fly_toml"
    if _DOCKERFILE.match(name) and not name.endswith((".md", ".txt", ".json", ".yml", ".yaml", ".sh")):
        return "dockerfile"
    return None


def _is_deploy_script(path: str, name: str) -> bool:
    lower = name.lower()
    if lower.startswith("deploy") and lower.endswith(_SHELL_EXT):
        return True
    try:
        if os.path.getsize(path) > MAX_SNIFF_BYTES:
            return False
        with open(path, "rb") as fh:
            head = fh.read(MAX_SNIFF_BYTES)
    except OSError:
        return False
    if not lower.endswith(_SHELL_EXT) and not _SHEBANG.match(head):
        return False
    if b"fly" not in head:
        return False
    return bool(_FLY_COMMAND.search(head.decode("utf-8", "replace")))


def classify(path: str, explicit: bool = False) -> str | None:
    kind = classify_name(path)
    if kind is not None:
        return kind
    name = os.path.basename(path)
    if name.lower().endswith(_SHELL_EXT) or "." not in name:
        if _is_deploy_script(path, name):
            return "shell"
        if explicit and name.lower().endswith(_SHELL_EXT):
            return "shell"
    if explicit:
        return _sniff(path)
    return None


def _sniff(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    if _SHEBANG.match(head):
        return "shell"
    text = head.decode("utf-8", "replace")
    if re.search(r"(?im)^\s*FROM\s+\S+", text) and re.search(r"(?im)^\s*(RUN|CMD|COPY|ENTRYPOINT)\s", text):
        return "dockerfile"
    if re.search(r"(?m)^\s*app\s*=|^\s*\[(http_service|build|env|deploy)\]|^\s*\[\[(services|vm|mounts)\]\]", text):
        return "fly_toml"
    return None


def _walk(root: str, settings: Settings) -> Iterator[Candidate]:
    stack = [root]
    while stack:
        d = stack.pop()
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        if any(e.name == "pyvenv.cfg" for e in entries) and d != root:
            continue
        if OVERLAY:  # files created by fixes that are not on disk yet
            on_disk = {e.name for e in entries}
            for path in sorted(OVERLAY):
                if os.path.dirname(path) == os.path.abspath(d) and os.path.basename(path) not in on_disk:
                    kind = classify_name(path)
                    if kind is not None:
                        yield Candidate(os.path.join(d, os.path.basename(path)), kind)
        subdirs: list[str] = []
        for entry in entries:
            path = entry.path
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not settings.is_excluded(path):
                        subdirs.append(path)
                    continue
                if not entry.is_file(follow_symlinks=True):
                    continue
            except OSError:
                continue
            if entry.is_symlink() and not _inside(os.path.realpath(path), root):
                continue
            if settings.is_excluded(path):
                continue
            kind = classify(path)
            if kind is not None:
                yield Candidate(path, kind)
        stack.extend(reversed(subdirs))


def _inside(path: str, root: str) -> bool:
    root = os.path.realpath(root)
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class PathNotFound(Exception):
    pass


def discover(paths: list[str], settings: Settings) -> list[Candidate]:
    """Files to lint under ``paths`` (files and directories), in a stable order, no duplicates."""
    out: list[Candidate] = []
    seen: set[str] = set()
    for p in paths:
        if os.path.isdir(p):
            found = _walk(p, settings)
        elif os.path.isfile(p):
            kind = classify(p, explicit=True)
            found = iter([Candidate(p, kind, True)]) if kind else iter(())
        else:
            raise PathNotFound(p)
        for cand in found:
            key = os.path.realpath(cand.path)
            if key not in seen:
                seen.add(key)
                out.append(cand)
    return out
