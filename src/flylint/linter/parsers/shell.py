"""A position-aware POSIX/bash tokenizer for deploy scripts and Dockerfile ``RUN`` bodies.

It is not a full shell parser: it splits text into simple commands (words with offsets),
records the operator that ends each command (``|``, ``&&``, ``;`` …), follows command
substitutions ``$(…)`` and backticks into nested commands, skips here-document bodies and
comments, and never raises on odd input (an unterminated quote runs to the end of the text and
is reported through :attr:`ShellScript.errors`).
"""

from __future__ import annotations

from typing import Any

from flylint.base.records import field, record
from flylint.linter.parsers import ParseError
from flylint.linter.source import SourceFile

_OPERATORS = ("&&", "||", ";;", "|&", "|", ";", "&", "(", ")")
_REDIRECT_CHARS = "<>"
_WORD_BREAK = " \t\n;&|()<>"
KEYWORDS = frozenset({"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for",
                      "case", "esac", "in", "!", "{", "}", "time", "function", "select"})
_WRAPPERS = frozenset({"sudo", "exec", "command", "nohup", "env", "xargs", "time", "builtin"})


@record(slots=True)
class Word:
    text: str  # value after quote removal (expansions are kept literally, e.g. "$HOME")
    start: int  # offset of the first character in the tokenized string
    end: int
    quoted: bool = False
    has_expansion: bool = False  # contains $VAR, ${...}, $(...) or backticks outside single quotes
    has_substitution: bool = False  # contains $(...) or backticks

    @property
    def is_literal(self) -> bool:
        return not self.has_expansion


@record(slots=True)
class Redirect:
    op: str
    target: Word | None
    start: int
    end: int


@record(slots=True)
class Command:
    words: list[Word]
    op_after: str = ""  # operator that ends this command: | && || ; & newline ("\n") or ""
    nested: bool = False  # found inside $(...) or backticks
    redirects: list[Redirect] = field(default_factory=list)
    assignments: list[Word] = field(default_factory=list)  # NAME=value words before the command
    # what rule helpers worked out about this command and share (rules/dockerfile/_pkg.py)
    memo: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def start(self) -> int:
        items = [w.start for w in self.words] + [w.start for w in self.assignments]
        return min(items) if items else 0

    @property
    def end(self) -> int:
        items = [w.end for w in self.words] + [w.end for w in self.assignments]
        return max(items) if items else 0

    @property
    def argv(self) -> list[Word]:
        """Words from the command name on, without leading keywords (``if``, ``!``, ``then`` …)."""
        words = self.words
        i = 0
        while i < len(words) and words[i].text in KEYWORDS and not words[i].quoted:
            i += 1
        return words[i:]

    def effective_argv(self) -> list[Word]:
        """:attr:`argv` with wrappers such as ``sudo``, ``env K=V`` and ``exec`` peeled off."""
        argv = self.argv
        i, n = 0, len(argv)  # an index, not a slice per word: `env env env …` stays linear
        while i < n and argv[i].text in _WRAPPERS:
            wrapper = argv[i].text
            i += 1
            while i < n and (argv[i].text.startswith("-") or (wrapper == "env" and "=" in argv[i].text)):
                i += 1
        return argv[i:] if i else argv

    @property
    def name(self) -> str:
        argv = self.effective_argv()
        if not argv:
            return ""
        return argv[0].text.rsplit("/", 1)[-1]


@record(slots=True)
class ShellScript:
    text: str
    commands: list[Command]
    shebang: str = ""
    errors: list[tuple[str, int]] = field(default_factory=list)  # (message, offset)
    comments: list[tuple[int, int]] = field(default_factory=list)
    source: SourceFile | None = None  # set for script files, None for embedded scripts

    def pipelines(self) -> list[list[Command]]:
        """Top-level commands grouped into pipelines (``a | b | c`` is one group)."""
        groups: list[list[Command]] = []
        current: list[Command] = []
        for cmd in self.commands:
            if cmd.nested:
                continue
            current.append(cmd)
            if cmd.op_after not in ("|", "|&"):
                groups.append(current)
                current = []
        if current:
            groups.append(current)
        return groups


