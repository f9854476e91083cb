"""Helpers shared by the .dockerignore rules (not a rule: the registry skips ``_`` modules).

An ignore file is judged by the builds that use it: the fly configs whose Dockerfile reads it
(``[build] ignorefile``, ``<Dockerfile>.dockerignore``, ``.dockerignore`` in the build context),
or, when no config uses it, the Dockerfile next to it.
"""

from __future__ import annotations

import os

from flylint.base.records import field, record
from flylint.linter.model import Edit
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.parsers.ignorefile import IgnoreFile, IgnorePattern, parse_ignorefile
from flylint.linter.registry import RuleContext
from flylint.linter.source import SourceFile
from flylint.linter.span import Span


@record
class Usage:
    context: str  # absolute build-context directory
    dockerfiles: list[Dockerfile] = field(default_factory=list)  # parsed Dockerfile models that use the ignore file


def usage(ign: IgnoreFile, ctx: RuleContext) -> Usage:
    from flylint.rules.dockerfile._util import same_path

    path = ign.source.path
    out: Usage | None = None
    for pf in ctx.project.configs():
        cfg = pf.fly_config
        if cfg is None:
            continue
        df_path = ctx.project.dockerfile_path_for(cfg)
        if same_path(ctx.project.ignorefile_path_for(df_path, cfg), path):
            if out is None:
                out = Usage(ctx.project.config_dir(cfg))
            if df_path is not None:
                dpf = ctx.project.get(df_path, "dockerfile")
                if dpf is not None and dpf.dockerfile is not None:
                    out.dockerfiles.append(dpf.dockerfile)
    if out is not None:
        return out
    directory = os.path.dirname(os.path.abspath(path))
    out = Usage(directory)
    name = os.path.basename(path)
    candidates = [name[: -len(".dockerignore")]] if name.endswith(".dockerignore") and name != ".dockerignore" \
        else ["Dockerfile", "Containerfile", "dockerfile"]
    for cand in candidates:
        full = os.path.join(directory, cand)
        if ctx.project.isfile(full):
            dpf = ctx.project.get(full, "dockerfile")
            if dpf is not None and dpf.dockerfile is not None:
                out.dockerfiles.append(dpf.dockerfile)
            break
    return out


def copies_whole_context(u: Usage) -> bool:
    """True when a Dockerfile using the ignore file copies the whole context (or none is known)."""
    from flylint.rules.dockerfile._util import whole_context_copy

    if not u.dockerfiles:
        return True
    return any(whole_context_copy(st) is not None for df in u.dockerfiles for st in df.stages)


def negated_for(ign: IgnoreFile, path: str) -> IgnorePattern | None:
    """The negation (``!pattern``) that leaves ``path`` in the context, if one does."""
    if ign.is_excluded(path):
        return None
    for k in range(len(ign.patterns) - 1, -1, -1):
        pat = ign.patterns[k]
        if not pat.negated:
            continue
        single = IgnoreFile(ign.source, [IgnorePattern(pat.pattern, False, pat.line, pat.start, pat.end)])
        if single.is_excluded(path):
            without = IgnoreFile(ign.source, ign.patterns[:k] + ign.patterns[k + 1 :])
            if without.is_excluded(path):
                return pat
            return None
    return None


def append_edit(ign: IgnoreFile, lines: list[str], probes: list[str]) -> Edit | None:
    """An edit adding ``lines`` (before the first negation, else at the end) that excludes ``probes``.

    ``None`` when the result would still leave one of ``probes`` in the context.
    """
    text = ign.source.text
    first_neg = next((p for p in ign.patterns if p.negated), None)
    block = "".join(line + "\n" for line in lines)
    if first_neg is not None:
        at = text.rfind("\n", 0, first_neg.start) + 1
        content = block
    else:
        at = len(text)
        content = ("" if not text or text.endswith("\n") else "\n") + block
    new_text = text[:at] + content + text[at:]
    trial = parse_ignorefile(SourceFile(ign.source.path, new_text))
    if not all(trial.is_excluded(p) for p in probes):
        return None
    return Edit(at, at, content)


def git_dir_state(ctx: RuleContext, context: str) -> str:
    """``"here"`` when ``.git`` is in the context, ``"above"`` when only a parent has one, else ``"none"``."""
    if ctx.project.exists(".git", context):
        return "here"
    d = os.path.dirname(context)
    while d and d != os.path.dirname(d):
        if os.path.exists(os.path.join(d, ".git")):
            return "above"
        d = os.path.dirname(d)
    return "none"


def anchor_span(ign: IgnoreFile) -> Span:
    """Where a finding about the file as a whole goes: its first pattern (or the file start)."""
    if ign.patterns:
        first = ign.patterns[0]
        return ign.source.span(first.start, first.end)
    return ign.source.span(0, 0)
