"""Which files to lint, and what kind each one is.

Kinds: ``fly_toml`` (fly.toml, fly.<env>.toml, fly.json, fly.yaml …), ``dockerfile``,
``dockerignore``, ``shell`` (deploy scripts: ``deploy*.sh`` or any shell script that runs
``fly``/``flyctl``, by name or by path such as ``~/.fly/bin/flyctl``), ``workflow``
(``.github/workflows/*.yml|yaml``), and two kinds only the secret rules read: ``env_file``
(``.env``, ``.env.<name>``; not ``.env.example`` and other templates) and ``config_file``
(``*.yml``, ``*.yaml``, ``*.json``, ``*.toml``, ``*.ini``, ``*.properties`` the project ships;
see :func:`secret_scan_kind` for what is left out: lockfiles, generated and vendored files,
test fixtures, examples, files over 256 KiB).

A Dockerfile is recognised by Docker's own naming only: ``Dockerfile`` / ``Containerfile``
(either case), ``Dockerfile.<name>`` / ``Containerfile.<name>``, ``<name>.Dockerfile`` /
``<name>.Containerfile``, or whatever path a fly config names in ``[build] dockerfile``
(see :mod:`flylint.linter.project`). A ``Dockerfile.<ext>`` whose extension is a template
engine's (``Dockerfile.j2``, ``.tmpl``, ``.erb`` …) or another language's (``dockerfile.py``,
``Dockerfile.md``, ``Dockerfile.sh``) is not a Dockerfile: a template is not what Docker
builds, and its placeholders would read as errors.

Walking a directory skips ``.git``, ``node_modules``, virtualenvs, caches and configured
excludes, and never follows symbolic links to directories. A file named on the command line
is classified exactly as it would be while walking its directory: a ``scripts/test.sh`` that
never runs ``fly`` is not a deploy script whether it is named or found.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from flylint.base.files import read_limited
from flylint.base.lazyre import lazy
from flylint.base.records import record
from flylint.linter.config import ConfigResolver, Settings
from flylint.linter.gitignore import GitIgnores
from flylint.linter.source import FileView

_FLY_CONFIG = lazy(r"^(?:fly(?:[.\-_][A-Za-z0-9_.\-]+)?|[A-Za-z0-9_\-]+\.fly)\.(?:toml|json|ya?ml)$")
_DOCKERFILE = lazy(r"^(?:[Dd]ockerfile|[Cc]ontainerfile"
                   r"|(?:Docker|Container)file[.\-_][A-Za-z0-9_.\-]+"
                   r"|[A-Za-z0-9_.\-]+\.(?:[Dd]ocker|[Cc]ontainer)file)$")
# The last extension of ``Dockerfile.<x>`` that says the file is something else: a template
# to render first, documentation or data, another language's source, an editor's leftovers.
NOT_DOCKERFILE_EXTENSIONS = frozenset({
    "j2", "jinja", "jinja2", "tmpl", "tpl", "template", "erb", "mustache", "hbs", "njk", "liquid",
    "gotmpl", "in", "md", "txt", "rst", "adoc", "html", "json", "yml", "yaml", "toml", "xml", "ini",
    "sh", "bash", "ps1", "py", "go", "js", "mjs", "cjs", "ts", "rb", "rs", "java", "php", "lock",
    "bak", "orig", "rej", "swp", "tmp", "dockerignore", "containerignore",
})
_SHELL_EXT = (".sh", ".bash")
# -- files read only for secrets (env_file, config_file) ----------------------------------
_ENV_FILE = lazy(r"^\.env(?:\.[A-Za-z0-9_.\-]+)?$")
_CONFIG_EXT = (".yml", ".yaml", ".json", ".toml", ".ini", ".properties")
# a suffix that says the file holds placeholders: .env.example, config.sample.yml, secrets.template.json
_TEMPLATE_WORD = lazy(r"(?i)(?:^|[.\-_])(?:example|examples|sample|samples|template|templates|tmpl|tpl|dist|"
                      r"default|defaults|skel|skeleton|stub|mock|mocks|fake|dummy|schema)(?:[.\-_]|$)")
# lockfiles and other files written by tools, never by hand (package-lock.json integrity hashes…)
_GENERATED_NAMES = frozenset({
    "package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock", "composer.lock", "deno.lock",
    "flake.lock", "packages.lock.json", "project.assets.json", "bun.lock", "gradle.lockfile", "renv.lock",
    "pubspec.lock", "podfile.lock", "cartfile.resolved", "package.resolved", ".terraform.lock.hcl",
})
_GENERATED_NAME = lazy(r"(?i)(?:[.\-_]lock\.(?:json|ya?ml|toml)|\.min\.json|\.map\.json|\.snap\.json|"
                       r"^tsconfig\.tsbuildinfo|\.lock)$")
# directories whose files are vendored, generated, fixtures or documentation, not the project's config
SECRET_SCAN_SKIP_DIRS = frozenset({
    "vendor", "vendors", "third_party", "third-party", "thirdparty", "external", "bower_components", "jspm_packages",
    "deps", ".yarn", ".pnpm-store", "pods", "carthage", ".bundle", ".gradle", ".idea", ".vscode", "coverage",
    "build", "out", "target", "public", "static", "assets", "locales", "locale", "i18n", "translations", "lang",
    "test", "tests", "spec", "specs", "__tests__", "__mocks__", "__snapshots__", "fixtures", "fixture",
    "testdata", "test-data", "test_data", "e2e", "cypress", "playwright", "mocks", "examples", "example",
    "samples", "sample", "docs", "doc", "migrations", ".github", ".circleci", ".gitlab", ".devcontainer",
    ".storybook", ".changeset", ".husky",
})
MAX_SECRET_SCAN_BYTES = 256 * 1024
# application source files, read (kind ``source_file``) only when the opt-in rule SEC007 is enabled
SOURCE_SCAN_CODE = "SEC007"
SOURCE_EXTENSIONS = frozenset({
    ".py", ".rb", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".vue", ".svelte", ".go", ".ex",
    ".exs", ".php", ".java", ".kt", ".kts", ".scala", ".rs", ".cs", ".swift", ".dart", ".lua", ".pl", ".pm",
    ".clj", ".cljs", ".erl", ".hs", ".cr", ".nim", ".zig", ".groovy", ".sh", ".bash", ".zsh", ".erb", ".heex",
    ".eex", ".jinja", ".j2", ".twig", ".blade.php",
})


def is_source_name(name: str) -> bool:
    """Whether ``name`` is an application source file SEC007 would read (not minified or bundled)."""
    lower = name.lower()
    dot = lower.rfind(".")
    if dot <= 0 or lower[dot:] not in SOURCE_EXTENSIONS:
        return False
    return not lower.endswith((".min.js", ".bundle.js", ".chunk.js", ".d.ts", "_pb2.py", ".pb.go", ".gen.go"))


class _SourceScan:
    """Whether the settings of a folder enable SEC007 (memoised per settings object for one run)."""

    def __init__(self) -> None:
        self._by_settings: dict[int, bool] = {}

    def enabled(self, settings: Settings) -> bool:
        key = id(settings)
        found = self._by_settings.get(key)
        if found is None:
            from flylint.linter.config import ConfigError
            from flylint.linter.registry import load_all

            try:
                found = SOURCE_SCAN_CODE in settings.enabled_codes(load_all())
            except ConfigError:
                found = False
            self._by_settings[key] = found
        return found
_FLY_COMMAND = lazy(r"(?m)^[^#\n]*?(?:^|[\s;&|(`$])(?:fly|flyctl)(?:\s+-\S+)*\s+[a-z]")
# flyctl run by its path (``~/.fly/bin/flyctl deploy``, the installer's location); confirmed by
# the shell parser, which knows whether the word is a command (``cp bin/fly dist`` is not)
_FLY_BY_PATH = lazy(r"""/(?:fly|flyctl)["']?[ \t]""")
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
    if is_dockerfile_name(name):
        return "dockerfile"
    return secret_scan_kind(norm)


