"""The secrets adapter: credential-shaped names, placeholders, known formats, redaction."""

from __future__ import annotations

import re

import pytest

from flylint.fly.secrets import credential_name, is_placeholder, literal_credential, redact, scan_value


@pytest.mark.parametrize("name", [
    "DB_PASSWORD", "STRIPE_SECRET_KEY", "STRIPE_SECRET_KEY_LIVE", "GITHUB_TOKEN", "FLY_API_TOKEN",
    "SECRET_KEY_BASE", "AWS_SECRET_ACCESS_KEY", "OPENAI_API_KEY", "apiKey", "SMTP_PASS", "client-secret",
    "db.password", "JWT_SECRET", "SESSION_SECRET", "ENCRYPTION_KEY", "PASSWORD",
])
def test_credential_names(name: str) -> None:
    assert credential_name(name)


@pytest.mark.parametrize("name", [
    "PORT", "NODE_ENV", "PASSWORD_MIN_LENGTH", "TOKEN_TTL", "PUBLIC_KEY", "JWT_PUBLIC_KEY", "SECRET_FILE",
    "AWS_ACCESS_KEY_ID", "NEXT_PUBLIC_API_KEY", "STRIPE_PUBLISHABLE_KEY", "CSRF_TOKEN_HEADER",
    "KEEP_PASSWORD_RESETS_DAYS", "LEGACY_PASSWORD_HINT", "PASSWORD_RESET_URL", "SECRETS_MANAGER_ARN",
    "PASS_THROUGH", "DATABASE_URL", "SENTRY_DSN", "KEY_BASE", "CACHE_KEY",
])
def test_descriptive_names_are_not_credentials(name: str) -> None:
    assert not credential_name(name)


@pytest.mark.parametrize("value", ["", "changeme", "${DB_PASSWORD}", "$DB_PASSWORD", "<your-token>", "xxx",
                                   "$(cat /run/secrets/x)", "${{ secrets.TOKEN }}", "****", "none", "0000"])
