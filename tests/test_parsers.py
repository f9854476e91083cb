"""The position-aware parsers: every key, instruction, word and step knows its line and column."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest
from conftest import REPO, SHARED

from flylint.linter.model import FindingKind
from flylint.linter.parsers import ParseError
from flylint.linter.parsers.dockerfile import parse_dockerfile
from flylint.linter.parsers.fly_toml import environment_of, format_of, parse_fly_config
from flylint.linter.parsers.ignorefile import parse_ignorefile
from flylint.linter.parsers.shell import parse_shell, tokenize
from flylint.linter.parsers.toml_positions import index_toml
from flylint.linter.parsers.workflow import parse_workflow
from flylint.linter.source import SourceFile


def _pos(src: SourceFile, offset: int) -> tuple[int, int]:
    return src.position(offset)


# -- TOML ----------------------------------------------------------------------------------

TOML = """app = "web"  # trailing comment
primary_region = 'iad'

[http_service]
  internal_port = 8080
  "quoted key" = { a = 1, b = [1, 2] }
  [[http_service.checks]]
    timeout = "2s"
  [[http_service.checks]]
    path = '''/multi
line'''
    timeout = 5

[[services]]
  internal_port = 9000
  [[services.ports]]
    port = 80
[[services]]
  ports = [{ port = 443, handlers = ["tls", "http"] }]
