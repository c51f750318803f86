"""Reading one page top to bottom, the way an editor does, into articles and furniture."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..types import Article
from . import patterns, structure
from .draft import Draft, Paragraph, finish, with_caption_host
from .heads import MAX_HEADLINE, looks_like_head, place, unspaced
from .rules import SegmentRules, default_rules
from .tags import Tag, tag_blocks
from .text import Block, Page, ends_sentence, has_words

#: Characters that end a phrase but hardly ever a headline (的, 一, 在 …): a cut sentence.
_DANGLING = set("的了和与及在一是把被对为从向将而并或等着过个其这那之以于")
#: Captions and credits are short: a longer block is never taken for one.
_CAPTION_CHARS = 200
#: A paragraph head is a short line; a 副题 under the headline may be longer than a headline.
MAX_SUBHEAD, MAX_DECK = 24, 60


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


@dataclass(frozen=True)
class Seen:
    """One text block as the reader meets it: the next text block, whether it is at the page's
    top or foot, and the tagger's tag."""

    block: Block
    after: tuple[Block, ...]
    edge: bool
    tag: Tag


class PageReader:
    """Feeds a page's tagged blocks one by one; a ``Draft`` collects the article being read."""

    def __init__(self, page: Page, rules: SegmentRules | None = None) -> None:
        self.page = page
        self.rules = rules or default_rules()
        self.section = page.name
        self.out: list[Article] = []
        self.draft: Draft | None = None
        self.decisions: list[Decision] = []
        #: Where each heading's decision is, so it can be renamed once the stack is placed.
        self._head_notes: dict[int, int] = {}
        #: A gap this wide (in blank lines) is wider than the page's usual gap between paragraphs.
        self.wide = 2
        self._after_wide_gap = False

    def read(self) -> list[Article]:
        """Tag every block first, then read the text blocks; furniture is set aside as it comes."""
        blocks = _usual_gaps([b for b in self.page.blocks if has_words(b.text)])
        self.wide = _wide_gap(blocks)
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
        """Decide what one block is: the first of the named rules in ``STEPS`` that holds acts."""
        self._after_wide_gap = block.gap >= min(2, self.wide)
        if self._after_wide_gap:
            self.section = self.page.name  # a wide gap closes a column's run of articles
        seen = Seen(block, tuple(after), edge, tag)
        for step in STEPS:
            if step.holds(self, seen):
                step.act(self, seen)
                return

    # The tests of the named rules (see STEPS): each asks one question of one block in context.

    def _is_signature(self, seen: Seen) -> bool:
        draft = self.draft
        return seen.tag.kind == "sign" and draft is not None and bool(draft.paragraphs)

    def _continues_sentence(self, seen: Seen) -> bool:
        draft = self.draft
        return draft is not None and draft.is_open and not self._starts_new(seen.block, seen.after, seen.edge)

    def _is_credit(self, seen: Seen) -> bool:
        return len(seen.block.text) <= _CAPTION_CHARS and patterns.credit(seen.block.text) is not None

    def _is_byline(self, seen: Seen) -> bool:
        return patterns.byline(seen.block.text) is not None and not self._marked_head(seen)

    def _marked_head(self, seen: Seen) -> bool:
        """■协同发展 inside an article, between two paragraphs: a marked paragraph head, not a
        writer (a marked name alone stands above its piece or closes it)."""
        draft, text = self.draft, seen.block.text
        name = text.lstrip(patterns.MARKS + " ")
        return (text[:1] in patterns.MARKS and len(name.replace(" ", "")) >= 4
                and not patterns.byline(name) and draft is not None and draft.has_body
                and bool(seen.after) and seen.after[0].gap < self.wide and _is_plain_body(seen.after[0]))

    def _is_deck(self, seen: Seen) -> bool:
        """A long 副题 right under the headline, before the body: it opens with ——, or it is a
        line with no full stop between the headline and the story's dateline or byline."""
        draft, text = self.draft, seen.block.text
        if (draft is None or not draft.heads or draft.paragraphs or draft.dateline
                or seen.block.gap >= self.wide or len(text) > MAX_DECK or "。" in text):
            return False
        if structure.which("deck", text) == "deck:dash":
            return True
        nxt = seen.after[0].text if seen.after else ""
        return not draft.byline and bool(patterns.dateline(nxt) or patterns.byline(nxt))

    def _is_subhead(self, seen: Seen) -> bool:
        """A paragraph head inside an article (法官说法, 一、…, a short line between paragraphs).

        It never starts a new article unless what follows is a new story: a byline, dateline, a
        label, or a wide gap before a line that is not a known paragraph head.
        """
        draft, text = self.draft, seen.block.text
        if draft is None or not seen.after:
            return False
        nxt = seen.after[0]
        if patterns.byline(nxt.text) or patterns.dateline(nxt.text) or patterns.continued_from(nxt.text):
            return False
        known = structure.which("subhead", text) and len(text) <= MAX_SUBHEAD
        if not draft.paragraphs:  # under its headline, a case story may open with 【案情】
            return bool(known and draft.heads and _is_plain_body(nxt))
        last = draft.paragraphs[-1]
        if last.signed:
            return False  # a signature closes its notice or letter
        if known:
            return True
        if (_couplet(text, nxt.text) and seen.block.gap < self.wide and nxt.gap < self.wide
                and (draft.byline or _long_section(draft.paragraphs))):
            return True  # a paragraph head in two balanced lines: 菜价实惠 / 老人满意
        if seen.block.gap >= self.wide or nxt.gap >= self.wide or not _is_plain_body(nxt):
            return False
        if self._marked_head(seen):
            return True
        if (patterns.is_column_label(text, self.rules.columns) or len(text) > MAX_SUBHEAD
                or not looks_like_head(text, draft.in_interview) or not _whole_phrase(text)):
            return False
        # In a column of briefs (headline, a sentence or two, headline …) the line is the next
        # brief's headline: a paragraph head belongs to a signed story, one that has shown a head
        # already, or one whose text so far is a section of some length.
        if not (draft.byline or any(p.subhead for p in draft.paragraphs)
                or _long_section(draft.paragraphs)):
            return False
        # A dated news story (本报讯, 新华社电) has no paragraph heads: a headline after it is the
        # next story; a feature, letter or case story does, and so does a story that has shown one.
        return not draft.dateline or any(p.subhead for p in draft.paragraphs)

    def _is_stack_head(self, seen: Seen) -> bool:
        return self._is_head(seen.block, seen.after)

    def _is_punctuated_head(self, seen: Seen) -> bool:
        """A headline ending in ？ or ！, or an overline ending in a colon (省工信厅：), set apart from
        the text above it and standing over a headline, byline, dateline or deck."""
        draft, text = self.draft, seen.block.text
        if (not seen.after or len(text) > MAX_HEADLINE or "。" in text or patterns.speaker(text)
                or (draft is not None and draft.is_open)):
            return False  # a sentence, an interview turn (记者：…？), or the rest of a cut sentence
        nxt = seen.after[0].text
        over = patterns.byline(nxt) or patterns.dateline(nxt) or structure.which("deck", nxt) == "deck:dash"
        if text.endswith(("？", "！", "?", "!")) and "，" not in text[-8:]:
            # under a heading that has no body yet (读者来信 over 小区电梯何时能修好？), it is the
            # stack's headline too, whatever follows
            stacked = draft is not None and bool(draft.heads) and not draft.paragraphs
            return bool(over) or stacked or (looks_like_head(nxt) and seen.after[0].gap < self.wide)
        if structure.which("overline", text) == "overline:colon-end":
            set_apart = draft is None or not draft.has_body or seen.block.gap >= self.wide
            return set_apart and looks_like_head(nxt) and seen.after[0].gap < self.wide
        return False

    def _is_preface(self, seen: Seen) -> bool:
        """编者按：… after a finished article opens the next one, never the end of the last."""
        draft = self.draft
        return ((draft is None or draft.has_body)
                and structure.which("preface", seen.block.text) is not None)

    # The acts of the named rules.

    def _preface(self, seen: Seen) -> None:
        self.close()
        self.draft = Draft(self.page.number, self.section)
        self.draft.add_body(seen.block)
        self.draft.paragraphs[-1].preface = True
        self.note(seen.block, "body", "preface:editors-note")

    def _jump(self, seen: Seen) -> None:
        page, rest = patterns.continued_from(seen.block.text) or ("", seen.block.text)
        self._continuation(seen.block, page, rest)

    def _credit_line(self, seen: Seen) -> None:
        caption, credit = patterns.credit(seen.block.text) or ("", "")
        self._credit(seen.block, seen.after, caption, credit)

    def _sign(self, seen: Seen) -> None:
        assert self.draft is not None
        self.draft.add_signature(seen.block)
        self.note(seen.block, "body", seen.tag.rule)

    def _extend(self, seen: Seen) -> None:
        assert self.draft is not None
        self.draft.extend_body(seen.block)
        self.note(seen.block, "body", "body:column-break")

    def _slogan(self, seen: Seen) -> None:
        self.close()
        self.out.append(self._furniture(seen.block, "slogan", "slogan:balanced-motto"))

    def _deck(self, seen: Seen) -> None:
        assert self.draft is not None
        self.draft.heads.append(seen.block)
        self.draft.last_line = seen.block.line
        self._head_notes[seen.block.line] = len(self.decisions)
        self.note(seen.block, "heading", structure.which("deck", seen.block.text) or "deck:before-dateline")

    def _subhead(self, seen: Seen) -> None:
        assert self.draft is not None
        self.draft.add_body(seen.block, subhead=True)
        self.note(seen.block, "subhead", structure.which("subhead", seen.block.text) or "subhead:between-paragraphs")

    def _skip(self, blocks: list[Block], tags: list[Tag]) -> None:
        """Furniture the tagger found: one item per box; it never cuts the article around it."""
        kind = tags[0].kind
        if blocks[0].gap >= min(2, self.wide):
            self.section = self.page.name  # a wide gap closes a column's run, furniture or not
        for block, tag in zip(blocks, tags):
            self.note(block, kind, tag.rule)
        titled = kind == "table" and len(blocks) > 1 and tags[0].rule not in ("table:row", "table:columns")
        heading = unspaced(blocks[0].text) if titled else ""
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
        """A line of a poem (the tagger found the run)."""
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
        if draft is None or not draft.has_body or not after or not _is_plain_body(after[0]):
            return True
        return _whole_phrase(block.text)

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
        if draft is None or draft.has_body or draft.byline or draft.dateline:
            self.close()  # (an editor's note alone is kept: it opens the article under this heading)
            draft = self.draft = Draft(self.page.number, self.section, byline=carried)
        draft.heads.append(block)
        draft.last_line = block.line
        self._head_notes[block.line] = len(self.decisions)
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
        """Finish the article being read: its headings placed (label, 引题, 主题, 副题) and noted."""
        draft = self.draft
        if draft is None:
            return
        self.draft = None
        placed = place([b.text for b in draft.heads], self.rules.columns) if draft.paragraphs else None
        if placed is not None:
            for head, (role, rule) in zip(draft.heads, placed.roles):
                at = self._head_notes.get(head.line)
                if at is not None and at < len(self.decisions):
                    kind = "label" if role == "label" else "heading"  # the rule names the role
                    self.decisions[at] = replace(self.decisions[at], kind=kind, rule=rule)
            if placed.label and placed.roles[0][0] == "label":  # a label on a line of its own
                self.out.append(Article(title="", paragraphs=(draft.heads[0].text,), kind="label",
                                        reason=placed.roles[0][1], page=self.page.number,
                                        source_lines=(draft.heads[0].line, draft.heads[0].line),
                                        section=placed.label))
            if placed.label:
                draft.section = placed.label
                if not self._after_wide_gap:
                    self.section = placed.label  # and of what follows, up to a wide gap
        self.out.extend(finish(draft, placed))


