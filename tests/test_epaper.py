"""The e-paper reader against sites of the project's own making on 127.0.0.1, one per family.

Each family's site carries the same edition (tests/epaper_site.py): a lead article jumping to
page 2, an article standing lower on the page than its place in the list, a photo, a 本版责编 line
listed as an article, an ad page and a 中缝 page. Whatever the markup, the reader must hear the
same articles in the same order with the same marked-up fields, and skip the same items.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from audiopaper.config import Config, SourceConfig
from audiopaper.errors import (EXIT_NO_TEXT, EXIT_NOT_YET, ConfigError, EditionNotOut,
                               FetchError, NoTextError)
from audiopaper.ingest.epaper import EpaperSettings, fetch_edition, read_sources
from audiopaper.ingest.epaper.charset import decode_html
from audiopaper.ingest.epaper.families import Overrides
from audiopaper.ingest.epaper.http import HttpPolicy
from audiopaper.ingest.epaper.site import reading_order
from audiopaper.ingest.epaper.store import MANIFEST, file_name
from audiopaper.pipeline import segment_edition

from epaper_site import DATE, FAMILIES, Faults, SiteServer, render, spoken_titles

FAST = EpaperSettings(HttpPolicy(backoff=0.01, retries=2), poll=0.01)
LEAD = "春水行动：小城河道清淤全面开工"


def _fetch(server: SiteServer, out: Path, path: str = "", settings: EpaperSettings = FAST,
           **kw: object):
    return fetch_edition(server.url(path or server.site.entry), out, settings=settings, **kw)


@pytest.fixture(params=FAMILIES, scope="module")
def read_family(request, tmp_path_factory):
    """(family, items, decisions, server) for one family's site, fetched and read back."""
    with SiteServer(render(request.param)) as server:
        result = _fetch(server, tmp_path_factory.mktemp(request.param))
        items, decisions = read_sources(result.folder)
        yield request.param, items, decisions, server, result


def test_every_family_is_heard_whole_and_in_page_order(read_family):
    family, items, _decisions, _server, result = read_family
    assert result.family == family
    assert result.pages == 4
    assert [a.title for a in items if a.is_spoken] == spoken_titles()


def test_every_family_keeps_every_marked_up_field(read_family):
    _family, items, _decisions, _server, _result = read_family
    lead = next(a for a in items if a.title == LEAD)
    assert (lead.overline, lead.subtitle, lead.byline) == ("城区防汛准备提前一个月", "三条河道40天完工",
                                                           "本报记者 陈明")
    assert (lead.page, lead.section) == ("01", "要闻")
    # the jump is joined: page 2's piece follows, its markers gone, indents and &nbsp; cleaned
    assert len(lead.paragraphs) == 5 and lead.continued_to == "02"
    assert lead.dateline == "本报3月14日讯" and lead.paragraphs[0].startswith("15日起")
    assert "吴堃" in lead.paragraphs[1] and "&nbsp;" not in lead.paragraphs[1]
    assert not any(("下转" in p or "上接" in p or p[0] in "\u3000\xa0 ") for p in lead.paragraphs)
    market = next(a for a in items if a.title == "老街早市搬进新市场")
    assert market.byline == "本报通讯员 赵芳" and market.paragraphs[0].startswith("17日起")
    assert (market.page, market.section) == ("02", "综合")


def test_every_family_skips_the_same_items_for_the_same_reasons(read_family):
    _family, items, _decisions, _server, _result = read_family
    skipped = {(a.kind, a.reason) for a in items if not a.is_spoken}
    assert skipped == {("photo", "epaper:photo-caption"), ("staff", "staff:editor"),
                       ("ad", "epaper:ad-page"), ("ad", "epaper:zhongfeng")}


def test_every_family_explains_each_item_with_its_family_rule_and_url(read_family):
    family, _items, decisions, server, _result = read_family
    assert decisions and all(d.where.startswith(server.base) for d in decisions)
    assert all(d.rule.startswith(family + " ") for d in decisions)
    assert {d.kind for d in decisions} >= {"brief", "continuation", "photo", "staff", "ad"}