a.b.c = 1979-05-27 07:32:00
"""


def test_toml_index_covers_every_value_path() -> None:
    data = tomllib.loads(TOML)
    index = index_toml(TOML)

    def paths(node, prefix=()):
        if isinstance(node, dict):
            for k, v in node.items():
                yield prefix + (k,)
                yield from paths(v, prefix + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield prefix + (i,)
                yield from paths(v, prefix + (i,))

    missing = [p for p in paths(data) if p not in index.entries]
    assert missing == []


def test_toml_positions_are_exact() -> None:
    src = SourceFile("fly.toml", TOML)
    cfg = parse_fly_config(src)
    assert (cfg.key_span(("app",)).line, cfg.key_span(("app",)).column) == (1, 1)
    span = cfg.value_span(("http_service", "checks", 1, "timeout"))
    assert (span.line, span.column, span.end_column) == (12, 15, 16)
    assert src.snippet(span) == "5"
    span = cfg.key_span(("http_service", "checks", 1))
    assert span.line == 9 and src.snippet(span) == "[[http_service.checks]]"
    span = cfg.value_span(("services", 1, "ports", 0, "port"))
    assert src.snippet(span) == "443"
    span = cfg.value_span(("http_service", "quoted key", "b", 1))
    assert src.snippet(span) == "2"
    # a dotted key after [[services]] belongs to the last services entry
    assert src.snippet(cfg.value_span(("services", 1, "a", "b", "c"))) == "1979-05-27 07:32:00"


def test_toml_parse_error_has_line_and_column() -> None:
    with pytest.raises(ParseError) as err:
        parse_fly_config(SourceFile("fly.toml", 'app = "x"\n[env]\n  A = "1"\n  A = "2"\n'))
    assert err.value.line == 4 and err.value.column >= 1
    assert "invalid TOML" in err.value.message


LONG = "1" * 5000  # more digits than Python converts to an int by default


@pytest.mark.parametrize(("name", "text", "where"), [
    ("fly.toml", f'app = "x"\nkill_timeout = {LONG}\n', (2, 16)),
    ("fly.json", f'{{"app": "x",\n "kill_timeout": {LONG}}}', (2, 18)),
    ("fly.yaml", f"app: x\nkill_timeout: {LONG}\n", (2, 15)),
    ("fly.yaml", "app: x\nupdated: 2024-02-30\n", (2, 10)),  # a date that does not exist
    ("fly.yaml", "app: x\n? [a, b]\n: 1\n", (2, 3)),  # an unhashable key
])
def test_values_that_do_not_convert_are_parse_errors(name: str, text: str, where: tuple[int, int]) -> None:
    with pytest.raises(ParseError) as err:
        parse_fly_config(SourceFile(name, text))
    assert (err.value.line, err.value.column) == where
    assert err.value.message.startswith("invalid ")


def test_workflow_permissions_that_do_not_convert_are_a_parse_error() -> None:
    with pytest.raises(ParseError) as err:
        parse_workflow(SourceFile("w.yml", f"on: push\npermissions:\n  contents: {LONG}\njobs: {{}}\n"))
    assert (err.value.line, err.value.column) == (3, 13)


def test_a_parser_crash_is_a_finding_for_that_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import lint, write_project

    from flylint.linter import project

    def broken(source: SourceFile) -> None:
        raise KeyError("boom")

    write_project(tmp_path, {"fly.toml": 'app = "x"\n\n[http_service]\n  internal_port = 8080\n',
                             "Dockerfile": "FROM alpine:3.20\nUSER app\n"})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(project._parser_cache, "dockerfile", broken)
    monkeypatch.delenv("FLYLINT_DEBUG", raising=False)
    result = lint(select=["ALL"])
    errors = [f for f in result.findings if f.code == "DKR000"]
    assert len(errors) == 1 and "internal error: KeyError" in errors[0].message
    assert errors[0].kind is FindingKind.PARSE_ERROR
    assert {f.kind for f in result.findings if f.code != "DKR000"} == {FindingKind.RULE}
    assert any(f.code == "FLY001" for f in result.findings)  # the other files were still linted


@pytest.mark.skipif(not (SHARED / "corpus" / "fly-toml").is_dir(), reason="../shared/corpus is not available")
def test_toml_index_covers_the_corpus() -> None:
    for path in sorted((SHARED / "corpus" / "fly-toml").glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            continue
        index = index_toml(text)
        for key in data:
            assert (key,) in index.entries, f"{path.name}: {key}"


def test_config_names_and_formats() -> None:
    assert environment_of("fly.toml") is None
    assert environment_of("fly.production.toml") == "production"
    assert environment_of("staging.fly.toml") == "staging"
    assert format_of("fly.json") == "json"
    assert format_of("fly.yaml") == "yaml"
    assert format_of("fly.yml") == "toml"  # flyctl reads .yml as TOML


def test_json_and_yaml_configs_have_positions() -> None:
    src = SourceFile("fly.json", '{\n  "app": "x",\n  "http_service": {"internal_port": 8080}\n}\n')
    cfg = parse_fly_config(src)
    assert cfg.value_span(("http_service", "internal_port")).line == 3
    src = SourceFile("fly.yaml", "app: x\nhttp_service:\n  internal_port: 8080\n")
    cfg = parse_fly_config(src)
    span = cfg.value_span(("http_service", "internal_port"))
    assert (span.line, span.column) == (3, 18)


# -- Dockerfile ----------------------------------------------------------------------------

DOCKERFILE = """# syntax=docker/dockerfile:1
ARG BASE=node:22-slim
FROM ${BASE} AS build
ENV A=1 B="two words" \\
    C=3
ENV LEGACY "quoted value"
RUN --mount=type=cache,target=/root/.npm npm ci && \\
    # a comment inside a continuation
    npm run build
