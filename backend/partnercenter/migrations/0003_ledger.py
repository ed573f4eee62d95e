from tortoise import migrations
from tortoise.migrations import operations as ops
from partnercenter.core.fields import MoneyField
from partnercenter.funds.enums import AdjustmentOperation, AdjustmentTarget
from partnercenter.ledger.enums import AccountPurpose, OwnerType, TransactionKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0002_orders_messages')]

    initial = False

    operations = [
        ops.CreateModel(
            name='FundsSettings',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('org', fields.OneToOneField('models.Organization', source_field='org_id', db_constraint=True, to_field='id', related_name='funds_settings', on_delete=OnDelete.RESTRICT)),
                ('require_second_factor', fields.BooleanField(default=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_by', fields.ForeignKeyField('models.User', source_field='updated_by_id', null=True, db_constraint=True, to_field='id', related_name='funds_settings_updates', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'funds_settings', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Per-partner funds settings: whether money operations need a second factor.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LedgerAccount',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('owner_type', fields.CharEnumField(description='ORG: ORG\nCUSTOMER: CUSTOMER\nQUOTA: QUOTA\nCOUPON: COUPON\nORDER: ORDER', enum_type=OwnerType, max_length=16)),
                ('owner_id', fields.IntField()),
                ('purpose', fields.CharEnumField(description='PARTNER_FUNDS: PARTNER_FUNDS\nRECHARGE_SOURCE: RECHARGE_SOURCE\nCREDIT_SOURCE: CREDIT_SOURCE\nCUSTOMER_BALANCE: CUSTOMER_BALANCE\nQUOTA_SOURCE: QUOTA_SOURCE\nVOUCHER_QUOTA: VOUCHER_QUOTA\nCASH_COUPON_QUOTA: CASH_COUPON_QUOTA\nCOUPON_VALUE: COUPON_VALUE\nVENDOR_REVENUE: VENDOR_REVENUE', enum_type=AccountPurpose, max_length=32)),
                ('currency', fields.CharField(default='CNY', max_length=3)),
                ('balance', MoneyField(default=0)),
                ('allow_negative', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'ledger_account', 'app': 'models', 'unique_together': (('owner_type', 'owner_id', 'purpose', 'currency'),), 'pk_attr': 'id', 'table_description': 'One account per owner, purpose and currency. The balance is a cache of the sum of its entries'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LedgerTransaction',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='RECHARGE: RECHARGE\nCREDIT_LINE: CREDIT_LINE\nCUSTOMER_DISBURSE: CUSTOMER_DISBURSE\nCUSTOMER_RECOVER: CUSTOMER_RECOVER\nRESELLER_DISBURSE: RESELLER_DISBURSE\nRESELLER_RECOVER: RESELLER_RECOVER\nQUOTA_GRANT: QUOTA_GRANT\nQUOTA_SUBGRANT: QUOTA_SUBGRANT\nQUOTA_RECLAIM: QUOTA_RECLAIM\nQUOTA_EXPIRY: QUOTA_EXPIRY\nCOUPON_ISSUE: COUPON_ISSUE\nCOUPON_RECLAIM: COUPON_RECLAIM\nCOUPON_EXPIRY: COUPON_EXPIRY\nCOUPON_REDEEM: COUPON_REDEEM\nORDER_PAYMENT: ORDER_PAYMENT\nORDER_PARTNER_PAYMENT: ORDER_PARTNER_PAYMENT\nORDER_REFUND: ORDER_REFUND', enum_type=TransactionKind, max_length=32)),
                ('actor_user', fields.ForeignKeyField('models.User', source_field='actor_user_id', null=True, db_constraint=True, to_field='id', related_name='ledger_transactions', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('idempotency_scope', fields.CharField(max_length=100)),
                ('idempotency_key', fields.CharField(max_length=200)),
                ('fingerprint', fields.CharField(max_length=64)),
                ('reference_type', fields.CharField(default='', max_length=40)),
                ('reference_pk', fields.IntField(null=True)),
                ('memo', fields.CharField(default='', max_length=500)),
            ],
            options={'table': 'ledger_transaction', 'app': 'models', 'unique_together': (('idempotency_scope', 'idempotency_key'),), 'indexes': [Index(fields=['reference_type', 'reference_pk']), Index(fields=['created_at', 'id'])], 'pk_attr': 'id', 'table_description': 'One money movement: its entries sum to zero per currency. Never updated or deleted.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FundsAdjustment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('partner', fields.ForeignKeyField('models.Organization', source_field='partner_id', db_constraint=True, to_field='id', related_name='funds_adjustments', on_delete=OnDelete.RESTRICT)),
                ('operation', fields.CharEnumField(description='DISBURSE: DISBURSE\nRECOVER: RECOVER', enum_type=AdjustmentOperation, max_length=16)),
                ('target', fields.CharEnumField(description='CUSTOMER: CUSTOMER\nRESELLER: RESELLER', enum_type=AdjustmentTarget, max_length=16)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', null=True, db_constraint=True, to_field='id', related_name='funds_adjustments', on_delete=OnDelete.RESTRICT)),
                ('reseller', fields.ForeignKeyField('models.Organization', source_field='reseller_id', null=True, db_constraint=True, to_field='id', related_name='funds_adjustments_received', on_delete=OnDelete.RESTRICT)),
                ('amount', MoneyField()),
                ('currency', fields.CharField(default='CNY', max_length=3)),
                ('actor_user', fields.ForeignKeyField('models.User', source_field='actor_user_id', null=True, db_constraint=True, to_field='id', related_name='funds_adjustments', on_delete=OnDelete.RESTRICT)),
                ('transaction', fields.ForeignKeyField('models.LedgerTransaction', source_field='transaction_id', null=True, db_constraint=True, to_field='id', related_name='funds_adjustments', on_delete=OnDelete.RESTRICT)),
                ('memo', fields.CharField(default='', max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'funds_adjustment', 'app': 'models', 'indexes': [Index(fields=['partner_id', 'created_at', 'id']), Index(fields=['customer_id', 'created_at', 'id']), Index(fields=['reseller_id', 'created_at', 'id'])], 'pk_attr': 'id', 'table_description': 'One disbursement or recovery between a partner and a resale customer or secondary reseller.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FundsCreditLineChange',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('partner', fields.ForeignKeyField('models.Organization', source_field='partner_id', db_constraint=True, to_field='id', related_name='credit_line_changes', on_delete=OnDelete.RESTRICT)),
                ('previous_line', MoneyField()),
                ('new_line', MoneyField()),
                ('currency', fields.CharField(default='CNY', max_length=3)),
                ('actor_user', fields.ForeignKeyField('models.User', source_field='actor_user_id', null=True, db_constraint=True, to_field='id', related_name='credit_line_changes', on_delete=OnDelete.RESTRICT)),
                ('idempotency_key', fields.CharField(max_length=100)),
                ('transaction', fields.ForeignKeyField('models.LedgerTransaction', source_field='transaction_id', null=True, db_constraint=True, to_field='id', related_name='credit_line_changes', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'funds_credit_line_change', 'app': 'models', 'unique_together': (('actor_user_id', 'idempotency_key'),), 'indexes': [Index(fields=['partner_id', 'created_at', 'id'])], 'pk_attr': 'id', 'table_description': 'A credit line change by vendor finance (from, to), unique per actor and idempotency key, so a'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LedgerEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('transaction', fields.ForeignKeyField('models.LedgerTransaction', source_field='transaction_id', db_constraint=True, to_field='id', related_name='entries', on_delete=OnDelete.RESTRICT)),
                ('account', fields.ForeignKeyField('models.LedgerAccount', source_field='account_id', db_constraint=True, to_field='id', related_name='entries', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='RECHARGE: RECHARGE\nCREDIT_LINE: CREDIT_LINE\nCUSTOMER_DISBURSE: CUSTOMER_DISBURSE\nCUSTOMER_RECOVER: CUSTOMER_RECOVER\nRESELLER_DISBURSE: RESELLER_DISBURSE\nRESELLER_RECOVER: RESELLER_RECOVER\nQUOTA_GRANT: QUOTA_GRANT\nQUOTA_SUBGRANT: QUOTA_SUBGRANT\nQUOTA_RECLAIM: QUOTA_RECLAIM\nQUOTA_EXPIRY: QUOTA_EXPIRY\nCOUPON_ISSUE: COUPON_ISSUE\nCOUPON_RECLAIM: COUPON_RECLAIM\nCOUPON_EXPIRY: COUPON_EXPIRY\nCOUPON_REDEEM: COUPON_REDEEM\nORDER_PAYMENT: ORDER_PAYMENT\nORDER_PARTNER_PAYMENT: ORDER_PARTNER_PAYMENT\nORDER_REFUND: ORDER_REFUND', enum_type=TransactionKind, max_length=32)),
                ('amount', MoneyField()),
                ('currency', fields.CharField(default='CNY', max_length=3)),
                ('balance_after', MoneyField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'ledger_entry', 'app': 'models', 'indexes': [Index(fields=['account_id', 'id']), Index(fields=['account_id', 'created_at', 'id'])], 'pk_attr': 'id', 'table_description': 'One leg of a transaction on one account: signed amount and the account balance after it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TotpCredential',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.OneToOneField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='totp', on_delete=OnDelete.CASCADE)),
                ('secret', fields.CharField(max_length=64)),
                ('confirmed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_used_step', fields.BigIntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'user_totp', 'app': 'models', 'pk_attr': 'id', 'table_description': "A user's TOTP second factor (RFC 6238). last_used_step refuses a replayed code."},
            bases=['Model'],
        ),
    ]
