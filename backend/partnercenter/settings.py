"""One typed settings object, read from the environment (prefix-free names)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
DEV_SECRET = "dev-insecure-secret-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(default="")
    data_dir: Path = REPO_ROOT / "data"
    secret_key: str = DEV_SECRET
    debug: bool = False
    production: bool = False
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    spa_dir: Path = REPO_ROOT / "frontend" / "dist"

    session_cookie: str = "pc_session"
    csrf_cookie: str = "pc_csrf"
    session_hours: int = 12
    cookie_secure: bool = False  # unless set: on in production mode (HTTPS), off in development
    auth_cache_seconds: float = 2.0  # see accounts/authcache.py; 0 turns it off
    # The app runs an outbox dispatcher (core/events.py); off: deliver with `job outbox-drain`.
    outbox_dispatcher: bool = True
    outbox_poll_seconds: float = 2.0

    # GraphQL limits (OWASP / GraphQL Armor defaults)
    max_depth: int = 8
    max_aliases: int = 15
    max_directives: int = 50
    max_tokens: int = 1000
    max_document_chars: int = 15000
    max_body_bytes: int = 65536
    max_page_size: int = 100
    max_cost: int = 50000
    introspection: bool = True  # unless set: off in production mode (and no field suggestions)

    # Rate limits (core/ratelimit.py): counters in Redis when REDIS_URL is set, else in memory
    redis_url: str = ""
    rate_limit_token: str = "10/second"  # per API token and operation (the seed system's rule)
    rate_limit_session: str = "20/second"  # per signed-in person and operation
    rate_limit_anonymous: str = "20/second"  # per client address and operation, signed out
    rate_limit_operations: dict[str, str] = Field(default_factory=dict)  # {"opportunities": "5/second"}
    login_limit_account: str = "5 per 15 minutes"  # sign-in attempts per username (a success clears)
    login_limit_address: str = "60 per minute"  # sign-in attempts per client address
    export_max_concurrent: int = 2  # exports built at once per process (core/export.py)
    totp_limit_user: str = "5 per 15 minutes"  # wrong second-factor codes per person

    # Money: the one currency the product books in (ISO 4217); see core/money.py
    currency: str = "CNY"

    # Operations: logs and /metrics (README, Configuration)
    log_format: Literal["auto", "json", "text"] = "auto"  # auto: JSON lines in production, text otherwise
    metrics_enabled: bool = True
    # With a token, /metrics wants `Authorization: Bearer <token>`; without one, production serves it
    # to direct loopback clients only (web/metrics.py).
    metrics_token: str = ""

    @model_validator(mode="before")
    @classmethod
    def _production_defaults(cls, data: Any) -> Any:
        """Production mode turns introspection off and cookies secure unless set explicitly."""
        if isinstance(data, dict):
            production = str(data.get("production", "")).strip().lower() in {"1", "true", "yes", "on"}
            if production:
                data.setdefault("introspection", False)
                data.setdefault("cookie_secure", True)
        return data

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.production and (self.secret_key == DEV_SECRET or len(self.secret_key) < 32):
            raise ValueError(
                "SECRET_KEY must be set to a random value of at least 32 characters in production mode"
            )
        if not self.database_url:
            self.database_url = f"sqlite://{self.data_dir / 'partnercenter.sqlite3'}"
        return self

    @property
    def log_json(self) -> bool:
        return self.log_format == "json" or (self.log_format == "auto" and self.production)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
