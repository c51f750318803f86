"""Page PDFs to the segmenter's articles and decisions: headlines by size, bodies in reading order.

Per page: the geometry's furniture (``page.py``), then the segmenter's own rules over the text
(``segment.tag_blocks``: the one rule set, with a paper's ``[segment]`` rules), then the articles
in reading order: a headline (type well above the body size) opens one; the headings set right
against it are its 引题 (before) and 副题 (after), the biggest its 主题; smaller headings inside
it are subheads and keep it whole; a body block goes on the sentence a column cut unless its first
line is indented. Bylines, datelines, credits and captions are recognised by the segmenter's
patterns, and the ``Draft`` it uses for text pages collects the body.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from ...errors import InputError
from ...segment import Decision, SegmentRules, default_rules, patterns
from ...segment.draft import Draft, guess_kind, opening_words
from ...segment.tags import Tag, tag_blocks
from ...segment.text import Block, ends_sentence
from ...types import Article
from .chars import RawPage
from .groups import Group, beside, repair, standing_alone
from .layout import Box, TextBlock
from .order import reading_order
from .page import Placed, PageShape, shape_page, unreadable

#: A heading this many times the body size opens an article; smaller ones inside one are subheads.
HEADLINE = 1.4
#: Headings this many times the body size or more are headings at all.
HEADING = 1.08
#: Longest heading, in characters (longer text in big type is a deck or a lead).
HEADING_CHARS = 60
_TEXT_TAGS = ("", "verse", "sign")


@dataclass
class Mark:
    """What a block was taken for, for the picture of the page: an article's part or furniture."""

    box: Box
    kind: str
    article: Article | None = None


@dataclass
class PageReading:
    """One page read: its items and decisions, the marks to draw, and why it could not be read."""

    raw_path: str
    index: int
    width: float
    height: float
    number: str
    name: str
    items: list[Article] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    refused: str = ""


def read_page(raw: RawPage, rules: SegmentRules | None, first_line: int, fallback: str) -> PageReading:
    """Everything on one page; lines (blocks) are numbered from ``first_line``."""
    why = unreadable(raw)
    reading = PageReading(str(raw.path), raw.index, raw.width, raw.height, fallback, "", refused=why)
    if why:
        return reading
    shape = shape_page(raw)
    reading.number, reading.name = shape.number or fallback, shape.name
    _Assembler(reading, shape, rules or default_rules(), first_line).run()
    return reading


