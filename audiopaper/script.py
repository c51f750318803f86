"""The speech script: an edition as the ordered list of segments a listener will hear.

Headlines are announced with their number, bodies are cut at sentence ends (and, for long
sentences, at clause breaks) so each piece fits the engine, and every piece carries its pause.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import constants as C
from .normalize import Lexicon, speak
from .types import Article, Edition, Segment

_SENTENCE = re.compile(r"[^。！？!?；;]*(?:[。！？!?；;]+[”’」』）)]*|$)")
_CLAUSE = re.compile(r"[^，,、：:]*(?:[，,、：:]+|$)")
_WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Voices:
    """Which voice profile reads which part of the programme."""

    body: str
    headline: str


def split_sentences(text: str, max_chars: int) -> list[str]:
    """Sentences of ``text``, each cut further at clauses, then hard, to fit ``max_chars``."""
    pieces: list[str] = []
    for sentence in (s for s in _SENTENCE.findall(text) if s.strip()):
        pieces.extend(_fit(sentence.strip(), max_chars))
    return pieces


def _fit(sentence: str, max_chars: int) -> list[str]:
    if len(sentence) <= max_chars:
        return [sentence]
    out: list[str] = []
    for clause in (c for c in _CLAUSE.findall(sentence) if c):
        if out and len(out[-1]) + len(clause) <= max_chars:
            out[-1] += clause
        else:
            out.extend(clause[i:i + max_chars] for i in range(0, len(clause), max_chars))
    return out


def spoken_date(date: dt.date) -> str:
    """2024-03-15 => 二零二四年三月十五日，星期五 (written, then normalized like any text)."""
    return f"{date.year}年{date.month}月{date.day}日，星期{_WEEKDAYS[date.weekday()]}"


def _segment(text: str, voice: str, role: str, pause: float, article: int | None,
             lexicon: Lexicon | None = None) -> Segment:
    return Segment(text=text, speech=speak(text, lexicon), voice=voice, role=role, article=article,
                   pause_after=pause)


def intro(edition: Edition, voices: Voices, lexicon: Lexicon | None = None) -> list[Segment]:
    """Paper, date and the number of articles."""
    count = len(edition.spoken_articles)
    text = f"{edition.paper}，{spoken_date(edition.date)}。本期共有{count}篇文章。"
    return [_segment(s, voices.headline, "intro", C.PAUSE_AFTER_SENTENCE, None, lexicon)
            for s in split_sentences(text, C.MAX_SEGMENT_CHARS)]


def article_segments(number: int, article: Article, voices: Voices, max_chars: int,
                     lexicon: Lexicon | None = None) -> list[Segment]:
    """Headline announcement, then the body, sentence by sentence."""
    segments = [_segment(f"第{number}篇，{article.title}。", voices.headline, "headline",
                         C.PAUSE_AFTER_HEADLINE, number, lexicon)]
    for paragraph in article.paragraphs:
        sentences = split_sentences(paragraph, max_chars)
        for index, sentence in enumerate(sentences):
            last = index == len(sentences) - 1
            pause = C.PAUSE_AFTER_PARAGRAPH if last else C.PAUSE_AFTER_SENTENCE
            segments.append(_segment(sentence, voices.body, "body", pause, number, lexicon))
    if len(segments) > 1:
        segments[-1] = _replace_pause(segments[-1], C.PAUSE_BETWEEN_ARTICLES)
    return segments


def _replace_pause(segment: Segment, pause: float) -> Segment:
    return Segment(segment.text, segment.speech, segment.voice, segment.role, segment.article, pause)


def outro(edition: Edition, voices: Voices, lexicon: Lexicon | None = None) -> list[Segment]:
    return [_segment(f"以上是{edition.paper}本期的全部内容，感谢收听。", voices.headline, "outro",
                     0.5, None, lexicon)]


def build_script(edition: Edition, voices: Voices, max_chars: int = C.MAX_SEGMENT_CHARS,
                 lexicon: Lexicon | None = None) -> list[Segment]:
    """Every segment of the programme, in the order it is heard (the lexicon applied first)."""
    segments = intro(edition, voices, lexicon)
    for number, article in enumerate(edition.spoken_articles, 1):
        segments.extend(article_segments(number, article, voices, max_chars, lexicon))
    segments.extend(outro(edition, voices, lexicon))
    return segments
