"""Organisations (vendor and partners), people, sessions and API tokens."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from partnercenter.accounts.enums import OrgKind, PathStage, Role


class Organization(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    kind = fields.CharEnumField(OrgKind, max_length=16)
    # Partner kinds: a partner can hold several.
    is_distributor = fields.BooleanField(default=False)
    is_reseller = fields.BooleanField(default=False)
    is_service_provider = fields.BooleanField(default=False)
    is_solution_partner = fields.BooleanField(default=False)
    # A secondary reseller 二级经销商 points at its distributor.
    distributor: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="resellers", null=True, on_delete=fields.RESTRICT
    )
    path_stage = fields.CharEnumField(PathStage, max_length=16, default=PathStage.REGISTERED)
    core_map = fields.BooleanField(default=False)
    signing_entity = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "organization"


class User(Model):
    id = fields.IntField(primary_key=True)
    org: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="users", on_delete=fields.RESTRICT
    )
    username = fields.CharField(max_length=100, unique=True)
    name = fields.CharField(max_length=100)
    email = fields.CharField(max_length=200, default="")
    phone = fields.CharField(max_length=32, default="")
    password_hash = fields.CharField(max_length=255)
    role = fields.CharEnumField(Role, max_length=24)
    supervisor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="reports", null=True, on_delete=fields.RESTRICT
    )
    # For a customer user: the customer company they belong to.
    customer_id = fields.IntField(null=True)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "app_user"


class Session(Model):
    """Server-side session: revocable, shared by every worker through the database."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    csrf_token = fields.CharField(max_length=64)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sessions", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    client_ip = fields.CharField(max_length=64, default="")
    user_agent = fields.CharField(max_length=300, default="")

    class Meta:
        table = "session"


class ApiToken(Model):
    """Scoped integrator credential: the secret is shown once and stored as a SHA-256 hash."""

    id = fields.IntField(primary_key=True)
    org: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="api_tokens", on_delete=fields.RESTRICT
    )
    created_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="api_tokens", on_delete=fields.RESTRICT
    )
    name = fields.CharField(max_length=100)
    prefix = fields.CharField(max_length=16)
    token_hash = fields.CharField(max_length=64, unique=True)
    scopes: fields.Field[list[str]] = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    # Chosen at creation (default 90 days); NULL only on tokens made before expiry existed,
    # which expire 90 days after creation (accounts.service.token_expiry).
    expires_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_token"
