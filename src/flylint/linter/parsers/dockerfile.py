"""Dockerfile / Containerfile parser with positions, stages and BuildKit heredocs.

Our own parser rather than dockerfile-parse: it keeps columns, keeps the offset of every
character of a continued instruction, understands heredocs (``RUN <<EOF``) and the ``escape``
parser directive, and never writes files. dockerfile-parse stays in the test suite as an
oracle for instruction line ranges.
"""

from __future__ import annotations

import re
from typing import Any

from flylint.base.lazyre import lazy
from flylint.base.records import field, record
from flylint.fly.values import decimal_int
from flylint.linter.parsers import ParseError
from flylint.linter.parsers.jsonarray import string_array
from flylint.linter.parsers.shell import ShellScript, tokenize, tokenize_mapped
from flylint.linter.source import SourceFile
from flylint.linter.span import Span

_DIRECTIVE = lazy(r"^#\s*([A-Za-z]+)\s*=\s*(\S+)\s*$")
_HEREDOC = lazy(r"<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")
_KEYWORD = lazy(r"[A-Za-z]+")
HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})
KNOWN_INSTRUCTIONS = frozenset({
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
    "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
})


@record(slots=True)
class Flag:
    name: str  # without the leading dashes
    value: str | None
    start: int  # file offsets
    end: int


@record(slots=True)
class Pair:
    """``KEY=value`` in ENV, ARG or LABEL (value ``None`` for ``ARG NAME`` without default)."""

    key: str
    value: str | None
    key_start: int
    key_end: int
    value_start: int
    value_end: int
    quoted: bool = False


@record(slots=True)
class Heredoc:
    delimiter: str
    body: str
    body_start: int  # file offset of the first body character
    end: int  # file offset just after the closing delimiter line
    strip_tabs: bool = False
    quoted: bool = False


@record
class Instruction:
    keyword: str  # upper case
    start: int  # file offset of the keyword
    end: int  # file offset just after the last character (heredoc bodies included)
    keyword_end: int
    args: str  # logical text after the keyword (continuations joined, heredoc bodies excluded)
    offsets: list[int]  # file offset of each character of ``args`` (+1 sentinel at the end)
    line: int
    end_line: int
    stage: int = -1  # index of the stage, -1 for global ARGs before the first FROM
    flags: list[Flag] = field(default_factory=list)
    rest_index: int = 0  # index into ``args`` where the arguments after the flags begin
    heredocs: list[Heredoc] = field(default_factory=list)
    exec_form: list[str] | None = None
    pairs: list[Pair] = field(default_factory=list)
    _shell: ShellScript | None = field(default=None, repr=False)

    @property
    def rest(self) -> str:
        return self.args[self.rest_index :]

    def offset(self, index: int) -> int:
        """File offset of ``args[index]``."""
        if not self.offsets:
            return self.keyword_end
        return self.offsets[max(0, min(index, len(self.offsets) - 1))]

    def args_range(self, i: int, j: int) -> tuple[int, int]:
        """File offsets for ``args[i:j]``."""
        start = self.offset(i)
        end = self.offset(j - 1) + 1 if j > i else start
        return start, end

    def flag(self, name: str) -> Flag | None:
        for f in self.flags:
            if f.name == name:
                return f
        return None

    def flags_named(self, name: str) -> list[Flag]:
        return [f for f in self.flags if f.name == name]

    @property
    def is_exec_form(self) -> bool:
        return self.exec_form is not None

    def shell(self) -> ShellScript:
        """The shell commands of a shell-form RUN/CMD/ENTRYPOINT, with file offsets.

        For ``RUN <<EOF`` the commands come from the heredoc bodies (and the rest of the line).
        """
        if self._shell is not None:
            return self._shell
        script = tokenize_mapped(self.rest, self.offsets[self.rest_index :])
        if self.keyword == "RUN":
            for doc in self.heredocs:
                if doc.body.startswith("#!") and not re.match(r"#!\s*/(usr/)?(bin/)?(env\s+)?(ba|da|a)?sh\b", doc.body):
                    continue  # a heredoc for python or another interpreter
                body = tokenize(doc.body, base=doc.body_start)
                script.commands.extend(body.commands)
                script.errors.extend(body.errors)
        self._shell = script
        return script


