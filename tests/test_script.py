"""The programme script: opening, table of contents, announcements, bylines, pauses, closing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from audiopaper.config import ProgrammeConfig, load_config
from audiopaper.errors import ConfigError
from audiopaper.script import Voices, build_script, natural_dateline, spoken_credit
from audiopaper.types import Article, Edition

from faultkit import fake_env  # noqa: F401

VOICES = Voices(body="body-voice", headline="headline-voice")
PROGRAMME = ProgrammeConfig(pause_clause=0.3, pause_sentence=0.7, pause_paragraph=1.2,
                            pause_headline=1.1, pause_between_articles=2.5)


def _edition() -> Edition:
    return Edition(date=dt.date(2024, 3, 15), paper="泰安日报", articles=(
        Article("肥城桃花节3月25日启幕", ("第二十三届桃花节将举办。十万亩桃花盛开。", "赏花佳期已定。"),
                byline="记者 郑凯", dateline="本报3月14日讯"),
        Article("报眼", (), kind="furniture"),
        Article("植树活动本周末举行", ("本报3月14日讯（记者 刘佳）今年全市计划植树15万株。",)),
    ))


def test_opening_names_paper_date_weekday_count_and_headlines():
    script = build_script(_edition(), VOICES, programme=PROGRAMME)
    opening = [s for s in script if s.article is None and s.role != "outro"]
    spoken = "".join(s.speech for s in opening)
    assert "泰安日报" in spoken and "三月十五日" in spoken and "星期五" in spoken
    assert "本期共有两篇文章" in spoken
    toc = [s.text for s in opening if s.role == "contents"][1:]
    assert toc == ["第1篇，肥城桃花节3月25日启幕。", "第2篇，植树活动本周末举行。"]
    assert all(s.voice == "headline-voice" for s in opening)


def test_each_article_is_announced_then_credited_then_read():
    script = build_script(_edition(), VOICES, programme=PROGRAMME)
    first = [s for s in script if s.article == 1]
    assert (first[0].role, first[0].voice, first[0].text) == \
        ("headline", "headline-voice", "第1篇，肥城桃花节3月25日启幕。")
    assert first[0].pause_after == 1.1
    assert (first[1].role, first[1].text) == ("credit", "本报3月14日讯，记者郑凯。")
    assert "三月十四日" in first[1].speech
    assert [s.text for s in first[2:]] == ["第二十三届桃花节将举办。", "十万亩桃花盛开。", "赏花佳期已定。"]
    assert [s.pause_after for s in first[2:]] == [0.7, 1.2, 2.5]
    assert all(s.voice == "body-voice" for s in first[1:])


def test_inline_dateline_is_read_as_a_presenter_would():
    script = build_script(_edition(), VOICES, programme=PROGRAMME)
    body = [s.text for s in script if s.article == 2 and s.role == "body"]
    assert body[0] == "本报3月14日讯，记者刘佳。"
    assert natural_dateline("本报3月14日讯（记者 郑凯）“桃花”") == "本报3月14日讯，记者郑凯。“桃花”"


@pytest.mark.parametrize("byline, dateline, spoken", [
    ("记者 郑凯", "本报3月14日讯", "本报3月14日讯，记者郑凯"),
    ("□记者 苏婷", "", "记者苏婷"),
    ("本报记者 张三 通讯员 李四", "", "本报记者张三，通讯员李四"),
    ("记者 郑凯 王明", "", "记者郑凯、王明"),
    ("", "", ""),
])
def test_spoken_credit(byline, dateline, spoken):
    assert spoken_credit(byline, dateline) == spoken


def test_long_sentence_pieces_pause_briefly_at_clauses():
    long = "，".join(["这是一个相当长的分句内容"] * 12) + "。"
    edition = Edition(dt.date(2024, 3, 15), "泰安日报", (Article("标题", (long,)),))
    body = [s for s in build_script(edition, VOICES, max_chars=40, programme=PROGRAMME)
            if s.role == "body"]
    assert len(body) > 1 and all(len(s.text) <= 40 for s in body)
    assert [s.pause_after for s in body[:-1]] == [0.3] * (len(body) - 1)
    assert "".join(s.text for s in body) == long


def test_closing_and_custom_texts():
    programme = ProgrammeConfig(intro="{paper}，{date}。", outro="{paper}播送完毕。",
                                table_of_contents=False)
    script = build_script(_edition(), VOICES, programme=programme)
    assert script[0].text == "泰安日报，2024年3月15日，星期五。"
    assert not any(s.role == "contents" for s in script)
    assert script[-1].text == "泰安日报播送完毕。" and script[-1].role == "outro"


def test_programme_and_audio_config_load_and_validate(tmp_path: Path):
    path = tmp_path / "audiopaper.toml"
    path.write_text('[programme]\npause_between_articles = 3\nintro_jingle = "in.mp3"\n'
                    '[audio]\nprofiles = ["podcast", "broadcast"]\nbroadcast_format = "wav"\n',
                    encoding="utf-8")
    config = load_config(path)
    assert config.programme.pause_between_articles == 3.0
    assert config.audio.profiles == ("podcast", "broadcast")
    with pytest.raises(ConfigError, match="not a file"):
        config.resolve(config.programme.intro_jingle)
    for bad, message in [('[programme]\npause_sentence = 60\n', "between 0 and"),
                         ('[programme]\nintro = "{weather}"\n', "placeholder"),
                         ('[audio]\nprofiles = ["radio"]\n', "podcast"),
                         ('[audio]\nbroadcast_format = "flac"\n', "'mp3' or 'wav'")]:
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(ConfigError, match=message):
            load_config(path)


@pytest.mark.parametrize("captions", ["skip", "end"])
def test_script_prints_what_build_speaks(captions: str, tmp_path: Path, fake_env: dict[str, str],
                                         monkeypatch: pytest.MonkeyPatch):
    """`script` and `build` share one plan: each script line is one engine call, in order."""
    from click.testing import CliRunner

    from audiopaper.cli import cli
    from paths import SEED_EDITION

    spoken = tmp_path / "spoken.txt"
    monkeypatch.setenv("FAKE_ENGINE_LOG", str(spoken))
    monkeypatch.setenv("FAKE_ENGINE_SECONDS_PER_CHAR", "0.002")
    config = tmp_path / "elsewhere" / "settings.toml"  # not ./audiopaper.toml: --config must win
    config.parent.mkdir()
    config.write_text(f'[reading]\ncaptions = "{captions}"\n[paper]\nname = "泰山晚报"\n',
                      encoding="utf-8")
    flags = [str(SEED_EDITION), "--date", "2024-03-15", "--voice", "fake", "--config", str(config)]
    script = CliRunner().invoke(cli, ["script", *flags])
    assert script.exit_code == 0, script.output
    built = CliRunner().invoke(cli, ["build", *flags, "--out", str(tmp_path / "out"), "-q"])
    assert built.exit_code == 0, built.output
    lines = [line for line in script.stdout.splitlines() if line]
    assert spoken.read_text(encoding="utf-8").splitlines() == list(dict.fromkeys(lines))
    assert lines[0].startswith("这里是泰山晚报有声版")
    captioned = [line for line in lines if line.startswith("图片说明：")]
    assert bool(captioned) == (captions == "end")


@pytest.mark.parametrize("text", [
    "泰安段路基工程累计完成43.7%，桥涵工程累计完成51.4%，全线计划2025年12月31日建成通车。",
    "投资12345678元建设的项目于2024年3月14日14:30开工，热线0538-6288888、12345全天受理。",
    "编号AB1234567890CD的设备" * 4,
    "一二三四五六七八九十" * 13,
])
@pytest.mark.parametrize("max_chars", [20, 40, 60])
def test_every_piece_speaks_within_the_limit_and_no_text_is_lost(text: str, max_chars: int):
    from audiopaper.normalize import normalize
    from audiopaper.script import spoken_pieces

    pieces = spoken_pieces(text, max_chars)
    assert all(len(speech) <= max_chars for _, speech, _ in pieces)
    assert "".join(written for written, _, _ in pieces) == text
    assert [speech for _, speech, _ in pieces] == [normalize(w) for w, _, _ in pieces]
    assert [end for *_, end in pieces] == [False] * (len(pieces) - 1) + [True]  # one sentence


def test_a_long_number_is_not_cut_in_two():
    from audiopaper.script import spoken_pieces

    for max_chars in (52, 55, 58):  # a plain cut at any of these would fall inside the number
        pieces = [written for written, _, _ in spoken_pieces("的" * 50 + "12345678", max_chars)]
        assert [w for w in pieces if any(c.isdigit() for c in w)] == ["12345678"], pieces
@pytest.mark.parametrize("byline, spoken", [
    ("记者 张建/文 通讯员供图", "记者张建报道，图片由通讯员提供"),
    ("文/图 记者 周小青", "记者周小青报道并摄影"),
    ("■ 文/图 记者 周小青", "记者周小青报道并摄影"),
    ("记者 隋翔 摄", "记者隋翔摄影"),
    ("（本报记者 刘佳 摄）", "本报记者刘佳摄影"),
    ("图/新华社记者 李贺", "图片由新华社记者李贺拍摄"),
    ("林木", "作者林木"),
    ("文/刘东", "作者刘东"),
    ("新华社记者 王烁 陈聪", "新华社记者王烁、陈聪"),
    ("◎本报记者 孟凡 见习记者 杜雨桐", "本报记者孟凡，见习记者杜雨桐"),
    ("文/记者 陈晓 图/记者 李莉", "记者陈晓报道，图片由记者李莉拍摄"),
    ("记者 陈晓 报道", "记者陈晓报道"),
    ("本报记者 王海 摄影报道", "本报记者王海摄影报道"),
])
def test_credits_are_read_as_a_presenter_says_them(byline, spoken):
    said = spoken_credit(byline)
    assert said == spoken and "/" not in said and not said.endswith(("文", "图"))
