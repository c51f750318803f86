"""Document, case and issue numbers: 泰政办发〔2023〕12号 => 泰政办发二零二三十二号,
（2023）鲁0902民初1234号 => 二零二三鲁零九零二民初一千二百三十四号, 第2024035期 => 第二零二四零三五期.

The year in brackets is read digit by digit and the brackets are not said (no pause: the number is one
name); a court or district code inside is read digit by digit; the serial before 号 is counted, as a
reader says which document of the year it is. A lottery or journal issue of five digits or more is a code.
"""

from __future__ import annotations

import re

from .base import Rule
from .cardinal import digits, number

_OPEN, _CLOSE = "〔［[(（【", "〕］])）】"
#: 〔〕 only ever hold a document's year; round or square brackets need a serial and 号 after them.
_TAIL = r"([\u4e00-\u9fff]{0,8}?)(\d{0,6}?)([\u4e00-\u9fff]{0,4}?)(第?)(\d+)号"
_SHAPE = _TAIL.replace("(", "(?:")
DOCUMENT = (rf"(?:〔((?:19|20)\d{{2}})〕|[{re.escape(_OPEN)}]((?:19|20)\d{{2}})[{re.escape(_CLOSE)}](?={_SHAPE}))"
            rf"(?:{_TAIL})?")
ISSUE = r"第(\d{5,})(?=期)"


def document(match: re.Match[str]) -> str:
    year_a, year_b, name, code, kind, di, serial = match.groups()
    spoken = digits(year_a or year_b)
    if serial is None:
        return spoken
    return spoken + name + digits(code) + kind + di + number(serial) + "号"


RULES = [Rule("docnum", DOCUMENT, document), Rule("docnum", ISSUE, lambda m: "第" + digits(m.group(1)))]