def test_requests_name_audiopaper_stay_on_the_site_and_few_at_once(read_family):
    _family, _items, _decisions, server, _result = read_family
    assert all("audiopaper" in headers.get("user-agent", "") for _p, _s, headers in server.log)
    assert not any("2009-05" in path or "pad/" in path for path, _s, _h in server.log)
    assert server.most_at_once <= FAST.policy.per_host


def test_explain_shows_family_rule_and_url_from_the_cli_function(tmp_path):
    site = render("founder-classic")
    with SiteServer(site) as server:
        shown = segment_edition(server.url(site.index), explained=True,
                                config=Config(source=SourceConfig(folder=str(tmp_path))))
    row = next(line for line in shown.splitlines() if LEAD in line)
    assert row.split("\t")[1:3] == ["brief", "founder-classic td.font01"]
    assert row.split("\t")[-1] == server.url(site.entry.rsplit("/", 1)[0] + "/content_5002.htm")


def test_paperindex_is_followed_to_the_first_page(tmp_path):
    site = render("founder-classic")
    with SiteServer(site) as server:
        result = _fetch(server, tmp_path, site.index)
    assert result.date == DATE and result.folder == tmp_path / "sources" / DATE.isoformat()
    manifest = json.loads((result.folder / MANIFEST).read_text("utf-8"))
    assert manifest["entry"] == server.url(site.entry)
    row = manifest["files"][0]
    assert set(row) >= {"url", "status", "bytes", "sha256", "fetched"}


# --- faults --------------------------------------------------------------------------------

ARTICLE = f"/paper/html/{DATE:%Y-%m}/{DATE:%d}/content_5003.htm"
ENTRY = f"/paper/html/{DATE:%Y-%m}/{DATE:%d}/node_2.htm"


def _served(faults: Faults, family: str = "founder-classic", **render_kw: bool) -> SiteServer:
    return SiteServer(render(family, **render_kw), faults)


def _requests(server: SiteServer, path: str) -> list[int]:
    return [status for p, status, _h in server.log if p == path]


@pytest.mark.parametrize("fault", [
    Faults(errors={ARTICLE: 2}),
    Faults(truncated={ARTICLE: 1}),
    Faults(errors={ENTRY: 1}),
], ids=["5xx-twice", "truncated", "5xx-on-the-page"])
def test_passing_faults_are_retried_and_the_edition_is_whole(fault, tmp_path):
    with _served(fault) as server:
        result = _fetch(server, tmp_path)
        items, _ = read_sources(result.folder)
    assert [a.title for a in items if a.is_spoken] == spoken_titles()
    path = next(iter({**fault.errors, **fault.truncated}))
    assert _requests(server, path)[-1] == 200 and len(_requests(server, path)) >= 2


def test_a_slow_answer_times_out_and_is_asked_again(tmp_path):
    settings = EpaperSettings(HttpPolicy(timeout=1.0, backoff=0.01, retries=2))
    with _served(Faults(slow={ARTICLE: 1}, slow_seconds=8.0)) as server:
        result = _fetch(server, tmp_path, settings=settings)
    assert result.articles == 9 and server.arrivals.count(ARTICLE) == 2


@pytest.mark.parametrize("faults, words", [
    (Faults(errors={ARTICLE: 99}), "HTTP 503 after 3 tries"),
    (Faults(redirects={ENTRY: "/paper/a.htm", "/paper/a.htm": ENTRY}), "redirects in a loop"),
    (Faults(redirects={ENTRY: "http://elsewhere.example/node_2.htm"}), "another site"),
    (Faults(redirects={ENTRY: "file:///etc/passwd"}), "not http(s)"),
    (Faults(huge={ARTICLE}), "larger than 1 MB"),
], ids=["5xx-forever", "redirect-loop", "off-site-redirect", "file-redirect", "too-large"])
def test_failing_sites_get_one_line_naming_the_fix(faults, words, tmp_path):
    settings = EpaperSettings(HttpPolicy(backoff=0.01, retries=2, max_bytes=2**20))
    with _served(faults) as server, pytest.raises(FetchError) as caught:
        _fetch(server, tmp_path, settings=settings)
    message = str(caught.value)
    assert words in message and "\n" not in message and ":" in message


