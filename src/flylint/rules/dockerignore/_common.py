"""Helpers shared by the .dockerignore rules (not a rule: the registry skips ``_`` modules).

An ignore file is judged by the builds that use it: the fly configs whose Dockerfile reads it
(``[build] ignorefile``, ``<Dockerfile>.dockerignore``, ``.dockerignore`` in the build context),
or, when no config uses it, the Dockerfile next to it.
"""

from __future__ import annotations

import os

from flylint.base.records import field, record
from flylint.linter.model import Edit
from flylint.linter.parsers.ignorefile import IgnoreFile, IgnorePattern, parse_ignorefile
from flylint.linter.registry import RuleContext
from flylint.linter.source import SourceFile
from flylint.linter.span import Span

FINAL, BUILDER, NOWHERE = "final", "builder", "nowhere"  # the values of dockerfile._util.context_reach


@record
class Usage:
    context: str  # absolute build-context directory
    dockerfiles: list = field(default_factory=list)  # parsed Dockerfile models that use the ignore file
    configs: list = field(default_factory=list)  # the fly config of each Dockerfile (or None), same order


def usage(ign: IgnoreFile, ctx: RuleContext) -> Usage:
    """The builds that read ``ign``: the fly configs whose build (as flyctl resolves it, workflow
    ``fly deploy`` commands included) uses it, else the Dockerfile next to it."""
    from flylint.rules.dockerfile._util import same_path

    path = ign.source.path
    project = ctx.project
    out: Usage | None = None
    configs = [pf.fly_config for pf in project.configs()]
    for cfg_path in project.deploys:  # configs that a workflow of the run deploys from elsewhere
        pf = project.get(cfg_path, "fly_toml")
        if pf is not None and pf.fly_config is not None and pf.fly_config not in configs:
            configs.append(pf.fly_config)
    for cfg in configs:
        if cfg is None:
            continue
        df_path = project.dockerfile_path_for(cfg)
        if same_path(project.ignorefile_path_for(df_path, cfg), path):
            if out is None:
                out = Usage(project.build_dir(cfg))
            if df_path is not None:
                dpf = project.get(df_path, "dockerfile")
                if dpf is not None and dpf.dockerfile is not None:
                    out.dockerfiles.append(dpf.dockerfile)
                    out.configs.append(cfg)
    if out is not None and out.dockerfiles:
        return out
    # no fly build uses it (or they deploy a prebuilt image): a `docker build` next to it does
    directory = os.path.dirname(os.path.abspath(path))
    out = out if out is not None else Usage(directory)
    name = os.path.basename(path)
    candidates = [name[: -len(".dockerignore")]] if name.endswith(".dockerignore") and name != ".dockerignore" \
        else ["Dockerfile", "Containerfile", "dockerfile"]
    for cand in candidates:
        full = os.path.join(directory, cand)
        if project.isfile(full):
            dpf = project.get(full, "dockerfile")
            if dpf is not None and dpf.dockerfile is not None:
                out.dockerfiles.append(dpf.dockerfile)
                out.configs.append(None)
            break
    return out


def reach(u: Usage, ctx: RuleContext) -> str:
    """FINAL when a build that uses the ignore file puts the whole context in the image Fly
    runs, BUILDER when only a builder stage receives it, NOWHERE otherwise (no Dockerfile known,
    or none copies the whole context)."""
    from flylint.rules.dockerfile._util import context_reach

    found = {context_reach(df, ctx, cfg) for df, cfg in zip(u.dockerfiles, u.configs, strict=False)}
    if FINAL in found:
        return FINAL
    return BUILDER if BUILDER in found else NOWHERE


def copies_whole_context(u: Usage, ctx: RuleContext) -> bool:
    """True when a Dockerfile using the ignore file copies the whole context into any stage."""
    return reach(u, ctx) != NOWHERE


def negated_for(ign: IgnoreFile, path: str) -> IgnorePattern | None:
    """The negation (``!pattern``) that leaves ``path`` in the context, if one does."""
    if ign.is_excluded(path):
        return None
    for k in range(len(ign.patterns) - 1, -1, -1):
        pat = ign.patterns[k]
        if not pat.negated:
            continue
        if pat.matches(path.strip("/")):
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
