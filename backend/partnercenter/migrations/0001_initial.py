from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from partnercenter.accounts.enums import OrgKind, PathStage, Role
from partnercenter.core.fields import MoneyField
from partnercenter.customers.enums import AssociationType, Industry
from partnercenter.opportunities.enums import OpportunityStage, OpportunityType


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="Organization",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("name", fields.CharField(max_length=200)),
                (
                    "kind",
                    fields.CharEnumField(
                        description="VENDOR: VENDOR\nPARTNER: PARTNER", enum_type=OrgKind, max_length=16
                    ),
                ),
                ("is_distributor", fields.BooleanField(default=False)),
                ("is_reseller", fields.BooleanField(default=False)),
                ("is_service_provider", fields.BooleanField(default=False)),
                ("is_solution_partner", fields.BooleanField(default=False)),
                (
                    "distributor",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="distributor_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="resellers",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "path_stage",
                    fields.CharEnumField(
                        default=PathStage.REGISTERED,
                        description="REGISTERED: REGISTERED\nCERTIFIED: CERTIFIED\nDIFFERENTIATED: DIFFERENTIATED",
                        enum_type=PathStage,
                        max_length=16,
                    ),
                ),
                ("core_map", fields.BooleanField(default=False)),
                ("signing_entity", fields.CharField(default="", max_length=200)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "organization", "app": "models", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="User",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "org",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="org_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="users",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("username", fields.CharField(unique=True, max_length=100)),
                ("name", fields.CharField(max_length=100)),
                ("email", fields.CharField(default="", max_length=200)),
                ("phone", fields.CharField(default="", max_length=32)),
                ("password_hash", fields.CharField(max_length=255)),
                (
                    "role",
                    fields.CharEnumField(
                        description="VENDOR_PDM: VENDOR_PDM\nVENDOR_FINANCE: VENDOR_FINANCE\nPARTNER_ADMIN: PARTNER_ADMIN\nSUPERVISOR: SUPERVISOR\nACCOUNT_MANAGER: ACCOUNT_MANAGER\nPARTNER_FINANCE: PARTNER_FINANCE\nCUSTOMER_USER: CUSTOMER_USER\nINTEGRATOR: INTEGRATOR",
                        enum_type=Role,
                        max_length=24,
                    ),
                ),
                (
                    "supervisor",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="supervisor_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="reports",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("customer_id", fields.IntField(null=True)),
                ("is_active", fields.BooleanField(default=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "app_user", "app": "models", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ApiToken",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "org",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="org_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="api_tokens",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "created_by",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="created_by_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="api_tokens",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("name", fields.CharField(max_length=100)),
                ("prefix", fields.CharField(max_length=16)),
                ("token_hash", fields.CharField(unique=True, max_length=64)),
                ("scopes", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("last_used_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("revoked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "api_token",
                "app": "models",
                "pk_attr": "id",
                "table_description": "Scoped integrator credential: the secret is shown once and stored as a SHA-256 hash.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AuditEntry",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("action", fields.CharField(max_length=40)),
                (
                    "actor_user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="actor_user_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="audit_entries",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "actor_token",
                    fields.ForeignKeyField(
                        "models.ApiToken",
                        source_field="actor_token_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="audit_entries",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "org",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="org_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="audit_entries",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("client_ip", fields.CharField(default="", max_length=64)),
                ("user_agent", fields.CharField(default="", max_length=300)),
                ("request_id", fields.CharField(default="", max_length=64)),
                ("detail", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "audit_entry", "app": "models", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AuditRecord",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "entry",
                    fields.ForeignKeyField(
                        "models.AuditEntry",
                        source_field="entry_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="records",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("record_id", fields.CharField(db_index=True, max_length=100)),
                (
                    "fields_",
                    fields.JSONField(source_field="fields", default=list, encoder=JSON_DUMPS, decoder=loads),
                ),
            ],
            options={
                "table": "audit_record",
                "app": "models",
                "pk_attr": "id",
                "table_description": "One record touched by an audit entry, with the fields concerned (searchable by record).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Customer",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "partner",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="partner_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="customers",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("name", fields.CharField(max_length=200)),
                ("account_name", fields.CharField(max_length=100)),
                ("phone", fields.CharField(default="", max_length=32)),
                ("email", fields.CharField(default="", max_length=200)),
                (
                    "industry",
                    fields.CharEnumField(
                        description="INTERNET: INTERNET\nFINANCE: FINANCE\nGOVERNMENT: GOVERNMENT\nMANUFACTURING: MANUFACTURING\nRETAIL: RETAIL\nEDUCATION: EDUCATION\nHEALTHCARE: HEALTHCARE\nENERGY: ENERGY\nTRANSPORT: TRANSPORT\nMEDIA: MEDIA\nGAMING: GAMING\nOTHER: OTHER",
                        enum_type=Industry,
                        max_length=16,
                    ),
                ),
                ("region", fields.CharField(default="", max_length=64)),
                (
                    "association_type",
                    fields.CharEnumField(
                        description="RESALE: RESALE\nCONSULTING: CONSULTING",
                        enum_type=AssociationType,
                        max_length=16,
                    ),
                ),
                ("associated_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "manager",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="manager_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="customers",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("tags", fields.CharField(default="", max_length=500)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "customer",
                "app": "models",
                "indexes": [
                    Index(fields=["partner_id", "associated_at", "id"]),
                    Index(fields=["manager_id", "associated_at", "id"]),
                ],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Opportunity",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "partner",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="partner_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="opportunities",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "customer",
                    fields.ForeignKeyField(
                        "models.Customer",
                        source_field="customer_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="opportunities",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "owner",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="owner_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="opportunities",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("name", fields.CharField(max_length=200)),
                (
                    "industry",
                    fields.CharEnumField(
                        description="INTERNET: INTERNET\nFINANCE: FINANCE\nGOVERNMENT: GOVERNMENT\nMANUFACTURING: MANUFACTURING\nRETAIL: RETAIL\nEDUCATION: EDUCATION\nHEALTHCARE: HEALTHCARE\nENERGY: ENERGY\nTRANSPORT: TRANSPORT\nMEDIA: MEDIA\nGAMING: GAMING\nOTHER: OTHER",
                        enum_type=Industry,
                        max_length=16,
                    ),
                ),
                (
                    "type",
                    fields.CharEnumField(
                        description="NEW_PURCHASE: NEW_PURCHASE\nEXPANSION: EXPANSION\nRENEWAL: RENEWAL\nMIGRATION: MIGRATION",
                        enum_type=OpportunityType,
                        max_length=16,
                    ),
                ),
                (
                    "stage",
                    fields.CharEnumField(
                        description="LEAD: LEAD\nQUALIFIED: QUALIFIED\nSOLUTION: SOLUTION\nNEGOTIATION: NEGOTIATION\nWON: WON\nLOST: LOST",
                        enum_type=OpportunityStage,
                        max_length=16,
                    ),
                ),
                ("confidence", fields.SmallIntField()),
                ("expected_monthly_revenue", MoneyField()),
                ("currency", fields.CharField(default="CNY", max_length=3)),
                ("description", fields.TextField(default="", unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("updated_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "opportunity",
                "app": "models",
                "indexes": [
                    Index(fields=["partner_id", "updated_at", "id"]),
                    Index(fields=["owner_id", "updated_at", "id"]),
                    Index(fields=["customer_id", "updated_at", "id"]),
                    Index(fields=["partner_id", "expected_monthly_revenue", "id"]),
                    Index(fields=["partner_id", "created_at", "id"]),
                ],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="OpportunityProgress",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "opportunity",
                    fields.ForeignKeyField(
                        "models.Opportunity",
                        source_field="opportunity_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="progress_updates",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "author",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="author_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="progress_updates",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("note", fields.TextField(unique=False)),
                (
                    "stage",
                    fields.CharEnumField(
                        description="LEAD: LEAD\nQUALIFIED: QUALIFIED\nSOLUTION: SOLUTION\nNEGOTIATION: NEGOTIATION\nWON: WON\nLOST: LOST",
                        enum_type=OpportunityStage,
                        max_length=16,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "opportunity_progress", "app": "models", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Session",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("token_hash", fields.CharField(unique=True, max_length=64)),
                ("csrf_token", fields.CharField(max_length=64)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="sessions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("client_ip", fields.CharField(default="", max_length=64)),
                ("user_agent", fields.CharField(default="", max_length=300)),
            ],
            options={
                "table": "session",
                "app": "models",
                "pk_attr": "id",
                "table_description": "Server-side session: revocable, shared by every worker through the database.",
            },
            bases=["Model"],
        ),
    ]
