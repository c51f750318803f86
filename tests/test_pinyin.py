"""`audiopaper pinyin`: what the offline voice says, one token per character; polyphones by
family in newspaper sentences; the CPP sample against g2pM as shipped; determinism."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from audiopaper.cli import cli
from audiopaper.synth.baker import cpp, front_end_version, reading
from paths import DATA

CASES = DATA / "pinyin_cases.txt"


def _cases() -> list[tuple[str, int, str]]:
    out = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            written, want = line.split(" => ")
            out.append((written.replace("[", "").replace("]", ""), written.index("["), want))
    return out


@pytest.mark.parametrize("text, index, want", _cases(), ids=lambda v: str(v)[:14])
def test_polyphone_families_in_newspaper_sentences(text, index, want):
    assert reading.pinyin(text, citation=True).split(" ")[index] == want


@pytest.mark.parametrize("text", [
    "GDP增长5.2%，　市民（含外地游客）超过1,000人次！",
    "A股 B2C\t电商「双11」：３月…",
    "长江　黄河 ",
    "",
    "😀表情与emoji",
])
def test_one_token_per_character(text):
    tokens = reading.pinyin(text).split(" ") if text else []
    assert len(tokens) == len(text)
    for char, token in zip(text, tokens):
        if char.isspace():
            assert token == "_"
        elif reading.HAN.match(char):
            assert token[-1] in "12345" and token[:-1].isalpha() and "ü" not in token
        else:
            assert token == char


def test_citation_is_before_sandhi_and_default_is_said():
    assert reading.pinyin("你好，一个不是", citation=True) == "ni3 hao3 ， yi1 ge4 bu4 shi4"
    assert reading.pinyin("你好，一个不是") == "ni2 hao3 ， yi2 ge4 bu2 shi4"
    assert reading.pinyin("女儿绿色", citation=True) == "nv3 er2 lv4 se4"


def test_the_seed_editions_findings():
    said = {text: reading.pinyin(text, citation=True).split(" ") for text in [
        "坚持以人民为中心", "她身着民族服装", "大家奔着目标努力", "一哄而上", "有选择地吸收"]}
    assert said["坚持以人民为中心"][5] == "wei2"
    assert said["她身着民族服装"][2] == "zhuo2"
    assert said["大家奔着目标努力"][2] == "ben4"
    assert said["一哄而上"][1] == "hong4"
    assert said["有选择地吸收"][3] == "de5"


def test_command_reads_lines_and_the_lexicon_wins(tmp_path):
    lexicon = tmp_path / "lexicon.tsv"
    lexicon.write_text("单县\t{单县|shan4 xian4}\n焉志\t燕志\nGDP\t国内生产总值\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["pinyin", "--citation", "--lexicon", str(lexicon)],
                           input="单县GDP\n焉志 好\n")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["shan4 xian4 G D P", "yan1 zhi4 _ hao3"]
    plain = runner.invoke(cli, ["pinyin", "--citation", "单县"])
    assert plain.output.strip() == "dan1 xian4"


def test_explain_shows_utterances_joints_and_sources():
    result = CliRunner().invoke(cli, ["pinyin", "--explain",
                                      "山东第一医科大学首届肥城音乐节将于四月二十日在肥城市桃花源广场开幕，行长出席。"])
    lines = result.output.splitlines()
    assert lines[1:4] == ["  | 山东第一医科大学首届肥城音乐节 | joint (cut inside a clause)",
                          "  | 将于四月二十日在肥城市桃花源广场开幕， | pause", "  | 行长出席。 | end"]
    assert "  行\thang2\tphrase" in lines


def test_cpp_sample_beats_g2pm_as_shipped():
    from g2pM import G2pM

    cases = cpp.load(DATA / "cpp_sample")
    wheel = G2pM()
    ours = cpp.score(cases, lambda s: reading.tokens(reading.read(s), citation=True))
    theirs = cpp.score(cases, lambda s: [p.replace("u:", "v") for p in wheel(s, char_split=True)])
    assert len(cases) == 248
    assert ours.accuracy >= theirs.accuracy > 0.9


def test_same_text_same_readings_in_another_process():
    text = "长江沿线的银行行长重新调整了贷款，还款期还长。"
    here = reading.pinyin(text)
    there = subprocess.run([sys.executable, "-m", "audiopaper", "pinyin", text], check=True,
                           capture_output=True, text=True).stdout.strip()
    assert there == here
    assert reading.pinyin(f"前面的话。{text}").endswith(here)  # not swayed by other sentences


def test_front_end_change_changes_the_engine_version(monkeypatch):
    from audiopaper.synth import baker

    assert front_end_version() in baker.BakerEngine.version
    monkeypatch.setattr(baker, "_FRONT_END", "fe-next")
    assert front_end_version() != baker.BakerEngine.version.split("+")[1]
