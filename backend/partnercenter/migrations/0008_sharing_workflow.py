# Sharing on the workflow engine (issue 8): HOs and POs get the engine's nullable due column `due_at`
# (the NOT NULL `deadline_at` stays, shown as deadlineAt). Pending rows take their deadline as due_at,
# so the `workflow-deadlines` sweeper finds the rows shared before this migration.
from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("models", "0007_trust_tokens")]

    initial = False

    operations = [
        ops.AddField(
            model_name="PartnerSharedOpportunity",
            name="due_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddIndex(
            model_name="PartnerSharedOpportunity",
            index=Index(fields=["state", "due_at"]),
        ),
        ops.AddField(
            model_name="VendorSharedOpportunity",
            name="due_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddIndex(
            model_name="VendorSharedOpportunity",
            index=Index(fields=["state", "due_at"]),
        ),
        ops.RunSQL(
            [
                "UPDATE vendor_shared_opportunity SET due_at = deadline_at WHERE state = 'PENDING'",
                "UPDATE partner_shared_opportunity SET due_at = deadline_at WHERE state = 'PENDING'",
            ],
            reverse_sql=[
                "UPDATE vendor_shared_opportunity SET due_at = NULL",
                "UPDATE partner_shared_opportunity SET due_at = NULL",
            ],
        ),
    ]
