"""Tag every block of a page before any article is assembled: furniture kind and the rule that decided.

The tagger answers "is this block news at all?" from the rules in ``rules.py`` and from the shape of
its neighbours (a masthead is a run of lines at a page's top, a box runs from its heading to a
gap, a table is a run of rows). Blocks it leaves untagged (kind "") are the reader's to place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import patterns, structure, tables
from .rules import SegmentRules
from .text import Block, ends_sentence

#: A table needs this many rows (one fewer when a heading or column titles stand above them).
MIN_ROWS = 3
#: A table's title and one subtitle (电视节目预告 / CCTV-1) may stand above its rows.
TABLE_HEADINGS = 2
#: Verse: this many short lines after a byline, or after body text, or standing alone.
VERSE_AFTER_BYLINE, VERSE_AFTER_BODY, VERSE_ALONE, VERSE_NEXT_STANZA = 3, 5, 6, 2
VERSE_CHARS = 24
LIST_AFTER_LEAD_IN = 2
#: At most this many unknown short lines (a paper's name, its motto) stand above a masthead.
UNKNOWN_NAME_LINES = 2
_BOX_HEADING = 12
#: How many entries without a page number may stand before one with it.
ENTRY_LOOKAHEAD = 3
#: An ad's text under its title is short; a longer paragraph under a heading is news.
_AD_TEXT = 150
#: What may stand beside the paper's name in a header: a date, a page id, a page name this long.
PAGE_NAME_CHARS = 4
_DATE_AND_PAGE = re.compile(r"[\d\sA-Za-z·|｜\-—.:：/年月日星期周一二三四五六天版第]")
#: An issuer's signature under a notice: its name, then the date alone on a line.
_DATE_ONLY = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_TRAILING_NOTE = re.compile(r"\s*[（(][^（()）]{1,16}[）)]$")
_PUNCTUATION = re.compile(r"[，。！？、；：,.!?;:“”]")


@dataclass(frozen=True)
class Tag:
    """``kind`` "" is text for the reader; blocks of one box or table share ``group`` (> 0)."""

    kind: str = ""
    rule: str = ""
    group: int = 0


class _Tagger:
    def __init__(self, blocks: list[Block], rules: SegmentRules) -> None:
        self.blocks, self.rules = blocks, rules
        self.tags = [Tag() for _ in blocks]
        self.groups = 0

    def new_group(self) -> int:
        self.groups += 1
        return self.groups

    def free(self, i: int) -> bool:
        return not self.tags[i].kind

    def run(self) -> list[Tag]:
        for i, block in enumerate(self.blocks):
            if (rule := self.rules.first(block.text, ("line",))) is not None:
                self.tags[i] = Tag(rule.kind, f"{rule.kind}:{rule.name}")
            elif self._is_paper_name(block.text, i == 0):
                self.tags[i] = Tag("masthead" if i == 0 else "header", "masthead:paper-name")
        self._masthead()
        self._boxes()
        self._letter_signatures()
        self._tables()
        self._signatures()
        self._verse()
        return self.tags

    def _signatures(self) -> None:
        """东岳市公安局交通管理支队 / 2024年3月17日 under a notice's text: its signature."""
        for i, block in enumerate(self.blocks):
            if not (self.free(i) and _DATE_ONLY.match(block.text) and i > 0):
                continue
            issuer = i - 1
            name = self.blocks[issuer].text
            if self.free(issuer) and len(name) <= 30 and not _PUNCTUATION.search(name) and issuer > 0:
                self.tags[issuer] = Tag("sign", "notice:issuer")
            elif not ends_sentence(name):
                continue
            self.tags[i] = Tag("sign", "notice:date")

    def _letter_signatures(self) -> None:
        """读者 周建国 under a letter closes it (found before tables: never a table's heading)."""
        for i, block in enumerate(self.blocks):
            last = i + 1 >= len(self.blocks) or self.blocks[i + 1].gap > 0
            if i > 0 and last and self.free(i) and self.free(i - 1) and ends_sentence(self.blocks[i - 1].text) \
                    and (rule := structure.which("signature", block.text)):
                self.tags[i] = Tag("sign", rule)

    def _is_paper_name(self, text: str, first: bool) -> bool:
        """The paper's name alone (or with its pinyin or date): 青石河晚报, 泰安日报 TAIAN DAILY."""
        for name in self.rules.masthead_names:
            if name in text and len(_DATE_AND_PAGE.sub("", text.replace(name, ""))) <= PAGE_NAME_CHARS:
                return True  # the name with a date, a page id, a page name: not a headline about it
        return first and patterns.is_masthead(text)

    def _masthead(self) -> None:
        """From the page's top: lines of a masthead; a masthead if one of them says so for sure."""
        end = 0
        while end < min(len(self.blocks), UNKNOWN_NAME_LINES) and self._unknown_name(end):
            end += 1  # a paper's name we do not know, above its masthead's lines
        while end < len(self.blocks) and self._masthead_line(end):
            end += 1
        strong = any(self.tags[i].kind == "masthead" or self.free(i) and patterns.is_masthead(
            self.blocks[i].text) for i in range(end))
        if not strong:
            return
        group = self.new_group()
        for i in range(end):
            if self.tags[i].kind == "ad":
                continue  # an ad in the masthead's ear stays an ad
            rule = (self.tags[i].rule or self._member_rule(i, ("masthead", "header"))
                    or ("masthead:paper-name" if patterns.is_masthead(self.blocks[i].text) else "masthead:top-line"))
            self.tags[i] = Tag("masthead", rule.replace("header:", "masthead:"), group)

    def _unknown_name(self, i: int) -> bool:
        """A short line above the masthead (an unknown paper's name), or an ad in its ear."""
        text = self.blocks[i].text
        if self.tags[i].kind == "ad":
            return True
        return (self.free(i) and len(text) <= 14 and not _PUNCTUATION.search(text)
                and not self._masthead_line(i))

    def _masthead_line(self, i: int) -> bool:
        if self.tags[i].kind in ("masthead", "header"):
            return True
        text = self.blocks[i].text
        return self.free(i) and (bool(self._member_rule(i, ("masthead",))) or patterns.is_masthead(text))

    def _member_rule(self, i: int, kinds: tuple[str, ...]) -> str:
        rule = self.rules.first(self.blocks[i].text, ("member", "line"), kinds)
        return f"{rule.kind}:{rule.name}" if rule else ""

    def _boxes(self) -> None:
        """导读 and ad boxes: from their heading (or a sure ad) over their members to a gap."""
        i = 0
        while i < len(self.blocks):
            text = self.blocks[i].text
            opener = self.rules.first(text, ("opens",)) if self.free(i) else None
            if opener is None:
                i += 1
                continue
            group = self.new_group()
            self.tags[i] = Tag(opener.kind, f"{opener.kind}:{opener.name}", group)
            i = self._members(i + 1, opener.kind, group)

    def _members(self, i: int, kind: str, group: int) -> int:
        """The box's blocks up to a wide gap; each ad in it is an item of its own.

        An ad starts at another opener or an ad's title (招聘, 房屋出租); box headings with nothing
        under them yet (分类广告, 遗失声明) stay with what follows.
        """
        start = i - 1
        while i < len(self.blocks) and self.blocks[i].gap < 2:
            text = self.blocks[i].text
            opener = self.rules.first(text, ("opens",), (kind,)) if self.free(i) else None
            rule = f"{kind}:{opener.name}" if opener else self._box_member(i, kind)
            if not rule:
                break
            starts_item = opener is not None or rule == "ad:ad-title"
            if starts_item and any(len(self.blocks[j].text) > _BOX_HEADING for j in range(start, i)):
                group, start = self.new_group(), i
            self.tags[i] = Tag(kind, rule, group)
            i += 1
        return i

    def _box_member(self, i: int, kind: str) -> str:
        text = self.blocks[i].text
        if self.tags[i].kind == kind:
            return self.tags[i].rule
        if not self.free(i) or patterns.dateline(text) or patterns.byline(text):
            return ""
        rule = self._member_rule(i, (kind,))
        if rule == "index:entry" and not self._entry_continues(i + 1):
            return ""  # a headline with its article under it, after the box
        if rule or kind != "ad":
            return rule
        # an ad's own title (房屋出租) followed by its text with a phone number
        nxt = i + 1
        if (len(text) <= 16 and not ends_sentence(text) and nxt < len(self.blocks)
                and self.blocks[nxt].gap < 2 and len(self.blocks[nxt].text) <= _AD_TEXT
                and not patterns.dateline(self.blocks[nxt].text) and self._member_rule(nxt, ("ad",))):
            return "ad:ad-title"
        return ""

    def _entry_continues(self, nxt: int, depth: int = ENTRY_LOOKAHEAD) -> bool:
        """An index entry is followed by the gap that ends the box, or, within a few lines, by an
        entry with a page number; a headline with a byline or body under it is not an entry."""
        if nxt >= len(self.blocks) or self.blocks[nxt].gap >= 2:
            return True
        text = self.blocks[nxt].text
        if patterns.byline(text) or patterns.dateline(text):
            return False
        rule = self._member_rule(nxt, ("index",))
        if rule and rule != "index:entry":
            return True
        return bool(rule) and depth > 0 and self._entry_continues(nxt + 1, depth - 1)

    def _tables(self) -> None:
        i = 0
        while i < len(self.blocks):
            end = i
            while end < len(self.blocks) and (self._row(end) and (end == i or self.blocks[end].gap < 2)
                                              or end > i and self._subheading(end)):
                end += 1
            if end - i >= MIN_ROWS - 1:
                self._table(i, end)
            i = max(end, i + 1)

    def _row(self, i: int) -> bool:
        return self.free(i) and tables.cells(self.blocks[i].text) is not None

    def _subheading(self, i: int) -> bool:
        """A short heading between runs of rows (a channel in TV listings): part of the table."""
        nxt = i + 1
        return (self.free(i) and self.blocks[i].gap < 2 and self._table_heading(self.blocks[i].text)
                and nxt < len(self.blocks) and self.blocks[nxt].gap < 2 and self._row(nxt))

    def _table(self, start: int, end: int) -> None:
        """Rows start..end, with the column titles, headings and notes that belong to them."""
        first = start
        if first > 0 and self.free(first - 1) and tables.column_titles(self.blocks[first - 1].text):
            first -= 1
        for _ in range(TABLE_HEADINGS):
            above = first - 1
            if above >= 0 and (first == start or self.blocks[first].gap < 2) and (
                    self.tags[above].kind == "table"  # 彩票第24029期开奖结果, with its rows
                    or self.free(above) and self._table_heading(self.blocks[above].text)):
                first -= 1
        if end - start < MIN_ROWS and first == start:
            return
        heading = self.tags[first].rule if self.tags[first].kind == "table" else "table:heading"
        while end < len(self.blocks) and self.free(end) and tables.is_note(self.blocks[end].text):
            end += 1
        group = self.new_group()
        for i in range(first, end):
            text = self.blocks[i].text
            rule = ("table:row" if tables.cells(text) and i >= start else
                    "table:note" if i >= start and tables.is_note(text) else
                    "table:subheading" if i >= start else
                    "table:columns" if tables.column_titles(text) else heading)
            self.tags[i] = Tag("table", rule, group)

    @staticmethod
    def _table_heading(text: str) -> bool:
        """今日菜价, 本地上市公司行情（3月15日）: short, a bracketed date or unit allowed at the end."""
        text = _TRAILING_NOTE.sub("", text)
        return (0 < len(text) <= tables.MAX_HEADING and not ends_sentence(text)
                and not text.endswith(("：", ":")) and patterns.byline(text) is None)

    def _verse(self) -> None:
        """Runs of short lines are a poem's lines, not a stack of headings."""
        i = 0
        while i < len(self.blocks):
            end = i
            while end < len(self.blocks) and self._verse_line(end) and (
                    end == i or self.blocks[end].gap < 2) and not self._titles_byline(end):
                end += 1
            self._verse_run(i, end)
            i = max(end, i + 1)

    def _verse_line(self, i: int) -> bool:
        text = self.blocks[i].text
        if "，" in text and ends_sentence(text):
            return False  # a short sentence of prose, not a line of verse
        return (self.free(i) and len(text) <= VERSE_CHARS and not text.endswith(("：", ":"))
                and patterns.byline(text) is None and patterns.dateline(text) is None
                and patterns.credit(text) is None and patterns.continued_from(text) is None)

    def _titles_byline(self, i: int) -> bool:
        """A short line with a byline under it is the next piece's title, not a verse."""
        nxt = i + 1
        return nxt < len(self.blocks) and patterns.byline(self.blocks[nxt].text) is not None

    def _verse_run(self, start: int, end: int) -> None:
        before = self.blocks[start - 1].text if start else ""
        if start and self.tags[start - 1].kind == "verse":
            need = VERSE_NEXT_STANZA  # the poem's next stanza, after a wider gap
        elif start and patterns.byline(before) is not None:
            need = VERSE_AFTER_BYLINE
        elif start and before.endswith(("：", ":")) and self.blocks[start].gap < 2:
            need = LIST_AFTER_LEAD_IN  # 活动包括： then short items, read as one list
        elif start and len(before) > VERSE_CHARS and ends_sentence(before) and self.blocks[start].gap < 2:
            need = VERSE_AFTER_BODY  # lines quoted in the article (a wide gap starts a new piece)
        else:
            need, start = VERSE_ALONE, start + 1  # the first line of a lone run is its title
        after = self.blocks[end].text if end < len(self.blocks) else ""
        if end - start < need or patterns.dateline(after):
            return
        ended = sum(ends_sentence(self.blocks[i].text) for i in range(start, end))
        if ended * 3 > end - start:
            return  # short sentences (briefs, headlines between them) are not a poem
        for i in range(start, end):
            self.tags[i] = Tag("verse", "verse:short-lines")


def tag_blocks(blocks: list[Block], rules: SegmentRules) -> list[Tag]:
    """One tag per block, in page order."""
    return _Tagger(blocks, rules).run()
