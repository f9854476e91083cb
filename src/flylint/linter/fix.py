"""`flylint --fix` / `--diff`: apply fixes to a fixed point, then write the changed files safely.

Rounds
    Each round lints through a :class:`~flylint.linter.source.FileView` holding the fixed texts
    (one view per attempt, so nothing is written yet), takes the applicable fixes (safe ones; unsafe ones too with
    ``--unsafe-fixes``) and applies a non-overlapping set of them: fixes are taken in order of
    file and position, and one whose edits overlap an edit already taken waits for the next
    round, when it is recomputed against the new text. A fix whose edits span several files is
    taken whole or not at all. Every changed file must still parse if it parsed before (and a
    created file must parse); otherwise the fixes that break it are dropped and named in a
    warning. Rounds repeat until nothing is left to fix, at most :data:`MAX_ROUNDS` times.
    The view is incremental: a round reads, parses and lints again only the projects its
    changes may affect (:func:`flylint.linter.engine._untouched`); the others keep their
    findings. Files are looked up by path in an index made once per round.

Convergence
    If fixes are still being applied after the last round, the rules whose fixes were applied
    in that round and are still pending (a fix that never makes its finding go away) are named
    in a warning and left out, and the whole loop starts again from the files as read, without
    them (at most :data:`MAX_ATTEMPTS` times; if it still does not settle, nothing is written).

Writing
    Nothing touches the disk until the loop is over. A changed file is left untouched, with a
    warning, when it changed on disk since it was read, is read-only, or is (or resolves through
    a symlink to) a file outside the checked paths and their project directories. Files tied
    together by a fix that edits several of them form one group that is written all or nothing:
    if one member is refused, none is written. For each group every new content is first
    written in full to a temporary file in the target's own directory (same mode and owner as the
    original) and flushed; only when all of them are complete are they renamed over the
    originals. If a temporary file cannot be written, the temporary files are removed and no
    file of the group changes; if a rename fails midway, the files already renamed are put back
    from the bytes read at the start. Other groups are not affected: when the second of three
    independent files cannot be written, the first and the third are still fixed and the
    second is reported and left as it was. Line endings (LF, CRLF, even mixed: lines a fix did
    not touch keep their own ending), a UTF-8 BOM, a missing final newline and the file mode
    are kept. A file reached through a symlink inside the project is written at the link's
    target, so the link stays a link. (Like every atomic writer, the rename gives the file a new
    inode: other hard links to it keep the old content.)

``--diff`` runs the same loop and the same checks, and returns what would be written as unified
diffs (created files from ``/dev/null``) instead of writing.

Nothing here prints: warnings (refused files, broken or non-converging fixes) are returned in
:attr:`FixRun.warnings` for the command line to show.
"""

from __future__ import annotations

import difflib
import os
import stat
from typing import TYPE_CHECKING, Any

from flylint.base import collect
from flylint.base.files import write_temp as _write_temp  # module name: tests slow it down
from flylint.base.records import field, record
from flylint.linter.model import Edit, Finding
from flylint.linter.source import FileView, SourceFile

if TYPE_CHECKING:
    from flylint.linter.engine import Linter, LintResult
    from flylint.linter.project import ProjectFile

MAX_ROUNDS = 10
MAX_ATTEMPTS = 4


# -- bookkeeping ---------------------------------------------------------------------------
@record
class _Original:
    """A file as it was when the fix loop first touched it."""

    path: str  # absolute path as linted
    display: str
    text: str | None  # LF-normalised text; None when the file does not exist (created by a fix)
    raw: bytes | None = None


@record
class _Applied:
    description: str  # "path:line:col: CODE title"
    code: str
    files: frozenset[str]


@record
class FixOutcome:
    applied: list[_Applied] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)

    def problem(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)


@record
class _Plan:
    """One pending fix resolved to absolute targets: target -> its edits in that file."""

    finding: Finding
    groups: dict[str, list[Edit]]
    order: int

    @property
    def key(self) -> tuple[Any, ...]:
        return _fix_key(self.finding)

    def edit_key(self) -> frozenset[tuple[str, Edit]]:
        return frozenset((t, e) for t, edits in self.groups.items() for e in edits)

    def label(self) -> str:
        f = self.finding
        assert f.fix is not None
        return f"{f.code} ({f.fix.title})"


