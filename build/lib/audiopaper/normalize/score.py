"""Scores, ratios and records: 比分78:96 => 七十八比九十六, 1∶2 => 一比二, 比例尺1:10000 => 一比一万,
以3-1战胜 => 以三比一战胜, 3胜1负 => 三胜一负 (2胜 => 两胜).

A colon between two numbers is either a clock time or 比. This module is the one place that decides
(``is_score``), for time.py too: the cue word nearest the number wins, a cue right after it (战胜, 开球)
before one in the eight characters before it (比分, 以 / 于, 北京时间); with no cue a colon that can be a
clock time (hour 0-24, two-digit minutes 00-59) is one. A dash is a score only after a score cue. Pairs
listed with 、 (25:21、21:19) are read alike, by the cues around the whole list.
"""

from __future__ import annotations

import re

from .base import Rule, compiled
from .cardinal import number
from .decimal import say as say_decimal

#: Words before a colon that make it 比 / a clock time; single characters only right before it.
_SCORE_BEFORE = ("比分", "比数", "总比分", "大比分", "战胜", "击败", "打败", "力克", "战成", "打成", "逼平",
                 "战平", "零封", "横扫", "逆转", "比例尺", "比例", "配比", "之比", "比值", "汇率", "兑", "赢", "输",
                 "胜")
_TIME_BEFORE = ("时间", "北京时间", "当地时间", "于", "在", "将于", "定于", "凌晨", "早上", "上午", "中午",
                "下午", "傍晚", "晚上", "今晚", "当晚", "明晚", "每天", "每晚", "截至", "至", "到", "从", "自",
                "开球", "开赛", "时段", "发车", "起飞", "营业")
_SCORE_ONE = "以"
_DASH_BEFORE = ("比分", "比数", "总比分", "大比分", "战成", "打成", "定格在", "最终以", "最终比分")
#: Words right after the numbers.
_SCORE_AFTER = ("战胜", "击败", "打败", "力克", "取胜", "获胜", "胜出", "赢", "输", "告负", "落败", "负于",
                "不敌", "淘汰", "拿下", "险胜", "完胜", "大胜", "胜", "负", "战平", "逼平", "握手言和",
                "的比分", "的总比分", "的大比分", "领先", "落后", "夺冠", "晋级", "逆转", "惜败", "告捷",
                "完胜", "绝杀")
_TIME_AFTER = ("开球", "开赛", "开始", "开幕", "闭幕", "举行", "进行", "出发", "发车", "起飞", "抵达",
               "到达", "截止", "起", "前", "后", "左右", "许", "至", "到", "-", "—", "~", "～", "整")


def _nearest(text: str, words: tuple[str, ...]) -> int:
    """How far before the end of ``text`` the last of ``words`` ends (-1: none)."""
    best = -1
    for word in words:
        at = text.rfind(word)
        if at >= 0:
            gap = len(text) - at - len(word)
            best = gap if best < 0 else min(best, gap)
    return best


_PAIR_SIDES = r"(\d+(?:\.\d+)?)[:：∶](\d+(?:\.\d+)?)"
_PAIR = {False: r"\d+(?:\.\d+)?[:：∶]\d+(?:\.\d+)?", True: r"\d{1,3}[-−—–/]\d{1,3}"}
#: With no score word, a dash pair is a score when a team or a stage of play is named just before and
#: a pause or the end follows (主队扳平为1-1。, 国足客场0-2。): a range is followed by its unit.
_PLAY = ("队", "国足", "女排", "男排", "女篮", "男篮", "半场", "主场", "客场", "对阵", "扳平为", "扳成",
         "追成", "改写为")
_PAUSE = "，。；！？、）)"
#: Or when the other team follows (女排3-0日本女排), unless a unit does (3-5名队员).
_UNIT = "日月年天人名个位次场岁号届"


