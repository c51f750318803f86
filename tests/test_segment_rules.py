"""Each repair the segmenter makes, on its own small page."""

from __future__ import annotations

import pytest

from audiopaper.segment import place_captions, segment, to_records
from audiopaper.segment.heads import place
from audiopaper.segment.text import ends_mid_sentence, page_marker
from audiopaper.types import READ_KINDS

BODY = "本报3月14日讯（记者 王晓林）14日，城东社区图书馆正式开放。馆内设有老年阅览区。"
MORE = "图书馆负责人说，开馆第一周预计接待读者2000人次，周末还将举办读书会。"


def seg(*blocks: str) -> list[dict]:
    return to_records(segment("\n\n".join(blocks) + "\n"))


def spoken(*blocks: str) -> list[dict]:
    return [r for r in seg(*blocks) if r["kind"] in READ_KINDS]


def test_column_break_mid_word_is_joined():
    [article] = spoken("图书馆开放", BODY + "居民们充分学习借", "鉴其经验做法。", MORE)
    assert article["paragraphs"][0].endswith("充分学习借鉴其经验做法。")
    assert len(article["paragraphs"]) == 2


def test_column_break_inside_a_number_is_joined():
    [article] = spoken("灯会开幕", BODY + "这是第2", "3届灯会。")
    assert article["paragraphs"][0].endswith("这是第23届灯会。")


def test_short_interview_turn_before_its_continuation_is_not_a_headline():
    items = spoken("专访", "记者：今年有什么打算？", "张三：会议指出，改革要有鲜明",
                   "指向性，奔着问题去。", "记者：谢谢。")
    assert len(items) == 1 and items[0]["kind"] == "interview"
    assert items[0]["paragraphs"][1] == "张三：会议指出，改革要有鲜明指向性，奔着问题去。"


def test_short_cut_clause_mid_article_is_not_a_headline():
    [article] = spoken("人才优势", BODY, "在科研条件方面，我市拥有一", "批高校资源。科技创新是核心要素。")
    assert article["paragraphs"][1] == "在科研条件方面，我市拥有一批高校资源。科技创新是核心要素。"


def test_a_real_headline_after_an_article_starts_a_new_one():
    items = spoken("图书馆开放", BODY, "“火眼金睛”辨真伪", "日前，景区开展了消防产品宣传活动。")
    assert [a["title"] for a in items] == ["图书馆开放", "“火眼金睛”辨真伪"]


@pytest.mark.parametrize("heads, expected", [
    (["改革创新破难题 登高望远走在前", "精准谋划 靶向攻坚", "——访局长张青"],
     ("精准谋划 靶向攻坚", "改革创新破难题 登高望远走在前", "——访局长张青")),
    (["省时省力，人社业务掌上办理", "12333服务上线"], ("12333服务上线", "省时省力，人社业务掌上办理", "")),
    (["肥城桃花节启幕", "届时将举办音乐节、书法展等活动"], ("肥城桃花节启幕", "", "届时将举办音乐节、书法展等活动")),
    (["老街改造", "——访主任李文华"], ("老街改造", "", "——访主任李文华")),
    (["图书馆开放"], ("图书馆开放", "", "")),
])
def test_heading_stack_is_overline_title_deck(heads, expected):
    placed = place(heads)
    assert (placed.title, placed.overline, placed.subtitle) == expected


def test_four_headings_keep_the_extra_one_as_furniture():
    items = seg("老街新貌", "改造启动", "老街改造", "——访主任", BODY)
    assert [r["kind"] for r in items] == ["furniture", "brief"]
    assert items[0]["paragraphs"] == ["老街新貌"]
    assert (items[1]["overline"], items[1]["title"], items[1]["subtitle"]) == ("改造启动", "老街改造", "——访主任")


@pytest.mark.parametrize("line, byline", [
    ("□记者 苏婷", "记者 苏婷"),
    ("本报记者 张三 李四", "本报记者 张三 李四"),
    ("文/图 记者 周小青", "文/图 记者 周小青"),
    ("■记者 王晓林 通讯员 赵六", "记者 王晓林 通讯员 赵六"),
])
def test_byline_lines(line, byline):
    [article] = spoken("图书馆开放", line, "14日，城东社区图书馆正式开放。")
    assert article["byline"] == byline and article["paragraphs"] == ["14日，城东社区图书馆正式开放。"]


