# Platform machinery (issue 8): workflow history, event outbox and deliveries. The working calendar
# model moved from the sharing slice to core/models.py with the same name and table, so it needs no
# operation here.
from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0005_sharing')]

    initial = False

    operations = [
        ops.CreateModel(
            name='OutboxEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=100)),
                ('aggregate_type', fields.CharField(max_length=64)),
                ('aggregate_id', fields.CharField(max_length=64)),
                ('payload', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'outbox_event', 'app': 'models', 'indexes': [Index(fields=['aggregate_type', 'aggregate_id', 'id'])], 'pk_attr': 'id', 'table_description': 'Something that happened, written in the same transaction as the change it reports.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OutboxDelivery',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('event', fields.ForeignKeyField('models.OutboxEvent', source_field='event_id', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.RESTRICT)),
                ('subscriber', fields.CharField(max_length=100)),
                ('aggregate_type', fields.CharField(max_length=64)),
                ('aggregate_id', fields.CharField(max_length=64)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_error', fields.TextField(default='', unique=False)),
                ('claimed_by', fields.CharField(null=True, max_length=64)),
                ('lease_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'outbox_delivery', 'app': 'models', 'unique_together': (('event_id', 'subscriber'),), 'indexes': [Index(fields=['delivered_at', 'next_attempt_at']), Index(fields=['subscriber', 'aggregate_type', 'aggregate_id', 'id'])], 'pk_attr': 'id', 'table_description': 'One event for one subscriber: due at `next_attempt_at`, leased by a dispatcher while it'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WorkflowHistory',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('workflow', fields.CharField(max_length=64)),
                ('record_id', fields.BigIntField()),
                ('transition', fields.CharField(max_length=64)),
                ('from_state', fields.CharField(max_length=32)),
                ('to_state', fields.CharField(max_length=32)),
                ('actor', fields.ForeignKeyField('models.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='workflow_history', on_delete=OnDelete.RESTRICT)),
                ('reason', fields.TextField(default='', unique=False)),
                ('payload', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'workflow_history', 'app': 'models', 'indexes': [Index(fields=['workflow', 'record_id', 'id'])], 'pk_attr': 'id', 'table_description': 'One fired transition of any workflow: who (None: the system), from, to, why, when.'},
            bases=['Model'],
        ),
    ]
