"""Ingestion: encodings (real GB18030 and Big5 bytes), width forms, article folders and JSON files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audiopaper.errors import InputError
from audiopaper.ingest import clean_text, decode_text, read_edition_text
from audiopaper.pipeline import read_articles
from audiopaper.segment import segment, to_json, to_records

from paths import REPO, SEED_EDITION

SEED = SEED_EDITION.read_text(encoding="utf-8")
TRADITIONAL = ("肥城桃花節3月25日啟幕\n\n本報3月14日訊（記者 鄭凱）第二十三屆中國肥城桃花節將於3月25日至"
               "4月20日舉辦，十萬畝桃花盛開的美景不容錯過。當地積極推動農業與旅遊產業發展。\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_seed_page_in_every_common_encoding(tmp_path: Path, encoding: str):
    path = tmp_path / "page.txt"
    path.write_bytes(SEED.encode(encoding))
    assert read_edition_text(path) == clean_text(SEED)


def test_gb18030_only_characters_survive():
    text = "𠮷野家开业，㐀字也在。" * 3 + "\n" + SEED[:400]
    data = text.encode("gb18030")
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    assert decode_text(data) == text


def test_big5_page(tmp_path: Path):
    path = tmp_path / "big5.txt"
    path.write_bytes(TRADITIONAL.encode("big5"))
    assert read_edition_text(path) == TRADITIONAL
    [article] = segment(read_edition_text(path))
    assert article.title == "肥城桃花節3月25日啟幕" and article.byline == "記者 鄭凱"


def test_full_and_half_width_forms_are_unified():
    assert clean_text("２０２４年ＡＢＣ，１２．５％\r\n｢好｣｡") == "2024年ABC，12.5%\n「好」。"
    assert clean_text("全角　空格") == "全角 空格"


def test_folder_of_article_files(tmp_path: Path):
    folder = tmp_path / "edition"
    folder.mkdir()
    (folder / "01-library.md").write_text(
        "# 城东新建社区图书馆正式开放\nsection: 社区\npage: 2\nbyline: 记者 王晓林\n\n"
        "本报3月14日讯14日上午，位于城东街道的社区图书馆正式向\n居民开放。\n\n馆内设有老年阅览区。\n",
        encoding="utf-8")
    (folder / "02-trees.txt").write_bytes("全市春季植树活动本周末举行\n栏目：要闻\n\n今年全市计划植树15万株。\n"
                                          .encode("gb18030"))
    (folder / "notes.jpg").write_bytes(b"\xff\xd8")
    first, second = read_articles(folder)
    assert (first.title, first.section, first.page, first.byline) == (
        "城东新建社区图书馆正式开放", "社区", "02", "记者 王晓林")
    assert first.dateline == "本报3月14日讯"
    assert first.paragraphs == ("14日上午，位于城东街道的社区图书馆正式向居民开放。", "馆内设有老年阅览区。")
    assert first.source == "01-library.md" and first.source_lines == (6, 9)
    assert (second.title, second.section, second.kind) == ("全市春季植树活动本周末举行", "要闻", "brief")


@pytest.mark.parametrize("content, words", [
    ("", "is empty"),
    ("只有标题\n\n", "has a title but no text"),
    ("标题\nkind: story\n\n正文。", "kind 'story' is unknown"),
    ("标题\npage: 第二\n\n正文。", "page '第二' is not a page number"),
])
def test_bad_article_files(tmp_path: Path, content: str, words: str):
    (tmp_path / "a.txt").write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=words):
        read_articles(tmp_path)


def test_json_articles(tmp_path: Path):
    path = tmp_path / "edition.json"
    path.write_text(json.dumps({"articles": [
        {"title": "图书馆开放", "text": "本报讯（记者 刘佳）今天\n开馆。\n\n馆内有阅览区。"},
        {"title": "植树", "paragraphs": ["今年计划植树15万株。"], "section": "要闻", "page": "A2"},
    ]}, ensure_ascii=False), encoding="utf-8")
    first, second = read_articles(path)
    assert (first.dateline, first.byline, first.paragraphs) == ("本报讯", "记者 刘佳", ("今天开馆。", "馆内有阅览区。"))
    assert (second.section, second.page) == ("要闻", "A02")


@pytest.mark.parametrize("data, words", [
    ("{not json", "is not valid JSON"),
    ('{"items": []}', "must hold a list of articles"),
    ('["标题"]', "must be an object"),
    ('[{"title": "标题", "paragraph": ["正文。"]}]', "unknown key 'paragraph'"),
    ('[{"title": "标题", "paragraphs": "正文。", "byline": 3}]', "'byline' must be a string"),
    ('[{"title": "标题", "paragraphs": [1, 2]}]', "must be a list of strings"),
    ('[{"paragraphs": ["正文。"]}]', "has no title"),
])
def test_bad_json(tmp_path: Path, data: str, words: str):
    path = tmp_path / "e.json"
    path.write_text(data, encoding="utf-8")
    with pytest.raises(InputError, match=words):
        read_articles(path)


@pytest.mark.parametrize("page", [SEED_EDITION, REPO / "examples" / "pages" / "2024-03-16-two-pages.txt"])
def test_segment_json_reads_back_as_the_same_edition(tmp_path: Path, page: Path):
    items = read_articles(page)
    path = tmp_path / "edition.json"
    path.write_text(to_json(items), encoding="utf-8")
    assert to_records(read_articles(path)) == to_records(items)


def test_folder_round_trips_through_json(tmp_path: Path):
    folder = tmp_path / "edition"
    folder.mkdir()
    (folder / "a.txt").write_text("老街改造\npage: 1\n\n本报讯（记者 刘佳）老街改造开工。\n", encoding="utf-8")
    items = read_articles(folder)
    path = tmp_path / "edition.json"
    path.write_text(to_json(items), encoding="utf-8")
    assert read_articles(path) == items and items[0].source == "a.txt"