class _Assembler:
    """Gathers the page's blocks into articles (three passes: group, repair, build)."""

    def __init__(self, reading: PageReading, shape: PageShape, rules: SegmentRules, line: int) -> None:
        self.r, self.shape, self.rules, self.line = reading, shape, rules, line
        self.body = shape.body
        self.groups: list[Group] = [Group()]

    def run(self) -> None:
        for placed in self.shape.folio:
            self._furniture(placed.block, *self._folio_kind(placed))
        ordered = reading_order(list(self.shape.blocks), lambda p: p.block.box,
                                lambda p: p.block.vertical,
                                lambda p: not p.kind and p.block.size >= HEADLINE * self.body,
                                self.shape.photos)
        for placed in self._tagged(ordered):
            self._group(placed)
        repair(self.groups)
        for group in self.groups:
            self._build(group)
        for placed in self.shape.fine:
            self._furniture(placed.block, placed.kind, placed.rule)

    def _tagged(self, ordered: list[Placed]) -> Iterator[Placed]:
        """The segmenter's furniture rules over the text blocks, in reading order."""
        text = [p for p in ordered if not p.kind and p.block.size < HEADLINE * self.body]
        lines = [Block(para, n, 2 if k == 0 else 0) for n, p in enumerate(text)
                 for k, para in enumerate(p.block.paragraphs)]
        tags = tag_blocks(lines, self.rules)
        found: dict[int, tuple[str, str]] = {}
        for block, tag in zip(lines, tags):
            if tag.kind not in _TEXT_TAGS:
                found.setdefault(block.line, (tag.kind, tag.rule))
        at = {id(p): n for n, p in enumerate(text)}
        for p in ordered:
            n = at.get(id(p))
            if n is not None and n in found and _all_tagged(lines, tags, n):
                yield Placed(p.block, *found[n])
            else:
                yield p

    def _group(self, placed: Placed) -> None:
        block, group = placed.block, self.groups[-1]
        if placed.kind:
            group.parts.append(("furniture", block, placed.kind, placed.rule))
        elif self._is_heading(block) and self._is_paper_name(block.text):
            group.parts.append(("furniture", block, "masthead", "masthead:paper-name"))
        elif block.vertical and block.size < HEADING * self.body:
            group.parts.append(("furniture", block, "furniture", "pdf:vertical-label"))
        elif patterns.continued_from(block.text) and group.has_body:
            self.groups.append(Group(parts=[("body", block, "", "")]))  # （上接01版）: a piece of its own
        elif not self._is_heading(block):
            kind = standing_alone(block)
            group.parts.append(("aside", block, kind, "") if kind else ("body", block, "", ""))
        elif group.heads and not group.has_body and beside(group.heads[-1], block):
            group.heads.append(block)
        elif block.size >= HEADLINE * self.body or not group.heads and not group.has_body:
            self.groups.append(Group([block]))
        else:
            group.parts.append(("subhead", block, "", ""))

    def _folio_kind(self, placed: Placed) -> tuple[str, str]:
        """The folio band's blocks by the segmenter's rules (masthead, staff), else as geometry says."""
        text = placed.block.text
        if self._is_paper_name(text):
            return "masthead", "masthead:paper-name"
        rule = self.rules.first(text, ("line",), ("masthead", "staff"))
        return (rule.kind, f"{rule.kind}:{rule.name}") if rule else (placed.kind, placed.rule)

    def _is_paper_name(self, text: str) -> bool:
        """The paper's name in big type (泰安日报, or a name in ``[segment] masthead_names``)."""
        return patterns.is_masthead(text) or any(name == text for name in self.rules.masthead_names)

    def _is_heading(self, block: TextBlock) -> bool:
        """Short, in bigger type, and not one glyph (a drop cap goes on into its paragraph)."""
        text = block.text
        if block.size < HEADING * self.body or len(text) > HEADING_CHARS or len(text) < 2:
            return False
        return block.vertical or not (ends_sentence(text) and len(text) > 20)

    def _build(self, group: Group) -> None:
        """The group's decisions, its article (or furniture, with no body) and its marks."""
        draft = Draft(self.r.number, self.r.name)
        members: list[TextBlock] = []
        for i, head in enumerate(group.heads):
            self._note(head, "heading", "pdf:headline" if i == 0 else "pdf:headline-stack")
            members.append(head)
        first_line = self.line
        for role, block, kind, rule in group.parts:
            if role == "furniture":
                self._furniture(block, kind, rule, draft)
                continue
            members.append(block)
            if role == "subhead":
                draft.add_body(Block(_heading_text(block), self._note(block, "subhead", "pdf:subhead")))
            elif role == "aside" and kind == "byline":
                self._note(block, "byline", "pdf:byline-alone")
                draft.byline = draft.byline or block.text
            elif role == "aside":
                members.pop()
                self._furniture(block, kind, f"pdf:{kind}-alone", draft)
            else:
                line = self._note(block, "body", "pdf:body" if group.heads else "pdf:untitled")
                goes_on = not block.indented and not (members[-2:-1] and _is_subhead(group, members[-2]))
                try:
                    for k, text in enumerate(block.paragraphs):
                        _paragraph(draft, Block(text, line), first=k == 0 and goes_on)
                except InputError:  # a run of names or figures with no punctuation: not prose
                    members.pop()
                    self.r.decisions.pop()
                    self._furniture(block, "table", "pdf:no-punctuation", draft)
        if not draft.paragraphs:
            tabled = any(kind == "table" for role, _b, kind, _r in group.parts if role == "furniture")
            kind, rule = ("table", "pdf:table-heading") if tabled else ("furniture", "heading:no-body")
            heads = range(first_line - len(group.heads), first_line)
            self.r.decisions = [replace(d, kind=kind, rule=rule) if d.line in heads else d
                                for d in self.r.decisions]
            for block in members:
                self.r.items.append(_item(block, kind, rule, first_line, draft.page, draft.section))
                self.r.marks.append(Mark(block.box, kind))
            self.r.items.extend(draft.captions)
            return
        title, overline, subtitle = _stack(group.heads)
        paragraphs = tuple(p.text for p in draft.paragraphs)
        start = first_line - len(group.heads)
        article = Article(
            title=title or opening_words(paragraphs[0]), paragraphs=paragraphs, overline=overline,
            subtitle=subtitle, byline=draft.byline, dateline=draft.dateline,
            kind=guess_kind(title, paragraphs, draft.continued_from),
            source_lines=(start, self.line - 1), page=draft.page, section=draft.section,
            continued_from=draft.continued_from, continued_to=draft.continued_to)
        self.r.items.append(article)
        self.r.items.extend(draft.captions)
        for block in members:
            self.r.marks.append(Mark(block.box, "article", article))

    def _note(self, block: TextBlock, kind: str, rule: str) -> int:
        line = self.line
        self.line += 1
        self.r.decisions.append(Decision(line, kind, rule, block.text, self._where(block)))
        return line

    def _where(self, block: TextBlock) -> str:
        top = self.r.height - block.box.y1
        return f"p{self.r.number} x{block.box.x0:.0f} y{top:.0f} {block.size:g}pt"

    def _furniture(self, block: TextBlock, kind: str, rule: str, draft: Draft | None = None) -> None:
        line = self._note(block, kind, rule)
        item = _item(block, kind, rule, line, self.r.number, self.r.name)
        self.r.marks.append(Mark(block.box, kind))
        if draft is not None:
            draft.captions.append(item)  # beside the article, like a caption on a text page
        else:
            self.r.items.append(item)


