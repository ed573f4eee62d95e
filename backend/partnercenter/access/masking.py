"""How each kind of identifier is shown when masked (the eye button's hidden state)."""

from __future__ import annotations

from collections.abc import Callable

_COMPANY_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "Co., Ltd.", "Ltd.", "Inc.")


def mask_company(name: str) -> str:
    """华为技术有限公司 → 华为**有限公司."""
    if not name:
        return name
    for suffix in _COMPANY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            head = name[: min(2, len(name) - len(suffix) - 1)]
            return f"{head}**{suffix}"
    if len(name) <= 2:
        return name[0] + "*"
    return f"{name[:2]}**{name[-1]}" if len(name) > 3 else f"{name[0]}**"


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678."""
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


# Public suffixes under which the label before them names the organisation (xxx.com.cn).
_SECOND_LEVEL = frozenset(
    {"com", "net", "org", "gov", "edu", "ac", "co", "mil", "int", "biz", "info"}
)


def _mask_domain(domain: str) -> str:
    """tianxindata.com.cn → t***.com.cn, mail.example.com → m***.e***.com: every label that
    could name the company is masked, the public suffix stays."""
    labels = domain.split(".")
    if len(labels) < 2:
        return f"{domain[:1]}***" if domain else domain
    keep = 2 if len(labels) >= 3 and labels[-2].lower() in _SECOND_LEVEL and len(labels[-1]) == 2 else 1
    head, suffix = labels[: len(labels) - keep], labels[len(labels) - keep :]
    return ".".join([f"{label[:1]}***" for label in head] + suffix)


def mask_email(email: str) -> str:
    """zhang.wei@tianxindata.com.cn → z***@t***.com.cn (the domain would name the company)."""
    local, sep, domain = email.partition("@")
    if not sep:
        return mask_account(email)
    return f"{local[:1]}***@{_mask_domain(domain)}"


def mask_person(name: str) -> str:
    """张伟 → 张*, 欧阳娜娜 → 欧***."""
    if not name:
        return name
    return name[0] + "*" * max(1, len(name) - 1)


def mask_account(account: str) -> str:
    """hw_zhangwei01 → hw****01."""
    if len(account) <= 4:
        return account[:1] + "***"
    return f"{account[:2]}****{account[-2:]}"


Masker = Callable[[str], str]
