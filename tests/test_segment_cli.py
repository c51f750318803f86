"""`audiopaper segment` and `audiopaper script` end to end; build reads the same segmentation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from audiopaper.cli import cli
from audiopaper.config import ReadingConfig
from audiopaper.errors import ConfigError
from audiopaper.pipeline import load_edition, read_articles

from paths import REPO, SEED_EDITION

TWO_PAGES = REPO / "examples" / "pages" / "2024-03-16-two-pages.txt"


def test_segment_lists_articles_in_reading_order():
    result = CliRunner().invoke(cli, ["segment", str(SEED_EDITION)])
    assert result.exit_code == 0, result.output
    lines = [l for l in result.output.splitlines() if l.lstrip().startswith(("1.", "8.", "-"))]
    assert lines[0].startswith(" 1. [interview] 精准谋划")
    assert any("[label] 政闻快报" in l for l in lines) and any(l.startswith(" 8. [continuation]") for l in lines)


def test_segment_json_is_the_golden_list():
    result = CliRunner().invoke(cli, ["segment", str(SEED_EDITION), "--json"])
    assert result.exit_code == 0
    golden = (REPO / "tests" / "golden" / f"{SEED_EDITION.stem}.json").read_text(encoding="utf-8")
    assert result.output == golden
    first = json.loads(result.output)[0]
    assert {"title", "overline", "subtitle", "byline", "dateline", "kind", "paragraphs",
            "source_lines"} <= set(first)


def test_build_reads_exactly_what_segment_shows():
    edition = load_edition(SEED_EDITION, dt.date(2024, 3, 15), "泰安日报", ReadingConfig())
    assert list(edition.articles) == read_articles(SEED_EDITION)
    assert [a.title for a in edition.spoken_articles][-1].startswith("续：必须更好统筹")


def test_script_prints_what_is_spoken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["script", str(TWO_PAGES), "--date", "2024-03-16",
                                      "--paper", "青石河晚报", "--engine", "baker"])
    assert result.exit_code == 0, result.output
    blocks = result.stdout.strip().split("\n\n")
    assert "青石河晚报" in blocks[0].splitlines()[0] and "本期共有六篇文章" in blocks[0]
    assert blocks[1].startswith("第一篇，老街改造迈出新步子。")
    assert "第二十三届青石河灯会" in blocks[1] and "接下来，老街还将引入夜间集市" in blocks[1]
    assert "图片说明" not in result.stdout and "节约用水" not in result.stdout
    assert "\n三月十五日，青石河老街改造工程" in blocks[1]  # normalized: what the listener hears
    assert blocks[-1].startswith("以上是青石河晚报")


def test_script_reads_captions_at_the_end_when_configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "audiopaper.toml").write_text('[reading]\ncaptions = "end"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["script", str(TWO_PAGES), "--date", "2024-03-16"])
    first_article = result.stdout.split("\n\n")[1].splitlines()
    assert first_article[-1] == "图片说明：游客在青石河老街品尝传统小吃。"


def test_bad_caption_setting_names_the_fix(tmp_path: Path):
    with pytest.raises(ConfigError, match='"skip" or "end"'):
        ReadingConfig(captions="middle")
    config = tmp_path / "settings.toml"
    config.write_text('[reading]\ncaptions = "middle"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["script", str(TWO_PAGES), "--config", str(config)])
    assert result.exit_code == 2 and "reading.captions" in result.output


def test_segment_explains_every_line_and_sums_up_what_is_skipped():
    result = CliRunner().invoke(cli, ["segment", str(SEED_EDITION), "--explain"])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert rows[0] == ["3", "heading", "overline:top-of-three", "改革创新破难题 登高望远走在前"]
    by_line = {int(r[0]): r for r in rows}
    assert [by_line[n][2] for n in (5, 7, 9)] == [  # which line took which role
        "title:middle-of-three", "subtitle:bottom-of-three", "byline:role-and-name"]
    assert by_line[15][1:3] == ["body", "body:column-break"]
    assert by_line[45][1:3] == ["label", "label:column-word"]
    assert by_line[131][1:3] == ["slogan", "slogan:balanced-motto"]
    listing = CliRunner().invoke(cli, ["segment", str(SEED_EDITION)]).output
    assert listing.splitlines()[-1] == "skipped: 1 caption, 1 column label, 1 slogan"
    assert "[slogan] 卫生从脚下起步，文明自你我做起。  (lines 131)  skipped: slogan:balanced-motto" in listing


def test_segment_takes_the_papers_rules_from_its_config(tmp_path: Path):
    config = tmp_path / "paper.toml"
    config.write_text('[segment]\nfurniture = ["^本报地址"]\n', encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text("图书馆开放\n\n本报讯 14日，城东社区图书馆正式开放。\n\n本报地址：东岳市文化路1号\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["segment", str(page), "--json", "--config", str(config)])
    records = json.loads(result.output)
    assert [(r["kind"], r["reason"]) for r in records] == [("brief", ""), ("furniture", "furniture:config")]
    bad = tmp_path / "bad.toml"
    bad.write_text('[segment]\nads = ["("]\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["segment", str(page), "--config", str(bad)])
    assert result.exit_code == 2 and "segment.ads" in result.output and "fix it" in result.output


def test_tables_setting_reads_them_as_a_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "audiopaper.toml").write_text('[reading]\ntables = "list"\n', encoding="utf-8")
    economy = REPO / "examples" / "pages" / "2024-03-18-economy.txt"
    result = CliRunner().invoke(cli, ["script", str(economy), "--date", "2024-03-18"])
    assert result.exit_code == 0, result.output
    assert "第二篇，今日菜价。" in result.output and "\n今日菜价：芹菜，价格" in result.output
    assert "黄瓜，价格" in result.output  # every row, never half the table
    (tmp_path / "audiopaper.toml").write_text('[reading]\ntables = "all"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["script", str(economy)])
    assert result.exit_code == 2 and "reading.tables" in result.output


def test_paid_notices_and_lottery_are_listed_or_read_as_the_config_says(tmp_path: Path):
    page = REPO / "examples" / "pages" / "2024-03-19-evening-service.txt"
    listed = CliRunner().invoke(cli, ["segment", str(page)]).output
    assert "4 paid notices" in listed and "1 lottery result" in listed and "] 寻物启事" in listed
    config = tmp_path / "paper.toml"
    config.write_text('[reading]\npaid_notices = "read"\nlottery = "read"\n', encoding="utf-8")
    read = CliRunner().invoke(cli, ["segment", str(page), "--config", str(config)]).output
    assert " 3. [notice] 寻物启事" in read and "[brief] 福利彩票" in read and "paid notice" not in read
    edition = load_edition(page, dt.date(2024, 3, 19), "晚报", ReadingConfig(paid_notices="read"))
    assert [a.title for a in edition.spoken_articles if a.kind == "notice"][:4] == [
        "寻物启事", "失物招领", "讣告", "挂失声明"]
    config.write_text('[reading]\nlottery = "always"\n', encoding="utf-8")
    refused = CliRunner().invoke(cli, ["segment", str(page), "--config", str(config)])
    assert refused.exit_code != 0 and "reading.lottery" in refused.output
