"""Compound commands that are never closed, or closed without being opened, in a shell script.

The tokenizer (:mod:`flylint.linter.parsers.shell`) keeps reserved words at the start of each
command. Here they are matched the way the shell matches them: ``if … fi``, ``while``/``until``/
``for``/``select`` … ``done``, ``case … esac`` and ``{ … }``. The result is a syntax error that
``sh``/``bash`` would stop on before running anything (``syntax error: unexpected end of file``,
``syntax error near unexpected token `fi'``), reported by the parse-error rule SH000.

Only reserved words in command position count (``echo fi`` is a word, ``"if"`` is quoted). The
body of a ``case`` is skipped up to its ``esac``: its patterns (``stop)``, ``a|b)``) sit where a
command would and may be spelled like reserved words. Anything doubtful is left alone: this
reports only an opener with no closer at the end of the script, or a closer with no opener.
"""

from __future__ import annotations

from flylint.linter.parsers.shell import Command, ShellScript

_OPENERS = {"if": "fi", "while": "done", "until": "done", "for": "done", "select": "done", "{": "}"}
_CLOSERS = {"fi": ("if",), "done": ("while", "until", "for", "select"), "}": ("{",)}
_PATTERN_OPS = (")", "|")  # a case pattern ends with ) or |


def _leading(cmd: Command) -> list[str]:
    out: list[str] = []
    for word in cmd.words:
        if word.quoted or word.text not in ("if", "then", "else", "elif", "fi", "do", "done", "while", "until",
                                            "for", "select", "case", "esac", "{", "}", "!", "time"):
            break
        out.append(word.text)
        if word.text in ("for", "select", "case"):
            break  # the next words are a name and a list, not commands
    return out


def structure_error(script: ShellScript) -> tuple[str, int] | None:
    """(message, offset) of the first unbalanced compound command, or None."""
    stack: list[tuple[str, int]] = []  # (opening word, its offset)
    case_depth = 0
    case_start = 0
    esac_seen = False
    for cmd in script.commands:
        if not cmd.words:
            continue
        first = cmd.words[0]
        if not first.quoted and first.text == "esac":
            esac_seen = True
        if case_depth:
            if not first.quoted:
                if first.text == "esac" and cmd.op_after != ")":
                    case_depth -= 1
                elif _opens_case(cmd):  # `case x in`, `if case x in …` (a pattern `case)` has no `in`)
                    case_depth += 1
            continue
        words = _leading(cmd)
        for i, word in enumerate(words):
            offset = cmd.words[i].start
            if word in _OPENERS:
                stack.append((word, offset))
            elif word in _CLOSERS:
                if not stack or stack[-1][0] not in _CLOSERS[word]:
                    opener = stack[-1][0] if stack else None
                    inner = f" (the innermost open block is `{opener}`)" if opener else ""
                    return (f"`{word}` closes nothing{inner}: the shell stops here with \"syntax error near "
                            f"unexpected token `{word}'\"; remove it or add what it should close", offset)
                stack.pop()
            elif word == "case":
                case_depth, case_start = 1, offset
            elif word == "esac":
                return None  # a case pattern spelled esac, or one too many: not certain enough to say
        if first.text == "function" and not first.quoted and cmd.words[-1].text == "{":
            stack.append(("{", cmd.words[-1].start))
    if case_depth:
        return None if esac_seen else (_unclosed("case", "esac"), case_start)
    if stack:
        word, offset = stack[-1]
        return (_unclosed(word, _OPENERS[word]), offset)
    return None


def _opens_case(cmd: Command) -> bool:
    """``case WORD in`` after the command's leading reserved words."""
    k = len(_leading(cmd)) - 1
    words = cmd.words
    return (k >= 0 and words[k].text == "case" and len(words) > k + 2 and words[k + 2].text == "in"
            and not words[k + 2].quoted)


def _unclosed(word: str, closer: str) -> str:
    return (f"`{word}` is never closed with `{closer}`: the shell runs the lines before it, then stops with "
            f"\"syntax error: unexpected end of file\" and the rest of the script never runs; add the missing "
            f"`{closer}`")
