"""How the offline voice reads Chinese: one toned syllable per character, polyphones decided.

Tag, then act: every character gets a citation reading and where it came from, then tone sandhi
gives what is said. The sources, strongest first:

1. ``lexicon``: the producer's pinyin markup ({行长|hang2 zhang3}), read as given.
2. ``rule``: a context rule of ``readings.tsv`` (奔着 bèn, 身着 zhuó), each with its reason.
3. ``phrase`` or ``model`` for a polyphone: jieba's word read by pypinyin's phrase dictionary,
   or g2pM's network in the sentence's context. The phrase wins where it is surer (see
   ``_phrase_is_surer``), the network elsewhere.
4. ``dict``: pypinyin's reading of a character with one reading (or one g2pM does not know).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jieba
from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT

from ...normalize.lexicon import Lexicon
from ...normalize.markup import PATTERN as MARKUP_PATTERN
from .polyphone import Guess, model
from .sandhi import third_tone_sandhi, yi_bu_sandhi

jieba.setLogLevel(60)  # its dictionary-loading chatter would reach the producer's log
HAN = re.compile(r"[\u3400-\u9fff]")
#: The lexicon's pinyin markup, {行长|hang2 zhang3}: one word read as the given syllables.
MARKUP = re.compile(MARKUP_PATTERN)
_TONED = re.compile(r"[a-z]+[1-5]")
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;\n]*|[。！？；!?;\n]+")
#: Characters whose other readings are sandhi, made later from their citation tone (pypinyin's
#: phrase dictionary writes them after sandhi: 一个 yí).
_SANDHI_ONLY = {"一": "yi1", "不": "bu4"}
_RULES_FILE = Path(__file__).with_name("readings.tsv")
_PARTICLES_FILE = Path(__file__).with_name("particles.tsv")
#: The phrase dictionary overrides the network when the network is less sure than this...
SURE = 0.99
#: ... or when the phrase gives a character its less usual reading in a word at least this
#: frequent in jieba's dictionary (a deliberate entry, 了解 liǎo, not a default filled in).
COMMON_WORD = 100


@dataclass(frozen=True)
class Char:
    """One written character: its citation reading, what is said, its word and the source."""

    char: str
    citation: str = ""  # toned pinyin (ü as v); empty for what is not read as a syllable
    spoken: str = ""
    word: int = 0  # index of the word (jieba's, or a marked word) it belongs to
    source: str = ""


@dataclass(frozen=True)
class Rule:
    """A context rule: the character in group 1 of ``pattern`` is read ``reading``."""

    reading: str
    pattern: re.Pattern[str]
    why: str


@cache
def rules() -> tuple[Rule, ...]:
    out = []
    for line in _RULES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            reading, pattern, why = line.split("\t")
            out.append(Rule(reading, re.compile(pattern), why))
    return tuple(out)


@cache
def particles() -> dict[str, tuple[tuple[str, ...], str]]:
    out = {}
    for line in _PARTICLES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            char, tags, reading, _why = line.split("\t")
            out[char] = (tuple(tags.split()), reading)
    return out


def _particle(sheet: _Sheet, index: int, end: int) -> str:
    """The reading a particle takes from the word before it (``particles.tsv``), or ''."""
    rule = particles().get(sheet.text[index])
    if rule is None or index + 1 >= end or not HAN.match(sheet.text[index + 1]):
        return ""
    before = _word_before(sheet, index)
    if len(before) < 2:
        return ""
    tag = _tag(before)
    return rule[1] if any(tag.startswith(t) for t in rule[0]) else ""


def _word_before(sheet: _Sheet, index: int) -> str:
    """The word that ends just before ``index``: the previous jieba word, or the dictionary
    phrase before the particle inside a jieba word (选择地: 选择)."""
    word_start = index
    while word_start > 0 and sheet.words[word_start - 1] == sheet.words[index]:
        word_start -= 1
    if word_start < index:
        phrases = _phrases(sheet.text[word_start:index + 1])
        return phrases[-2] if len(phrases) > 1 and phrases[-1] == sheet.text[index] else ""
    start = index
    while start > 0 and sheet.words[start - 1] == sheet.words[index - 1]:
        start -= 1
    return sheet.text[start:index]


def _tag(word: str) -> str:
    return str(word_tags().get(word, ""))


@cache
def word_tags() -> dict[str, str]:
    """jieba's part-of-speech table, loaded when ``jieba.posseg`` is imported (its
    ``initialize`` would load it again on every call)."""
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab  # type: ignore[no-any-return]


def read(text: str) -> list[Char]:
    """Every character of ``text`` (pinyin markup replaced by its word) with its reading."""
    plain, forced = _unmark(text)
    words = _words(plain, forced)
    sheet = _Sheet(plain, words, [""] * len(plain), [""] * len(plain))
    for index, syllable in forced.items():
        sheet.set(index, syllable, "lexicon")
    spans = [(m.start(), m.end()) for m in _SENTENCE.finditer(plain)]
    for start, end in spans:
        ask, phrase = _tag_sentence(sheet, start, end)
        for i, guess in zip(ask, model().guess(plain[start:end], ask)):
            _decide(sheet, start + i, guess, phrase.get(start + i))
    spoken = _sandhi(sheet)
    return [Char(plain[i], sheet.citation[i], spoken[i], words[i], sheet.source[i])
            for i in range(len(plain))]


@dataclass
class _Sheet:
    """The readings of one text while they are being decided (plain lists: many characters)."""

    text: str
    words: list[int]
    citation: list[str]
    source: list[str]

    def set(self, index: int, citation: str, source: str) -> None:
        self.citation[index], self.source[index] = citation, source


def _unmark(text: str) -> tuple[str, dict[int, str]]:
    """The plain text, and the syllables the markup gives (by position)."""
    out: list[str] = []
    forced: dict[int, str] = {}
    pos = 0
    for match in MARKUP.finditer(text):
        out.append(text[pos:match.start()])
        word, syllables = match.group(1), match.group(2).replace("ü", "v").split()
        if len(syllables) != len(word):  # a Latin word read as pinyin: its first letter says it
            syllables = [" ".join(syllables)] + [""] * (len(word) - 1)
        base = sum(map(len, out))
        forced.update({base + i: syllable for i, syllable in enumerate(syllables)})
        out.append(word)
        pos = match.end()
    out.append(text[pos:])
    return "".join(out), forced


def _words(plain: str, forced: dict[int, str]) -> list[int]:
    """The word index of each character: jieba's words, and each marked word as one."""
    words: list[int] = []
    for start, end, marked in _pieces(len(plain), forced):
        for token in [plain[start:end]] if marked else jieba.lcut(plain[start:end], HMM=False):
            words.extend([words[-1] + 1 if words else 0] * len(token))
    return words


