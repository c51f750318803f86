"""E-paper families as data (``data/families.tsv``): how to know one, and where its fields are.

A family is recognized from the page's own URL and its links' names (``node_N.htm`` and
``content_N.htm``, ``pc/layout/…``, ``PageNN``/``ArticelNN``, ``YYYYMMDD_001/``), never from a
list of papers. A producer whose paper's template differs names other selectors or link patterns
in ``[source]`` of audiopaper.toml; they are checked when the config is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from lxml import etree

from ...errors import ConfigError

#: The fields an article page is read for, in the order a reader meets them.
FIELDS = ("overline", "title", "subtitle", "byline", "body", "date")
#: Keys a producer may override in [source] besides the fields.
LINK_KEYS = ("page_link", "article_link", "page_list")


@dataclass(frozen=True)
class Selector:
    """One CSS or XPath selector, compiled; ``text`` is what the producer or the table wrote."""

    text: str
    xpath: etree.XPath = field(compare=False, repr=False)

    def __call__(self, root: etree._Element) -> list[etree._Element]:
        found = self.xpath(root)
        return [e for e in found if isinstance(e, etree._Element)] if isinstance(found, list) else []


@dataclass(frozen=True)
class Family:
    """One template family: how to recognize it, its link patterns and its field selectors."""

    name: str
    recognize: tuple[re.Pattern[str], ...] = ()
    page: tuple[re.Pattern[str], ...] = ()
    article: tuple[re.Pattern[str], ...] = ()
    pagelist: tuple[Selector, ...] = ()
    fields: Mapping[str, tuple[Selector, ...]] = field(default_factory=dict)

    def is_page(self, path: str) -> bool:
        return any(p.search(path) for p in self.page)

    def article_id(self, path: str) -> str | None:
        """The content id of an article link ('' groups count as the path), or None."""
        for pattern in self.article:
            match = pattern.search(path)
            if match:
                return match.groupdict().get("id") or match.group(0)
        return None


def compile_selector(text: str, where: str) -> Selector:
    """A CSS selector, or XPath when it starts with '/' or '(' ; a ConfigError when neither."""
    text = text.strip()
    try:
        if text.startswith(("/", "(")):
            return Selector(text, etree.XPath(text))
        from cssselect import GenericTranslator, SelectorError

        try:
            return Selector(text, etree.XPath(GenericTranslator().css_to_xpath(text)))
        except SelectorError as exc:
            raise ConfigError(f"{where}: {text!r} is not a CSS selector ({exc}): write it like "
                              f"h1.title or div#main-title (or XPath starting with //)") from exc
    except etree.XPathSyntaxError as exc:
        raise ConfigError(f"{where}: {text!r} is not an XPath expression ({exc}): fix it, or "
                          f"write a CSS selector") from exc


def compile_selectors(text: str, where: str) -> tuple[Selector, ...]:
    """Alternatives tried in order: 'h1, #main-title' (XPath is one selector, commas and all)."""
    if text.strip().startswith(("/", "(")):
        return (compile_selector(text, where),)
    return tuple(compile_selector(part, where) for part in text.split(",") if part.strip())


def compile_pattern(text: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(text)
    except re.error as exc:
        raise ConfigError(f"{where}: {text!r} is not a regular expression ({exc}): fix it "
                          f"(escape . ( ) with a backslash)") from exc


@lru_cache(maxsize=1)
def families() -> tuple[Family, ...]:
    """The shipped families, in the order they are tried, each with the common fallbacks."""
    table = resources.files(__package__).joinpath("data/families.tsv").read_text("utf-8")
    rows: dict[str, dict[str, list[str]]] = {}
    for number, line in enumerate(table.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, key, value = line.split("\t")
        if key not in ("recognize", "page", "article", "pagelist", *FIELDS):
            raise ConfigError(f"families.tsv line {number}: unknown key {key!r}")
        rows.setdefault(name, {}).setdefault(key, []).append(value)
    common = rows.pop("*", {})
    return tuple(_family(name, keys, common) for name, keys in rows.items())


def _family(name: str, keys: dict[str, list[str]], common: dict[str, list[str]]) -> Family:
    where = f"families.tsv {name}"

    def sels(key: str, rows: Iterable[str]) -> tuple[Selector, ...]:
        return tuple(s for row in rows for s in compile_selectors(row, f"{where} {key}"))

    return Family(
        name=name,
        recognize=tuple(compile_pattern(v, where) for v in keys.get("recognize", [])),
        page=tuple(compile_pattern(v, where) for v in keys.get("page", [])),
        article=tuple(compile_pattern(v, where) for v in keys.get("article", [])),
        pagelist=sels("pagelist", keys.get("pagelist", [])),
        fields={k: sels(k, keys.get(k, []) + common.get(k, [])) for k in FIELDS})


def family_named(name: str) -> Family:
    for family in families():
        if family.name == name:
            return family
    known = ", ".join(f.name for f in families())
    raise ConfigError(f"source.family {name!r} is unknown: use one of {known}, or leave it out "
                      f"to recognize the site")


def recognize(paths: Iterable[str]) -> Family | None:
    """The first family (in the table's order) whose marks appear in the page's paths."""
    paths = list(paths)
    scores = [(sum(1 for p in paths if any(r.search(p) for r in f.recognize)), -n, f)
              for n, f in enumerate(families())]
    best = max(scores, key=lambda s: (s[0], s[1]))
    return best[2] if best[0] else None


@dataclass(frozen=True)
class Overrides:
    """A paper's own selectors and link patterns from ``[source]`` (empty: the family's)."""

    family: str = ""
    values: tuple[tuple[str, str], ...] = ()

    def apply(self, family: Family) -> Family:
        """The family with the producer's choices first (they win over the table's)."""
        fields = dict(family.fields)
        out = family
        for key, value in self.values:
            if not value:
                continue
            where = f"source.{key}"
            if key == "page_link":
                out = replace(out, page=(compile_pattern(value, where),))
            elif key == "article_link":
                out = replace(out, article=(compile_pattern(value, where),))
            elif key == "page_list":
                out = replace(out, pagelist=compile_selectors(value, where))
            else:
                fields[key] = compile_selectors(value, where) + fields.get(key, ())
        return replace(out, fields=fields)


def check_overrides(overrides: Overrides) -> None:
    """Compile everything a producer wrote, so a typo fails when the config is loaded."""
    if overrides.family:
        family_named(overrides.family)
    overrides.apply(Family("check"))
    for key, value in overrides.values:
        if key == "article_link" and value and "(?P<id>" not in value:
            raise ConfigError("source.article_link must name the content id as (?P<id>…), like "
                              r"'content_(?P<id>\d+)\.htm$'")