@dataclass(frozen=True)
class Step:
    """A named structure rule: when ``holds``, the block is what ``act`` makes of it."""

    name: str
    holds: Callable[[PageReader, Seen], bool]
    act: Callable[[PageReader, Seen], None]


#: The reader's structure rules, asked in this order for every text block (the first that holds
#: decides; ``segment --explain`` names the rule). What a block *is* is answered by data
#: (furniture.tsv, columns.tsv, structure.tsv); this table only says which question comes first:
#: a cut sentence is continued before anything else is asked, a clear start (jump, credit,
#: byline) before a heading, a paragraph head before a new headline.
STEPS: tuple[Step, ...] = (
    Step("verse", lambda r, s: s.tag.kind == "verse", lambda r, s: r._verse(s.block)),
    Step("signature", PageReader._is_signature, PageReader._sign),
    Step("column-break", PageReader._continues_sentence, PageReader._extend),
    Step("slogan", lambda r, s: r._is_slogan(s.block, s.after, s.edge), PageReader._slogan),
    Step("continued-from", lambda r, s: patterns.continued_from(s.block.text) is not None,
         PageReader._jump),
    Step("credit", PageReader._is_credit, PageReader._credit_line),
    Step("byline", PageReader._is_byline, lambda r, s: r._byline(s.block, patterns.byline(s.block.text) or "")),
    Step("deck", PageReader._is_deck, PageReader._deck),
    Step("subhead", PageReader._is_subhead, PageReader._subhead),
    Step("heading", PageReader._is_stack_head, lambda r, s: r._head(s.block, s.after)),
    Step("punctuated-heading", PageReader._is_punctuated_head, lambda r, s: r._head(s.block, s.after)),
    Step("preface", PageReader._is_preface, PageReader._preface),
    Step("body", lambda r, s: True, lambda r, s: r._body(s.block)),
)