@record(slots=True)
class Stage:
    index: int
    image: str  # as written (may contain ARG references)
    alias: str | None
    from_instruction: Instruction
    instructions: list[Instruction] = field(default_factory=list)
    platform: str | None = None

    @property
    def resolved_name(self) -> str:
        return self.alias or str(self.index)


@record
class Dockerfile:
    source: SourceFile
    instructions: list[Instruction]
    stages: list[Stage]
    global_args: list[Instruction]
    escape: str = "\\"
    directives: dict[str, str] = field(default_factory=dict)
    # indexes built on first use, so lookups stay O(log n) on files of many thousand lines
    _aliases: dict[str, list[int]] | None = field(default=None, repr=False)
    _ins_lines: list[int] | None = field(default=None, repr=False)
    # per-model memo for rule helpers (facts computed once per file, e.g. the shell in effect
    # at each stage), so that no rule pays per instruction for a walk over the whole file
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    @property
    def final_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def instruction_at(self, line: int) -> Instruction | None:
        if self._ins_lines is None:
            self._ins_lines = [ins.line for ins in self.instructions]
        import bisect

        i = bisect.bisect_right(self._ins_lines, line) - 1
        # instructions never overlap and are in file order: the last one starting at or before
        # ``line`` is the only one that can cover it
        if i >= 0 and self.instructions[i].line <= line <= self.instructions[i].end_line:
            return self.instructions[i]
        return None

    def stages_named(self, name: str) -> list[int]:
        """Indexes of the stages named ``name`` (``AS name``, case-insensitive), in file order."""
        if self._aliases is None:
            index: dict[str, list[int]] = {}
            for st in self.stages:
                if st.alias:
                    index.setdefault(st.alias.lower(), []).append(st.index)
            self._aliases = index
        return self._aliases.get(name.lower(), [])

    def statement_line(self, line: int) -> int:
        """First line of the instruction that covers ``line`` (for suppression comments)."""
        ins = self.instruction_at(line)
        return ins.line if ins is not None else line

    def stage_named(self, name: str) -> Stage | None:
        found = self.stages_named(name)
        return self.stages[found[0]] if found else None

    def stage_numbered(self, ref: str) -> Stage | None:
        """The stage ``--from=<number>`` names (numbered from 0), or ``None``: not a number (ASCII
        digits, as Docker reads one: ``str.isdigit`` also accepts ``²``), or no such stage."""
        index = decimal_int(ref)  # a number too long to convert is past any stage
        return self.stages[index] if index is not None and index < len(self.stages) else None

    def target_stage(self, target: str | None) -> Stage | None:
        """The stage Fly runs: ``[build] build-target`` when given, else the last stage."""
        if target:
            st = self.stage_named(target)
            if st is not None:
                return st
        return self.final_stage

    def arg_defaults(self) -> dict[str, str]:
        """Default values of global ARGs (used to resolve ``FROM image:${TAG}``)."""
        out: dict[str, str] = {}
        for ins in self.global_args:
            for p in ins.pairs:
                if p.value is not None:
                    out[p.key] = p.value
        return out

    def span(self, start: int, end: int) -> Span:
        return self.source.span(start, end)


def _split_flags(ins: Instruction) -> None:
    args = ins.args
    i = 0
    n = len(args)
    while True:
        while i < n and args[i] in " \t":
            i += 1
        if not args.startswith("--", i):
            break
        j = i
        in_quote = ""
        while j < n and (in_quote or args[j] not in " \t"):
            if args[j] in "\"'":
                in_quote = "" if in_quote == args[j] else (in_quote or args[j])
            j += 1
        token = args[i + 2 : j]
        name, eq, value = token.partition("=")
        start, end = ins.args_range(i, j)
        ins.flags.append(Flag(name.lower(), value if eq else None, start, end))
        i = j
    ins.rest_index = i


