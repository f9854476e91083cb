"""`--fix --unsafe-fixes` over a copy of every real fly.toml in the shared corpus.

For each file the fixed result must still parse (when the original did), keep every comment,
and differ from the original only where a fix put its edits. The last check is built from the
edits themselves, not from what changed: every fix proposed in any round is recorded with the
text it was computed against, and from that text we derive

* the key paths whose written text an edit replaced or cut into ("touched"): only values at or
  below these may change or disappear;
* the tables an edit inserted text into, and the table headers an inserted text writes: new
  keys may appear only at or below these.

Then the parsed original and the parsed result (``tomllib``, independent of flylint's own
parser) are compared leaf by leaf, and every difference must be explained. A fix that deletes
a neighbouring key, inserts a header in the middle of a table (moving the keys after it), or
is applied at the wrong offset therefore fails here, whatever the rule claims.
"""

from __future__ import annotations

import shutil
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import requires_shared

TomlPath = tuple[Any, ...]
class Recorder:
    """Wraps ``Linter.lint_paths`` to keep every round's findings."""

    def __init__(self, linter: Any) -> None:
        self.linter = linter
        self.rounds: list[Any] = []
        real = linter.lint_paths

        def lint_paths(paths: list[str], view: Any = None) -> Any:
            result = real(paths, view)
            self.rounds.append(result)
            return result

        linter.lint_paths = lint_paths


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    corpus = requires_shared("corpus/fly-toml")
    files = sorted(corpus.glob("*.toml"))
    if not files:
        pytest.skip(f"no *.toml files in {corpus}")
    from flylint.linter.config import Settings
    from flylint.linter.engine import Linter
    from flylint.linter.fix import run_fixes

    root = tmp_path_factory.mktemp("corpus")
    originals: dict[Path, str] = {}
    for src in files:
        dest = root / src.stem / "fly.toml"
        dest.parent.mkdir()
        shutil.copyfile(src, dest)
        originals[dest] = dest.read_text(encoding="utf-8")
    linter = Linter(Settings(select=["ALL"]))
    rec = Recorder(linter)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("os.fsync", lambda fd: None)  # durability is not under test here; speed is welcome
        run = run_fixes(linter, [str(root)], unsafe=True)
        after = {p: p.read_text(encoding="utf-8") for p in originals}

        linter2 = Linter(Settings(select=["ALL"]))
        run2 = run_fixes(linter2, [str(root)], unsafe=True)
    again = {p: p.read_text(encoding="utf-8") for p in originals}
    return {"root": root, "before": originals, "after": after, "again": again, "rounds": rec.rounds,
            "applied": run.applied, "applied2": run2.applied, "warnings": "\n".join(run.warnings),
            "warnings2": "\n".join(run2.warnings)}


def _parses(text: str) -> bool:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False
    return True


def test_corpus_fixes_were_exercised(corpus_run) -> None:
    # guards against a silent no-op: the corpus has files FLY001/FLY002/FLY003 fix
    changed = [p for p in corpus_run["before"] if corpus_run["before"][p] != corpus_run["after"][p]]
    assert len(changed) >= 10, corpus_run["warnings"]
    assert corpus_run["applied"]


def test_fixed_corpus_files_still_parse(corpus_run) -> None:
    broken = [str(p.parent.name) for p, text in corpus_run["before"].items()
              if _parses(text) and not _parses(corpus_run["after"][p])]
    assert not broken, f"fixes made these corpus files unparsable: {broken}"


def _comments(text: str) -> Counter[str]:
    full_line = Counter(line.strip() for line in text.splitlines() if line.strip().startswith("#"))
    from flylint.linter.parsers.toml_positions import index_toml

    anywhere = Counter(text[s:e].strip() for s, e in index_toml(text).comments) if _parses(text) else Counter()
    return full_line + Counter({f"any:{k}": v for k, v in anywhere.items()})


def test_every_comment_survives(corpus_run) -> None:
    lost: dict[str, list[str]] = {}
    for p, before in corpus_run["before"].items():
        missing = _comments(before) - _comments(corpus_run["after"][p])
        if missing:
            lost[p.parent.name] = sorted(missing)
    assert not lost, f"comments lost by fixes: {lost}"


def test_fixing_the_corpus_again_changes_nothing(corpus_run) -> None:
    changed = [p.parent.name for p in corpus_run["after"] if corpus_run["after"][p] != corpus_run["again"][p]]
    assert not changed, f"a second --fix changed {changed}: {corpus_run['applied2']}"


