"""What of the page is read aloud besides articles: the producer's caption and table settings."""

from __future__ import annotations

from dataclasses import replace

from ..constants import CAPTION_MODES, NOTICE_MODES, TABLE_MODES
from ..types import Article
from .draft import opening_words
from .tables import cells, column_titles, spoken_list

CAPTION_LEAD = "图片说明："
#: With "end", a photo standing on its own (no article around it) is read as a brief of this title.
PHOTO_TITLE = "图片新闻"
#: Tables ([reading] tables, ``constants.TABLE_MODES``): "skip" lists them in `segment` and the run
#: report, not read; "list" reads each whole as a spoken list after a one-line intro, as a brief
#: after the article it stands in.
TABLE_TITLE = "数据一览"


def place_captions(items: list[Article], mode: str = "skip") -> list[Article]:
    """With "end", each caption is appended to the article it follows, never mid-article."""
    if mode not in CAPTION_MODES:  # the config refuses them first, naming the setting
        raise ValueError(f"caption mode {mode!r} is not one of {CAPTION_MODES}")
    if mode == "skip":
        return list(items)
    out: list[Article] = []
    host: int | None = None
    for item in items:
        if item.kind == "caption" and host is not None and item.paragraphs:
            text = CAPTION_LEAD + item.paragraphs[0]
            out[host] = replace(out[host], paragraphs=out[host].paragraphs + (text,))
        elif item.kind == "photo" and item.paragraphs:
            item = replace(item, kind="brief", title=PHOTO_TITLE)
        if item.kind != "caption":
            host = len(out) if item.is_spoken else None
        out.append(item)
    return out


def place_tables(items: list[Article], mode: str = "skip") -> list[Article]:
    """With "list", each table becomes a brief read as a list; a table is never read in part."""
    if mode not in TABLE_MODES:
        raise ValueError(f"table mode {mode!r} is not one of {TABLE_MODES}")
    if mode == "skip":
        return list(items)
    return [_as_list(item) if item.kind == "table" else item for item in items]


def _as_list(table: Article) -> Article:
    lines = list(table.paragraphs)
    columns = column_titles(lines[0]) if lines else None
    rows = [line for line in lines if cells(line)] or lines  # a line of results: read as it is
    title = table.title or TABLE_TITLE
    return replace(table, kind="brief", title=title, reason="",
                   paragraphs=(spoken_list(title, rows, columns),))


#: What a paid notice or a lottery result becomes when [reading] says it is read.
_READ_AS = {"paid": "notice", "lottery": "brief"}
#: A lottery result without a heading line of its own is announced as this.
LOTTERY_TITLE = "彩票开奖结果"
#: A notice's first line this short is its heading (寻物启事, 讣告), not its text.
_HEADING_CHARS = 16


def place_notices(items: list[Article], paid: str = "skip", lottery: str = "skip") -> list[Article]:
    """With "read", paid notices are read as notices and lottery results as briefs, each whole,
    titled by its heading line (寻物启事, 福利彩票) when it has one."""
    for name, mode in (("paid notice", paid), ("lottery", lottery)):
        if mode not in NOTICE_MODES:
            raise ValueError(f"{name} mode {mode!r} is not one of {NOTICE_MODES}")
    modes = {"paid": paid, "lottery": lottery}
    return [_read_whole(item) if modes.get(item.kind) == "read" else item for item in items]


def _read_whole(item: Article) -> Article:
    """The item as a notice or brief: its heading line is the title, or, for a notice with no
    heading (张明不慎遗失…声明作废), its opening words as for any untitled item."""
    lines = item.paragraphs
    title = item.title or (lines[0] if len(lines) > 1 and len(lines[0]) <= _HEADING_CHARS else "")
    body = lines[1:] if title and not item.title else lines
    if not title:
        title = LOTTERY_TITLE if item.kind == "lottery" else opening_words(lines[0]) if lines else ""
    return replace(item, kind=_READ_AS[item.kind], title=title, paragraphs=tuple(body), reason="")
