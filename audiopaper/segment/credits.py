"""Bylines and credits as a presenter says them, not as the page prints them.

``记者 张建/文 通讯员供图`` => 记者张建报道，图片由通讯员提供; ``文/图 记者 周小青`` => 记者周小青报道并摄影;
``□ 林木`` => 作者林木. A slash is never read as 、 and a lone 文 or 图 is never read at all.
"""

from __future__ import annotations

import re

from .patterns import MARKS, ORG

_ROLE = re.compile(rf"\s*((?:本报|新华社|中新社|人民日报|{ORG})?(?:(?:特约|见习|实习|全媒体|融媒体|首席|资深)*(?:摄影)?记者|通讯员|实习生|"
                   r"评论员|特约评论员|编辑|撰稿人?))\s*")
_TEXT_AND_PHOTO = re.compile(r"^(?:文/图|图/文|文图|图文|文、图|文/摄)\s*[:：/]?\s*(?P<who>.+)$")
_TEXT_BY = re.compile(r"^(?:文|撰文)\s*[/:：]\s*(?P<who>.+)$")
_PHOTO_BY = re.compile(r"^(?:图|摄影|摄)\s*[/:：]\s*(?P<who>.+)$")
#: Where the next credit of a byline starts: 文/记者 陈晓 | 图/记者 李莉.
_EACH_CREDIT = re.compile(r"\s+(?=(?:文|图|摄影|摄)\s*/)")
_TEXT_AND_PHOTO_AFTER = re.compile(r"^(?P<who>.+?)\s*(?:文/图|图/文)$")
_REPORTED = re.compile(r"^(?P<who>.+?)\s*(?P<what>摄影报道|报道)$")
#: A credit that follows its people: 张建/文, 隋翔 摄, 通讯员供图.
_SUFFIXED = re.compile(r"(?P<who>[^/]*?)\s*(?P<what>/\s*文|/\s*[图圖]|/\s*[摄攝]|供[图圖]|[摄攝]影|[摄攝])(?=\s|$)")


def people(text: str) -> str:
    """'记者 郑凯 王明' => 记者郑凯、王明; '本报记者 张三 通讯员 李四' => 本报记者张三，通讯员李四."""
    said = _ROLE.sub(r"，\1", text.strip())
    said = re.sub(r"\s+", "、", said.strip()).replace("，、", "，")
    return said.strip("，、")


def _has_role(text: str) -> bool:
    return _ROLE.search(text) is not None


def _wrote(who: str) -> str:
    """A reporter reports; anyone else (a columnist, a novelist) is the author."""
    return f"{people(who)}报道" if _has_role(who) else f"作者{people(who)}"


def _credit_pieces(text: str) -> list[str]:
    pieces, end = [], 0
    for found in _SUFFIXED.finditer(text):
        who, what = found.group("who").strip(), found.group("what").replace(" ", "")
        if not who:
            continue
        if what == "/文":
            pieces.append(_wrote(who))
        elif what.startswith("供"):
            pieces.append(f"图片由{people(who)}提供")
        else:
            pieces.append(f"{people(who)}摄影")
        end = found.end()
    rest = text[end:].strip()
    if rest:
        pieces.append(people(rest) if _has_role(rest) or pieces else f"作者{people(rest)}")
    return pieces


def spoken_byline(byline: str) -> str:
    """The byline as a presenter reads it (empty stays empty)."""
    text = byline.strip().strip(MARKS + " \t")
    if text[:1] in "（(" and text[-1:] in "）)":
        text = text[1:-1].strip()
    if not text:
        return ""
    if found := _TEXT_AND_PHOTO_AFTER.match(text):  # 本报记者 王海 文/图
        return f"{people(found.group('who'))}报道并摄影"
    parts = _EACH_CREDIT.split(text)
    if len(parts) > 1:  # 文/记者 陈晓 图/记者 李莉
        return "，".join(spoken_byline(part) for part in parts)
    if found := _REPORTED.match(text):
        return people(found.group("who")) + found.group("what")
    if found := _TEXT_AND_PHOTO.match(text):
        return f"{people(found.group('who'))}报道并摄影"
    if found := _TEXT_BY.match(text):
        return _wrote(found.group("who"))
    if found := _PHOTO_BY.match(text):
        return f"图片由{people(found.group('who'))}拍摄"
    return "，".join(_credit_pieces(text))


def spoken_credit(byline: str, dateline: str = "") -> str:
    """'本报3月14日讯' and '记者 郑凯 王明' => '本报3月14日讯，记者郑凯、王明'."""
    return "，".join(part for part in (dateline.strip(), spoken_byline(byline)) if part)
