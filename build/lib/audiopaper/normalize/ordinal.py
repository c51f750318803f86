"""Ordinals: 第23届 => 第二十三届, 第2天 => 第二天 (never 两 after 第)."""

from __future__ import annotations

import re

from .base import Rule
from .cardinal import number

PATTERN = r"第\s?(\d+)(?![\d.])"


def verbalize(match: re.Match[str]) -> str:
    return "第" + number(match.group(1), liang=False)


RULES = [Rule("ordinal", PATTERN, verbalize)]
