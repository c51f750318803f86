"""Ingestion stage: an edition's bytes to clean Unicode text, or to articles when it is already split.

An edition is a page export (text, one or several pages), a folder of article files, or a JSON
file of articles. Encodings are detected; full-width letters and digits become ASCII.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..util.inputs import drop_unsafe, read_bounded
from ..types import ARTICLE_KINDS, READ_KINDS, Article

_MAX_BYTES = 50 * 1024 * 1024
_ARTICLE_SUFFIXES = (".txt", ".md")
#: Half-width CJK punctuation (｡｢｣､) that some exports use, to the usual forms.
_HALFWIDTH_PUNCT = str.maketrans({"｡": "。", "｢": "「", "｣": "」", "､": "、", "･": "·"})
#: Header keys of an article file, English or Chinese, to Article fields.
HEADER_KEYS = {
    "section": "section", "栏目": "section", "page": "page", "版面": "page", "版次": "page",
    "byline": "byline", "作者": "byline", "署名": "byline", "overline": "overline", "引题": "overline",
    "subtitle": "subtitle", "副题": "subtitle", "dateline": "dateline", "电头": "dateline",
    "kind": "kind", "continued_from": "continued_from", "continued_to": "continued_to",
}
_HEADER = re.compile(r"^\s*([A-Za-z_]+|[\u4e00-\u9fff]{2})\s*[:：]\s*(.*?)\s*$")
_TEXT_FIELDS = ("title", "overline", "subtitle", "byline", "dateline", "kind", "section", "page",
                "continued_from", "continued_to", "source", "reason")
_PAGE = re.compile(r"^([A-Za-z]?)0*(\d{1,3})$")


def decode_text(data: bytes, name: str = "input") -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK or Big5; refuse binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    if not data.strip():
        raise InputError(f"{name} is empty: give the edition's text file")
    if b"\x00" in data[:65536]:
        raise InputError(f"{name} looks binary, not text: export the page as plain text (UTF-8)")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    detected = detect(data)
    if detected is None:
        raise InputError(f"{name} is in an unknown encoding: save it as UTF-8 and run again")
    return detected[0]


def detect(data: bytes) -> tuple[str, str] | None:
    """Text and encoding of bytes that are not UTF-8: GB18030/GBK or Big5, as charset-normalizer
    judges (the two share byte ranges); None when neither fits."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_8"]).best()
    return None if best is None or not best.encoding else (str(best), best.encoding)


def clean_text(text: str) -> str:
    """Unify line ends and full-width ASCII (０-９, Ａ-Ｚ); drop control characters, lone
    surrogates and noncharacters (U+FFFE/U+FFFF), which no feed, tag or transcript can hold."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
    text = drop_unsafe(text.translate(_HALFWIDTH_PUNCT))
    out = []
    for char in text:
        code = ord(char)
        if 0xFF01 <= code <= 0xFF5E and (char.isalnum() or char in "％．－／"):
            char = chr(code - 0xFEE0)
        elif unicodedata.category(char) == "Cc" and char not in "\n\t":
            continue
        out.append(char)
    return "".join(out)


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, read with a bound: a device or a FIFO (/dev/zero) never ends."""
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise InputError(f"{path} is larger than 50 MB: split the edition into pages")
        return read_bounded(path, _MAX_BYTES)
    except IsADirectoryError as exc:
        raise InputError(f"{path} is a folder: give the edition's text file") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path} ({exc.strerror}): check the path; an edition is "
                         f"a regular file of at most 50 MB") from exc


def read_edition_text(path: Path) -> str:
    """The cleaned text of an edition file, with a clear error for unreadable input."""
    return clean_text(decode_text(_read_bytes(path), str(path)))


def _page(value: str, where: str) -> str:
    """01, 1 and A2 the way page markers are read (01, 01, A02)."""
    if not value:
        return ""
    match = _PAGE.match(value.strip())
    if match is None:
        raise InputError(f"{where}: page '{value}' is not a page number: write it like 02 or A02")
    return f"{match.group(1).upper()}{int(match.group(2)):02d}"


def _article(fields: dict[str, str], paragraphs: tuple[str, ...],
             spans: list[tuple[int, int]]) -> Article:
    """An Article from validated text fields (missing ones empty) and its line spans."""
    text = {k: fields.get(k, "") for k in _TEXT_FIELDS}
    return Article(
        title=text["title"], paragraphs=paragraphs, kind=text["kind"] or "article",
        overline=text["overline"], subtitle=text["subtitle"], byline=text["byline"],
        dateline=text["dateline"], section=text["section"], page=text["page"],
        continued_from=text["continued_from"], continued_to=text["continued_to"], reason=text["reason"],
        source=text["source"], source_lines=spans[0], more_lines=tuple(spans[1:]))


