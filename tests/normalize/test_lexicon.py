"""The pronunciation lexicon: files, whole-word substitution, pinyin markup, and the audio cache."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from audiopaper.errors import ConfigError
from audiopaper.normalize import Lexicon, load_lexicon, plain, speak
from audiopaper.script import Voices, build_script
from audiopaper.synth import synthesize
from audiopaper.synth.baker.frontend import FrontEnd, Mapper
from audiopaper.synth.cache import AudioCache
from audiopaper.synth.engine import Engine, EngineVoice, register_engine
from audiopaper.synth.voices import VoiceProfile
from audiopaper.types import Article, Audio, Edition


class CountingEngine(Engine):
    """A fake engine that records every text it is asked to speak."""

    id = "counting"
    version = "1"
    max_chars = 200

    def __init__(self, accepts_pinyin: bool = False) -> None:
        self.accepts_pinyin = accepts_pinyin
        self.texts: list[str] = []

    def voices(self) -> list[EngineVoice]:
        return [EngineVoice("counter", "zh-CN")]

    def synthesize(self, text: str, voice: str, options: Mapping[str, Any]) -> Audio:
        self.texts.append(text)
        return Audio(np.zeros(2400, dtype=np.int16), 24_000)


def _engine(pinyin: bool = False) -> CountingEngine:
    engine = CountingEngine(pinyin)
    register_engine("counting", lambda: engine)
    return engine


def _edition() -> Edition:
    body = ("市行长会议于3月14日召开。", "银行行长出席。", "与会人员就GDP交换了意见。")
    article = Article(title="会议召开", paragraphs=body)
    return Edition(date=dt.date(2024, 3, 15), paper="泰安日报", articles=(article,))


def _run(lexicon: Lexicon, cache: AudioCache) -> None:
    profile = VoiceProfile(name="counting", engine="counting", engine_voice="counter")
    script = build_script(_edition(), Voices("counting", "counting"), lexicon=lexicon)
    synthesize(script, {"counting": profile}, cache)


def test_a_lexicon_change_resynthesizes_only_the_sentences_it_touches(tmp_path: Path) -> None:
    engine = _engine()
    cache = AudioCache(tmp_path / "cache")
    _run(Lexicon((("GDP", "国内生产总值"),)), cache)
    first = len(engine.texts)
    _run(Lexicon((("GDP", "国内生产总值"),)), cache)
    assert len(engine.texts) == first  # nothing changed: all from the cache
    _run(Lexicon((("GDP", "地区生产总值"),)), cache)
    assert engine.texts[first:] == ["与会人员就地区生产总值交换了意见。"]


def test_engines_without_pinyin_get_the_plain_word(tmp_path: Path) -> None:
    engine = _engine(pinyin=False)
    _run(Lexicon((("行长", "{行长|hang2 zhang3}"),)), AudioCache(tmp_path))
    assert "银行行长出席。" in engine.texts and not any("{" in t for t in engine.texts)


def test_the_offline_voice_gets_the_markup(tmp_path: Path) -> None:
    engine = _engine(pinyin=True)
    _run(Lexicon((("行长", "{行长|hang2 zhang3}"),)), AudioCache(tmp_path))
    assert "银{行长|hang2 zhang3}出席。" not in engine.texts
    assert "银行{行长|hang2 zhang3}出席。" in engine.texts


def test_the_offline_front_end_reads_marked_syllables() -> None:
    words = FrontEnd(Mapper({}, {})).words("{行长|hang2 zhang3}说")
    assert words[0] == ["hang2", "zhang3"]
    assert words[1] == ["shuo1"]


def test_speak_applies_the_lexicon_before_numbers_and_keeps_markup() -> None:
    lexicon = Lexicon((("985", "九八五"), ("行长", "{行长|hang2 zhang3}"), ("GDP", "国内生产总值")))
    spoken = speak("985高校的行长说GDP增长2%，GDPR不变", lexicon)
    assert spoken == "九八五高校的{行长|hang2 zhang3}说国内生产总值增长百分之二，GDPR不变"
    assert plain(spoken) == "九八五高校的行长说国内生产总值增长百分之二，GDPR不变"


def test_the_edition_lexicon_overrides_the_folder_lexicon(tmp_path: Path) -> None:
    (tmp_path / "lexicon.tsv").write_text("# names\n焉志\t燕志\nGDP\t国内生产总值\n", encoding="utf-8")
    edition = tmp_path / "2024-03-15.txt"
    (tmp_path / "2024-03-15.lexicon.tsv").write_text("焉志\t{焉志|yan1 zhi4}\n", encoding="utf-8")
    lexicon = load_lexicon(edition, folder=tmp_path)
    assert lexicon.apply("焉志谈GDP") == "{焉志|yan1 zhi4}谈国内生产总值"
    assert load_lexicon(None, folder=tmp_path / "none").apply("焉志") == "焉志"


@pytest.mark.parametrize("line", ["行长", "行长\t{行长|hang zhang}", "行长\t{行长|hang2}"])
def test_a_bad_entry_names_the_file_line_and_fix(tmp_path: Path, line: str) -> None:
    (tmp_path / "lexicon.tsv").write_text(f"# ok\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"lexicon.tsv:2: .*: "):
        load_lexicon(folder=tmp_path)


def test_the_example_lexicon_loads_and_reads_a_seed_name() -> None:
    from audiopaper.normalize.lexicon import read_lexicon
    from paths import REPO

    lexicon = Lexicon(read_lexicon(REPO / "examples" / "lexicon.tsv"))
    assert speak("司令员焉志出席", lexicon) == "司令员{焉志|yan1 zhi4}出席"
