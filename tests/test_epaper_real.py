"""Real e-paper pages (../shared/epaper/html, never copied here): what they show is what is read.

The expected article lists come from each page's own title list or map, found here with plain
regular expressions, independently of the reader's parser. Skipped where ../shared is absent.
"""

from __future__ import annotations

import re

import pytest

from audiopaper.ingest.epaper.article import parse_article
from audiopaper.ingest.epaper.charset import decode_html
from audiopaper.ingest.epaper.families import family_named, recognize
from audiopaper.ingest.epaper.http import Response
from audiopaper.ingest.epaper.site import (_document, _links, _page_facts, _page_list, _path,
                                           page_articles, url_date)

from paths import REPO

HTML = REPO.parent / "shared" / "epaper" / "html"
pytestmark = pytest.mark.skipif(not HTML.is_dir(), reason="../shared/epaper/html is absent")

#: Each real page at the address it had on its site.
PAGES = {
    "kjrb": ("kjrb-2023-02-10-p01-founder-node_2.htm",
             "http://digitalpaper.stdaily.com/http_www.kjrb.com/kjrb/html/2023-02/10/node_2.htm"),
    "rmrb": ("rmrb-2024-12-25-p01-pc-layout-node_01.html",
             "http://paper.people.com.cn/rmrb/pc/layout/202412/25/node_01.html"),
    "nmrb": ("nmrb-2024-09-09-p01-issuefolder.html",
             "https://szb.farmer.com.cn/2024/20240909/20240909_001/20240909_001.html"),
}


def _page(name: str):
    file, url = PAGES[name]
    data = (HTML / file).read_bytes()
    root, text = _document(Response(url, url, 200, data))
    family = recognize([_path(url)] + [_path(u) for _e, u in _links(root, url)])
    assert family is not None
    return root, text, url, family


@pytest.mark.parametrize("name, family, listed", [
    ("kjrb", "founder-classic", r"id=mp(\d+)>"),
    ("rmrb", "founder-pc", r'<a href="\.\./\.\./\.\./content/202412/25/content_(\d+)\.html">'),
    ("nmrb", "issue-folder", r'href="\.\./20240909_001/20240909_(001_\d+)\.htm'),
])
def test_a_real_page_gives_the_articles_it_lists(name, family, listed):
    root, text, url, found = _page(name)
    assert found.name == family
    refs = page_articles(root, url, found, url_date(url))
    assert sorted(r.id for r in refs) == sorted(set(re.findall(listed, text)))
    assert all(r.title and r.box for r in refs)


def test_the_lead_story_at_the_top_comes_first():
    root, _text, url, family = _page("kjrb")
    refs = page_articles(root, url, family, url_date(url))
    assert refs[0].title == "新时代十年伟大变革奠定坚实基础"  # the page's top block, and its list's first


@pytest.mark.parametrize("name, pages, ads", [("kjrb", 8, 0), ("rmrb", 20, 4)])
def test_a_real_page_lists_the_edition_s_pages(name, pages, ads):
    root, text, url, family = _page(name)
    listed = _page_list(root, url, family, url_date(url))
    assert len(listed) == pages == len(set(re.findall(r"id=\"?pageLink\"? href=\"?([^\">]+)", text)))
    assert {n for _u, n, _m in listed} == {f"{k:02d}" for k in range(1, pages + 1)}
    assert sum(m == "广告" for _u, _n, m in listed) == ads
    assert all(" " not in m and m for _u, _n, m in listed)


def test_the_issue_folder_page_states_its_own_number_and_name():
    root, _text, _url, _family = _page("nmrb")
    assert _page_facts(root) == ("01", "要闻")


def test_a_page_declaring_gbk2312_is_read_as_the_utf8_it_is():
    text, codec = decode_html((HTML / PAGES["nmrb"][0]).read_bytes())
    assert codec.startswith("utf-8") and "农民日报" in text


def test_the_classic_article_page_gives_its_fields_and_the_comment():
    data = (HTML / "sxjjrb-2024-11-06-p01-founder-node-article.html").read_bytes()
    text, _codec = decode_html(data)
    art = parse_article(text, "http://x/html/2024-11/06/content_279424.htm",
                        family_named("founder-classic"))
    comment = dict(re.findall(r"<founder-(\w+)>([^<]*)</founder-\1>", text))
    assert art.title == comment["title"]
    assert art.overline.replace(" ", "") == comment["introtitle"].replace(" ", "")
    assert (art.date, art.page, art.paper) == (comment["date"], comment["pagenum"], comment["papername"])
    paragraphs = re.findall(r"<P>\s*(.*?)</P>", text, re.S)
    assert len(art.paragraphs) == len([p for p in paragraphs if p.strip()])
    assert art.paragraphs[0].startswith("本报太原11月5日讯")


def _fragments() -> list[str]:
    raw = (HTML / "hbrb-2023-02-11-founder-article-fragments.txt").read_bytes().decode("utf-8")
    return ['<div id="scroller">' + part for part in raw.split('<div id="scroller">')[1:]]


def test_the_pc_template_fields_of_32_real_articles():
    family = family_named("founder-pc")
    read = [parse_article(f, "http://x/pc/content/202302/11/content_1.html", family)
            for f in _fragments()]
    assert len(read) == 32
    for fragment, art in zip(_fragments(), read):
        shown = {k: re.sub(r"\s+", " ", v).strip() for k, v in
                 re.findall(r'<font id="([a-z-]+)">(.*?)</font>', fragment, re.S)}
        assert art.title == shown["main-title"]
        assert art.overline == shown["intro-title"] and art.subtitle == shown["sub-title"]
        assert art.paragraphs and not any(p[0].isspace() or "\xa0" in p for p in art.paragraphs)
        assert not re.fullmatch(r"\d{4}年\d{2}月\d{2}日", art.byline)  # the date in #author
    commentary = next(a for a in read if a.title.startswith("领导干部要保持清醒"))
    assert commentary.byline == "湖北日报评论员"
    assert commentary.paragraphs[0].startswith("向“舌尖上的歪风”亮剑")


def test_a_javascript_shell_is_known_for_what_it_is():
    text, _codec = decode_html((HTML / "zgjjsb-js-shell-no-text.html").read_bytes())
    art = parse_article(text, "http://x/show_1.html", family_named("founder-classic"))
    assert art.scripted and not art.paragraphs