def test_a_404_is_an_answer_not_retried(tmp_path):
    with _served(Faults(hidden={ARTICLE: 1})) as server:
        result = _fetch(server, tmp_path)
        items, _ = read_sources(result.folder)
    assert _requests(server, ARTICLE) == [404]
    missing = [a for a in items if a.reason == "epaper:http-404"]
    assert [a.title for a in missing] == ["城东新建社区图书馆正式开放"]


def test_only_http_and_https_are_fetched(tmp_path):
    for url in ("ftp://127.0.0.1/node_2.htm", "file:///etc/passwd", "javascript:alert(1)"):
        with pytest.raises(FetchError, match="not an http"):
            fetch_edition(url, tmp_path)


def test_an_edition_not_out_yet_has_its_own_exit_code(tmp_path):
    with _served(Faults(hidden={ENTRY: 99})) as server, pytest.raises(EditionNotOut) as caught:
        _fetch(server, tmp_path)
    assert caught.value.exit_code == EXIT_NOT_YET and "--wait" in str(caught.value)


def test_a_site_still_showing_yesterday_is_not_out(tmp_path):
    site = render("founder-classic")
    with SiteServer(site) as server, pytest.raises(EditionNotOut, match="shows the edition of 2024-03-15"):
        _fetch(server, tmp_path, site.index, date=DATE + dt.timedelta(days=1))


def test_wait_polls_until_the_edition_appears(tmp_path):
    slept: list[float] = []
    with _served(Faults(hidden={ENTRY: 3})) as server:
        result = _fetch(server, tmp_path, wait=3600, sleep=slept.append)
    assert len(slept) == 3 and all(s == FAST.poll for s in slept)
    assert result.articles == 9 and _requests(server, ENTRY)[:3] == [404, 404, 404]


@pytest.mark.parametrize("kind, words", [("scripted", "filled in by JavaScript"),
                                         ("images_only", "page images only")])
def test_a_site_with_no_text_names_its_pdfs(kind, words, tmp_path):
    with _served(Faults(), **{kind: True}) as server, pytest.raises(NoTextError) as caught:
        _fetch(server, tmp_path)
    assert caught.value.exit_code == EXIT_NO_TEXT
    assert words in str(caught.value) and "PDF" in str(caught.value) and ".pdf" in str(caught.value)


# --- resuming and corrections ----------------------------------------------------------------

def test_a_failed_fetch_resumes_from_what_it_saved(tmp_path):
    faults = Faults(errors={ARTICLE: 99})
    with _served(faults) as server:
        with pytest.raises(FetchError):
            _fetch(server, tmp_path)
        saved = json.loads((tmp_path / "sources" / DATE.isoformat() / MANIFEST).read_text("utf-8"))
        kept = {row["url"] for row in saved["files"] if row["status"] == 200}
        assert len(kept) == 12  # the 4 pages and every article but the failing one
        faults.errors.clear()
        server.log.clear()
        result = _fetch(server, tmp_path)
    again = {server.url(p): s for p, s, _h in server.log}
    assert again[server.url(ARTICLE)] == 200
    assert all(again[url] == 304 for url in kept if url != server.url(ENTRY))
    assert server.url(ARTICLE) not in kept and result.fetched == 1


