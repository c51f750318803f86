"""Chinese text to the Baker voice's symbol ids: pinyin, tone sandhi, prosody marks.

The model was trained on DataBaker transcripts: each utterance is ``sil``, then per syllable an
initial and a toned final, ``#0`` between syllables of a word, ``#1``/``#3`` at word and phrase
breaks, then ``sil eos``. The syllable tables come from the wheel's ``baker_mapper.json`` (data);
the reading of Chinese text is done here with pypinyin's phrase dictionary, whose tone sandhi
covers 3-3 and 一/不.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jieba
from pypinyin import Style, lazy_pinyin

jieba.setLogLevel(60)  # its dictionary-loading chatter would reach the producer's log
_LETTERS_FILE = Path(__file__).with_name("letters.tsv")
_HAN = re.compile(r"[\u3400-\u9fff]")
#: Marks that end a phrase inside an utterance; the model hears them as a ``#3`` break.
_PHRASE_BREAK = set("，、：；,;:—…（）()《》“”\"'‘’「」『』")
_PINYIN = re.compile(r"^([a-zü]+)([1-5])$")
#: The lexicon's pinyin markup, {行长|hang2 zhang3}: one word read as the given syllables.
_MARKUP = r"\{[^{}|]+\|([a-zü1-5 ]+)\}"


@dataclass(frozen=True)
class Mapper:
    """The model's symbol table, read from the wheel's JSON."""

    symbol_to_id: dict[str, int]
    pinyin_dict: dict[str, tuple[str, str]]

    @classmethod
    def load(cls, path: Path) -> Mapper:
        raw = json.loads(path.read_text(encoding="utf-8"))
        table = {k: (v[0], v[1]) for k, v in raw["pinyin_dict"].items()}
        return cls(symbol_to_id=dict(raw["symbol_to_id"]), pinyin_dict=table)


def _load_letters() -> dict[str, list[str]]:
    letters: dict[str, list[str]] = {}
    for line in _LETTERS_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            letter, syllables = line.split("\t")
            letters[letter] = syllables.split()
    return letters


def _tone(syllable: str) -> str:
    return syllable[-1:]


def _lower(syllable: str) -> str:
    return syllable[:-1] + "2"


def third_tone_sandhi(words: list[list[str]]) -> list[list[str]]:
    """Apply the 3-3 rule inside words and from a one-syllable word onto the next.

    Inside a word every third tone before another third tone rises (展览馆 zhan2 lan2 guan3);
    a lone third-tone word before a third tone rises too (很 好 hen2 hao3), which is how a
    careful reader groups them.
    """
    result = [list(w) for w in words]
    for word in result:
        for i in range(len(word) - 1):
            if _tone(word[i]) == "3" and _tone(word[i + 1]) == "3":
                word[i] = _lower(word[i])
    for prev, nxt in zip(result, result[1:]):
        if len(prev) == 1 and nxt and _tone(prev[0]) == "3" and _tone(nxt[0]) == "3":
            prev[0] = _lower(prev[0])
    return result


def _unknown(chars: str) -> str:
    """pypinyin's hook for characters it cannot read: one unreadable mark per character."""
    return " ".join("?" * len(chars))


_NUMERALS = set("零〇一二两三四五六七八九十百千万亿点第")


def yi_bu_sandhi(chars: str, syllables: list[str]) -> list[str]:
    """一 and 不 take their tone from the next syllable (一天 yi4, 一个 yi2, 不是 bu2).

    一 keeps its first tone when it is a digit (一九四五, 第一, 十一) or ends the phrase.
    """
    out = list(syllables)
    for i, char in enumerate(chars[:-1]):
        if char not in "一不" or not out[i][:-1] in ("yi", "bu"):
            continue
        nxt = chars[i + 1]
        if char == "一" and (nxt in _NUMERALS or (i > 0 and chars[i - 1] in _NUMERALS)):
            continue
        next_tone = _tone(out[i + 1])
        if i > 0 and chars[i - 1] == nxt:  # 看一看, 好不好: the middle is light
            out[i] = out[i][:-1] + "5"
            continue
        if next_tone == "5":
            continue
        if char == "一":
            out[i] = "yi2" if next_tone == "4" else "yi4"
        else:
            out[i] = "bu2" if next_tone == "4" else "bu4"
    return out


_CLAUSE = re.compile(r"[^，、：；。！？,;:!?（）()—…]+[，、：；。！？,;:!?（）()—…”’」』\s]*")


