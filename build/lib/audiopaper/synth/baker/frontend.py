"""Chinese text to the Baker voice's symbol ids: readings, prosody marks, utterances.

The model was trained on DataBaker transcripts: each utterance is ``sil``, then per syllable an
initial and a toned final, ``#0`` between syllables of a word, ``#1``/``#3`` at word and phrase
breaks, then ``sil eos``. The syllable tables come from the wheel's ``baker_mapper.json`` (data);
what each character says is decided by ``reading`` (polyphones, tone sandhi), where the voice
breathes by ``phrasing``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import phrasing, reading
from .reading import HAN, Char
from .sandhi import third_tone_sandhi, yi_bu_sandhi

__all__ = ["FrontEnd", "Mapper", "third_tone_sandhi", "utterances", "yi_bu_sandhi"]

_LETTERS_FILE = Path(__file__).with_name("letters.tsv")
#: Marks that end a phrase inside an utterance; the model hears them as a ``#3`` break.
_PHRASE_BREAK = set("，、：；,;:—…（）()《》“”\"'‘’「」『』")
_PINYIN = re.compile(r"^([a-zü]+)([1-5])$")
#: The longest utterance, in characters: longer ones slur (see ``phrasing``).
UTTERANCE_CHARS = 24


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


def utterances(text: str, limit: int = UTTERANCE_CHARS) -> list[str]:
    """The utterances the voice makes of ``text`` (markup kept whole), as text."""
    return [text for text, _ in utterance_texts(text, limit)]


def utterance_texts(text: str, limit: int = UTTERANCE_CHARS) -> list[tuple[str, str]]:
    """Each utterance's text (with its markup) and how it joins the next (see ``phrasing``)."""
    chars = reading.read(text)
    spans = _source_spans(text, len(chars))
    return [(text[spans[u.start][0]:spans[u.end - 1][1]], u.joint)
            for u in phrasing.utterances(chars, limit)]


def _source_spans(text: str, length: int) -> list[tuple[int, int]]:
    """Where each plain character comes from in ``text``: a marked word's characters span its
    whole markup, so a cut never falls inside ``{行长|hang2 zhang3}``."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in reading.MARKUP.finditer(text):
        spans.extend((i, i + 1) for i in range(pos, match.start()))
        spans.extend([(match.start(), match.end())] * len(match.group(1)))
        pos = match.end()
    spans.extend((i, i + 1) for i in range(pos, len(text)))
    assert len(spans) == length
    return spans


class FrontEnd:
    """Turns a normalized sentence into model input ids, and explains the phones for debugging."""

    def __init__(self, mapper: Mapper) -> None:
        self.mapper = mapper

    @cached_property
    def letters(self) -> dict[str, list[str]]:
        return _load_letters()

    def read(self, text: str) -> list[Char]:
        """Every character with its reading (see ``reading.read``)."""
        return reading.read(text)

    def parts(self, text: str, limit: int = UTTERANCE_CHARS) -> list[tuple[str, list[int], str]]:
        """The utterances of ``text``: their text, symbol ids and joint to the next.

        The text is read once as a whole, so each polyphone is decided in its whole sentence.
        """
        chars = self.read(text)
        out = []
        for u in phrasing.utterances(chars, limit):
            piece = chars[u.start:u.end]
            out.append(("".join(c.char for c in piece), self.ids_of(piece), u.joint))
        return out

    def words(self, text: str) -> list[list[str]]:
        """Split text into prosodic words of toned syllables; ``[]`` marks a phrase break."""
        return self.words_of(self.read(text))

    def words_of(self, chars: list[Char]) -> list[list[str]]:
        out: list[list[str]] = []
        previous = None
        for c in chars:
            if c.spoken and HAN.match(c.char) or c.source == "lexicon":
                if c.spoken:
                    if c.word != previous or not out or not out[-1]:
                        out.append([])
                    out[-1].extend(c.spoken.split())
                previous = c.word
            elif c.char.isascii() and c.char.isalpha():
                if c.char.upper() in self.letters:
                    out.append(list(self.letters[c.char.upper()]))
                previous = None
            elif (c.char in _PHRASE_BREAK or c.char.isspace()) and out and out[-1]:
                out.append([])
                previous = None
        while out and not out[-1]:
            out.pop()
        return out

    def symbols(self, text: str) -> list[str]:
        """The symbol sequence for one utterance."""
        return self.symbols_of(self.read(text))

    def symbols_of(self, chars: list[Char]) -> list[str]:
        seq = ["sil"]
        words = self.words_of(chars)
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
        return self.ids_of(self.read(text))

    def ids_of(self, chars: list[Char]) -> list[int]:
        seq = self.symbols_of(chars)
        if len(seq) <= 3:
            return []
        return [self.mapper.symbol_to_id[s] for s in seq]
