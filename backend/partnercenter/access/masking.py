"""How each kind of identifier is shown when masked (the eye button's hidden state)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

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


# --- The trade name 字号 of a Chinese company name, and free text that names the company -------

# Organisation forms, longest first (stripped repeatedly from the end: 集团有限公司, 控股集团…).
_ORG_FORMS = (
    "股份有限公司", "有限责任公司", "有限公司", "分公司", "子公司", "办事处", "公司", "集团", "控股",
    "股份", "合伙企业", "工作室", "研究院", "中心", "厂",
)  # fmt: skip
_PROVINCES = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "四川", "贵州",
    "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "香港", "澳门", "台湾", "中国",
)  # fmt: skip
# Cities (the seed's, see seed/names.py CITIES, and the other large ones).
_CITIES = (
    "石家庄", "太原", "呼和浩特", "杭州", "南京", "苏州", "宁波", "无锡", "合肥", "济南", "青岛",
    "福州", "厦门", "南昌", "广州", "深圳", "东莞", "佛山", "南宁", "海口", "武汉", "长沙", "郑州",
    "成都", "昆明", "贵阳", "西安", "兰州", "乌鲁木齐", "银川", "沈阳", "大连", "哈尔滨", "长春",
    "珠海", "常州", "温州", "绍兴", "嘉兴", "徐州", "烟台", "泉州", "惠州", "中山", "拉萨", "西宁",
)  # fmt: skip
_REGION_TAILS = ("省", "市", "自治区", "特别行政区")
# Industry and business words that follow the trade name (the seed's INDUSTRY_WORDS split into
# words, and common real-world ones). Stripped repeatedly from the end, longest first.
_INDUSTRY_WORDS = tuple(
    sorted(
        {
            "科技", "技术", "信息", "网络", "数据", "大数据", "软件", "互联网", "云计算", "计算机",
            "金融", "服务", "投资", "管理", "融资", "租赁", "支付", "保险", "代理", "智慧", "城市",
            "数字", "政务", "建设", "运营", "公共资源", "交易", "精密", "机械", "电子", "智能", "制造",
            "汽车", "零部件", "新材料", "材料", "装备", "商贸", "连锁", "超市", "电子商务", "百货",
            "供应链", "零售", "教育", "职业", "培训", "在线", "文化", "医疗", "医药", "健康", "生物",
            "器械", "新能源", "能源", "电力", "工程", "光伏", "储能", "燃气", "物流", "运输", "交通",
            "航运", "快递", "传媒", "影视", "广告", "新媒体", "媒体", "出版", "游戏", "互动", "娱乐",
            "实业", "企业", "咨询", "建筑", "环保", "通信", "通讯", "发展", "贸易", "国际", "系统",
            "集成", "安全", "设计", "开发", "研发", "营销", "电器", "设备", "资产", "控股", "产业",
            "智造", "半导体", "集成电路", "文旅", "旅游", "餐饮", "食品", "农业", "地产", "置业",
            "物业", "人力资源", "制药", "药业", "化工", "环境", "节能", "视频", "音乐", "体育", "商务",
            "银行", "证券", "基金",
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip
_REGIONS = tuple(sorted((*_PROVINCES, *_CITIES), key=len, reverse=True))
_WORDS = frozenset((*_INDUSTRY_WORDS, *_ORG_FORMS))
_GENERIC = _WORDS | frozenset(_REGIONS)
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
_MIN_TRADE, _MAX_TRADE = 2, 6


def _strip_tail(name: str, words: tuple[str, ...], keep: int) -> str:
    """Strips words from the end of `name` as long as one matches and `keep` chars remain."""
    changed = True
    while changed:
        changed = False
        for word in words:
            if name.endswith(word) and len(name) - len(word) >= keep:
                name, changed = name[: -len(word)], True
                break
    return name


def _without_regions(name: str) -> list[str]:
    """`name` with 0, 1, 2… leading regions stripped (广东省深圳市华强…), most stripped first."""
    found = [name]
    while True:
        for region in _REGIONS:
            if name.startswith(region):
                name = name[len(region) :]
                name = next((name[len(t) :] for t in _REGION_TAILS if name.startswith(t)), name)
                found.append(name)
                break
        else:
            return found[::-1]


@lru_cache(maxsize=4096)
def trade_name(company_name: str) -> str | None:
    """The trade name 字号 of a Chinese company name, None if none can be told apart.

    华为技术有限公司 → 华为, 太原天信影视科技有限公司 → 天信, 腾讯科技（深圳）有限公司 → 腾讯:
    the organisation form, any bracketed or leading region and the trailing industry words are
    stripped; what remains (2 to 6 characters) is the trade name."""
    name = _BRACKETS.sub("", (company_name or "").strip()).replace(" ", "")
    if not name or name.isascii():
        return None
    name = _strip_tail(name, _ORG_FORMS + _REGIONS, 0)  # …有限公司上海分公司
    candidates = _without_regions(name)
    for i, candidate in enumerate(candidates):  # 北京青海电子…: 青海 is the trade name here
        # 天信集团科技 → 天信; 星新能源 → 星新 (a word is stripped only if two characters remain)
        candidate = _strip_tail(candidate, _INDUSTRY_WORDS + _ORG_FORMS, _MIN_TRADE)
        # A region is a trade name only after a leading region (北京青海…), never on its own.
        generic = _GENERIC if i == len(candidates) - 1 else _WORDS
        if _MIN_TRADE <= len(candidate) <= _MAX_TRADE and candidate not in generic:
            return candidate
    return None  # 北京电子有限公司: nothing but region and industry


def mask_free_text(text: str, secrets: list[str]) -> str:
    """`text` with every company name in `secrets` masked (`mask_company`) and every trade name
    of them replaced by `**`: 天信影视等保2.0 → **影视等保2.0 for 太原天信影视科技有限公司."""
    if not text:
        return text
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, mask_company(secret))
        trade = trade_name(secret)
        if trade and trade in text:
            text = text.replace(trade, "**")
    return text