def test_placeholders(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize("value", ["hunter2hunter2", "s3cr3t", "a8f5f167f44f4964e6c998dee827110c"])
def test_real_looking_values_are_not_placeholders(value: str) -> None:
    assert not is_placeholder(value)


def test_literal_credential_ignores_paths_and_placeholders() -> None:
    assert literal_credential("DB_PASSWORD", "Tr0ub4dor")
    assert not literal_credential("DB_PASSWORD", "/run/secrets/db")
    assert not literal_credential("DB_PASSWORD", "${DB_PASSWORD}")
    assert not literal_credential("PORT", "8080")


def test_known_formats_and_redaction() -> None:
    hits = scan_value("key sk_live_51HxQ2vKp9sT4dY7wZ3mN8bR here")
    assert [h.kind for h in hits] == ["Stripe secret key"]
    assert hits[0].redacted == "sk_l…(32 chars)"
    url = scan_value("postgres://app:S3cretPassw0rd@db.internal/app")
    assert [h.kind for h in url] == ["password in a URL"]
    assert "S3cret" not in url[0].redacted
    assert scan_value("postgres://app:${PW}@db.internal/app") == ()
    fly = scan_value("FlyV1 fm2_lJPECAAAAAAAAMxPxBBz9dNa8qR3tU6vW1yX4zA7bC0eF2gH5iJ8kL")
    assert [h.kind for h in fly] == ["Fly.io API token"]
    assert scan_value("sha256:4f0e3d1c2b5a69788776655443322110ffeeddccbbaa99887766554433221100") == ()


def test_redact_never_shows_short_values() -> None:
    assert redact("hunter2") == "…(7 chars)"
    assert redact("0123456789abcdefXYZ").startswith("0123…")


@pytest.mark.parametrize("value", ["non-secret-key-for-building-purposes", "dummy-secret-for-assets",
                                   "not_a_real_secret", "your-secret-here", "change-me-please"])
def test_self_declared_placeholders(value: str) -> None:
    assert is_placeholder(value)
    assert not literal_credential("SECRET_KEY", value)


def test_django_insecure_key_is_still_a_secret() -> None:
    assert literal_credential("SECRET_KEY", "django-insecure-7x$k2m!q9w@e#r4t%y6u^i8o*p0")


def test_known_format_spans_cover_the_whole_token() -> None:
    token = "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    value = f"Authorization: token {token} end"
    [hit] = scan_value(value)
    assert value[hit.start:hit.end] == token
    npm = "//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789"
    [hit] = scan_value(npm)
    assert npm[hit.start:hit.end].startswith("npm_") and hit.end == len(npm)


def test_a_clean_value_imports_no_detect_secrets() -> None:
    import subprocess
    import sys

    code = ("import sys; from flylint.fly.secrets import scan_value; "
            "assert not scan_value('postgres://app@db.internal:5432/app and production'); "
            "assert not [m for m in sys.modules if m.startswith('detect_secrets')]")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_no_secret_is_verified_online_even_when_detect_secrets_is_told_to() -> None:
    """A caller in the same process may configure detect-secrets to verify what it finds (the
    verification filter): flylint's scan still never calls a plugin's ``verify``, and leaves the
    caller's settings as they were."""
    from detect_secrets.settings import get_settings, transient_settings

    from flylint.fly import secrets

    calls: list[str] = []
    plugins = secrets._plugins()
    stripe = next(p for kind, p in plugins if kind == "Stripe secret key")
    token = "sk" + "_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
    verifying = {"filters_used": [{"path": secrets._VERIFY, "min_level": 2}]}
    from detect_secrets.constants import VerifiedResult

    def verify(self: object, secret: str) -> VerifiedResult:
        calls.append("verify")  # would go online
        return VerifiedResult.UNVERIFIED

    with transient_settings(verifying):
        original = type(stripe).verify
        type(stripe).verify = verify  # type: ignore[method-assign]
        try:
            found = secrets._detect_secrets(f"STRIPE_KEY={token}")
            assert secrets._VERIFY in get_settings().filters  # the caller's settings are back
        finally:
            type(stripe).verify = original  # type: ignore[method-assign]
    assert [kind for kind, _s, _e in found] == ["Stripe secret key"]
    assert calls == []
    # and without that filter, the scan finds the same
    assert secrets._detect_secrets(f"STRIPE_KEY={token}") == found



def test_scanning_a_candidate_does_not_run_requests() -> None:
    """detect-secrets imports requests for online verification, which flylint keeps off: the
    import is deferred (flylint.base.deferred), so a scan that runs every plugin never runs
    requests' code, and requests still works for anyone who uses it afterwards."""
    import subprocess
    import sys

    token = "sk" + "_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
    code = ("import sys; from flylint.fly.secrets import scan_value; "
            f"assert scan_value('STRIPE_KEY={token} '); "
            "assert 'detect_secrets.plugins.stripe' in sys.modules; "
            "assert 'urllib3' not in sys.modules, 'requests ran'; "
            "assert 'multiprocessing.context' not in sys.modules, 'multiprocessing ran'; "
            "import requests; assert callable(requests.get) and 'urllib3' in sys.modules; "
            "import multiprocessing; assert multiprocessing.cpu_count() >= 1")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr

# -- detect-secrets: every plugin flylint enables finds a real-looking sample ---------------
# The samples are assembled here from parts, so that no real-looking credential is committed
# verbatim (secret scanners such as GitHub push protection would block the repository).

def _chars(alphabet: str, n: int, seed: int) -> str:
    import random

    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(n))


ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
B64 = ALNUM + "+/"


