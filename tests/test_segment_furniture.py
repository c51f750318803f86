"""Page furniture by kind, one small page per case: what is set aside, and what is still news.

Each case is a short page; the assertion names the kind every furniture line must get (from
``segment --explain``) and checks that none of it reaches a spoken title, deck, byline or body.
"""

from __future__ import annotations

import json

import pytest

from audiopaper.config import SegmentConfig
from audiopaper.errors import ConfigError
from audiopaper.pipeline import segment_rules
from audiopaper.segment import place_tables, segment, segment_traced, skipped_summary, to_records
from audiopaper.types import READ_KINDS

TITLE = "城东社区图书馆正式开放"
BODY = "本报讯（记者 王晓林）14日，城东社区图书馆正式开放。馆内设有老年阅览区和少儿绘本区。"
ARTICLE = [TITLE, BODY]


def page(*blocks: str) -> str:
    return "\n".join(blocks) + "\n"


def kinds(text: str, rules=None) -> dict[str, str]:
    """Each line's text => what it was taken for."""
    return {d.text: d.kind for d in segment_traced(text, rules)[1]}


def heard(text: str, rules=None) -> str:
    return json.dumps([[r["title"], r["overline"], r["subtitle"], r["byline"], r["paragraphs"]]
                       for r in to_records(segment(text, rules)) if r["kind"] in READ_KINDS],
                      ensure_ascii=False)


def assert_set_aside(blocks: list[str], kind: str, before: bool = True) -> None:
    text = page(*(blocks + ARTICLE if before else ARTICLE + blocks))
    found = kinds(text)
    for line in blocks:
        assert found[line] == kind, (line, found[line])
        assert line not in heard(text), line
    assert TITLE in heard(text)


MASTHEADS = [
    ["泰安日报", "TAIAN RIBAO", "中共泰安市委主管主办", "国内统一连续出版物号 CN 37-0041", "邮发代号 23-10"],
    ["东岳新闻", "国内统一连续出版物号：CN37-0099", "邮发代号：23-99"],
    ["2024年3月15日 星期五 农历甲辰年二月初六", "第12345期 今日8版"],
    ["青石河晚报", "QINGSHIHE WANBAO", "总第8721期", "新闻热线：0538-6990000"],
    ["主办：东岳日报社  ISSN 1234-567X", "今日天气：晴 3℃～15℃ 南风3级"],
    ["星城晨报", "星城晨报社出版", "本期16版"],
    ["东岳法治报", "DONGYUE FAZHI BAO", "2024年3月15日", "星期五", "农历二月初六", "今日出版8版"],
]


@pytest.mark.parametrize("blocks", MASTHEADS, ids=lambda b: b[0][:6])
def test_masthead_blocks_at_the_top(blocks):
    assert_set_aside(blocks, "masthead")


@pytest.mark.parametrize("line", [
    "2024年3月15日 星期五  要闻  A2", "A2·要闻", "要闻｜A3", "— 3 —", "东岳日报 2024.3.15 第3版",
    "2024年3月15日 周五 责编：王刚", "A3 都市新闻 2024年5月8日", "2024年5月8日 第3版",
    "东江新闻网 www.djnews.cn",
])
def test_page_headers_and_footers(line):
    assert_set_aside([line], "header", before=False)


@pytest.mark.parametrize("blocks", [
    ["本期导读", "全省春耕备耕全面展开  详见A2版", "县域商业提速  见A3版", "银发族学数字技能  A5"],
    ["今日看点", "东岳马拉松开跑 >>A8", "老街换新颜 → 3版"],
    ["【要闻导读】", "全市一季度经济运行平稳", "新兴产业增势强劲 详见第2版"],
    ["导　读", "东岳马拉松开跑 A8", "老街换新颜 A3"],
    ["全市春耕备耕全面展开 详见第2版"],
])
def test_index_boxes(blocks):
    assert_set_aside(blocks, "index")