def test_a_corrected_article_is_fetched_again_and_nothing_else(tmp_path):
    site = render("founder-pc")
    with SiteServer(site) as server:
        first = _fetch(server, tmp_path)
        before = read_sources(first.folder)[0]
        path = next(p for p in site.files if "content_30003" in p)
        body, kind = site.files[path]
        site.files[path] = (body.replace("图书馆".encode(), "阅览馆".encode()), kind)
        second = _fetch(server, tmp_path)
        after = read_sources(second.folder)[0]
    assert (second.fetched, second.unchanged) == (1, first.fetched - 1)
    changed = [(a.title, b.paragraphs != a.paragraphs) for a, b in zip(before, after)]
    assert [t for t, c in changed if c] == ["城东新建社区图书馆正式开放"]


@pytest.mark.parametrize("url", [
    "http://h/../../etc/passwd", "http://h/a/%2e%2e/%2e%2e/x", "http://h/a/..\\..\\b",
    "http://h/", "http://h/" + "a" * 500 + ".htm", "http://h/.hidden", "http://h/con/\x00.htm"])
def test_saved_file_names_never_leave_the_files_folder(url):
    name = file_name(url)
    assert "/" not in name and "\\" not in name and not name.startswith(".") and len(name) < 90


# --- geometry, charsets, overrides ------------------------------------------------------------

@pytest.mark.parametrize("boxes, order", [
    # a lead across the top, then two columns whose tops stand level: left first
    ({"lead": (0, 0, 400, 100), "b": (200, 110, 400, 300), "a": (0, 110, 190, 500)}, "lead a b"),
    # the higher top first, whatever the column
    ({"a": (0, 85, 170, 550), "lead": (180, 2, 350, 140), "c": (180, 150, 350, 290)}, "lead a c"),
    # float coordinates, tops a hair apart count as level
    ({"r": (205.6, 3.7, 396.3, 163.6), "l": (3.7, 3.72, 194.4, 323.5)}, "l r"),
])
def test_reading_order_follows_the_geometry(boxes, order):
    assert reading_order(boxes) == order.split()


@pytest.mark.parametrize("data, declared, text", [
    (b"\xef\xbb\xbf<meta charset=gbk>" + "吴堃".encode(), "", "吴堃"),
    ("<meta charset=gbk2312>吴堃".encode(), "", "吴堃"),
    ("<meta charset=gb2312>吴堃说".encode("gbk"), "", "吴堃说"),
    ("<p>今天城东社区图书馆正式开放，藏书三万五千册，居民可以免费借阅。</p>".encode("gbk"), "", "图书馆"),
    ("<meta charset=big5>圖書館開放".encode("big5"), "", "圖書館"),
    ("吴堃".encode("gbk"), "text/html; charset=GB2312", "吴堃"),
], ids=["bom-says-gbk", "utf8-says-gbk2312", "gbk-only-char-says-gb2312", "gbk-undeclared",
        "big5", "header-gb2312"])
def test_encodings_are_decided_from_the_bytes(data, declared, text):
    assert text in decode_html(data, declared)[0]


def _renamed_site():
    """The classic site with article links and headline markup no family knows."""
    site = render("founder-classic")
    for path in list(site.files):
        body, kind = site.files[path]
        body = body.replace(b"content_", b"show_").replace(b"class=font01", b"class=biaoti")
        site.files[path.replace("content_", "show_")] = (body, kind)
        if "content_" in path:
            del site.files[path]
    return site


def test_a_producer_reads_another_template_with_selectors_in_the_config(tmp_path):
    site = _renamed_site()
    with SiteServer(site) as server:
        with pytest.raises(NoTextError):
            _fetch(server, tmp_path / "plain")
        source = SourceConfig(article_link=r"show_(?P<id>\d+)\.htm$", title="td.biaoti")
        settings = EpaperSettings(FAST.policy, source.overrides())
        items, decisions = read_sources(_fetch(server, tmp_path / "own", settings=settings).folder)
    assert [a.title for a in items if a.is_spoken] == spoken_titles()
    assert any(d.rule == "founder-classic td.biaoti" for d in decisions)


