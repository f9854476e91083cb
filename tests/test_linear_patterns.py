"""Patterns rewritten to stay linear on hostile long lines agree with the regexes they replace.

Each regex below was quadratic (or cubic) on a long line holding what it looks for (found by
``benchmarks/fuzz_hostile.py --words``); the code that replaced it must decide exactly as it did.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flylint.linter import deploys
from flylint.linter.parsers.shell import tokenize
from flylint.linter.parsers.workflow import find_expressions
from flylint.rules.dockerfile import _binsh
from flylint.rules.dockerfile import download_from_moving_branch as dkr040
from flylint.rules.fly_toml import secret_in_files_raw_value as fly105
from flylint.rules.workflow import fly_token_not_from_secrets as gha

OLD_SH_LINK = re.compile(r"(?i)\bln\s+-[a-z]*s[a-z]*f?[a-z]*\s+(\S*/)?(bash|zsh)\s+/bin/sh\b|dpkg-reconfigure\b.*\bdash\b|"
                         r"update-alternatives\b.*\s/bin/sh\s")
OLD_VERIFY = re.compile(r"\b(sha(1|224|256|384|512)sum|shasum|b2sum|md5sum)\b[^\n]*(-c\b|--check\b)|"
                        r"\bgpg2?\b[^\n]*--verify\b|\bcosign\s+verify|\bminisign\b[^\n]*-V\b|\bopenssl\s+dgst\b")
OLD_FLY_TOKEN = re.compile(r"(?i)fly.*token")
OLD_EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
OLD_EXPR_ON_A_LINE = re.compile(r"\$\{\{.*?\}\}")
OLD_ASSIGNMENT = re.compile(r"""^\s*(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.\-]*)["']?\s*[=:]\s*(.*?)\s*,?\s*$""")

ATOMS = ["ln", " ", "-s", "-sf", "-Sf", "-f", "/bin/bash", "bash", "zsh", "/bin/sh", "/usr/bin/", "\n", "\r", "\t",
         "dpkg-reconfigure", "dash", "DASH", "update-alternatives", "--install", "sha256sum", "md5sum", "b2sum", "-c",
         "--check", "gpg", "gpg2", "--verify", "cosign", "verify", "minisign", "-V", "openssl", "dgst", "x", "fly",
         "FLY", "token", "TOKEN", "${{", "}}", "-", "s", "export", "A_1", "=", ":", ",", "'", '"']
TEXTS = st.lists(st.sampled_from(ATOMS), max_size=14).map("".join)
FUZZ = settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(TEXTS)
def test_the_linear_checks_decide_as_the_regexes_did(text: str) -> None:
    assert _binsh._relinks_sh(text) == bool(OLD_SH_LINK.search(text))
    assert dkr040._verifies(text) == bool(OLD_VERIFY.search(text))
    assert gha._names_a_fly_token(text) == bool(OLD_FLY_TOKEN.search(text))
    assert [m.span(1) for m in find_expressions(text)] == [m.span(1) for m in OLD_EXPRESSION.finditer(text)]
    assert deploys._blank_expressions(text) == OLD_EXPR_ON_A_LINE.sub("*", text)


@FUZZ
@given(TEXTS)
def test_assignments_in_a_files_raw_value_read_as_before(text: str) -> None:
    line = text.split("\n")[0].split("\r")[0]
    old = OLD_ASSIGNMENT.match(line)
    new = fly105._ASSIGNMENT.match(line)
    assert (old is None) == (new is None)
    if old is not None and new is not None:
        value = new.group(2).rstrip().removesuffix(",").strip()
        assert (new.group(1), value) == (old.group(1), old.group(2).strip())


def _old_effective_argv(argv: list, wrappers: frozenset[str]) -> list:
    while argv and argv[0].text in wrappers:  # the slicing loop it replaced (quadratic in `env env …`)
        wrapper = argv[0].text
        argv = argv[1:]
        while argv and (argv[0].text.startswith("-") or (wrapper == "env" and "=" in argv[0].text)):
            argv = argv[1:]
    return argv


def test_wrappers_are_peeled_as_before_however_many() -> None:
    from flylint.linter.parsers.shell import _WRAPPERS

    for script, name in [("env env A=1 env -i sudo -E exec ls -l", "ls"), ("env " * 5000 + "fly deploy", "fly"),
                         ("sudo -u x ls", "x"), ("sudo", ""), ("exec -a", ""), ("nohup xargs -0 rm", "rm")]:
        [command] = tokenize(script).commands
        assert command.name == name, script[:40]
        assert command.effective_argv() == _old_effective_argv(command.argv, _WRAPPERS)
