"""Article file names: ASCII, short, stable, never a reserved device name."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from audiopaper.stitch.names import article_stem, safe_slug


@pytest.mark.parametrize("title", [
    "肥城桃花节3月25日启幕", "“火眼金睛”辨真伪", "CON", "nul", "aux.txt", "…", "",
    "泰安市残联第八届主席团第二次全体会议召开暨二〇二四年工作部署会议在泰山脚下隆重举行",
    "Ünïcödé / back\\slash: *?<>|", "COM1",
])
def test_slug_is_safe_everywhere(title):
    slug = safe_slug(title)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
    assert 0 < len(slug) <= 40
    assert slug.split(".")[0].lower() not in {"con", "prn", "aux", "nul", "com1", "lpt1"}


def test_slug_reads_the_headline_and_is_stable():
    assert safe_slug("肥城桃花节3月25日启幕") == "fei-cheng-tao-hua-jie-3-yue-25-ri-qi-mu"
    assert safe_slug("CON") == "article-con"
    assert safe_slug("Ünïcödé") == "unicode"


def test_article_stem_sorts_by_date_and_number():
    stem = article_stem(dt.date(2024, 3, 15), 2, "肥城桃花节")
    assert stem == "2024-03-15-02-fei-cheng-tao-hua-jie"
