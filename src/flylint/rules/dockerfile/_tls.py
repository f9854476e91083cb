"""TLS verification switched off by a command or an environment variable (not a rule module).

Shared by ``tls-verification-disabled`` (DKR007, Dockerfile ``RUN``/``ENV``/``ARG``) and
``script-tls-verification-disabled`` (SH006, deploy scripts and workflow steps), so both
recognise the same switches.
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.parsers.shell import Command, Word
from flylint.rules.dockerfile._pkg import pkg_call
from flylint.rules.dockerfile._util import basename, parse_args

_CURL_ARG = "bcCdDeEFHKmoPQrtTuUwxXyYz"
_CURL_LONG_ARG = ("output", "header", "data", "data-raw", "data-binary", "user", "config", "url", "request",
                  "cacert", "cert", "key", "proxy", "user-agent", "referer", "form", "write-out", "max-time",
                  "connect-timeout", "retry", "upload-file", "cookie", "cookie-jar", "resolve", "range")
_FALSE = frozenset({"false", "0", "no", "off"})
_SSLVERIFY_OFF = lazy(r"(?i)(^|[^a-z_])sslverify\s*=\s*(0|false|no)\b")
_GIT_SSLVERIFY = lazy(r"(?i)^http\.([^=]*\.)?sslverify$")
_DECLARE = ("export", "env", "declare", "readonly", "local")


def env_disables(name: str, value: str | None) -> bool:
    """Whether setting ``name=value`` turns certificate checks off for a whole tool."""
    if value is None:
        return False
    upper = name.upper()
    v = value.strip().strip("\"'").lower()
    if upper in ("NODE_TLS_REJECT_UNAUTHORIZED", "PYTHONHTTPSVERIFY", "BUNDLE_SSL_VERIFY_MODE"):
        return v == "0"
    if upper in ("NPM_CONFIG_STRICT_SSL", "YARN_STRICT_SSL", "YARN_ENABLE_STRICT_SSL"):
        return v in _FALSE
    if upper == "GIT_SSL_NO_VERIFY":
        return True  # git skips verification whenever the variable is set
    if upper == "PIP_TRUSTED_HOST":
        return bool(v)
    if upper == "CURL_INSECURE":
        return v in ("1", "true", "yes")
    return False


def disabling_assignments(cmd: Command) -> Iterator[Word]:
    """``NAME=value`` words of a command (prefix assignments, ``export`` …) that switch checks off."""
    words = list(cmd.assignments)
    argv = cmd.argv
    if argv and argv[0].text in _DECLARE:
        words += [w for w in argv[1:] if "=" in w.text and not w.text.startswith("-")]
    for w in words:
        name, _, value = w.text.partition("=")
        if env_disables(name, value):
            yield w


def tls_switches(argv: list[Word]) -> Iterator[tuple[Word, str]]:
    """(word, description) for each command-line switch in ``argv`` that skips certificate checks."""
    if not argv:
        return
    name = basename(argv[0])
    texts = [w.text for w in argv]
    if name == "curl":
        opts, _ = parse_args(argv[1:], _CURL_ARG, _CURL_LONG_ARG)
        for o in opts:
            if o.name in ("-k", "--insecure", "--proxy-insecure"):
                yield o.word, f"`curl {o.word.text}`"
                break
    elif name == "wget":
        for w in argv[1:]:
            if w.text == "--no-check-certificate" or w.text.lower() in ("--check-certificate=off",
                                                                         "--check-certificate=quiet"):
                yield w, f"`wget {w.text}`"
    elif name == "git":
        for i, w in enumerate(argv[1:-1], 1):
            if w.text == "-c":
                key, _, value = argv[i + 1].text.partition("=")
                if _GIT_SSLVERIFY.match(key) and value.lower() in _FALSE:
                    yield argv[i + 1], f"`git -c {argv[i + 1].text}`"
        if "config" in texts:
            k = texts.index("config")
            rest = [t for t in texts[k + 1 :] if not t.startswith("-")]
            if len(rest) >= 2 and _GIT_SSLVERIFY.match(rest[0]) and rest[1].lower() in _FALSE:
                yield argv[k], f"`git config {rest[0]} {rest[1]}`"
    elif name in ("npm", "yarn", "pnpm"):
        for w in argv[1:]:
            low = w.text.lower()
            if low.startswith(("--strict-ssl=", "--enable-strict-ssl=")) and low.split("=", 1)[1] in _FALSE:
                yield w, f"`{name} {w.text}`"
        low_texts = [t.lower() for t in texts]
        if "set" in low_texts[1:3]:
            k = low_texts.index("set")
            operands = [(j, t) for j, t in enumerate(low_texts) if j > k and not t.startswith("-")]
            if operands:
                j, first = operands[0]
                key, eq, value = first.partition("=")
                if not eq and len(operands) >= 2:
                    value = operands[1][1]
                if key in ("strict-ssl", "strict_ssl", "enablestrictssl") and value in _FALSE:
                    yield argv[j], f"`{name} config set {key} {value}`"
    call = pkg_call(Command(list(argv)))
    if call is not None:
        if call.family == "pip":
            for o in call.opts:
                if o.name == "--trusted-host":
                    yield o.word, f"`pip --trusted-host {o.value}`" if o.value else "`pip --trusted-host`"
            if call.sub == "config" and any(w.text.endswith("trusted-host") for w in call.operands):
                yield call.sub_word or argv[0], "`pip config set …trusted-host`"
        elif call.family == "rpm":
            for o in call.opts:
                if o.name == "--setopt" and o.value and _SSLVERIFY_OFF.search(o.value):
                    yield o.word, f"`{call.tool} --setopt={o.value}`"
    elif name not in ("curl", "wget", "git"):
        for w in argv[1:]:
            if _SSLVERIFY_OFF.search(w.text):
                yield w, "a repository written with `sslverify=0`"