def test_no_fix_is_broken_or_non_converging(corpus_run) -> None:
    # the engine refuses fixes that are invalid, change nothing, break the TOML or never settle;
    # on real files that is a rule bug, named in a warning ("please report this")
    reports = [line for line in corpus_run["warnings"].splitlines() if "please report" in line or "converge" in line]
    assert not reports, "\n".join(reports)


# -- the "only what a fix touched" check ---------------------------------------------------
def _diff(a: Any, b: Any, path: TomlPath = ()) -> list[tuple[str, TomlPath]]:
    """Leaf-level differences: ('changed'|'removed'|'added', path)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[tuple[str, TomlPath]] = []
        for k in a:
            if k not in b:
                out.append(("removed", path + (k,)))
            else:
                out.extend(_diff(a[k], b[k], path + (k,)))
        out.extend(("added", path + (k,)) for k in b if k not in a)
        return out
    if isinstance(a, list) and isinstance(b, list):
        out = []
        for i in range(min(len(a), len(b))):
            out.extend(_diff(a[i], b[i], path + (i,)))
        out.extend(("added", path + (i,)) for i in range(len(a), len(b)))
        out.extend(("removed", path + (i,)) for i in range(len(b), len(a)))
        return out
    if type(a) is not type(b) or a != b:
        return [("changed", path)]
    return []


def _under(path: TomlPath, prefixes: set[TomlPath]) -> bool:
    return any(path[: len(p)] == p for p in prefixes)


def _edit_regions(text: str, start: int, end: int, content: str) -> tuple[set[TomlPath], set[TomlPath]]:
    """(touched paths, paths where additions are allowed) for one edit of ``text``."""
    from flylint.linter.parsers.toml_positions import index_toml

    index = index_toml(text)
    touched: set[TomlPath] = set()
    for path, entry in index.entries.items():
        lo, hi = min(entry.key_start, entry.value_start), entry.value_end
        if (start < hi and lo < end) if start < end else (lo < start < hi):
            touched.add(tuple(path))
    grows: set[TomlPath] = set(touched)
    enclosing: TomlPath = ()
    for h in index.headers:
        if h.start <= start:
            enclosing = tuple(h.path)
    grows.add(enclosing)
    # headers the inserted text writes, with array-of-tables indexes resolved by indexing the
    # text with this one edit applied
    new_text = text[:start] + content + text[end:]
    try:
        tomllib.loads(new_text)
    except tomllib.TOMLDecodeError:
        return touched, grows
    for h in index_toml(new_text).headers:
        if start <= h.start < start + len(content):
            grows.add(tuple(h.path))
    return touched, grows


def test_fixes_change_only_what_they_touch(corpus_run) -> None:
    root = corpus_run["root"]
    touched: dict[str, set[TomlPath]] = {}
    grows: dict[str, set[TomlPath]] = {}
    seen: set[tuple[Any, ...]] = set()
    for result in corpus_run["rounds"]:
        for f in result.findings:
            if f.fix is None or f.source is None or not f.path.endswith("fly.toml"):
                continue
            text = f.source.text
            key = (f.path, text, f.fix.edits)
            if key in seen or not _parses(text):
                continue
            seen.add(key)
            name = Path(f.source.path).resolve().parent.name
            for e in f.fix.edits:
                if e.path is not None and Path(e.path).resolve() != Path(f.source.path).resolve():
                    continue  # edits of other files (a created .dockerignore, ...)
                t, g = _edit_regions(text, e.start, e.end, e.content)
                touched.setdefault(name, set()).update(t)
                grows.setdefault(name, set()).update(g)
    assert root.is_dir()
    problems: list[str] = []
    for p, before in corpus_run["before"].items():
        after = corpus_run["after"][p]
        if before == after or not (_parses(before) and _parses(after)):
            continue
        name = p.parent.name
        t, g = touched.get(name, set()), grows.get(name, set())
        for kind, path in _diff(tomllib.loads(before), tomllib.loads(after)):
            # a new key is fine at or below a place a fix wrote to, or when it is the start of
            # a header the fix wrote (the new [[services.tcp_checks]] adds services.N.tcp_checks)
            ok = _under(path, t) if kind in ("changed", "removed") else (
                _under(path, t | g) or any(x[: len(path)] == path for x in g))
            if not ok:
                problems.append(f"{name}.toml: {kind} {'.'.join(map(str, path))}, which no fix edited")
    assert not problems, "\n".join(problems)
