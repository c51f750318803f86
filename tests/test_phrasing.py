"""Where the offline voice breathes: clauses whole, long ones cut at phrase boundaries and never
inside a word group, a short joint at a cut, spaces in headlines as breaks, no syllable trimmed."""

from __future__ import annotations

import numpy as np
import pytest

from audiopaper.synth.baker import phrasing, reading
from audiopaper.synth.baker.frontend import utterance_texts, utterances
from audiopaper.synth.baker.speaker import SAMPLE_RATE, render, to_pcm

#: Long clauses, each with word groups that must stay whole (a name, a number with its unit,
#: a date, a 的-phrase).
GROUPS = [
    ("山东第一医科大学首届肥城音乐节将于四月二十日在肥城市桃花源广场隆重开幕",
     ["山东第一医科大学", "首届肥城音乐节", "四月二十日"]),
    ("二零二四年三月二十五日到四月二十日举办的第二十三届中国肥城桃花旅游文化节吸引了大量游客",
     ["二零二四年三月二十五日", "四月二十日", "第二十三届"]),
    ("全市今年新建改建农村公路三百二十公里并完成了一百五十座危桥的加固改造工程",
     ["三百二十公里", "一百五十座"]),
    ("市行政审批服务局党组书记局长王建华在全市优化营商环境工作会议上作了重要讲话",
     ["王建华", "全市优化营商环境工作会议上"]),
    ("来自全国各地的两千多名马拉松爱好者冒着小雨参加了在泰山脚下举行的国际马拉松比赛",
     ["两千多名", "泰山脚下"]),
]


@pytest.mark.parametrize("clause, groups", GROUPS, ids=lambda v: str(v)[:8])
def test_long_clauses_are_cut_between_phrases_never_inside_groups(clause, groups):
    pieces = utterances(clause)
    assert "".join(pieces) == clause
    assert len(pieces) > 1 and all(len(p) <= 24 for p in pieces)
    cuts = np.cumsum([len(p) for p in pieces])[:-1]
    for group in groups:
        start = clause.index(group)
        assert not any(start < cut < start + len(group) for cut in cuts), (group, pieces)


@pytest.mark.parametrize("left, right, never", [
    ("m", "q", True), ("m", "m", True), ("a", "uj", True), ("uj", "n", True), ("ns", "n", True),
    ("p", "ns", True), ("n", "p", False), ("n", "c", False), ("ul", "n", False)])
def test_boundary_table(left, right, never):
    score, why = phrasing.boundary(left, right)
    assert (score == -100) == never and why


def test_cuts_inside_a_clause_are_joints_clause_ends_are_pauses():
    joints = [j for _, j in utterance_texts(
        "泰安军分区司令员焉志出席活动并在这里发表了非常重要的讲话，会议要求各单位认真落实。")]
    assert joints == ["cut", "clause", "end"]


def test_a_headline_space_is_a_phrase_break():
    assert utterances("第2篇，山东第一医科大学 首届肥城音乐节开幕。") == [
        "第2篇，山东第一医科大学 ", "首届肥城音乐节开幕。"]
    words = reading.read("桃花节 开幕")
    assert [c.char for c in words].count(" ") == 1


def test_headline_space_is_a_break_inside_one_utterance(baker):
    symbols = baker.frontend.symbols("桃花节 开幕")
    assert "#3" in symbols


def test_to_pcm_never_cuts_a_sound():
    wave = np.concatenate([np.zeros(2400), 0.5 * np.ones(4800), 0.01 * np.ones(240)])
    pcm = to_pcm(wave.astype(np.float32))
    assert len(pcm) == len(wave)  # the quiet end is a syllable's decay: kept
    silent = np.concatenate([wave, np.zeros(4800)]).astype(np.float32)
    assert len(to_pcm(silent)) == len(silent) - int(0.05 * SAMPLE_RATE)
    joint = to_pcm(silent, head=240, tail=240)
    assert len(joint) == 240 + 4800 + 240 + 240


@pytest.mark.slow
def test_a_cut_joint_is_short_and_a_clause_pause_is_a_breath(baker):
    options = baker.validate_options({"pace": -22})
    model = baker._speaker.model
    text = "山东第一医科大学首届肥城音乐节将于四月二十日在肥城市桃花源广场隆重开幕"
    parts = baker.frontend.parts(text)
    assert [j for _, _, j in parts] == ["cut", "end"]
    audio = render(model, parts, options).astype(np.float64) / 32767
    alone = [render(model, [(t, ids, "end")], options) for t, ids, _ in parts]
    assert len(audio) < len(alone[0]) + len(alone[1])  # the model's edge silences were shortened
    window = SAMPLE_RATE // 100
    loud = np.array([np.abs(audio[i:i + window]).max() > 1e-3
                     for i in range(0, len(audio) - window, window)])
    inner = loud[np.argmax(loud):len(loud) - np.argmax(loud[::-1])]
    runs, run = [], 0
    for is_loud in inner:
        run = 0 if is_loud else run + 1
        runs.append(run)
    assert max(runs) * 0.01 <= 0.1  # no silence inside the clause longer than 0.1 s
