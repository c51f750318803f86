"""The offline voice: front end readings, op rewrite, determinism and audible output."""

from __future__ import annotations

import numpy as np
import pytest

from audiopaper.errors import ConfigError
from audiopaper.synth.baker.frontend import third_tone_sandhi, yi_bu_sandhi


@pytest.mark.parametrize("words, expected", [
    ([["ni3", "hao3"]], [["ni2", "hao3"]]),
    ([["zhan3", "lan3", "guan3"]], [["zhan2", "lan2", "guan3"]]),
    ([["hen3"], ["hao3"]], [["hen2"], ["hao3"]]),
    ([["lao3", "hu3"], ["hen3"]], [["lao2", "hu3"], ["hen3"]]),
])
def test_third_tone_sandhi(words, expected):
    assert third_tone_sandhi(words) == expected


@pytest.mark.parametrize("chars, syllables, expected", [
    ("一个", ["yi1", "ge4"], ["yi2", "ge4"]),
    ("一天", ["yi1", "tian1"], ["yi4", "tian1"]),
    ("不是", ["bu4", "shi4"], ["bu2", "shi4"]),
    ("不同", ["bu4", "tong2"], ["bu4", "tong2"]),
    ("第一", ["di4", "yi1"], ["di4", "yi1"]),
    ("一九四五", ["yi1", "jiu3", "si4", "wu3"], ["yi1", "jiu3", "si4", "wu3"]),
    ("看一看", ["kan4", "yi1", "kan4"], ["kan4", "yi5", "kan4"]),
])
def test_yi_bu_sandhi(chars, syllables, expected):
    assert yi_bu_sandhi(chars, syllables) == expected


def test_polyphones_are_read_by_phrase(baker):
    words = baker.frontend.words("银行行长到行人道上行走")
    flat = [s for w in words for s in w]
    assert flat[:4] == ["yin2", "hang2", "hang2", "zhang3"]
    assert "xing2" in flat


def test_letters_and_breaks_become_symbols(baker):
    symbols = baker.frontend.symbols("五G，网络")
    assert symbols[0] == "sil" and symbols[-2:] == ["sil", "eos"]
    assert "#3" in symbols and "j" in symbols  # G is read ji4


def test_synthesis_is_speech_and_deterministic(baker):
    options = baker.validate_options({})
    first = baker.synthesize("今天天气很好，我们去公园散步。", "baker-female", options)
    other = baker.synthesize("市民可以报名参加。", "baker-female", options)
    again = baker.synthesize("今天天气很好，我们去公园散步。", "baker-female", options)
    assert first.sample_rate == 24000
    assert 1.5 < first.duration < 8
    assert np.abs(first.samples.astype(np.int32)).max() > 3000  # audible, not silence
    assert np.array_equal(first.samples, again.samples)
    assert not np.array_equal(first.samples[: len(other.samples)], other.samples[: len(first.samples)])


def test_pace_slows_the_voice(baker):
    text = "肥城桃花节已跻身中国四大桃花节之列。"
    normal = baker.synthesize(text, "baker-female", baker.validate_options({"pace": 0}))
    calm = baker.synthesize(text, "baker-female", baker.validate_options({"pace": -25}))
    assert calm.duration > normal.duration * 1.2


@pytest.mark.parametrize("options", [{"pace": "slow"}, {"pace": 500}, {"speed": 1}])
def test_bad_options_fail_with_the_fix(baker, options):
    with pytest.raises(ConfigError, match="pace|option"):
        baker.validate_options(options)


def test_empty_text_gives_empty_audio(baker):
    audio = baker.synthesize("，。", "baker-female", baker.validate_options({}))
    assert len(audio.samples) == 0


def test_long_clauses_are_cut_between_words_never_inside_markup():
    from audiopaper.synth.baker.frontend import utterances

    text = "泰安军分区司令员{焉志|yan1 zhi4}出席活动并在这里发表了非常重要的讲话内容丰富多彩{单县|shan4 xian4}的朋友们"
    pieces = utterances(text)
    assert "".join(pieces) == text
    assert all(len(p) <= 40 for p in pieces)
    assert any("{焉志|yan1 zhi4}" in p for p in pieces) and any("{单县|shan4 xian4}" in p for p in pieces)


def test_utterances_follow_clauses():
    from audiopaper.synth.baker.frontend import utterances

    assert utterances("记者：市行政审批服务局成立以来，一直致力于改革。") == [
        "记者：市行政审批服务局成立以来，", "一直致力于改革。"]
