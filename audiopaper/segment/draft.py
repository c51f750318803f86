"""An article being assembled from blocks, and how it becomes an ``Article`` when complete."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..errors import InputError
from ..types import Article
from . import patterns, structure
from .heads import Heads, place
from .text import Block, ends_mid_sentence, ends_sentence

#: Under this many characters of body, a news item is a brief (简讯).
BRIEF_CHARS = 300
#: A block this long without a single punctuation mark is not prose.
MAX_UNPUNCTUATED = 1000
_PUNCT = re.compile(r"[。，、！？；：,.!?;:]")
_FIRST_SENTENCE = re.compile(r"^[^。！？!?；;]+")
#: An untitled item is announced by its opening words, cut at a clause near this length.
TITLE_CHARS = 24
#: ... but not shorter than this (a next clause up to MAX_TITLE_CHARS is taken instead).
MIN_TITLE_CHARS, MAX_TITLE_CHARS = 6, 32
_CLAUSE_END = re.compile(r"[，,]")
#: A continuation whose start is not in the edition is announced as 续：and its opening words.
CONTINUED = "续："
_VERSE_JOINS = ("，", "、", ",", "：", "——", "…")


@dataclass
class Paragraph:
    """Body text with the lines it came from (grows when a column break is repaired).

    The pieces are kept in a list and joined once: appending to one growing string would copy
    it for every repaired break.
    """

    parts: list[str]
    first: int
    last: int
    #: A poem's lines: never continued by a column-break repair.
    verse: bool = False
    #: The blank lines between the lines of this stanza; a wider gap starts the next stanza.
    stanza_gap: int = -1
    #: A notice's signature (issuer, date): complete, never continued by a column-break repair.
    signed: bool = False
    #: A paragraph head (法官说法, 一、…): a line of its own, never continued by a column-break repair.
    subhead: bool = False
    #: An editor's note (编者按：…) above the article it introduces: not yet the article's body.
    preface: bool = False

    @property
    def text(self) -> str:
        return "".join(self.parts)

    @property
    def tail(self) -> str:
        """The last non-blank piece: where the paragraph now ends."""
        return next((part for part in reversed(self.parts) if part.strip()), "")


@dataclass
class Draft:
    """Mutable while the builder reads the page; ``finish`` freezes it into Articles."""

    page: str
    section: str
    heads: list[Block] = field(default_factory=list)
    byline: str = ""
    dateline: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    captions: list[Article] = field(default_factory=list)
    continued_from: str = ""
    continued_to: str = ""
    last_line: int = 0
    #: Set when a paragraph opens with a speaker label; kept, not rescanned, so reading stays linear.
    in_interview: bool = False

    @property
    def has_body(self) -> bool:
        """Paragraphs of its own, not only an editor's note waiting for its headline."""
        return any(not p.preface for p in self.paragraphs)

    @property
    def is_open(self) -> bool:
        """The last paragraph stopped mid-sentence: the next block may continue it."""
        last = self.paragraphs[-1] if self.paragraphs else None
        return (last is not None and not last.verse and not last.signed and not last.subhead
                and ends_mid_sentence(last.tail))

    def add_body(self, block: Block, subhead: bool = False) -> None:
        """Start a paragraph (splitting a dateline off the first one) or note the jump onward;
        a ``subhead`` is a paragraph head, kept as a line of its own."""
        check_prose(block)
        text = self._strip_jump(block.text)
        if subhead:
            text = text.lstrip(patterns.MARKS + " ")  # ■协同发展: the mark is printed, not said
        if not self.paragraphs and not self.dateline and (found := patterns.dateline(text)):
            self.dateline, by, text = found
            self.byline = self.byline or by
        if text:
            self.paragraphs.append(Paragraph([text], block.line, block.line, subhead=subhead))
            self.in_interview = self.in_interview or patterns.speaker(text) is not None
        self.last_line = block.line

    def add_verse(self, block: Block) -> None:
        """A line of a poem: lines of a stanza are one paragraph, read with a short pause between.

        A stanza ends at a sentence end or where the gap between lines widens.
        """
        check_prose(block)
        last = self.paragraphs[-1] if self.paragraphs else None
        stanza_gap = last.stanza_gap if last is not None and last.stanza_gap >= 0 else block.gap
        if (last is not None and last.verse and block.gap < 2 and block.gap <= stanza_gap
                and not ends_sentence(last.tail)):
            last.parts.append(("" if last.tail.endswith(_VERSE_JOINS) else "，") + block.text)
            last.last, last.stanza_gap = block.line, stanza_gap
        else:
            self.paragraphs.append(Paragraph([block.text], block.line, block.line, verse=True))
        self.last_line = block.line

    def add_signature(self, block: Block) -> None:
        """A notice's issuer and date, read as one closing line: 东岳市公安局，2024年3月17日."""
        last = self.paragraphs[-1]
        if last.signed:
            last.parts.append("，" + block.text)
            last.last = block.line
        else:
            self.paragraphs.append(Paragraph([block.text], block.line, block.line, signed=True))
        self.last_line = block.line

    def extend_body(self, block: Block) -> None:
        """Repair a column break: the block continues the last paragraph's sentence."""
        check_prose(block)
        last = self.paragraphs[-1]
        last.parts.append(self._strip_jump(block.text))
        last.last = self.last_line = block.line

    def _strip_jump(self, text: str) -> str:
        """Take off what is printed, not said: （下转02版） (noted) and an agency's （完）."""
        text = structure.strip_end_mark(text)
        found = patterns.continued_to(text)
        if found is None:
            return text
        self.continued_to, text = found
        return text


