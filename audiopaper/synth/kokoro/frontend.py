"""The project's reading of a text, in Kokoro's phoneme symbols: one front end for every voice.

What each character says (polyphones, the lexicon's markup, tone sandhi) is decided once, by the
offline front end that `audiopaper pinyin` prints (``baker.reading``); where a long clause may be
cut is decided by its phrasing (``baker.phrasing``). This module only spells those syllables in
the symbols Kokoro was trained on (``phonemes.tsv``, data) and groups clauses into utterances:
Kokoro speaks a whole sentence better than its clauses one by one (fewer onsets, its own pauses
at commas), as long as the utterance fits the model's input (``MAX_TOKENS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..baker import phrasing, reading
from ..baker.frontend import _load_letters
from ..baker.reading import HAN, Char

TABLE_FILE = Path(__file__).with_name("phonemes.tsv")
#: The model's input is at most 512 tokens with the two pads: never send more (it cuts the end).
MAX_TOKENS = 510
#: A clause longer than this is cut at a phrase boundary (baker's phrasing), in characters.
CLAUSE_CHARS = 40
#: Clauses are spoken together up to this many characters, never across a sentence's end.
UTTERANCE_CHARS = 80
_SYLLABLE = re.compile(r"^([a-zv]+)([1-5])$")
_TONE_SLOT = "~"
_SENTENCE_END = set("。！？!?；;")
_APICAL_AFTER = {"zh", "ch", "sh", "r", "z", "c", "s"}
#: Marks an utterance may end with; any other end gets "." (the model's sentence-final fall).
_FINAL_MARKS = set(".!?…")


@dataclass(frozen=True)
class Table:
    """``phonemes.tsv``: initials, finals (with the tone slot), whole syllables, tones, marks."""

    initial: dict[str, str]
    final: dict[str, str]
    apical: dict[str, str]
    syllable: dict[str, str]
    tone: dict[str, str]
    mark: dict[str, str]


@cache
def table() -> Table:
    kinds: dict[str, dict[str, str]] = {k: {} for k in Table.__dataclass_fields__}
    for line in TABLE_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, pinyin, *symbols = line.split("\t")
            kinds[kind][pinyin] = symbols[0] if symbols else ""
    return Table(**kinds)


def _respell(base: str) -> tuple[str, str]:
    """Initial and final of a toneless syllable, undoing pinyin's spelling rules
    (yu -> ü, you -> iou, wei -> uei, ju -> jü, gui -> guei, dun -> duen)."""
    t = table()
    initial = base[:2] if base[:2] in t.initial else base[:1] if base[:1] in t.initial else ""
    rest = base[len(initial):]
    if not initial:
        if rest.startswith("yu"):
            rest = "v" + rest[2:]
        elif rest.startswith("yi"):
            rest = "i" + rest[2:]
        elif rest.startswith("y"):
            rest = "i" + rest[1:]
        elif rest.startswith("wu"):
            rest = "u" + rest[2:]
        elif rest.startswith("w"):
            rest = "u" + rest[1:]
        return "", rest
    if initial in ("j", "q", "x") and rest.startswith("u"):
        rest = "v" + rest[1:]
    return initial, {"iu": "iou", "ui": "uei", "un": "uen"}.get(rest, rest)


def syllable_symbols(syllable: str) -> str:
    """One toned syllable (``zhong1``, ``lv4``, ``er2``) in Kokoro's symbols; '' if unknown."""
    match = _SYLLABLE.match(syllable.replace("ü", "v"))
    if not match:
        return ""
    base, tone = match.groups()
    t = table()
    mark = t.tone[tone]
    if base in t.syllable:
        return t.syllable[base].replace(_TONE_SLOT, mark)
    initial, final = _respell(base)
    if final not in t.final and final.endswith("r") and final[:-1] in t.final:
        final = final[:-1]  # erhua: the base syllable, as the other voice says it
    if initial in _APICAL_AFTER and final in t.apical:
        spelled = t.apical[final]
    elif final in t.final:
        spelled = t.final[final]
    else:
        return ""
    return t.initial.get(initial, "") + spelled.replace(_TONE_SLOT, mark)


@dataclass(frozen=True)
class Utterance:
    """One model call: its characters (for messages), its symbols and how it joins the next
    ("sentence": after a sentence's end, "clause": after a clause, "cut": inside a clause)."""

    text: str
    phonemes: str
    joint: str


