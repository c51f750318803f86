"""What the furniture of a Chinese news page looks like: bylines, datelines, credits, jumps, labels.

Each function answers one question about one block's text; the builder decides with context.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from . import structure
from .text import page_id

_NAME = r"[\u4e00-\u9fff·]{2,4}"
#: The marks papers set before a byline: □ 林木, ◎本报记者 …, ■ 文/图 …
MARKS = "□■◆◇●○◎▲△★☆▶►•"
_MARK = rf"[{MARKS}]"
#: A newsroom named before a role: 青溪县融媒体中心记者, 晚报记者, 东岳广播电视台记者.
ORG = (r"[\u4e00-\u9fff·]{0,10}?(?:新闻|融媒体中心|融媒中心|新闻中心|广播电视台|电视台|广播电台|报社|日[报報]|晚[报報]|"
       r"早[报報]|晨[报報]|都市[报報]|法治[报報]|法制[报報]|时[报報]|商[报報]|青年[报報]|新闻网|客户端)")
_AGENCY = (r"(?:本[报報]|本刊|新[华華]社|中新社|人民日[报報]|央[视視](?:[记記]者)?|[据據]新[华華]社|"
           rf"{ORG})")
_ROLE = (rf"{_AGENCY}?(?:特约|特約|实习|實習|见习|見習|驻[\u4e00-\u9fff]{{1,4}}|摄影|攝影|全媒体|融媒体|首席|资深){{0,2}}"
         r"(?:[记記]者|通[讯訊][员員]|实习生|實習生|评论员|評論員|特约评论员|[编編][辑輯]|撰稿人?)")
#: Words after a role that are not a name: 评论员文章 is a column.
_NOT_NAMES = ("文章", "手记", "观察", "来信")
_SPACED_NAME = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=[□■◆◇●○◎▲△★☆▶►•]))([\u4e00-\u9fff])[ \u3000]+([\u4e00-\u9fff])(?=\s|$)")
_ROLE_WORD = re.compile(r"[记記]者|通[讯訊][员員]|实习生|评论员|[编編][辑輯]|撰稿|[文图圖摄攝]\s*[/：:]")
_CREDIT_WORD = r"(?:文|图|圖|文/图|图/文|文/摄|撰文|文图|图文)"
#: What one person did, after the name: 赵六/文, 李七/图.
_NAME_CREDIT = r"(?:\s*/\s*[文图圖摄攝])?"
_BYLINE = re.compile(
    rf"^{_MARK}?\s*(?:{_CREDIT_WORD}\s*[/：:]?\s*)?{_ROLE}\s*{_NAME}{_NAME_CREDIT}"
    rf"(?:\s*[、\s]\s*(?:{_CREDIT_WORD}\s*[/：:]\s*)?(?:{_ROLE}\s*)?{_NAME}{_NAME_CREDIT})*"
    rf"(?:\s*(?:摄影报道|报道|摄|文/图|图/文|[\u4e00-\u9fff]{{2,5}}供图))?\s*$"
    rf"|^{_MARK}?\s*{_CREDIT_WORD}\s*[/：:]\s*{_NAME}(?:\s+{_NAME})*\s*$"
    rf"|^{_MARK}\s*{_NAME}(?:\s+{_NAME})?\s*$"
    rf"|^{_MARK}?\s*{_AGENCY}?(?:特约)?评论员\s*$")
_DATELINE = re.compile(
    r"^(?P<dateline>[据據]?(?:本[报報]|本刊|新[华華]社|中新社|人民日[报報]|央[视視]新[闻聞]|[经經]济日[报報]|光明日[报報])[^（(，。：:\s]{0,16}?(?:[讯訊](?![员員])|[电電]))"
    r"\s*(?:[（(](?P<byline>[^（()）]{1,40})[）)])?\s*")
_CREDIT = re.compile(
    r"[（(]?\s*(?P<credit>(?:(?:本[报報]|特[约約]|新[华華]社|中新社|人民日[报報])?(?:[摄攝]影[记記]者|[记記]者|通[讯訊][员員]|实习生|實習生)\s*(?:[\u4e00-\u9fff·]{2,4})?"
    r"\s*(?:/\s*[文图圖摄攝]|[摄攝]影|[摄攝]|供[图圖])?\s*)+|[\u4e00-\u9fff·]{2,4}\s+[摄攝])\s*[）)]?$")
_CREDIT_END = ("摄", "摄影", "供图", "/文", "/图", "/摄", "攝", "攝影", "供圖", "/圖", "/攝")
_SPEAKER = re.compile(r"^([\u4e00-\u9fff]{1,4})[：:]\s*\S")
_ASKERS = frozenset({"记者", "記者", "问", "問", "答", "主持人", "编者"})
#: A page number in a jump marker: 01, A2, or in words (一版, 第十二版).
_PAGE_NO = (r"第?\s*([A-Za-z]?)\s*(\d{1,3}|[一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"
            r"\s*版")
_CONT_FROM = re.compile(rf"^[（(]\s*(?:上接|接|紧接|緊接|续|續)\s*{_PAGE_NO}\s*[）)]\s*")
_CONT_TO = re.compile(rf"\s*[（(]\s*(?:下[转轉]|[转轉]|续见|續見|接)\s*{_PAGE_NO}\s*[）)]\s*$")
_CN_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")}
_NOTICE = re.compile(r"(启事|啟事|公告|通知|声明|聲明|更正|通告|公示|讣告|訃告)$")
_MASTHEAD = re.compile(r"^[^\s，。！？、：；]{1,14}(?:日|晚|早|晨|周|时|時|商|导|導|青年|法制|法治|经济|經濟|农民|農民|科技|工人|"
                       r"妇女|婦女|都市|信息|文化|教育|健康)[报報]$")
_CLAUSES = re.compile(r"[，。！；、,!;\s]+")


def byline(text: str) -> str | None:
    """□记者 苏婷 => 记者 苏婷, （记者 张三）=> 记者 张三; None when the block is not a byline."""
    if len(text) > 40:
        return None
    bare = text[1:-1].strip() if text[:1] in "（(" and text[-1:] in "）)" else text
    bare = _SPACED_NAME.sub(r"\1\2", bare)  # 记者 宋 阳: a two-character name set letter-spaced
    if _BYLINE.match(bare) is None:
        return None
    name = bare.lstrip(MARKS + " ").strip()
    if name.endswith(_NOT_NAMES) or bare[:1] in MARKS and is_column_label(name):
        return None  # ■新华视点 is a column's name, not a writer's
    if structure.which("subhead", name):
        return None  # ■ 专家观点 is a paragraph head
    words = name.split()
    if bare[:1] in MARKS and len(words) > 1 and all(len(w) >= 4 for w in words) and not _ROLE_WORD.search(name):
        return None  # ■科技赋能 提质增效: two phrases, not two people
    return name


def dateline(text: str) -> tuple[str, str, str] | None:
    """本报3月14日讯（记者 郑凯）正文 => (本报3月14日讯, 记者 郑凯, 正文)."""
    match = _DATELINE.match(text)
    if match is None:
        return None
    return match.group("dateline"), (match.group("byline") or "").strip(), text[match.end():]


def credit(text: str) -> tuple[str, str] | None:
    """(text before, credit) when the block ends with a photo or text credit (记者 隋翔 摄)."""
    match = _CREDIT.search(text)
    if match is None:
        return None
    found = match.group("credit").strip()
    before = text[:match.start()].strip()
    if not found.endswith(_CREDIT_END) or len(found) > 40:
        return None
    if before and before[-1] not in "。！？!?”）)" and not text[match.start() - 1].isspace():
        return None
    return before, found


def speaker(text: str) -> str | None:
    """The speaker label of an interview turn (记者：…, 张青：…)."""
    match = _SPEAKER.match(text)
    return match.group(1) if match else None


def is_asker(label: str) -> bool:
    return label in _ASKERS


def _digits(number: str) -> str:
    """'12' => '12'; '一' => '1'; '十二' => '12'; '二十' => '20' (pages are numbered to 99 in words)."""
    if number.isdigit():
        return number
    tens, _, ones = number.rpartition("十")
    if "十" not in number:
        return str(_CN_DIGITS[number[-1]])
    return str((_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0))


def continued_from(text: str) -> tuple[str, str] | None:
    """(page, rest) for a block opening with （上接01版）."""
    match = _CONT_FROM.match(text)
    if match is None:
        return None
    return page_id(match.group(1), _digits(match.group(2))), text[match.end():]


def continued_to(text: str) -> tuple[str, str] | None:
    """(page, text before) for a block closing with （下转02版）."""
    match = _CONT_TO.search(text)
    if match is None:
        return None
    return page_id(match.group(1), _digits(match.group(2))), text[:match.start()]


def is_notice(title: str) -> bool:
    return _NOTICE.search(title) is not None


def is_masthead(text: str) -> bool:
    """The paper's name at the top of a page (春风里的小城早报)."""
    return _MASTHEAD.match(text) is not None