class _Tokenizer:
    def __init__(self, text: str, base: int = 0) -> None:
        self.s = text
        self.n = len(text)
        self.i = 0
        self.base = base
        self.commands: list[Command] = []
        self.errors: list[tuple[str, int]] = []
        self.comments: list[tuple[int, int]] = []
        self.pending_heredocs: list[tuple[str, bool]] = []  # (delimiter, strip_tabs)

    def run(self) -> None:
        current = Command([])
        s, n = self.s, self.n
        while self.i < n:
            c = s[self.i]
            if c in " \t":
                self.i += 1
            elif c == "\\" and self.i + 1 < n and s[self.i + 1] == "\n":
                self.i += 2
            elif c == "\n":
                self.i += 1
                current = self.finish(current, "\n")
                if self.pending_heredocs:
                    self.skip_heredoc_bodies()
            elif c == "#" and (self.i == 0 or s[self.i - 1] in " \t\n;&|()"):
                end = s.find("\n", self.i)
                end = n if end == -1 else end
                self.comments.append((self.base + self.i, self.base + end))
                self.i = end
            elif c in _REDIRECT_CHARS or (c.isdigit() and self.redirect_ahead()) or s.startswith("&>", self.i):
                self.redirect(current)  # ``&>file`` / ``&>>file`` (bash: stdout and stderr) included
            elif c in ";&|()":
                for op in _OPERATORS:
                    if s.startswith(op, self.i):
                        self.i += len(op)
                        current = self.finish(current, op)
                        break
            else:
                word = self.word()
                if word is None:
                    self.i += 1
                    continue
                if not current.words and _is_assignment(word.text):
                    current.assignments.append(word)
                else:
                    current.words.append(word)
        self.finish(current, "")

    def finish(self, cmd: Command, op: str) -> Command:
        if cmd.words or cmd.assignments or cmd.redirects:
            cmd.op_after = op
            self.commands.append(cmd)
        elif op in ("|", "&&", "||") and self.commands:
            pass
        return Command([])

    def redirect_ahead(self) -> bool:
        s, j = self.s, self.i
        while j < self.n and s[j].isdigit():
            j += 1
        return j < self.n and s[j] in _REDIRECT_CHARS and (self.i == 0 or s[self.i - 1] in " \t\n;&|(")

    def redirect(self, cmd: Command) -> None:
        s, start = self.s, self.i
        while self.i < self.n and s[self.i].isdigit():
            self.i += 1
        if s.startswith("<<<", self.i):
            op = "<<<"
        elif s.startswith("<<-", self.i):
            op = "<<-"
        elif s.startswith("<<", self.i):
            op = "<<"
        else:
            j = self.i
            while j < self.n and s[j] in "<>&|":
                j += 1
            op = s[self.i : j]
        self.i += len(op)
        while self.i < self.n and s[self.i] in " \t":
            self.i += 1
        target = None
        if self.i < self.n and s[self.i] not in "\n;|&()":
            target = self.word()
        if op in ("<<", "<<-") and target is not None:
            self.pending_heredocs.append((target.text, op == "<<-"))
        cmd.redirects.append(Redirect(op, target, self.base + start, self.base + self.i))

    def skip_heredoc_bodies(self) -> None:
        s = self.s
        for delim, strip_tabs in self.pending_heredocs:
            while self.i < self.n:
                end = s.find("\n", self.i)
                line_end = self.n if end == -1 else end
                line = s[self.i : line_end]
                self.i = self.n if end == -1 else end + 1
                if (line.lstrip("\t") if strip_tabs else line) == delim:
                    break
            else:
                self.errors.append((f"here-document delimited by {delim!r} is not terminated", self.n))
        self.pending_heredocs = []

    def word(self) -> Word | None:
        s, n = self.s, self.n
        start = self.i
        out: list[str] = []
        quoted = expansion = substitution = False
        while self.i < n:
            c = s[self.i]
            if c in _WORD_BREAK:
                break
            if c == "\\":
                if self.i + 1 < n:
                    if s[self.i + 1] != "\n":
                        out.append(s[self.i + 1])
                    self.i += 2
                else:
                    self.i += 1
                quoted = True
            elif c == "'":
                end = s.find("'", self.i + 1)
                if end == -1:
                    self.errors.append(("unterminated single quote", self.base + self.i))
                    end = n
                out.append(s[self.i + 1 : end])
                self.i = end + 1
                quoted = True
            elif c == '"':
                quoted = True
                self.i += 1
                while self.i < n and s[self.i] != '"':
                    ch = s[self.i]
                    if ch == "\\" and self.i + 1 < n:
                        nxt = s[self.i + 1]
                        if nxt in '"\\$`':
                            out.append(nxt)
                        elif nxt != "\n":
                            out.append(ch + nxt)
                        self.i += 2
                    elif ch == "$" or ch == "`":
                        expansion = True
                        sub_start = self.i
                        if self.expansion():
                            substitution = True
                        out.append(s[sub_start : self.i])
                    else:
                        out.append(ch)
                        self.i += 1
                if self.i >= n:
                    self.errors.append(("unterminated double quote", self.base + start))
                self.i += 1
            elif c == "$" or c == "`":
                expansion = True
                sub_start = self.i
                if self.expansion():
                    substitution = True
                out.append(s[sub_start : self.i])
            else:
                out.append(c)
                self.i += 1
        if self.i == start:
            return None
        return Word("".join(out), self.base + start, self.base + min(self.i, n), quoted, expansion, substitution)

    def expansion(self) -> bool:
        """Consume a ``$…`` or backtick expansion; returns True for command substitutions."""
        s, n = self.s, self.n
        if s[self.i] == "`":
            end = self.i + 1
            while end < n and s[end] != "`":
                end += 2 if s[end] == "\\" else 1
            self.nested(self.i + 1, min(end, n))
            self.i = min(end + 1, n)
            return True
        if s.startswith("$((", self.i):
            self.i = self.matching(self.i + 1, "(", ")")
            return False
        if s.startswith("$(", self.i):
            end = self.matching(self.i + 1, "(", ")")
            self.nested(self.i + 2, end - 1)
            self.i = end
            return True
        if s.startswith("${", self.i):
            self.i = self.matching(self.i + 1, "{", "}")
            return False
        self.i += 1
        while self.i < n and (s[self.i].isalnum() or s[self.i] == "_"):
            self.i += 1
        if self.i < n and s[self.i - 1] == "$" and s[self.i] in "@*#?$!-0123456789":
            self.i += 1
        return False

    def matching(self, i: int, open_ch: str, close_ch: str) -> int:
        """Offset just after the bracket matching the one at ``i`` (quote-aware)."""
        s, n = self.s, self.n
        depth = 0
        while i < n:
            c = s[i]
            if c == "\\":
                i += 2
                continue
            if c == "'" and open_ch == "(":
                end = s.find("'", i + 1)
                i = n if end == -1 else end + 1
                continue
            if c == '"':
                j = i + 1
                while j < n and s[j] != '"':
                    j += 2 if s[j] == "\\" else 1
                i = j + 1
                continue
            if c == open_ch:
                depth += 1
            elif c == close_ch:
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        self.errors.append((f"unterminated {open_ch}…{close_ch}", self.base + i))
        return n

    def nested(self, start: int, end: int) -> None:
        inner = _Tokenizer(self.s[start:end], self.base + start)
        inner.run()
        for cmd in inner.commands:
            cmd.nested = True
        self.commands.extend(inner.commands)
        self.errors.extend(inner.errors)