def _b64url(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _jwt() -> str:
    header = _b64url(b'{"alg":"HS256","typ":"JWT"}')
    payload = _b64url(b'{"sub":"' + _chars(LOWER_ALNUM, 12, 1).encode() + b'","iat":1700000000}')
    return f"{header}.{payload}.{_chars(ALNUM + '-_', 43, 2)}"


# (the name flylint gives the secret, a line holding one, the token the finding must cover)
SAMPLES: list[tuple[str, str, str]] = [
    (kind, line.format(token=token), token) for kind, line, token in [
        ("AWS access key", "AWS_ACCESS_KEY_ID={token}", "AK" + "IA" + _chars(UPPER_ALNUM, 16, 3)),
        ("AWS access key", 'aws_secret_access_key = "{token}"', _chars(B64, 40, 4)),
        ("Artifactory token", "ARTIFACTORY_API_KEY={token}", "AK" + "Cp" + _chars(ALNUM, 70, 5)),
        ("Azure storage account key",
         "DefaultEndpointsProtocol=https;AccountName=media;AccountKey={token}", _chars(B64, 86, 6) + "=="),
        ("Discord bot token", "DISCORD_TOKEN={token}",
         "M" + _chars(ALNUM, 23, 7) + "." + _chars(ALNUM, 6, 8) + "." + _chars(ALNUM, 27, 9)),
        ("GitHub token", "GH_TOKEN={token}", "gh" + "p_" + _chars(ALNUM, 36, 10)),
        ("GitLab token", "GITLAB_TOKEN={token}", "gl" + "pat-" + _chars(ALNUM, 20, 11)),
        ("JSON Web Token", "Authorization: Bearer {token}", _jwt()),
        ("Mailchimp API key", "MAILCHIMP_KEY={token}", _chars("0123456789abcdef", 32, 12) + "-us" + "14"),
        ("npm token", "//registry.npmjs.org/:_authToken={token}", "np" + "m_" + _chars(ALNUM, 36, 13)),
        ("OpenAI API key", "OPENAI_API_KEY={token}",
         "sk" + "-" + _chars(ALNUM, 20, 14) + "T3Blbk" + "FJ" + _chars(ALNUM, 20, 15)),
        ("private key", "{token}", "-----BEGIN RSA " + "PRIVATE KEY-----"),
        ("PyPI token", "password = {token}", "py" + "pi-AgEIcHlwaS5vcmc" + _chars(ALNUM, 72, 16)),
        ("SendGrid API key", "SENDGRID_API_KEY={token}",
         "S" + "G." + _chars(ALNUM, 22, 17) + "." + _chars(ALNUM, 43, 18)),
        ("Slack token or webhook", "SLACK_TOKEN={token}",
         "xo" + "xb-" + _chars("0123456789", 12, 19) + "-" + _chars("0123456789", 13, 20) + "-"
         + _chars(LOWER_ALNUM, 24, 21)),
        ("Slack webhook URL", "SLACK_WEBHOOK={token}",
         "https://hooks.slack" + ".com/services/T" + _chars(UPPER_ALNUM, 8, 22) + "/B" + _chars(UPPER_ALNUM, 10, 23)
         + "/" + _chars(ALNUM, 24, 24)),
        ("Square OAuth secret", "SQUARE_SECRET={token}", "sq0" + "csp-" + _chars(ALNUM, 43, 25)),
        ("Stripe secret key", "STRIPE_SECRET_KEY={token}", "sk" + "_live_" + _chars(ALNUM, 24, 26)),
        ("Telegram bot token", "TELEGRAM_TOKEN={token}",
         _chars("123456789", 9, 27) + ":" + "AA" + _chars(ALNUM, 33, 28)),
        ("Twilio API key", "TWILIO_ACCOUNT_SID={token}", "A" + "C" + _chars(LOWER_ALNUM, 32, 29)),
    ]
]


@pytest.mark.parametrize(("kind", "line", "token"), SAMPLES, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(SAMPLES)])
def test_every_enabled_plugin_finds_its_sample(kind: str, line: str, token: str) -> None:
    hits = scan_value(line)
    assert [h.kind for h in hits] == [kind], hits
    start = line.index(token)
    # the finding is on the token (the span is the plugin pattern's: Azure's includes
    # "AccountKey=", the private-key pattern covers the header words, JWT stops at the signature)
    assert hits[0].start < start + len(token) and start < hits[0].end
    assert token[4:] not in hits[0].redacted


def test_the_samples_cover_every_enabled_plugin() -> None:
    from flylint.fly.secrets import PLUGINS

    assert {kind for _, _, kind in PLUGINS} <= {kind for kind, _, _ in SAMPLES}


def _plugin_patterns() -> list[tuple[str, object]]:
    from flylint.fly.secrets import _plugins

    return [(type(plugin).__name__, pattern) for _, plugin in _plugins() for pattern in plugin.denylist]