@lru_cache(maxsize=1)
def _column_words() -> tuple[str, ...]:
    data = resources.files(__package__).joinpath("data/columns.tsv").read_text(encoding="utf-8")
    return tuple(w.strip() for w in data.splitlines() if w.strip() and not w.startswith("#"))


_BRACKETED = re.compile(r"^[【〖［\[〔]\s*([^\s【】〖〗［］\[\]〔〕，。]{2,10})\s*[】〗］\]〕]$")


def label_name(text: str) -> str:
    """【岱宗时评】 => 岱宗时评; ■新华视点 => 新华视点."""
    found = _BRACKETED.match(text)
    return found.group(1) if found else text.lstrip(MARKS + " ").strip()


def is_column_label(text: str, extra: tuple[str, ...] = ()) -> bool:
    """政闻快报, 社区简讯, 【岱宗时评】: a short unpunctuated name ending with a column word.

    ``extra`` are a paper's own column names or words (``[segment] columns``).
    """
    if _BRACKETED.match(text):
        return True
    name = label_name(text)
    if len(name) > 8 or _CLAUSES.search(name):
        return False
    return name.endswith(_column_words() + extra)


def is_slogan(text: str) -> bool:
    """卫生从脚下起步，文明自你我做起。: two or more balanced clauses, no numbers or quotes."""
    if len(text) > 32 or re.search(r"[0-9“”\"《]", text):
        return False
    clauses = [c for c in _CLAUSES.split(text) if c]
    sizes = [len(c) for c in clauses]
    return len(clauses) >= 2 and min(sizes) >= 4 and max(sizes) <= 10 and max(sizes) - min(sizes) <= 1