_PAIR_KEY = lazy(r"[^\s=]+")


def _parse_pairs(ins: Instruction) -> None:
    """``K=V`` pairs for ENV/ARG/LABEL, including the legacy ``ENV KEY value`` form."""
    text = ins.rest
    base = ins.rest_index
    i = 0
    n = len(text)
    stripped = text.strip()
    if ins.keyword == "ENV" and stripped and "=" not in stripped.split(None, 1)[0]:
        # legacy form: ENV KEY the rest is the value
        lead = len(text) - len(text.lstrip())
        m = _PAIR_KEY.match(text, lead)
        if m:
            key = m.group(0)
            vstart = m.end()
            while vstart < n and text[vstart] in " \t":
                vstart += 1
            value = text[vstart:].rstrip()
            ks, ke = ins.args_range(base + m.start(), base + m.end())
            vs, ve = ins.args_range(base + vstart, base + vstart + len(value))
            quoted = len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'"
            if quoted:  # Docker removes one level of quotes in the legacy form too
                value = value[1:-1]
            ins.pairs.append(Pair(key, value, ks, ke, vs, ve, quoted))
        return
    while i < n:
        while i < n and text[i] in " \t":
            i += 1
        if i >= n:
            break
        m = _PAIR_KEY.match(text, i)
        if not m:
            break
        key = m.group(0)
        key_end = m.end()
        ks, ke = ins.args_range(base + i, base + key_end)
        if key_end < n and text[key_end] == "=":
            j = key_end + 1
            out: list[str] = []
            quoted = False
            while j < n and text[j] not in " \t":
                c = text[j]
                if c in "\"'":
                    quoted = True
                    close = text.find(c, j + 1)
                    while c == '"' and close != -1 and text[close - 1] == "\\":
                        close = text.find(c, close + 1)
                    if close == -1:
                        close = n
                    chunk = text[j + 1 : close]
                    out.append(chunk.replace('\\"', '"') if c == '"' else chunk)
                    j = close + 1
                elif c == "\\" and j + 1 < n:
                    out.append(text[j + 1])
                    j += 2
                else:
                    out.append(c)
                    j += 1
            vs, ve = ins.args_range(base + key_end + 1, base + j)
            ins.pairs.append(Pair(key, "".join(out), ks, ke, vs, ve, quoted))
            i = j
        else:
            ins.pairs.append(Pair(key, None, ks, ke, ke, ke))
            i = key_end


def _exec_form(ins: Instruction) -> None:
    rest = ins.rest.strip()
    if rest.startswith("["):
        value = string_array(rest)
        if value is not None:
            ins.exec_form = value


