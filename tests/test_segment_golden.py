"""The seed page and our own example pages segment exactly as an editor reads them (golden JSON).

Golden files are regenerated only by scripts/regen_golden and reviewed in the diff; the asserts
below restate the editor's decisions so a careless regeneration cannot hide a regression.
"""

from __future__ import annotations

import json
import re
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


def _page(name: str) -> list[dict]:
    return _records(REPO / "examples" / "pages" / f"{name}.txt")


def _spoken_text(records: list[dict]) -> str:
    """Everything a listener hears of the page's items: titles, decks, bylines and bodies."""
    return json.dumps([[r["title"], r["subtitle"], r["byline"], r["paragraphs"]]
                       for r in records if r["kind"] in READ_KINDS], ensure_ascii=False)


def test_provincial_front_page_masthead_and_index_box_are_not_news():
    records = _page("2024-03-18-provincial-front")
    assert [r["kind"] for r in records][:2] == ["masthead", "index"]
    assert records[0]["source_lines"] == [[3, 9]] and records[1]["source_lines"] == [[12, 15]]
    first = records[2]
    assert first["title"] == "全省高质量发展重点项目集中开工" and first["overline"] == ""
    assert "同比增长12.6%" in first["paragraphs"][2] and first["continued_to"] == "A02"
    comment = next(r for r in records if r["section"] == "东岳时评" and r["kind"] in READ_KINDS)
    assert (comment["title"], comment["subtitle"], comment["byline"]) == (
        "让“春耕图”变成“丰收景”", "", "林木")
    heard = _spoken_text(records)
    for furniture in ("QILU", "CN 37", "邮发代号", "今日12版", "详见A2版", "扫码关注", "责编", "文明交通"):
        assert furniture not in heard


def test_economy_page_tables_are_whole_and_never_body():
    records = _page("2024-03-18-economy")
    tables = [r for r in records if r["kind"] == "table"]
    assert [t["title"] for t in tables] == ["今日菜价", "本地上市公司行情（3月15日）"]
    assert len(tables[0]["paragraphs"]) == 6 and len(tables[1]["paragraphs"]) == 4
    assert records[0]["kind"] == "header"
    heard = _spoken_text(records)
    assert "2.40元" not in heard and "东岳重工" not in heard and "广告热线" not in heard
    trade = next(r for r in records if r["title"] == "一季度外贸开局平稳")
    assert "增长10.3%" in trade["paragraphs"][1]


def test_sports_page_standings_are_a_table_and_lottery_results_their_own_kind():
    records = _page("2024-03-18-sports")
    match = next(r for r in records if r["kind"] in READ_KINDS)
    assert (match["overline"], match["title"], match["subtitle"], match["byline"]) == (
        "中超第3轮", "东岳泰山主场2:1逆转取胜", "克雷桑梅开二度", "本报记者 李响")
    assert [r["title"] for r in records if r["kind"] == "table"] == ["中超积分榜（前五名）"]
    [draw] = [r for r in records if r["kind"] == "lottery"]
    assert draw["paragraphs"][0] == "体彩超级大乐透第24029期开奖结果" and len(draw["paragraphs"]) == 3
    briefs = [r for r in records if r["section"] == "体坛快讯" and r["kind"] in READ_KINDS]
    assert [b["dateline"] for b in briefs] == ["本报讯", "据新华社天津3月17日电", "本报讯"]


def test_supplement_page_poem_lines_essay_and_serial():
    records = [r for r in _page("2024-03-18-supplement") if r["kind"] in READ_KINDS]
    poem, essay, serial, brief = records
    assert (poem["title"], poem["byline"], poem["section"]) == ("春天的信", "林木", "文苑")
    assert poem["paragraphs"] == ["我在三月的枝头，读你写来的信，每一个字，都是一朵刚醒的花",
                                  "风从南边来，把信纸吹得很轻，我把它折成小船，放进解冻的河"]
    assert (essay["title"], essay["byline"]) == ("老屋的灯", "张桂芳")
    assert (serial["title"], serial["byline"], serial["section"]) == (
        "山河岁月（第十二章）", "文/刘东", "长篇连载")
    assert brief["section"] == "文化简讯"


