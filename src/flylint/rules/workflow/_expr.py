"""GitHub Actions expressions: which context values can reach the text an expression expands to.

Not a rule (the registry skips ``_`` modules). Used by the expression-injection rules.

A ``${{ … }}`` expression expands to a value; what matters for injection is which *context
paths* that value can come from. ``github.event.issue.title == 'x'`` expands to ``true`` or
``false`` whatever the title is, ``contains(github.event.comment.body, '/deploy')`` to a boolean,
while ``github.head_ref || 'main'`` expands to the branch name. :func:`value_sources` walks the
expression grammar (literals, context paths with ``.name``/``.*``/``[…]``, ``!``, comparisons,
``&&``/``||``, function calls) and returns the normalised paths the result can carry
(lower case, indexes written ``*``). An expression it cannot read returns ``None``.

:func:`controllable` says which of those paths hold text that someone outside the repository
can choose, and which events fill them in. The table follows GitHub's security-hardening guide
(untrusted input: issue and pull request titles and bodies, comment and review bodies, commit
messages and author names and e-mails, page names, branch names of pull requests) plus the
same fields under ``discussion`` and ``workflow_run``. A path that names a whole object holding
such text (``github.event``, ``github.event.issue``, ``github.event.commits`` as given to
``toJSON``) counts too. Everything else (numbers, SHAs, ids, repository and login names, which
GitHub restricts to ``[A-Za-z0-9._-]``, labels set by maintainers) is not treated as
controllable.
"""

from __future__ import annotations

from flylint.base.lazyre import lazy

_TOKEN = lazy(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>[-+]?(?:0x[0-9a-fA-F]+|\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+))(?![\w-])"
    r"|(?P<op>&&|\|\||==|!=|<=|>=|[<>!()\[\].,*])|(?P<id>[A-Za-z_][A-Za-z0-9_-]*))")

# functions whose result is a boolean, a number or a hash: never text from their arguments
_OPAQUE = frozenset({"contains", "startswith", "endswith", "success", "always", "failure", "cancelled",
                     "hashfiles"})
_CONTEXTS = frozenset({"github", "env", "vars", "secrets", "inputs", "steps", "needs", "matrix", "job", "jobs",
                       "runner", "strategy"})

# Fields (relative to github.event) holding free text someone outside the repository chooses,
# and the events that fill them in.
_PR_EVENTS = frozenset({"pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment"})
_EVENT_FIELDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("issue.title", frozenset({"issues", "issue_comment"})),
    ("issue.body", frozenset({"issues", "issue_comment"})),
    ("comment.body", frozenset({"issue_comment", "pull_request_review_comment", "commit_comment",
                                "discussion_comment"})),
    ("review.body", frozenset({"pull_request_review"})),
    ("discussion.title", frozenset({"discussion", "discussion_comment"})),
    ("discussion.body", frozenset({"discussion", "discussion_comment"})),
    ("pages.*.page_name", frozenset({"gollum"})),
    ("pages.*.title", frozenset({"gollum"})),
    ("pull_request.title", _PR_EVENTS),
    ("pull_request.body", _PR_EVENTS),
    ("pull_request.head.ref", _PR_EVENTS),
    ("pull_request.head.label", _PR_EVENTS),
    ("pull_request.head.repo.default_branch", _PR_EVENTS),
    ("commits.*.message", frozenset({"push"})),
    ("commits.*.author.name", frozenset({"push"})),
    ("commits.*.author.email", frozenset({"push"})),
    ("commits.*.committer.name", frozenset({"push"})),
    ("commits.*.committer.email", frozenset({"push"})),
    ("head_commit.message", frozenset({"push"})),
    ("head_commit.author.name", frozenset({"push"})),
    ("head_commit.author.email", frozenset({"push"})),
    ("head_commit.committer.name", frozenset({"push"})),
    ("head_commit.committer.email", frozenset({"push"})),
    ("workflow_run.head_branch", frozenset({"workflow_run"})),
    ("workflow_run.display_title", frozenset({"workflow_run"})),
    ("workflow_run.head_commit.message", frozenset({"workflow_run"})),
    ("workflow_run.head_commit.author.name", frozenset({"workflow_run"})),
    ("workflow_run.head_commit.author.email", frozenset({"workflow_run"})),
    ("workflow_run.pull_requests.*.head.ref", frozenset({"workflow_run"})),
)
CONTROLLABLE: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = (
    *((("github", "event", *f.split(".")), ev) for f, ev in _EVENT_FIELDS),
    (("github", "head_ref"), _PR_EVENTS),
)