def _list_bounds(match: re.Match[str], dash: bool) -> tuple[int, int]:
    """Where the list of pairs joined by 、 that the match is in begins and ends (25:21、21:19、25:22):
    the whole list is read alike, by the cues before its first pair and after its last."""
    text, pair = match.string, _PAIR[dash]
    head = compiled(rf"(?:{pair}、)+$").search(text, max(0, match.start() - 40), match.start())
    tail = compiled(rf"(?:、{pair}){{1,12}}").match(text, match.end())
    return (head.start() if head else match.start()), (tail.end() if tail else match.end())


def is_score(match: re.Match[str], strong: bool = False) -> bool:
    """Whether the numbers of ``match`` are 比 (a score, a ratio) rather than a clock time or a range;
    ``strong``: only sure cues count (for a dash, which is far more often a range)."""
    begin, end = _list_bounds(match, strong)
    following = match.string[end:end + 4]
    if following.startswith(_SCORE_AFTER):
        return True
    if following.startswith(_TIME_AFTER):
        return False
    ahead = match.string[max(0, begin - 8):begin]
    if strong:
        if _nearest(ahead, _DASH_BEFORE) >= 0:
            return True
        ahead = match.string[max(0, begin - 12):begin]
        unit = following[:1] in _UNIT and not following.startswith("日本")
        facing = not unit and any(team in match.string[end:end + 6] for team in _PLAY[:6])
        return (following[:1] in _PAUSE or not following or facing) and _nearest(ahead, _PLAY) >= 0
    if end > match.end() or begin < match.start():
        if any(not _clock(*pair) for pair in compiled(_PAIR_SIDES).findall(match.string, begin, end)):
            return True
    if ahead.endswith(_SCORE_ONE):
        return True
    score, time = _nearest(ahead, _SCORE_BEFORE), _nearest(ahead, _TIME_BEFORE)
    return score >= 0 and (time < 0 or score < time)


COLON = r"(?<![\d.:：])(\d+(?:\.\d+)?)[:：∶](\d+(?:\.\d+)?)(?![\d:：∶.])"
#: A dash score needs a score cue: 以3-1战胜, 比分定格在2-2.
DASH = r"(?<![\d.:-])(\d{1,3})\s?[-−—–]\s?(\d{1,3})(?![\d.:%-])"
#: A slash between two small numbers is a score only with a score word, as a dash (以6/4、7/5胜出).
SLASH = r"(?<![\d./])(\d{1,2})/(\d{1,2})(?![\d./%])"
#: A season or series record: 3胜1负, 2胜2平1负 (a lone 2 is 两, as it counts games).
_RESULT = r"(胜(?![利地任景诉算])|负(?![责担债面荷])|平(?![方米台均衡安稳])|败(?!诉))"
RECORD = rf"(?<![\d.])(\d{{1,3}}){_RESULT}(?:(\d{{1,3}}){_RESULT})?(?:(\d{{1,3}}){_RESULT})?"


def _count(raw: str) -> str:
    return "两" if raw == "2" else number(raw)


def _side(raw: str) -> str:
    return say_decimal(raw) if "." in raw else number(raw)


def colon(match: re.Match[str]) -> str | None:
    """The ratio colon ∶ is always 比; an ASCII or full-width colon when ``is_score`` says so or when
    it cannot be a clock time (3:2, 1:10000, 78:96)."""
    left, right = match.group(1), match.group(2)
    if "∶" in match.group(0) or not _clock(left, right) or is_score(match):
        return f"{_side(left)}比{_side(right)}"
    return None


def _clock(left: str, right: str) -> bool:
    return len(left) <= 2 and left.isdigit() and int(left) <= 24 and len(right) == 2 and int(right) <= 59


def dash(match: re.Match[str]) -> str | None:
    return f"{number(match.group(1))}比{number(match.group(2))}" if is_score(match, strong=True) else None


def record(match: re.Match[str]) -> str:
    groups = match.groups()
    return "".join(_count(n) + word for n, word in zip(groups[::2], groups[1::2]) if n)


RULES = [Rule("score", COLON, colon), Rule("score", DASH, dash), Rule("score", SLASH, dash), Rule("score", RECORD, record)]
