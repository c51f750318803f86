"""The real page PDFs in ../shared/epaper/pdf (skipped where absent): read as an editor would."""

from __future__ import annotations

from pathlib import Path

import pytest

from audiopaper import pipeline
from audiopaper.errors import InputError
from audiopaper.ingest.pdf import read_pdfs

from paths import REPO

pytestmark = pytest.mark.slow
PDFS = REPO.parent / "shared" / "epaper" / "pdf"
if not PDFS.is_dir():
    PDFS = Path("/work/shared/epaper/pdf")


def page(name: str) -> Path:
    found = sorted(PDFS.glob(f"{name}*.pdf")) if PDFS.is_dir() else []
    if not found:
        pytest.skip(f"{name} is not in {PDFS}")
    return found[0]


def spoken(items):
    return [a for a in items if a.is_spoken]


def test_clean_page_whole_with_its_headlines():
    items = read_pdfs([page("hnsb-2024-06-04-A06")]).items
    [story] = spoken(items)
    assert story.title == "这个中心有个小目标 要让河南商品“链全球”"
    assert story.overline.startswith("郑州国际大宗商品交易中心项目总投资超475亿元")
    body = "".join(story.paragraphs)
    assert body.startswith("大宗商品，是连接全球的经济脉搏。")
    assert body.endswith("着力打造河南优势商品的全球供应链配置中心。")
    # across the columns' breaks, the sentences go on whole
    assert "项目一期将于6月正式开工，计划于2025年底全部建成" in body
    assert "供应链金融支撑体系以及现代科技服务体系打造“一中心，三体系”" in body
    assert {"推动河南特色产业集聚、集群、集约发展", "致力于让河南优势商品“链全球”"} <= set(story.paragraphs)
    assert not any(w in body for w in ("扫码", "责编", "星期二"))
    assert {a.kind for a in items if not a.is_spoken} >= {"header", "staff", "ad"}


def test_vertical_headline_page():
    items = spoken(read_pdfs([page("gsfzb-2024-08-09-p08")]).items)
    titles = [a.title for a in items]
    assert titles[:4] == ["“铁脚板+笔记本+大数据”护平安", "金川警方破获一起特大传销案",
                          "强化基层治理筑牢安全防线", "岷县检察：驻村帮扶助力乡村振兴"]
    assert len(titles) == 11 and titles[-1] == "平川警方抓获一名上网逃犯"
    vertical = items[1]
    assert "『投资西部大开发项目』" in vertical.overline  # ﹃﹄ normalized
    assert vertical.paragraphs[0].startswith("8月5日，记者从金昌市公安局金川分局获悉")
    assert all(" " not in p for a in items for p in a.paragraphs if "近年来" in p)


def test_notices_strip_gives_nothing():
    edition = read_pdfs([page("fzrb-legal")])
    assert not spoken(edition.items) and edition.items


def test_unreadable_page_refused():
    with pytest.raises(InputError, match="C01.*cannot be read: its text layer reads as junk"):
        pipeline.read_traced(page("hnsb-2009"))