@pytest.mark.parametrize("values, words", [
    ({"title": "h1[[["}, "source.title"),
    ({"body": "//div[@id="}, "source.body"),
    ({"article_link": r"content_(\d+"}, "source.article_link"),
    ({"article_link": r"content_\d+\.htm"}, "(?P<id>"),
    ({"family": "founder-modern"}, "source.family"),
    ({"url": "https://p.example/{paper}/node_2.htm"}, "{paper}"),
    ({"url": "ftp://p.example/{date:%Y}/node_2.htm"}, "source.url"),
    ({"retries": 99}, "retries"),
])
def test_source_settings_are_checked_on_load(values, words, tmp_path):
    lines = "\n".join(f"{k} = {json.dumps(v)}" for k, v in values.items())
    config = tmp_path / "audiopaper.toml"
    config.write_text(f"[source]\n{lines}\n", encoding="utf-8")
    from audiopaper.config import load_config

    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert words in str(caught.value)


def test_overrides_put_the_producers_selector_first():
    from audiopaper.ingest.epaper.families import family_named

    family = Overrides(values=(("title", "div.headline"),)).apply(family_named("founder-pc"))
    assert [s.text for s in family.fields["title"]][:2] == ["div.headline", "h1"]


@pytest.mark.parametrize("shown, byline", [
    ("本报记者 张三 《 人民日报 》（ 2024年12月25日 第 01 版）", "本报记者 张三"),
    ("2023年02月11日", ""),
    ("■ 本报记者 李四", "本报记者 李四"),
    ("新华社记者 王五 2024-03-15 08:00", "新华社记者 王五"),
])
def test_a_byline_is_the_names_not_the_paper_and_date_beside_them(shown, byline):
    from audiopaper.ingest.epaper.families import family_named
    from audiopaper.ingest.epaper.article import parse_article

    page = f"<html><body><h1>题</h1><p class=sec>{shown}</p><div id=ozoom><p>正文一段。</p></div></body></html>"
    assert parse_article(page, "http://x/a.html", family_named("founder-pc")).byline == byline


def test_a_body_no_selector_knows_is_found_by_its_paragraphs():
    from audiopaper.ingest.epaper.families import family_named
    from audiopaper.ingest.epaper.article import parse_article

    body = "".join(f"<p>　　第{n}段：城东社区图书馆每天九点开门，晚上八点闭馆，周一照常开放。</p>" for n in range(3))
    page = (f"<html><body><div class=nav><p>首页</p><p>往期</p></div><h1>图书馆开放</h1>"
            f"<section class=zw>{body}</section><div class=foot><p>版权所有</p></div></body></html>")
    art = parse_article(page, "http://x/a.html", family_named("page-articel"))
    assert art.rule("body") == "densest-paragraphs" and len(art.paragraphs) == 3
    assert art.paragraphs[0].startswith("第0段")


def test_a_frameset_entry_and_a_page_list_in_a_select_are_followed(tmp_path):
    site = render("founder-classic")
    base = f"/paper/html/{DATE:%Y-%m}/{DATE:%d}/"
    site.put("/paper/frames.htm", f"<html><frameset><frame src='html/{DATE:%Y-%m}/{DATE:%d}/start.htm'>"
             "</frameset></html>")
    # a first page whose list of pages is a <select> and whose articles are those of node_2
    first, kind = site.files[base + "node_2.htm"]
    options = "".join(f"<option value=node_{n + 1}.htm>第{n:02d}版</option>" for n in range(1, 5))
    text = first.decode("gbk").split("<a id=pageLink")[0] + f"<select>{options}</select></body></html>"
    site.files[base + "node_2.htm"] = (text.encode("gbk"), kind)
    site.put(base + "start.htm", "<html><head><meta http-equiv=refresh content='0;url=node_2.htm'></head></html>")
    with SiteServer(site) as server:
        result = _fetch(server, tmp_path, "/paper/frames.htm")
        items, _ = read_sources(result.folder)
    assert result.pages == 4 and [a.title for a in items if a.is_spoken] == spoken_titles()


