"""The expression reader behind GHA009/GHA010: which context paths an expression's value can carry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flylint.rules.workflow._expr import controllable, value_sources


@pytest.mark.parametrize(
    ("expr", "paths"),
    [
        ("github.event.issue.title", {("github", "event", "issue", "title")}),
        ("github.head_ref || 'main'", {("github", "head_ref")}),
        ("github.event.action == 'closed' && 'gone' || env.URL", {("env", "url")}),
        ("toJSON(github.event.commits)", {("github", "event", "commits")}),
        ("github.event.commits[0].message", {("github", "event", "commits", "*", "message")}),
        ("github.event['pull_request']['title']", {("github", "event", "pull_request", "title")}),
        ("format('{0}-{1}', github.head_ref, github.sha)", {("github", "head_ref"), ("github", "sha")}),
        ("GITHUB.EVENT.ISSUE.BODY", {("github", "event", "issue", "body")}),
        # booleans and numbers carry no text
        ("github.event.issue.title != ''", set()),
        ("!github.event.issue.title", set()),
        ("contains(github.event.comment.body, '/deploy')", set()),
        ("startsWith(github.head_ref, 'fix/')", set()),
        ("'literal' || 3", set()),
    ],
)
def test_value_sources(expr: str, paths: set) -> None:
    assert value_sources(expr) == paths


@pytest.mark.parametrize("expr", ["github.event.", "(github.sha", "a ?? b", "'unterminated"])
def test_unreadable_expressions_give_none(expr: str) -> None:
    assert value_sources(expr) is None


@pytest.mark.parametrize(
    ("path", "event"),
    [
        (("github", "event", "issue", "title"), "issues"),
        (("github", "event", "comment", "body"), "issue_comment"),
        (("github", "event", "commits", "*", "author", "email"), "push"),
        (("github", "event"), "pull_request_target"),  # the whole payload holds the title
        (("github", "head_ref"), "pull_request"),
        (("github", "event", "workflow_run", "head_branch"), "workflow_run"),
    ],
)
def test_controllable_fields(path: tuple, event: str) -> None:
    assert event in controllable(path)


@pytest.mark.parametrize(
    "path",
    [("github", "event", "issue", "number"), ("github", "sha"), ("github", "event", "pull_request", "head", "sha"),
     ("github", "event", "pull_request", "head", "repo", "full_name"), ("secrets", "fly_api_token"),
     ("github", "event", "issue", "pull_request")],
)
def test_fields_outsiders_cannot_shape_are_not_controllable(path: tuple) -> None:
    assert controllable(path) == frozenset()


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="github.event[]()'!=&|,* 0x1issuetl", max_size=40))
def test_any_text_gives_paths_or_none(expr: str) -> None:
    out = value_sources(expr)
    assert out is None or all(isinstance(p, tuple) and p for p in out)
