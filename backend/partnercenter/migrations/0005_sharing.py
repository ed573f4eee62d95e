from tortoise import migrations
from tortoise.migrations import operations as ops
from partnercenter.core.fields import MoneyField
from partnercenter.customers.enums import Industry
from partnercenter.opportunities.enums import OpportunityType
from partnercenter.sharing.enums import CalendarDayKind, HoRejectReason, HoState, PoRejection, PoState, SupportKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0004_association')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PartnerSharedOpportunity',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('partner', fields.ForeignKeyField('models.Organization', source_field='partner_id', db_constraint=True, to_field='id', related_name='partner_shared_opportunities', on_delete=OnDelete.RESTRICT)),
                ('opportunity', fields.ForeignKeyField('models.Opportunity', source_field='opportunity_id', db_constraint=True, to_field='id', related_name='partner_shares', on_delete=OnDelete.RESTRICT)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='partner_shared_opportunities', on_delete=OnDelete.RESTRICT)),
                ('owner', fields.ForeignKeyField('models.User', source_field='owner_id', db_constraint=True, to_field='id', related_name='pos_owned', on_delete=OnDelete.RESTRICT)),
                ('shared_by', fields.ForeignKeyField('models.User', source_field='shared_by_id', db_constraint=True, to_field='id', related_name='pos_shared', on_delete=OnDelete.RESTRICT)),
                ('support_kind', fields.CharEnumField(description='ARCHITECTURE_VALIDATION: ARCHITECTURE_VALIDATION\nBUSINESS_DEMO: BUSINESS_DEMO\nTECHNICAL_CONSULTING: TECHNICAL_CONSULTING\nSTRATEGY_SUPPORT: STRATEGY_SUPPORT\nRESOURCE_CONFIGURATION_SUPPORT: RESOURCE_CONFIGURATION_SUPPORT\nVISIBLE_ONLY: VISIBLE_ONLY', enum_type=SupportKind, max_length=40)),
                ('need', fields.TextField(unique=False)),
                ('need_key', fields.CharField(max_length=255)),
                ('state', fields.CharEnumField(default=PoState.PENDING, description='PENDING: PENDING\nAPPROVED: APPROVED\nREJECTED: REJECTED', enum_type=PoState, max_length=16)),
                ('shared_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('deadline_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('duplicate_of', fields.ForeignKeyField('models.PartnerSharedOpportunity', source_field='duplicate_of_id', null=True, db_constraint=True, to_field='id', related_name='duplicates', on_delete=OnDelete.RESTRICT)),
                ('validated_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('validated_by', fields.ForeignKeyField('models.User', source_field='validated_by_id', null=True, db_constraint=True, to_field='id', related_name='pos_validated', on_delete=OnDelete.RESTRICT)),
                ('rejection', fields.CharEnumField(null=True, description='BY_VENDOR: BY_VENDOR\nEXPIRED: EXPIRED', enum_type=PoRejection, max_length=16)),
                ('reject_reason', fields.TextField(default='', unique=False)),
                ('signed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'partner_shared_opportunity', 'app': 'models', 'indexes': [Index(fields=['partner_id', 'shared_at', 'id']), Index(fields=['owner_id', 'shared_at', 'id']), Index(fields=['customer_id', 'need_key']), Index(fields=['state', 'deadline_at']), Index(fields=['shared_at', 'id'])], 'pk_attr': 'id', 'table_description': "PO: a partner's opportunity shared with the vendor asking for support. It cannot be withdrawn."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PceTerms',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('version', fields.CharField(unique=True, max_length=32)),
                ('title', fields.CharField(max_length=200)),
                ('body', fields.TextField(unique=False)),
                ('published_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('published_by', fields.ForeignKeyField('models.User', source_field='published_by_id', null=True, db_constraint=True, to_field='id', related_name='pce_terms_published', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'pce_terms', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A published version of the PCE plan terms and conditions.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PceAcceptance',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('partner', fields.ForeignKeyField('models.Organization', source_field='partner_id', db_constraint=True, to_field='id', related_name='pce_acceptances', on_delete=OnDelete.RESTRICT)),
                ('terms', fields.ForeignKeyField('models.PceTerms', source_field='terms_id', db_constraint=True, to_field='id', related_name='acceptances', on_delete=OnDelete.RESTRICT)),
                ('accepted_by', fields.ForeignKeyField('models.User', source_field='accepted_by_id', db_constraint=True, to_field='id', related_name='pce_acceptances', on_delete=OnDelete.RESTRICT)),
                ('accepted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'pce_acceptance', 'app': 'models', 'unique_together': (('partner_id', 'terms_id'),), 'pk_attr': 'id', 'table_description': 'A partner admin accepted a terms version for the partner (who, when, which version).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='VendorSharedOpportunity',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('partner', fields.ForeignKeyField('models.Organization', source_field='partner_id', db_constraint=True, to_field='id', related_name='vendor_shared_opportunities', on_delete=OnDelete.RESTRICT)),
                ('shared_by', fields.ForeignKeyField('models.User', source_field='shared_by_id', db_constraint=True, to_field='id', related_name='hos_shared', on_delete=OnDelete.RESTRICT)),
                ('title', fields.CharField(max_length=200)),
                ('customer_name', fields.CharField(max_length=200)),
                ('contact_name', fields.CharField(default='', max_length=100)),
                ('contact_phone', fields.CharField(default='', max_length=32)),
                ('contact_email', fields.CharField(default='', max_length=200)),
                ('industry', fields.CharEnumField(description='INTERNET: INTERNET\nFINANCE: FINANCE\nGOVERNMENT: GOVERNMENT\nMANUFACTURING: MANUFACTURING\nRETAIL: RETAIL\nEDUCATION: EDUCATION\nHEALTHCARE: HEALTHCARE\nENERGY: ENERGY\nTRANSPORT: TRANSPORT\nMEDIA: MEDIA\nGAMING: GAMING\nOTHER: OTHER', enum_type=Industry, max_length=16)),
                ('region', fields.CharField(default='', max_length=64)),
                ('need', fields.TextField(unique=False)),
                ('opportunity_type', fields.CharEnumField(default=OpportunityType.NEW_PURCHASE, description='NEW_PURCHASE: NEW_PURCHASE\nEXPANSION: EXPANSION\nRENEWAL: RENEWAL\nMIGRATION: MIGRATION', enum_type=OpportunityType, max_length=16)),
                ('expected_monthly_revenue', MoneyField()),
                ('currency', fields.CharField(default='CNY', max_length=3)),
                ('description', fields.TextField(default='', unique=False)),
                ('state', fields.CharEnumField(default=HoState.PENDING, description='PENDING: PENDING\nACCEPTED: ACCEPTED\nREJECTED: REJECTED', enum_type=HoState, max_length=16)),
                ('shared_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('deadline_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expiring_from', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expiring_notified_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('handled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('handled_by', fields.ForeignKeyField('models.User', source_field='handled_by_id', null=True, db_constraint=True, to_field='id', related_name='hos_handled', on_delete=OnDelete.RESTRICT)),
                ('reject_reason', fields.CharEnumField(null=True, description='NO_CAPACITY: NO_CAPACITY\nINDUSTRY_NOT_COVERED: INDUSTRY_NOT_COVERED\nREGION_NOT_COVERED: REGION_NOT_COVERED\nCUSTOMER_CONFLICT: CUSTOMER_CONFLICT\nINSUFFICIENT_INFORMATION: INSUFFICIENT_INFORMATION\nOTHER: OTHER\nEXPIRED: EXPIRED', enum_type=HoRejectReason, max_length=32)),
                ('reject_note', fields.TextField(default='', unique=False)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', null=True, db_constraint=True, to_field='id', related_name='vendor_shared_opportunities', on_delete=OnDelete.RESTRICT)),
                ('opportunity', fields.ForeignKeyField('models.Opportunity', source_field='opportunity_id', null=True, db_constraint=True, to_field='id', related_name='vendor_shares', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'vendor_shared_opportunity', 'app': 'models', 'indexes': [Index(fields=['partner_id', 'shared_at', 'id']), Index(fields=['shared_by_id', 'shared_at', 'id']), Index(fields=['state', 'deadline_at'])], 'pk_attr': 'id', 'table_description': 'HO: an opportunity a vendor PDM shares with a PCE partner, handled within 3 working days.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WorkingCalendarDay',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('day', fields.DateField(unique=True)),
                ('kind', fields.CharEnumField(description='HOLIDAY: HOLIDAY\nWORKDAY: WORKDAY', enum_type=CalendarDayKind, max_length=16)),
                ('name', fields.CharField(default='', max_length=100)),
            ],
            options={'table': 'working_calendar_day', 'app': 'models', 'pk_attr': 'id', 'table_description': 'An exception to the weekday rule (Mon-Fri work, Sat-Sun off): a holiday or a make-up working day.'},
            bases=['Model'],
        ),
    ]
