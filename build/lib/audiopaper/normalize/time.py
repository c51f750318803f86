"""Clock times: 14:30 => 十四点三十分, 9:05 => 九点零五分, 11:00 => 十一点, 8:00 a.m. => 上午八点;
9时30分 => 九时三十分. Race times: 9秒72 => 九秒七二, 1′23″45 => 一分二十三秒四五,
1:59.40 => 一分五十九秒四零, 用时2:05:30 => 两小时零五分三十秒 (hundredths digit by digit, as a
commentator says them). Whether a colon is a time or a score is decided in score.py (``is_score``).
"""

from __future__ import annotations

import re

from .base import MEASURE, Rule, before
from .cardinal import cardinal, digits, number
from .score import is_score

_AMPM = r"(?:\s?([AaPp])\.?[Mm]\.?(?![A-Za-z]))?"
CLOCK = rf"(?<![\d.:])([01]?\d|2[0-4])[:：]([0-5]\d)(?:[:：]([0-5]\d))?(?![\d:]){_AMPM}"
CHINESE = r"(?<![\d.])([01]?\d|2[0-4])([时点])([0-5]?\d)分(?:([0-5]?\d)秒)?"
#: Seconds and hundredths: 9秒72, 2分03秒45, 1′23″45, 1'23"45, 23″45.
SPLIT = (r"(?<![\d.])(?:(\d{1,2})(?:分|[′']))?(\d{1,2})(?:秒|[″\"])(\d{1,3})(?![\d.:])"
         rf"(?!{MEASURE})")
#: Minutes and seconds written with primes, no hundredths: 1′23″ (a plain 2分03秒 needs no rule).
PRIMES = r"(?<![\d.])(\d{1,3})(?:′|'(?=\d{1,2}\"))(?:(\d{1,2})[″\"])?"
#: m:ss.xx is always a race time; h:mm:ss is one after a word about a result.
LAP = r"(?<![\d.:])(\d{1,2})[:：]([0-5]\d)\.(\d{1,3})(?![\d.:])"
RACE = r"(?<![\d.:])(\d{1,2})[:：]([0-5]\d)[:：]([0-5]\d)(?:\.(\d{1,3}))?(?![\d:])"
_RESULT_WORDS = ("成绩", "用时", "耗时", "跑出", "游出", "纪录", "记录", "完赛", "夺冠", "以")
_RESULT_AFTER = ("的成绩", "的个人最好成绩", "的纪录", "的世界纪录", "的亚洲纪录", "的全国纪录", "的赛会纪录",
                 "夺冠", "完赛", "冲过终点", "撞线")
#: m:ss before a result word (跑出4:05的成绩): minutes and seconds, not a clock or a score.
MINSEC = r"(?<![\d.:])(\d{1,2})[:：]([0-5]\d)(?![\d:：.])"


def _is_result(match: re.Match[str]) -> bool:
    return match.string.startswith(_RESULT_AFTER, match.end())


def _hour(hour: int) -> str:
    return "两" if hour == 2 else cardinal(hour)


def _minutes(raw: str) -> str:
    """05 => 零五分: the 零 tells the listener it is five past, not fifty."""
    number = int(raw)
    return ("零" if len(raw) == 2 and number < 10 else "") + cardinal(number) + "分"


def _seconds(raw: str) -> str:
    return cardinal(int(raw)) + "秒"


def clock(match: re.Match[str]) -> str | None:
    if is_score(match):
        return None
    hour, minute, second, half = match.groups()
    half_day = {"a": "上午", "p": "下午"}.get((half or "").lower(), "") if int(hour) <= 12 else ""
    text = half_day + _hour(int(hour)) + "点"
    if int(minute) or (second and int(second)):
        text += _minutes(minute)
    if second and int(second):
        text += _seconds(second)
    return text


def chinese(match: re.Match[str]) -> str:
    hour, word, minute, second = match.groups()
    text = _hour(int(hour)) + word + _minutes(minute)
    return text + (_seconds(second) if second else "")


def _race(minutes: str | None, seconds: str, hundredths: str | None) -> str:
    text = f"{_hour(int(minutes))}分" if minutes else ""
    text += (_minutes(seconds)[:-1] if minutes else number(seconds)) + "秒"
    return text + (digits(hundredths) if hundredths else "")


def split(match: re.Match[str]) -> str:
    return _race(*match.groups())


def primes(match: re.Match[str]) -> str:
    minutes, seconds = match.groups()
    return f"{_hour(int(minutes))}分" + (_minutes(seconds)[:-1] + "秒" if seconds else "")


def lap(match: re.Match[str]) -> str | None:
    return None if is_score(match) else _race(*match.groups())


def race(match: re.Match[str]) -> str | None:
    """h:mm:ss after 成绩/用时…: hours, minutes and seconds of a race, not a clock reading."""
    if not _is_result(match) and not any(word in before(match, 8) for word in _RESULT_WORDS):
        return None
    hours, minutes, seconds, hundredths = match.groups()
    return f"{_hour(int(hours))}小时{_minutes(minutes)}" + _race(None, seconds, hundredths)


#: A lone 2 before 时 (an hour: 凌晨2时许) or 分 (minutes, points: 得2分) is 两, as a count is said.
TWO = r"(?<![\d.])2(?=时(?![间代期尚刻候节事段势空机装])|分(?![之钟]))"


def minsec(match: re.Match[str]) -> str | None:
    return _race(match.group(1), match.group(2), None) if _is_result(match) else None


RULES = [Rule("time", RACE, race), Rule("time", LAP, lap), Rule("time", MINSEC, minsec),
         Rule("time", CLOCK, clock), Rule("time", CHINESE, chinese), Rule("time", SPLIT, split),
         Rule("time", PRIMES, primes), Rule("time", TWO, lambda m: "两")]
