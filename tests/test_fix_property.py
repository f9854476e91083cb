"""Property tests: `--fix --unsafe-fixes` over generated projects.

Each example is a project of fly.toml, Dockerfile, deploy.sh and (sometimes) .dockerignore
assembled from random subsets of good and bad settings, comments, indentation styles, LF or
CRLF, with or without a final newline. Every rule runs (``select = ALL``), so the fixes other
people add are exercised too. Properties:

1. idempotence: a second ``--fix --unsafe-fixes`` changes no byte;
2. nothing outside the edited spans is lost: every line of an original file that no proposed
   edit touched appears in the fixed file, byte for byte (line ending included), in order;
3. a file that parsed still parses;
4. the engine had nothing to complain about (no broken, no-op or non-converging fix).

For (2) every fix proposed in any round is recorded with the text it was computed against.
Its edits mark lines of that text as touched; those lines are mapped back to the original
through the lines the round's text shares with it (``difflib`` equal blocks: a line that is
not in an equal block was written by an earlier fix and has nothing to map to). The check is
then a plain subsequence test of the untouched original lines in the result, which has no
alignment ambiguity: it fails exactly when an untouched line is missing, altered or reordered.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# -- strategies ----------------------------------------------------------------------------
INDENTS = st.sampled_from(["", "  ", "    ", "\t"])
TRAILING = st.sampled_from(["", "", "  # why", " # keep this"])
COMMENT = st.sampled_from(["# note", "# TODO: revisit", "#", "# ünïcode ✓", "#   spaced   comment"])


@st.composite
def maybe_comment_lines(draw: Any) -> list[str]:
    return draw(st.lists(COMMENT, max_size=2))


@st.composite
def fly_toml(draw: Any) -> str:
    ind = draw(INDENTS)
    lines: list[str] = []
    lines += draw(maybe_comment_lines())
    lines.append('app = "gen-app"')
    if draw(st.booleans()):
        lines.append('primary_region = "ams"')
    if draw(st.booleans()):
        v = draw(st.sampled_from(['5', '"5s"', '30', '"1m"']))
        lines.append(f"kill_timeout = {v}{draw(TRAILING)}")
    if draw(st.booleans()):
        v = draw(st.sampled_from(['"SIGINT"', '"SIGTERM"', '"SIGFOO"']))
        lines.append(f"kill_signal = {v}{draw(TRAILING)}")
    if draw(st.booleans()):
        lines += ["", "[build]"]
        if draw(st.booleans()):
            lines.append(f'{ind}dockerfile = "Dockerfile"')
    if draw(st.booleans()):
        lines += ["", "[env]", f'{ind}PORT = "8080"']
        if draw(st.booleans()):
            lines.append(f'{ind}LOG_LEVEL = "info"  # trailing comment')
    if draw(st.booleans()):
        lines += ["", "[http_service]"] + [ind + c for c in draw(maybe_comment_lines())]
        lines.append(f"{ind}internal_port = 8080{draw(TRAILING)}")
        force = draw(st.sampled_from([None, "true", "false"]))
        if force is not None:
            lines.append(f"{ind}force_https = {force}{draw(TRAILING)}")
        if draw(st.booleans()):
            v = draw(st.sampled_from(['true', '"stop"', '"off"', 'false']))
            lines.append(f"{ind}auto_stop_machines = {v}{draw(TRAILING)}")
        if draw(st.booleans()):
            lines.append(f"{ind}auto_start_machines = {draw(st.sampled_from(['true', 'false']))}")
        if draw(st.booleans()):
            lines.append(f"{ind}min_machines_running = {draw(st.sampled_from(['0', '1']))}")
        if draw(st.booleans()):
            lines += ["", f"{ind}[[http_service.checks]]"]
            v = draw(st.sampled_from(['"10s"', '10000']))
            lines.append(f"{ind}{ind}grace_period = {v}{draw(TRAILING)}")
            v = draw(st.sampled_from(['"15s"', '15000']))
            lines.append(f"{ind}{ind}interval = {v}{draw(TRAILING)}")
            lines.append(f'{ind}{ind}method = "GET"')
            lines.append(f'{ind}{ind}path = "/health"')
            v = draw(st.sampled_from(['"2s"', '"10s"', '"1m"', '2000']))
            lines.append(f"{ind}{ind}timeout = {v}{draw(TRAILING)}")
    if draw(st.booleans()):
        lines += ["", "[[services]]", f"{ind}internal_port = 9000", f'{ind}protocol = "tcp"']
        lines += ["", f"{ind}[[services.ports]]", f"{ind}{ind}port = {draw(st.sampled_from(['80', '443', '5432']))}"]
        v = draw(st.sampled_from(['["http"]', '["tls", "http"]', '[]']))
        lines.append(f"{ind}{ind}handlers = {v}")
        if draw(st.booleans()):
            v = draw(st.sampled_from(['"2s"', '"20s"']))
            lines += ["", f"{ind}[[services.tcp_checks]]", f'{ind}{ind}interval = "15s"',
                      f"{ind}{ind}timeout = {v}{draw(TRAILING)}"]
    if draw(st.booleans()):
        lines += ["", "[[vm]]", f'{ind}size = "shared-cpu-1x"']
        if draw(st.booleans()):
            v = draw(st.sampled_from(['"512mb"', '1024', '"1gb"']))
            lines.append(f"{ind}memory = {v}{draw(TRAILING)}")
    lines += draw(maybe_comment_lines())
    return "\n".join(lines) + "\n"


@st.composite
def dockerfile(draw: Any) -> str:
    lines = draw(maybe_comment_lines())
    image = draw(st.sampled_from(["node:20-slim", "python:3.12-slim", "alpine:3.19", "golang:1.22", "ubuntu:24.04"]))
    multi = draw(st.booleans())
    if multi:
        lines += [f"FROM {image} AS build", "WORKDIR /src", "COPY . .", "RUN make build", ""]
        lines.append(f"FROM {draw(st.sampled_from(['debian:bookworm-slim', 'alpine:3.19']))}")
        lines.append("COPY --from=build /src/app /app")
    else:
        lines += [f"FROM {image}", f"WORKDIR {draw(st.sampled_from(['/app', 'app']))}"]
        lines.append(draw(st.sampled_from(["COPY . .", "ADD . /app"])))
    lines += draw(st.lists(st.sampled_from([
        "RUN apt-get update && apt-get install -y curl",
        "RUN apt install curl",
        "RUN apk add curl",
        "RUN pip install -r requirements.txt",
        "RUN npm install",
        "# a comment between instructions",
        "ENV NODE_ENV=production",
        "EXPOSE 8080",
    ]), max_size=4))
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["USER app", "USER root", "USER 1000:1000"])))
    lines.append(draw(st.sampled_from(['CMD ["./app"]', "CMD ./app --port 8080", "ENTRYPOINT node server.js",
                                       'CMD ["node", "server.js"]'])))
    return "\n".join(lines) + "\n"


@st.composite
def deploy_sh(draw: Any) -> str:
    lines = ["#!/usr/bin/env bash"] + draw(maybe_comment_lines())
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["set -euo pipefail", "set -e", "set -eu"])))
    lines += draw(st.lists(st.sampled_from([
        'echo "deploying"', 'fly secrets set API_KEY="$API_KEY"', "  # indented comment",
        'cd "$(dirname "$0")"', "flyctl status",
    ]), max_size=3))
    lines.append(draw(st.sampled_from(["fly deploy --remote-only", "flyctl deploy", "fly deploy --ha=false"])))
    return "\n".join(lines) + "\n"


@st.composite
def dockerignore(draw: Any) -> str | None:
    if not draw(st.booleans()):
        return None
    entries = draw(st.lists(st.sampled_from([".git", "node_modules", ".env", "*.log", "tmp/", "# ignore list",
                                             "fly.toml", "!keep.log"]), max_size=5, unique=True))
    return "\n".join(entries) + ("\n" if entries else "")


@st.composite
def projects(draw: Any) -> dict[str, bytes]:
    files = {"fly.toml": draw(fly_toml()), "Dockerfile": draw(dockerfile()), "deploy.sh": draw(deploy_sh())}
    ignore = draw(dockerignore())
    if ignore is not None:
        files[".dockerignore"] = ignore
    out: dict[str, bytes] = {}
    for name, text in files.items():
        if draw(st.booleans()) and draw(st.booleans()):  # ~1 in 4 files: CRLF
            text = text.replace("\n", "\r\n")
        if text and draw(st.integers(0, 5)) == 0:  # sometimes no final newline
            text = text.rstrip("\r\n")
        data = text.encode("utf-8")
        if name == "fly.toml" and draw(st.integers(0, 7)) == 0:
            data = b"\xef\xbb\xbf" + data
        out[name] = data
    return out


# -- running and recording -----------------------------------------------------------------
def _fix(root: Path) -> tuple[list[Any], list[str], str]:
    from flylint.linter.config import Settings
    from flylint.linter.engine import Linter
    from flylint.linter.fix import run_fixes

    linter = Linter(Settings(select=["ALL"]))
    rounds: list[Any] = []
    real = linter.lint_paths

    def lint_paths(paths: list[str], view: Any = None) -> Any:
        result = real(paths, view)
        rounds.append(result)
        return result

    linter.lint_paths = lint_paths  # type: ignore[method-assign]
    run = run_fixes(linter, [str(root)], unsafe=True)
    return rounds, run.applied, "\n".join(run.warnings)


def _line_index(text: str, offset: int) -> int:
    return text.count("\n", 0, offset)


def _touched_lines(text: str, start: int, end: int, content: str) -> set[int]:
    """Lines of ``text`` (0-based) whose bytes an edit changes."""
    if start == end:
        line = _line_index(text, start)
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end == -1 else line_end
        if not content:
            return set()
        if start == line_start:
            return set() if content.endswith("\n") else {line}
        if start == line_end:
            return set() if content.startswith("\n") else {line}
        return {line}
    first, last = _line_index(text, start), _line_index(text, end)
    return set(range(first, last + 1))


def _to_original(original: list[str], current: list[str]) -> dict[int, int]:
    """Map line numbers of ``current`` to the original's, where the two share the line."""
    sm = difflib.SequenceMatcher(None, original, current, autojunk=False)
    mapping: dict[int, int] = {}
    for a, b, size in sm.get_matching_blocks():
        for k in range(size):
            mapping[b + k] = a + k
    return mapping


