"""The secrets adapter: credential-shaped names, placeholders, known formats, redaction."""

from __future__ import annotations

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


def test_detect_secrets_does_not_leave_a_stub_requests_module() -> None:
    import sys

    scan_value("AKIAIOSFODNN7EXAMPLE is an AWS key id")
    mod = sys.modules.get("requests")
    assert mod is None or hasattr(mod, "get")


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


def test_only_the_triggered_plugin_is_imported_and_sys_modules_is_left_alone() -> None:
    import subprocess
    import sys

    code = ("import sys; from flylint.fly import secrets; "
            "assert secrets.scan_value('x = sk_live_51HxQ2vKp9sT4dY7wZ3mN8bR'); "
            "assert not [m for m in sys.modules if m.startswith('detect_secrets') or m == 'requests']; "
            "print(sorted(m for m in secrets._SANDBOX if m.startswith('detect_secrets.plugins.'))); "
            "assert 'detect_secrets.core.secrets_collection' not in secrets._SANDBOX; "
            # the real detect-secrets still works in the same process afterwards
            "from detect_secrets.core.scan import scan_line; "
            "from detect_secrets.settings import default_settings; "
            "import detect_secrets.plugins.base as base; assert base is not secrets._SANDBOX['detect_secrets.plugins.base']; "
            "ctx = default_settings(); ctx.__enter__(); "
            "assert any('Stripe' in s.type for s in scan_line('x = sk_live_51HxQ2vKp9sT4dY7wZ3mN8bR')); "
            "assert secrets.scan_value('k = ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['detect_secrets.plugins.base', 'detect_secrets.plugins.stripe']"


def test_a_clean_value_imports_no_detect_secrets() -> None:
    import subprocess
    import sys

    code = ("import sys; from flylint.fly.secrets import scan_value; "
            "assert not scan_value('postgres://app@db.internal:5432/app and production'); "
            "assert not [m for m in sys.modules if m.startswith('detect_secrets')]")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
