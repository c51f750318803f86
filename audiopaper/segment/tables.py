"""Tables on a page (prices, weather by city, scores, lottery numbers, timetables, TV listings).

A table is rows of short cells, at least one a number: ``芹菜 1.2元/斤``, ``济南 晴 3～15℃``,
``19:30 天气预报``, ``芹菜：1.2元/斤`` or ``芹菜1.2元/斤``. It is never read half: either skipped whole or, with
``[reading] tables = "list"``, read as a spoken list after a one-line intro.
"""

from __future__ import annotations

import re

_CELL_SPLIT = re.compile(r"[\s\u3000|｜]+")
_KEY_VALUE = re.compile(r"^(?!\d{1,2}[：:]\d)([^\s：:，。]{1,12})[：:]\s*([\u4e00-\u9fff]{0,3}[-+]?\d[^，。！？；]{0,24})$"
                        r"|^([\u4e00-\u9fff（）()]{1,8})([-+]?\d[\d.]*\s*(?:元|角|分|%|℃|千克|公斤|斤|克)"
                        r"(?:/[\u4e00-\u9fff]{1,3})?)$")
_DIGIT = re.compile(r"\d")
#: A list item's number (1. 书法展览) is not a table's figure.
_ORDINAL = re.compile(r"^[（(]?\d{1,2}[.、)）．]?$")
_SENTENCE_MARKS = re.compile(r"[。！？；]|，.*，")
#: A note under a table: where the figures come from.
_NOTE = re.compile(r"^[（(]?\s*(数据来源|资料来源|来源|注|说明|制表|数据|统计|单位)\s*[：:]"
                   r"|^[（(][^（()）。，]{2,24}(发布|提供|供稿|制作|制表)[）)]$")
MAX_ROW = 80
MAX_CELL = 14
MAX_HEADING = 20


def cells(text: str) -> list[str] | None:
    """The cells of a table row, or None when the line is not shaped like one."""
    if len(text) > MAX_ROW or _SENTENCE_MARKS.search(text):
        return None
    found = _KEY_VALUE.match(text)
    parts = ([g for g in found.groups() if g] if found else
             [c for c in _CELL_SPLIT.split(text) if c])
    if len(parts) < 2 or any(len(c) > MAX_CELL for c in parts):
        return None
    counted = parts[1:] if _ORDINAL.match(parts[0]) and len(parts) == 2 else parts
    return parts if any(_DIGIT.search(c) for c in counted) else None


def column_titles(text: str) -> list[str] | None:
    """A row of column names above the rows (品名 价格 涨跌): three or more short, no digits."""
    if len(text) > MAX_ROW or _SENTENCE_MARKS.search(text) or _DIGIT.search(text):
        return None
    parts = [c for c in _CELL_SPLIT.split(text) if c]
    return parts if len(parts) >= 3 and all(len(c) <= 8 for c in parts) else None


def is_note(text: str) -> bool:
    return len(text) <= 60 and _NOTE.match(text) is not None


def spoken_list(title: str, rows: list[str], columns: list[str] | None = None) -> str:
    """今日菜价：芹菜，1.2元/斤；白菜，0.8元/斤。 — each row its cells, named when the table names them."""
    said = []
    for row in rows:
        parts = cells(row) or [row]
        if columns and len(columns) == len(parts):
            parts = [parts[0]] + [f"{name}{value}" for name, value in zip(columns[1:], parts[1:])]
        said.append("，".join(parts))
    intro = f"{title}：" if title else ""
    return intro + "；".join(said) + "。"