def test_law_page_official_notices_are_read_and_paid_ones_are_not():
    records = _page("2024-03-18-law-notices")
    notices = [r for r in records if r["kind"] == "notice"]
    assert [(n["overline"], n["title"]) for n in notices] == [
        ("东岳市公安局交通管理支队", "关于部分路段临时交通管制的通告"), ("", "更正")]
    assert notices[0]["paragraphs"][-1] == "东岳市公安局交通管理支队，2024年3月17日"
    ads = [r for r in records if r["kind"] == "ad"]
    assert len(ads) == 5 and ads[-1]["paragraphs"][0] == "债权申报公告"
    paid = [r for r in records if r["kind"] == "paid"]  # loss statements: a person's or firm's notice
    assert [len(p["paragraphs"]) for p in paid] == [2, 1] and all("声明作废" in p["paragraphs"][-1] for p in paid)
    heard = _spoken_text(records)
    for paid in ("声明作废", "招聘", "拍卖", "债权", "0531-85196000"):
        assert paid not in heard


def test_national_world_page_agency_datelines_and_bylines():
    records = _page("2024-03-18-national-world")
    spoken = [r for r in records if r["kind"] in READ_KINDS]
    assert [r["dateline"] for r in spoken] == [
        "新华社北京3月17日电", "新华社酒泉3月17日电", "", "新华社联合国3月16日电", "据新华社日内瓦3月17日电"]
    feature = spoken[2]
    assert (feature["byline"], feature["section"]) == ("新华社记者 王烁 陈聪", "新华视点")
    kinds = [r["kind"] for r in records if r["kind"] not in READ_KINDS]
    assert kinds == ["header", "label", "caption", "label", "credit"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_an_export_with_more_blank_lines_reads_the_same(page: Path):
    """Exports differ in spacing: two blank lines between all lines are the same page."""
    text = read_edition_text(page)
    spread = "\n\n\n".join(text.split("\n"))
    assert [(a.kind, a.title, a.paragraphs) for a in segment(spread)] == [
        (a.kind, a.title, a.paragraphs) for a in segment(text)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_an_export_without_blank_lines_finds_the_same_articles(page: Path):
    text = read_edition_text(page)
    tight = "\n".join(line for line in text.split("\n") if line.strip())
    assert [(a.kind, a.title) for a in segment(tight) if a.is_spoken] == [
        (a.kind, a.title) for a in segment(text) if a.is_spoken]


def test_county_front_page_headline_block_and_saying_overline():
    records = _page("2024-03-19-county-front")
    spoken = [r for r in records if r["kind"] in READ_KINDS]
    lead = spoken[0]
    assert (lead["overline"], lead["title"], lead["subtitle"], lead["byline"]) == (
        "奋力推进乡村振兴 建设宜居宜业和美乡村", "我县今年实施重点项目126个", "总投资超过85亿元，民生项目占四成",
        "青溪县融媒体中心记者 李华 通讯员 张伟")
    assert [r["title"] for r in spoken] == [
        "我县今年实施重点项目126个", "全县春季植树造林活动启动", "白石镇：大棚草莓喜获丰收", "柳河乡：建成首个村级养老服务站",
        "抓好春耕备耕 确保粮食稳产"]
    assert spoken[-1]["overline"] == "县委召开常委会会议强调" and records[0]["kind"] == "masthead"


def test_legal_case_page_labels_are_sections_and_paragraph_heads_stay_inside():
    records = _page("2024-03-19-legal-cases")
    spoken = [r for r in records if r["kind"] in READ_KINDS]
    assert [(r["section"], r["title"]) for r in spoken] == [
        ("以案说法", "网购退货遭拒 消费者起诉获支持"), ("法律门诊", "邻居装监控对着我家门口怎么办"),
        ("检察视窗", "市检察院服务保障民营经济发展"), ("以案释法", "老人错转账给陌生人 法院判令返还")]
    assert spoken[0]["subtitle"] == "法院：商家应履行七日无理由退货义务" and "法官说法" in spoken[0]["paragraphs"]
    assert [p for p in spoken[2]["paragraphs"] if p[1] == "、"] == [
        "一、办理涉企案件312件", "二、开展“护企”专项行动", "三、设立企业服务站"]
    assert [r["paragraphs"][0] for r in records if r["kind"] == "label"] == ["以案说法", "法律门诊", "检察视窗", "以案释法"]


def test_evening_service_page_letter_notices_and_lottery():
    records = _page("2024-03-19-evening-service")
    spoken = [r for r in records if r["kind"] in READ_KINDS]
    assert [(r["kind"], r["title"]) for r in spoken] == [
        ("brief", "小区电梯停运半月 居民爬楼犯了难"), ("brief", "感谢好心的公交司机"),
        ("notice", "关于调整住房公积金缴存基数的通知")]
    assert spoken[0]["paragraphs"][3] == "记者手记" and spoken[0]["byline"] == "晚报记者 林晓 实习生 方圆"
    assert spoken[1]["section"] == "读者来信" and spoken[1]["paragraphs"][-1] == "读者 周建国"
    assert [r["paragraphs"][0] for r in records if r["kind"] == "paid"] == ["寻物启事", "失物招领", "讣告", "挂失声明"]
    assert [r["source_lines"] for r in records if r["kind"] in ("table", "lottery")] == [[[24, 27]], [[46, 49]]]
    heard = _spoken_text(records)
    for skipped in ("寻物", "逝世", "挂失", "红球", "天 气", "市气象台"):
        assert skipped not in heard


def test_weekend_serial_page_chapters_and_editors_note():
    records = _page("2024-03-19-weekend-serial")
    spoken = [r for r in records if r["kind"] in READ_KINDS]
    serial, essay, home, book = spoken
    assert (serial["section"], serial["title"], serial["byline"]) == ("长篇连载", "长河入海（三十六）", "周立新")
    assert serial["paragraphs"][3] == "二" and len(serial["paragraphs"]) == 6
    assert not any("未完待续" in p for p in serial["paragraphs"])
    assert (essay["section"], essay["title"]) == ("人间烟火", "外婆的腌菜坛") and len(essay["paragraphs"]) == 3
    assert (home["section"], home["title"]) == ("我的家乡", "故乡的石板路")
    assert home["paragraphs"][0].startswith("编者按") and book["section"] == "书讯"


def test_xinhua_page_link_boxes_and_feature_subheads_stay_in_their_article():
    records = _page("2024-03-19-xinhua-world")
    spoken = [r for r in records if r["kind"] in READ_KINDS]
    assert [r["title"] for r in spoken] == [
        "前两个月国民经济开局平稳", "春运收官 全国发送旅客超84亿人次", "“一老一小”服务如何更贴心",
        "联合国粮农组织：全球粮价连续三个月下降", "中国援建医院在非洲开诊"]
    assert spoken[1]["paragraphs"][2:4] == ["链接", "什么是跨区域人员流动量"]
    feature = spoken[2]
    assert (feature["subtitle"], feature["byline"], feature["section"]) == (
        "——来自多地的调查", "新华社记者 赵琬微 张研", "新华视点")
    assert feature["paragraphs"][1::2] == ["一站多能 服务嵌入社区", "价格仍是“痛点”", "记者手记"]
    assert [r["section"] for r in spoken[3:]] == ["国际纵览", "国际纵览"]
    assert [r["dateline"] for r in spoken[3:]] == ["新华社罗马3月18日电", "新华社内罗毕3月17日电"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_an_export_with_paragraphs_set_tight_finds_the_same_articles(page: Path):
    """Some exports set paragraphs with no blank line and articles one apart: the same articles,
    titles and sections (gaps are measured against the page's own paragraph spacing)."""
    text = read_edition_text(page)
    tight = re.sub(r"\n\n\n+", "\n\n", re.sub(r"\n\n(?!\n)", "\n", text))
    assert [(a.kind, a.title, a.section) for a in segment(tight) if a.is_spoken] == [
        (a.kind, a.title, a.section) for a in segment(text) if a.is_spoken]