@pytest.mark.parametrize(("name", "pattern"), _plugin_patterns())
def test_the_prefilter_lets_every_plugin_match_through(name: str, pattern: re.Pattern[str]) -> None:
    """The cheap pre-filter must never hide from a plugin a value the plugin would match."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from flylint.fly.secrets import is_candidate

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(pattern))
    def check(text: str) -> None:
        for line in text.splitlines() or [text]:
            if pattern.search(line):
                assert is_candidate(line), (name, line)

    check()


def test_a_plugin_that_cannot_load_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from flylint.fly import secrets

    monkeypatch.setattr(secrets, "PLUGINS", (*secrets.PLUGINS, ("stripe", "NoSuchDetector", "no such secret")))
    secrets._plugins.cache_clear()
    secrets._scan.cache_clear()
    try:
        with pytest.raises(secrets.SecretScannerError, match="NoSuchDetector cannot be loaded"):
            scan_value("STRIPE_SECRET_KEY=" + "sk" + "_live_" + _chars(ALNUM, 24, 30))
    finally:
        secrets._plugins.cache_clear()
        secrets._scan.cache_clear()


def test_scanning_leaves_detect_secrets_settings_as_they_were() -> None:
    from detect_secrets.core.scan import scan_line
    from detect_secrets.settings import default_settings, get_settings

    before = get_settings().json()
    line = "STRIPE_SECRET_KEY=" + "sk" + "_live_" + _chars(ALNUM, 24, 31)
    assert scan_value(line + " ")
    assert get_settings().json() == before
    with default_settings():
        assert any(s.type == "Stripe Access Key" for s in scan_line(line))


# -- the whole-file pre-check: a file that may hold nothing is not scanned line by line ------

_OWN_SAMPLES = [
    "FlyV1 fm2_lJPECAAAAAAAAMxPxBBz9dNa8qR3tU6vW1yX4zA7bC0eF2gH5iJ8kL",
    "postgres://app:S3cretPassw0rd@db.internal/app",
    "OPENAI_API_KEY=sk-" + "proj-" + _chars(ALNUM, 48, 30),
    "GITHUB_PAT=github" + "_pat_" + _chars(ALNUM, 22, 31) + "_" + _chars(ALNUM, 59, 32),
]
_CLEAN_LINES = ["#!/bin/sh", "set -eu", 'fly deploy --app "$APP" --remote-only', "", "echo done",
                "[http_service]", "  internal_port = 8080", "FROM python:3.12-slim AS build"]


@pytest.mark.parametrize("line", [line for _, line, _ in SAMPLES] + _OWN_SAMPLES)
def test_a_file_is_scanned_when_any_line_holds_a_secret(line: str) -> None:
    from flylint.fly.secrets import _lines_with_secrets, may_hold_secret

    assert scan_value(line), line  # the sample is a finding on its own
    lines = [*_CLEAN_LINES[:3], line, *_CLEAN_LINES[3:]]
    text = "\n".join(lines)
    assert may_hold_secret(text)
    offset = len("\n".join(lines[:3])) + 1
    assert [(start, hit.kind) for start, hit in _lines_with_secrets(text)] == [
        (offset, hit.kind) for hit in scan_value(line)]


def test_a_file_without_secrets_is_not_scanned_line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from flylint.fly import secrets

    def fail(value: str) -> tuple[secrets.SecretHit, ...]:
        raise AssertionError(f"scanned {value!r}")

    monkeypatch.setattr(secrets, "scan_value", fail)
    text = "\n".join(_CLEAN_LINES) + ("\nHEALTH_URL=http://localhost:8080/health. Done: 12345678"
                                        "\nLABEL maintainer=\"ops@example.com\" source=\"https://github.com/a/b\"\n")
    assert not secrets.may_hold_secret(text)
    assert secrets._lines_with_secrets.__wrapped__(text) == ()


def test_the_pre_check_agrees_with_the_line_scan_on_real_files() -> None:
    """On every file of the bundled examples and templates, scanning after the pre-check finds
    exactly what scanning every line finds."""
    from pathlib import Path

    from flylint.fly.secrets import _lines_with_secrets, may_hold_secret

    root = Path(__file__).resolve().parent.parent
    texts = [p.read_text(errors="replace") for base in ("examples", "skills", "tests/rules")
             for p in sorted((root / base).rglob("*")) if p.is_file() and p.stat().st_size < 200_000]
    assert len(texts) > 50
    held = 0
    for text in texts:
        by_line: list[tuple[int, str]] = []
        offset = 0
        for line in text.split("\n"):
            by_line.extend((offset, hit.kind) for hit in scan_value(line))
            offset += len(line) + 1
        assert [(s, h.kind) for s, h in _lines_with_secrets.__wrapped__(text)] == by_line
        held += bool(by_line)
        assert may_hold_secret(text) or not by_line
    assert held > 0  # some fixtures hold secrets: the comparison covers both ways
