"""Reading one page top to bottom, the way an editor does, into articles and furniture."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..types import Article
from . import patterns
from .draft import Draft, finish, with_caption_host
from .heads import looks_like_head
from .rules import SegmentRules, default_rules
from .tags import Tag, tag_blocks
from .text import Block, Page, ends_sentence, has_words

#: Characters that end a phrase but hardly ever a headline (的, 一, 在 …): a cut sentence.
_DANGLING = set("的了和与及在一是把被对为从向将而并或等着过个其这那之以于")
#: Captions and credits are short: a longer block is never taken for one.
_CAPTION_CHARS = 200


@dataclass(frozen=True)
class Decision:
    """What one block was taken for, and the rule that decided (``segment --explain``)."""

    line: int
    kind: str
    rule: str
    text: str
    #: Where the block stands when the line number is not enough: a PDF page and position with
    #: its font size, or an e-paper article's URL (shown by ``segment --explain``).
    where: str = ""


class PageReader:
    """Feeds a page's tagged blocks one by one; a ``Draft`` collects the article being read."""

    def __init__(self, page: Page, rules: SegmentRules | None = None) -> None:
        self.page = page
        self.rules = rules or default_rules()
        self.section = page.name
        self.out: list[Article] = []
        self.draft: Draft | None = None
        self.decisions: list[Decision] = []

    def read(self) -> list[Article]:
        """Tag every block first, then read the text blocks; furniture is set aside as it comes."""
        blocks = _usual_gaps([b for b in self.page.blocks if has_words(b.text)])
        tags = tag_blocks(blocks, self.rules)
        text_at = [i for i, t in enumerate(tags) if t.kind in _TEXT]
        edges = {text_at[0], text_at[-1]} if text_at else set()
        following = dict(zip(text_at, text_at[1:]))
        i = 0
        while i < len(blocks):
            if tags[i].kind not in _TEXT:
                end = _group_end(tags, i)
                self._skip(blocks[i:end], tags[i:end])
                i = end
                continue
            after = [_next_text(blocks, i, following[i])] if i in following else []
            self.feed(blocks[i], after, i in edges, tags[i])
            i += 1
        self.close()
        return self.out

    def note(self, block: Block, kind: str, rule: str) -> None:
        self.decisions.append(Decision(block.line, kind, rule, block.text))

    def feed(self, block: Block, after: Sequence[Block], edge: bool, tag: Tag = Tag()) -> None:
        """Decide what one block is, in the order an editor would ask."""
        if block.gap >= 2:
            self.section = self.page.name  # a wide gap closes a column's run of articles
        draft, text = self.draft, block.text
        if tag.kind == "verse":
            self._verse(block)
        elif tag.kind == "sign" and draft is not None and draft.paragraphs:
            draft.add_signature(block)
            self.note(block, "body", tag.rule)
        elif draft is not None and draft.is_open and not self._starts_new(block, after, edge):
            draft.extend_body(block)
            self.note(block, "body", "body:column-break")
        elif self._is_slogan(block, after, edge):
            self.close()
            self.out.append(self._furniture(block, "slogan", "slogan:balanced-motto"))
        elif (jump := patterns.continued_from(text)) is not None:
            self._continuation(block, *jump)
        elif len(text) <= _CAPTION_CHARS and (found := patterns.credit(text)) is not None:
            self._credit(block, after, *found)
        elif (by := patterns.byline(text)) is not None:
            self._byline(block, by)
        elif self._is_head(block, after):
            self._head(block, after)
        else:
            self._body(block)

    def _skip(self, blocks: list[Block], tags: list[Tag]) -> None:
        """Furniture the tagger found: one item per box; it never cuts the article around it."""
        kind = tags[0].kind
        for block, tag in zip(blocks, tags):
            self.note(block, kind, tag.rule)
        titled = kind == "table" and len(blocks) > 1 and tags[0].rule not in ("table:row", "table:columns")
        heading = blocks[0].text if titled else ""
        texts = tuple(b.text for b in blocks[1:] if heading) or tuple(b.text for b in blocks)
        reason = ", ".join(dict.fromkeys(t.rule for t in tags))
        item = Article(title=heading, paragraphs=texts, kind=kind, reason=reason,
                       source_lines=(blocks[0].line, blocks[-1].line), page=self.page.number,
                       section=self.section)
        if kind == "staff":
            self.close()  # the page's production credits close it
            self.out.append(item)
        elif self.draft is not None:
            self.draft.captions.append(item)  # beside the article being read, like a caption
        else:
            self.out.append(item)

    def _verse(self, block: Block) -> None:
        if self.draft is None:
            self.draft = Draft(self.page.number, self.section)
        self.draft.add_verse(block)
        self.note(block, "verse", "verse:short-lines")

    def _starts_new(self, block: Block, after: Sequence[Block], edge: bool) -> bool:
        """Only a clear start (jump, credit, byline, dateline, heading stack) ends a cut sentence."""
        text = block.text
        if patterns.continued_from(text) or patterns.byline(text) or patterns.dateline(text):
            return True
        if len(text) <= _CAPTION_CHARS and patterns.credit(text):
            return True
        if self._is_slogan(block, after, edge):
            return True
        if block.gap and patterns.is_column_label(text, self.rules.columns):
            return True  # 图片新闻, 社区简讯 on a line of its own: never the end of a cut sentence
        return bool(after) and looks_like_head(text) and not _is_plain_body(after[0])

    @staticmethod
    def _is_slogan(block: Block, after: Sequence[Block], edge: bool) -> bool:
        """A balanced motto at the page's foot, or at its top when it ends like a sentence."""
        if not edge or not patterns.is_slogan(block.text):
            return False
        return not after or ends_sentence(block.text)

    def _is_head(self, block: Block, after: Sequence[Block]) -> bool:
        """A heading, unless it is a cut sentence piece in the middle of an article."""
        draft = self.draft
        if not looks_like_head(block.text, draft is not None and draft.in_interview):
            return False
        if draft is None or not draft.paragraphs or not after or not _is_plain_body(after[0]):
            return True
        return "，" not in block.text and block.text[-1] not in _DANGLING

    def _head(self, block: Block, after: Sequence[Block]) -> None:
        text = block.text
        carried = self._byline_above()
        if patterns.is_column_label(text, self.rules.columns) and after and _opens_item(after[0].text):
            self.close()
            self.section = patterns.label_name(text)
            self.out.append(self._furniture(block, "label", "label:column-word"))
            if carried:
                self.draft = Draft(self.page.number, self.section, byline=carried, last_line=block.line)
            return
        draft = self.draft
        if draft is None or draft.paragraphs or draft.byline or draft.dateline:
            self.close()
            draft = self.draft = Draft(self.page.number, self.section, byline=carried)
        draft.heads.append(block)
        draft.last_line = block.line
        self.note(block, "heading", "heading:short-unpunctuated")

    def _byline_above(self) -> str:
        """A byline standing alone above a heading or column label (a commentary's author,
        ``□ 林木``) belongs to the article below it, not to nothing."""
        draft = self.draft
        if draft is None or draft.heads or draft.paragraphs or draft.dateline or not draft.byline:
            return ""
        self.draft = None
        return draft.byline

    def _body(self, block: Block) -> None:
        draft = self.draft
        if draft is not None and draft.paragraphs and patterns.dateline(block.text):
            self.close()  # a new dated item in a column of briefs
            draft = None
        if draft is None:
            draft = self.draft = Draft(self.page.number, self.section)
        dated = not draft.paragraphs and not draft.dateline and patterns.dateline(block.text)
        draft.add_body(block)
        self.note(block, "body", "body:dateline" if dated else "body:prose")

    def _continuation(self, block: Block, page: str, rest: str) -> None:
        """（上接01版）: the rest of an article begun on another page (its heading may repeat)."""
        draft = self.draft
        if draft is None or draft.paragraphs or draft.byline or draft.dateline:
            self.close()
            draft = self.draft = Draft(self.page.number, self.section)
        draft.continued_from = page
        self.note(block, "continuation", "jump:continued-from")
        if rest.strip():
            draft.add_body(Block(rest.strip(), block.line, block.gap))
        draft.last_line = block.line

    def _credit(self, block: Block, after: Sequence[Block], caption: str, credit: str) -> None:
        """A caption goes beside its article; a bare credit is the article's byline if it has none.

        A caption set apart by wide gaps, with no cut sentence around it, is a photo of its own.
        """
        draft = self.draft
        if caption and block.gap >= 2 and (not after or after[0].gap >= 2) and not (draft and draft.is_open):
            self.note(block, "photo", "credit:set-apart")
            self.close()
            self.out.append(Article(title="", paragraphs=(caption,), kind="photo", byline=credit,
                                    reason="credit:set-apart",
                                    source_lines=(block.line, block.line), page=self.page.number,
                                    section=self.section))
            return
        if not caption and draft is not None and draft.paragraphs and not draft.byline:
            draft.byline, draft.last_line = credit, block.line
            self.note(block, "byline", "credit:closing-article")
            return
        item = with_caption_host(Article(
            title="", paragraphs=(caption,) if caption else (), kind="caption", byline=credit,
            reason="credit:after-text" if caption else "credit:bare",
            source_lines=(block.line, block.line), page=self.page.number, section=self.section), draft)
        self.note(block, "caption", item.reason)
        if draft is None:
            self.out.append(item)
        else:
            draft.captions.append(item)

    def _byline(self, block: Block, by: str) -> None:
        self.note(block, "byline", "byline:role-and-name")
        draft = self.draft
        if draft is not None and not draft.byline:
            draft.byline, draft.last_line = by, block.line
        else:
            self.close()
            self.draft = Draft(self.page.number, self.section, byline=by, last_line=block.line)

    def _furniture(self, block: Block, kind: str, rule: str) -> Article:
        self.note(block, kind, rule)
        return Article(title="", paragraphs=(block.text,), kind=kind, reason=rule,
                       source_lines=(block.line, block.line), page=self.page.number,
                       section=self.section)

    def close(self) -> None:
        if self.draft is not None:
            self.out.extend(finish(self.draft))
            self.draft = None


