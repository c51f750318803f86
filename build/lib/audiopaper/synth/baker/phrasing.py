"""Where the voice breathes: a sentence cut into utterances the model can say well.

The model was trained on short sentences: fed a long one it slurs, then babbles. Clauses (between
punctuation, or a headline's spaces) are utterances; a short clause joins the next; a clause too
long for one utterance is cut at a prosodic phrase boundary, chosen among the word boundaries by
the parts of speech on either side (``phrasing.tsv``): before a preposition or conjunction, after
了, never inside a word group (a name, a number with its unit, a date, a 的-phrase).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .reading import HAN, Char

#: Marks that end a clause: the voice pauses as for a comma.
CLAUSE_MARKS = set("，、：；。！？,;:!?（）()—…")
_CLOSERS = set("”’」』\"'")
_TABLE = Path(__file__).with_name("phrasing.tsv")
_NEVER = -100
#: Cost of one more utterance, and of one shorter than ``_SHORT`` characters (in cut scores).
_PIECE, _SHORT, _SHORT_COST = 20, 6, 15
#: A clause with fewer Chinese characters than this joins the next one when both fit.
_TINY = 4


@dataclass(frozen=True)
class Utterance:
    """``chars[start:end]`` of the text, and how it joins the next: "clause" (a pause as for a
    comma), "cut" (inside a clause: a short joint) or "end"."""

    start: int
    end: int
    joint: str


@cache
def _scores() -> dict[tuple[str, str], tuple[int, str]]:
    table = {}
    for line in _TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            left, right, score, why = line.split("\t")
            table[(left, right)] = (_NEVER if score == "never" else int(score), why)
    return table


def boundary(left: str, right: str) -> tuple[int, str]:
    """The score of a cut between words tagged ``left`` and ``right``, and why."""
    best: tuple[int, int, int, str] | None = None
    for (lt, rt), (score, why) in _scores().items():
        if _matches(lt, left) and _matches(rt, right):
            rank = (lt != "*") + (rt != "*"), len(lt) + len(rt)
            if best is None or rank > best[:2] or (rank == best[:2] and score < best[2]):
                best = (*rank, score, why)  # equally specific: the more cautious wins
    return (best[2], best[3]) if best else (0, "")


def _matches(pattern: str, tag: str) -> bool:
    return pattern == "*" or tag.startswith(pattern)


def utterances(chars: list[Char], limit: int) -> list[Utterance]:
    """The utterances of a text already read (``reading.read``), each at most ``limit`` chars."""
    out: list[Utterance] = []
    for start, end in _clauses(chars):
        if out and out[-1].joint == "clause" and _han(chars, out[-1].start, out[-1].end) < _TINY \
                and end - out[-1].start <= limit:
            out[-1] = Utterance(out[-1].start, end, "clause")
            continue
        cuts = cut_points(chars, start, end, limit)
        edges = [start, *cuts, end]
        out.extend(Utterance(a, b, "cut") for a, b in zip(edges, edges[1:]))
        out[-1] = Utterance(out[-1].start, end, "clause")
    if out:
        out[-1] = Utterance(out[-1].start, out[-1].end, "end")
    return [u for u in out if any(not c.char.isspace() for c in chars[u.start:u.end])]


def _han(chars: list[Char], start: int, end: int) -> int:
    return sum(1 for c in chars[start:end] if HAN.match(c.char))


def _clauses(chars: list[Char]) -> list[tuple[int, int]]:
    """Spans ending after clause marks (and closing quotes), or at a space between words."""
    spans: list[tuple[int, int]] = []
    start, i, n = 0, 0, len(chars)
    while i < n:
        char = chars[i].char
        if char in CLAUSE_MARKS or (char.isspace() and i > start):
            while i + 1 < n and (chars[i + 1].char in CLAUSE_MARKS | _CLOSERS
                                 or chars[i + 1].char.isspace()):
                i += 1
            spans.append((start, i + 1))
            start = i + 1
        i += 1
    if start < n:
        spans.append((start, n))
    return spans


def cut_points(chars: list[Char], start: int, end: int, limit: int) -> list[int]:
    """Where to cut ``chars[start:end]`` so every piece fits ``limit``: the fewest pieces, at
    the best phrase boundaries (dynamic programming over word boundaries)."""
    if end - start <= limit:
        return []
    edges, scores = _word_boundaries(chars, start, end)
    best: dict[int, tuple[float, list[int]]] = {start: (0.0, [])}
    for j in [*edges, end]:
        options = []
        for i, (cost, cuts) in best.items():
            if i < j and j - i <= limit:
                piece = _PIECE + (_SHORT_COST if j - i < _SHORT else 0)
                cut = 0 if j == end else 10 - scores[j]
                options.append((cost + piece + cut, [*cuts, j] if j != end else cuts))
        if options:
            best[j] = min(options, key=lambda o: o[0])
    if end in best:
        return best[end][1]
    return list(range(start + limit, end, limit))  # one word longer than the limit


def _word_boundaries(chars: list[Char], start: int, end: int) -> tuple[list[int], dict[int, int]]:
    """Positions between words inside the span, with the score of cutting there."""
    words = tagged_words(chars, start, end)
    edges: list[int] = []
    scores: dict[int, int] = {}
    pos = start
    for (word, tag), (_, nxt) in zip(words, words[1:]):
        pos += len(word)
        edges.append(pos)
        scores[pos] = boundary(tag, nxt)[0]
    return edges, scores


def tagged_words(chars: list[Char], start: int, end: int) -> list[tuple[str, str]]:
    """(word, part of speech) over the span: jieba's tagger, a marked word kept whole (a name)."""
    import jieba.posseg

    out: list[tuple[str, str]] = []
    i = start
    while i < end:
        j = i
        marked = chars[i].source == "lexicon"
        while j < end and (chars[j].source == "lexicon") == marked \
                and (not marked or chars[j].word == chars[i].word):
            j += 1
        text = "".join(c.char for c in chars[i:j])
        if marked:
            out.append((text, "nz"))
        else:
            out.extend((p.word, p.flag) for p in jieba.posseg.lcut(text, HMM=False))
        i = j
    return out