@record
class FixRun:
    """What :func:`run_fixes` did."""

    result: LintResult  # the lint afterwards (of the fixed text with ``diff_only``)
    applied: list[str]  # "path:line:col: CODE title" of each applied fix, by file
    diffs: list[str]  # with ``diff_only``: unified diffs of what --fix would write
    warnings: list[str]  # refused files, broken or non-converging fixes


@record
class _LoopState:
    result: LintResult
    view: FileView  # the fixed texts (absolute path -> text), nothing written yet
    originals: dict[str, _Original]
    applied: list[_Applied]
    culprits: set[str] = field(default_factory=set)
    unfinished: set[str] = field(default_factory=set)
    _files: dict[str, ProjectFile] | None = None
    _files_of: LintResult | None = None

    def file_at(self, target: str) -> ProjectFile | None:
        """The file of the current result at the absolute path ``target`` (indexed once per result)."""
        if self._files is None or self._files_of is not self.result:
            self._files = _index(self.result)
            self._files_of = self.result
        return self._files.get(target)


def _index(result: LintResult) -> dict[str, ProjectFile]:
    files: dict[str, ProjectFile] = {}
    for project in result.projects:
        for pf in project.files:
            files.setdefault(os.path.abspath(pf.path), pf)
    return files


def _fix_key(f: Finding) -> tuple[Any, ...]:
    assert f.fix is not None
    return (f.code, f.path, f.fix.title, f.fix.edits)


def _applicable(f: Finding, unsafe: bool) -> bool:
    return f.fix is not None and (f.fix.is_safe or unsafe) and bool(f.fix.edits)


# -- the public entry point ----------------------------------------------------------------
def run_fixes(linter: Linter, paths: list[str], unsafe: bool = False, diff_only: bool = False,
              full_result: bool = True) -> FixRun:
    """Fix ``paths``; return the lint afterwards, the applied fixes, diffs and warnings.

    With ``diff_only`` nothing is written: the result is the lint of the fixed text and the
    diffs say what ``--fix`` would write. The rounds run only the rules that can fix something
    (``linter.fixable_only``); the result is a lint with every rule afterwards, unless
    ``diff_only`` and not ``full_result`` (a caller that shows only the diffs), when it holds
    only the findings with a fix.
    """
    outcome = FixOutcome()
    excluded: set[str] = set()
    restore, linter.fixable_only = linter.fixable_only, True
    try:
        # each round's lint settles what it keeps (Linter.lint_projects): given back at the end
        with collect.holding():
            state = _attempts(linter, paths, unsafe, excluded, outcome)
    finally:
        linter.fixable_only = restore
    if state.unfinished:
        outcome.problem(
            f"not every fix could be applied within {MAX_ROUNDS} rounds "
            f"({', '.join(sorted(state.unfinished))}); run the command again to apply the rest"
        )
    refused = _commit(state, paths, outcome, diff_only)
    applied = [a for a in state.applied if not (a.files & refused)]
    result = state.result
    if not diff_only:
        result = linter.lint_paths(paths)  # what is left, as it is on disk now
    elif full_result:
        fixed = FileView()  # the fixed texts, linted with every rule
        for path in state.view.paths():
            text = state.view.get(path)
            if text is not None:
                fixed[path] = text
        result = linter.lint_paths(paths, fixed)
    applied.sort(key=lambda a: a.description.split(":", 1)[0])  # by file; round order within one
    return FixRun(result, [a.description for a in applied], outcome.diffs, outcome.problems)


def _attempts(linter: Linter, paths: list[str], unsafe: bool, excluded: set[str], outcome: FixOutcome
              ) -> _LoopState:
    """The fix loop, started again without the fixes that do not converge (see the module docstring)."""
    state: _LoopState | None = None
    for attempt in range(MAX_ATTEMPTS):
        state = _fix_loop(linter, paths, unsafe, excluded, outcome)  # a fresh view per attempt
        if not state.culprits:
            break
        codes = ", ".join(sorted(state.culprits))
        excluded |= state.culprits
        if attempt + 1 < MAX_ATTEMPTS:
            outcome.problem(
                f"the fix of {codes} did not converge after {MAX_ROUNDS} rounds (it keeps changing the "
                f"file without making its finding go away); {codes} was left out and the other fixes "
                "were applied again from the files as read; please report this"
            )
        else:
            outcome.problem(f"fixes did not converge after {MAX_ATTEMPTS} attempts ({codes}); "
                            "nothing was written; please report this")
            state.originals = {}
            state.applied = []
    assert state is not None
    return state


