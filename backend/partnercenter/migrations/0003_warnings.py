from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from partnercenter.core.fields import MoneyField
from partnercenter.warnings.enums import ResourceState, WarningKind, WarningLevel, WarningResult, WarningState
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0002_orders_messages')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CloudResource',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='cloud_resources', on_delete=OnDelete.RESTRICT)),
                ('product', fields.CharField(max_length=16)),
                ('name', fields.CharField(max_length=100)),
                ('spec', fields.CharField(default='', max_length=100)),
                ('state', fields.CharEnumField(default=ResourceState.ACTIVE, description='ACTIVE: ACTIVE\nRELEASED: RELEASED', enum_type=ResourceState, max_length=16)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'cloud_resource', 'app': 'models', 'indexes': [Index(fields=['state', 'expires_at'])], 'pk_attr': 'id', 'table_description': "A customer's paid cloud resource (ECS, EVS, ...) with its subscription expiry."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CustomerMonthlySpend',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='monthly_spend', on_delete=OnDelete.RESTRICT)),
                ('month', fields.DateField()),
                ('amount', MoneyField()),
                ('currency', fields.CharField(default='CNY', max_length=3)),
            ],
            options={'table': 'customer_monthly_spend', 'app': 'models', 'unique_together': (('customer_id', 'month'),), 'indexes': [Index(fields=['month', 'customer_id'])], 'pk_attr': 'id', 'table_description': 'What a customer spent on the cloud in one calendar month (month = its first day).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CustomerWarning',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('partner', fields.ForeignKeyField('models.Organization', source_field='partner_id', db_constraint=True, to_field='id', related_name='customer_warnings', on_delete=OnDelete.RESTRICT)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='warnings', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='CHURN: CHURN\nRESOURCE: RESOURCE', enum_type=WarningKind, max_length=16)),
                ('subject', fields.CharField(default='', max_length=40)),
                ('period', fields.CharField(max_length=16)),
                ('level', fields.CharEnumField(description='HIGH: HIGH\nMEDIUM: MEDIUM\nLOW: LOW', enum_type=WarningLevel, max_length=8)),
                ('state', fields.CharEnumField(default=WarningState.PENDING, description='PENDING: PENDING\nPROCESSED: PROCESSED', enum_type=WarningState, max_length=16)),
                ('rules', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('signals', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('result', fields.CharEnumField(null=True, description='CHURNED: CHURNED\nNOT_CHURNED: NOT_CHURNED\nRENEWED: RENEWED\nWILL_NOT_RENEW: WILL_NOT_RENEW\nOTHER: OTHER', enum_type=WarningResult, max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('evaluated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('processed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'customer_warning', 'app': 'models', 'unique_together': (('customer_id', 'kind', 'subject', 'period'),), 'indexes': [Index(fields=['partner_id', 'created_at', 'id']), Index(fields=['customer_id', 'state']), Index(fields=['state', 'kind', 'created_at', 'id'])], 'pk_attr': 'id', 'table_description': 'A churn or resource warning about one customer, raised by the daily refresh job.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WarningProcessing',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('warning', fields.ForeignKeyField('models.CustomerWarning', source_field='warning_id', db_constraint=True, to_field='id', related_name='processings', on_delete=OnDelete.RESTRICT)),
                ('actor', fields.ForeignKeyField('models.User', source_field='actor_id', db_constraint=True, to_field='id', related_name='warning_processings', on_delete=OnDelete.RESTRICT)),
                ('result', fields.CharEnumField(description='CHURNED: CHURNED\nNOT_CHURNED: NOT_CHURNED\nRENEWED: RENEWED\nWILL_NOT_RENEW: WILL_NOT_RENEW\nOTHER: OTHER', enum_type=WarningResult, max_length=16)),
                ('reason', fields.CharField(default='', max_length=500)),
                ('churn_date', fields.DateField(null=True)),
                ('measures', fields.CharField(default='', max_length=1000)),
                ('follow_up_date', fields.DateField(null=True)),
                ('note', fields.CharField(default='', max_length=1000)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'warning_processing', 'app': 'models', 'indexes': [Index(fields=['warning_id', 'created_at', 'id'])], 'pk_attr': 'id', 'table_description': 'One processing 处理 of a warning by the responsible manager (history, never deleted).'},
            bases=['Model'],
        ),
    ]
