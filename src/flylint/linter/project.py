"""The files of one Fly.io project seen together, for cross-file rules.

A project is a directory holding a fly config (``fly.toml``, ``fly.<env>.toml`` …); every
file belongs to the nearest such directory at or above it on disk (never above the repository
root, see :meth:`~flylint.linter.config.ConfigResolver.boundary`), or, when there is none, to
a project rooted at the file's own directory (a workflow: at the folder holding ``.github``).
The same file gets the same project whether its directory was scanned or the file was named.

Files that a cross-file rule needs but that were not asked for (the fly.toml next to a staged
Dockerfile, say) are loaded as *context*. Rules run on context files too, and a finding that
lands on a context file is reported only when the rule read a file that was asked for while
producing it, through :meth:`Project.get` (``dockerfile_for``, ``ignorefile_for`` …: a file
looked up on purpose, not one met while listing the project's configs), so its evidence moved
because of that file: a staged Dockerfile whose ``EXPOSE``
no longer matches fly.toml gets the port-mismatch finding on fly.toml, while fly.toml's own
unrelated findings stay out. Such findings carry no fix: a run never edits a file it was not
asked to check.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar, cast

from flylint.base.records import field, record
from flylint.linter.parsers import ParseError, reason
from flylint.linter.source import FileView, SourceFile, UnreadableFile

if TYPE_CHECKING:
    from flylint.linter.config import ConfigResolver
    from flylint.linter.deploys import Deploy
    from flylint.linter.parsers.dockerfile import Dockerfile
    from flylint.linter.parsers.fly_toml import FlyConfig
    from flylint.linter.parsers.ignorefile import IgnoreFile
    from flylint.linter.parsers.shell import ShellScript
    from flylint.linter.parsers.workflow import Workflow

T = TypeVar("T")
# the parsed model of one file, by kind (see PARSERS)
FileModel: TypeAlias = "FlyConfig | Dockerfile | IgnoreFile | ShellScript | Workflow | SourceFile"

PARSERS: dict[str, str] = {
    "fly_toml": "flylint.linter.parsers.fly_toml:parse_fly_config",
    "dockerfile": "flylint.linter.parsers.dockerfile:parse_dockerfile",
    "dockerignore": "flylint.linter.parsers.ignorefile:parse_ignorefile",
    "shell": "flylint.linter.parsers.shell:parse_shell",
    "workflow": "flylint.linter.parsers.workflow:parse_workflow",
    "env_file": "flylint.linter.parsers.textfile:parse_text",
    "config_file": "flylint.linter.parsers.textfile:parse_text",
    "source_file": "flylint.linter.parsers.textfile:parse_text",
}
# kinds read only by the secret rules: a folder holding nothing else (no fly config, Dockerfile,
# deploy script or workflow at or above it) is not a Fly.io project, and its files are not linted
SECRET_ONLY_KINDS = frozenset({"env_file", "config_file", "source_file"})
_parser_cache: dict[str, Callable[[SourceFile], Any]] = {}


def parser_for(kind: str) -> Callable[[SourceFile], Any]:
    fn = _parser_cache.get(kind)
    if fn is None:
        module, _, name = PARSERS[kind].partition(":")
        __import__(module)
        fn = getattr(sys.modules[module], name)
        _parser_cache[kind] = fn
    return fn


@record(eq=False)
class ProjectFile:
    """One file of a project: its text, its parsed model or the parse error."""

    path: str
    kind: str
    lint: bool = True  # False: loaded only as context for cross-file rules
    source: SourceFile | None = None
    model: FileModel | None = None
    error: ParseError | None = None
    unreadable: str | None = None

    @classmethod
    def load(cls, path: str, kind: str, lint: bool = True, view: FileView | None = None) -> ProjectFile:
        """Read ``path`` (through ``view``: the fix loop's texts, else the disk) and parse it."""
        pf = cls(path, kind, lint)
        hit = view.parsed(path, kind) if view is not None else None
        if hit is not None:  # an incremental view (the fix loop's) parsed this text already
            pf.source, parsed = hit
            if isinstance(parsed, ParseError):
                pf.error = parsed
            else:
                pf.model = parsed
            return pf
        try:
            pf.source = view.read(path, kind) if view is not None else SourceFile.read(path, kind)
        except UnreadableFile as exc:
            pf.unreadable = str(exc)
            pf.source = SourceFile(path, "", kind=kind)
            pf.error = ParseError(f"cannot read file: {exc}", 1, 1)
            return pf
        pf.parse()
        if view is not None:
            view.remember_parse(pf.source, kind, pf.error if pf.error is not None else pf.model)
        return pf

    def parse(self) -> None:
        assert self.source is not None
        try:
            self.model = parser_for(self.kind)(self.source)
            self.error = None
        except ParseError as exc:
            self.model = None
            self.error = exc
        except RecursionError:
            self.model = None
            self.error = ParseError("file is nested too deeply to parse", 1, 1)
        except Exception as exc:
            if os.environ.get("FLYLINT_DEBUG"):
                raise
            self.model = None
            self.error = ParseError(f"flylint could not parse this file (internal error: {type(exc).__name__}: "
                                    f"{reason(exc)}); please report it", 1, 1)

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    # typed views of the model (the parser is chosen by kind, see PARSERS)
    @property
    def fly_config(self) -> FlyConfig | None:
        """The parsed fly config, or ``None`` (not a fly config, or it did not parse)."""
        return cast("FlyConfig", self.model) if self.kind == "fly_toml" else None

    @property
    def dockerfile(self) -> Dockerfile | None:
        """The parsed Dockerfile, or ``None`` (not a Dockerfile, or it did not parse)."""
        return cast("Dockerfile", self.model) if self.kind == "dockerfile" else None


@record(eq=False)
class Project:
    root: str  # absolute directory
    files: list[ProjectFile] = field(default_factory=list)
    view: FileView = field(default_factory=FileView, repr=False)  # how files are seen (see FileView)
    _by_path: dict[str, ProjectFile] = field(default_factory=dict, repr=False)
    _config_of: dict[str, FlyConfig | None] = field(default_factory=dict, repr=False)
    _config_dirs: dict[str, str] = field(default_factory=dict, repr=False)
    _reads: list[ProjectFile] | None = field(default=None, repr=False)  # files handed out while tracking
    # the discovered files it was built from, in order (an incremental lint reuses the project
    # only when discovery yields the same list again)
    candidates: tuple[str, ...] = field(default=(), repr=False)
    # what the linter found here, kept by an incremental lint (see flylint.linter.engine)
    lint_memo: Any = field(default=None, repr=False)
    _load: Callable[[], None] | None = field(default=None, repr=False)  # see load_files
    # the highest directory files may be read from: the repository root, or the checked path
    # outside a repository (``None``: no limit). A path a config names beyond it is not read.
    boundary: str | None = field(default=None, repr=False)
    # whether that boundary is a repository root (it holds ``.git``) rather than the checked path
    in_repository: bool = field(default=False, repr=False)

    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()`` once per project (per grouping: the fix loop groups afresh), for facts
        about all its files that every file's rules ask for (the environment configs)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return cast("T", self._memo[key])

    def outside(self, path: str) -> bool:
        """Whether ``path`` (links followed) lies outside :attr:`boundary`: such a file is
        reported by the rule that names it, never read (``[build] dockerfile = "../../etc/x"``)."""
        if self.boundary is None:
            return False
        real, stop = os.path.realpath(path), os.path.realpath(self.boundary)
        return not (real == stop or real.startswith(stop.rstrip(os.sep) + os.sep))

    # -- which files a rule looked at (see the module docstring) -----------------------
    def track(self) -> None:
        """Start recording the files lookups hand out."""
        self._reads = []

    def tracked(self) -> list[ProjectFile]:
        """Stop recording; the files handed out since :meth:`track`."""
        reads, self._reads = self._reads or [], None
        return reads

    # run-wide: config path -> how workflows deploy it (see linter/deploys.py)
    deploys: dict[str, list[Deploy]] = field(default_factory=dict, repr=False)

    def add(self, pf: ProjectFile) -> ProjectFile:
        key = os.path.abspath(pf.path)
        existing = self._by_path.get(key)
        if existing is not None:
            if pf.lint and not existing.lint:
                existing.lint = True
            return existing
        self._by_path[key] = pf
        self.files.append(pf)
        return pf

    def later(self, load: Callable[[], None]) -> None:
        """Defer reading the project's files to :meth:`load_files` (see group_projects)."""
        self._load = load

    def load_files(self) -> None:
        """Read and parse the project's files if that was deferred (the linter calls it)."""
        load, self._load = self._load, None
        if load is not None:
            load()

    def adopt(self, files: list[ProjectFile]) -> None:
        """Take ``files`` as the project's files as a lint left them (another process read and
        linted the project, see :mod:`flylint.linter.parallel`)."""
        self.files = files
        self._by_path = {os.path.abspath(pf.path): pf for pf in files}
        self._load = None
        self._config_of.clear()

    def forget(self) -> None:
        """Drop what lookups remembered (the linter calls it when it releases the parse trees)."""
        self._config_of.clear()

    # -- lookups ---------------------------------------------------------------------
    def of_kind(self, kind: str) -> list[ProjectFile]:
        return [f for f in self.files if f.kind == kind]

    def lint_files(self) -> Iterator[ProjectFile]:
        return (f for f in self.files if f.lint)

    def abspath(self, rel: str, base: str | None = None) -> str:
        return os.path.normpath(os.path.join(base or self.root, rel))

    def exists(self, rel: str, base: str | None = None) -> bool:
        return self.view.exists(self.abspath(rel, base))

    def isfile(self, path: str) -> bool:
        """Whether ``path`` is a file (on disk, or created by a fix in the fix loop's view)."""
        return self.view.isfile(path)

    def get(self, path: str, kind: str) -> ProjectFile | None:
        """The project file at ``path``, loading it as context when it exists on disk."""
        key = os.path.abspath(path)
        pf = self._by_path.get(key)
        if pf is None:
            if not self.view.isfile(key) or self.outside(key):
                return None
            pf = self.add(ProjectFile.load(path, kind, lint=False, view=self.view))
        if self._reads is not None:
            self._reads.append(pf)
        return pf

    def configs(self) -> list[ProjectFile]:
        """Fly configs, ``fly.toml`` first."""
        cfgs = self.of_kind("fly_toml")
        return sorted(cfgs, key=lambda f: (f.name != "fly.toml", f.name))

    def primary_config(self) -> FlyConfig | None:
        """The parsed main fly config (``fly.toml`` if present), or ``None``."""
        for pf in self.configs():
            if pf.fly_config is not None:
                return pf.fly_config
        return None

    def config_dir(self, config: FlyConfig) -> str:
        path = config.source.path
        found = self._config_dirs.get(path)
        if found is None:  # rules ask ~10 times a project
            found = self._config_dirs[path] = os.path.dirname(os.path.abspath(path))
        return found

    def config_path(self, config: FlyConfig | None, rel: str) -> str:
        """A path written in a fly config, resolved as flyctl does: Go's ``filepath.Join`` of the
        config's directory and the value, so ``/other/Dockerfile`` is ``<config dir>/other/Dockerfile``."""
        base = self.config_dir(config) if config is not None else self.root
        return os.path.normpath(os.path.join(base, rel.lstrip("/")))

    def deploy_of(self, config: FlyConfig | None) -> Deploy | None:
        """How a workflow of the run deploys ``config`` (the first one found), if any does."""
        if config is None:
            return None
        found = self.deploys.get(os.path.abspath(config.source.path))
        return found[0] if found else None

    def build_dir(self, config: FlyConfig | None) -> str:
        """The build context of ``config``: the directory a workflow runs `fly deploy` in, else the
        config's directory."""
        deploy = self.deploy_of(config)
        if deploy is not None:
            return deploy.context
        return self.config_dir(config) if config is not None else self.root

    def dockerfile_path_for(self, config: FlyConfig | None) -> str | None:
        """Where the Dockerfile fly deploy builds lives, or ``None`` when nothing is built.

        Follows ``[build] dockerfile`` (relative to the config's directory); ``[build] image``
        or a buildpacks ``builder`` means no Dockerfile is used; otherwise ``Dockerfile`` (or
        ``dockerfile``) next to the config.
        """
        base = self.config_dir(config) if config is not None else self.root
        build = config.data.get("build") if config is not None else None
        if isinstance(build, dict):
            if isinstance(build.get("image"), str) and build.get("image"):
                return None
            df = build.get("dockerfile")
            if isinstance(df, str) and df:
                if df.startswith(("http://", "https://")):
                    return None
                return self.config_path(config, df)
            if isinstance(build.get("builder"), str) and build.get("builder"):
                return None
        deploy = self.deploy_of(config)
        if deploy is not None and deploy.dockerfile is not None and self.view.isfile(deploy.dockerfile):
            return deploy.dockerfile  # `fly deploy --dockerfile` in a workflow
        bases = [base] if deploy is None or deploy.context == base else [deploy.context, base]
        for directory in bases:
            for name in ("Dockerfile", "dockerfile", "Containerfile"):
                candidate = os.path.join(directory, name)
                if self.view.isfile(candidate):
                    return candidate
        return None

    def dockerfile_for(self, config: FlyConfig | None) -> ProjectFile | None:
        path = self.dockerfile_path_for(config)
        if path is None:
            return None
        return self.get(path, "dockerfile")

    def config_for_dockerfile(self, dockerfile_path: str) -> FlyConfig | None:
        """The parsed fly config whose build uses the Dockerfile at ``dockerfile_path`` (the
        first by :meth:`configs` order), or ``None``. Remembered per project: every Dockerfile
        rule asks."""
        if dockerfile_path in self._config_of:  # the path as asked (each rule asks the same way)
            return self._config_of[dockerfile_path]
        key = os.path.abspath(dockerfile_path)
        if key not in self._config_of:
            found = None
            for pf in self.configs():
                cfg = pf.fly_config
                if cfg is None:
                    continue
                path = self.dockerfile_path_for(cfg)
                if path is not None and os.path.abspath(path) == key:
                    found = cfg
                    break
            self._config_of[key] = found
        found = self._config_of[dockerfile_path] = self._config_of[key]
        return found

    def names_in(self, directory: str, limit: int = 2000) -> list[str]:
        """The entry names of ``directory`` (plus files the fix loop created there), sorted."""
        try:
            names = set(os.listdir(directory)[:limit])
        except OSError:
            names = set()
        names.update(self.view.names_in(directory))
        return sorted(names)

    def files_beside(self, path: str, kind: str) -> list[ProjectFile]:
        """The files of ``kind`` in the directory of ``path`` (loaded as context when not linted)."""
        from flylint.linter.discover import classify_name

        directory = os.path.dirname(os.path.abspath(path))
        try:
            names = sorted(os.listdir(directory))
        except OSError:
            return []
        out: list[ProjectFile] = []
        for name in names[:500]:
            full = os.path.join(directory, name)
            if classify_name(full) == kind:
                pf = self.get(full, kind)
                if pf is not None:
                    out.append(pf)
        return out

    def dockerfiles(self) -> list[ProjectFile]:
        return self.of_kind("dockerfile")

    def ignorefile_path_for(self, dockerfile_path: str | None, config: FlyConfig | None = None) -> str:
        """The ignore file Docker/flyctl would use for a build.

        ``[build] ignorefile`` wins; then ``<Dockerfile>.dockerignore`` beside the Dockerfile;
        then ``.dockerignore`` in the build context (the config's directory).
        """
        base = self.build_dir(config)
        build = config.data.get("build") if config is not None else None
        if isinstance(build, dict) and isinstance(build.get("ignorefile"), str) and build.get("ignorefile"):
            return self.config_path(config, build["ignorefile"])
        deploy = self.deploy_of(config)
        if deploy is not None and deploy.ignorefile is not None:
            return deploy.ignorefile
        if dockerfile_path:
            specific = dockerfile_path + ".dockerignore"
            if self.view.isfile(specific):
                return specific
        return os.path.join(base, ".dockerignore")

    def ignorefile_for(self, dockerfile_path: str | None, config: FlyConfig | None = None) -> ProjectFile | None:
        return self.get(self.ignorefile_path_for(dockerfile_path, config), "dockerignore")



class _Roots:
    """Finds the project root of a directory (cached per directory)."""

    def __init__(self, resolver: ConfigResolver, known: set[str], view: FileView) -> None:
        self.resolver = resolver
        self.view = view
        self.known = known  # directories holding a discovered fly config
        self.cache: dict[str, str | None] = {}

    def fly_root(self, directory: str) -> str | None:
        """Nearest directory at or above ``directory``, within its boundary, holding a fly config."""
        from flylint.linter.discover import classify_name

        if directory in self.cache:
            return self.cache[directory]
        stop = self.resolver.boundary(directory)
        chain: list[str] = []
        d = directory
        found: str | None = None
        while True:
            if d in self.cache:
                found = self.cache[d]
                break
            chain.append(d)
            if d in self.known:
                found = d
                break
            try:
                names = os.listdir(d)
            except OSError:
                names = []
            if any(classify_name(n) == "fly_toml" and self.view.isfile(os.path.join(d, n)) for n in names):
                found = d
                break
            parent = os.path.dirname(d)
            if d == stop or parent == d:
                break
            d = parent
        for c in chain:
            self.cache[c] = found
        return found

    def project_root(self, path: str, kind: str) -> str:
        directory = os.path.dirname(os.path.abspath(path))
        root = self.fly_root(directory)
        if root is None:
            root = _workflow_root(directory) if kind == "workflow" else directory
        return root


def group_projects(candidates: list[Any], view: FileView | None = None, resolver: ConfigResolver | None = None,
                   paths: list[str] | None = None, reuse: dict[str, Project] | None = None) -> list[Project]:
    """Group discovered files into projects (see the module docstring).

    ``paths`` are the paths the run was asked to check: a file one of them names or a directory
    one of them covers that a fly config names in ``[build] dockerfile`` is linted as a
    Dockerfile whatever its name. ``reuse`` (root -> project of an earlier grouping through the
    same view) gives projects known to be unchanged: one is taken as it is, files not read
    again, when the same files are discovered for its root.
    """
    from flylint.linter.config import ConfigResolver

    resolver = resolver or ConfigResolver(paths=paths or ["."])
    known = {os.path.dirname(os.path.abspath(c.path)) for c in candidates if c.kind == "fly_toml"}
    view = view if view is not None else FileView()
    roots = _Roots(resolver, known, view)
    projects: dict[str, Project] = {}
    reused: set[str] = set()

    def project_at(root: str) -> Project:
        project = projects.get(root)
        if project is None:
            boundary = resolver.boundary(root)
            project = projects[root] = Project(root, view=view, boundary=boundary,
                                               in_repository=os.path.exists(os.path.join(boundary, ".git")))
        return project

    by_root: dict[str, list[Any]] = {}
    for cand in candidates:
        by_root.setdefault(roots.project_root(cand.path, cand.kind), []).append(cand)
    for at in [at for at, cands in by_root.items()
               if all(c.kind in SECRET_ONLY_KINDS for c in cands) and roots.fly_root(at) is None]:
        del by_root[at]  # env and config files alone are not a Fly.io project
    for at, cands in by_root.items():
        names = tuple(c.path for c in cands)
        earlier = reuse.get(at) if reuse else None
        if earlier is not None and earlier.candidates == names:
            projects[at] = earlier
            reused.add(at)
            continue
        project_at(at).candidates = names
    unnamed = _unclassified_files(paths or [])
    # a named file whose name says nothing, or a file in a scanned folder below its fly config,
    # may still be the [build] dockerfile of a config above it
    folders = [os.path.abspath(p) for p in paths or [] if os.path.isdir(p)]
    for folder in [*(os.path.dirname(p) for p in unnamed), *folders]:
        root = roots.fly_root(folder)
        if root is not None:
            project_at(root)
    # A project with discovered files is read later, when the linter gets to it (see
    # Project.load_files), so a big tree is never parsed whole; the others are read now.
    lazy = {at: by_root[at] for at in projects if at not in reused and at in by_root}
    eager = [p for at, p in projects.items() if at not in reused and at not in lazy]
    for project in eager:
        _load_context(project)
    # workflows are read now: how they deploy configs concerns every project
    early: dict[str, ProjectFile] = {}
    for cands in lazy.values():
        for cand in cands:
            if cand.kind == "workflow":
                early[os.path.abspath(cand.path)] = ProjectFile.load(cand.path, cand.kind, lint=True, view=view)
    deployed = _link_deploys(list(projects.values()), lazy, early)
    for at, project in projects.items():
        if at in lazy:
            project.later(_Loader(project, lazy[at], early, deployed.get(at, []), paths or [], unnamed, resolver))
            continue
        for cfg_path in deployed.get(at, []):
            project.get(cfg_path, "fly_toml")
        if at not in reused:
            _add_named_dockerfiles(project, paths or [], unnamed, resolver)
    return [projects[k] for k in sorted(projects) if k in lazy or any(True for _ in projects[k].lint_files())]


class _Loader:
    """Reads a project's files when the linter gets to it, in the order an eager grouping
    would: the discovered files, the root's fly configs, the configs workflows deploy from
    here, the Dockerfiles the configs name."""

    def __init__(self, project: Project, candidates: list[Any], early: dict[str, ProjectFile],
                 deployed: list[str], paths: list[str], unnamed: set[str], resolver: ConfigResolver) -> None:
        self.project, self.candidates, self.early, self.deployed = project, candidates, early, deployed
        self.paths, self.unnamed, self.resolver = paths, unnamed, resolver

    def __call__(self) -> None:
        project = self.project
        for cand in self.candidates:
            pf = self.early.pop(os.path.abspath(cand.path), None)
            project.add(pf if pf is not None else ProjectFile.load(cand.path, cand.kind, lint=True, view=project.view))
        _load_context(project)
        for cfg_path in self.deployed:
            project.get(cfg_path, "fly_toml")
        _add_named_dockerfiles(project, self.paths, self.unnamed, self.resolver)


def _unclassified_files(paths: list[str]) -> set[str]:
    from flylint.linter.discover import classify

    return {os.path.abspath(p) for p in paths if os.path.isfile(p) and classify(p) is None}


def _add_named_dockerfiles(project: Project, paths: list[str], unnamed: set[str], resolver: ConfigResolver) -> None:
    """Lint the files the project's fly configs name in ``[build] dockerfile`` when the run covers them."""
    from flylint.linter.discover import classify_name, walk_reaches

    for pf in list(project.configs()):
        cfg = pf.fly_config
        if cfg is None:
            continue
        target = project.dockerfile_path_for(cfg)
        if target is None or classify_name(target) == "dockerfile":
            continue  # nothing built, or found by its name already
        target = os.path.abspath(target)
        if not project.isfile(target):  # first: a path written in a config may be absurdly deep
            continue
        covered = target in unnamed or any(
            os.path.isdir(p) and walk_reaches(target, p, resolver) for p in paths)
        if not covered:
            continue
        df = project.get(target, "dockerfile")
        if df is not None and df.kind == "dockerfile":
            df.lint = True


def _link_deploys(projects: list[Project], lazy: dict[str, list[Any]] | None = None,
                  early: dict[str, ProjectFile] | None = None) -> dict[str, list[str]]:
    """Share, across the run, how workflows deploy each fly config (see linter/deploys.py).

    Returns root -> the configs deployed from that project's directory, which the project
    loads as context (so every rule sees the same configs whatever ran first). ``lazy``
    (root -> discovered files) are projects not read yet: their workflows are in ``early``
    and their configs are the discovered ones and the root's."""
    from flylint.linter.deploys import index, workflow_deploys
    from flylint.linter.parsers.workflow import Workflow

    found = []
    configs: list[str] = []
    for project in projects:
        cands = lazy.get(project.root) if lazy else None
        if cands is None:
            for pf in project.files:
                if pf.kind == "workflow" and isinstance(pf.model, Workflow):
                    found += workflow_deploys(pf.model)
                elif pf.kind == "fly_toml":
                    configs.append(os.path.abspath(pf.path))
            continue
        own: list[str] = []
        for cand in cands:
            full = os.path.abspath(cand.path)
            wf = (early or {}).get(full) if cand.kind == "workflow" else None
            if wf is not None and isinstance(wf.model, Workflow):
                found += workflow_deploys(wf.model)
            elif cand.kind == "fly_toml" and full not in own:
                own.append(full)
        own += [p for p in _root_configs(project) if p not in own]
        configs += own
    if not found:
        return {}
    linked = index(found, configs)
    out: dict[str, list[str]] = {}
    for project in projects:
        project.deploys = linked
        root = project.root.rstrip(os.sep) + os.sep
        out[project.root] = [cfg_path for cfg_path, deploys in linked.items()
                             if any(d.context == project.root or d.context.startswith(root) for d in deploys)]
    return out


def _workflow_root(directory: str) -> str:
    parts = directory.replace("\\", "/").rstrip("/")
    if parts.endswith("/.github/workflows"):
        return os.path.dirname(os.path.dirname(directory))
    return directory


def _root_configs(project: Project) -> list[str]:
    """The fly configs in the project's root folder (absolute paths, by name)."""
    from flylint.linter.discover import classify_name

    try:
        names = sorted(os.listdir(project.root))
    except OSError:
        return []
    out = []
    for name in names:
        path = os.path.join(project.root, name)
        if classify_name(path) == "fly_toml" and project.isfile(path):
            out.append(os.path.abspath(path))
    return out


def _load_context(project: Project) -> None:
    """Load the fly configs of the project root as context if they were not discovered."""
    for path in _root_configs(project):
        project.get(path, "fly_toml")
