"""The seed page and our own example pages segment exactly as an editor reads them (golden JSON).

Golden files are regenerated only by scripts/regen_golden and reviewed in the diff; the asserts
below restate the editor's decisions so a careless regeneration cannot hide a regression.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audiopaper.ingest import read_edition_text
from audiopaper.segment import segment, to_json, to_records
from audiopaper.types import READ_KINDS

from paths import REPO, SEED_EDITION

GOLDEN = REPO / "tests" / "golden"
PAGES = [SEED_EDITION, *sorted((REPO / "examples" / "pages").glob("*.txt"))]


def _records(page: Path) -> list[dict]:
    return to_records(segment(read_edition_text(page)))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_matches_golden(page: Path):
    golden = GOLDEN / f"{page.stem}.json"
    assert golden.exists(), "run scripts/regen_golden and review the new file"
    assert to_json(segment(read_edition_text(page))) == golden.read_text(encoding="utf-8")


def test_seed_items_in_reading_order():
    items = [(r["kind"], r["title"] or r["paragraphs"][0][:8]) for r in _records(SEED_EDITION)]
    assert items == [
        ("interview", "精准谋划 靶向攻坚 持续激发改革创新动能"),
        ("article", "肥城桃花节3月25日启幕"),
        ("label", "政闻快报"),
        ("article", "岱岳区举办2024年上半年新兵欢送大会"),
        ("article", "泰安市残联第八届主席团第二次全体会议召开"),
        ("article", "济微高速项目泰安段施工正加快进行"),
        ("brief", "“火眼金睛”辨真伪"),
        ("article", "12333“数字帮办”服务上线"),
        ("caption", "岱岳区人社局工作"),
        ("continuation", "续：必须更好统筹质的有效提升和量的合理增长……"),
        ("slogan", "卫生从脚下起步，"),
    ]


def test_seed_interview_heading_stack_and_repaired_breaks():
    first = _records(SEED_EDITION)[0]
    assert first["overline"] == "改革创新破难题 登高望远走在前"
    assert first["subtitle"] == "——访泰安市行政审批服务局党组书记、局长张青"
    assert first["byline"] == "记者 苏婷"
    assert len(first["paragraphs"]) == 4
    assert "充分学习借鉴其经验做法" in first["paragraphs"][1]
    assert "围绕全市社会信用体系" in first["paragraphs"][1]
    assert first["paragraphs"][3].startswith("张青：中央全面深化改革委员会第四次会议指出，改革举措要有鲜明指向性")


def test_seed_datelines_bylines_captions_and_credits():
    records = {r["title"]: r for r in _records(SEED_EDITION)}
    peach = records["肥城桃花节3月25日启幕"]
    assert (peach["dateline"], peach["byline"]) == ("本报3月14日讯", "记者 郑凯")
    assert peach["subtitle"] == "届时将举办音乐节、书法艺术展等活动"
    assert peach["paragraphs"][0].startswith("“桃花春色暖先开")
    assert records["“火眼金睛”辨真伪"]["byline"] == "记者 张建/文 通讯员供图"
    digital = records["12333“数字帮办”服务上线"]
    assert digital["overline"] == "省时省力，人社业务掌上自助办理"
    assert not any("隋翔" in p or "指导居民通过" in p for p in digital["paragraphs"])
    assert digital["paragraphs"][4].startswith("什么是12333")
    body = json.dumps([r["paragraphs"] for r in records.values() if r["kind"] in READ_KINDS],
                      ensure_ascii=False)
    assert "政闻快报" not in body and "卫生从脚下起步" not in body and "通讯员供图" not in body


def test_seed_column_label_is_a_section():
    records = _records(SEED_EDITION)
    sections = {r["title"]: r["section"] for r in records if r["title"]}
    assert sections["岱岳区举办2024年上半年新兵欢送大会"] == "政闻快报"
    assert sections["济微高速项目泰安段施工正加快进行"] == "政闻快报"
    assert sections["12333“数字帮办”服务上线"] == ""


def test_seed_continuation_is_kept_whole():
    piece = _records(SEED_EDITION)[9]
    assert piece["continued_from"] == "01" and len(piece["paragraphs"]) == 6
    assert piece["paragraphs"][3].startswith("在科研条件方面，我市拥有一批高校资源。")


def test_own_two_pages_join_the_jump_and_keep_the_rest():
    records = _records(REPO / "examples" / "pages" / "2024-03-16-two-pages.txt")
    street = records[1]
    assert street["title"] == "老街改造迈出新步子" and street["subtitle"] == "让“老街”重新“活”起来"
    assert street["byline"] == "文/图 记者 周小青" and street["dateline"] == "本报讯"
    assert street["source_lines"] == [[5, 21], [36, 40]] and len(street["paragraphs"]) == 6
    assert "社区将在南门外增设" in street["paragraphs"][2] and "第23届" in street["paragraphs"][3]
    assert records[2]["kind"] == "caption" and "刘佳 摄" in records[2]["byline"]
    assert not any(r["kind"] == "continuation" for r in records)
    briefs = [r for r in records if r["section"] == "社区简讯" and r["kind"] == "brief"]
    assert [b["byline"] for b in briefs] == ["记者 刘佳", "通讯员 孙明"]
    kinds = {r["title"]: r["kind"] for r in records if r["title"]}
    assert kinds["更正启事"] == "notice" and kinds["“一站式”服务让群众少跑腿"] == "interview"
    cherry = next(r for r in records if r["title"] == "城南公园樱花进入最佳观赏期")
    assert cherry["continued_to"] == "03"  # page 03 is not in the edition: kept, marked


def test_own_city_page_photo_trailing_byline_staff_line():
    records = _records(REPO / "examples" / "pages" / "2024-03-17-city-life.txt")
    assert [r["kind"] for r in records] == [
        "continuation", "photo", "brief", "label", "brief", "brief", "slogan", "staff"]
    assert records[0]["page"] == "A03" and records[0]["continued_from"] == "A01"
    assert records[1]["byline"] == "王五 摄"
    jobs = records[2]
    assert (jobs["overline"], jobs["title"]) == ("春风送岗位 就业暖人心", "春季招聘会提供岗位三千余个")
    assert jobs["byline"] == "记者 孙小北" and "孙小北" not in "".join(jobs["paragraphs"])
    assert records[5]["paragraphs"][-1].endswith("吃得健康。")
    assert records[6]["paragraphs"] == ["珍惜每一滴水，守护母亲河。"]
    assert records[7]["paragraphs"] == ["责任编辑：刘晓 校对：陈一"]
