"""Normalization stage: written Chinese news text to the words a news reader says.

Rules are tried in the order of ``rules.RULES``; each tags spans of the raw text (keeping their
offsets) and then verbalizes them, so ``explain`` can show which rule read which number.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rules import RULES


@dataclass(frozen=True)
class Rewrite:
    """One rewritten span of the input: where, what, which rule, and how it is said."""

    start: int
    end: int
    raw: str
    rule: str
    spoken: str


def tag(text: str) -> list[Rewrite]:
    """Find the spans each rule claims; earlier rules win overlaps."""
    taken = [False] * len(text)
    found: list[Rewrite] = []
    for rule in RULES:
        for match in rule.pattern.finditer(text):
            start, end = match.span()
            if start == end or any(taken[start:end]):
                continue
            spoken = rule.verbalize(match)
            if spoken is None:
                continue
            found.append(Rewrite(start, end, match.group(0), rule.name, spoken))
            taken[start:end] = [True] * (end - start)
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
