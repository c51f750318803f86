"""The Kokoro voice: the project's pinyin in Kokoro's symbols, utterances that always fit the model,
its pieces checked, and (slow tier) the real model through the engine, its workers and a build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from pypinyin.contrib.tone_convert import to_tone3
from pypinyin.pinyin_dict import pinyin_dict

from audiopaper.errors import EngineUnavailable
from audiopaper.synth.baker import reading
from audiopaper.synth.kokoro import frontend, kokoro_version, model
from audiopaper.synth.kokoro.frontend import MAX_TOKENS, syllable_symbols, utterances

HAN = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def vocab() -> dict[str, int]:
    try:
        return model.vocab()
    except EngineUnavailable as exc:
        pytest.skip(str(exc))


def _all_syllables() -> set[str]:
    """Every toned syllable pypinyin can give a character (ü as v), neutral tone included."""
    found = set()
    for readings in pinyin_dict.values():
        for spelled in readings.split(","):
            tone3 = to_tone3(spelled, neutral_tone_with_five=True, v_to_u=False)
            if re.fullmatch(r"[a-z]+[1-5]", tone3):
                found.add(tone3)
                found.add(tone3[:-1] + "5")
    return found


def test_every_syllable_has_symbols_the_model_knows(vocab):
    unknown = {s for s in _all_syllables() if not syllable_symbols(s)}
    assert not unknown, sorted(unknown)[:20]
    strange = {s: syllable_symbols(s) for s in _all_syllables()
               if any(ch not in vocab for ch in syllable_symbols(s))}
    assert not strange, list(strange.items())[:10]
    assert all(mark in vocab for mark in frontend.table().mark.values() if mark)


@pytest.mark.parametrize("syllable, symbols", [
    ("zhong1", "ꭧʊ→ŋ"), ("chang2", "ꭧʰa↗ŋ"), ("shi4", "ʂɨ↘"), ("ri4", "ɻɨ↘"), ("zi3", "ʦɨ↓"),
    ("ci2", "ʦʰɨ↗"), ("si1", "sɨ→"), ("ji1", "ʨi→"), ("qu4", "ʨʰy↘"), ("xue2", "ɕɥe↗"),
    ("juan3", "ʨɥɛ↓n"), ("jun1", "ʨy→n"), ("lv4", "ly↘"), ("nve4", "nɥe↘"), ("lü3", "ly↓"),
    ("yi1", "i→"), ("ya2", "ja↗"), ("ye3", "je↓"), ("you3", "jou↓"), ("yan2", "jɛ↗n"),
    ("yin1", "i→n"), ("ying4", "i↘ŋ"), ("yong3", "jʊ↓ŋ"), ("yu2", "y↗"), ("yue4", "ɥe↘"),
    ("yuan2", "ɥɛ↗n"), ("yun4", "y↘n"), ("wu3", "u↓"), ("wo3", "wo↓"), ("wei4", "wei↘"),
    ("wen2", "wə↗n"), ("wang2", "wa↗ŋ"), ("weng1", "wə→ŋ"), ("gui4", "kwei↘"),
    ("dun1", "twə→n"), ("liu2", "ljou↗"), ("bo2", "pwo↗"), ("de5", "tɤ"), ("er4", "ɚ↘"),
    ("an1", "a→n"), ("ang2", "a↗ŋ"), ("en1", "ə→n"), ("eng1", "ə→ŋ"), ("xiong2", "ɕjʊ↗ŋ"),
    ("huar1", "xwa→"), ("n2", "n↗"), ("ng5", "ŋ"), ("pa4", "pʰa↘"), ("kao3", "kʰau↓"),
])
def test_pinyin_is_spelled_in_kokoro_symbols(syllable, symbols):
    assert syllable_symbols(syllable) == symbols


@pytest.mark.parametrize("text", [
    "银行行长重新调查了长江的水情，以改革促发展。",
    "{行长|hang2 zhang3}说：一个人不会，一天也不去。",
    "展览馆很好，老鼠跑了。他们奔着解决最突出的问题去。",
    "增长了百分之五点二，一九四五年，《人民日报》（海外版）报道。",
])
def test_kokoro_says_what_audiopaper_pinyin_prints(vocab, text):
    """One front end: the syllables in the symbols are exactly the decided readings."""
    decided = [s for c in reading.read(text) for s in c.spoken.split()]
    said = "".join(u.phonemes for u in utterances(text, vocab))
    assert re.sub(r"[ ,.:;!?“”()—…]", "", said) == "".join(map(syllable_symbols, decided))


LONG = ("市人社局持续深化人社服务领域改革创新推动更多政务服务事项网上办掌上办就近办一次办"
        "不断提升群众和企业办事的便利度和满意度") * 6
CLAUSES = "泰安市人社局推出“数字帮办”服务，" * 30 + "效果很好。"


@pytest.mark.parametrize("text", [LONG, CLAUSES, "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 8 + "。"])
@pytest.mark.parametrize("limit", [MAX_TOKENS, 120, 40])
def test_no_text_is_lost_to_the_input_limit(vocab, text, limit):
    """Every utterance fits; together they say every character, in order."""
    said = utterances(text, vocab, max_tokens=limit)
    assert all(len(frontend.tokens(u.phonemes, vocab)) <= limit for u in said)
    def letters(words: str) -> str:
        return re.sub(r"[^\w]", "", words)

    assert letters("".join(u.text for u in said)) == letters(text)
    syllables = sum(len(re.findall(r"[→↗↓↘]|(?<=[a-zɤəɚɨ])(?=[ ,.])", u.phonemes)) for u in said)
    assert syllables >= len(HAN.findall(text)) * 0.9


def test_clauses_join_into_sentences_but_never_across_one(vocab):
    text = "今天，天气很好。我们去公园，看看花。"
    said = utterances(text, vocab)
    assert [u.text for u in said] == ["今天，天气很好。", "我们去公园，看看花。"]
    assert [u.joint for u in said] == ["sentence", "sentence"]
    assert said[0].phonemes.endswith(".") and ", " in said[0].phonemes


@pytest.fixture
def kokoro_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the installed voice files the test may damage."""
    try:
        model.check_installed()
    except (EngineUnavailable, ImportError) as exc:
        pytest.skip(str(exc))
    copy = tmp_path / "kokoro"
    shutil.copytree(model.data_dir(), copy)
    monkeypatch.setenv(model.ENV_DATA_DIR, str(copy))
    return copy