@pytest.mark.parametrize("blocks", [
    ["分类广告", "广告热线：0531-85196000", "遗失声明", "张三不慎遗失身份证一张，号码370102198001011234，声明作废。"],
    ["招聘：某物流公司诚聘货车司机2名，待遇面议，电话：13800000000"],
    ["扫码关注本报微信公众号"],
    ["长按识别二维码下载东岳新闻客户端"],
    ["拍卖公告", "受东岳市中级人民法院委托，本公司定于3月28日公开拍卖住宅一套，有意竞买者请到本公司办理手续。",
     "联系电话：0531-86001234"],
    ["注销公告", "东岳远航机械有限公司经股东会决议解散，请债权人于45日内向清算组申报债权。"],
    ["房屋出租", "文化路临街商铺200平方米出租，电话：0531-88886666"],
    ["广告经营许可证：3709004000001"],
    ["联系电话：0538-8888888"],
    ["（广告）", "东岳家居城五一大促，全场八折起。电话：0538-8123456"],
    ["东岳化工年产5万吨新材料项目环境影响评价公示", "公示期为10个工作日，公众可通过电话反映意见。电话：0538-8000000"],
    ["咨询热线：0538-6288888 13905381234"],
])
def test_ads_and_paid_notices(blocks):
    assert_set_aside(blocks, "ad", before=False)


TABLES = [
    ["今日菜价", "芹菜　2.40元/公斤", "大白菜　1.60元/公斤", "西红柿　5.80元/公斤"],
    ["全省主要城市天气", "济南 晴 3～15℃", "青岛 多云 5～12℃", "泰安 晴 2～16℃"],
    ["电视节目", "19:00 新闻联播", "19:30 天气预报", "20:00 电视剧 山河岁月"],
    ["G123 泰安—北京南 08:15 10:40", "G125 泰安—北京南 09:02 11:31", "G131 泰安—上海虹桥 10:15 14:20"],
    ["基金净值", "东岳成长混合 1.2345 +0.56%", "齐鲁价值精选 0.9876 -0.12%"],
    ["菜价", "芹菜：2.40元/公斤", "黄瓜：4.20元/公斤", "（数据来源：市价格监测中心）"],
    ["积分榜", "名次 球队 场次 积分", "1 上海海港 3 9", "2 东岳泰山 3 7"],
    ["农贸市场价格", "芹菜1.2元/斤", "猪肉13.5元/斤", "鸡蛋5.8元/斤"],
    ["今日菜价", "芹菜：每斤1.2元", "白菜：每斤0.8元"],
    ["电视节目预告", "CCTV-1", "19:00 新闻联播", "20:00 电视剧：人世间（23、24）", "东岳卫视", "19:30 东岳新闻联播"],
]


@pytest.mark.parametrize("blocks", TABLES, ids=lambda b: b[0][:6])
def test_tables_are_set_aside_whole(blocks):
    assert_set_aside(blocks, "table", before=False)
    [table] = [a for a in segment(page(*ARTICLE, *blocks)) if a.kind == "table"]
    assert table.source_lines == (3, 2 + len(blocks))  # one item: never half a table


#: Lottery results, in the ways papers print them: one line, or a draw's heading over its numbers.
LOTTERY = [
    ["福彩3D第2024065期", "开奖号码 3 7 1", "试机号 5 0 2"],
    ["体彩排列3第24120期：5 8 2"],
    ["福彩双色球第2024052期开奖结果：红球 03 11 17 22 28 31 蓝球 09"],
    ["福利彩票", "双色球第2024030期开奖结果", "红球：03 08 15 22 27 31 蓝球：09", "本期一等奖6注，单注奖金672万元。"],
    ["体彩超级大乐透第24029期开奖结果", "前区　05　12　19　27　33", "后区　02　09"],
    ["中国体育彩票", "超级大乐透第24030期", "前区：03 11 19 25 34", "后区：06 10"],
]


@pytest.mark.parametrize("blocks", LOTTERY, ids=lambda b: b[0][:6])
def test_lottery_results_are_their_own_kind_whole(blocks):
    assert_set_aside(blocks, "lottery", before=False)
    [draw] = [a for a in segment(page(*ARTICLE, *blocks)) if a.kind == "lottery"]
    assert draw.source_lines == (3, 2 + len(blocks))