RUN <<EOF
apt-get update
apt-get install -y curl
EOF
FROM debian:bookworm-slim
COPY --from=build /app /app
CMD ["node", "server.js"]
ENTRYPOINT node server.js
"""


def test_dockerfile_instructions_stages_and_pairs() -> None:
    src = SourceFile("Dockerfile", DOCKERFILE)
    df = parse_dockerfile(src)
    assert [i.keyword for i in df.instructions] == ["ARG", "FROM", "ENV", "ENV", "RUN", "RUN", "FROM", "COPY",
                                                     "CMD", "ENTRYPOINT"]
    assert [(s.image, s.alias) for s in df.stages] == [("${BASE}", "build"), ("debian:bookworm-slim", None)]
    assert df.arg_defaults() == {"BASE": "node:22-slim"}
    env = df.instructions[2]
    assert (env.line, env.end_line) == (4, 5)
    assert [(p.key, p.value) for p in env.pairs] == [("A", "1"), ("B", "two words"), ("C", "3")]
    c = env.pairs[2]
    assert _pos(src, c.value_start) == (5, 7)
    assert [(p.key, p.value) for p in df.instructions[3].pairs] == [("LEGACY", "quoted value")]
    run = df.instructions[4]
    assert run.flag("mount").value == "type=cache,target=/root/.npm"
    words = [(w.text, _pos(src, w.start)) for cmd in run.shell().commands for w in cmd.words]
    assert ("build", (9, 13)) in words
    heredoc = df.instructions[5]
    assert heredoc.heredocs[0].delimiter == "EOF"
    names = [cmd.name for cmd in heredoc.shell().commands if cmd.words]
    assert names == ["apt-get", "apt-get"]
    assert df.instructions[8].exec_form == ["node", "server.js"]
    assert df.instructions[9].exec_form is None
    assert df.final_stage is df.stages[1]
    assert df.statement_line(8) == 7


def test_dockerfile_errors_are_parse_errors() -> None:
    with pytest.raises(ParseError) as err:
        parse_dockerfile(SourceFile("Dockerfile", "FROM x\nRUN <<EOF\necho never closed\n"))
    assert err.value.line == 2
    with pytest.raises(ParseError):
        parse_dockerfile(SourceFile("Dockerfile", "RUN echo before from\nFROM x\n"))


def test_dockerfile_escape_directive() -> None:
    df = parse_dockerfile(SourceFile("Dockerfile", "# escape=`\nFROM x\nRUN echo a `\n  b\n"))
    assert df.escape == "`"
    assert df.instructions[1].end_line == 4


def test_dockerfile_parser_writes_no_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    parse_dockerfile(SourceFile("Dockerfile", DOCKERFILE))
    assert list(tmp_path.iterdir()) == []


def test_instruction_lines_agree_with_dockerfile_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """dockerfile-parse as an oracle for line ranges on heredoc-free Dockerfiles."""
    from dockerfile_parse import DockerfileParser

    monkeypatch.chdir(tmp_path)
    texts = [DOCKERFILE.split("RUN <<EOF")[0] + "CMD [\"x\"]\n"]
    for path in sorted((REPO / "skills" / "flyio" / "examples").glob("*/Dockerfile")):
        text = path.read_text(encoding="utf-8")
        if "<<" not in text:
            texts.append(text)
    for text in texts:
        parser = DockerfileParser(fileobj=io.BytesIO())
        parser.content = text
        theirs = [(d["startline"] + 1, d["endline"] + 1) for d in parser.structure if d["instruction"] != "COMMENT"]
        ours = [(i.line, i.end_line) for i in parse_dockerfile(SourceFile("Dockerfile", text)).instructions]
        assert ours == theirs
    assert list(tmp_path.iterdir()) == []


# -- shell ----------------------------------------------------------------------------------

def test_shell_words_commands_and_operators() -> None:
    text = 'set -euo pipefail\nFOO=1 fly deploy --app "$APP" 2>&1 | tee log\ncat <<X\nnot a command\nX\necho $(date) # c\n'
    script = tokenize(text)
    names = [c.name for c in script.commands]
    assert names == ["set", "fly", "tee", "cat", "echo", "date"]
    fly = script.commands[1]
    assert [w.text for w in fly.assignments] == ["FOO=1"]
    assert fly.op_after == "|"
    app = fly.words[-1]
    assert app.text == "$APP" and app.has_expansion and app.quoted
    assert text[app.start:app.end] == '"$APP"'
    assert [c.nested for c in script.commands][-1] is True
    assert [[c.name for c in p] for p in script.pipelines()][1] == ["fly", "tee"]


def test_shell_unterminated_quote_is_a_parse_error() -> None:
    with pytest.raises(ParseError) as err:
        parse_shell(SourceFile("deploy.sh", "#!/bin/sh\necho 'oops\n"))
    assert (err.value.line, err.value.column) == (2, 6)


# -- workflow -------------------------------------------------------------------------------

def test_workflow_steps_and_run_offsets() -> None:
    text = """on:
  push:
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Deploy
        run: |
          echo start
          flyctl deploy --app web
        env:
          FLY_API_TOKEN: ${{ secrets.FLY_API_TOKEN }}