def _pieces(length: int, forced: dict[int, str]) -> list[tuple[int, int, bool]]:
    """Runs of marked and unmarked positions, in order."""
    runs: list[tuple[int, int, bool]] = []
    for i in range(length):
        marked = i in forced
        if runs and runs[-1][2] == marked and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1, marked)
        else:
            runs.append((i, i + 1, marked))
    return runs


def _tag_sentence(sheet: _Sheet, start: int, end: int) -> tuple[list[int], dict[int, tuple[str, str]]]:
    """Rules and single readings filled in; the positions (in the sentence) the network decides."""
    sentence = sheet.text[start:end]
    ruled = _ruled(sentence)
    net = model()
    ask = []
    for i, char in enumerate(sentence):
        if sheet.source[start + i]:
            continue
        if i in ruled:
            sheet.set(start + i, ruled[i], "rule")
        elif particle := _particle(sheet, start + i, end):
            sheet.set(start + i, particle, "rule")
        elif char in _SANDHI_ONLY:
            sheet.set(start + i, _SANDHI_ONLY[char], "dict")
        elif char not in _SANDHI_ONLY and net.is_polyphone(char) and _several(char):
            ask.append(i)
    phrase = _phrase_readings(sheet, start, end)
    for i, char in enumerate(sentence):
        if not sheet.source[start + i] and i not in ask and start + i in phrase:
            sheet.set(start + i, phrase[start + i][0], "dict")
    return ask, phrase


def _phrase_readings(sheet: _Sheet, start: int, end: int) -> dict[int, tuple[str, str]]:
    """pypinyin's reading of each Chinese character by its word, with that word."""
    out: dict[int, tuple[str, str]] = {}
    text, words = sheet.text, sheet.words
    i = start
    while i < end:
        j = i
        while j < end and words[j] == words[i]:
            j += 1
        word = text[i:j]
        syllables = _pinyin(word) if all(HAN.match(c) for c in word) else []
        if len(syllables) == len(word):
            phrases = [p for p in _phrases(word) for _ in p]
            out.update({k: (s, p) for k, s, p in zip(range(i, j), syllables, phrases)})
        else:
            out.update({k: (_pinyin(text[k])[0], text[k]) for k in range(i, j) if HAN.match(text[k])})
        i = j
    return {k: v for k, v in out.items() if _TONED.fullmatch(v[0])}