def test_a_listed_table_is_read_whole_after_a_one_line_intro():
    items = place_tables(segment(page(*ARTICLE, *TABLES[0])), "list")
    [listed] = [a for a in items if a.title == "今日菜价"]
    assert listed.kind == "brief" and listed.paragraphs == (
        "今日菜价：芹菜，2.40元/公斤；大白菜，1.60元/公斤；西红柿，5.80元/公斤。",)
    named = place_tables(segment(page(*ARTICLE, *TABLES[6])), "list")[-1]
    assert named.paragraphs[0] == "积分榜：1，球队上海海港，场次3，积分9；2，球队东岳泰山，场次3，积分7。"


@pytest.mark.parametrize("line", [
    "责任编辑：张三", "本版编辑 李四 美编 王五", "校对：陈一", "版式设计：刘二", "本版责编：刘洋  美编：张薇",
    "投稿邮箱：fukan@dydaily.cn",
])
def test_staff_lines(line):
    assert_set_aside([line], "staff", before=False)


@pytest.mark.parametrize("line", ["本版图片由作者提供", "（资料图片）", "图片来源：视觉中国", "（新华社发）"])
def test_photo_credits(line):
    assert_set_aside([line], "credit", before=False)


@pytest.mark.parametrize("line", ["创建全国文明城市，共建美好幸福家园。", "讲文明树新风，创卫生城市。"])
def test_slogans_at_the_foot(line):
    assert_set_aside([line], "slogan", before=False)


@pytest.mark.parametrize("label, section", [
    ("【岱宗时评】", "岱宗时评"), ("〖社区快讯〗", "社区快讯"), ("■新华视点", "新华视点"), ("要闻简讯", "要闻简讯"),
    ("长篇连载", "长篇连载"), ("■热线", "热线"),
])
def test_column_labels_name_the_section_and_are_never_an_overline(label, section):
    [item] = [r for r in to_records(segment(page(label, *ARTICLE))) if r["kind"] in READ_KINDS]
    assert item["section"] == section and item["overline"] == "" and item["title"] == TITLE


@pytest.mark.parametrize("byline, expected", [
    ("□ 林木", "林木"), ("◎本报记者 张三", "本报记者 张三"), ("■ 文/图 记者 周小青", "文/图 记者 周小青"),
    ("本报通讯员 王五", "本报通讯员 王五"), ("新华社记者 李四 王五", "新华社记者 李四 王五"),
    ("文/林木", "文/林木"), ("▲本报记者 孟凡 见习记者 杜雨桐", "本报记者 孟凡 见习记者 杜雨桐"),
    ("文/记者 陈晓 图/记者 李莉", "文/记者 陈晓 图/记者 李莉"), ("记者 陈晓 报道", "记者 陈晓 报道"),
    ("本报评论员", "本报评论员"),
])
def test_bylines_of_every_shape_are_never_titles_or_decks(byline, expected):
    [item] = [r for r in to_records(segment(page(TITLE, byline, "14日，城东社区图书馆正式开放。")))
              if r["kind"] in READ_KINDS]
    assert (item["title"], item["subtitle"], item["byline"]) == (TITLE, "", expected)


def test_an_author_note_is_never_a_deck():
    [item] = [r for r in to_records(segment(page(TITLE, "（作者单位：泰山学院）", "14日，图书馆开放。")))
              if r["kind"] in READ_KINDS]
    assert item["title"] == TITLE and item["subtitle"] == ""


@pytest.mark.parametrize("blocks, kind", [
    (["更正", "本报15日一文中，“2.4万吨”应为“4.2万吨”，特此更正。"], "notice"),
    (["东岳市人民政府", "关于2024年春季植树的公告", "各区县、各单位：为做好春季植树工作，现公告如下。特此公告。"], "notice"),
    (["拍卖公告", "受委托，本公司定于3月28日公开拍卖住宅一套，有意竞买者请办理手续。"], "ad"),
])
def test_official_notices_stay_readable_and_paid_ones_do_not(blocks, kind):
    records = to_records(segment(page(*blocks)))
    assert kind in [r["kind"] for r in records]