def test_an_article_address_as_entry_reads_the_whole_edition(tmp_path):
    site = render("founder-classic")
    with SiteServer(site) as server:
        result = _fetch(server, tmp_path, ARTICLE)
        items, _ = read_sources(result.folder)
    assert result.pages == 4 and [a.title for a in items if a.is_spoken] == spoken_titles()


def test_a_masthead_h1_on_every_article_page_is_not_taken_for_the_headlines(tmp_path):
    site = render("founder-people")
    for path, (body, kind) in list(site.files.items()):
        if "/nw." in path:
            site.files[path] = (body.replace(b"<div class=text_c>",
                                             "<h1>春风里的小城早报</h1><div class=text_c>".encode()), kind)
    with SiteServer(site) as server:
        items, _ = read_sources(_fetch(server, tmp_path).folder)
    assert [a.title for a in items if a.is_spoken] == spoken_titles()


def test_an_article_listed_on_two_pages_is_read_once(tmp_path):
    site = render("founder-pc")
    layout = f"/epaper/pc/layout/{DATE:%Y%m}/{DATE:%d}/"
    first, kind = site.files[layout + "node_01.html"]
    lead = first.split(b"<li>")[1].split(b"</li>")[0]  # page 1's first list entry, on page 2 too
    second, kind = site.files[layout + "node_02.html"]
    site.files[layout + "node_02.html"] = (second.replace(b"<ul class=news-list>",
                                                          b"<ul class=news-list><li>" + lead + b"</li>"), kind)
    with SiteServer(site) as server:
        items, _ = read_sources(_fetch(server, tmp_path).folder)
    assert [a.title for a in items if a.is_spoken] == spoken_titles()
    planting = [a for a in items if a.title == "全市春季植树活动本周末举行"]
    assert len(planting) == 1 and len(planting[0].paragraphs) == 1 and not planting[0].more_lines


def test_hotspots_placed_by_their_own_div_give_the_geometry(tmp_path):
    site = render("page-articel")
    for path, (body, kind) in list(site.files.items()):
        if "/Page" in path:  # <a style=…> becomes <div style=…><a></a></div>
            text = re.sub(r'<a class=overlink href=(\S+) style="([^"]+)"></a>',
                          r'<div class=hot style="\2"><a href=\1></a></div>', body.decode("gbk"))
            site.files[path] = (text.encode("gbk"), kind)
    assert b"<div class=hot style=\"position" in site.files[site.entry][0]
    with SiteServer(site) as server:
        items, _ = read_sources(_fetch(server, tmp_path).folder)
    assert [a.title for a in items if a.is_spoken] == spoken_titles()


def test_a_page_whose_articles_are_missing_is_saved_with_its_list_and_refused_when_read(tmp_path):
    from audiopaper.errors import InputError

    site = render("founder-classic")
    for path in [p for p in site.files if "/content_" in p]:
        del site.files[path]
    with SiteServer(site) as server:
        result = _fetch(server, tmp_path)
    manifest = json.loads((result.folder / MANIFEST).read_text("utf-8"))
    listed = [a["title"] for a in manifest["pages"][0]["articles"]]
    assert listed[:3] == spoken_titles()[:3] and result.articles == 9
    with pytest.raises(InputError, match="none of its 9 article pages could be read") as caught:
        read_sources(result.folder)
    assert not isinstance(caught.value, NoTextError)


def test_a_tampered_manifest_cannot_make_the_reader_leave_its_folder(tmp_path):
    site = render("founder-classic")
    with SiteServer(site) as server:
        result = _fetch(server, tmp_path / "night")
    secret = tmp_path / "secret.htm"
    secret.write_text("<h1>秘密</h1><p>不该读到。</p>", encoding="utf-8")
    manifest = json.loads((result.folder / MANIFEST).read_text("utf-8"))
    for row in manifest["files"]:
        row["file"] = "../../../secret.htm"
    (result.folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    from audiopaper.errors import InputError

    with pytest.raises(InputError, match="run audiopaper fetch again"):
        read_sources(result.folder)