def phonemes_of(chars: list[Char]) -> str:
    """The symbols of a run of read characters: words apart by a space, marks as Kokoro's."""
    t = table()
    letters = _letters()
    marks = set(t.mark.values()) - {""}
    out: list[str] = []
    previous_word = None
    for c in chars:
        if (c.spoken and HAN.match(c.char)) or (c.source == "lexicon" and c.spoken):
            spelled = "".join(syllable_symbols(s) for s in c.spoken.split())
            if c.word != previous_word and out and out[-1] not in (" ", ""):
                out.append(" ")
            out.append(spelled)
            previous_word = c.word
        elif c.char.isascii() and c.char.isalpha() and c.char.upper() in letters:
            if out and out[-1] != " ":
                out.append(" ")
            out.append("".join(syllable_symbols(s) for s in letters[c.char.upper()]))
            previous_word = None
        elif c.char in t.mark:
            symbol = t.mark[c.char]
            if symbol:
                while out and out[-1] == " ":
                    out.pop()
            if out and out[-1] != " " and out[-1] not in marks:  # one mark per pause
                out.extend([symbol, " "] if symbol else [" "])
            previous_word = None
        elif c.char.isspace() and out and out[-1] != " ":
            out.extend([",", " "])  # a headline's spaces are pauses
            previous_word = None
    while out and out[-1] in (" ", ","):
        out.pop()
    return "".join(out)


@cache
def _letters() -> dict[str, list[str]]:
    return _load_letters()


def tokens(phonemes: str, vocab: dict[str, int]) -> list[int]:
    """The model's ids for a symbol string (symbols it does not know are skipped)."""
    return [vocab[s] for s in phonemes if s in vocab]


def utterances(text: str, vocab: dict[str, int], clause_chars: int = CLAUSE_CHARS,
               group_chars: int = UTTERANCE_CHARS, max_tokens: int = MAX_TOKENS) -> list[Utterance]:
    """The utterances Kokoro speaks for ``text`` (normalized, maybe with pinyin markup).

    The text is read once as a whole; clauses are joined up to ``group_chars`` within a
    sentence, and any utterance over ``max_tokens`` is split again, so no text is ever lost.
    """
    chars = reading.read(text)
    pieces = phrasing.utterances(chars, clause_chars)
    groups: list[list[phrasing.Utterance]] = []
    for piece in pieces:
        last = groups[-1] if groups else None
        if last and not _ends_sentence(chars, last[-1]) \
                and piece.end - last[0].start <= group_chars:
            last.append(piece)
        else:
            groups.append([piece])
    out: list[Utterance] = []
    for group in groups:
        joint = "sentence" if _ends_sentence(chars, group[-1]) else group[-1].joint
        out.extend(_fit(chars, group[0].start, group[-1].end, joint, vocab, max_tokens))
    return [u for u in out if u.phonemes.strip(" ,.!?;:…—“”()")]


def _ends_sentence(chars: list[Char], piece: phrasing.Utterance) -> bool:
    tail = "".join(c.char for c in chars[piece.start:piece.end]).rstrip(" ”’」』\"')）")
    return piece.joint == "end" or (bool(tail) and tail[-1] in _SENTENCE_END)


def _fit(chars: list[Char], start: int, end: int, joint: str, vocab: dict[str, int],
         max_tokens: int) -> list[Utterance]:
    """The span as one utterance, or halves of it (at a word edge) until each fits."""
    phonemes = phonemes_of(chars[start:end])
    if phonemes and phonemes[-1] not in _FINAL_MARKS:
        phonemes = phonemes.rstrip(",:;") + "."
    if len(tokens(phonemes, vocab)) <= max_tokens or end - start <= 1:
        return [Utterance("".join(c.char for c in chars[start:end]), phonemes, joint)]
    middle = _word_edge(chars, start, end)
    return _fit(chars, start, middle, "cut", vocab, max_tokens) + \
        _fit(chars, middle, end, joint, vocab, max_tokens)


def _word_edge(chars: list[Char], start: int, end: int) -> int:
    """The word boundary nearest the middle of the span (the middle itself inside one word)."""
    middle = (start + end) // 2
    edges = [i for i in range(start + 1, end) if chars[i].word != chars[i - 1].word]
    return min(edges, key=lambda i: abs(i - middle)) if edges else middle
