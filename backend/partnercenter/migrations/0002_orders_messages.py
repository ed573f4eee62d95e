from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from partnercenter.core.fields import MoneyField
from partnercenter.messages.enums import MessageKind
from partnercenter.orders.enums import OrderState
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Arrears',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='arrears', on_delete=OnDelete.RESTRICT)),
                ('currency', fields.CharField(default='CNY', max_length=3)),
                ('amount', MoneyField()),
                ('since', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('settled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'customer_arrears', 'app': 'models', 'indexes': [Index(fields=['customer_id', 'settled_at'])], 'pk_attr': 'id', 'table_description': 'An unpaid bill of a customer (欠费), open while settled_at is null.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Message',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('recipient', fields.ForeignKeyField('models.User', source_field='recipient_id', db_constraint=True, to_field='id', related_name='messages', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='HO_SHARED: HO_SHARED\nHO_EXPIRING: HO_EXPIRING\nHO_EXPIRED: HO_EXPIRED\nHO_ACCEPTED: HO_ACCEPTED\nHO_REJECTED: HO_REJECTED\nPO_SHARED: PO_SHARED\nPO_VALIDATED: PO_VALIDATED\nPO_REJECTED: PO_REJECTED\nWARNING_ASSIGNED: WARNING_ASSIGNED\nCUSTOMER_ASSIGNED: CUSTOMER_ASSIGNED\nASSOCIATION_CONFIRMATION_PENDING: ASSOCIATION_CONFIRMATION_PENDING\nASSOCIATION_CONFIRMED: ASSOCIATION_CONFIRMED\nASSOCIATION_DECLINED: ASSOCIATION_DECLINED\nASSOCIATION_EXPIRED: ASSOCIATION_EXPIRED\nUNBIND_REQUESTED: UNBIND_REQUESTED\nUNBIND_APPROVED: UNBIND_APPROVED\nUNBIND_REJECTED: UNBIND_REJECTED\nCOUPON_ISSUED: COUPON_ISSUED\nQUOTA_GRANTED: QUOTA_GRANTED', enum_type=MessageKind, max_length=48)),
                ('record_type', fields.CharField(default='', max_length=40)),
                ('record_pk', fields.IntField(null=True)),
                ('params', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('read_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'message', 'app': 'models', 'indexes': [Index(fields=['recipient_id', 'created_at', 'id']), Index(fields=['recipient_id', 'read_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Order',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='orders', on_delete=OnDelete.RESTRICT)),
                ('partner', fields.ForeignKeyField('models.Organization', source_field='partner_id', db_constraint=True, to_field='id', related_name='customer_orders', on_delete=OnDelete.RESTRICT)),
                ('state', fields.CharEnumField(default=OrderState.AWAITING_PAYMENT, description='AWAITING_PAYMENT: AWAITING_PAYMENT\nAWAITING_PARTNER_PAYMENT: AWAITING_PARTNER_PAYMENT\nPAID: PAID\nCANCELLED: CANCELLED\nREFUNDED: REFUNDED', enum_type=OrderState, max_length=32)),
                ('currency', fields.CharField(default='CNY', max_length=3)),
                ('amount', MoneyField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('paid_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'customer_order', 'app': 'models', 'indexes': [Index(fields=['customer_id', 'state'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