def _raw_lines(data: bytes) -> list[bytes]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.splitlines(keepends=True)


def _is_subsequence(needles: list[bytes], haystack: list[bytes], last_open: bool) -> list[bytes]:
    """Needles not found in order (empty when all are). ``last_open``: the final needle had
    no line ending in the original, so it may match a line that gained one."""
    it = iter(haystack)
    missing: list[bytes] = []
    for i, needle in enumerate(needles):
        open_ended = last_open and i == len(needles) - 1
        for line in it:
            if line == needle or (open_ended and line.rstrip(b"\r\n") == needle):
                break
        else:
            missing.append(needle)
            break
    return missing


def _parses(path: Path, kind: str | None) -> bool:
    from flylint.linter.parsers import ParseError
    from flylint.linter.project import parser_for
    from flylint.linter.source import SourceFile

    if kind is None:
        return True
    try:
        parser_for(kind)(SourceFile.read(str(path), kind))
    except ParseError:
        return False
    return True


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(project=projects())
def test_fixing_is_idempotent_and_loses_nothing_outside_edits(project: dict[str, bytes]) -> None:
    check_project(project)


def test_the_property_check_sees_real_fixes() -> None:
    # a fixed example that several fixes apply to, so the check above is known to have teeth
    project = {
        "fly.toml": (b'# app\r\napp = "x"\r\n\r\n[http_service]\r\n  internal_port = 8080  # port\r\n'
                     b'\r\n  [[http_service.checks]]\r\n    path = "/health"\r\n    timeout = "10s"\r\n# end'),
        "Dockerfile": b"# build\nFROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
        "deploy.sh": b"#!/usr/bin/env bash\n# deploy\nfly deploy --remote-only\n",
    }
    applied = check_project(project)
    codes = {line.split(": ", 1)[1].split()[0] for line in applied}
    assert {"FLY001", "FLY003", "DKR001"} <= codes, applied


