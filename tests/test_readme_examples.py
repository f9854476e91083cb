"""The console examples in README.md and docs/*.md are real runs: each one is run again here.

A fenced block tagged ``console`` whose first line is ``$ flylint …`` is an example. Every line
starting with ``$ `` is a command (run in order, in the same folder); the lines up to the next
command are its expected output (standard output, then standard error). The commands run in
process through :func:`flylint.cli.main.main` with ``NO_COLOR`` set and a fixed terminal width.

Where a command runs is said by an HTML comment on the line right before the fence:

- none: the repository root (read-only commands such as ``flylint detect examples/sample-app``);
- ``<!-- example: setup NAME -->``: a fresh temporary folder prepared by ``SETUPS[NAME]``;
- ``<!-- example: not run, REASON -->``: listed as skipped with REASON (a real host, a TLS
  server). Keep these few.

An example may leave lines out: a line ``…`` or ``...`` (optionally followed by a note such as
``… (the rest of the template)``) stands for any number of real lines, and a line ending in
`` …`` matches a real line that starts with the text before it. The other lines must match
exactly (trailing spaces aside), in order.

When an example fails, the message shows the whole real output: paste it into the block (with
the same elisions), never edit it by hand.
"""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from flylint.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

FENCE = re.compile(r"^```(\w*)\s*$")
DIRECTIVE = re.compile(r"^<!--\s*example:\s*(.*?)\s*-->\s*$")
ELISION = re.compile(r"^\s*(?:\.\.\.|…)(?:\s+.*)?$")


@dataclass(frozen=True)
class Example:
    doc: Path
    line: int  # 1-based line of the first command
    directive: str
    commands: tuple[tuple[str, tuple[str, ...]], ...]  # (command line, expected output lines)

    @property
    def id(self) -> str:
        return f"{self.doc.name}:{self.line}"


def parse_examples(doc: Path) -> list[Example]:
    lines = doc.read_text(encoding="utf-8").splitlines()
    examples: list[Example] = []
    i = 0
    while i < len(lines):
        fence = FENCE.match(lines[i])
        if not fence:
            i += 1
            continue
        start = i
        end = start + 1
        while end < len(lines) and not lines[end].startswith("```"):
            end += 1
        body = lines[start + 1 : end]
        i = end + 1
        if fence.group(1) != "console" or not body or not body[0].startswith("$ flylint"):
            continue
        previous = lines[start - 1] if start > 0 else ""
        directive = DIRECTIVE.match(previous)
        commands: list[tuple[str, list[str]]] = []
        for text in body:
            if text.startswith("$ "):
                commands.append((text[2:], []))
            else:
                commands[-1][1].append(text)
        examples.append(
            Example(
                doc,
                start + 2,
                directive.group(1) if directive else "",
                tuple((cmd, tuple(out)) for cmd, out in commands),
            )
        )
    return examples


def _copy_sample_app(tmp: Path) -> Path:
    shutil.copytree(ROOT / "examples" / "sample-app", tmp / "sample-app")
    return tmp


def _two_configs(tmp: Path) -> Path:
    """A repository with a configuration at the root and another one in api/."""
    (tmp / ".git").mkdir()
    (tmp / "flylint.toml").write_text('select = ["ALL"]\nignore = ["SH008"]\n')
    for name in ("web", "api"):
        (tmp / name).mkdir()
        (tmp / name / "Dockerfile").write_text("FROM python:3.12-slim\n")
    (tmp / "api" / "flylint.toml").write_text('ignore = ["DKR001"]\n')
    return tmp


def _monorepo(tmp: Path) -> Path:
    """Two Fly.io apps and a static site that is not one (docs/detect.md, --recursive)."""
    (tmp / ".git").mkdir()
    files = {
        "apps/api/fly.toml": 'app = "acme-api"\nprimary_region = "iad"\n\n[http_service]\n  internal_port = 8080\n',
        "apps/api/deploy.sh": '#!/bin/sh\nset -eu\ncd "$(dirname "$0")"\nfly deploy --app acme-api\n',
        "apps/web/fly.toml": 'app = "acme-web"\nprimary_region = "iad"\n\n[http_service]\n  internal_port = 3000\n',
        "apps/docs/Dockerfile": "FROM nginx:1.27-alpine\nCOPY site /usr/share/nginx/html\n",
    }
    for name, text in files.items():
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text(text)
    return tmp


SETUPS: dict[str, Callable[[Path], Path]] = {
    # `cp -r examples/sample-app /tmp/ && cd /tmp`
    "sample-app-copy": _copy_sample_app,
    "two-configs": _two_configs,
    "empty-folder": lambda tmp: tmp,
    "monorepo": _monorepo,
}


def _matches(expected: str, actual: str) -> bool:
    if expected.endswith(" …"):
        return actual.startswith(expected[:-1])
    return expected == actual


def _find(segment: list[str], actual: list[str], start: int) -> int:
    """The first index >= start where ``segment`` matches consecutive lines, or -1."""
    for at in range(start, len(actual) - len(segment) + 1):
        if all(_matches(e, a) for e, a in zip(segment, actual[at:], strict=False)):
            return at
    return -1


