"""An article's structure, by class: headline blocks, column labels, paragraph heads, signatures,
paid notices and lottery results, in the house styles of many papers.

Each case is a small page; the assertions say what an editor would: which line is announced as the
title, which is the 引题/副题/section, and that a paragraph head never splits its article. Every
page is also read with its blank lines doubled and removed, so the decisions rest on order, shape
and punctuation, not on one export's spacing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from audiopaper.config import ProgrammeConfig, ReadingConfig
from audiopaper.errors import ConfigError
from audiopaper.script import Voices, build_script
from audiopaper.segment import explain, place_notices, segment, segment_traced
from audiopaper.types import Article, Edition

BODY = "3月18日，记者从县里获悉，今年共安排重点项目126个，总投资85.6亿元。"
MORE = "据介绍，这批项目突出补短板、强产业、惠民生，群众关心的项目被列入年度计划。"
LONG = ("据介绍，这批项目突出补短板、强产业、惠民生，城乡供水一体化、县医院新院区、职教中心实训楼等"
        "一批群众关心的项目被列入年度计划，每月通报进度。")


def page(*blocks: str) -> str:
    return "\n".join(blocks) + "\n"


def spoken(text: str) -> list[Article]:
    return [a for a in segment(text) if a.is_spoken]


def spacings(text: str) -> list[str]:
    """The page as exported, with its blank lines doubled, and with none."""
    lines = text.split("\n")
    return [text, "\n\n\n".join(lines), "\n".join(line for line in lines if line.strip())]


# Headline blocks: (lines above the body, expected (section, 引题, 主题, 副题, byline)).
STACKS = [
    (["奋力推进乡村振兴 建设宜居宜业和美乡村", "我县今年实施重点项目126个", "总投资超过85亿元，民生项目占四成",
      "青溪县融媒体中心记者 李华 通讯员 张伟"],
     ("", "奋力推进乡村振兴 建设宜居宜业和美乡村", "我县今年实施重点项目126个", "总投资超过85亿元，民生项目占四成",
      "青溪县融媒体中心记者 李华 通讯员 张伟")),
    (["县委召开常委会会议强调", "抓好春耕备耕 确保粮食稳产"],
     ("", "县委召开常委会会议强调", "抓好春耕备耕 确保粮食稳产", "", "")),
    (["全市安全生产工作会议要求", "压实责任 守牢底线", "东岳广播电视台记者 刘强"],
     ("", "全市安全生产工作会议要求", "压实责任 守牢底线", "", "东岳广播电视台记者 刘强")),
    (["小区电梯停运半月 居民爬楼犯了难", "物业：配件已到货，本周内恢复运行", "晚报记者 林晓 实习生 方圆"],
     ("", "", "小区电梯停运半月 居民爬楼犯了难", "物业：配件已到货，本周内恢复运行", "晚报记者 林晓 实习生 方圆")),
    (["以案说法", "网购退货遭拒 消费者起诉获支持", "法院：商家应履行七日无理由退货义务", "本报通讯员 黄婷 记者 宋阳"],
     ("以案说法", "", "网购退货遭拒 消费者起诉获支持", "法院：商家应履行七日无理由退货义务", "本报通讯员 黄婷 记者 宋阳")),
    (["民生热线", "老旧楼道灯不亮 居民盼早日修好"],
     ("民生热线", "", "老旧楼道灯不亮 居民盼早日修好", "", "")),
    (["【百姓故事】", "退休教师义务辅导留守儿童十年"],
     ("百姓故事", "", "退休教师义务辅导留守儿童十年", "", "")),
    (["【民生热线】小区电梯停运半月 居民爬楼犯了难", "晚报记者 林晓"],
     ("民生热线", "", "小区电梯停运半月 居民爬楼犯了难", "", "晚报记者 林晓")),
    (["读者来信", "感谢好心的公交司机"], ("读者来信", "", "感谢好心的公交司机", "", "")),
    (["守护万家灯火的人", "——记全国劳动模范、东岳供电公司配电运维班班长王建国和他的同事们", "都市报记者 马兰"],
     ("", "", "守护万家灯火的人", "——记全国劳动模范、东岳供电公司配电运维班班长王建国和他的同事们", "都市报记者 马兰")),
    (["全市重大项目集中签约", "一季度新签约项目86个，总投资超过320亿元，其中10亿元以上项目12个"],
     ("", "", "全市重大项目集中签约", "一季度新签约项目86个，总投资超过320亿元，其中10亿元以上项目12个", "")),
    (["春风送暖 项目落地", "一季度全市新签约项目86个总投资超过320亿元其中十亿元以上项目12个"],
     ("", "", "春风送暖 项目落地", "一季度全市新签约项目86个总投资超过320亿元其中十亿元以上项目12个", "")),
    (["老屋的灯", "——写给远行的女儿"], ("", "", "老屋的灯", "——写给远行的女儿", "")),
    (["父亲的课堂", "——写在教师节前夕"], ("", "", "父亲的课堂", "——写在教师节前夕", "")),  # a column word
    (["省时省力，人社业务掌上自助办理", "12333“数字帮办”服务上线"],
     ("", "省时省力，人社业务掌上自助办理", "12333“数字帮办”服务上线", "", "")),
    (["东岳市公安局交通管理支队", "关于部分路段临时交通管制的通告"],
     ("", "东岳市公安局交通管理支队", "关于部分路段临时交通管制的通告", "", "")),
    (["春天来了，你准备好踏青了吗？", "本报记者 孙婷"], ("", "", "春天来了，你准备好踏青了吗？", "", "本报记者 孙婷")),
    (["省工信厅：", "一季度全省工业经济开局良好"], ("", "省工信厅：", "一季度全省工业经济开局良好", "", "")),
    (["中超第3轮", "东岳泰山主场2:1逆转取胜", "克雷桑梅开二度", "本报记者 李响"],
     ("", "中超第3轮", "东岳泰山主场2:1逆转取胜", "克雷桑梅开二度", "本报记者 李响")),
]


@pytest.mark.parametrize("heads, expected", STACKS, ids=lambda v: v[0][:8] if isinstance(v, list) else "")
def test_a_headline_block_is_read_as_a_whole(heads: list[str], expected: tuple[str, ...]):
    for text in spacings(page(*heads, "", "本报讯 " + BODY, "", MORE)):
        [article] = spoken(text)
        section, overline, title, subtitle, byline = expected
        got = (article.section if section else "", article.overline, article.title, article.subtitle,
               article.byline)
        assert got == expected
        assert [p for p in article.paragraphs] == [BODY, MORE]  # no heading or byline in the body


def test_explain_names_each_heading_role_and_its_rule():
    text = page("百姓故事", "网购退货遭拒 消费者起诉获支持", "法院：商家应履行七日无理由退货义务", "记者 宋阳", BODY)
    rows = [row.split("\t")[:3] for row in explain(segment_traced(text)[1]).splitlines()]
    assert rows[:4] == [["1", "label", "label:short-name-over-headline"],
                        ["2", "heading", "title:first-of-two"],
                        ["3", "heading", "deck:source-says"],
                        ["4", "byline", "byline:role-and-name"]]


# Paragraph heads in many styles: each stands between two paragraphs of one article.
SUBHEADS = [["法官说法"], ["【法官说法】"], ["记者手记"], ["专家提醒："], ["链接", "什么是跨区域人员流动量"],
            ["一、办理涉企案件312件"], ["二"], ["（三）设立企业服务站"], ["第二章"], ["相关链接"], ["■ 专家观点"], ["■科技赋能 提质增效"], ["■协同发展"],
            ["一站多能 服务嵌入社区"], ["价格仍是“痛点”"]]


@pytest.mark.parametrize("heads", SUBHEADS, ids=lambda h: h[0])
def test_a_paragraph_head_never_splits_its_article(heads: list[str]):
    feature = page("“一老一小”服务如何更贴心", "新华社记者 赵琬微 张研", "", LONG, "", *heads, LONG, "", MORE)
    for text in spacings(feature):
        [article] = spoken(text)
        assert article.title == "“一老一小”服务如何更贴心"
        assert article.paragraphs == (LONG, *[h.lstrip("■ ") for h in heads], LONG, MORE)


@pytest.mark.parametrize("heads", [["法官说法"], ["一、办理涉企案件312件"], ["链接", "什么是跨区域人员流动量"]],
                         ids=lambda h: h[0])
def test_a_known_paragraph_head_stays_in_a_dated_story(heads: list[str]):
    story = page("春运收官 全国发送旅客超84亿人次", "新华社北京3月18日电（记者 叶昊鸣）" + LONG, *heads, MORE)
    [article] = spoken(story)
    assert article.paragraphs == (LONG, *heads, MORE) and article.dateline == "新华社北京3月18日电"


# What follows a short line that makes it the next story's headline.
NEW_STORY = [
    ["全县春季植树造林活动启动", "本报讯（记者 吴敏）" + MORE],  # a dateline
    ["全县春季植树造林活动启动", "记者 吴敏", MORE],  # a byline
    ["全县春季植树造林活动启动", "——今年计划新增造林面积1.2万亩", MORE],  # a deck
    ["乡镇传真", "白石镇：大棚草莓喜获丰收", "本报讯 " + MORE],  # a label over a headline
]


@pytest.mark.parametrize("blocks", NEW_STORY, ids=lambda b: b[1][:6])
def test_a_short_line_is_a_new_story_when_a_new_story_follows(blocks: list[str]):
    for text in spacings(page("我县今年实施重点项目126个", "本报讯 " + LONG, *blocks)):
        first, second = spoken(text)
        assert first.paragraphs == (LONG,) and second.title == blocks[0].replace("乡镇传真", "白石镇：大棚草莓喜获丰收")


def test_a_case_story_may_open_with_its_first_paragraph_head():
    text = page("【以案释法】", "保姆偷拿雇主首饰 被判刑", "通讯员 林芳 记者 赵雷", "", "【案情】", LONG, "", "【裁判】", MORE,
                "", "", "律师信箱", "问：公司拖欠工资三个月，我该怎么办？", "答：可以先协商，协商不成的，可以申请劳动仲裁。")
    for spaced in spacings(text)[:2]:
        case, letters = spoken(spaced)
        assert (case.section, case.title, case.byline) == ("以案释法", "保姆偷拿雇主首饰 被判刑", "通讯员 林芳 记者 赵雷")
        assert case.paragraphs == ("【案情】", LONG, "【裁判】", MORE)
        assert letters.title == "律师信箱" and letters.kind == "interview"


def test_a_dated_story_is_followed_by_the_next_one_not_by_a_paragraph_head():
    """A news story with a dateline has no paragraph heads: a headline after it is the next story."""
    text = page("我县今年实施重点项目126个", "", "本报讯 " + LONG, "", "“火眼金睛”辨真伪", "", MORE)
    assert [a.title for a in spoken(text)] == ["我县今年实施重点项目126个", "“火眼金睛”辨真伪"]


def test_a_wide_gap_before_a_short_line_starts_a_new_story_in_a_feature():
    text = page("老屋的灯", "□ 张桂芳", "", LONG, "", MORE, "", "", "", "故乡的石板路", "", LONG)
    assert [a.title for a in spoken(text)] == ["老屋的灯", "故乡的石板路"]


def test_an_editors_note_opens_the_article_below_it():
    text = page("编者按：本刊征文活动收到来稿两千余篇，本期选登其中一篇。", "", "我的家乡", "故乡的石板路", "□ 李春生", LONG)
    [article] = spoken(text)
    assert (article.section, article.title, article.byline) == ("我的家乡", "故乡的石板路", "李春生")
    assert article.paragraphs[0].startswith("编者按") and article.paragraphs[1] == LONG


@pytest.mark.parametrize("signature", ["读者 周建国", "读者：周建国", "市民 李女士", "网友 王小明", "（读者 周建国）",
                                       "山东泰安读者 周建国"])
def test_a_signature_closes_its_letter(signature: str):
    letter = page("读者来信", "感谢好心的公交司机", "上周五傍晚，我在公交车上突发心慌，司机师傅立即停车帮我拨打120。谢谢您！",
                  signature, "", "", "全县春季植树造林活动启动", "本报讯 " + MORE)
    letter_item, story = spoken(letter)
    assert letter_item.title == "感谢好心的公交司机" and letter_item.paragraphs[-1] == signature
    assert story.title == "全县春季植树造林活动启动"
    assert all(signature not in (a.title, a.subtitle) for a in segment(letter))


def test_a_box_label_belongs_to_its_box():
    text = page("天 气", "今天白天 多云转晴 东南风3级 8～19℃", "今天夜间 晴 南风2级 6～12℃", "（市气象台昨日17时发布）")
    [box] = segment(text)
    assert (box.kind, box.title, box.source_lines) == ("table", "天气", (1, 4))


PAID = [
    ["寻物启事", "本人于3月17日在泉城广场遗失黑色双肩包一个，有拾到者请与本人联系，必有重谢。电话：13705318888"],
    ["失物招领", "3月16日，市民在公交36路车上拾到钱包一个，请失主携有效证件到失物招领处认领。"],
    ["讣告", "退休教师张桂兰同志因病医治无效，于2024年3月17日逝世，享年86岁。", "特此讣告。", "张桂兰治丧小组",
     "2024年3月18日"],
    ["挂失声明", "李红梅不慎遗失社会保障卡一张，卡号370102********1234，特此挂失。"],
    ["遗失声明", "东岳市晨光商贸有限公司遗失营业执照副本一份，声明作废。"],
    ["王明不慎遗失东岳市第一人民医院出生医学证明一份，编号P370012345，声明作废。"],
    ["致歉声明", "本公司于2024年3月10日发布的广告中存在不实宣传内容，特向广大消费者致歉。", "东岳美佳装饰有限公司",
     "2024年3月18日"],
    ["沉痛悼念张桂兰同志", "东岳市第一中学退休教师张桂兰同志因病医治无效，于2024年3月17日逝世，享年86岁。", "张桂兰治丧小组"],
    ["寻人启事", "张大爷，男，78岁，3月15日上午走失，走失时穿灰色棉袄。有知情者请联系：13805311234"],
]


@pytest.mark.parametrize("blocks", PAID, ids=lambda b: b[0][:6])
def test_paid_notices_are_their_own_kind_listed_not_read(blocks: list[str]):
    text = page("全县春季植树造林活动启动", "本报讯 " + MORE, "", "", *blocks)
    items = segment(text)
    [story] = [a for a in items if a.is_spoken]
    assert story.paragraphs == (MORE,)
    [notice] = [a for a in items if a.kind == "paid"]
    assert notice.paragraphs == tuple(blocks)
    [read] = [a for a in place_notices(items, paid="read") if a.kind == "notice"]
    assert read.is_spoken and read.title == (blocks[0] if len(blocks) > 1 else "王明不慎遗失东岳市第一人民医院出生医学证明一份")


@pytest.mark.parametrize("blocks", [
    ["东岳市公安局交通管理支队", "关于部分路段临时交通管制的通告", "因施工需要，自3月20日起对文化路实行封闭施工。",
     "特此通告。"],
    ["更正", "本报3月16日A3版《老旧小区改造惠及十万户》一文中，“326个”应为“362个”。特此更正。"],
    ["市住房公积金管理中心", "关于调整住房公积金缴存基数的通知", "各缴存单位：自2024年7月1日起，缴存基数按职工上年月平均工资确定。"],
], ids=lambda b: b[0][:6])
def test_official_notices_and_corrections_stay_readable(blocks: list[str]):
    [notice] = spoken(page(*blocks))
    assert notice.kind == "notice" and notice.paragraphs[0] == blocks[-2 if blocks[-1] == "特此通告。" else -1]


def test_lottery_results_are_read_only_on_request():
    text = page("福利彩票", "双色球第2024030期开奖结果", "红球：03 08 15 22 27 31 蓝球：09", "本期一等奖6注，单注奖金672万元。")
    [draw] = segment(text)
    assert draw.kind == "lottery" and not draw.is_spoken
    [read] = place_notices([draw], lottery="read")
    assert (read.kind, read.title, read.paragraphs[0]) == ("brief", "福利彩票", "双色球第2024030期开奖结果")


def test_reading_modes_are_checked():
    with pytest.raises(ConfigError, match="reading.paid_notices"):
        ReadingConfig(paid_notices="loud")
    with pytest.raises(ValueError):
        place_notices([], lottery="list")


@pytest.mark.parametrize("overline, subtitle, heard", [
    (False, True, ["第1篇，我县今年实施重点项目126个。", "总投资超过85亿元，民生项目占四成。"]),
    (True, True, ["第1篇，我县今年实施重点项目126个。", "奋力推进乡村振兴 建设宜居宜业和美乡村。",
                  "总投资超过85亿元，民生项目占四成。"]),
    (False, False, ["第1篇，我县今年实施重点项目126个。"]),
])
def test_the_programme_says_which_parts_of_the_headline_block_are_read(overline, subtitle, heard):
    article = Article("我县今年实施重点项目126个", (MORE,), overline="奋力推进乡村振兴 建设宜居宜业和美乡村",
                      subtitle="总投资超过85亿元，民生项目占四成")
    edition = Edition(date=dt.date(2024, 3, 19), paper="青溪报", articles=(article,))
    programme = ProgrammeConfig(read_overline=overline, read_subtitle=subtitle)
    script = build_script(edition, Voices(body="b", headline="h"), programme=programme)
    assert [s.text for s in script if s.article == 1 and s.role == "headline"] == heard


BYLINES = [
    ("青溪县融媒体中心记者 李华 通讯员 张伟", "青溪县融媒体中心记者李华，通讯员张伟"),
    ("■ 本报全媒体记者 王芳", "本报全媒体记者王芳"),
    ("本报首席记者 张三", "本报首席记者张三"),
    ("□本报记者 王海 文/图", "本报记者王海报道并摄影"),
    ("央视新闻记者 王冰冰", "央视新闻记者王冰冰"),
    ("通讯员 王五 记者 赵六/文 李七/图", "通讯员王五，记者赵六报道，李七摄影"),
    ("顶端新闻·河南商报记者 刘慧丽 见习记者 李衍慧/文 受访者供图",
     "顶端新闻·河南商报记者刘慧丽，见习记者李衍慧报道，图片由受访者提供"),
    ("晚报记者 林晓 实习生 方圆", "晚报记者林晓，实习生方圆"),
    ("本报记者 宋 阳", "本报记者宋阳"),  # a two-character name set letter-spaced
]


@pytest.mark.parametrize("line, said", BYLINES, ids=lambda v: v[:8])
def test_a_byline_is_never_a_title_or_deck_whatever_its_newsroom(line: str, said: str):
    from audiopaper.segment.credits import spoken_byline
    [article] = spoken(page("推进乡村振兴 建设和美乡村", "我县今年实施重点项目126个", line, "本报讯 " + BODY))
    assert (article.overline, article.title, article.subtitle) == ("推进乡村振兴 建设和美乡村", "我县今年实施重点项目126个", "")
    assert spoken_byline(article.byline) == said


def test_a_dated_story_that_has_shown_a_paragraph_head_keeps_the_next_ones():
    story = page("春运收官 全国发送旅客超84亿人次", "", "新华社北京3月18日电（记者 叶昊鸣）" + LONG, "", "一、铁路客流创新高", LONG,
                 "", "民航运力持续恢复", LONG, "", "公路出行更加便捷", MORE)
    [article] = spoken(story)
    assert article.paragraphs == (LONG, "一、铁路客流创新高", LONG, "民航运力持续恢复", LONG, "公路出行更加便捷", MORE)


def test_a_letter_spaced_box_label_is_one_word():
    rows = page("天 气", "今天白天 多云转晴 东南风3级 8～19℃", "今天夜间 晴 南风2级 6～12℃")
    prose = page("天 气", "今天白天：多云转晴，东南风3级，8～19℃。", "今天夜间：晴，南风2级，6～12℃。")
    assert [a.title for a in segment(rows)] == [a.title for a in segment(prose)] == ["天气"]


# A column of briefs: headline, a sentence or two, headline … with no dateline and no byline. Each
# headline is the next brief's, never a paragraph head of the one before (a listener hears them all).
BRIEFS = [
    ("城区新增三处停车场", "记者从市城管局获悉，城区新增三处公共停车场，共有车位420个。"),
    ("老年大学春季开学", "市老年大学春季学期日前开学，新开设了智能手机应用等12门课程。"),
    ("泰山景区发布游览提示", "清明假期将至，泰山景区提醒游客错峰出行，提前预约门票。"),
    ("图书馆延长开放时间", "从4月1日起，市图书馆周末开放时间延长至晚上9点。"),
    ("标题", "这是第5篇文章的正文。"),
]


@pytest.mark.parametrize("spacing", [0, 1], ids=["as-exported", "doubled"])
def test_a_column_of_briefs_is_one_article_each(spacing: int):
    text = spacings(page(*[line for head, body in BRIEFS for line in (head, "", body, "")]))[spacing]
    articles = spoken(text)
    assert [a.title for a in articles] == [head for head, _ in BRIEFS]
    assert [a.paragraphs for a in articles] == [(body,) for _, body in BRIEFS]


def test_a_signed_feature_keeps_its_short_paragraph_heads():
    feature = page("“一老一小”服务如何更贴心", "本报记者 赵琬微", "", BODY, "", "服务嵌入社区", MORE, "",
                   "价格仍是“痛点”", MORE)
    [article] = spoken(feature)
    assert article.paragraphs == (BODY, "服务嵌入社区", MORE, "价格仍是“痛点”", MORE)


@pytest.mark.parametrize("label,question", [("读者来信", "小区电梯何时能修好？"), ("百姓话题", "老旧小区加装电梯难在哪？"),
                                            ("市民热线", "这条路灯终于亮了！")])
def test_a_question_headline_under_a_column_name_is_the_title(label: str, question: str):
    text = page(label, question, BODY, "读者 李红")
    [article] = spoken(text)
    assert (article.section, article.title) == (label, question)
    assert article.paragraphs[0] == BODY


@pytest.mark.parametrize("heads", [("菜价实惠", "老人满意"), ("服务上门", "暖心贴心"), ("政策落地", "企业受益多")])
def test_a_paragraph_head_on_two_balanced_lines_keeps_its_signed_story(heads: tuple[str, str]):
    story = page("社区食堂开到家门口", "□记者 周宁", "", LONG, "", *heads, "", MORE)
    [article] = spoken(story)
    assert article.title == "社区食堂开到家门口"
    assert article.paragraphs == (LONG, *heads, MORE)
