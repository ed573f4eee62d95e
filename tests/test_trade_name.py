"""The trade name 字号 of a company name, and free text masked with it (finding 6)."""

from __future__ import annotations

import pytest

from partnercenter.access.masking import mask_company, mask_free_text, trade_name
from partnercenter.seed import names as N


@pytest.mark.parametrize(
    ("company", "trade"),
    [
        ("华为技术有限公司", "华为"),
        ("太原天信影视科技有限公司", "天信"),
        ("腾讯科技（深圳）有限公司", "腾讯"),
        ("小米科技有限责任公司", "小米"),
        ("中国平安保险(集团)股份有限公司", "平安"),
        ("广东省深圳市华强电子集团有限公司", "华强"),
        ("深圳市大疆创新科技有限公司", "大疆创新"),
        ("北京数科数据科技有限公司", "数科"),
        ("杭州云栖网络科技有限公司上海分公司", "云栖"),
    ],
)
def test_trade_name_of_real_world_shapes(company: str, trade: str) -> None:
    assert trade_name(company) == trade


@pytest.mark.parametrize("company", ["", "有限公司", "Acme Inc.", "北京有限公司", "科技有限公司"])
def test_no_trade_name_when_nothing_sensible_remains(company: str) -> None:
    assert trade_name(company) is None


def test_trade_name_of_every_seed_shape() -> None:
    """Every name the seed builds (city + stem + industry word + suffix) yields its stem."""
    words = [w for ws in N.INDUSTRY_WORDS.values() for w in ws]
    suffixes = [s for s, _ in N.COMPANY_SUFFIXES]
    cities = [c for c, _ in N.CITIES]
    checked = 0  # every stem, each with another city, industry word and suffix
    for c1, _ in N.STEM_FIRST:
        for c2, _ in N.STEM_SECOND:
            if c1 == c2:
                continue
            stem, city = c1 + c2, cities[checked % len(cities)]
            word = words[checked % len(words)]
            suffix = suffixes[(checked // len(words)) % len(suffixes)]
            assert trade_name(f"{city}{stem}{word}{suffix}") == stem, f"{city}{stem}{word}{suffix}"
            checked += 1
    for word in words:  # every industry word with every suffix
        for suffix in suffixes:
            assert trade_name(f"太原天信{word}{suffix}") == "天信"


def test_mask_free_text_masks_full_name_and_trade_name() -> None:
    company = "太原天信影视科技有限公司"
    text = "天信影视等保2.0项目（太原天信影视科技有限公司）"
    shown = mask_free_text(text, [company])
    assert "天信" not in shown
    assert shown == f"**影视等保2.0项目（{mask_company(company)}）"
    assert mask_free_text("GaussDB迁移", [company]) == "GaussDB迁移"
    assert mask_free_text("", [company]) == ""
    assert mask_free_text("天信", []) == "天信"