def test_a_damaged_or_missing_voice_file_says_how_to_reinstall(kokoro_dir: Path):
    (kokoro_dir / "zf_xiaoxiao.bin").write_bytes(b"\0" * 522_240)
    with pytest.raises(EngineUnavailable, match="damaged.*python -m audiopaper.synth.kokoro.fetch"):
        model.load_voice("zf_xiaoxiao")
    (kokoro_dir / "zm_yunjian.bin").unlink()
    with pytest.raises(EngineUnavailable, match="missing.*python -m audiopaper.synth.kokoro.fetch"):
        model.check_installed()


def test_a_missing_runtime_names_the_extra(kokoro_dir: Path, monkeypatch: pytest.MonkeyPatch):
    """The model wheels without onnxruntime: one line naming the extra, never an ImportError."""
    import sys

    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import fails as if not installed
    with pytest.raises(EngineUnavailable, match=r"pip install 'audiopaper\[kokoro\]'"):
        model.check_installed()


def test_the_version_follows_the_symbol_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    before = kokoro_version()
    table = tmp_path / "phonemes.tsv"
    table.write_text(frontend.TABLE_FILE.read_text(encoding="utf-8").replace("a~ŋ", "ɑ~ŋ"),
                     encoding="utf-8")
    monkeypatch.setattr(frontend, "TABLE_FILE", table)
    assert kokoro_version() != before
    assert model.MODEL_SHA256[:8] in before


def test_a_group_mixes_engines_per_paper(tmp_path: Path):
    import datetime as dt

    from audiopaper.run.group import load_group
    from audiopaper.synth.select import choose_voices

    group = tmp_path / "group.toml"
    group.write_text('[[paper]]\nname = "A"\nedition = "a.txt"\nout = "a"\nengine = "kokoro"\n'
                     '[[paper]]\nname = "B"\nedition = "b.txt"\nout = "b"\nengine = "baker"\n',
                     encoding="utf-8")
    papers = load_group(group, dt.date(2024, 3, 15)).papers
    assert [p.engine for p in papers] == ["kokoro", "baker"]
    kokoro = choose_voices("kokoro")
    assert (kokoro.body, kokoro.headline) == ("kokoro-xiaoxiao", "kokoro-yunjian")
    assert {p.engine for p in kokoro.profiles.values()} == {"kokoro"}


# ------------------------------------------------------------------ the real model (slow tier)

@pytest.fixture(scope="module")
def engine():
    from audiopaper.synth.kokoro import KokoroEngine

    try:
        model.check_installed()
    except (EngineUnavailable, ImportError) as exc:
        pytest.skip(str(exc))
    one = KokoroEngine(workers=1)
    yield one
    one.close()


@pytest.mark.slow
def test_a_long_clause_is_spoken_whole_not_cut_at_the_input_limit(engine):
    """Sent whole, the model would stop after ~510 tokens (~85 characters, ~17 s)."""
    audio = engine.synthesize(LONG, "zf_xiaoxiao", {})
    assert audio.duration > len(HAN.findall(LONG)) / 7.0  # at most 7 characters a second


@pytest.mark.slow
def test_workers_speak_exactly_what_the_process_speaks(engine):
    from audiopaper.synth.kokoro import KokoroEngine

    text = "泰安市人社局推出“数字帮办”服务，群众办事更方便了。"
    pool = KokoroEngine(workers=2)
    try:
        in_workers = pool.synthesize(text, "zm_yunjian", {"pause": 0.3})
    finally:
        pool.close()
    here = engine.synthesize(text, "zm_yunjian", {"pause": 0.3})
    assert in_workers.sample_rate == here.sample_rate == model.SAMPLE_RATE
    assert np.array_equal(in_workers.samples, here.samples)


@pytest.mark.slow
def test_say_with_the_kokoro_engine_uses_its_default_voice(tmp_path: Path, engine):
    from click.testing import CliRunner

    from audiopaper.cli import cli

    out = tmp_path / "k.mp3"
    result = CliRunner().invoke(cli, ["say", "今天天气很好。", "-o", str(out), "--engine", "kokoro"])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000


@pytest.mark.slow
def test_fetch_takes_the_voice_files_from_npm_checked(tmp_path: Path):
    """The install step: `npm pack kokoro-js`, only the Mandarin voices kept, each hash checked."""
    from audiopaper.synth.kokoro import fetch

    if shutil.which("npm") is None:
        pytest.skip("npm is not installed")
    folder = fetch.install_voices(tmp_path / "kokoro")
    assert sorted(p.stem for p in folder.iterdir()) == sorted(model.voice_table())
    assert not list(folder.glob(".*"))  # no temp files left