"""
    src = SourceFile(".github/workflows/deploy.yml", text)
    wf = parse_workflow(src)
    assert list(wf.triggers) == ["on"] or list(wf.triggers) == ["push"]
    assert "push" in wf.triggers
    job = wf.jobs[0]
    assert job.id == "deploy" and len(job.steps) == 2
    assert job.steps[0].uses.value == "actions/checkout@v4"
    script = job.steps[1].script()
    fly = next(c for c in script.commands if c.name == "flyctl")
    assert _pos(src, fly.words[0].start) == (11, 11)
    assert job.steps[1].env["FLY_API_TOKEN"].value == "${{ secrets.FLY_API_TOKEN }}"
    assert wf.deploys_to_fly


def test_workflow_parse_error() -> None:
    with pytest.raises(ParseError) as err:
        parse_workflow(SourceFile("w.yml", "jobs:\n  a:\n   - x\n  b: [\n"))
    assert err.value.line >= 1


# -- .dockerignore --------------------------------------------------------------------------

@pytest.mark.parametrize(("patterns", "path", "excluded"), [
    (".git", ".git/HEAD", True),
    ("**/.env*", "sub/.env.local", True),
    ("*.md\n!README.md", "README.md", False),
    ("*.md\n!README.md", "CHANGES.md", True),
    ("/node_modules/", "node_modules/x/index.js", True),
    ("node_modules", "web/node_modules", False),
    ("tmp/*", "tmp/a", True),
    ("# comment\n\n", ".env", False),
])
def test_dockerignore_matching(patterns: str, path: str, excluded: bool) -> None:
    ign = parse_ignorefile(SourceFile(".dockerignore", patterns))
    assert ign.is_excluded(path) is excluded


def test_instruction_without_argument_is_a_parse_error() -> None:
    with pytest.raises(ParseError) as err:
        parse_dockerfile(SourceFile("Dockerfile", "# comment\nFROM\n"))
    assert (err.value.line, err.value.column) == (2, 1)
    assert "FROM requires an argument" in err.value.message


@pytest.mark.parametrize("text", ["FROM x\nRUNN echo hi\n", "FROM x\nRUN echo a\n    && echo b\n", "FROM x\nRUN-x y\n"])
def test_unknown_instruction_is_a_parse_error(text: str) -> None:
    with pytest.raises(ParseError) as err:
        parse_dockerfile(SourceFile("Dockerfile", text))
    assert err.value.line >= 2


def test_lowercase_instructions_are_accepted() -> None:
    df = parse_dockerfile(SourceFile("Dockerfile", "from alpine:3.20\nrun echo hi\ncmd [\"sh\"]\n"))
    assert [i.keyword for i in df.instructions] == ["FROM", "RUN", "CMD"]


@pytest.mark.parametrize(("pattern", "path", "excluded"), [
    ("x[[y]", "x[", True),
    ("x[[y]", "xy", True),
    ("x[[y]", "x[y", False),
    ("a[&~]b", "a&b", True),
    ("a[!&]b", "a&b", False),
    ("a[]b", "a]b", False),  # not a valid pattern: it matches nothing
    ("a[b-a]c", "abc", False),
])
def test_dockerignore_classes_are_literal_and_never_warn(pattern: str, path: str, excluded: bool) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Python's "possible nested set" FutureWarning must not reach stderr
        ignore = parse_ignorefile(SourceFile(".dockerignore", pattern + "\n"))
        assert ignore.is_excluded(path) is excluded