#: Tags whose blocks the reader places (the rest is furniture, set aside whole).
_TEXT = ("", "verse", "sign")


def _usual_gaps(blocks: list[Block]) -> list[Block]:
    """An export that puts two blank lines between all its lines: one of them is the usual gap."""
    gaps = sorted(b.gap for b in blocks[1:])
    usual = gaps[len(gaps) // 4] if gaps else 0  # the tight end: most lines are at least this far apart
    if usual < 2:
        return blocks
    return [replace(b, gap=max(0, b.gap - usual + 1)) for b in blocks]


def _wide_gap(blocks: list[Block]) -> int:
    """One more than the page's usual gap after a paragraph of prose: an export that sets
    paragraphs one blank line apart and articles two says the same as one that uses four and
    seven, or none and one."""
    after = [(b.gap, len(b.text) > MAX_SUBHEAD) for a, b in zip(blocks, blocks[1:])
             if len(a.text) > MAX_SUBHEAD and ends_sentence(a.text)]
    # Two paragraphs in a row say it best (an export may set them with no blank line at all);
    # else the gap after a paragraph, at the tight end (a page of one-paragraph briefs).
    gaps = sorted(gap for gap, prose in after if prose) or sorted(gap for gap, _ in after if gap)
    return (gaps[len(gaps) // 4] if gaps else 1) + 1


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


def _whole_phrase(text: str) -> bool:
    """Not a piece of a cut sentence: no comma, and no word at the end that cannot end a phrase."""
    return "，" not in text and text[-1] not in _DANGLING


def _opens_item(text: str) -> bool:
    """What may follow a column label: a heading, or a dated brief with no heading (a deck with
    —— follows its own title, never a label: 老屋的灯 / ——写给远行的女儿)."""
    if structure.which("deck", text) == "deck:dash":
        return False
    return looks_like_head(text) or patterns.dateline(text) is not None


def _is_plain_body(block: Block) -> bool:
    """Body text: not a heading, byline, dateline, credit or jump."""
    text = block.text
    if patterns.byline(text) or patterns.dateline(text) or patterns.continued_from(text):
        return False
    if len(text) <= _CAPTION_CHARS and patterns.credit(text):
        return False
    return not looks_like_head(text)


#: A section before a generic paragraph head has at least this many paragraphs and characters.
SECTION_PARAGRAPHS, SECTION_CHARS = 2, 120


def _long_section(paragraphs: Sequence[Paragraph]) -> bool:
    """Whether the text since the article's start (or its last paragraph head) is long enough to
    be a section of a feature, not the body of one brief."""
    section: list[Paragraph] = []
    for paragraph in reversed(paragraphs):
        if paragraph.subhead:
            break
        section.append(paragraph)
    chars = sum(len(part) for paragraph in section for part in paragraph.parts)
    return len(section) >= SECTION_PARAGRAPHS and chars >= SECTION_CHARS


_PHRASE = re.compile(r"[\u4e00-\u9fff]{2,8}")


def _couplet(first: str, second: str) -> bool:
    """Two short balanced phrases (4 and 4 characters, no punctuation): a paragraph head set on two
    lines, never a headline and its deck (a deck is longer than its headline)."""
    return (_PHRASE.fullmatch(first) is not None and _PHRASE.fullmatch(second) is not None
            and abs(len(first) - len(second)) <= 1)
