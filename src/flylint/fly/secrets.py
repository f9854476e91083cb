"""Secret detection: our Fly-aware detectors plus detect-secrets, behind one small API.

This is the only module that imports detect-secrets. It is imported lazily and only when a
value passes a cheap pre-filter (a known token prefix, a private-key header …), so a clean
project never pays the import.

Only the plugins whose trigger occurs in a value are imported. Importing them normally would
also load detect-secrets' whole scanning pipeline and ``requests`` (for online verification,
which flylint never does) — together ~150 ms; :class:`_plugin_import_sandbox` avoids both and
leaves ``sys.modules`` as it found it.

Nothing here returns or stores a secret value: callers get the kind of secret, where it sits
in the value, and a redacted form.
"""

from __future__ import annotations

import math
import re
import sys
import types
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
    """Free text from a file (a suppression's reason) made safe to print: known-format secrets
    and long random-looking words redacted, control characters dropped, at most ``limit`` chars."""
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    for hit in reversed(scan_value(text)):
        text = text[: hit.start] + hit.redacted + text[hit.end :]
    words = [redact(w) if len(w) >= 16 and looks_random(w) else w for w in text.split()]
    text = " ".join(words)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
_URL_PASSWORD = lazy(r"\b[a-z][a-z0-9+.\-]*://([^\s:/@'\"]+):([^\s@/'\"]+)@([^\s'\"]+)", re.IGNORECASE)
# hosts that only exist on a developer's machine or in a compose file
_LOCAL_HOST = lazy(r"(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|host\.docker\.internal)(?=[:/?]|$)",
                   re.IGNORECASE)

# detect-secrets' format plugins, each with a cheap trigger: a plugin is imported (and run) only
# when its trigger occurs in the value, so a clean project never imports detect-secrets and a
# project with one Stripe key imports one plugin. The triggers are prefixes of the plugins' own
# patterns (detect-secrets 1.5); they may match more than the plugin, never less.
_DETECTORS: tuple[tuple[str, str, str, str], ...] = (
    ("aws", "AWSKeyDetector", "AWS access key", r"A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA"),
    ("artifactory", "ArtifactoryDetector", "Artifactory token", r"AKC[a-zA-Z0-9]{10}|AP[0-9A-F][a-zA-Z0-9]{8}"),
    ("azure_storage_key", "AzureStorageKeyDetector", "Azure storage account key", r"AccountKey="),
    ("discord", "DiscordBotTokenDetector", "Discord bot token", r"[MNO][a-zA-Z0-9_-]{23,25}\.[a-zA-Z0-9_-]{6}\."),
    ("github_token", "GitHubTokenDetector", "GitHub token", r"gh[pousr]_"),
    ("gitlab_token", "GitLabTokenDetector", "GitLab token",
     r"gl(?:pat|dt|ft|soat|rt|cbt|imt|ptt|agent|oas)-|GR1348941"),
    ("jwt", "JwtTokenDetector", "JSON Web Token", r"eyJ"),
    ("mailchimp", "MailchimpDetector", "Mailchimp API key", r"[0-9a-z]{32}-us[0-9]"),
    ("npm", "NpmDetector", "npm token", r"_authToken"),
    ("openai", "OpenAIDetector", "OpenAI API key", r"T3BlbkFJ"),
    ("private_key", "PrivateKeyDetector", "private key", r"PRIVATE KEY"),
    ("pypi_token", "PypiTokenDetector", "PyPI token", r"pypi-Ag"),
    ("sendgrid", "SendGridDetector", "SendGrid API key", r"SG\.[a-zA-Z0-9_-]{22}\."),
    ("slack", "SlackDetector", "Slack token or webhook", r"(?i:xox[abposr]-)|hooks\.slack\.com"),
    ("square_oauth", "SquareOAuthDetector", "Square OAuth secret", r"sq0csp-"),
    ("stripe", "StripeDetector", "Stripe secret key", r"[rs]k_live_"),
    ("telegram_token", "TelegramBotTokenDetector", "Telegram bot token", r"[0-9]{8,10}:[0-9A-Za-z_-]{35}"),
    ("twilio", "TwilioKeyDetector", "Twilio API key", r"AC[a-z0-9]{32}|SK[a-z0-9]{32}"),
)
_PREFILTER = lazy("|".join(f"(?:{trigger})" for *_, trigger in _DETECTORS))
_TRIGGERS = tuple(lazy(trigger) for *_, trigger in _DETECTORS)
_plugins: dict[str, Any] = {}


def _plugin(index: int) -> Any:
    """The detect-secrets plugin ``_DETECTORS[index]``, imported on first use (``None`` if unavailable)."""
    module, cls, _kind, _trigger = _DETECTORS[index]
    if module in _plugins:
        return _plugins[module]
    with _plugin_import_sandbox():
        try:
            plugin = getattr(__import__(f"detect_secrets.plugins.{module}", fromlist=[cls]), cls)()
        except Exception:
            plugin = None
    _plugins[module] = plugin
    return plugin


