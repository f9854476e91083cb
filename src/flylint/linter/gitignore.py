"""``.gitignore`` and ``.git/info/exclude``, as git reads them, matched in linear time.

Inside a git repository, walking a directory skips what git ignores: the patterns of
``.git/info/exclude`` and of every ``.gitignore`` from the repository root down to the file's
directory, each relative to the directory of the file that holds it. The last matching
pattern wins, deeper files after higher ones (git's precedence); a folder that is ignored is
not entered, so nothing below it can be re-included (git's rule too). The global
``core.excludesFile`` is not read: what a repository ignores should not depend on the machine.

Pattern syntax (gitignore(5)): blank lines and ``#`` comments are skipped, ``\\#`` and ``\\!``
are literal, trailing spaces are dropped unless escaped, ``!`` re-includes, a trailing ``/``
matches folders only, a ``/`` at the start or in the middle anchors the pattern to its file's
directory (otherwise it matches a name at any depth), ``*`` and ``?`` never match ``/``,
``**/`` matches any number of folders and a trailing ``/**`` everything inside.

The patterns come from the repository, so they are untrusted: they are matched with the
automaton of :mod:`flylint.base.glob` (no backtracking regex), a file larger than
:data:`MAX_BYTES` is not read, and lines beyond :data:`MAX_PATTERNS` are ignored.
"""

from __future__ import annotations

import os

from flylint.base.glob import Glob, compile_glob
from flylint.base.records import record

MAX_BYTES = 1024 * 1024
MAX_PATTERNS = 20_000


@record(frozen=True, slots=True)
class Pattern:
    glob: Glob
    negate: bool
    dir_only: bool
    anchored: bool  # matched against the path relative to the base; else against the name


@record(frozen=True, slots=True)
class IgnoreFile:
    base: str  # absolute directory the patterns are relative to
    patterns: tuple[Pattern, ...]


def parse(text: str, base: str) -> IgnoreFile:
    """The patterns of one ignore file whose paths are relative to ``base``."""
    out: list[Pattern] = []
    for raw in text.splitlines()[:MAX_PATTERNS]:
        pattern = _parse_line(raw)
        if pattern is not None:
            out.append(pattern)
    return IgnoreFile(os.path.abspath(base), tuple(out))


def _parse_line(line: str) -> Pattern | None:
    line = _strip_trailing_spaces(line)
    if not line or line.startswith("#"):
        return None
    negate = False
    if line.startswith("!"):
        negate, line = True, line[1:]
    elif line.startswith(("\\!", "\\#")):
        line = line[1:]
    dir_only = line.endswith("/") and not line.endswith("\\/")
    line = line.rstrip("/") if dir_only else line
    if not line:
        return None
    anchored = "/" in line
    line = line.removeprefix("/")
    if not line:
        return None
    return Pattern(compile_glob(line, "docker"), negate, dir_only, anchored)


def _strip_trailing_spaces(line: str) -> str:
    stripped = line.rstrip(" \r")
    if len(stripped) < len(line) and stripped.endswith("\\") and not stripped.endswith("\\\\"):
        return stripped + " "  # "\ " keeps one (escaped) space
    return stripped


def read(path: str, base: str) -> IgnoreFile | None:
    """The ignore file at ``path`` (a regular file within :data:`MAX_BYTES`), or ``None``."""
    from flylint.base.files import read_limited

    try:
        data, _ = read_limited(path, MAX_BYTES)
    except OSError:
        return None
    return parse(data.decode("utf-8", "replace"), base)


def decide(files: list[IgnoreFile] | tuple[IgnoreFile, ...], path: str, is_dir: bool) -> bool | None:
    """``True`` ignored, ``False`` re-included, ``None`` no pattern matched ``path``."""
    path = os.path.abspath(path)
    name = os.path.basename(path)
    verdict: bool | None = None
    for f in files:
        prefix = f.base.rstrip(os.sep) + os.sep
        if not path.startswith(prefix):
            continue
        rel = path[len(prefix):].replace(os.sep, "/")
        for p in f.patterns:
            if p.dir_only and not is_dir:
                continue
            if p.glob.match(rel if p.anchored else name):
                verdict = not p.negate
    return verdict


class GitIgnores:
    """The ignore files that apply in each folder of one or more repositories (cached)."""

    def __init__(self) -> None:
        self._chains: dict[str, tuple[IgnoreFile, ...]] = {}
        self._repos: dict[str, str | None] = {}

    def _repo(self, directory: str) -> str | None:
        from flylint.linter.config import repository_root

        return repository_root(directory, self._repos)

    def chain(self, directory: str) -> tuple[IgnoreFile, ...]:
        """The ignore files whose patterns apply to entries of ``directory``, lowest precedence first."""
        directory = os.path.abspath(directory)
        got = self._chains.get(directory)
        if got is not None:
            return got
        repo = self._repo(directory)
        if repo is None:
            chain: tuple[IgnoreFile, ...] = ()
        elif directory == repo:
            files = [read(os.path.join(repo, ".git", "info", "exclude"), repo),
                     read(os.path.join(repo, ".gitignore"), repo)]
            chain = tuple(f for f in files if f is not None and f.patterns)
        else:
            parent = self.chain(os.path.dirname(directory))
            own = read(os.path.join(directory, ".gitignore"), directory)
            chain = (*parent, own) if own is not None and own.patterns else parent
        self._chains[directory] = chain
        return chain

    def ignored(self, path: str, is_dir: bool) -> bool:
        """Whether git ignores ``path`` itself (its folders are not looked at)."""
        path = os.path.abspath(path)
        return decide(self.chain(os.path.dirname(path)), path, is_dir) is True

    def ignored_within(self, path: str, top: str) -> bool:
        """Whether ``path`` or a folder between ``top`` (excluded) and it is ignored: what a
        walk of ``top`` would never reach."""
        path, top = os.path.abspath(path), os.path.abspath(top)
        if self.ignored(path, os.path.isdir(path)):
            return True
        d = os.path.dirname(path)
        while d != top and d.startswith(top.rstrip(os.sep) + os.sep):
            if self.ignored(d, True):
                return True
            d = os.path.dirname(d)
        return False