@cache
def _phrases(word: str) -> list[str]:
    """The dictionary phrases pypinyin reads a word by (银行行长: 银行 + 行长)."""
    from pypinyin.seg.mmseg import seg

    parts = list(seg.cut(word))
    return parts if sum(map(len, parts)) == len(word) else [word]


@cache
def _pinyin(word: str) -> list[str]:
    unknown: Any = lambda chars: ["?"] * len(chars)  # one mark per unreadable character
    return lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True, errors=unknown)


@cache
def _several(char: str) -> bool:
    """Whether pypinyin knows more than one reading of the character."""
    from pypinyin import pinyin

    return len(pinyin(char, heteronym=True, style=Style.TONE3)[0]) > 1


def _ruled(sentence: str) -> dict[int, str]:
    out: dict[int, str] = {}
    for rule in rules():
        for match in rule.pattern.finditer(sentence):
            out.setdefault(match.start(1), rule.reading)
    return out


def _decide(sheet: _Sheet, index: int, guess: Guess, phrase: tuple[str, str] | None) -> None:
    known = dict(guess.readings)
    if phrase is not None and phrase[0] in known and _phrase_is_surer(guess.char, phrase, guess):
        sheet.set(index, phrase[0], "phrase")
    else:
        sheet.set(index, guess.best, "model")


def _phrase_is_surer(char: str, phrase: tuple[str, str], guess: Guess) -> bool:
    """A word of the phrase dictionary is surer than a hesitant network, and surer than a sure
    one when it gives the character its less usual reading in a common word (了解 liǎo): the
    network leans to the usual reading there. (Trusting every idiom of four characters or more
    was measured too: one fewer right on CPP's dev split.)"""
    reading, word = phrase
    if len(word) < 2 or word not in PHRASES_DICT:
        return False
    if guess.confidence < SURE:
        return True
    return reading != _pinyin(char)[0] and _frequency(word) >= COMMON_WORD


def _frequency(word: str) -> int:
    jieba.initialize()
    return int(jieba.dt.FREQ.get(word) or 0)


def _sandhi(sheet: _Sheet) -> list[str]:
    """What is said: 一/不 and 3-3 sandhi over each run of read characters (markup as given)."""
    said = list(sheet.citation)
    i, n = 0, len(said)
    while i < n:
        j = i
        while j < n and _TONED.fullmatch(said[j]) and sheet.source[j] != "lexicon":
            j += 1
        if j > i:
            _sandhi_run(sheet, said, i, j)
        i = max(j, i + 1)
    return said


def _sandhi_run(sheet: _Sheet, said: list[str], start: int, end: int) -> None:
    syllables = yi_bu_sandhi(sheet.text[start:end], said[start:end])
    words: list[list[str]] = []
    for k in range(start, end):
        if k == start or sheet.words[k - 1] != sheet.words[k]:
            words.append([])
        words[-1].append(syllables[k - start])
    said[start:end] = [s for word in third_tone_sandhi(words) for s in word]


def tokens(chars: list[Char], citation: bool = False) -> list[str]:
    """One token per character, as `audiopaper pinyin` prints them."""
    out = []
    for c in chars:
        if c.char.isspace():
            out.append("_")
        elif HAN.match(c.char):
            out.append((c.citation if citation else c.spoken) or c.char)
        else:
            out.append(c.char)
    return out


def marked(text: str, lexicon: Lexicon | None) -> str:
    """``text`` with the lexicon's readings as pinyin markup, written characters unchanged.

    Markup entries are kept; a homophone of the same length is read and its syllables given to
    the written word; entries that change the text (GDP => 国内生产总值) are left out, since
    the text is read as written.
    """
    if lexicon is None:
        return text
    out, pos = [], 0
    for start, end, spoken in lexicon.spans(text):
        word = text[start:end]
        syllables = _lexicon_syllables(word, spoken)
        out.append(text[pos:start])
        out.append(f"{{{word}|{syllables}}}" if syllables else word)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _lexicon_syllables(word: str, spoken: str) -> str:
    whole = MARKUP.fullmatch(spoken)
    if whole and whole.group(1) == word:
        return whole.group(2)
    if len(spoken) == len(word) and all(HAN.match(c) for c in spoken):
        return " ".join(c.citation for c in read(spoken))
    return ""


def pinyin(text: str, citation: bool = False, lexicon: Lexicon | None = None) -> str:
    """One space-separated token per character of ``text`` (`audiopaper pinyin`)."""
    return " ".join(tokens(read(marked(text, lexicon)), citation))