# Stand-ins for the parts of detect-secrets that a plugin module imports but that flylint never
# calls: the scanning settings and result types (which pull in ``inspect``, ``hashlib`` and
# ``urllib``), and ``requests``, used only for online verification.
_STUBS: dict[str, dict[str, Any]] = {
    "requests": {"exceptions": types.SimpleNamespace(RequestException=OSError)},
    "detect_secrets.util.inject": {"call_function_with_arguments": None, "get_injectable_variables": None},
    "detect_secrets.core.potential_secret": {"PotentialSecret": object},
    "detect_secrets.settings": {"get_settings": None},
}
# the detect-secrets modules imported through the sandbox, kept out of sys.modules in between
_SANDBOX: dict[str, types.ModuleType] = {}


class _plugin_import_sandbox:
    """Import a detect-secrets plugin module alone, without side effects on ``sys.modules``.

    Importing a plugin normally loads detect-secrets' whole scanning pipeline, ``requests``
    and more (~150 ms); the plugin's patterns need none of it. Inside the sandbox
    ``detect_secrets`` is a bare package (its real ``__path__``, not its ``__init__``) and the
    modules in :data:`_STUBS` are stand-ins. On leaving, every module the import added is moved
    out of ``sys.modules`` into :data:`_SANDBOX` (reused by the next plugin import), so code
    that later imports detect-secrets for real gets the real modules. When the real package is
    already imported, plugins are imported normally.
    """

    def __enter__(self) -> None:
        self.before = set(sys.modules)
        self.sandboxed = "detect_secrets" not in sys.modules
        if not self.sandboxed:
            return
        import importlib.util

        if "detect_secrets" not in _SANDBOX:
            spec = importlib.util.find_spec("detect_secrets")
            if spec is None or spec.submodule_search_locations is None:
                self.sandboxed = False
                return
            pkg = types.ModuleType("detect_secrets")
            pkg.__path__ = list(spec.submodule_search_locations)
            pkg.__spec__ = spec
            pkg.__package__ = "detect_secrets"
            _SANDBOX["detect_secrets"] = pkg
            for name, attrs in _STUBS.items():
                stub = types.ModuleType(name)
                stub.__dict__.update(attrs)
                _SANDBOX[name] = stub
        for name, mod in _SANDBOX.items():
            sys.modules.setdefault(name, mod)

    def __exit__(self, *exc: object) -> None:
        if not self.sandboxed:
            return
        for name in set(sys.modules) - self.before:
            if name in ("detect_secrets", "requests") or name.startswith(("detect_secrets.", "requests.")):
                _SANDBOX[name] = sys.modules.pop(name)


def _match_spans(plugin: Any, value: str) -> list[tuple[int, int]]:
    """Where ``plugin``'s patterns match ``value``, as (start, end) of the secret itself.

    detect-secrets' own ``analyze_string`` returns ``findall`` results, which for a pattern
    with a group is the group (``ghp`` for a GitHub token); we want the whole token. A group
    is used only when it is the token inside a longer match (npm's ``:_authToken=<token>``).
    """
    spans: list[tuple[int, int]] = []
    try:
        patterns = list(plugin.denylist)
    except Exception:
        patterns = []
    for pattern in patterns:
        try:
            matches = list(pattern.finditer(value))
        except Exception:
            continue
        for m in matches:
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
    for m in _URL_PASSWORD.finditer(value):
        password = m.group(2)
        if is_placeholder(password) or password.startswith("$") or _LOCAL_HOST.match(m.group(3)):
            continue  # a development URL (localhost, a compose service) holds no secret worth rotating
        grade = evidence(password)
        if grade != NO_SECRET:
            hits.append(SecretHit("password in a URL", m.start(2), m.end(2), redact(password), grade == STRONG))
    if _PREFILTER.search(value):
        for index, trigger in enumerate(_TRIGGERS):
            if not trigger.search(value):
                continue
            plugin = _plugin(index)
            if plugin is None:
                continue
            kind = _DETECTORS[index][2]
            try:  # the plugin's own verdict (some plugins validate what their pattern matched)
                found = [f for f in plugin.analyze_string(value) if isinstance(f, str) and f]
            except Exception:
                continue
            for start, end in _match_spans(plugin, value):
                secret = value[start:end]
                if not any(f in secret or secret in f for f in found):
                    continue
                if is_placeholder(secret):
                    continue
                if any(h.start <= start and end <= h.end for h in hits):
                    continue  # already reported (e.g. URL password)
                label = "Slack webhook URL" if "hooks.slack.com" in secret else kind
                hits.append(SecretHit(label, start, end, redact(secret)))
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
