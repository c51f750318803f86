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
_WORD = re.compile(r"[0-9A-Za-z.,%:/-]")
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
            out.extend(_cut(clause, max_chars))
    return out


def _cut(clause: str, max_chars: int) -> list[str]:
    """A clause with no punctuation to cut at, in pieces of ``max_chars``, never inside a number
    or a Latin word (one that is cut in two is read as two numbers)."""
    parts = []
    while len(clause) > max_chars:
        at = max_chars
        while at > 1 and _WORD.match(clause[at - 1]) and _WORD.match(clause[at]):
            at -= 1
        at = at if at > 1 else max_chars
        parts.append(clause[:at])
        clause = clause[at:]
    return parts + [clause] if clause else parts


def spoken_pieces(text: str, max_chars: int,
                  lexicon: Lexicon | None = None) -> list[tuple[str, str, bool]]:
    """(written, speech, ends a sentence) for each piece of ``text``; every speech fits ``max_chars``.

    Numbers read aloud are longer than written (43.7% => 百分之四十三点七), so a piece whose speech
    is too long is cut again, finer, until it fits: each piece is one engine call as written here.
    """
    out: list[tuple[str, str, bool]] = []
    for piece, sentence_end in sentence_pieces(text, max_chars):
        parts = _speakable(piece, max_chars, lexicon)
        out.extend((written, speech, sentence_end and i == len(parts) - 1)
                   for i, (written, speech) in enumerate(parts))
    return out


def _speakable(piece: str, max_chars: int, lexicon: Lexicon | None) -> list[tuple[str, str]]:
    speech = speak(piece, lexicon)
    if len(speech) <= max_chars or len(piece) <= 1:
        return [(piece, speech)]
    budget = max(1, min(len(piece) - 1, len(piece) * max_chars // len(speech)))
    return [part for sub in _fit(piece, budget) for part in _speakable(sub, max_chars, lexicon)]


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
        segments = [Segment(text=written, speech=speech, voice=voice, role=role, article=article,
                            pause_after=self._pause(end))
                    for written, speech, end in spoken_pieces(text, self.max_chars, self.lexicon)]
        if segments:
            segments[-1] = replace(segments[-1], pause_after=pause)
        return segments

    def _pause(self, sentence_end: bool) -> float:
        return self.programme.pause_sentence if sentence_end else self.programme.pause_clause


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
    """Number and headline (with the 引题 and 副题 the programme asks for), a pause, the byline
    and dateline, the body, then a longer pause."""
    programme = writer.programme
    segments = writer.say(f"第{number}篇，{_sentence(article.title)}", "headline", number,
                          programme.pause_headline)
    for part, wanted in ((article.overline, programme.read_overline),
                         (article.subtitle, programme.read_subtitle)):
        if part and wanted:
            segments += writer.say(_sentence(part), "headline", number, programme.pause_headline)
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
