"""Inline suppressions in every file kind."""

from __future__ import annotations

from pathlib import Path

from conftest import lint, write_project


def test_ignore_comment_above_the_line(in_tmp: Path) -> None:
    write_project(in_tmp, {"fly.toml": """app = "x"

# flylint: ignore[FLY001] this service only answers health probes
[http_service]
  internal_port = 8080
""", "other/fly.toml": 'app = "y"\n\n[http_service]\n  internal_port = 8080\n'})
    result = lint(select=["FLY001"])
    assert [f.path for f in result.findings] == ["other/fly.toml"]
    assert result.suppressed == 1


def test_ignore_by_name_and_stacked_comments(in_tmp: Path) -> None:
    write_project(in_tmp, {"Dockerfile": """# flylint: ignore[container-runs-as-root] the image drops privileges itself
# another comment
FROM postgres:17.2-bookworm
CMD ["postgres"]
"""})
    assert lint(select=["DKR001"]).findings == []


def test_ignore_applies_to_the_whole_continued_instruction(in_tmp: Path) -> None:
    write_project(in_tmp, {"Dockerfile": """FROM alpine:3.20
# flylint: ignore[SEC003] test fixture value
ENV A=1 \\
    DB_PASSWORD=literal-value-123
USER nobody
"""})
    assert lint(select=["SEC003"]).findings == []


def test_ignore_file(in_tmp: Path) -> None:
    write_project(in_tmp, {"deploy.sh": """#!/usr/bin/env bash
# flylint: ignore-file[SEC004]
fly secrets set A=literal-one
fly secrets set B=literal-two
"""})
    assert lint(select=["SEC004"]).findings == []


def test_wrong_code_does_not_suppress(in_tmp: Path) -> None:
    write_project(in_tmp, {"fly.toml": """app = "x"
# flylint: ignore[DKR001]
[http_service]
  internal_port = 8080
"""})
    assert [f.code for f in lint(select=["FLY001"]).findings] == ["FLY001"]


def test_trailing_comment_is_not_a_suppression(in_tmp: Path) -> None:
    write_project(in_tmp, {"fly.toml": """app = "x"
[http_service] # flylint: ignore[FLY001]
  internal_port = 8080
"""})
    assert [f.code for f in lint(select=["FLY001"]).findings] == ["FLY001"]


def test_workflow_and_shell_suppressions(in_tmp: Path) -> None:
    write_project(in_tmp, {
        "deploy.sh": "#!/bin/sh\n# flylint: ignore[SEC004] rotated test credential\nfly secrets set A=literal\n",
        ".github/workflows/x.yml": "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n"
                                   "      # flylint: ignore[SEC004]\n      - run: fly secrets set A=literal\n",
    })
    assert lint(select=["SEC004"]).findings == []
