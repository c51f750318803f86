"""Normalization stage: written Chinese news text to the words a news reader says.

Tag, then verbalize: one combined regex (``rules.COMBINED``) finds the spans, each rule of the ordered
inventory (``rules.RULES``) says its own, and ``explain`` shows the raw text, the rule and the spoken
form of every rewrite. Full-width digits, letters and signs are read like half-width ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .lexicon import Lexicon, load_lexicon
from .markup import plain
from .rules import COMBINED, candidates, rule_index

__all__ = ["Lexicon", "Rewrite", "explain", "load_lexicon", "normalize", "normalize_lines", "plain",
           "speak", "tag"]

#: Full-width forms read as their ASCII twins (only in the working copy: untouched text keeps them).
_HALF = {0xFF10 + i: 0x30 + i for i in range(10)}
_HALF.update({0xFF21 + i: 0x41 + i for i in range(26)})
_HALF.update({0xFF41 + i: 0x61 + i for i in range(26)})
_HALF.update({ord(f): ord(h) for f, h in zip("％＋－．／＝＜＞～＄", "%+-./=<>~$")})
_FULL_WIDTH = re.compile("[" + re.escape("".join(map(chr, _HALF))) + "]+")
_FULL_LETTERS = re.compile(r"[Ａ-Ｚａ-ｚ][Ａ-Ｚａ-ｚ０-９]*")
#: Between two numbers, a dash, tilde or 至 reads 到 (3-5天, 3月25日至4月20日, 9:00-11:30).
_CONNECTOR = re.compile(r"\s*(?:[-−~～－—–]|至)\s*")
#: A dash after a number's short unit is a range too: 3.5万-4万元, 3天-5天, 2023年-2024年.
_UNIT_DASH = re.compile(r"[\u4e00-\u9fff]{1,3}?\s*([-−~～－—–])\s*")
_NUMERIC = {"date", "time", "year", "cardinal", "decimal", "measure", "money", "percent", "ordinal", "grade", "generation"}


@dataclass(frozen=True)
class Rewrite:
    """One rewritten span of the input: where, what, which rule, and how it is said."""

    start: int
    end: int
    raw: str
    rule: str
    spoken: str


def _read_at(view: str, start: int, first: int) -> tuple[int, str, str] | None:
    """(end, rule, spoken) from the first rule, from index ``first`` on, that reads text at start."""
    for rule in candidates(view[start], first):
        match = rule.regex.match(view, start)
        if match and match.end() > start:
            spoken = rule.verbalize(match)
            if spoken is not None:
                return match.end(), rule.name, spoken
    return None


def _scan(text: str, view: str) -> list[Rewrite]:
    found: list[Rewrite] = []
    pos = 0
    while (match := COMBINED.search(view, pos)) is not None:
        start, index = match.start(), rule_index(match)
        read = _read_at(view, start, index)
        if read is None:
            pos = start + 1
            continue
        end, rule, spoken = read
        if spoken != text[start:end]:
            found.append(Rewrite(start, end, text[start:end], rule, spoken))
        pos = end
    return found


def _connectors(text: str, found: list[Rewrite]) -> list[Rewrite]:
    """Read a dash or 至 between two numeric spans as 到 (a range)."""
    extra = []
    for left, right in zip(found, found[1:]):
        gap = text[left.end:right.start]
        if left.rule not in _NUMERIC or right.rule not in _NUMERIC or not gap:
            continue
        if _CONNECTOR.fullmatch(gap):
            extra.append(Rewrite(left.end, right.start, gap, "range", "到"))
        elif (dash := _UNIT_DASH.fullmatch(gap)) is not None:
            start, end = left.end + dash.start(1), left.end + dash.end(1)
            extra.append(Rewrite(start, end, dash.group(1), "range", "到"))
    return extra


def _full_width(text: str, found: list[Rewrite]) -> list[Rewrite]:
    """Full-width letters no rule claimed become ASCII, so every voice can spell them."""
    extra, pos = [], 0
    for rewrite in [*found, Rewrite(len(text), len(text), "", "", "")]:
        for match in _FULL_LETTERS.finditer(text, pos, rewrite.start):
            raw = match.group(0)
            extra.append(Rewrite(match.start(), match.end(), raw, "fullwidth", raw.translate(_HALF)))
        pos = rewrite.end
    return extra


def tag(text: str) -> list[Rewrite]:
    """Every span to rewrite, in order, with the rule that reads it."""
    found = _scan(text, _FULL_WIDTH.sub(lambda m: m.group(0).translate(_HALF), text))
    found += _connectors(text, found) + _full_width(text, found)
    return sorted(found, key=lambda r: r.start)


def explain(text: str) -> list[Rewrite]:
    """The rewrites ``normalize`` makes, for a producer to check."""
    return tag(text)


def normalize(text: str) -> str:
    """Spoken form of ``text``; text with nothing to rewrite comes back unchanged."""
    out, pos = [], 0
    for rewrite in tag(text):
        out.append(text[pos:rewrite.start])
        out.append(rewrite.spoken)
        pos = rewrite.end
    out.append(text[pos:])
    return "".join(out)


def speak(text: str, lexicon: Lexicon | None = None) -> str:
    """The speech text of a sentence: the producer's lexicon first, then normalization."""
    return normalize(lexicon.apply(text) if lexicon else text)


def normalize_lines(lines: Iterable[str], explain_spans: bool = False,
                    lexicon: Lexicon | None = None) -> list[str]:
    """What `audiopaper normalize` prints: one spoken line per input line, each optionally
    followed by its rewrites (raw, rule, spoken), tab-separated and indented."""
    out: list[str] = []
    for line in lines:
        text = lexicon.apply(line) if lexicon else line
        out.append(normalize(text))
        if explain_spans:
            out.extend(f"  {word}\tlexicon\t{spoken}" for word, spoken in
                       (lexicon.found(line) if lexicon else []))
            out.extend(f"  {r.raw}\t{r.rule}\t{r.spoken}" for r in tag(text))
    return out
