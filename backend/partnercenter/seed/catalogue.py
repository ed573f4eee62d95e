"""Catalogue reference data: ECS, EVS, VPC and EIP specifications with list prices (CNY, region
cn-north-4 北京四). Loaded by the demo seed and by tests; idempotent (by product code)."""

from __future__ import annotations

from decimal import Decimal

from partnercenter.catalogue.enums import CloudService
from partnercenter.catalogue.models import Product

# (service, code, name, name_en, spec, unit, monthly, hourly)
PRODUCTS: tuple[tuple[CloudService, str, str, str, str, str, str, str], ...] = (
    (CloudService.ECS, "ecs.s6.large.2", "通用计算型 s6.large.2", "General computing s6.large.2",
     "2 vCPUs | 4 GiB", "INSTANCE", "177.30", "0.43"),
    (CloudService.ECS, "ecs.s6.xlarge.2", "通用计算型 s6.xlarge.2", "General computing s6.xlarge.2",
     "4 vCPUs | 8 GiB", "INSTANCE", "354.60", "0.86"),
    (CloudService.ECS, "ecs.c7.2xlarge.2", "计算增强型 c7.2xlarge.2", "Compute-intensive c7.2xlarge.2",
     "8 vCPUs | 16 GiB", "INSTANCE", "862.00", "2.09"),
    (CloudService.ECS, "ecs.m7.xlarge.8", "内存优化型 m7.xlarge.8", "Memory-optimized m7.xlarge.8",
     "4 vCPUs | 32 GiB", "INSTANCE", "786.00", "1.90"),
    (CloudService.EVS, "evs.sata", "普通IO 云硬盘", "Common I/O disk",
     "SATA, 100 GB", "100GB", "30.00", "0.04"),
    (CloudService.EVS, "evs.sas", "高IO 云硬盘", "High I/O disk", "SAS, 100 GB", "100GB", "35.00", "0.05"),
    (CloudService.EVS, "evs.ssd", "超高IO 云硬盘", "Ultra-high I/O disk",
     "SSD, 100 GB", "100GB", "100.00", "0.14"),
    (CloudService.VPC, "vpc.standard", "虚拟私有云", "Virtual Private Cloud",
     "1 VPC with subnets and security groups", "INSTANCE", "0.00", "0.00"),
    (CloudService.VPC, "vpc.nat.small", "NAT网关 小型", "NAT gateway (small)",
     "up to 10,000 connections", "INSTANCE", "360.00", "0.50"),
    (CloudService.EIP, "eip.bandwidth.5", "弹性公网IP 5 Mbit/s", "Elastic IP, 5 Mbit/s",
     "dedicated bandwidth, billed by bandwidth", "MBPS", "115.00", "0.16"),
    (CloudService.EIP, "eip.bandwidth.10", "弹性公网IP 10 Mbit/s", "Elastic IP, 10 Mbit/s",
     "dedicated bandwidth, billed by bandwidth", "MBPS", "355.00", "0.49"),
)  # fmt: skip


async def seed_catalogue() -> dict[str, int]:
    """Creates the products that are not there yet; returns {code: id} of every product."""
    existing = {r["code"]: r["id"] for r in await Product.all().values("id", "code")}
    for position, (service, code, name, name_en, spec, unit, monthly, hourly) in enumerate(PRODUCTS):
        if code in existing:
            continue
        p = await Product.create(
            service=service,
            code=code,
            name=name,
            name_en=name_en,
            spec=spec,
            unit=unit,
            monthly_price=Decimal(monthly),
            hourly_price=Decimal(hourly),
            position=position * 10,
        )
        existing[code] = p.id
    return existing
