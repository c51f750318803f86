"""Numbers that are names or codes, not counts: 520当天 => 五二零当天, 运-20 => 运二十, 长征-2F => 长征二F,
（600519） => （六零零五一九）, K123+500 => K一百二十三加五百, 302路 => 三零二路, 601室 => 六零一室,
鲁A·12345 => 鲁A一二三四五, ISBN 978-7-111-12345-6 => ISBN 九七八七一一一一二三四五六, lottery balls, and any run
of 13 digits or more (IDs, accounts).

Codes say 一 for 1 (telephone numbers and hotlines, phone.py, say 幺). A model's hyphen is silent and its
number is read as the name is said (运二十, 空警两千); a hyphen after a word is a model only after a series
in data/model_names.tsv or before a letter suffix (2F, 10C), so 计算-2 stays 负二.
"""

from __future__ import annotations

import re

from .base import Rule, alternation, before, compiled, is_quantity
from .cardinal import cardinal, digits
from .tables import table

NAMED = rf"(?<![\d.,·])(?:{alternation(table('number_names'))})(?![\d.,%‰·])"
#: One fixed-width look-behind per length of series name (re needs fixed widths), so the span starts
#: at the hyphen and the scan does not stop at every 长 or 天 of the text.
_SERIES = "|".join(f"(?<={alternation(w for w in table('model_names') if len(w) == n)})"
                   for n in sorted({len(w) for w in table("model_names")}))
MODEL = (rf"(?:(?:{_SERIES})[-－—–](\d{{1,4}}[A-Z]{{0,2}})|(?<=[\u4e00-\u9fff])[-－—–](\d{{1,3}}[A-Z]{{1,2}}))"
         r"(?![\d.%‰℃A-Za-z])")
STOCK = (r"(?<=[(（])\d{6}(?:\.(?:SH|SZ|BJ|HK))?(?=[)）])"
         r"|(?<![\d.])\d{5,6}\.(?:SH|SZ|BJ|HK)(?![A-Za-z])")
KM_POST = r"(?<![A-Za-z])K(\d{1,4})(?:\+(\d{1,3})|(?=处|附近|路段|至K|到K|[-—～~]K))(?![\d.])"
#: A room of three or four digits is said digit by digit (601室 => 六零一室), as door plates are read.
ROOM = r"(?<![\d.])\d{3,4}(?=室|房间|宿舍)"
#: A bus route of three digits or more is said digit by digit, as its stop signs are read (三零二路).
ROUTE = r"(?<![\d.A-Za-z])\d{3,}(?=路(?:公交|车|电车|专线|、|和|及|[0-9A-Z]))"
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE = rf"(?<=[{_PROVINCES}])([A-Z])[·・•\s]?([A-Z0-9]{{5,6}})(?![A-Za-z0-9])"
ISBN = r"(?<![A-Za-z])(ISBN|ISSN)[:：]?\s?((?:\d[-\s]?){7,12}[\dX])(?![\d-])"
LONG = r"(?<![\d.,])\d{13,}[Xx]?(?![\d.])"
#: Codes of ten or more capitals and digits, both (统一社会信用代码 91370900MA3C12345X): one by one.
MIXED = r"(?<![A-Za-z0-9])(?=[0-9A-Z]*[A-Z])(?=[0-9A-Z]*\d)[0-9A-Z]{10,}(?![A-Za-z0-9])"
#: A number of three digits or more alone in quotes is a code to type or say back (回复“123”), unless it
#: is round (“100”: a count).
QUOTED = r"(?<=[“\"‘'])\d+(?<!00)(?<=\d{3})(?=[”\"’'])"


#: Lottery balls after 开奖号码/红球/蓝球…, each two digits said one by one (零三、一二), as a draw is read.
BALL = r"(?<![\d.])\d{2}(?![\d.%])"
_CUE = r"(?:开奖号码|中奖号码|红球|蓝球|前区|后区|号码)(?:号码)?(?:为|是|：|:)?"
_DRAW = compiled(rf"{_CUE}[\d、，,\s+]*(?:[，,；;]?\s?{_CUE}[\d、，,\s+]*)*$")


def ball(match: re.Match[str]) -> str | None:
    ahead = before(match, 40)
    if not any(c in ahead for c in "码区球"):  # cheap test first: most two-digit numbers are counts
        return None
    return digits(match.group(0)) if _DRAW.search(ahead) else None


#: A serial's registration (CN 37-0001, 邮发代号 23-1): digits one by one, the hyphen said 杠.
SERIAL = r"(?:(?<![A-Za-z])CN\s?|(?<=代号)\s?)\d{1,4}-\d{1,4}(?:/[A-Z]\d?)?(?![\d-])"
#: A lettered page (A01版 => A一版), counted like a page number.
PAGE = r"(?<![A-Za-z0-9])([A-Z])0*([1-9]\d?)(?=版)"


def serial(match: re.Match[str]) -> str:
    return "".join("杠" if c == "-" else digits(c) if c.isdigit() else c for c in match.group(0)
                   if c != "/" and not c.isspace())


#: A number of three or four digits after a Latin name and a space is a model (RTX 4090, ISO 9001);
#: after 波音 too (波音737 => 波音七三七).
LATIN_MODEL = r"(?:(?<=[A-Za-z] )|(?<=波音))\d{3,4}(?![\d.,%‰])"


def latin_model(match: re.Match[str]) -> str | None:
    return None if is_quantity(match) else digits(match.group(0))


def named(match: re.Match[str]) -> str | None:
    """Digit by digit unless a count follows; 分 (points, marks: 录取分数线520分) counts here too,
    though it is no measure word elsewhere (9时30分, 分公司)."""
    if is_quantity(match) or match.string.startswith("分", match.end()):
        return None
    return table("number_names")[match.group(0)]


def model(match: re.Match[str]) -> str:
    """The number of a model, as its name is said: 20 => 二十, 2F => 二F, 500 => 五百."""
    raw = match.group(1) or match.group(2)
    count = raw.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return cardinal(int(count)) + raw[len(count):]


def stock(match: re.Match[str]) -> str:
    return digits(match.group(0).split(".")[0])


def km_post(match: re.Match[str]) -> str:
    """Kilometre post: kilometres, then metres after 加 (K123+500 => K一百二十三加五百)."""
    km, metres = match.groups()
    if metres is None:
        return f"K{cardinal(int(km))}"
    spoken_metres = digits(metres) if metres.startswith("0") else cardinal(int(metres))
    return f"K{cardinal(int(km))}加{spoken_metres}"


def plate(match: re.Match[str]) -> str:
    letter, rest = match.groups()
    return letter + digits(rest)


def spelled(match: re.Match[str]) -> str:
    return digits(match.group(0))


def isbn(match: re.Match[str]) -> str:
    return f"{match.group(1)} " + digits(re.sub(r"[-\s]", "", match.group(2)))


RULES = [Rule("code", ISBN, isbn), Rule("code", SERIAL, serial),
         Rule("code", PAGE, lambda m: m.group(1) + cardinal(int(m.group(2)))),
         Rule("code", KM_POST, km_post), Rule("code", PLATE, plate), Rule("code", MODEL, model),
         Rule("code", STOCK, stock), Rule("code", ROUTE, spelled), Rule("code", ROOM, spelled),
         Rule("code", LONG, spelled), Rule("code", MIXED, spelled), Rule("code", QUOTED, spelled),
         Rule("code", NAMED, named), Rule("code", LATIN_MODEL, latin_model), Rule("code", BALL, ball)]