# -- the loop ------------------------------------------------------------------------------
def _fix_loop(linter: Linter, paths: list[str], unsafe: bool, excluded: set[str], outcome: FixOutcome
              ) -> _LoopState:
    view = FileView(incremental=True)  # each round re-lints only the projects its fixes touched
    state = _LoopState(linter.lint_paths(paths, view), view, {}, [])
    blocked: set[str] = set()  # targets that changed on disk since they were read
    bad: set[tuple[Any, ...]] = set()  # fixes found broken (invalid, no-op, break parsing)
    seen_applied: set[tuple[str, str, str]] = set()  # (code, path, message) of findings fixed so far
    recent: list[set[str]] = []  # codes applied in each round
    for _round in range(MAX_ROUNDS):
        pending = [f for f in state.result.findings
                   if _applicable(f, unsafe) and f.code not in excluded and _fix_key(f) not in bad]
        if not pending:
            return state
        plans, texts = _plans(pending, state, blocked, bad, outcome)
        chosen, new_texts = _choose(plans, texts, state, bad, outcome)
        if not new_texts:
            return state  # what is pending cannot be applied (refused or broken): a fixed point
        for target, text in new_texts.items():
            view[target] = text
        codes_this_round: set[str] = set()
        for plan, _duplicate_of in chosen:
            f = plan.finding
            assert f.fix is not None
            codes_this_round.add(f.code)
            seen_applied.add((f.code, f.path, f.message))
            state.applied.append(_Applied(f"{f.path}:{f.span.line}:{f.span.column}: {f.code} {f.fix.title}",
                                          f.code, frozenset(plan.groups)))
        recent.append(codes_this_round)
        state.result = linter.lint_paths(paths, view)
    still = [f for f in state.result.findings
             if _applicable(f, unsafe) and f.code not in excluded and _fix_key(f) not in bad]
    # a finding that was fixed and is back (or a rule fixed in each of the last rounds and still
    # pending) means the fix does not converge; anything else merely needs more rounds
    culprits = {f.code for f in still if (f.code, f.path, f.message) in seen_applied}
    if not culprits:
        culprits = {f.code for f in still} & recent[-1].intersection(*recent[-3:-1])
    state.culprits = culprits
    state.unfinished = {f.code for f in still} - culprits
    return state


def _plans(pending: list[Finding], state: _LoopState, blocked: set[str], bad: set[tuple[Any, ...]],
           outcome: FixOutcome) -> tuple[list[_Plan], dict[str, str | None]]:
    """Resolve and validate the pending fixes; snapshot every file they touch."""
    texts: dict[str, str | None] = {}
    plans: list[_Plan] = []
    for order, f in enumerate(pending):
        assert f.fix is not None and f.source is not None
        base = os.path.abspath(f.source.path)
        groups: dict[str, list[Edit]] = {}
        for e in f.fix.edits:
            target = os.path.abspath(e.path) if e.path else base
            groups.setdefault(target, []).append(e)
        plan = _Plan(f, groups, order)
        for target in groups:
            if target not in texts:
                texts[target] = _current_text(target, state)
                if target not in state.originals and target not in blocked:
                    _remember(target, texts[target], state, blocked, outcome)
        if any(t in blocked for t in groups):
            continue
        why = _invalid(plan, texts)
        if why is not None:
            bad.add(plan.key)
            outcome.problem(f"{f.path}: the fix of {plan.label()} {why}; it was skipped, please report this")
            continue
        plans.append(plan)
    return plans, texts


def _remember(target: str, current: str | None, state: _LoopState, blocked: set[str],
              outcome: FixOutcome) -> None:
    """Snapshot ``target`` from disk; it must still be what the rules saw."""
    snap = _snapshot(target)
    if current is None and snap.text is not None:
        return  # exists but cannot be read: the fix is refused as invalid
    if snap.text != current:
        blocked.add(target)
        outcome.problem(f"{snap.display}: changed on disk while it was being checked; left untouched")
        return
    state.originals[target] = snap


