"""List numbers: 1．坚持 => 一、坚持, （2）加强 => 二、加强, ⑴ => 一, ①, ⒈, ㈠, Ⅱ.主要任务 => 二、主要任务,
No.3 => 第三, Top10 => 前十.

An item number at the start of a clause (text start, after 。；：！？, a line break or a space) is said as
the number with 、, the pause a reader makes after it; the mark itself (. ． ）) is not said. An enclosed
numeral (①, ⑴, Ⅱ) elsewhere is the bare number (Ⅱ型 => 二型, 见图① => 见图一), except a circled one
before a phrase, which lists it (沿革②主要特点 => 沿革二、主要特点); a Roman numeral is an item only with
its mark (Ⅱ.).
"""

from __future__ import annotations

import re

from .base import Rule
from .cardinal import cardinal

#: Enclosed numerals, each block with the number its first character stands for.
_BLOCKS = (("①", 20, 1), ("⑴", 20, 1), ("⒈", 20, 1), ("㈠", 10, 1), ("Ⅰ", 12, 1), ("ⅰ", 12, 1))
_VALUE = {chr(ord(first) + i): start + i for first, size, start in _BLOCKS for i in range(size)}
_PERIOD = {chr(ord("⒈") + i) for i in range(20)}
ENCLOSED = "[" + "".join(f"{first}-{chr(ord(first) + size - 1)}" for first, size, _ in _BLOCKS) + "]"
#: ASCII Roman numerals as items (not V. or X. alone: those are initials more often than items).
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}
#: After these a circled number is referred to, not listed: 图①所示 => 图一所示.
_REFERS = set("图表式例件款项号第")
_CLAUSE = r"(?:^|(?<=[\n。；;：:！？!?\s]))"
ITEM = (rf"{_CLAUSE}(?:(\d{{1,2}})(?:[.．](?![\d.．])|[)）])|[(（](\d{{1,2}})[)）]"
        r"|(IX|IV|V?I{1,3})[.．、](?![A-Za-z])"
        r"|([Ⅰ-Ⅻ])[.．、])")
#: No.1 and Top10 (any case): a rank, said as 第一 and 前十.
RANK = r"(?<![A-Za-z])(?:(N[Oo])\.?\s?|([Tt][Oo][Pp])\s?)(\d{1,4})(?![\d.])"


def _item(value: int, clause_start: bool) -> str:
    return cardinal(value, liang=False) + ("、" if clause_start else "")


def item(match: re.Match[str]) -> str:
    digits, bracketed, roman, enclosed = match.groups()
    if enclosed:
        return _item(_VALUE[enclosed], True)
    return _item(int(digits or bracketed) if (digits or bracketed) else _ROMAN[roman], True)


def enclosed(match: re.Match[str]) -> str:
    """The bare number; with 、 where it opens a clause and no mark follows (⑴加强 => 一、加强)."""
    char, text, start = match.group(0), match.string, match.start()
    opens = start == 0 or text[start - 1] in "\n。；;：:！？!? "
    marked = text[match.end():match.end() + 1] in ("、", ".", "．", "，", ",", "：", ":", ")", "）")
    roman = "Ⅰ" <= char <= "ⅻ"
    listed = _is_han(text[match.end():match.end() + 1]) and text[start - 1:start] not in _REFERS
    return _item(_VALUE[char], (char in _PERIOD or ((opens or listed) and not roman)) and not marked)


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"



def rank(match: re.Match[str]) -> str:
    _number, top, value = match.groups()
    spoken = cardinal(int(value), liang=False)
    return f"前{spoken}" if top else f"第{spoken}"


RULES = [Rule("listnum", ITEM, item), Rule("listnum", ENCLOSED, enclosed), Rule("listnum", RANK, rank)]
