"""The speech script: an edition as the ordered list of segments a listener will hear.

An opening (paper, date and weekday, how many articles, the headlines), then each article: its
number and headline in the headline voice, the byline and dateline read as a presenter would, and
the body cut at sentence ends (long sentences at clauses) so each piece fits the engine; a
closing. Every piece carries the pause that follows it, from the config's [programme].
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from . import constants as C
from .config import ProgrammeConfig
from .normalize import Lexicon, speak
from .segment.credits import spoken_credit
from .types import Article, Edition, Segment

_SENTENCE = re.compile(r"[^。！？!?；;]*(?:[。！？!?；;]+[”’」』）)]*|$)")
_CLAUSE = re.compile(r"[^，,、：:]*(?:[，,、：:]+|$)")
_WEEKDAYS = "一二三四五六日"
_INLINE_CREDIT = re.compile(r"(本报[^（(。]{0,20}讯)\s*[（(]([^）)]{1,40})[）)]")
_BODY_ROLES = {"body", "credit"}
_CLOSING_PAUSE = 1.0


@dataclass(frozen=True)
class Voices:
    """Which voice profile reads which part of the programme."""

    body: str
    headline: str


def first_sentence(article: Article, limit: int = 120) -> str:
    """The article's opening sentence without its dateline or credit (for show notes and tags)."""
    for paragraph in article.paragraphs:
        body = _INLINE_CREDIT.sub("", paragraph, count=1).strip()
        if article.dateline and body.startswith(article.dateline):
            body = body[len(article.dateline):].lstrip("，, ")
        sentence = next((s.strip() for s in _SENTENCE.findall(body) if s.strip()), "")
        if sentence:
            return sentence if len(sentence) <= limit else f"{sentence[:limit - 1]}…"
    return ""


def split_sentences(text: str, max_chars: int) -> list[str]:
    """Sentences of ``text``, each cut further at clauses, then hard, to fit ``max_chars``."""
    return [piece for piece, _ in sentence_pieces(text, max_chars)]


def sentence_pieces(text: str, max_chars: int) -> list[tuple[str, bool]]:
    """Pieces that fit ``max_chars``, each with whether it ends a sentence (or only a clause)."""
    pieces: list[tuple[str, bool]] = []
    for sentence in (s for s in _SENTENCE.findall(text) if s.strip()):
        parts = _fit(sentence.strip(), max_chars)
        pieces.extend((part, i == len(parts) - 1) for i, part in enumerate(parts))
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
    """2024-03-15 => 2024年3月15日，星期五 (written, then normalized like any text)."""
    return f"{date.year}年{date.month}月{date.day}日，星期{_WEEKDAYS[date.weekday()]}"


def natural_dateline(paragraph: str) -> str:
    """'本报3月14日讯（记者 郑凯）“桃花…' => '本报3月14日讯，记者郑凯。“桃花…'."""
    match = _INLINE_CREDIT.match(paragraph)
    if not match:
        return paragraph
    return f"{spoken_credit(match.group(2), match.group(1))}。{paragraph[match.end():].lstrip()}"


@dataclass(frozen=True)
class _Writer:
    """Makes segments with the programme's voices and pauses."""

    voices: Voices
    programme: ProgrammeConfig
    max_chars: int
    lexicon: Lexicon | None = None

    def say(self, text: str, role: str, article: int | None, pause: float) -> list[Segment]:
        """``text`` cut to fit the engine; the last piece gets ``pause``, the others theirs."""
        voice = self.voices.body if role in _BODY_ROLES else self.voices.headline
        pieces = sentence_pieces(text, self.max_chars)
        segments = [_segment(piece, voice, role, self._pause(end), article, self.lexicon)
                    for piece, end in pieces]
        if segments:
            segments[-1] = replace(segments[-1], pause_after=pause)
        return segments

    def _pause(self, sentence_end: bool) -> float:
        return self.programme.pause_sentence if sentence_end else self.programme.pause_clause


def _segment(text: str, voice: str, role: str, pause: float, article: int | None,
             lexicon: Lexicon | None = None) -> Segment:
    return Segment(text=text, speech=speak(text, lexicon), voice=voice, role=role,
                   article=article, pause_after=pause)


def _sentence(title: str) -> str:
    """A headline as a spoken sentence: a full stop unless it already ends one."""
    title = title.strip().rstrip("，,、：:；;")
    return title if title.endswith(tuple("。！？!?…")) else f"{title}。"


def _fill(template: str, edition: Edition) -> str:
    return template.format(paper=edition.paper, date=spoken_date(edition.date),
                           count=len(edition.spoken_articles))


def intro(edition: Edition, writer: _Writer) -> list[Segment]:
    """Paper, date and weekday, the number of articles, then the headlines as a table of contents."""
    programme = writer.programme
    segments = writer.say(_fill(programme.intro, edition), "intro", None, C.PAUSE_AFTER_INTRO)
    if programme.table_of_contents:
        segments += writer.say(_fill(programme.contents, edition), "contents", None,
                               programme.pause_clause)
        for number, article in enumerate(edition.spoken_articles, 1):
            segments += writer.say(f"第{number}篇，{_sentence(article.title)}", "contents", None,
                                   programme.pause_sentence)
    if segments:
        segments[-1] = replace(segments[-1], pause_after=C.PAUSE_AFTER_INTRO)
    return segments


def article_segments(number: int, article: Article, writer: _Writer) -> list[Segment]:
    """Number and headline, a pause, the byline and dateline, the body, then a longer pause."""
    programme = writer.programme
    segments = writer.say(f"第{number}篇，{_sentence(article.title)}", "headline", number,
                          programme.pause_headline)
    if article.subtitle:
        segments += writer.say(_sentence(article.subtitle), "headline", number,
                               programme.pause_headline)
    paragraphs = list(article.paragraphs)
    credit = spoken_credit(article.byline, article.dateline)
    if paragraphs and _INLINE_CREDIT.match(paragraphs[0]):
        paragraphs[0] = natural_dateline(paragraphs[0])
    elif credit and not (paragraphs and paragraphs[0].startswith(article.dateline or "\0")):
        segments += writer.say(f"{credit}。", "credit", number, programme.pause_sentence)
    for paragraph in paragraphs:
        segments += writer.say(paragraph, "body", number, programme.pause_paragraph)
    segments[-1] = replace(segments[-1], pause_after=programme.pause_between_articles)
    return segments


def outro(edition: Edition, writer: _Writer) -> list[Segment]:
    """The closing words."""
    return writer.say(_fill(writer.programme.outro, edition), "outro", None, _CLOSING_PAUSE)


def build_script(edition: Edition, voices: Voices, max_chars: int = C.MAX_SEGMENT_CHARS,
                 programme: ProgrammeConfig | None = None,
                 lexicon: Lexicon | None = None) -> list[Segment]:
    """Every segment of the programme, in the order it is heard (the lexicon applied first)."""
    writer = _Writer(voices, programme or ProgrammeConfig(), max_chars, lexicon)
    segments = intro(edition, writer)
    for number, article in enumerate(edition.spoken_articles, 1):
        segments.extend(article_segments(number, article, writer))
    segments.extend(outro(edition, writer))
    return segments