@pytest.mark.parametrize("opening, dateline, byline, rest", [
    ("本报3月14日讯（记者 郑凯）“桃花开了。”", "本报3月14日讯", "记者 郑凯", "“桃花开了。”"),
    ("本报讯（记者 王晓林 通讯员 赵六）今天开馆。", "本报讯", "记者 王晓林 通讯员 赵六", "今天开馆。"),
    ("新华社北京3月14日电（记者 李四）会议召开。", "新华社北京3月14日电", "记者 李四", "会议召开。"),
    ("本报讯 今天开馆。", "本报讯", "", "今天开馆。"),
])
def test_dateline_is_split_from_the_body(opening, dateline, byline, rest):
    [article] = spoken("图书馆开放", opening)
    assert (article["dateline"], article["byline"], article["paragraphs"][0]) == (dateline, byline, rest)


def test_caption_mid_article_is_taken_out_and_follows_the_article():
    items = seg("图书馆开放", BODY, "读者在馆内阅读。记者 隋翔 摄", MORE)
    assert [r["kind"] for r in items] == ["brief", "caption"]
    assert items[0]["paragraphs"][1] == MORE
    assert items[1]["paragraphs"] == ["读者在馆内阅读。"] and items[1]["byline"] == "记者 隋翔 摄"


def test_caption_between_halves_of_a_cut_sentence_does_not_stop_the_repair():
    items = seg("图书馆开放", BODY + "居民们充分学习借", "读者在馆内阅读。（记者 隋翔 摄）", "鉴其经验。")
    assert items[0]["paragraphs"][0].endswith("学习借鉴其经验。") and items[1]["kind"] == "caption"


def test_credit_line_is_the_byline_not_body():
    [article] = spoken("“火眼金睛”辨真伪", "日前，景区开展了消防宣传活动。", "记者 张建/文 通讯员供图")
    assert article["byline"] == "记者 张建/文 通讯员供图"
    assert article["paragraphs"] == ["日前，景区开展了消防宣传活动。"]


def test_captions_setting_reads_them_after_their_article_only_when_asked():
    items = segment("图书馆开放\n\n" + BODY + "\n\n读者在馆内阅读。记者 隋翔 摄\n\n" + MORE + "\n")
    assert place_captions(items, "skip") == items
    ended = place_captions(items, "end")
    assert ended[0].paragraphs[-1] == "图片说明：读者在馆内阅读。" and ended[0].paragraphs[1] == MORE
    with pytest.raises(ValueError):
        place_captions(items, "middle")


def test_column_label_is_furniture_and_names_the_section_until_a_wide_gap():
    text = "政闻快报\n\n图书馆开放\n\n" + BODY + "\n\n植树活动举行\n\n" + MORE + "\n\n\n\n老街改造\n\n" + MORE
    items = to_records(segment(text))
    assert items[0]["kind"] == "label" and items[0]["paragraphs"] == ["政闻快报"]
    assert [r["section"] for r in items[1:]] == ["政闻快报", "政闻快报", ""]


def test_headless_dated_briefs_under_a_label_are_separate_items():
    items = seg("社区简讯", "本报讯（记者 刘佳）近日，河西社区开设银发课堂。",
                "本报讯（通讯员 孙明）15日，东关街道开展互助活动，志愿者上门服务。")
    assert [r["kind"] for r in items] == ["label", "brief", "brief"]
    assert items[1]["title"] == "近日，河西社区开设银发课堂" and items[2]["byline"] == "通讯员 孙明"
    assert items[2]["title"] == "15日，东关街道开展互助活动，志愿者上门服务"


def test_slogan_at_the_foot_and_masthead_at_the_top_are_furniture():
    items = seg("青石河晚报", "图书馆开放", BODY, "节约用水从我做起，保护环境人人有责。")
    assert [r["kind"] for r in items] == ["masthead", "brief", "slogan"]
    assert "节约用水" not in "".join(items[1]["paragraphs"])


def test_last_paragraph_of_an_article_is_not_mistaken_for_a_slogan():
    [article] = spoken("桃花节启幕", BODY, "赏花佳期已定，肥城将以花为媒、以节圈粉，恭迎四面八方游客。")
    assert len(article["paragraphs"]) == 2


