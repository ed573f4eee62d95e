from tortoise import migrations
from tortoise.migrations import operations as ops
from partnercenter.association.enums import KnowledgeKind, LogAction, RequestInitiator, RequestKind, RequestState
from partnercenter.customers.enums import AssociationType
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0003_sales_and_funds')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AssociationRequest',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='association_requests', on_delete=OnDelete.RESTRICT)),
                ('partner', fields.ForeignKeyField('models.Organization', source_field='partner_id', db_constraint=True, to_field='id', related_name='association_requests', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='SWITCH_TYPE: SWITCH_TYPE\nUNBIND: UNBIND', enum_type=RequestKind, max_length=16)),
                ('initiator', fields.CharEnumField(description='PARTNER: PARTNER\nCUSTOMER: CUSTOMER', enum_type=RequestInitiator, max_length=16)),
                ('state', fields.CharEnumField(default=RequestState.PENDING, description='PENDING: PENDING\nCONFIRMED: CONFIRMED\nDECLINED: DECLINED\nEXPIRED: EXPIRED\nAPPROVED: APPROVED\nREJECTED: REJECTED', enum_type=RequestState, max_length=16)),
                ('from_type', fields.CharEnumField(description='RESALE: RESALE\nCONSULTING: CONSULTING', enum_type=AssociationType, max_length=16)),
                ('to_type', fields.CharEnumField(null=True, description='RESALE: RESALE\nCONSULTING: CONSULTING', enum_type=AssociationType, max_length=16)),
                ('reason', fields.CharField(default='', max_length=500)),
                ('requested_by', fields.ForeignKeyField('models.User', source_field='requested_by_id', db_constraint=True, to_field='id', related_name='association_requests', on_delete=OnDelete.RESTRICT)),
                ('requested_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decided_by', fields.ForeignKeyField('models.User', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name='association_decisions', on_delete=OnDelete.RESTRICT)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decision_reason', fields.CharField(default='', max_length=500)),
            ],
            options={'table': 'association_request', 'app': 'models', 'indexes': [Index(fields=['customer_id', 'requested_at']), Index(fields=['state', 'expires_at']), Index(fields=['partner_id', 'requested_at'])], 'pk_attr': 'id', 'table_description': 'A request to switch the association type or to unbind a customer from its partner.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AssociationLogEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='association_log', on_delete=OnDelete.RESTRICT)),
                ('partner', fields.ForeignKeyField('models.Organization', source_field='partner_id', db_constraint=True, to_field='id', related_name='association_log', on_delete=OnDelete.RESTRICT)),
                ('action', fields.CharEnumField(description='BIND: BIND\nSWITCH_REQUESTED: SWITCH_REQUESTED\nUNBIND_REQUESTED: UNBIND_REQUESTED\nCONFIRMED: CONFIRMED\nDECLINED: DECLINED\nEXPIRED: EXPIRED\nAPPROVED: APPROVED\nREJECTED: REJECTED\nSWITCHED: SWITCHED\nUNBOUND: UNBOUND', enum_type=LogAction, max_length=24)),
                ('request', fields.ForeignKeyField('models.AssociationRequest', source_field='request_id', null=True, db_constraint=True, to_field='id', related_name='log_entries', on_delete=OnDelete.RESTRICT)),
                ('from_type', fields.CharEnumField(null=True, description='RESALE: RESALE\nCONSULTING: CONSULTING', enum_type=AssociationType, max_length=16)),
                ('to_type', fields.CharEnumField(null=True, description='RESALE: RESALE\nCONSULTING: CONSULTING', enum_type=AssociationType, max_length=16)),
                ('actor', fields.ForeignKeyField('models.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='association_log', on_delete=OnDelete.RESTRICT)),
                ('note', fields.CharField(default='', max_length=500)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'association_log', 'app': 'models', 'indexes': [Index(fields=['partner_id', 'at', 'id']), Index(fields=['customer_id', 'at', 'id'])], 'pk_attr': 'id', 'table_description': 'One line of the association operation log 关联关系操作记录 (actor null: the system).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CustomerAssignment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='assignments', on_delete=OnDelete.RESTRICT)),
                ('partner', fields.ForeignKeyField('models.Organization', source_field='partner_id', db_constraint=True, to_field='id', related_name='customer_assignments', on_delete=OnDelete.RESTRICT)),
                ('from_manager', fields.ForeignKeyField('models.User', source_field='from_manager_id', null=True, db_constraint=True, to_field='id', related_name='assignments_from', on_delete=OnDelete.RESTRICT)),
                ('to_manager', fields.ForeignKeyField('models.User', source_field='to_manager_id', db_constraint=True, to_field='id', related_name='assignments_to', on_delete=OnDelete.RESTRICT)),
                ('assigned_by', fields.ForeignKeyField('models.User', source_field='assigned_by_id', db_constraint=True, to_field='id', related_name='assignments_made', on_delete=OnDelete.RESTRICT)),
                ('assigned_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'customer_assignment', 'app': 'models', 'indexes': [Index(fields=['customer_id', 'assigned_at'])], 'pk_attr': 'id', 'table_description': 'Account manager assignment history 客户分配: who moved a customer from whom to whom, when.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='KnowledgeItem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='PRODUCT: PRODUCT\nINDUSTRY_CASE: INDUSTRY_CASE\nSOLUTION: SOLUTION', enum_type=KnowledgeKind, max_length=16)),
                ('title', fields.CharField(max_length=200)),
                ('summary', fields.CharField(default='', max_length=2000)),
                ('url', fields.CharField(default='', max_length=500)),
                ('industries', fields.CharField(default='', max_length=500)),
                ('tags', fields.CharField(default='', max_length=500)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', db_constraint=True, to_field='id', related_name='knowledge_items', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'knowledge_item', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Vendor-maintained knowledge 知识推荐: a product, an industry case or a solution.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='NoticeVersion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('version', fields.IntField(unique=True)),
                ('title', fields.CharField(max_length=200)),
                ('body', fields.TextField(unique=False)),
                ('published_by', fields.ForeignKeyField('models.User', source_field='published_by_id', db_constraint=True, to_field='id', related_name='notice_versions', on_delete=OnDelete.RESTRICT)),
                ('published_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'association_notice_version', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A published version of the association notice 客户关联合作伙伴须知 (version numbers increase).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='NoticeSignature',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='notice_signatures', on_delete=OnDelete.RESTRICT)),
                ('notice', fields.ForeignKeyField('models.NoticeVersion', source_field='notice_id', db_constraint=True, to_field='id', related_name='signatures', on_delete=OnDelete.RESTRICT)),
                ('signed_by', fields.ForeignKeyField('models.User', source_field='signed_by_id', db_constraint=True, to_field='id', related_name='notice_signatures', on_delete=OnDelete.RESTRICT)),
                ('signed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'association_notice_signature', 'app': 'models', 'unique_together': (('customer_id', 'notice_id'),), 'pk_attr': 'id', 'table_description': 'A customer user signed one version of the notice for their company.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Customer',
            name='unbound_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
