"""The product catalogue: one row per orderable specification of a cloud service, with prices."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from partnercenter.catalogue.enums import CloudService
from partnercenter.core.fields import MoneyField


class Product(Model):
    """A specification of a cloud service (e.g. ECS s6.large.2) with its monthly and hourly price."""

    id = fields.IntField(primary_key=True)
    service = fields.CharEnumField(CloudService, max_length=8)
    code = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=100)
    name_en = fields.CharField(max_length=100)
    spec = fields.CharField(max_length=200, description="Specification summary, e.g. 2 vCPUs and 4 GiB")
    unit = fields.CharField(max_length=16, description="What one unit is: INSTANCE, 100GB, MBPS")
    region = fields.CharField(max_length=32, default="cn-north-4")
    currency = fields.CharField(max_length=3, default="CNY")
    monthly_price = MoneyField()
    hourly_price = MoneyField()
    position = fields.IntField(default=0)
    is_active = fields.BooleanField(default=True)

    class Meta:
        table = "catalogue_product"
        indexes = (("service", "position", "id"),)