def secret_scan_kind(path: str) -> str | None:
    """``env_file`` or ``config_file`` for a file only the secret rules read, else ``None``.

    Left out: placeholder files (``.env.example``, ``*.sample.yml``, ``*.template.json``,
    ``.env.dist`` …), lockfiles and generated files (``package-lock.json``, ``*.min.json``),
    Files below vendored, generated, test-fixture, example or documentation folders
    (:data:`SECRET_SCAN_SKIP_DIRS`, counted from the folder walked, or for a file named on the
    command line from the working directory) and files over :data:`MAX_SECRET_SCAN_BYTES` are
    left out too.
    """
    norm = path.replace("\\", "/")
    name = norm.rsplit("/", 1)[-1]
    lower = name.lower()
    if _ENV_FILE.match(name):
        kind = "env_file"
        if _TEMPLATE_WORD.search(name[4:]):
            return None
    elif lower.endswith(_CONFIG_EXT) and not lower.startswith(".env"):
        kind = "config_file"
        if lower in _GENERATED_NAMES or _GENERATED_NAME.search(lower) or _TEMPLATE_WORD.search(name):
            return None
    else:
        return None
    return kind


def is_dockerfile_name(name: str) -> bool:
    """Whether a file name follows Docker's naming for a Dockerfile (see the module docstring)."""
    if not _DOCKERFILE.match(name):
        return False
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ext not in NOT_DOCKERFILE_EXTENSIONS


