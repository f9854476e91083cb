"""Secret detection: our Fly-aware detectors plus detect-secrets, behind one small API.

This is the only module that imports detect-secrets, through its public API: its plugin
classes, each plugin's ``analyze_line``, and ``transient_settings`` (which keep online
verification off when a caller in the same process has turned it on). The import costs
~40 ms (with ``requests``, which detect-secrets imports for that verification, deferred until
used: see :mod:`flylint.base.deferred`), so it happens only when a value passes a cheap
pre-filter (a known token prefix, a private-key header …) and a clean project never pays it.

Nothing here returns or stores a secret value: callers get the kind of secret, where it sits
in the value, and a redacted form.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from flylint.base.lazyre import lazy
from flylint.base.records import record


@record(frozen=True, slots=True)
class SecretHit:
    kind: str  # e.g. "Stripe live secret key"
    start: int  # index into the scanned value
    end: int
    redacted: str
    strong: bool = True  # False: a URL password that looks human-chosen (``postgres``), no proof of a real key


def redact(value: str) -> str:
    """A form safe to print: ``sk_l…(32 chars)``; short values show no characters at all."""
    n = len(value)
    if n >= 16:
        return f"{value[:4]}…({n} chars)"
    return f"…({n} chars)"


def redact_text(text: str, limit: int = 200) -> str:
    """Free text from a file (a suppression's reason) made safe to print: :func:`redact_message`
    on it with control characters and runs of white space made one space, at most ``limit`` chars."""
    text = redact_message(" ".join("".join(ch if ch.isprintable() else " " for ch in text).split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


# runs of token characters long enough to be a key (split at /, ., :, @, spaces and quotes)
_RUN = lazy(r"[A-Za-z0-9_+\-]{16,}")
_DIGEST = lazy(r"[0-9a-f]{40}|[0-9a-f]{64}")  # commit SHAs and image digests: printed on purpose


def random_run(word: str) -> bool:
    """A long run that looks machine-generated: letters and digits mixed, high entropy.

    Stricter than :func:`looks_random` (which also counts punctuation), so rule names and
    kebab-case words (``slow-startup-grace-period``) are never taken for keys."""
    if len(word) < 16 or _DIGEST.fullmatch(word):
        return False
    kinds = [c.isdigit() for c in word if c.isalnum()]
    switches = sum(kinds[i] != kinds[i + 1] for i in range(len(kinds) - 1))  # letter <-> digit, as keys do often
    return switches >= 4 and _entropy(word) >= 3.0


_QUERY_SECRET = lazy(r"""([?&;]([A-Za-z_][A-Za-z0-9_.\-]*)=)([^&;#\s"'`)\]]+)""")


def secret_spans(text: str, *, assignment: bool = False) -> list[tuple[int, int]]:
    """Where ``text`` holds something that must not be shown, as sorted, non-overlapping
    (start, end) pairs: known-format secrets (:func:`scan_value`), the value of a
    credential-named URL query parameter (``?token=…``), long random-looking runs, and with
    ``assignment`` (a line of a user's file) the literal value of ``NAME = value`` /
    ``NAME: value`` / ``NAME=value`` when ``NAME`` is credential-like (:func:`literal_credential`).

    The one decision behind :func:`redact_message`, :func:`redact_line` and the masked source
    lines of ``--show-source``; they differ only in how they hide a span."""
    spans = [(hit.start, hit.end) for hit in scan_value(text)]
    if "=" in text:  # ?token=…, &api_key=… in a URL or a path: the name says what the value is
        spans += [m.span(3) for m in _QUERY_SECRET.finditer(text)
                  if credential_name(m.group(2)) and not is_placeholder(m.group(3))]
    if len(text) >= 16:
        spans += [m.span() for m in _RUN.finditer(text) if random_run(m.group(0))]
    if assignment:
        # the whole rest of the line (`KEY = "value"` in TOML, `KEY: value` in YAML), and each
        # `NAME=value` word (`ENV A=1 DB_PASSWORD=… B=$A` in a Dockerfile, `export` lines)
        m = _ASSIGNMENT.match(text)
        pairs = [(m.group(2), *m.span(3))] if m else []
        if "=" in text:
            pairs += [(p.group(1), *p.span(2)) for p in _PAIR.finditer(text)]
        for name, start, end in pairs:
            while start < end and text[start] in "\"' \t":
                start += 1
            while end > start and text[end - 1] in "\"' \t":
                end -= 1
            if start < end and literal_credential(name, text[start:end]):
                spans.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _redact_spans(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in reversed(spans):
        text = text[:start] + redact(text[start:end]) + text[end:]
    return text


def redact_message(text: str) -> str:
    """The backstop every finding message, fix title and parse error passes through: what
    :func:`secret_spans` finds (known-format secrets, URL passwords, private keys, credential
    query parameters, long random-looking runs) replaced by its redacted form, whatever rule or
    parser quoted it. Control characters are left to the output formats, which escape them."""
    return _redact_spans(text, secret_spans(text))


_PAIR = lazy(r"""(?<![\w$.\-])([A-Za-z_][A-Za-z0-9_.\-]*)=("[^"]*"|'[^']*'|[^\s"']+)""")
_ASSIGNMENT = lazy(r"""^(\s*(?:-\s+)?(?:export\s+|ENV\s+|ARG\s+)?["']?([A-Za-z_][A-Za-z0-9_.\-]*)["']?\s*[:=]\s*)"""
                   r"(.+?)\s*$")


@lru_cache(maxsize=4096)  # a pure function of the line: a diff shows the same context lines in many files
def redact_line(line: str) -> str:
    """A line of a user's file shown as context (``--diff``): :func:`redact_message`, and the
    value of ``NAME = value`` / ``NAME: value`` / ``NAME=value`` redacted when ``NAME`` is
    credential-like and the value is a literal (``PASSWORD = "hunter2hunter2"``)."""
    body = line.rstrip("\r\n")
    return _redact_spans(body, secret_spans(body, assignment=True)) + line[len(body):]


# -- placeholders ------------------------------------------------------------------------

_PLACEHOLDER = lazy(
    r"""^(
        |\s+
        |[x*X.\-_#]{1,}
        |<[^<>]*>|\[[^\[\]]*\]|\{\{[^{}]*\}\}|%[A-Za-z_][A-Za-z0-9_]*%
        |\$\{?[A-Za-z_][A-Za-z0-9_]*(:?[-=?+][^}]*)?\}?
        |\$\(.*\)|`.*`
        |(change[-_ ]?me|changeit|replace[-_ ]?me|your[-_ ].*|my[-_ ]?(secret|password|token|key)|
          placeholder|example|dummy|fake|sample|secret|password|passw0rd|token|none|null|nil|
          undefined|todo|tbd|fixme|test|testing|redacted|hidden|masked|notset|not[-_ ]set|unset|
          empty|default|false|true|disabled|enabled|off|on|no|yes|auto|required|optional|
          insert[-_ ].*|enter[-_ ].*|set[-_ ]?me|fill[-_ ]?me|to[-_ ]?be[-_ ].*|xxx+.*|\*+.*)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


# Values that say of themselves that they are not the real secret, e.g. the build-time
# "non-secret-key-for-building-purposes" that `fly launch` writes into Django Dockerfiles.
_SELF_DECLARED = lazy(
    r"(non|not)[-_ ]?(a[-_ ])?(real[-_ ])?secret|dummy|placeholder|fake[-_]|[-_]fake|example\.com|"
    r"for[-_ ]build|build[-_ ]?(time|only)[-_ ]|change[-_ ]?me|replace[-_ ]?me|your[-_ ](secret|password|token|key)",
    re.IGNORECASE,
)


def is_placeholder(value: str) -> bool:
    """True for values that are clearly not a real secret (``""``, ``changeme``, ``${VAR}``…)."""
    v = value.strip().strip("'\"")
    if _PLACEHOLDER.match(v) or _SELF_DECLARED.search(v):
        return True
    if "${" in v or "$(" in v or v.startswith("$") or re.search(r"(^|[^A-Za-z0-9])\$[A-Z_][A-Z0-9_]{2,}", v):
        return True  # built from other variables at run time (a lower-case "$k" inside a key is not)
    if v.lower().startswith(("env:", "secret:", "vault:", "op://", "arn:aws:secretsmanager")):
        return True
    return bool(re.fullmatch(r"(.)\1{3,}", v))  # "0000", "aaaa"


# -- how much a literal looks like a real secret ------------------------------------------
# A variable's name says what it is meant to hold; only the value says whether a real secret
# sits in the file. ``evidence`` grades a literal: NO_SECRET for placeholders and values that
# cannot be a credential (``1``, ``123456``, ``doesnt matter``, ``a1b2c3d4e5``), WEAK for a
# human-chosen word (``securekey``: worth moving to secrets, no proof of a real key) and STRONG
# for machine-generated values (random mixed characters, long hex, known token formats).
NO_SECRET, WEAK, STRONG = 0, 1, 2

_SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "1234567890", "9876543210",
              "qwertyuiopasdfghjklzxcvbnm", "a1b2c3d4e5f6g7h8i9j0", "1a2b3c4d5e6f7g8h9i")
_NOT_REAL = lazy(
    r"dummy|example|sample|fake|placeholder|change[-_ ]?(me|this|it)|not[-_ ]?a[-_ ]?secret|insecure|"
    r"unused|doesn'?t[-_ ]?matter|does[-_ ]?not[-_ ]?matter|whatever|not[-_ ]?used|for[-_ ]?(build|assets)",
    re.IGNORECASE,
)
# words people type when they make a value up; a generated key does not contain them
_HUMAN_WORDS = lazy(
    r"pass|secret|token|test|demo|admin|user|key|prod|stag|dev|local|app|api|auth|login|root|"
    r"default|guest|hello|welcome|letmein|qwerty|super|secure|private|master|mail|data",
    re.IGNORECASE,
)
_HEX = lazy(r"[0-9a-f]{12,}|[0-9A-F]{12,}")


def _is_sequence(text: str) -> bool:
    low = re.sub(r"[^a-z0-9]", "", text.lower())
    return len(low) >= 3 and any(low in seq for seq in _SEQUENCES)


def generated(value: str) -> bool:
    """True for values that look machine-generated: random mixed characters or long hex."""
    v = value.strip()
    if _HEX.fullmatch(v):
        return bool(re.search(r"[0-9]", v)) and bool(re.search(r"[a-fA-F]", v))
    if not looks_random(v) or not (re.search(r"[0-9]", v) or (re.search(r"[a-z]", v) and re.search(r"[A-Z]", v))):
        return False  # lower-case words joined by dashes are typed, not generated
    words = re.findall(r"[a-z]{4,}|[A-Z]{4,}", v)  # single-case letter runs read like words
    if sum(map(len, words)) * 10 >= len(v) * 4:
        return False
    letters = "".join(re.findall(r"[A-Za-z]{4,}", v))
    return not (letters and _HUMAN_WORDS.search(letters) and len(v) < 32)


def evidence(value: str) -> int:
    """NO_SECRET, WEAK or STRONG: how much ``value`` looks like a real credential."""
    v = value.strip().strip("'\"")
    if not v or is_placeholder(v) or _NOT_REAL.search(v) or any(ch.isspace() for ch in v):
        return NO_SECRET
    if len(v) < 4 or (v.isdigit() and len(v) <= 8) or _is_sequence(v):
        return NO_SECRET
    if scan_value(v) or generated(v):
        return STRONG
    if len(v) >= 10 and all(re.search(c, v) for c in (r"[a-z]", r"[A-Z]", r"[0-9]")):
        return STRONG  # a deliberately complex password (Sup3rS3cretPass) is a real one, not a default
    return WEAK


# -- credential-shaped names -------------------------------------------------------------

# A name is a credential when a credential word (or pair of words) ends it, optionally followed
# only by a neutral suffix: DB_PASSWORD, STRIPE_SECRET_KEY_LIVE, apiKey, SECRET_KEY_BASE. Names
# where the credential word is followed by something else only describe a credential:
# PASSWORD_MIN_LENGTH, TOKEN_TTL, AWS_ACCESS_KEY_ID, KEEP_PASSWORD_RESETS_DAYS, SECRET_FILE.
_CRED_WORDS = frozenset({
    "SECRET", "SECRETS", "TOKEN", "PASSWORD", "PASSWD", "PASSPHRASE", "PASS", "APIKEY",
    "CREDENTIAL", "CREDENTIALS", "PRIVATEKEY", "SECRETKEY", "ACCESSKEY",
})
_CRED_PAIRS = {
    "KEY": frozenset({"API", "PRIVATE", "SECRET", "ACCESS", "ENCRYPTION", "SIGNING", "MASTER", "LICENSE"}),
    "BASE": frozenset({"KEY"}),  # SECRET_KEY_BASE (Rails)
}
_NEUTRAL_SUFFIXES = frozenset({
    "VALUE", "VAL", "STRING", "STR", "B64", "BASE64", "RAW", "PLAIN", "PLAINTEXT", "ENC", "ENCODED",
    "HEX", "PROD", "PRODUCTION", "LIVE", "DEV", "DEVELOPMENT", "STAGING", "STAGE", "TEST", "QA",
    "DEFAULT", "OLD", "NEW", "PREVIOUS", "CURRENT", "PRIMARY", "SECONDARY", "MAIN", "BACKUP",
})


def _is_credential_end(tokens: list[str], i: int) -> bool:
    word = tokens[i]
    if word in _CRED_WORDS:
        return True
    before = _CRED_PAIRS.get(word)
    if before is not None and i > 0 and tokens[i - 1] in before:
        return word != "BASE" or (i > 1 and tokens[i - 2] == "SECRET")
    return False


# Keys meant to be read by browsers or any client: public/publishable keys, search-only keys
# (Algolia), anonymous keys (Supabase), site keys (reCAPTCHA), and the variables frameworks
# compile into client bundles (NEXT_PUBLIC_, VITE_, REACT_APP_ …).
_PUBLIC_BY_DESIGN = lazy(
    r"PUBLIC|PUBLISHABLE|SEARCH[-_]?(ONLY[-_]?)?(API[-_]?)?KEY|ANON[-_]?KEY|SITE[-_]?KEY|"
    r"^(NEXT_PUBLIC|NUXT_PUBLIC|EXPO_PUBLIC|VITE|REACT_APP|GATSBY|PUBLIC)_",
    re.IGNORECASE,
)


def public_by_design(name: str) -> bool:
    """True for names of keys meant for clients (``NEXT_PUBLIC_*``, publishable, anon, site keys)."""
    return bool(_PUBLIC_BY_DESIGN.search(name))


@lru_cache(maxsize=4096)  # a pure function of the name, asked about the same few names again and again
def credential_name(name: str) -> bool:
    """True for names such as ``STRIPE_SECRET_KEY``, ``DB_PASSWORD``, ``GITHUB_TOKEN``.

    Names that only describe a credential (``PASSWORD_MIN_LENGTH``, ``TOKEN_TTL``,
    ``PUBLIC_KEY``, ``SECRET_FILE``, ``AWS_ACCESS_KEY_ID``) are not credentials themselves.
    """
    if _PUBLIC_BY_DESIGN.search(name):
        return False
    normalised = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    tokens = [t for t in re.split(r"[_\-.\s]+", normalised.upper()) if t]
    for i in range(len(tokens) - 1, -1, -1):
        if _is_credential_end(tokens, i):
            rest = tokens[i + 1 :]
            return all(t in _NEUTRAL_SUFFIXES or t.isdigit() for t in rest)
    return False


_FILE_PATH = lazy(r"^(/|~/|\./|\.\./)[\w.@/~+-]*$")


def literal_credential(name: str, value: str) -> bool:
    """True when a credential-named variable holds a literal, non-placeholder value."""
    if not credential_name(name):
        return False
    v = value.strip()
    return not (is_placeholder(v) or _FILE_PATH.match(v))


# -- our own detectors -------------------------------------------------------------------

_FLY_TOKEN = lazy(r"(?:FlyV1\s+)?f[mo][12]_[A-Za-z0-9+/=_\-,]{20,}")
# formats detect-secrets 1.5 does not know: GitHub fine-grained tokens, OpenAI project, service-account
# and admin keys without the legacy marker, Anthropic keys; the random part must look generated
_OWN_FORMATS: tuple[tuple[str, str], ...] = (
    ("GitHub token", r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}"),
    ("OpenAI API key", r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{40,}"),
    ("Anthropic API key", r"sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_\-]{80,}"),
)
_FIXTURE_WORD = lazy(r"(?i)test|mock|fake|dummy|example|sample|x{6}")
_OWN = lazy("|".join(f"(?P<f{i}>{p})" for i, (_, p) in enumerate(_OWN_FORMATS)))
# the scheme is bounded: with `*`, every word start of a long "a.a.a.…" line scanned to its end
_URL_PASSWORD = lazy(r"\b[a-z][a-z0-9+.\-]{0,31}://([^\s:/@'\"]+):([^\s@/'\"]+)@([^\s'\"]+)", re.IGNORECASE)
# hosts that only exist on a developer's machine or in a compose file
_LOCAL_HOST = lazy(r"(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|host\.docker\.internal)(?=[:/?]|$)",
                   re.IGNORECASE)

# -- detect-secrets --------------------------------------------------------------------------

#: The detect-secrets plugins flylint runs (its format plugins; not the entropy and keyword
#: plugins, whose guesses flylint's own name-based rules make with context): module of
#: ``detect_secrets.plugins``, class, and the name a finding gives the secret.
PLUGINS: tuple[tuple[str, str, str], ...] = (
    ("aws", "AWSKeyDetector", "AWS access key"),
    ("artifactory", "ArtifactoryDetector", "Artifactory token"),
    ("azure_storage_key", "AzureStorageKeyDetector", "Azure storage account key"),
    ("discord", "DiscordBotTokenDetector", "Discord bot token"),
    ("github_token", "GitHubTokenDetector", "GitHub token"),
    ("gitlab_token", "GitLabTokenDetector", "GitLab token"),
    ("jwt", "JwtTokenDetector", "JSON Web Token"),
    ("mailchimp", "MailchimpDetector", "Mailchimp API key"),
    ("npm", "NpmDetector", "npm token"),
    ("openai", "OpenAIDetector", "OpenAI API key"),
    ("private_key", "PrivateKeyDetector", "private key"),
    ("pypi_token", "PypiTokenDetector", "PyPI token"),
    ("sendgrid", "SendGridDetector", "SendGrid API key"),
    ("slack", "SlackDetector", "Slack token or webhook"),
    ("square_oauth", "SquareOAuthDetector", "Square OAuth secret"),
    ("stripe", "StripeDetector", "Stripe secret key"),
    ("telegram_token", "TelegramBotTokenDetector", "Telegram bot token"),
    ("twilio", "TwilioKeyDetector", "Twilio API key"),
)

# Which values are worth handing to detect-secrets at all. Importing it costs ~40 ms, so a
# value is scanned only when it holds something every match of some plugin pattern holds (a
# fixed prefix, a marker, the shape around a separator). This decides nothing by itself: a
# candidate is scanned by every plugin above, and only their verdict makes a finding. It may
# let through more than the plugins match, never less (tests/test_secrets.py generates strings
# from every plugin pattern and checks that each one is a candidate).
#
# Every alternative of _CANDIDATE starts with a literal character (a case-insensitive word is
# written as its two first letters, `a(?i:ws)|A(?i:ws)`), so the regex engine only tries the
# positions holding one of those characters; the three formats that start with a character
# class are in _GATED, each tried only when a literal-led gate finds a part every match holds. Every
# line of every file passes here: one class-led alternative made the search ~2.5x slower.
_CANDIDATE = lazy(
    r"A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA"  # AWS key id
    # aws ... secret key: the plugin's own pattern, bounded (an unbounded `aws.*` made a line of
    # 100,000 "aws " take minutes: every "aws" scanned to the end of the line and back)
    r"|a(?i:ws.{0,20}?(?:key|pw|pass|token).{0,20}?['\"][0-9a-z/+]{40}['\"])"
    r"|A(?i:ws.{0,20}?(?:key|pw|pass|token).{0,20}?['\"][0-9a-z/+]{40}['\"])"
    r"|AKC[a-zA-Z0-9]{10}|AP[\dA-F][a-zA-Z0-9]{8}"  # Artifactory
    r"|AccountKey="  # Azure storage
    r"|gh[pousr]_"  # GitHub
    r"|gl(?:pat|dt|ft|soat|rt|cbt|imt|ptt|agent|oas)-|GR1348941"  # GitLab
    r"|eyJ"  # JWT
    r"|:_authToken="  # npm
    r"|T3BlbkFJ"  # OpenAI
    r"|PRIVATE KEY|PuTTY-User-Key-File-2"  # private keys
    r"|pypi-AgE"  # PyPI
    r"|SG\.[a-zA-Z0-9_-]{22}\."  # SendGrid
    r"|x(?i:ox[abposr]-)|X(?i:ox[abposr]-)|h(?i:ooks\.slack\.com)|H(?i:ooks\.slack\.com)"  # Slack
    r"|sq0csp-"  # Square
    r"|rk_live_|sk_live_"  # Stripe
    r"|AC[a-z0-9]{32}|SK[a-z0-9]{32}"  # Twilio
)
# (gate, format): the gate matches a part of every match of the format and starts with a
# literal character, so the engine skips to that character (the format itself is tried at
# every position)
_GATED = (
    (lazy(r"-us[0-9]"), lazy(r"[0-9a-z]{32}-us[0-9]")),  # Mailchimp
    (lazy(r":[0-9A-Za-z_-]{35}"), lazy(r"\d{8,10}:[0-9A-Za-z_-]{35}")),  # Telegram
    (lazy(r"\.[a-zA-Z\d_-]{6}\."), lazy(r"[MNO][a-zA-Z\d_-]{23,25}\.[a-zA-Z\d_-]{6}\.")),  # Discord
)


def is_candidate(value: str) -> bool:
    """Whether ``value`` is worth scanning with detect-secrets' plugins (see above)."""
    return bool(_CANDIDATE.search(value)) or any(gate.search(value) and pattern.search(value)
                                                 for gate, pattern in _GATED)


class SecretScannerError(RuntimeError):
    """detect-secrets or one of its plugins cannot be loaded: secrets would go unreported."""


#: detect-secrets settings while flylint scans: no filter, so in particular none that asks
#: ``analyze_line`` to verify a secret online. The plugins are flylint's own instances.
_SETTINGS: dict[str, Any] = {"filters_used": []}
#: the one filter that makes a plugin's ``analyze_line`` verify a secret online: flylint's
#: settings are entered only when it is configured (by a caller of detect-secrets in this
#: process), since entering them costs two of detect-secrets' cache resets per value
_VERIFY = "detect_secrets.filters.common.is_ignored_due_to_verification_policies"


@lru_cache(maxsize=1)
def _plugins() -> tuple[tuple[str, Any], ...]:
    """(name for findings, plugin instance) for every plugin in :data:`PLUGINS`, loaded once.

    A plugin that is missing or fails to load raises :class:`SecretScannerError`: scanning
    with fewer plugins than promised would report a file as clean that is not.
    """
    import importlib

    from flylint.base.deferred import defer_import

    # detect-secrets' plugin base imports requests for online verification, which flylint
    # keeps off, and its secrets collection imports multiprocessing to scan many files at once,
    # which flylint does not ask it to: their code runs only if something uses them (~0.1 s of
    # CPU saved per run that scans a candidate value)
    defer_import("requests")
    defer_import("multiprocessing")
    loaded: list[tuple[str, Any]] = []
    for module, name, kind in PLUGINS:
        try:
            plugin = getattr(importlib.import_module(f"detect_secrets.plugins.{module}"), name)()
        except Exception as exc:  # ImportError, AttributeError, or an error inside detect-secrets
            why = str(exc) or type(exc).__name__
            raise SecretScannerError(f"detect-secrets plugin {name} cannot be loaded ({why}); "
                                     "flylint needs detect-secrets 1.5") from exc
        loaded.append((kind, plugin))
    return tuple(loaded)


def _detect_secrets(value: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of each secret detect-secrets' plugins find in ``value``."""
    plugins = _plugins()  # first: it defers requests before detect-secrets is imported
    from contextlib import nullcontext

    from detect_secrets.settings import get_settings, transient_settings

    found: list[tuple[str, int, int]] = []
    with transient_settings(_SETTINGS) if _VERIFY in get_settings().filters else nullcontext():
        for kind, plugin in plugins:
            secrets = {s.secret_value for s in plugin.analyze_line(filename="flylint", line=value, line_number=1)}
            secrets.discard(None)
            if not secrets:
                continue
            for start, end in _match_spans(plugin, value):
                token = value[start:end]
                if any(f in token or token in f for f in secrets):
                    found.append((kind, start, end))
    return found


def _match_spans(plugin: Any, value: str) -> list[tuple[int, int]]:
    """Where ``plugin``'s patterns match ``value``, as (start, end) of the secret itself.

    A plugin reports what ``re.findall`` returns, which for a pattern with a group is the
    group (``ghp`` for a GitHub token); we want the whole token. A group is used only when it
    is the token inside a longer match (npm's ``:_authToken=<token>``).
    """
    spans: list[tuple[int, int]] = []
    for pattern in plugin.denylist:
        for m in pattern.finditer(value):
            start, end = m.span()
            if m.lastindex:
                g_start, g_end = m.span(m.lastindex if m.lastindex == 1 else 1)
                if g_start >= 0 and g_end - g_start >= 16:
                    start, end = g_start, g_end
            while start < end and value[start] in " \t\"'=:":
                start += 1
            while end > start and value[end - 1] in " \t\"'":
                end -= 1
            if end > start:
                spans.append((start, end))
    return spans


def _entropy(s: str) -> float:
    if not s:
        return 0.0
    counts: dict[str, int] = {}
    for ch in s:
        counts[ch] = counts.get(ch, 0) + 1
    n = len(s)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def looks_random(value: str) -> bool:
    """A rough test for machine-generated credentials (long, mixed, high entropy)."""
    v = value.strip()
    if len(v) < 12 or " " in v:
        return False
    classes = sum(bool(re.search(p, v)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]"))
    return _entropy(v) >= 3.0 and classes >= 2


@lru_cache(maxsize=4096)
def _scan(value: str) -> tuple[SecretHit, ...]:
    hits: list[SecretHit] = []
    for m in _FLY_TOKEN.finditer(value):
        hits.append(SecretHit("Fly.io API token", m.start(), m.end(), redact(m.group(0))))
    if "_pat_" in value or "sk-" in value:
        for m in _OWN.finditer(value):
            token = m.group(0)
            tail = re.sub(r"^(sk-[a-z]+(?:\d\d)?-|github_pat_)", "", token)
            if _NOT_REAL.search(token) or _FIXTURE_WORD.search(token) or not generated(tail):
                continue  # sk-proj-test-mock-key…: a fixture, not a key
            kind = _OWN_FORMATS[int(str(m.lastgroup)[1:])][0]
            hits.append(SecretHit(kind, m.start(), m.end(), redact(token)))
    for m in _URL_PASSWORD.finditer(value):
        password = m.group(2)
        if is_placeholder(password) or password.startswith("$") or _LOCAL_HOST.match(m.group(3)):
            continue  # a development URL (localhost, a compose service) holds no secret worth rotating
        grade = evidence(password)
        if grade != NO_SECRET:
            hits.append(SecretHit("password in a URL", m.start(2), m.end(2), redact(password), grade == STRONG))
    if is_candidate(value):
        for kind, start, end in _detect_secrets(value):
            secret = value[start:end]
            if is_placeholder(secret) or _low_variety(secret) or "EXAMPLE" in secret.upper():
                continue  # AC000…000, AKIAIOSFODNN7EXAMPLE: the shape of a key, filled in for documentation
            if any(h.start <= start and end <= h.end for h in hits):
                continue  # already reported (a URL password, or by another plugin)
            label = "Slack webhook URL" if "hooks.slack.com" in secret else kind
            hits.append(SecretHit(label, start, end, redact(secret)))
    hits.sort(key=lambda h: h.start)
    return tuple(hits)


def _low_variety(token: str) -> bool:
    """Whether one character makes up half of ``token`` or more (a format filled with zeros or x),
    or it is written with five characters or fewer (``ACCAGTTACG…``: a DNA sequence, not a key)."""
    if not token:
        return True
    chars = set(token)
    return len(chars) <= 5 or max(token.count(ch) for ch in chars) * 2 >= len(token)


def scan_value(value: str) -> tuple[SecretHit, ...]:
    """Known-format secrets inside ``value`` (Fly tokens, cloud keys, URL passwords …)."""
    if len(value) < 8:
        return ()
    return _scan(value)


def iter_lines_with_secrets(text: str) -> Iterator[tuple[int, SecretHit]]:
    """(offset of line start, hit) for every known-format secret in ``text``, line by line."""
    yield from _lines_with_secrets(text)


#: every Fly.io token :data:`_FLY_TOKEN` matches holds one of these
_FLY_TOKEN_MARKERS = ("fm1_", "fm2_", "fo1_", "fo2_")
#: the part of a :data:`_URL_PASSWORD` match from ``://`` to ``@``: led by a literal, so the
#: search skips to each ``://`` instead of trying every word (a file often holds both a URL
#: and an e-mail address)
_URL_USERINFO = lazy(r"://[^\s:/@'\"]+:[^\s@/'\"]+@")


def may_hold_secret(text: str) -> bool:
    """False when no line of ``text`` can hold anything :func:`scan_value` reports.

    Each test stands for one of ``_scan``'s: a literal that every match of its pattern holds, or
    the pattern itself. A line's match is also a match in the whole text (no pattern is anchored
    to a line's start or end), so one pass over a file spares the per-line scan of the files
    that hold nothing (most of them), at about a third of its cost.
    """
    return (any(marker in text for marker in _FLY_TOKEN_MARKERS)
            or "_pat_" in text or "sk-" in text  # _OWN
            or ("@" in text and _URL_USERINFO.search(text) is not None)  # _URL_PASSWORD
            or is_candidate(text))


@lru_cache(maxsize=8)
def _lines_with_secrets(text: str) -> tuple[tuple[int, SecretHit], ...]:
    # several rules scan the same file (SEC001 for every kind of secret, SEC002 for Fly tokens)
    if not may_hold_secret(text):
        return ()
    found: list[tuple[int, SecretHit]] = []
    offset = 0
    for line in text.split("\n"):
        found.extend((offset, hit) for hit in scan_value(line))
        offset += len(line) + 1
    return tuple(found)