def _invalid(plan: _Plan, texts: dict[str, str | None]) -> str | None:
    """Why the fix cannot be applied as given, or ``None``."""
    noop = True
    for target, edits in plan.groups.items():
        current = texts.get(target)
        creates = [e for e in edits if e.create]
        if creates:
            if len(edits) != 1:
                return "mixes creating a file with editing it"
            if current is not None or os.path.lexists(target):
                return f"would create {_display(target)}, which already exists"
            if creates[0].content:
                noop = False
            continue
        if current is None:
            return f"edits {_display(target)}, which does not exist or cannot be read"
        spans = sorted((e.start, e.end) for e in edits)
        for e in edits:
            if not (0 <= e.start <= e.end <= len(current)):
                return f"has an edit outside the file ({e.start}..{e.end} of {len(current)} characters)"
            if current[e.start:e.end] != e.content:
                noop = False
        if any(_overlaps(a, b) for i, a in enumerate(spans) for b in spans[i + 1:]):
            return "has edits that overlap each other"
    if noop:
        return "changes nothing"
    return None


def _choose(plans: list[_Plan], texts: dict[str, str | None], state: _LoopState, bad: set[tuple[Any, ...]],
            outcome: FixOutcome) -> tuple[list[tuple[_Plan, _Plan | None]], dict[str, str]]:
    """A non-overlapping set of whole fixes whose result still parses, and the new texts."""
    rejected: set[int] = set()
    while True:
        chosen: list[tuple[_Plan, _Plan | None]] = []
        taken: dict[str, list[tuple[int, int]]] = {}
        edits_by_file: dict[str, list[Edit]] = {}
        seen: dict[frozenset[tuple[str, Edit]], _Plan] = {}
        for plan in sorted(plans, key=_plan_order):
            if plan.order in rejected:
                continue
            ekey = plan.edit_key()
            if ekey in seen:  # two findings, one identical fix: applied once, counted for both
                chosen.append((plan, seen[ekey]))
                continue
            if any(_overlaps((e.start, e.end), r) for t, edits in plan.groups.items() for e in edits
                   for r in taken.get(t, ())):
                continue  # waits for the next round
            for t, edits in plan.groups.items():
                taken.setdefault(t, []).extend((e.start, e.end) for e in edits)
                edits_by_file.setdefault(t, []).extend(edits)
            seen[ekey] = plan
            chosen.append((plan, None))
        new_texts: dict[str, str] = {}
        broken: list[tuple[_Plan, str]] = []
        for target, edits in edits_by_file.items():
            before = texts[target]
            after = _apply_edits(before or "", edits)
            kind = _kind_of(target, state)
            # a fix must never make a parsable file unparsable, nor create an unparsable file
            if _parsed_before(target, kind, before, state) is not False \
                    and _parses(target, kind, after, state.view) is False:
                takers = [p for p, dup in chosen if dup is None and target in p.groups]
                broken.extend((p, target) for p in _culprits_for(target, kind, before, takers))
                continue
            if after != before:
                new_texts[target] = after
        if not broken:
            return chosen, new_texts
        for plan, target in broken:
            rejected.add(plan.order)
            bad.add(plan.key)
            outcome.problem(f"{plan.finding.path}: the fix of {plan.label()} would make {_display(target)} "
                            "unparsable; it was skipped, please report this")


def _culprits_for(target: str, kind: str, before: str | None, plans: list[_Plan]) -> list[_Plan]:
    """Add the fixes one at a time; those after which the file no longer parses are culprits."""
    keep: list[Edit] = []
    culprits: list[_Plan] = []
    for plan in sorted(plans, key=_plan_order):
        trial = keep + plan.groups[target]
        if _parses(target, kind, _apply_edits(before or "", trial)):
            keep = trial
        else:
            culprits.append(plan)
    return culprits or plans


def _plan_order(plan: _Plan) -> tuple[str, int, int]:
    first = min(plan.groups)
    return (first, min(e.start for e in plan.groups[first]), plan.order)


