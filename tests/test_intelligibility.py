"""A recognizer must hear what the offline voice says: news sentences, numbers included."""

from __future__ import annotations

from pathlib import Path

import pytest

from audiopaper.pipeline import say

asr = pytest.importorskip("asr")
pytest.importorskip("faster_whisper")

SENTENCES = [
    "今年全市计划植树十五万株，市民可以到南山公园参加义务植树。",
    "图书馆每天早上九点开放，老年阅览区配备了大字版图书和放大镜。",
    "岱岳区举办2024年上半年新兵欢送大会，新兵们身着戎装、精神抖擞。",
    "肥城桃花节已跻身中国四大桃花节和十大节庆品牌之列。为了让游客饱览桃花盛景，"
    "同时打好丰收基础，当地积极推动农业和旅游产业发展。",
]


pytestmark = pytest.mark.slow  # the full tier: the real voice and a recognizer


def test_recognizer_hears_what_the_voice_says(tmp_path: Path):
    """Whisper base is a weak recognizer (it misses rare names), so the bar is on the average."""
    rates, report = [], []
    for index, text in enumerate(SENTENCES):
        out = tmp_path / f"s{index}.mp3"
        say(text, out)
        heard = asr.transcribe(out)
        rates.append(asr.syllable_error_rate(text, heard))
        report.append(f"{rates[-1]:.0%} {heard}")
    assert sum(rates) / len(rates) <= 0.12, report
    assert max(rates) <= 0.25, report


def test_scorer_counts_real_differences():
    assert asr.syllable_error_rate("今天天气很好", "今天天气很好") == 0
    assert asr.syllable_error_rate("今天天气很好", "今天下雨") > 0.3
