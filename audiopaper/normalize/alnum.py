"""Letters with digits: 5G => 五G, G3 => G三, HDR10 => HDR十, A320 => A三二零, COVID-19 => COVID十九.

Letters are left for the voice to spell; digit runs of one or two digits are numbers (G20 => G二十),
longer ones are model codes read digit by digit. Whole words with a fixed reading are data
(data/alnum.tsv: O2O => O to O, PM2.5 => PM二点五).
"""

from __future__ import annotations

import re

from .base import Rule, alternation
from .cardinal import cardinal, digits, number
from .tables import table

WHOLE = rf"(?<![A-Za-z0-9])(?:{alternation(table('alnum'))})(?![A-Za-z0-9])"
PATTERN = (r"(?<![A-Za-z0-9.])(?=[A-Za-z0-9-]*[A-Za-z])(?=[A-Za-z0-9-]*\d)"
           r"[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*(?![A-Za-z0-9])")
_RUN = re.compile(r"\d+(?:\.\d+)+|\d+|[A-Za-z]+|[-.]")


def _run(run: str) -> str:
    if run in "-.":
        return ""
    if run.count(".") > 1:
        return "点".join(_run(part) for part in run.split("."))
    if "." in run:
        whole, _, fraction = run.partition(".")
        return f"{number(whole, liang=False)}点{digits(fraction)}"
    if not run.isdigit():
        return run
    return cardinal(int(run), liang=False) if len(run) <= 2 and not run.startswith("0") else digits(run)


def verbalize(match: re.Match[str]) -> str:
    return "".join(_run(run) for run in _RUN.findall(match.group(0)))


RULES = [Rule("alnum", WHOLE, lambda m: table("alnum")[m.group(0)])]
GENERAL = Rule("alnum", PATTERN, verbalize)
