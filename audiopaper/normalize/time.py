"""Clock times: 14:30 => 十四点三十分, 9:05 => 九点零五分, 11:00 => 十一点, 8:00 a.m. => 上午八点;
9时30分 => 九时三十分; and scores, which share the colon: 比分78:96 => 七十八比九十六.
"""

from __future__ import annotations

import re

from .base import Rule, before
from .cardinal import cardinal

_AMPM = r"(?:\s?([AaPp])\.?[Mm]\.?(?![A-Za-z]))?"
CLOCK = rf"(?<![\d.:])([01]?\d|2[0-4])[:：]([0-5]\d)(?:[:：]([0-5]\d))?(?![\d:]){_AMPM}"
CHINESE = r"(?<![\d.])([01]?\d|2[0-4])([时点])([0-5]?\d)分(?:([0-5]?\d)秒)?"
SCORE = r"(?<![\d.:])(\d{1,3})[:：](\d{1,3})(?![\d:])"
#: The ratio colon (∶, U+2236) is never a time: 1∶2 => 一比二.
RATIO = r"(?<![\d.])(\d+)∶(\d+)(?![\d])"
_SCORE_WORDS = ("比分", "比赛", "战胜", "击败", "爆冷", "比数", "战成", "赢", "输", "打成")


def _hour(hour: int) -> str:
    return "两" if hour == 2 else cardinal(hour)


def _minutes(raw: str) -> str:
    """05 => 零五分: the 零 tells the listener it is five past, not fifty."""
    number = int(raw)
    return ("零" if len(raw) == 2 and number < 10 else "") + cardinal(number) + "分"


def _seconds(raw: str) -> str:
    return cardinal(int(raw)) + "秒"


def _is_score(match: re.Match[str]) -> bool:
    return any(word in before(match, 8) for word in _SCORE_WORDS)


def clock(match: re.Match[str]) -> str | None:
    if _is_score(match):
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


def score(match: re.Match[str]) -> str:
    return f"{cardinal(int(match.group(1)))}比{cardinal(int(match.group(2)))}"


RULES = [Rule("time", CLOCK, clock), Rule("time", CHINESE, chinese), Rule("score", SCORE, score),
         Rule("score", RATIO, score)]
