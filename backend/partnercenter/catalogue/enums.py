"""Catalogue reference data: the cloud services partners resell."""

from enum import StrEnum


class CloudService(StrEnum):
    ECS = "ECS"  # 弹性云服务器
    EVS = "EVS"  # 云硬盘
    VPC = "VPC"  # 虚拟私有云
    EIP = "EIP"  # 弹性公网IP