class _Unreadable(Exception):
    pass


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks: list[tuple[str, str]] = []
        pos = 0
        text = text.strip()
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None or m.end() == pos:
                raise _Unreadable
            kind = m.lastgroup or ""
            self.toks.append((kind, m.group(kind)))
            pos = m.end()
            while pos < len(text) and text[pos].isspace():
                pos += 1
        self.i = 0

    def peek(self) -> tuple[str, str]:
        return self.toks[self.i] if self.i < len(self.toks) else ("end", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if tok[0] == "end" or (value is not None and tok[1] != value):
            raise _Unreadable
        self.i += 1
        return tok

    # Each level returns the paths the value can come from; a comparison or ``!`` gives a
    # boolean, which carries no text.
    def parse_or(self) -> set[tuple[str, ...]]:
        out = self.parse_and()
        while self.peek()[1] == "||":
            self.take()
            out |= self.parse_and()
        return out

    def parse_and(self) -> set[tuple[str, ...]]:
        out = self.parse_eq()
        while self.peek()[1] == "&&":
            self.take()
            out |= self.parse_eq()
        return out

    def parse_eq(self) -> set[tuple[str, ...]]:
        out = self.parse_cmp()
        while self.peek()[1] in ("==", "!="):
            self.take()
            self.parse_cmp()
            out = set()
        return out

    def parse_cmp(self) -> set[tuple[str, ...]]:
        out = self.parse_unary()
        while self.peek()[1] in ("<", "<=", ">", ">="):
            self.take()
            self.parse_unary()
            out = set()
        return out

    def parse_unary(self) -> set[tuple[str, ...]]:
        if self.peek()[1] == "!":
            self.take()
            self.parse_unary()
            return set()
        return self.parse_postfix()

    def parse_postfix(self) -> set[tuple[str, ...]]:
        kind, value = self.peek()
        path: tuple[str, ...] | None = None
        out: set[tuple[str, ...]] = set()
        if value == "(":
            self.take()
            out = self.parse_or()
            self.take(")")
        elif kind in ("str", "num"):
            self.take()
        elif kind == "id":
            self.take()
            name = value.lower()
            if self.peek()[1] == "(":
                self.take()
                args: set[tuple[str, ...]] = set()
                if self.peek()[1] != ")":
                    args |= self.parse_or()
                    while self.peek()[1] == ",":
                        self.take()
                        args |= self.parse_or()
                self.take(")")
                out = set() if name in _OPAQUE else args
            elif name in ("true", "false", "null"):
                pass
            else:
                path = (name,)
        else:
            raise _Unreadable
        while self.peek()[1] in (".", "["):
            if self.take()[1] == ".":
                kind, value = self.take()
                part = "*" if value == "*" else value.lower()
                if kind != "id" and value != "*":
                    raise _Unreadable
            else:
                k2, v2 = self.peek()
                if k2 == "str" and self.toks[self.i + 1:self.i + 2] == [("op", "]")]:
                    part = v2[1:-1].replace("''", "'").lower()
                    self.take()
                elif v2 == "*":
                    part = "*"
                    self.take()
                else:
                    self.parse_or()
                    part = "*"
                self.take("]")
            if path is not None:
                path = (*path, part)
            else:
                # a member of a function's result (fromJSON(x).y): keep what x could carry
                out = {(*p, part) for p in out} | out
        if path is not None:
            out = {path}
        return out


def value_sources(expr: str) -> set[tuple[str, ...]] | None:
    """Normalised context paths the expanded value of ``expr`` can carry (``None``: unreadable)."""
    try:
        parser = _Parser(expr)
        if not parser.toks:
            return set()
        out = parser.parse_or()
        if parser.peek()[0] != "end":
            return None
        return {p for p in out if p and p[0] in _CONTEXTS}
    except (_Unreadable, IndexError, RecursionError):
        return None


def _matches(path: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    """``path`` is ``pattern`` or an object containing it (``*`` matches any index)."""
    if len(path) > len(pattern):
        return False
    return all(a == b or a == "*" or b == "*" for a, b in zip(path, pattern, strict=False))


def controllable(path: tuple[str, ...]) -> frozenset[str]:
    """Events under which ``path`` holds text chosen outside the repository (empty: none)."""
    events: set[str] = set()
    for pattern, ev in CONTROLLABLE:
        if _matches(path, pattern):
            events |= ev
    return frozenset(events)


def display(path: tuple[str, ...]) -> str:
    return ".".join(path)