def _is_deploy_script(path: str, name: str, view: FileView | None = None) -> bool:
    lower = name.lower()
    if lower.startswith("deploy") and lower.endswith(_SHELL_EXT):
        return True
    shadow = view.get(path) if view else None
    if shadow is not None:
        head = shadow.encode("utf-8")[:MAX_SNIFF_BYTES]
    else:
        try:
            head, _ = read_limited(path, MAX_SNIFF_BYTES)
        except OSError:
            return False
    if not lower.endswith(_SHELL_EXT) and not _SHEBANG.match(head):
        return False
    if b"fly" not in head:
        return False
    text = head.decode("utf-8", "replace")
    if _FLY_COMMAND.search(text):
        return True
    return bool(_FLY_BY_PATH.search(text)) and _runs_fly(text)


def _runs_fly(text: str) -> bool:
    """Whether the shell parser finds a ``fly``/``flyctl`` command with a subcommand in ``text``."""
    from flylint.linter.parsers.commands import fly_subcommand
    from flylint.linter.parsers.shell import tokenize

    return any(fly_subcommand(cmd) for cmd in tokenize(text).commands)


def classify(path: str, explicit: bool = False, view: FileView | None = None) -> str | None:
    """The kind of the file at ``path``, ``None`` when flylint does not lint it.

    ``explicit`` (the file was named on the command line) changes nothing: a named file is
    classified as it would be found while walking its directory.
    """
    kind = classify_name(path)
    if kind is not None:
        return kind
    name = os.path.basename(path)
    if (name.lower().endswith(_SHELL_EXT) or "." not in name) and _is_deploy_script(path, name, view):
        return "shell"
    return None


def _walk(root: str, resolver: ConfigResolver, view: FileView | None, git: GitIgnores,
          problems: list[tuple[str, str]], source_scan: _SourceScan | None = None) -> Iterator[Candidate]:
    source_scan = source_scan or _SourceScan()
    stack = [root]
    while stack:
        d = stack.pop()
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            problems.append((d, f"cannot list the directory ({exc.strerror or type(exc).__name__})"))
            continue
        if any(e.name == "pyvenv.cfg" for e in entries) and d != root:
            continue
        if view:  # files created by fixes that are not on disk yet
            held = view.names_in(d)
            if held:
                on_disk = {e.name for e in entries}
                for name in held:
                    if name not in on_disk:
                        kind = classify_name(os.path.join(d, name))
                        if kind is not None:
                            yield Candidate(os.path.join(d, name), kind)
        settings = resolver.for_path(d)  # the nearest config of this directory decides its excludes
        rel = (_below_walked(d, root) or ".").replace(os.sep, "/")
        skip_secret_files = rel != "." and any(p.lower() in SECRET_SCAN_SKIP_DIRS for p in rel.split("/"))
        gitignored = git.ignored if settings.respect_gitignore else None
        scan_source = not skip_secret_files and source_scan.enabled(settings)
        subdirs: list[str] = []
        for entry in entries:
            path = entry.path
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not settings.is_excluded(path) and not (gitignored and gitignored(path, True)):
                        subdirs.append(path)
                    continue
                if not entry.is_file(follow_symlinks=True):
                    continue
            except OSError as exc:
                problems.append((path, f"cannot inspect ({exc.strerror or type(exc).__name__})"))
                continue
            if entry.is_symlink() and not _inside(os.path.realpath(path), root):
                continue
            if settings.is_excluded(path) or (gitignored and gitignored(path, False)):
                continue
            kind = classify(path)
            if kind is None and scan_source and is_source_name(entry.name):
                kind = "source_file"
            if kind in ("env_file", "config_file", "source_file") and (skip_secret_files or not _small(entry)):
                continue  # vendored, generated or fixture data, not a file someone writes secrets into
            if kind is not None:
                yield Candidate(path, kind)
        stack.extend(reversed(subdirs))


def _below_walked(path: str, root: str) -> str:
    """The part of ``path`` below ``root`` (``""`` for ``root`` itself), for a path the walk of
    ``root`` wrote by joining names onto it: the rest of the string, without relpath's work."""
    return path[len(root):].lstrip(os.sep)