def utterances(text: str, limit: int = 24) -> list[str]:
    """Cut text into the short, clause-sized utterances the model was trained on.

    The Baker corpus holds short sentences; fed a long one, the model slurs and then babbles
    (a recognizer's syllable error rate rose from ~3 % to 30–98 % on 40–60 character sentences).
    Clauses are kept whole when they fit; longer ones are cut between words near ``limit``.
    """
    pieces: list[str] = []
    for clause in _CLAUSE.findall(text):
        if pieces and len(_HAN.findall(pieces[-1])) < 4 and len(pieces[-1] + clause) <= limit:
            pieces[-1] += clause
        else:
            pieces.extend(_cut_words(clause, limit))
    return [p for p in pieces if p.strip()]


def _cut_words(clause: str, limit: int) -> list[str]:
    """Cut a long clause between words; a pinyin-marked word is never cut."""
    if len(clause) <= limit:
        return [clause]
    out = [""]
    for token in re.finditer(rf"{_MARKUP}|[^{{]+|\{{", clause):
        text = token.group(0)
        for word in [text] if token.group(1) else jieba.lcut(text, HMM=False):
            if out[-1] and len(out[-1]) + len(word) > limit:
                out.append("")
            out[-1] += word
    return out


class FrontEnd:
    """Turns a normalized sentence into model input ids, and explains the phones for debugging."""

    def __init__(self, mapper: Mapper) -> None:
        self.mapper = mapper

    @cached_property
    def letters(self) -> dict[str, list[str]]:
        return _load_letters()

    def words(self, text: str) -> list[list[str]]:
        """Split text into prosodic words of toned syllables; ``[]`` marks a phrase break.

        pypinyin segments the text with its phrase dictionary, which resolves most polyphones
        (银行 háng, 行走 xíng) and applies tone sandhi within and across words.
        """
        out: list[list[str]] = []
        for marked, chunk in re.findall(rf"{_MARKUP}|([\u3400-\u9fff]+|[A-Za-z]+|\S)", text):
            if marked:
                out.append(marked.split())
            elif _HAN.match(chunk):
                out.extend(self._han_words(chunk))
            elif chunk.isascii() and chunk.isalpha():
                out.extend([self.letters[c] for c in chunk.upper() if c in self.letters])
            elif chunk in _PHRASE_BREAK and out and out[-1]:
                out.append([])
        while out and not out[-1]:
            out.pop()
        return out

    def _han_words(self, chunk: str) -> list[list[str]]:
        # jieba finds the words; pypinyin reads them with its phrase dictionary (polyphones);
        # the 一/不 and 3-3 sandhi are applied here, across word boundaries.
        words = jieba.lcut(chunk, HMM=False)
        flat = [syllable for word in words for syllable in lazy_pinyin(
            word, style=Style.TONE3, neutral_tone_with_five=True, v_to_u=True,
            errors=_unknown)]
        if len(flat) != len(chunk):  # a character pypinyin split oddly: fall back to pairs
            return [flat[i:i + 2] for i in range(0, len(flat), 2)]
        flat = yi_bu_sandhi(chunk, flat)
        readings: list[list[str]] = []
        start = 0
        for word in words:
            readings.append(flat[start:start + len(word)])
            start += len(word)
        return third_tone_sandhi(readings)

    def symbols(self, text: str) -> list[str]:
        """The symbol sequence for one utterance."""
        seq = ["sil"]
        words = self.words(text)
        for w_index, word in enumerate(words):
            if not word:
                seq.append("#3")
                continue
            for s_index, syllable in enumerate(word):
                seq.extend(self._phones(syllable))
                if s_index < len(word) - 1:
                    seq.append("#0")
            nxt = words[w_index + 1] if w_index + 1 < len(words) else None
            if nxt:
                seq.append("#1")
        seq.extend(["sil", "eos"])
        return seq

    def _phones(self, syllable: str) -> list[str]:
        match = _PINYIN.match(syllable.replace("ü", "v"))
        if not match:
            return []
        base, tone = match.groups()
        pair = self.mapper.pinyin_dict.get(base)
        if pair is None and base.endswith("r") and base[:-1] in self.mapper.pinyin_dict:
            pair = self.mapper.pinyin_dict[base[:-1]]  # erhua: read the base syllable
        if pair is None:
            return []
        initial, final = pair
        phones = [initial, f"{final}{tone}"]
        return [p for p in phones if p in self.mapper.symbol_to_id]

    def ids(self, text: str) -> list[int]:
        """Model input ids; empty when the text holds nothing speakable."""
        seq = self.symbols(text)
        if len(seq) <= 3:
            return []
        return [self.mapper.symbol_to_id[s] for s in seq]
