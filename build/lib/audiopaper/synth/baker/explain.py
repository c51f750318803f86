"""`--explain` for the offline voice: the utterances it makes of a line, how each joins the next,
and where each polyphone's reading came from."""

from __future__ import annotations

from ...normalize.lexicon import Lexicon
from . import phrasing, reading
from .frontend import UTTERANCE_CHARS

_JOINTS = {"clause": "pause", "cut": "joint (cut inside a clause)", "end": "end"}


def explain_line(text: str, lexicon: Lexicon | None = None,
                 limit: int = UTTERANCE_CHARS) -> list[str]:
    """Indented lines: ``| utterance | joint`` per utterance, then ``char<TAB>reading<TAB>source``
    for each character whose reading was decided (polyphones, rules, the lexicon)."""
    chars = reading.read(reading.marked(text, lexicon))
    out = []
    for u in phrasing.utterances(chars, limit):
        piece = "".join(c.char for c in chars[u.start:u.end])
        out.append(f"  | {piece} | {_JOINTS[u.joint]}")
    for c in chars:
        if c.source in ("model", "phrase", "rule", "lexicon"):
            out.append(f"  {c.char}\t{c.citation}\t{c.source}")
    return out
