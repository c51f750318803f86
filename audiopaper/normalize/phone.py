"""Telephone numbers and codes, digit by digit: 0538-6288888, 13985608526, 12333, 尾号1702, 编号27149.

Telephone numbers say 幺 for 1, as Chinese broadcasters and operators do: 幺 cannot be misheard as
七, which matters to older listeners writing a number down. Codes and IDs (编号, 车次) say 一.
"""

from __future__ import annotations

import re

from .base import Rule, after, alternation, before, is_quantity
from .cardinal import digits
from .tables import table

AREA = r"(?<![\d-])(?:\(0\d{2,3}\)|0\d{2,3}[-—–\s])\d{7,8}(?!\d)"
MOBILE = r"(?<![\d+])(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)"
LANDLINE = r"(?<![\d.,])[2-8]\d{6,7}(?![\d.,])"
HOTLINE = r"(?<![\d.,-])(?:1\d{2}|1\d{4}|9[56]\d{3})(?![\d.,])"
_WORDS = table("phone_words")
CONTEXT = rf"(?:{alternation(_WORDS)})(?:是|为|：|:|\s)*(\d{{3,}}(?:[-—–]\d{{3,}})*)(?![\d.A-Za-z])"
#: A number of three or more digits before 号 is an ID said digit by digit (302号房间, “26314”号).
NUMBERED = r"(?<![\d.])\d{3,}(?=[”’'\"]?号)"
_CUES_AFTER = tuple(w for w, where in table("hotline_cues").items() if where == "after")
_CUES_BEFORE = tuple(w for w, where in table("hotline_cues").items() if where == "before")
#: A number right after a noun that names an identifier (邮政编码：343000, 案件编号2024001, 准考证号…,
#: 统一社会信用代码…): whatever the noun, a word ending in 号/号码/编号/编码/代码 is read digit by digit.
ID_NOUN = (r"(?<=[\u4e00-\u9fff])(?:号码|编号|编码|代码|号)(?:是|为|：|:|\s)*"
           r"(\d{3,}(?:[-—–]\d{2,})*)(?![\d.A-Za-z])")


def telephone(match: re.Match[str]) -> str:
    """Area code and number, or a mobile: every digit, 幺 for 1 (+86 is said 八六)."""
    raw = re.sub(r"\D", "", match.group(0))
    return digits(raw, one="幺")


def landline(match: re.Match[str]) -> str | None:
    return None if is_quantity(match) else digits(match.group(0), one="幺")


def _named(match: re.Match[str], service: str) -> bool:
    """Whether the service the number belongs to is named just before it (火警119, 交通事故122)."""
    ahead = before(match, 6)
    return service in ahead or service[:2] in ahead


def hotline(match: re.Match[str]) -> str | None:
    """Service numbers in the table, and 12xxx/95xxx/96xxx, when no unit makes them a count."""
    raw = match.group(0)
    if is_quantity(match) or (raw not in table("hotlines") and len(raw) < 5):
        return None
    listed = (re.match(r"[、或和及/]1\d{2}(?!\d)", after(match, 5)) is not None
              or re.search(r"\d[、或和及/]$", before(match, 2)) is not None)
    called = (match.string.startswith(_CUES_AFTER, match.end())
              or before(match, 3).removesuffix("了").endswith(_CUES_BEFORE))
    if len(raw) == 3 and not (listed or called or _named(match, table("hotlines")[raw])):
        return None
    if len(raw) == 5 and raw not in table("hotlines") and not raw.startswith(("12", "95", "96")):
        return None
    return digits(raw, one="幺")


def context(match: re.Match[str]) -> str | None:
    """A number right after 电话/尾号/编号…: the word says how to read it."""
    if is_quantity(match):
        return None
    raw, number = match.group(0), match.group(1)
    word = max((w for w in _WORDS if raw.startswith(w)), key=len)
    one = "幺" if _WORDS[word] == "phone" else "一"
    return raw[:match.start(1) - match.start()] + digits(re.sub(r"\D", "", number), one=one)


def identifier(match: re.Match[str]) -> str | None:
    """The noun kept as written, the identifier digit by digit (一 for 1: it is not dialled)."""
    if is_quantity(match):
        return None
    head = match.string[match.start():match.start(1)]
    return head + digits(re.sub(r"\D", "", match.group(1)))


RULES = [Rule("phone", AREA, telephone), Rule("phone", MOBILE, telephone),
         Rule("phone", CONTEXT, context), Rule("code", ID_NOUN, identifier),
         Rule("phone", HOTLINE, hotline),
         Rule("phone", LANDLINE, landline),
         Rule("code", NUMBERED, lambda m: digits(m.group(0)))]