def _pages(fields: dict[str, str], where: str) -> dict[str, str]:
    """Page numbers (page and both jump ends) written the one way segmentation writes them."""
    keys = ("page", "continued_from", "continued_to")
    return {**fields, **{k: _page(fields[k], where) for k in keys if k in fields}}


def _kind(value: str, where: str) -> str:
    kind = value or "article"
    if kind not in ARTICLE_KINDS:
        raise InputError(f"{where}: kind '{value}' is unknown: use one of {', '.join(ARTICLE_KINDS)}")
    return kind


def parse_article_file(text: str, name: str) -> Article:
    """First non-blank line the title (a Markdown '#' is dropped), then `key: value` headers, then body."""
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1)]
    rest = [(n, line) for n, line in lines if line]
    if not rest:
        raise InputError(f"{name} is empty: write the title on the first line and the text below it")
    title = rest[0][1].lstrip("#").strip()
    fields: dict[str, str] = {}
    index = 1
    while index < len(rest) and (match := _HEADER.match(rest[index][1])):
        key = HEADER_KEYS.get(match.group(1).lower())
        if key is None:
            break
        fields[key] = match.group(2)
        index += 1
    body = rest[index:]
    if not body:
        raise InputError(f"{name} has a title but no text: add the article's text below the title "
                         f"or remove the file")
    fields.update(title=title, source=name, kind=_kind(fields.get("kind", ""), name))
    return _article(_pages(fields, name), tuple(line for _n, line in body),
                    [(body[0][0], body[-1][0])])


def read_article_folder(folder: Path) -> list[Article]:
    """One article per .txt/.md file, in file-name order (name them 01-…, 02-… to set the order)."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in _ARTICLE_SUFFIXES)
    if not files:
        raise InputError(f"{folder} holds no .txt or .md files: put one article per file in it")
    return [parse_article_file(clean_text(decode_text(_read_bytes(p), str(p))), clean_text(p.name))
            for p in files]


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(value.split("\n"))
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{where}: '{key}' must be a list of strings: fix the JSON")
    return tuple(value)


def _spans(value: Any, where: str) -> list[tuple[int, int]]:
    """[3, 23] or [[3, 23], [140, 160]] (what `audiopaper segment --json` writes)."""
    if value is None:
        return [(0, 0)]
    spans = [value] if isinstance(value, list) and value and _is_line(value[0]) else value
    if not isinstance(spans, list) or not spans or not all(_is_span(v) for v in spans):
        raise InputError(f"{where}: 'source_lines' must be [first, last] line numbers, or a list "
                         f"of such pairs, like [[3, 23], [140, 160]]: fix the JSON")
    return [(a, b) for a, b in spans]


def _is_line(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31


def _is_span(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(map(_is_line, value))


def article_from_record(record: Any, where: str) -> Article:
    """One JSON object to an Article; unknown keys are errors so a typo cannot drop text."""
    if not isinstance(record, dict):
        raise InputError(f"{where} must be an object with a title and paragraphs: fix the JSON")
    unknown = sorted(set(record) - set(_TEXT_FIELDS) - {"paragraphs", "text", "source_lines"})
    if unknown:
        raise InputError(f"{where}: unknown key '{unknown[0]}': use title, paragraphs (or text), "
                         f"{', '.join(_TEXT_FIELDS[1:])}")
    fields = {k: record.get(k, "") for k in _TEXT_FIELDS}
    bad = [k for k, v in fields.items() if not isinstance(v, str)]
    if bad:
        raise InputError(f"{where}: '{bad[0]}' must be a string: fix the JSON")
    fields = {k: clean_text(v) for k, v in fields.items()}  # "\u0001", "\ud800" are escapes
    paragraphs = tuple(clean_text(p) for p in _strings(
        record.get("paragraphs", record.get("text", [])), "paragraphs", where))
    spans = _spans(record.get("source_lines"), where)
    fields["kind"] = _kind(fields["kind"], where)
    if not fields["title"] and fields["kind"] in READ_KINDS:
        raise InputError(f"{where} has no title: give every article a \"title\"")
    return _article(_pages(fields, where), tuple(p for p in paragraphs if p.strip()), spans)


def read_article_json(path: Path) -> list[Article]:
    """A JSON list of articles, or an object whose "articles" is that list."""
    try:
        data = json.loads(clean_text(decode_text(_read_bytes(path), str(path))))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path} is not valid JSON (line {exc.lineno}: {exc.msg}): fix it") from exc
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number, lists nested 100,000 deep
        raise InputError(f"{path} cannot be read as articles ({str(exc)[:80]}): fix the JSON") from exc
    if isinstance(data, dict):
        data = data.get("articles")
    if not isinstance(data, list):
        raise InputError(f"{path} must hold a list of articles (or {{\"articles\": [...]}}): fix the JSON")
    return [article_from_record(r, f"{path}: article {n}") for n, r in enumerate(data, 1)]
