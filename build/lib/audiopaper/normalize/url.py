"""Web addresses, e-mail and topics, as a presenter says them: www.gov.cn => www点gov点cn,
https://www.taian.gov.cn/col/123 => www点taian点gov点cn斜杠col斜杠一二三, xx@163.com => xx艾特一六三点com,
#话题# => 话题, 3#楼 => 三号楼.

The scheme (http://) is not said; letters are left for the voice to spell, digits are said one by one
(一, as in codes); . is 点, / 斜杠, - 杠, _ 下划线, @ 艾特 (the loanword Chinese presenters use).
"""

from __future__ import annotations

import re

from .base import Rule
from .cardinal import digits

_TLD = r"(?:cn|com|net|org|gov|edu)"
#: Other endings (.me, .cc, .io …) end English words too: an address with one needs www. or http://.
_RARE_TLD = r"(?:info|io|top|xyz|mil|tv|cc|me|hk|mo|tw|uk|jp|us|int|site|vip|app)"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = rf"(?:{_LABEL}\.)+{_TLD}(?![A-Za-z0-9-])"
_PATH = r"(?:/[A-Za-z0-9._~%/?#=&+-]*[A-Za-z0-9/_~%=&+-])?"
_MARKED = (rf"(?:[Hh][Tt][Tt][Pp][Ss]?://(?:www\.)?|www\.)(?:{_LABEL}\.)*{_LABEL}\.(?:{_TLD}|{_RARE_TLD})"
           r"(?![A-Za-z0-9-])")
ADDRESS = rf"(?<![A-Za-z0-9.@/_-])(?:{_MARKED}|{_HOST})(?::\d{{1,5}})?{_PATH}"
EMAIL = rf"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{{0,63}}@{_HOST}"
#: A # after a number is 号 (3#楼); a pair of # around a topic is not said.
NUMBER_SIGN = r"(?<=\d)[#＃](?=[\u4e00-\u9fff])"
TOPIC = r"[#＃]"
_MARKS = {".": "点", "/": "斜杠", "-": "杠", "_": "下划线", "@": "艾特", ":": "冒号", "?": "问号",
          "=": "等于", "&": "和", "#": "井号", "%": "百分号", "+": "加", "~": "波浪号"}
_PART = re.compile(r"\d+|[A-Za-z]+|.")


def say(text: str) -> str:
    """An address or e-mail, part by part."""
    text = re.sub(r"^[Hh][Tt][Tt][Pp][Ss]?://", "", text)
    return "".join(digits(p) if p.isdigit() else _MARKS.get(p, p) for p in _PART.findall(text))


def topic(match: re.Match[str]) -> str | None:
    """A topic's # is not said: it closes an open one on its line, or opens one closed within 40."""
    text, start = match.string, match.start()
    line_start = text.rfind("\n", 0, start) + 1
    if sum(text.count(c, line_start, start) for c in "#＃") % 2 == 1:
        return ""
    return "" if re.match(r"[^#＃\n]{1,40}[#＃]", text[start + 1:start + 42]) else None


RULES = [Rule("url", EMAIL, lambda m: say(m.group(0))), Rule("url", ADDRESS, lambda m: say(m.group(0))),
         Rule("url", NUMBER_SIGN, lambda m: "号"), Rule("url", TOPIC, topic)]