def parse_dockerfile(source: SourceFile) -> Dockerfile:
    text = source.text
    n = len(text)
    lines = text.split("\n")
    line_starts = []
    pos = 0
    for ln in lines:
        line_starts.append(pos)
        pos += len(ln) + 1

    # parser directives: only at the very top, before any other line
    escape = "\\"
    directives: dict[str, str] = {}
    for ln in lines:
        m = _DIRECTIVE.match(ln.strip())
        if not m:
            break
        directives[m.group(1).lower()] = m.group(2)
        if m.group(1).lower() == "escape" and m.group(2) in ("\\", "`"):
            escape = m.group(2)

    instructions: list[Instruction] = []
    li = 0
    total = len(lines)
    while li < total:
        raw = lines[li]
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            li += 1
            continue
        first_line = li
        lead = len(raw) - len(raw.lstrip())
        kstart = line_starts[li] + lead
        km = _KEYWORD.match(text, kstart)
        if not km:
            raise ParseError(f"expected an instruction, found {stripped[:30]!r}", li + 1, lead + 1)
        keyword = km.group(0).upper()
        kend = km.end()
        if keyword not in KNOWN_INSTRUCTIONS or (kend < len(text) and text[kend] not in " \t\n" + escape):
            word = text[kstart:kend + 20].split(None, 1)[0] if text[kstart:kend + 20].strip() else keyword
            raise ParseError(f"unknown instruction {word!r}", li + 1, lead + 1)
        # collect logical text with offsets
        chars: list[str] = []  # the logical line's pieces, one per physical line
        offsets: list[int] = []
        cur = kend
        line_end = line_starts[li] + len(raw)
        while True:
            segment_end = line_end
            seg = text[cur:segment_end]
            body = seg.rstrip(" \t")
            continued = body.endswith(escape)
            if continued:
                body = body[:-1]
            chars.append(body)
            offsets.extend(range(cur, cur + len(body)))
            if not continued:
                break
            # comment and empty lines inside a continuation are dropped, as Docker does
            li += 1
            while li < total and (not lines[li].strip() or lines[li].lstrip().startswith("#")):
                li += 1
            if li >= total:
                li = total - 1
                break
            cur = line_starts[li]
            line_end = cur + len(lines[li])
        args = "".join(chars)
        end_offset = (offsets[-1] + 1) if offsets else kend
        offsets.append(end_offset)
        leading = len(args) - len(args.lstrip())
        ins = Instruction(
            keyword=keyword,
            start=kstart,
            end=end_offset,
            keyword_end=kend,
            args=args[leading:],
            offsets=offsets[leading:],
            line=first_line + 1,
            end_line=li + 1,
        )
        _split_flags(ins)
        # heredocs
        if keyword in HEREDOC_INSTRUCTIONS or (keyword == "ONBUILD"):
            docs = list(_HEREDOC.finditer(ins.rest))
            for m in docs:
                strip_tabs = m.group(1) == "-"
                delim = m.group(3)
                li += 1
                body_start = line_starts[li] if li < total else n
                body_lines = []
                closed = False
                while li < total:
                    candidate = lines[li].lstrip("\t") if strip_tabs else lines[li]
                    if candidate == delim:
                        closed = True
                        break
                    body_lines.append(lines[li])
                    li += 1
                if not closed:
                    raise ParseError(f"heredoc delimited by {delim!r} is never closed", first_line + 1,
                                     source.position(ins.offset(ins.rest_index + m.start()))[1])
                body = "\n".join(body_lines) + ("\n" if body_lines else "")
                doc_end = line_starts[li] + len(lines[li])
                ins.heredocs.append(Heredoc(delim, body, body_start, doc_end, strip_tabs, bool(m.group(2))))
                ins.end = doc_end
                ins.end_line = li + 1
        if keyword in KNOWN_INSTRUCTIONS and not ins.args.strip() and not ins.heredocs:
            raise ParseError(f"{keyword} requires an argument", first_line + 1, lead + 1)
        if keyword in ("CMD", "ENTRYPOINT", "RUN", "SHELL", "HEALTHCHECK"):
            _exec_form(ins)
        if keyword in ("ENV", "ARG", "LABEL"):
            _parse_pairs(ins)
        instructions.append(ins)
        li += 1

    stages: list[Stage] = []
    global_args: list[Instruction] = []
    for ins in instructions:
        if ins.keyword == "FROM":
            words = ins.rest.split()
            image = words[0] if words else ""
            alias = None
            if len(words) >= 3 and words[1].lower() == "as":
                alias = words[2]
            platform = ins.flag("platform")
            stages.append(Stage(len(stages), image, alias, ins, [], platform.value if platform else None))
        if stages:
            ins.stage = stages[-1].index
            stages[-1].instructions.append(ins)
        elif ins.keyword == "ARG":
            global_args.append(ins)
        else:
            raise ParseError(
                f"{ins.keyword} before the first FROM (only ARG may come before FROM)",
                ins.line, source.position(ins.start)[1],
            )
    return Dockerfile(source, instructions, stages, global_args, escape, directives)
