"""Document, case and issue numbers: 泰政办发〔2023〕12号 => 泰政办发二零二三十二号,
（2023）鲁0902民初1234号 => 二零二三鲁零九零二民初一千二百三十四号, 第2024035期 => 第二零二四零三五期.

The year in brackets is read digit by digit and the brackets are not said (no pause: the number is one
name); a court or district code inside is read digit by digit; the serial before 号 is counted, as a
reader says which document of the year it is. A lottery draw or a year-coded issue is a code.
"""

from __future__ import annotations

import re

from .base import Rule, before
from .cardinal import digits, number

_OPEN, _CLOSE = "〔［[(（【", "〕］])）】"
#: 〔〕 only ever hold a document's year; round or square brackets need a serial and 号 after them.
_TAIL = r"([\u4e00-\u9fff]{0,8}?)(\d{0,6}?)([\u4e00-\u9fff]{0,4}?)(第?)(\d+)号"
_SHAPE = _TAIL.replace("(", "(?:")
DOCUMENT = (rf"(?:〔((?:19|20)\d{{2}})〕"
            rf"|[{re.escape(_OPEN)}]((?:19|20)\d{{2}})[{re.escape(_CLOSE)}](?={_SHAPE}))"
            rf"(?:{_TAIL})?")
ISSUE = r"第(\d{5,})(?=期)"
_LOTTERY = ("彩", "乐透", "双色球", "排列", "快乐8", "开奖")


def issue(match: re.Match[str]) -> str | None:
    """A lottery draw (体彩第24029期) or a year-coded issue (第2024035期) is a code; a paper's running
    issue number (第25321期) is counted, by the ordinal rule."""
    raw = match.group(1)
    lottery = any(word in before(match, 12) for word in _LOTTERY)
    return "第" + digits(raw) if lottery or (len(raw) == 7 and raw.startswith("20")) else None



def document(match: re.Match[str]) -> str:
    year_a, year_b, name, code, kind, di, serial = match.groups()
    spoken = digits(year_a or year_b)
    if serial is None:
        return spoken
    return spoken + name + digits(code) + kind + di + number(serial) + "号"


RULES = [Rule("docnum", DOCUMENT, document), Rule("docnum", ISSUE, issue)]