def _skipped_secret_file(path: str, view: FileView | None) -> bool:
    """A named env or config file is left out as it would be while walking: below a skipped
    folder (counted from the working directory, or from the file's own folders outside it) or
    larger than :data:`MAX_SECRET_SCAN_BYTES`."""
    a = os.path.abspath(path)
    rel = os.path.relpath(a) if _inside(a, os.getcwd()) else a
    if any(part.lower() in SECRET_SCAN_SKIP_DIRS for part in rel.replace(os.sep, "/").split("/")[:-1]):
        return True
    if view is not None and view.get(path) is not None:
        return False
    try:
        return os.path.getsize(path) > MAX_SECRET_SCAN_BYTES
    except OSError:
        return False


def _small(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.stat(follow_symlinks=True).st_size <= MAX_SECRET_SCAN_BYTES
    except OSError:
        return False


def _inside(path: str, root: str) -> bool:
    root = os.path.realpath(root)
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def walk_reaches(path: str, root: str, resolver: ConfigResolver, git: GitIgnores | None = None) -> bool:
    """Whether walking directory ``root`` would reach the file ``path`` (inside it, and neither
    the file nor a folder between them excluded, ignored by git or a virtualenv)."""
    path, root = os.path.abspath(path), os.path.abspath(root)
    if not _inside(path, root) or path == root:
        return False
    if _excluded(path, root, resolver, git or GitIgnores()):
        return False
    d = os.path.dirname(path)
    while d != root:
        if os.path.isfile(os.path.join(d, "pyvenv.cfg")):
            return False
        d = os.path.dirname(d)
    return True


def _excluded(path: str, top: str, resolver: ConfigResolver, git: GitIgnores) -> bool:
    """Whether ``path`` or a folder above it, below ``top``, is excluded by its configuration
    or ignored by git (when that configuration respects ``.gitignore``)."""
    p = os.path.abspath(path)
    top = top.rstrip(os.sep) + os.sep
    while p.startswith(top):
        settings = resolver.for_path(os.path.dirname(p))
        if settings.is_excluded(p) or (settings.respect_gitignore and git.ignored(p, os.path.isdir(p))):
            return True
        p = os.path.dirname(p)
    return False


def force_excluded(path: str, resolver: ConfigResolver, git: GitIgnores | None = None) -> bool:
    """``--force-exclude``: whether a path named on the command line is excluded (itself or a
    folder above it, up to its repository root or the checked path)."""
    a = os.path.abspath(path)
    top = resolver.boundary(a if os.path.isdir(a) else os.path.dirname(a))
    return a != top and _excluded(a, top, resolver, git or GitIgnores())


class PathNotFound(Exception):
    pass


def discover(paths: list[str], settings: Settings | ConfigResolver, view: FileView | None = None,
             problems: list[tuple[str, str]] | None = None) -> list[Candidate]:
    """Files to lint under ``paths`` (files and directories), in a stable order, no duplicates.

    ``view`` (the fix loop's) adds the files fixes created that are not on disk yet. Paths that
    cannot be read (a directory that cannot be listed, a named FIFO or device) are appended to
    ``problems`` as (path, why): the run must say it could not check them (fail closed)."""
    resolver = ConfigResolver.single(settings) if isinstance(settings, Settings) else settings
    git = GitIgnores()
    source_scan = _SourceScan()
    out: list[Candidate] = []
    seen: set[str] = set()
    problems = problems if problems is not None else []
    for p in paths:
        if (os.path.isdir(p) or os.path.isfile(p)) and resolver.for_path(p).force_exclude \
                and force_excluded(p, resolver, git):
            continue
        real_root = None
        if os.path.isdir(p):
            found = _walk(p, resolver, view, git, problems, source_scan)
            real_root = os.path.realpath(p)
        elif os.path.isfile(p) or (view and p in view):  # a file, or one only in memory (stdin)
            kind = classify(p, explicit=True, view=view)
            if kind is None and is_source_name(os.path.basename(p)) and source_scan.enabled(resolver.for_path(p)):
                kind = "source_file"
            if kind in ("env_file", "config_file", "source_file") and _skipped_secret_file(p, view):
                kind = None
            found = iter([Candidate(p, kind, True)]) if kind else iter(())
        elif os.path.lexists(p):  # a FIFO, a device, a socket, a dangling link: never opened
            from flylint.base.files import describe_mode

            try:
                why = f"not a regular file ({describe_mode(os.stat(p).st_mode)})"
            except OSError as exc:
                why = f"cannot read ({exc.strerror or type(exc).__name__})"
            problems.append((p, why))
            continue
        else:
            raise PathNotFound(p)
        for cand in found:
            if real_root is not None and not os.path.islink(cand.path):
                # the walk enters no linked folder: below the real root, as the walk wrote it
                key = os.path.join(real_root, _below_walked(cand.path, p))
            else:
                key = os.path.realpath(cand.path)
            if key not in seen:
                seen.add(key)
                out.append(cand)
    return out
