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
                                      "--paper", "青石河晚报"])
    assert result.exit_code == 0, result.output
    blocks = result.output.strip().split("\n\n")
    assert "青石河晚报" in blocks[0].splitlines()[0] and "本期共有六篇文章" in blocks[0]
    assert blocks[1].startswith("第一篇，老街改造迈出新步子。")
    assert "第二十三届青石河灯会" in blocks[1] and "接下来，老街还将引入夜间集市" in blocks[1]
    assert "图片说明" not in result.output and "节约用水" not in result.output
    assert "\n三月十五日，青石河老街改造工程" in blocks[1]  # normalized: what the listener hears
    assert blocks[-1].startswith("以上是青石河晚报")


def test_script_reads_captions_at_the_end_when_configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "audiopaper.toml").write_text('[reading]\ncaptions = "end"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["script", str(TWO_PAGES), "--date", "2024-03-16"])
    first_article = result.output.split("\n\n")[1].splitlines()
    assert first_article[-1] == "图片说明：游客在青石河老街品尝传统小吃。"


def test_bad_caption_setting_names_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "audiopaper.toml").write_text('[reading]\ncaptions = "middle"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match='"skip" or "end"'):
        load_edition(TWO_PAGES, dt.date(2024, 3, 16), "x")
    result = CliRunner().invoke(cli, ["script", str(TWO_PAGES)])
    assert result.exit_code == 2 and "reading.captions" in result.output