def test_news_that_looks_like_furniture_is_still_news():
    text = page("春季招聘会提供岗位三千余个", BODY,
                "据了解，市民扫描二维码，即可进入“东岳人社”小程序报名，咨询电话：0538-6288888。",
                "春风送岗位 就业暖人心", "东岳马拉松4月21日开跑", BODY)
    found = kinds(text)
    assert set(found.values()) <= {"heading", "body", "byline"}
    assert "0538-6288888" in heard(text) and "春风送岗位" in heard(text)


def test_a_continuation_is_announced_by_its_opening_words():
    [piece] = segment(page("（上接01版）必须更好统筹质的有效提升和量的合理增长。发展新质生产力，既要向新而行。"))
    assert piece.title == "续：必须更好统筹质的有效提升和量的合理增长……"
    assert "上接" not in piece.title


def test_a_papers_own_rules_from_its_config():
    config = SegmentConfig(masthead_names=("岱下晨刊",), columns=("泰山石",),
                           ads=("^便民信息",), furniture=("^本报地址",))
    rules = segment_rules(config)
    text = page("岱下晨刊", "第1234期", "泰山石", *ARTICLE, "便民信息 开锁换锁 电话13800000000",
                "本报地址：东岳市文化路1号")
    found = kinds(text, rules)
    assert found["岱下晨刊"] == "masthead" and found["泰山石"] == "label"
    assert found["便民信息 开锁换锁 电话13800000000"] == "ad" and found["本报地址：东岳市文化路1号"] == "furniture"
    assert skipped_summary(segment(text, rules)) == "1 ad, 1 column label, 1 masthead, 1 other item"


@pytest.mark.parametrize("settings, message", [
    ({"ads": ("(",)}, "segment.ads"), ({"masthead": ("[a-",)}, "segment.masthead"),
    ({"columns": ("",)}, "segment.columns"),
])
def test_bad_paper_rules_are_refused_on_load_with_the_fix(settings, message):
    with pytest.raises(ConfigError, match=message):
        SegmentConfig(**settings)


def test_a_headline_about_the_paper_is_not_its_masthead():
    rules = segment_rules(SegmentConfig(masthead_names=("泰安日报",)))
    text = page(*ARTICLE, "泰安日报 2024年3月15日 星期五 要闻 A2", "泰安日报社举办读者开放日", BODY)
    found = kinds(text, rules)
    assert found["泰安日报 2024年3月15日 星期五 要闻 A2"] == "header"
    assert found["泰安日报社举办读者开放日"] == "heading"


@pytest.mark.parametrize("marker, page", [("（上接一版）", "01"), ("（上接第十二版）", "12"), ("（接A2版）", "A02")])
def test_jump_markers_in_words_are_never_read(marker, page):
    [piece] = segment(page_text := page_of(marker))
    assert piece.continued_from == page and "上接" not in heard(page_text) and piece.title.startswith("续：")


def page_of(marker: str) -> str:
    return page(marker + "必须更好统筹质的有效提升和量的合理增长。")


def test_a_poem_in_an_export_with_blank_lines_everywhere_keeps_its_stanzas():
    lines = ["春天的信", "", "□ 林木", "", "我在三月的枝头", "", "读你写来的信", "", "每一个字", "",
             "都是一朵刚醒的花", "", "", "风从南边来", "", "把信纸吹得很轻", "", "", "老屋的灯", "",
             "◎ 张桂芳", "", "小时候，老屋的堂屋里挂着一盏煤油灯。"]
    poem, essay = [a for a in segment("\n".join(lines) + "\n") if a.is_spoken]
    assert poem.title == "春天的信" and poem.paragraphs == (
        "我在三月的枝头，读你写来的信，每一个字，都是一朵刚醒的花", "风从南边来，把信纸吹得很轻")
    assert (essay.title, essay.byline) == ("老屋的灯", "张桂芳")