def check_prose(block: Block) -> None:
    """Refuse a run-together block no listener could follow (a table or binary dump)."""
    if len(block.text) > MAX_UNPUNCTUATED and not _PUNCT.search(block.text):
        raise InputError(f"line {block.line} is {len(block.text)} characters with no punctuation, "
                         f"which is not article text: fix the export (a table or a run-together page?)")


def finish(draft: Draft, placed: Heads | None = None) -> list[Article]:
    """The article (or furniture, when there is no body) followed by its captions.

    ``placed`` is the heading stack already placed by the reader (its label is then the reader's
    to list); without it the stack is placed here.
    """
    if not draft.paragraphs:
        return [_furniture(b, draft) for b in draft.heads] + _leftover_byline(draft) + draft.captions
    placed = placed or place([b.text for b in draft.heads])
    skip = 1 if placed.roles and placed.roles[0][0] == "label" else 0  # a label line of its own
    extras = [_furniture(b, draft) for b in draft.heads[skip:skip + len(placed.extra)]]
    paragraphs = tuple(p.text for p in draft.paragraphs)
    article = Article(
        title=placed.title or _fallback_title(draft), paragraphs=paragraphs, overline=placed.overline,
        subtitle=placed.subtitle, byline=draft.byline, dateline=draft.dateline,
        kind=guess_kind(placed.title, paragraphs, draft.continued_from),
        source_lines=(_first_line(draft, skip), draft.last_line),
        page=draft.page, section=draft.section, continued_from=draft.continued_from,
        continued_to=draft.continued_to)
    return extras + [article] + draft.captions


def _first_line(draft: Draft, skip: int = 0) -> int:
    """The article's first line: its top heading under the label, or its first paragraph."""
    first = draft.paragraphs[0].first  # an editor's note may stand above the headline
    return min(draft.heads[skip].line, first) if len(draft.heads) > skip else first


def _furniture(block: Block, draft: Draft) -> Article:
    return Article(title="", paragraphs=(block.text,), kind="furniture",
                   reason="heading:no-body", source_lines=(block.line, block.line),
                   page=draft.page, section=draft.section)


def _leftover_byline(draft: Draft) -> list[Article]:
    if not draft.byline:
        return []
    return [Article(title="", paragraphs=(), kind="furniture", byline=draft.byline,
                    reason="byline:no-body",
                    source_lines=(draft.last_line, draft.last_line), page=draft.page,
                    section=draft.section)]


def _fallback_title(draft: Draft) -> str:
    """An untitled item is announced by its opening words; a continuation as 续：and those words.

    A listener cannot turn to page 1, so the page number is never said.
    """
    first = draft.paragraphs[0].text
    words = opening_words(first)
    if not draft.continued_from:
        return words
    return CONTINUED + words + ("……" if len(words) < len(first.rstrip("。！？!?")) else "")


def opening_words(text: str) -> str:
    """The first sentence, or as many of its clauses as fit in ``TITLE_CHARS``."""
    match = _FIRST_SENTENCE.match(text)
    sentence = match.group(0) if match else text
    if len(sentence) <= TITLE_CHARS:
        return sentence
    head = sentence[:TITLE_CHARS]
    cut = max(head.rfind("，"), head.rfind(","))
    if cut >= MIN_TITLE_CHARS:
        return head[:cut]
    longer = _CLAUSE_END.search(sentence, MIN_TITLE_CHARS, MAX_TITLE_CHARS)
    return sentence[:longer.start()] if longer else head  # never a title of two words (近日)


def guess_kind(title: str, paragraphs: tuple[str, ...], continued_from: str = "") -> str:
    """What an item is when nothing says so: one rule for page text and for article files."""
    if continued_from:
        return "continuation"
    if title and patterns.is_notice(title):
        return "notice"
    if is_interview(paragraphs):
        return "interview"
    return "brief" if sum(len(p) for p in paragraphs) < BRIEF_CHARS else "article"


def is_interview(paragraphs: tuple[str, ...]) -> bool:
    """Two or more speakers taking turns, one of them the one asking (记者：/张青：)."""
    labels = [label for p in paragraphs if (label := patterns.speaker(p))]
    return len(labels) >= 2 and len(set(labels)) >= 2 and any(patterns.is_asker(x) for x in labels)


def with_caption_host(caption: Article, draft: Draft | None) -> Article:
    """Captions keep the page and section of the article they sit in."""
    if draft is None:
        return caption
    return replace(caption, page=draft.page, section=draft.section)
