"""Production mode is safe by default (trust issue finding 9): introspection and field
suggestions off, secure cookies, a real secret that signs the CSRF token."""

from __future__ import annotations

import pytest

from partnercenter.accounts import service as accounts
from partnercenter.settings import Settings, get_settings


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SECRET_KEY", "PRODUCTION", "INTROSPECTION", "COOKIE_SECURE"):
        monkeypatch.delenv(name, raising=False)


def test_development_defaults(clean_env: None) -> None:
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.introspection is True and s.cookie_secure is False


def test_production_defaults_to_no_introspection_and_secure_cookies(
    clean_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = Settings(_env_file=None, production=True, secret_key="k" * 40)  # type: ignore[call-arg]
    assert s.introspection is False and s.cookie_secure is True
    monkeypatch.setenv("PRODUCTION", "true")
    monkeypatch.setenv("SECRET_KEY", "e" * 40)
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.introspection is False and s.cookie_secure is True
    monkeypatch.setenv("INTROSPECTION", "true")  # an operator may still choose otherwise, explicitly
    assert Settings(_env_file=None).introspection is True  # type: ignore[call-arg]


def test_the_csrf_token_is_signed_with_the_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    token = "session-token"
    first = accounts.csrf_token_for(token)
    assert first == accounts.csrf_token_for(token) and len(first) == 64
    assert accounts.csrf_token_for("another") != first
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    get_settings.cache_clear()
    try:
        assert accounts.csrf_token_for(token) != first  # a new secret invalidates every CSRF token
    finally:
        monkeypatch.delenv("SECRET_KEY")
        get_settings.cache_clear()