def _apply_edits(text: str, edits: list[Edit]) -> str:
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        if e.create:
            return e.content
        text = text[: e.start] + e.content + text[e.end :]
    return text


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two edit ranges conflict. Touching ranges do not, except two insertions at one
    point (their order would be arbitrary) and an insertion strictly inside a replaced range."""
    if a[0] == a[1] and b[0] == b[1]:
        return a[0] == b[0]
    if a[0] == a[1]:
        return b[0] < a[0] < b[1]
    if b[0] == b[1]:
        return a[0] < b[0] < a[1]
    return a[0] < b[1] and b[0] < a[1]


def _parsed_before(target: str, kind: str, before: str | None, state: _LoopState) -> bool | None:
    """:func:`_parses` of the text a round started from: the lint already knows the answer."""
    pf = state.file_at(target)
    if (before is not None and pf is not None and pf.kind == kind and pf.source is not None
            and pf.unreadable is None and pf.source.text == before):
        return pf.error is None
    return _parses(target, kind, before)


def _parses(path: str, kind: str, text: str | None, view: FileView | None = None) -> bool | None:
    """Whether ``text`` parses as ``kind`` (``None`` when there is nothing to parse). The fix
    loop's view keeps the result, so the next round does not parse the fixed text again."""
    from flylint.linter.parsers import ParseError
    from flylint.linter.project import PARSERS, parser_for

    if text is None or kind not in PARSERS:
        return None
    source = SourceFile(path, text, kind=kind)
    try:
        model = parser_for(kind)(source)
    except ParseError:
        return False
    except Exception:
        return False
    if view is not None:
        view.remember_parse(source, kind, model)
    return True


def _kind_of(target: str, state: _LoopState) -> str:
    pf = state.file_at(target)
    if pf is not None:
        return pf.kind
    from flylint.linter.discover import classify_name

    return classify_name(target) or ""


def _current_text(target: str, state: _LoopState) -> str | None:
    if target in state.view:
        return state.view.get(target)
    pf = state.file_at(target)
    if pf is not None:
        if pf.source is not None and pf.unreadable is None:
            return pf.source.text
        return None
    if os.path.isfile(target):
        try:
            return SourceFile.read(target).text
        except Exception:
            return None
    return None


def _snapshot(target: str) -> _Original:
    if not os.path.lexists(target):
        return _Original(target, _display(target), None)
    try:
        with open(target, "rb") as fh:
            raw = fh.read()
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return _Original(target, _display(target), "\0unreadable")  # never equal to a linted text
    return _Original(target, _display(target), text, raw)


def _display(path: str) -> str:
    from flylint.linter.source import display_path

    return display_path(path)


# -- turning the fixed text back into bytes ------------------------------------------------
def _final_text(orig: _Original, new: str) -> str:
    """``new`` as it will be written: a file that had no final newline still has none."""
    if orig.text and not orig.text.endswith("\n") and new.endswith("\n") and new != orig.text:
        new = new[:-1]
    return new


def _encode(orig: _Original, text: str) -> bytes:
    """Bytes for ``text`` in the original's format: BOM, and each line's own line ending."""
    raw = orig.raw or b""
    bom = raw.startswith(b"\xef\xbb\xbf")
    if b"\r\n" in raw:
        old_lines = raw.decode("utf-8-sig").split("\n")
        old_body = old_lines[:-1]  # every line followed by "\n" (the last element is the tail)
        crlf = sum(1 for line in old_body if line.endswith("\r"))
        if crlf == len(old_body):
            text = text.replace("\n", "\r\n")
        else:  # mixed endings: untouched lines keep theirs, new lines get the commoner one
            default = "\r" if crlf * 2 >= len(old_body) else ""
            norm_body = [line.removesuffix("\r") for line in old_body]
            new_lines = text.split("\n")
            new_body, new_tail = new_lines[:-1], new_lines[-1]
            out: list[str] = []
            sm = difflib.SequenceMatcher(None, norm_body, new_body, autojunk=False)
            for op, i1, i2, j1, j2 in sm.get_opcodes():
                if op == "equal":
                    out.extend(old_body[i1:i2])
                    continue
                for k, line in enumerate(new_body[j1:j2]):  # an edited line keeps its own ending
                    out.append(line + ("\r" if old_body[i1 + k].endswith("\r") else "") if i1 + k < i2
                               else line + default)
            text = "".join(line + "\n" for line in out) + new_tail
    data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data