def _is_subhead(group: Group, block: TextBlock) -> bool:
    """A subhead is a whole paragraph: the text under it never continues it."""
    return any(role == "subhead" and b is block for role, b, *_ in group.parts)


def _paragraph(draft: Draft, block: Block, first: bool) -> None:
    """Bylines and credits by the segmenter's patterns; a sentence a column cut goes on."""
    text = block.text
    jump = patterns.continued_from(text) if not draft.paragraphs else None
    if jump is not None:  # （上接01版）: the rest of an article begun on another page
        draft.continued_from, text = jump[0], jump[1].strip()
        if not text:
            return
        block = Block(text, block.line)
    found = patterns.credit(text) if len(text) <= 200 else None
    if (by := patterns.byline(text)) is not None:
        draft.byline = draft.byline or by
    elif found is not None and not found[0]:
        draft.byline = draft.byline or found[1]
    elif found is not None:
        draft.captions.append(Article(title="", paragraphs=(found[0],), kind="caption",
                                      byline=found[1], reason="credit:after-text",
                                      source_lines=(block.line, block.line),
                                      page=draft.page, section=draft.section))
    elif first and draft.is_open:
        draft.extend_body(block)
    else:
        draft.add_body(block)


def _all_tagged(lines: list[Block], tags: list[Tag], n: int) -> bool:
    """Every paragraph of block ``n`` is furniture (a block half news stays text)."""
    return all(t.kind not in _TEXT_TAGS for b, t in zip(lines, tags) if b.line == n)


def _heading_text(block: TextBlock) -> str:
    """A heading's lines as one line; a dash that opens a 副题 is not read."""
    return " ".join(ln.text for ln in block.lines).strip().lstrip("—-－ ").strip()


def _stack(heads: list[TextBlock]) -> tuple[str, str, str]:
    """主题 (the biggest), 引题 (set before it) and 副题 (after it)."""
    if not heads:
        return "", "", ""
    main = max(range(len(heads)), key=lambda i: heads[i].size)
    before = " ".join(_heading_text(h) for h in heads[:main])
    after = " ".join(_heading_text(h) for h in heads[main + 1:])
    return _heading_text(heads[main]), before, after


def _item(block: TextBlock, kind: str, rule: str, line: int, page: str, section: str) -> Article:
    return Article(title="", paragraphs=(block.text,), kind=kind, reason=rule,
                   source_lines=(line, line), page=page, section=section)