def _is_assignment(text: str) -> bool:
    eq = text.find("=")
    if eq <= 0:
        return False
    name = text[:eq].rstrip("+")
    return name.replace("_", "a").isalnum() and not name[0].isdigit()


def tokenize(text: str, base: int = 0) -> ShellScript:
    """Tokenize ``text``; offsets in the result are ``base`` + index into ``text``."""
    tok = _Tokenizer(text, base)
    tok.run()
    tok.commands.sort(key=lambda c: c.start)
    shebang = ""
    if text.startswith("#!"):
        end = text.find("\n")
        shebang = text[2 : len(text) if end == -1 else end].strip()
    return ShellScript(text, tok.commands, shebang, tok.errors, tok.comments)


def parse_shell(source: SourceFile) -> ShellScript:
    """Tokenize a script file; an unterminated quote or here-document, or a compound command
    never closed (``if`` without ``fi`` …, see :mod:`~flylint.linter.parsers.shell_structure`), is a
    :class:`ParseError`."""
    from flylint.linter.parsers.shell_structure import structure_error

    script = tokenize(source.text)
    script.source = source
    unbalanced = structure_error(script) if not script.errors else None
    if unbalanced is not None:
        script.errors.append(unbalanced)
    if script.errors:
        message, offset = script.errors[0]
        line, col = source.position(offset)
        raise ParseError(message, line, col)
    return script


def tokenize_mapped(text: str, offsets: list[int]) -> ShellScript:
    """Tokenize ``text`` whose character ``k`` sits at file offset ``offsets[k]``.

    Used for text that is not contiguous in its file: a continued Dockerfile instruction, a
    YAML block scalar. ``offsets`` has one extra sentinel entry for the end of the text.
    """
    script = tokenize(text)
    if not offsets:
        return script
    last = len(offsets) - 1

    def start_of(off: int) -> int:
        return offsets[min(off, last)]

    def end_of(start: int, end: int) -> int:
        return offsets[min(end - 1, last)] + 1 if end > start else start_of(start)

    for cmd in script.commands:
        for w in cmd.words + cmd.assignments:
            w.start, w.end = start_of(w.start), end_of(w.start, w.end)
        for r in cmd.redirects:
            r.start, r.end = start_of(r.start), end_of(r.start, r.end)
            if r.target is not None:
                r.target.start, r.target.end = start_of(r.target.start), end_of(r.target.start, r.target.end)
    script.errors = [(msg, start_of(off)) for msg, off in script.errors]
    script.comments = [(start_of(a), end_of(a, b)) for a, b in script.comments]
    return script