#: Tags whose blocks the reader places (the rest is furniture, set aside whole).
_TEXT = ("", "verse", "sign")


def _usual_gaps(blocks: list[Block]) -> list[Block]:
    """An export that puts two blank lines between all its lines: one of them is the usual gap."""
    gaps = sorted(b.gap for b in blocks[1:])
    usual = gaps[len(gaps) // 4] if gaps else 0  # the tight end: most lines are at least this far apart
    if usual < 2:
        return blocks
    return [replace(b, gap=max(0, b.gap - usual + 1)) for b in blocks]


def _next_text(blocks: list[Block], at: int, nxt: int) -> Block:
    """The next text block, with the widest gap before it (furniture between counts as a gap)."""
    if nxt == at + 1:
        return blocks[nxt]
    gap = max(b.gap for b in blocks[at + 1:nxt + 1])
    return replace(blocks[nxt], gap=gap)


def _group_end(tags: list[Tag], start: int) -> int:
    """One past the last block of the box that starts at ``start``."""
    end, group = start + 1, tags[start].group
    while group and end < len(tags) and tags[end].group == group:
        end += 1
    return end


def _opens_item(text: str) -> bool:
    """What may follow a column label: a heading, or a dated brief with no heading."""
    return looks_like_head(text) or patterns.dateline(text) is not None


def _is_plain_body(block: Block) -> bool:
    """Body text: not a heading, byline, dateline, credit or jump."""
    text = block.text
    if patterns.byline(text) or patterns.dateline(text) or patterns.continued_from(text):
        return False
    if len(text) <= _CAPTION_CHARS and patterns.credit(text):
        return False
    return not looks_like_head(text)