# -- writing -------------------------------------------------------------------------------
def _roots(paths: list[str], result: LintResult) -> list[str]:
    """Directories fixes may write into: the checked paths and their projects' directories."""
    roots: set[str] = set()
    for p in paths:
        ap = os.path.abspath(p)
        roots.add(os.path.realpath(ap) if os.path.isdir(ap) else os.path.realpath(os.path.dirname(ap)))
    for project in result.projects:
        roots.add(os.path.realpath(project.root))
    return sorted(roots)


def _inside(path: str, roots: list[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def _refusal(orig: _Original, roots: list[str]) -> str | None:
    """Why ``orig`` must not be written now, or ``None``."""
    target = orig.path
    if orig.text is None:
        if os.path.lexists(target):
            return "appeared on disk while fixing; not overwritten"
        parent = os.path.realpath(os.path.dirname(target))
        if not _inside(parent, roots):
            return "would be created outside the checked paths; not created"
        return None
    real = os.path.realpath(target)
    if not _inside(real, roots):
        if real != os.path.abspath(target):
            return "is a symlink that leads outside the checked paths; left untouched"
        return "is outside the checked paths; left untouched"
    try:
        st = os.stat(real)
        if not stat.S_ISREG(st.st_mode):
            return "is no longer a regular file; left untouched"
        with open(real, "rb") as fh:
            current = fh.read()
    except OSError as exc:
        return f"can no longer be read ({exc.strerror}); left untouched"
    if current != orig.raw:
        return "changed on disk while fixing; left untouched"
    if not (st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(real, os.W_OK):
        return "is read-only; left untouched"
    return None


def _commit(state: _LoopState, paths: list[str], outcome: FixOutcome, diff_only: bool) -> set[str]:
    """Write (or diff) every changed file; return the targets that were refused."""
    changes: dict[str, str] = {}
    for target, orig in state.originals.items():
        new = state.view.get(target)
        if new is None:
            continue
        new = _final_text(orig, new)
        if new != orig.text:
            changes[target] = new
    groups = _groups(changes, state.applied)
    roots = _roots(paths, state.result)
    refused: set[str] = set()
    for group in groups:
        reasons = {t: _refusal(state.originals[t], roots) for t in group}
        bad = {t: r for t, r in reasons.items() if r}
        for t, r in bad.items():
            outcome.problem(f"{state.originals[t].display}: {r}")
        if bad:
            for t in group:
                if t not in bad:
                    outcome.problem(f"{state.originals[t].display}: left untouched, because a fix that edits it "
                                    f"also edits {', '.join(state.originals[b].display for b in sorted(bad))}")
            refused |= set(group)
            continue
        if diff_only:
            continue
        if _write_group(group, changes, state.originals, outcome):
            outcome.written.extend(group)
        else:
            refused |= set(group)
    if diff_only:
        outcome.diffs = [d for t in sorted(changes) if t not in refused
                         for d in [_diff(state.originals[t], changes[t])] if d]
    return refused


def _groups(changes: dict[str, str], applied: list[_Applied]) -> list[list[str]]:
    """Changed files tied together by fixes that edit several files (union-find)."""
    parent = {t: t for t in changes}

    def find(t: str) -> str:
        while parent[t] != t:
            parent[t] = parent[parent[t]]
            t = parent[t]
        return t

    for a in applied:
        members = [t for t in a.files if t in parent]
        for other in members[1:]:
            parent[find(other)] = find(members[0])
    out: dict[str, list[str]] = {}
    for t in sorted(changes):
        out.setdefault(find(t), []).append(t)
    return list(out.values())


def _diff(orig: _Original, new: str) -> str:
    """A unified diff of the file as it is and as ``--fix`` would write it, line endings included."""
    before_text = orig.text or ""
    if orig.raw is not None:
        try:
            before_text = orig.raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    try:
        after_text = _encode(orig, new).decode("utf-8-sig")
    except UnicodeDecodeError:
        after_text = new
    from flylint.base.console import escape_controls

    before, after = _lines(before_text), _lines(after_text)
    name = orig.display
    lines = list(difflib.unified_diff(before, after, fromfile=f"a/{name}" if orig.text is not None else "/dev/null",
                                      tofile=f"b/{name}"))
    lines = ([escape_controls(line.rstrip("\n")) + "\n" for line in lines[:2]]
             + [_safe_diff_line(line) for line in lines[2:]])
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _safe_diff_line(line: str) -> str:
    """A diff line with any secret-looking value redacted (context and removed lines come from
    the user's file; a fix never writes a secret, so added lines are unchanged by this)."""
    from flylint.base.console import escape_controls
    from flylint.fly.secrets import redact_line

    if line.startswith("@@") or not line:
        return line
    body = line[1:]
    text = body.rstrip("\r\n")
    ending = body[len(text):]
    # control characters (ESC …) as visible escapes; a tab stays a tab
    text = "\t".join(escape_controls(part) for part in redact_line(text).split("\t"))
    return line[0] + text + ending


def _lines(text: str) -> list[str]:
    """``text`` split after each ``\n`` only (a CR, form feed or U+2028 stays inside its line)."""
    parts = text.split("\n")
    out = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def _write_group(group: list[str], changes: dict[str, str], originals: dict[str, _Original],
                 outcome: FixOutcome) -> bool:
    """Write every file of ``group`` or none of them; ``False`` (and a warning) when none was."""
    temps: list[tuple[str, str, str]] = []  # (target, destination, temporary file)
    names = ", ".join(originals[t].display for t in group)
    try:
        for t in group:
            orig = originals[t]
            dest = os.path.realpath(t) if orig.text is not None else os.path.abspath(t)
            st = os.stat(dest) if orig.text is not None else None
            if st is None:  # a created file may need its directory (.github/workflows/...)
                os.makedirs(os.path.dirname(dest), exist_ok=True)
            data = _encode(orig, changes[t])
            temps.append((t, dest, _write_temp(dest, data, st)))
    except OSError as exc:
        _remove([tmp for _, _, tmp in temps])
        what = names if len(group) > 1 else originals[group[0]].display
        outcome.problem(f"{what}: could not be written ({exc.strerror or exc}); left untouched")
        return False
    except BaseException:
        _remove([tmp for _, _, tmp in temps])
        raise
    moved = [originals[t].display for t, dest, _ in temps if not _unchanged(dest, originals[t])]
    if moved:  # checked again right before the renames: a concurrent edit is never lost
        _remove([tmp for _, _, tmp in temps])
        outcome.problem(f"{', '.join(moved)}: changed on disk while fixing; left untouched"
                        + (f" (and so {names})" if len(group) > 1 else ""))
        return False
    done: list[tuple[str, str]] = []
    try:
        for t, dest, tmp in temps:
            _replace(tmp, dest)
            done.append((t, dest))
    except BaseException as exc:
        renamed = {t for t, _ in done}
        _remove([tmp for t, _, tmp in temps if t not in renamed])
        failed = _rollback(done, originals)
        if failed:
            outcome.problem(f"could not restore {', '.join(failed)} after a failed write; "
                            "check them (the fix was only partly written)")
        if not isinstance(exc, OSError):
            raise
        outcome.problem(f"{names}: could not be written ({exc.strerror or exc}); left untouched")
        return False
    _sync_dirs({os.path.dirname(dest) for _, dest, _ in temps})
    return True


def _unchanged(dest: str, orig: _Original) -> bool:
    """``dest`` still holds what the fix loop read (by content hash), or is still absent for a
    file a fix creates; a regular file either way."""
    import hashlib

    if orig.raw is None:
        return not os.path.lexists(dest)
    try:
        st = os.lstat(dest)
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(orig.raw):
            return False
        with open(dest, "rb") as fh:
            current = fh.read(len(orig.raw) + 1)
    except OSError:
        return False
    return hashlib.sha256(current).digest() == hashlib.sha256(orig.raw).digest()


def _replace(tmp: str, dest: str) -> None:
    os.replace(tmp, dest)


def _rollback(done: list[tuple[str, str]], originals: dict[str, _Original]) -> list[str]:
    """Put back the files of a group already renamed; return those that could not be."""
    failed: list[str] = []
    for t, dest in reversed(done):
        orig = originals[t]
        try:
            if orig.raw is None:
                os.unlink(dest)
            else:
                st = os.stat(dest)
                os.replace(_write_temp(dest, orig.raw, st), dest)
        except OSError:
            failed.append(orig.display)
    return failed


def _remove(files: list[str]) -> None:
    for tmp in files:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _sync_dirs(directories: set[str]) -> None:
    """Make the renames durable (best effort; not every platform can open a directory)."""
    for d in directories:
        try:
            fd = os.open(d, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)