def test_headlines_in_a_row_are_not_a_poem():
    text = page("老街改造", "文/图 记者 周小青", "春风送岗位", "就业暖人心", "招聘会提供岗位三千余个",
                "本报讯 16日，市人力资源市场举办春季大型招聘会。")
    assert "verse" not in kinds(text).values()


def test_a_photo_news_label_after_a_cut_line_is_not_glued_to_it():
    text = page(TITLE, BODY + "购票热线：0538-6123456", "", "图片新闻", "", "孩子们在非遗传承人指导下体验剪纸。",
                "本报记者 刘洋 摄")
    items = [a for a in segment(text) if a.is_spoken]
    assert items[0].paragraphs[-1].endswith("0538-6123456")
    assert (items[1].title, items[1].byline) == ("图片新闻", "本报记者 刘洋 摄")


def test_news_after_an_ad_box_is_not_swallowed_by_it():
    text = page("分类广告", "招聘：诚聘司机2名，电话：13800000000", "社区开设老年食堂",
                "本报讯 近日，南关社区开设老年食堂，七十岁以上老人每餐八元，订餐电话：0538-6123456。")
    found = kinds(text)
    assert found["社区开设老年食堂"] == "heading" and "订餐电话" in heard(text)


def test_an_ear_ad_above_the_masthead_and_an_index_box_with_summaries():
    text = page("东岳银行 伴您成长 服务热线95588", "星城日报", "XINGCHENG DAILY",
                "星城日报社出版　国内统一连续出版物号：CN43-0001", "今日导读", "■ 我省发布稳外贸十条措施",
                "从优化通关、加大信贷支持等方面提出具体举措。A3", "■ 东岳马拉松4月开跑 A8", "评论员文章",
                "以实干实绩推动高质量发展", "本报评论员",
                "春潮涌动，实干当先。全省上下要把各项决策部署落到实处。", "今日天气：晴　8℃～21℃")
    records = to_records(segment(text))
    assert [r["kind"] for r in records] == ["ad", "masthead", "index", "label", "brief", "masthead"]
    comment = records[4]
    assert (comment["title"], comment["byline"], comment["section"]) == (
        "以实干实绩推动高质量发展", "本报评论员", "评论员文章")


def test_short_list_items_after_a_lead_in_are_read_in_the_article():
    text = page(TITLE, "本报讯 14日，城东社区图书馆正式开放，首周活动包括：", "1. 书法展览", "2. 非遗体验",
                "3. 文艺演出", "图书馆负责人说，首周预计接待读者两千人次。")
    [article] = [a for a in segment(text) if a.is_spoken]
    assert article.title == TITLE and article.paragraphs[1] == "1. 书法展览，2. 非遗体验，3. 文艺演出"
    assert article.paragraphs[-1] == "图书馆负责人说，首周预计接待读者两千人次。"


@pytest.mark.parametrize("ending", ["（完）", "(完)"])
def test_an_agency_end_mark_is_not_read(ending):
    text = page("我国成功发射新一代遥感卫星", "新华社酒泉3月17日电 17日，我国成功发射新一代遥感卫星。" + ending,
                "另一则消息", "新华社北京3月17日电 会议召开。", ending)
    assert "完" not in heard(text) and len([a for a in segment(text) if a.is_spoken]) == 2


@pytest.mark.parametrize("above", [
    ["□ 林木"], ["□ 林木", "东岳时评"], ["本报评论员 张青", "今日快评"], ["◎ 陈思"],
])
def test_a_byline_above_the_heading_or_label_is_the_article_s(above):
    """A commentary often prints its author above the column label and headline."""
    text = page(*above, TITLE, "近日，城东多个夜市重新开放，吸引了大批市民。消防通道的问题不容忽视。")
    [item] = [r for r in to_records(segment(text)) if r["kind"] in READ_KINDS]
    assert item["title"] == TITLE and item["subtitle"] == "" and item["byline"]
    assert item["byline"] in above[0]
