from tortoise import migrations
from tortoise.migrations import operations as ops
from partnercenter.catalogue.enums import CloudService
from partnercenter.core.fields import MoneyField
from partnercenter.coupons.enums import CouponKind, CouponOperationKind, CouponState, QuotaState
from partnercenter.orders.enums import Payer
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0003_ledger')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CouponQuota',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('partner', fields.ForeignKeyField('models.Organization', source_field='partner_id', db_constraint=True, to_field='id', related_name='coupon_quotas', on_delete=OnDelete.RESTRICT)),
                ('granted_by', fields.ForeignKeyField('models.Organization', source_field='granted_by_id', db_constraint=True, to_field='id', related_name='granted_coupon_quotas', on_delete=OnDelete.RESTRICT)),
                ('parent', fields.ForeignKeyField('models.CouponQuota', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='sub_quotas', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='VOUCHER: VOUCHER\nCASH: CASH', enum_type=CouponKind, max_length=8)),
                ('state', fields.CharEnumField(default=QuotaState.NORMAL, description='NORMAL: NORMAL\nINVALID: INVALID\nADJUSTING: ADJUSTING\nFROZEN: FROZEN\nRECLAIMED: RECLAIMED', enum_type=QuotaState, max_length=16)),
                ('currency', fields.CharField(default='CNY', max_length=3)),
                ('amount', MoneyField(description='Total granted (after adjustments)')),
                ('remaining', MoneyField(description='Not yet consumed by coupons or sub-quotas')),
                ('product_scope', fields.CharField(default='', max_length=100)),
                ('valid_from', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('valid_until', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='granted_quotas', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'coupon_quota', 'app': 'models', 'indexes': [Index(fields=['partner_id', 'created_at', 'id']), Index(fields=['state', 'valid_until'])], 'pk_attr': 'id', 'table_description': 'A coupon quota held by a partner: granted by vendor finance, or a sub-quota passed by a distributor.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Coupon',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('quota', fields.ForeignKeyField('models.CouponQuota', source_field='quota_id', db_constraint=True, to_field='id', related_name='coupons', on_delete=OnDelete.RESTRICT)),
                ('issuer', fields.ForeignKeyField('models.Organization', source_field='issuer_id', db_constraint=True, to_field='id', related_name='issued_coupons', on_delete=OnDelete.RESTRICT)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='coupons', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='VOUCHER: VOUCHER\nCASH: CASH', enum_type=CouponKind, max_length=8)),
                ('state', fields.CharEnumField(description='NOT_ACTIVATED: NOT_ACTIVATED\nUSABLE: USABLE\nUSED: USED\nEXPIRED: EXPIRED\nRECLAIMED: RECLAIMED', enum_type=CouponState, max_length=16)),
                ('currency', fields.CharField(default='CNY', max_length=3)),
                ('face_value', MoneyField()),
                ('remaining', MoneyField(description='What is left to spend')),
                ('spent', MoneyField(default=0, description='What orders have used of it')),
                ('min_order_amount', MoneyField(default=0)),
                ('product_scope', fields.CharField(default='', max_length=100)),
                ('valid_from', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('valid_until', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('memo', fields.CharField(default='', description='Seen by the issuer only', max_length=200)),
                ('issued_by', fields.ForeignKeyField('models.User', source_field='issued_by_id', null=True, db_constraint=True, to_field='id', related_name='issued_coupons', on_delete=OnDelete.RESTRICT)),
                ('issued_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'coupon', 'app': 'models', 'indexes': [Index(fields=['issuer_id', 'issued_at', 'id']), Index(fields=['customer_id', 'state']), Index(fields=['state', 'valid_until'])], 'pk_attr': 'id', 'table_description': 'A voucher or cash coupon issued by a partner to one customer from one quota.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CouponOperation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='QUOTA_GRANT: QUOTA_GRANT\nQUOTA_ADJUST: QUOTA_ADJUST\nQUOTA_FREEZE: QUOTA_FREEZE\nQUOTA_UNFREEZE: QUOTA_UNFREEZE\nSUBQUOTA_GRANT: SUBQUOTA_GRANT\nSUBQUOTA_RECLAIM: SUBQUOTA_RECLAIM\nQUOTA_EXPIRE: QUOTA_EXPIRE\nISSUE: ISSUE\nACTIVATE: ACTIVATE\nREDEEM: REDEEM\nRESTORE: RESTORE\nRECLAIM: RECLAIM\nEXPIRE: EXPIRE\nSIGNING_ENTITY_RETURN: SIGNING_ENTITY_RETURN', enum_type=CouponOperationKind, max_length=24)),
                ('partner', fields.ForeignKeyField('models.Organization', source_field='partner_id', db_constraint=True, to_field='id', related_name='coupon_operations', on_delete=OnDelete.RESTRICT)),
                ('quota', fields.ForeignKeyField('models.CouponQuota', source_field='quota_id', null=True, db_constraint=True, to_field='id', related_name='operations', on_delete=OnDelete.RESTRICT)),
                ('coupon', fields.ForeignKeyField('models.Coupon', source_field='coupon_id', null=True, db_constraint=True, to_field='id', related_name='operations', on_delete=OnDelete.RESTRICT)),
                ('customer_id', fields.IntField(null=True)),
                ('order_id', fields.IntField(null=True)),
                ('currency', fields.CharField(default='CNY', max_length=3)),
                ('amount', MoneyField(default=0)),
                ('actor', fields.ForeignKeyField('models.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='coupon_operations', on_delete=OnDelete.RESTRICT)),
                ('ledger_transaction_id', fields.IntField(null=True)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'coupon_operation', 'app': 'models', 'indexes': [Index(fields=['partner_id', 'at', 'id']), Index(fields=['coupon_id', 'at'])], 'pk_attr': 'id', 'table_description': 'One row of the coupon operation log 优惠券操作记录 (issue, reclaim, expiry, redemption...).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CustomerSigningEntity',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.OneToOneField('models.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='signing_entity', on_delete=OnDelete.RESTRICT)),
                ('entity', fields.CharField(max_length=200)),
                ('changed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('changed_by', fields.ForeignKeyField('models.User', source_field='changed_by_id', null=True, db_constraint=True, to_field='id', related_name='signing_entity_changes', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'customer_signing_entity', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The signing entity 签约主体 a customer currently contracts with (absent: the default one).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OrderPayment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('order', fields.ForeignKeyField('models.Order', source_field='order_id', db_constraint=True, to_field='id', related_name='payments', on_delete=OnDelete.RESTRICT)),
                ('idempotency_key', fields.CharField(unique=True, description='the sender (person or token) and its key', max_length=120)),
                ('payer', fields.CharEnumField(description='CUSTOMER: CUSTOMER\nPARTNER: PARTNER', enum_type=Payer, max_length=16)),
                ('actor', fields.ForeignKeyField('models.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='order_payments', on_delete=OnDelete.RESTRICT)),
                ('currency', fields.CharField(default='CNY', max_length=3)),
                ('voucher_amount', MoneyField(default=0)),
                ('cash_coupon_amount', MoneyField(default=0)),
                ('balance_amount', MoneyField(default=0)),
                ('ledger_transaction_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('refunded_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'customer_order_payment', 'app': 'models', 'indexes': [Index(fields=['order_id', 'id'])], 'pk_attr': 'id', 'table_description': 'How an order was paid: one voucher at most, cash coupons, and the rest from a balance.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OrderPaymentCoupon',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('payment', fields.ForeignKeyField('models.OrderPayment', source_field='payment_id', db_constraint=True, to_field='id', related_name='coupons', on_delete=OnDelete.RESTRICT)),
                ('coupon', fields.ForeignKeyField('models.Coupon', source_field='coupon_id', db_constraint=True, to_field='id', related_name='payments', on_delete=OnDelete.RESTRICT)),
                ('amount', MoneyField()),
            ],
            options={'table': 'customer_order_payment_coupon', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A coupon used on a payment, and how much of it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OrderRefund',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('order', fields.OneToOneField('models.Order', source_field='order_id', db_constraint=True, to_field='id', related_name='refund', on_delete=OnDelete.RESTRICT)),
                ('idempotency_key', fields.CharField(unique=True, max_length=120)),
                ('actor', fields.ForeignKeyField('models.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='order_refunds', on_delete=OnDelete.RESTRICT)),
                ('ledger_transaction_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'customer_order_refund', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A refund of a paid order, kept so a retried refund answers with the first result.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Product',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('service', fields.CharEnumField(description='ECS: ECS\nEVS: EVS\nVPC: VPC\nEIP: EIP', enum_type=CloudService, max_length=8)),
                ('code', fields.CharField(unique=True, max_length=64)),
                ('name', fields.CharField(max_length=100)),
                ('name_en', fields.CharField(max_length=100)),
                ('spec', fields.CharField(description='Specification summary, e.g. 2 vCPUs and 4 GiB', max_length=200)),
                ('unit', fields.CharField(description='What one unit is: INSTANCE, 100GB, MBPS', max_length=16)),
                ('region', fields.CharField(default='cn-north-4', max_length=32)),
                ('currency', fields.CharField(default='CNY', max_length=3)),
                ('monthly_price', MoneyField()),
                ('hourly_price', MoneyField()),
                ('position', fields.IntField(default=0)),
                ('is_active', fields.BooleanField(default=True)),
            ],
            options={'table': 'catalogue_product', 'app': 'models', 'indexes': [Index(fields=['service', 'position', 'id'])], 'pk_attr': 'id', 'table_description': 'A specification of a cloud service (e.g. ECS s6.large.2) with its monthly and hourly price.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OrderLine',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('order', fields.ForeignKeyField('models.Order', source_field='order_id', db_constraint=True, to_field='id', related_name='lines', on_delete=OnDelete.RESTRICT)),
                ('product', fields.ForeignKeyField('models.Product', source_field='product_id', db_constraint=True, to_field='id', related_name='order_lines', on_delete=OnDelete.RESTRICT)),
                ('service', fields.CharField(description="The product's cloud service, for coupon scopes", max_length=8)),
                ('quantity', fields.IntField()),
                ('months', fields.IntField()),
                ('unit_price', MoneyField(description='Monthly price per unit when ordered')),
                ('amount', MoneyField()),
            ],
            options={'table': 'customer_order_line', 'app': 'models', 'indexes': [Index(fields=['order_id', 'id'])], 'pk_attr': 'id', 'table_description': 'One catalogue product on an order, with the price at the time of ordering.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Order',
            name='cancelled_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Order',
            name='paid_by',
            field=fields.CharEnumField(null=True, description='CUSTOMER: CUSTOMER\nPARTNER: PARTNER', enum_type=Payer, max_length=16),
        ),
        ops.AddField(
            model_name='Order',
            name='payer',
            field=fields.CharEnumField(default=Payer.CUSTOMER, description='CUSTOMER: CUSTOMER\nPARTNER: PARTNER', enum_type=Payer, max_length=16),
        ),
        ops.AddField(
            model_name='Order',
            name='placed_by',
            field=fields.ForeignKeyField('models.User', source_field='placed_by_id', null=True, db_constraint=True, to_field='id', related_name='placed_orders', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Order',
            name='refunded_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
