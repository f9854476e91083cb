"""Secret detection: our Fly-aware detectors plus detect-secrets, behind one small API.

This is the only module that imports detect-secrets. It is imported lazily and only when a
value passes a cheap pre-filter (a known token prefix, a private-key header …), so a clean
project never pays the import.

detect-secrets' plugin modules import ``requests`` for online verification, which flylint
never does; that import alone costs ~150 ms. While loading the plugins we put a stand-in
``requests`` module in ``sys.modules`` (only if the real one is not loaded yet) and remove it
afterwards, so nothing else in the process sees it.

Nothing here returns or stores a secret value: callers get the kind of secret, where it sits
in the value, and a redacted form.
"""

from __future__ import annotations

import math
import re
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from flylint.linter.lazyre import lazy


@dataclass(frozen=True, slots=True)
class SecretHit:
    kind: str  # e.g. "Stripe live secret key"
    start: int  # index into the scanned value
    end: int
    redacted: str


def redact(value: str) -> str:
    """A form safe to print: ``sk_l…(32 chars)``; short values show no characters at all."""
    n = len(value)
    if n >= 16:
        return f"{value[:4]}…({n} chars)"
    return f"…({n} chars)"


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


def credential_name(name: str) -> bool:
    """True for names such as ``STRIPE_SECRET_KEY``, ``DB_PASSWORD``, ``GITHUB_TOKEN``.

    Names that only describe a credential (``PASSWORD_MIN_LENGTH``, ``TOKEN_TTL``,
    ``PUBLIC_KEY``, ``SECRET_FILE``, ``AWS_ACCESS_KEY_ID``) are not credentials themselves.
    """
    if re.search(r"PUBLIC|PUBLISHABLE", name, re.IGNORECASE):
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
    if is_placeholder(v) or _FILE_PATH.match(v):
        return False
    return True


# -- our own detectors -------------------------------------------------------------------

_FLY_TOKEN = lazy(r"(?:FlyV1\s+)?f[mo][12]_[A-Za-z0-9+/=_\-,]{20,}")
_URL_PASSWORD = lazy(r"\b[a-z][a-z0-9+.\-]*://([^\s:/@'\"]+):([^\s@/'\"]+)@[^\s'\"]+", re.IGNORECASE)

# Strings that make a detect-secrets plugin match; anything else skips the import entirely.
_PREFILTER = lazy(
    r"AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|sk_live|rk_live|sk_test|rk_test|gh[pousr]_|github_pat_|glpat-|"
    r"glptt-|gldt-|xox[abposr]-|hooks\.slack\.com|-----BEGIN|PRIVATE KEY|eyJ|SG\.|AC[a-z0-9]{32}|"
    r"SK[a-z0-9]{32}|npm_|_authToken|pypi-|sk-[A-Za-z0-9]|AKC[a-zA-Z0-9]{10}|AP[0-9A-Fa-f][a-zA-Z0-9]{8}|"
    r"AccountKey=|[0-9]{8,10}:AA|[MNO][a-zA-Z\d_-]{23,25}\.[a-zA-Z\d_-]{6}\.|sq0csp-|EAAA|"
    r"[0-9a-f]{32}-us[0-9]{1,2}|cloudant|://[^\s:/]+:[^\s@/]+@",
)

_DETECTOR_MODULES = (
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


@lru_cache(maxsize=1)
def _detectors() -> tuple[tuple[str, Any], ...]:
    """Instantiate the known-format detect-secrets plugins (no entropy, no keyword plugins)."""
    import importlib

    stub: types.ModuleType | None = None
    if "requests" not in sys.modules:
        stub = types.ModuleType("requests")
        stub.exceptions = types.SimpleNamespace(RequestException=OSError)  # type: ignore[attr-defined]
        sys.modules["requests"] = stub
    out: list[tuple[str, Any]] = []
    try:
        for module, cls, kind in _DETECTOR_MODULES:
            try:
                mod = importlib.import_module(f"detect_secrets.plugins.{module}")
                out.append((kind, getattr(mod, cls)()))
            except Exception:  # noqa: BLE001 - a plugin missing in this detect-secrets version
                continue
    finally:
        if stub is not None and sys.modules.get("requests") is stub:
            del sys.modules["requests"]
    return tuple(out)


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
    for m in _URL_PASSWORD.finditer(value):
        password = m.group(2)
        if not is_placeholder(password) and not password.startswith("$"):
            hits.append(SecretHit("password in a URL", m.start(2), m.end(2), redact(password)))
    if _PREFILTER.search(value):
        for kind, plugin in _detectors():
            if kind == "private key" and "PRIVATE KEY" not in value:
                continue
            try:
                found = list(plugin.analyze_string(value))
            except Exception:  # noqa: BLE001 - a plugin bug must not stop the lint
                continue
            for secret in found:
                if not isinstance(secret, str) or not secret or is_placeholder(secret):
                    continue
                start = value.find(secret)
                if start == -1:
                    continue
                end = start + len(secret)
                if any(h.start <= start and end <= h.end for h in hits):
                    continue  # already reported (e.g. URL password)
                if kind == "Slack token or webhook" and "hooks.slack.com" in secret:
                    kind = "Slack webhook URL"
                hits.append(SecretHit(kind, start, end, redact(secret)))
    hits.sort(key=lambda h: h.start)
    return tuple(hits)


def scan_value(value: str) -> tuple[SecretHit, ...]:
    """Known-format secrets inside ``value`` (Fly tokens, cloud keys, URL passwords …)."""
    if len(value) < 8:
        return ()
    return _scan(value)


def iter_lines_with_secrets(text: str) -> Iterator[tuple[int, SecretHit]]:
    """(offset of line start, hit) for every known-format secret in ``text``, line by line."""
    offset = 0
    for line in text.split("\n"):
        for hit in scan_value(line):
            yield offset, hit
        offset += len(line) + 1
