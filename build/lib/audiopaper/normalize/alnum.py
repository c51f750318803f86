"""Letters with digits: 5G => 五G, G3 => G三, HDR10 => HDR十, A320 => A三二零, COVID-19 => COVID十九.

Letters are left for the voice to spell; digit runs of one or two digits are numbers (G20 => G二十),
longer ones are model codes read digit by digit, except a round hundred or thousand in a model name,
said as a number the way presenters say it (AG600 => AG六百, 9000S => 九千S, H800 => H八百); a route or
train (G100国道, K100次) stays digit by digit. Whole words with a fixed reading are data
(data/alnum.tsv: O2O => O to O, PM2.5 => PM二点五). A dot after letters is 点: XBB.1.5 => XBB点一点五.
"""

from __future__ import annotations

import re

from .base import Rule, alternation
from .cardinal import cardinal, digits, number
from .tables import table

WHOLE = rf"(?<![A-Za-z0-9])(?:{alternation(table('alnum'))})(?![A-Za-z0-9])"
PATTERN = (r"(?<![A-Za-z0-9.])(?=[A-Za-z0-9-]*[A-Za-z])(?=[A-Za-z0-9.-]*\d)"
           r"[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*(?![A-Za-z0-9])")
_RUN = re.compile(r"\d+(?:\.\d+)+|\d+|[A-Za-z]+|[-.]")


#: Words after a code that make it a route or a train number, read digit by digit even when round.
_ROUTE = ("次", "国道", "省道", "县道", "线", "路", "号", "高速")


def _round(run: str) -> bool:
    """A round hundred or thousand (600, 9000): one leading digit then zeros."""
    return len(run) in (3, 4) and run[0] != "0" and not run[1:].strip("0")


def _run(run: str, model: bool = False) -> str:
    if run in "-.":
        return ""
    if run.count(".") > 1:
        return "点".join(_run(part) for part in run.split("."))
    if "." in run:
        whole, _, fraction = run.partition(".")
        return f"{number(whole, liang=False)}点{digits(fraction)}"
    if not run.isdigit():
        return run
    if (len(run) <= 2 and not run.startswith("0")) or (model and _round(run)):
        return cardinal(int(run), liang=False)
    return digits(run)


def verbalize(match: re.Match[str]) -> str:
    model = not match.string[match.end():match.end() + 2].startswith(_ROUTE)
    runs = _RUN.findall(match.group(0))
    # a dot between letters and a number is said (XBB.1.5 => XBB点一点五, the variant's name)
    return "".join("点" if run == "." and runs[i - 1].isalpha() and runs[i + 1][:1].isdigit()
                   else _run(run, model) for i, run in enumerate(runs))


RULES = [Rule("alnum", WHOLE, lambda m: table("alnum")[m.group(0)])]
GENERAL = Rule("alnum", PATTERN, verbalize)