def output_matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` is ``expected`` with each elision line standing for any lines."""
    segments: list[list[str]] = [[]]
    for line in expected:
        if ELISION.match(line):
            segments.append([])
        else:
            segments[-1].append(line)
    if len(segments) == 1:
        return len(expected) == len(actual) and all(map(_matches, expected, actual))
    first, *middle, last = segments
    if _find(first, actual, 0) != 0:
        return False
    start = len(first)
    end = len(actual) - len(last)
    if end < start or (last and _find(last, actual, end) != end):
        return False
    for segment in middle:
        at = _find(segment, actual[:end], start)
        if at < 0:
            return False
        start = at + len(segment)
    return True


def _trim(lines: list[str]) -> list[str]:
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _params() -> list[object]:
    params: list[object] = []
    for doc in DOCS:
        for example in parse_examples(doc):
            marks = []
            if example.directive.startswith("not run"):
                reason = example.directive.removeprefix("not run").lstrip(" ,:")
                marks.append(pytest.mark.skip(reason=f"not run here: {reason}"))
            params.append(pytest.param(example, id=example.id, marks=marks))
    return params


def test_command_examples_are_console_blocks() -> None:
    """A `$ flylint` example tagged text (or untagged) would escape this test: tag it console."""
    for doc in DOCS:
        lines = doc.read_text(encoding="utf-8").splitlines()
        inside = False
        for number, line in enumerate(lines, 1):
            fence = FENCE.match(line)
            if fence and not inside and number < len(lines):
                inside = True
                if lines[number].startswith("$ flylint"):
                    assert fence.group(1) == "console", f"{doc.name}:{number}: tag it console"
            elif line.startswith("```"):
                inside = False


def test_examples_are_found() -> None:
    examples = [e for doc in DOCS for e in parse_examples(doc)]
    assert len(examples) >= 5, [e.id for e in examples]
    skipped = [e for e in examples if e.directive.startswith("not run")]
    assert len(skipped) <= 2, "keep the examples that are not run few"
    for example in examples:
        directive = example.directive
        assert (
            not directive
            or directive.startswith("not run")
            or (directive.startswith("setup ") and directive.removeprefix("setup ") in SETUPS)
        ), f"{example.id}: unknown directive {directive!r}"


@pytest.mark.parametrize("example", _params())
def test_example_output(
    example: Example,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    setup = example.directive.removeprefix("setup ") if example.directive else ""
    monkeypatch.chdir(SETUPS[setup](tmp_path) if setup else ROOT)
    for command, expected in example.commands:
        argv = shlex.split(command)
        assert argv[0] == "flylint", command
        main(argv[1:])
        captured = capsys.readouterr()
        actual = _trim((captured.out + captured.err).splitlines())
        want = _trim(list(expected))
        if not output_matches(want, actual):
            pytest.fail(
                f"{example.id}: `{command}` printed (paste it into the block, keeping its"
                " elisions):\n" + "\n".join(actual),
                pytrace=False,
            )


@pytest.mark.parametrize(
    ("expected", "actual", "ok"),
    [
        (["a", "b"], ["a", "b"], True),
        (["a", "b"], ["a", "c"], False),
        (["a"], ["a", "b"], False),
        (["a", "…", "d"], ["a", "b", "c", "d"], True),
        (["a", "...", "d"], ["a", "d"], True),
        (["…", "c", "…"], ["a", "b", "c", "d"], True),
        (["…", "x", "…"], ["a", "b", "c", "d"], False),
        (["a", "… (the rest)", "c", "d"], ["a", "b", "c", "d"], True),
        (["a", "…", "c", "d"], ["a", "c", "d", "b"], False),
        (["x: …"], ["x: anything"], True),
        (["x: …"], ["y: anything"], False),
        (["a", "…", "b", "…", "b"], ["a", "b"], False),
    ],
)
def test_output_matches(expected: list[str], actual: list[str], ok: bool) -> None:
    assert output_matches(expected, actual) is ok


def _port_mismatch(tmp: Path) -> Path:
    """fly.toml says 8000, the Dockerfile about to be staged EXPOSEs 9000 (README, pre-commit)."""
    (tmp / ".git").mkdir()
    (tmp / "fly.toml").write_text(
        'app = "shop"\nprimary_region = "iad"\n\n[http_service]\n  internal_port = 8000\n  force_https = true\n'
    )
    (tmp / "Dockerfile").write_text(
        "FROM python:3.12.7-slim\nWORKDIR /app\nCOPY --chown=app:app . .\nUSER app\n"
        'EXPOSE 9000\nCMD ["python", "-m", "http.server", "9000"]\n'
    )
    (tmp / ".dockerignore").write_text(".git\n.env\n")
    return tmp


def test_pre_commit_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """README's `git add Dockerfile && pre-commit run`: flylint's part of it, run as the hook runs."""
    import yaml

    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("$ git add Dockerfile && pre-commit run")
    end = lines.index("```", start)
    block = lines[start + 1 : end]
    status = next(int(line.split(":")[1]) for line in block if line.startswith("- exit code:"))
    expected = block[block.index("") + 1 :]
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entry = next(hook["entry"] for hook in hooks if hook["id"] == "flylint")
    argv = shlex.split(entry)
    assert argv[0] == "flylint"
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(_port_mismatch(tmp_path))
    assert main([*argv[1:], "Dockerfile"]) == status
    actual = _trim(capsys.readouterr().out.splitlines())
    if not output_matches(_trim(expected), actual):
        pytest.fail("README.md pre-commit example: the hook printed\n" + "\n".join(actual), pytrace=False)