def check_project(project: dict[str, bytes]) -> list[str]:
    from flylint.linter.discover import classify

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "app"
        root.mkdir()
        for name, data in project.items():
            (root / name).write_bytes(data)
        os.chmod(root / "deploy.sh", 0o755)
        kinds = {name: classify(str(root / name), explicit=True) for name in project}
        parsed_before = {name: _parses(root / name, kinds[name]) for name in project}

        rounds, applied, err = _fix(root)
        after = {name: (root / name).read_bytes() for name in project}

        # (2) untouched original lines survive, in order
        originals = {name: data.decode("utf-8-sig").replace("\r\n", "\n") for name, data in project.items()}
        touched: dict[str, set[int]] = {name: set() for name in project}
        for result in rounds:
            texts = {os.path.abspath(pf.path): pf.source.text for p in result.projects for pf in p.files
                     if pf.source is not None}
            for f in result.findings:
                if f.fix is None or f.source is None:
                    continue
                for e in f.fix.edits:
                    target = os.path.abspath(e.path) if e.path else os.path.abspath(f.source.path)
                    name = os.path.relpath(target, root)
                    if e.create or name not in project or target not in texts:
                        continue
                    text = texts[target]
                    mapping = _to_original(originals[name].split("\n"), text.split("\n"))
                    touched[name] |= {mapping[i] for i in _touched_lines(text, e.start, e.end, e.content)
                                      if i in mapping}
        for name, data in project.items():
            raw = _raw_lines(data)
            keep = [line for i, line in enumerate(raw) if i not in touched[name]]
            last_open = bool(raw) and not raw[-1].endswith(b"\n") and (len(raw) - 1) not in touched[name]
            missing = _is_subsequence(keep, _raw_lines(after[name]), last_open)
            assert not missing, f"{name}: untouched line {missing[0]!r} lost by fixes {applied}"
            if data.startswith(b"\xef\xbb\xbf"):
                assert after[name].startswith(b"\xef\xbb\xbf"), f"{name}: BOM lost"

        # (1) idempotence
        _, applied2, _ = _fix(root)
        again = {name: (root / name).read_bytes() for name in project}
        changed = [name for name in project if again[name] != after[name]]
        assert not changed, f"a second --fix changed {changed}: {applied2}"
        assert not applied2, f"a second --fix still applied {applied2}"

        # (3) still parses
        for name in project:
            if parsed_before[name]:
                assert _parses(root / name, kinds[name]), f"{name} no longer parses after {applied}"
        assert stat_mode(root / "deploy.sh") == 0o755

        # (5) comments: full-line comments all survive; a fly.toml key that survives keeps the
        # comment written after it on its line
        for name in project:
            before_comments = _full_line_comments(project[name])
            lost = before_comments - _full_line_comments(after[name])
            assert not lost, f"{name}: comments lost: {sorted(lost)} by {applied}"
        lost_trailing = _trailing_comments(project["fly.toml"]) - _trailing_comments(after["fly.toml"], keep_only=
                                                                                     _trailing_comments(project["fly.toml"]))
        assert not lost_trailing, f"fly.toml: trailing comments lost: {lost_trailing} by {applied}"

        # (4) no fix was refused as broken
        reports = [line for line in err.splitlines() if "please report" in line or "converge" in line]
        assert not reports, "\n".join(reports)
    return applied


def stat_mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o7777


def _full_line_comments(data: bytes) -> Counter[str]:
    text = data.decode("utf-8-sig")
    return Counter(line.strip() for line in text.splitlines() if line.strip().startswith("#"))


def _trailing_comments(data: bytes, keep_only: set[tuple[Any, str]] | None = None) -> set[tuple[Any, str]]:
    """(key path, comment) for each fly.toml key line that ends in a comment."""
    import tomllib

    from flylint.linter.parsers.toml_positions import index_toml

    text = data.decode("utf-8-sig").replace("\r\n", "\n")
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return set()
    index = index_toml(text)
    by_line = {text.count("\n", 0, s): text[s:e].strip() for s, e in index.comments}
    out: set[tuple[Any, str]] = set()
    for path, entry in index.entries.items():
        if entry.inline or entry.header:
            continue
        line = text.count("\n", 0, entry.key_start)
        if line in by_line and text.count("\n", 0, entry.value_end) == line:
            out.add((path, by_line[line]))
    if keep_only is not None:  # keys that disappeared take their comment with them
        surviving = set(index.entries)
        out |= {(p, c) for p, c in keep_only if p not in surviving}
    return out