def test_lines_of_symbols_are_separators():
    [article] = spoken("图书馆开放", BODY, "＊　＊　＊", "——————", MORE)
    assert len(article["paragraphs"]) == 2


def test_notice_kind():
    [notice] = spoken("更正启事", "本报15日一文中，“2.4万吨”应为“4.2万吨”，特此更正。")
    assert notice["kind"] == "notice"


def test_continuation_without_its_start_is_kept_and_marked():
    [piece] = seg("（上接01版）必须更好统筹质的有效提升和量的合理增长。", MORE)
    assert piece["kind"] == "continuation" and piece["continued_from"] == "01"
    assert piece["title"] == "续：必须更好统筹质的有效提升和量的合理增长"
    assert len(piece["paragraphs"]) == 2


def test_jump_joined_across_two_pages():
    text = ("第01版\n\n老街改造\n\n" + BODY + "（下转02版）\n\n桃花节启幕\n\n" + MORE +
            "\n\n第02版 城事\n\n（上接01版）接下来，老街还将引入夜间集市。\n\n游客品尝小吃。记者 刘佳 摄\n")
    items = to_records(segment(text))
    assert [(r["kind"], r["title"]) for r in items] == [
        ("brief", "老街改造"), ("caption", ""), ("brief", "桃花节启幕")]
    assert items[0]["paragraphs"][-1] == "接下来，老街还将引入夜间集市。"
    assert items[0]["continued_to"] == "02" and items[0]["source_lines"] == [[3, 5], [13, 13]]
    assert items[1]["page"] == "02"


def test_jump_with_repeated_heading_on_the_later_page():
    text = ("A1版\n\n老街改造\n\n" + BODY + "（下转A2版）\n\nA2版\n\n老街改造\n\n（上接A1版）\n\n" + MORE + "\n")
    [article] = to_records(segment(text))
    assert article["paragraphs"][-1] == MORE and article["page"] == "A01"


def test_jump_to_a_missing_page_is_kept():
    [article] = spoken("老街改造", BODY + "（下转03版）")
    assert article["continued_to"] == "03" and article["paragraphs"][0].endswith("阅览区。")


@pytest.mark.parametrize("line, expected", [
    ("第02版", ("02", "")), ("A02版", ("A02", "")), ("第2版：城事", ("02", "城事")),
    ("02版 要闻", ("02", "要闻")), ("第二版", None), ("上接01版", None),
])
def test_page_markers(line, expected):
    assert page_marker(line) == expected


@pytest.mark.parametrize("text, cut", [
    ("充分学习借", True), ("改革举措要有鲜明", True), ("游客。", False), ("他说：“好。”", False),
    ("支持3种登录方式：", False), ("（记者 张三）", False), ("第2", True),
])
def test_where_a_column_break_can_be(text, cut):
    assert ends_mid_sentence(text) is cut


def test_one_paragraph_per_line_without_blank_lines():
    [article] = spoken("图书馆开放\n" + BODY + "\n" + MORE)
    assert article["title"] == "图书馆开放" and len(article["paragraphs"]) == 2


def test_page_with_only_body_text_is_one_untitled_article():
    [article] = spoken(MORE)
    assert article["title"] == "图书馆负责人说" and article["paragraphs"] == [MORE]


def test_trailing_byline_in_brackets_and_staff_line_are_not_body():
    items = seg("图书馆开放", "本报讯 14日，城东社区图书馆正式开放。", "（记者 孙小北）", "责任编辑：刘晓 校对：陈一")
    assert items[0]["byline"] == "记者 孙小北" and len(items[0]["paragraphs"]) == 1
    assert items[1]["kind"] == "staff"


def test_photo_set_apart_by_wide_gaps_stands_alone_and_is_read_only_when_asked():
    text = "图书馆开放\n\n" + BODY + "\n\n\n\n清晨，市民在步道上晨练。王五 摄\n\n\n\n植树活动举行\n\n" + MORE + "\n"
    items = segment(text)
    assert [a.kind for a in items] == ["brief", "photo", "brief"]
    assert [a.kind for a in place_captions(items, "skip")] == ["brief", "photo", "brief"]
    ended = place_captions(items, "end")
    assert ended[1].kind == "brief" and ended[1].title == "图片新闻" and ended[0] == items[0]
