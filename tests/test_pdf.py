"""Page PDFs read like an editor reads them: articles whole with their printed headlines, bodies
in reading order across columns, furniture skipped by kind, unreadable and bad files refused in
one line. The pages are laid out by the tests themselves (tests/pdfpages.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from faultkit import fake_env  # noqa: F401  (a fixture)

import pdfpages
from audiopaper import pipeline
from audiopaper.cli import cli
from audiopaper.errors import InputError
from audiopaper.ingest.pdf import read_pdfs
from audiopaper.ingest.pdf.draw import SCALE
from audiopaper.segment import paper_rules

_SPACES = re.compile(r"\s+")


def flat(text: str) -> str:
    return _SPACES.sub("", text)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdf")
    return {
        "news": pdfpages.news_page(folder / "news.pdf"),
        "notices": pdfpages.notices_page(folder / "notices.pdf"),
        "junk": pdfpages.unreadable_page(folder / "junk.pdf"),
    }


@pytest.fixture(scope="module")
def news(pages: dict[str, Path]):
    return read_pdfs([pages["news"]])


def spoken(items):
    return [a for a in items if a.is_spoken]


def test_articles_with_their_printed_headlines(news):
    assert [a.title for a in spoken(news.items)] == [
        pdfpages.LEAD_TITLE, pdfpages.SIDEBAR_TITLE, pdfpages.VERTICAL_TITLE]


def test_headline_stack_ranked_by_size_and_place(news):
    lead = spoken(news.items)[0]
    assert (flat(lead.overline), lead.subtitle) == (flat(pdfpages.LEAD_OVERLINE), pdfpages.LEAD_SUBTITLE)
    assert flat(lead.byline) == "□记者郑凯"


def test_body_whole_in_reading_order_across_columns(news):
    """The deck, then every paragraph in order, subheads in place: the article is never cut."""
    lead = spoken(news.items)[0]
    body = flat("".join(lead.paragraphs))
    wanted = [pdfpages.DECK] + [p.split("）", 1)[1] if i == 0 else p for i, p in enumerate(pdfpages.LEAD)]
    wanted[3:3] = [pdfpages.LEAD_SUBHEADS[2]]
    wanted[5:5] = [pdfpages.LEAD_SUBHEADS[3]]
    at = [body.find(flat(piece)) for piece in wanted]
    assert -1 not in at, [w for w, i in zip(wanted, at) if i < 0]
    assert at == sorted(at)
    assert flat(pdfpages.LEAD_SUBHEADS[2]) in [flat(p) for p in lead.paragraphs]


def test_vertical_headline_and_justified_line(news):
    story = spoken(news.items)[2]
    assert story.title == pdfpages.VERTICAL_TITLE
    assert story.paragraphs[0] == flat(pdfpages.JUSTIFIED)


def test_sidebar_in_its_frame_is_an_article(news):
    sidebar = spoken(news.items)[1]
    assert flat("".join(sidebar.paragraphs)).endswith(flat(pdfpages.SIDEBAR[1]))
    assert sidebar.dateline == "本报3月14日讯"


def test_no_furniture_is_heard(news):
    heard = flat("".join(a.title + a.overline + a.subtitle + "".join(a.paragraphs)
                         for a in spoken(news.items)))
    for text in pdfpages.FURNITURE:
        assert flat(text) not in heard, text


def test_furniture_listed_by_kind(news):
    kinds = {a.kind for a in news.items if not a.is_spoken}
    assert {"header", "staff", "ad", "table", "caption"} <= kinds
    ads = [a.reason for a in news.items if a.kind == "ad"]
    assert "pdf:boxed-ad" in ads and "ad:qr-code" in ads


def test_page_number_and_name_from_the_folio(news):
    assert {(a.page, a.section) for a in spoken(news.items)} == {("A02", "要闻")}


def test_explain_gives_page_position_size_and_rule(pages):
    text = pipeline.segment_edition(pages["news"], explained=True)
    rows = [row.split("\t") for row in text.splitlines()]
    assert all(len(r) == 5 and re.fullmatch(r"pA02 x\d+ y\d+ [\d.]+pt", r[4]) for r in rows), rows[:3]
    heading = next(r for r in rows if r[3] == pdfpages.LEAD_TITLE)
    assert heading[1:3] == ["heading", "pdf:headline-stack"] and heading[4].endswith(" 40pt")


def test_notices_strip_gives_nothing_to_read(pages):
    edition = read_pdfs([pages["notices"]])
    assert edition.items and not spoken(edition.items)
    assert {a.kind for a in edition.items} == {"ad"}
    with pytest.raises(InputError, match="no article was found.*only furniture"):
        pipeline.read_traced(pages["notices"])


def test_unreadable_page_is_refused_by_name(pages):
    with pytest.raises(InputError, match=r"junk\.pdf, page 1\) cannot be read: .*--skip-unreadable"):
        read_pdfs([pages["junk"]])


def test_skip_unreadable_reads_the_other_pages(pages):
    items, decisions = pipeline.read_traced((pages["junk"], pages["news"]), skip_unreadable=True)
    assert len(spoken(items)) == 3
    assert [d.kind for d in decisions].count("unreadable") == 1


def test_paper_rules_apply_to_pdfs(pages):
    """A paper's [segment] rules are the same rules for its PDFs."""
    rules = paper_rules({"furniture": ("^近年来，泰山区",)})
    items, _ = pipeline.read_traced(pages["news"], rules)
    assert flat(pdfpages.JUSTIFIED) not in "".join(p for a in spoken(items) for p in a.paragraphs)


def test_pages_in_folio_order_and_a_pdf_of_two_pages_is_two_pages(tmp_path):
    later = pdfpages.story_page(tmp_path / "a.pdf", "A05", pdfpages.LEAD_TITLE)
    both = pdfpages.two_pages(tmp_path / "b.pdf", "A01", "A02")
    edition = read_pdfs([later, both])
    assert [(a.page, a.title) for a in spoken(edition.items)] == [
        ("A01", pdfpages.SIDEBAR_TITLE), ("A02", pdfpages.VERTICAL_TITLE), ("A05", pdfpages.LEAD_TITLE)]
    from_folder = read_pdfs([tmp_path])
    assert [a.title for a in spoken(from_folder.items)] == [a.title for a in spoken(edition.items)]


def test_draw_outlines_articles_and_shades_furniture(pages, tmp_path):
    from PIL import Image

    pipeline.segment_edition(pages["news"], draw=tmp_path)
    image = Image.open(tmp_path / "pA02.png").convert("RGB")
    assert image.size == (round(pdfpages.WIDTH * SCALE), round(pdfpages.HEIGHT * SCALE))
    shaded = image.getpixel((int(545 * SCALE), int(540 * SCALE)))  # inside the framed ad
    plain = image.getpixel((int(720 * SCALE), int(1000 * SCALE)))  # white paper
    assert plain == (255, 255, 255) and max(shaded) < 200 and max(shaded) - min(shaded) < 20


BAD = {
    "not a PDF": (lambda p: p.write_text("本报讯 这不是PDF", encoding="utf-8"), "is not a PDF"),
    "cut short": (lambda p: p.write_bytes(pdfpages.news_page(p).read_bytes()[:3000]), "cut short"),
    "encrypted": (pdfpages.encrypted_page, "is encrypted"),
    "JavaScript": (lambda p: pdfpages.bare_pdf(p, "/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
                   "carries JavaScript"),
    "a form": (lambda p: pdfpages.bare_pdf(p, "/AcroForm << /Fields [] >>"), "is a PDF form"),
    "enormous": (lambda p: (p.write_bytes(b"%PDF-1.4\n"), __import__("os").truncate(p, 300 * 2**20)),
                 "too large"),
}


@pytest.mark.parametrize("kind", BAD)
def test_bad_files_one_clear_line(kind: str, tmp_path: Path):
    make, message = BAD[kind]
    path = tmp_path / "page.pdf"
    make(path)
    result = CliRunner().invoke(cli, ["segment", str(path)])
    assert result.exit_code == 3, result.output
    assert message in result.output and result.output.count("\n") == 1
    assert "Traceback" not in result.output


def test_cli_takes_several_pdfs(pages):
    result = CliRunner().invoke(cli, ["segment", str(pages["junk"]), str(pages["news"]),
                                      "--skip-unreadable"])
    assert result.exit_code == 0, result.output
    assert pdfpages.LEAD_TITLE in result.output
    refused = CliRunner().invoke(cli, ["script", str(pages["junk"]), str(pages["news"])])
    assert refused.exit_code == 3 and "--skip-unreadable" in refused.output


@pytest.mark.slow
def test_build_from_pdfs_draws_its_pages(pages, tmp_path, fake_env):
    """A build of page PDFs publishes the articles and leaves the pictures beside its report."""
    import json

    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(pages["junk"]), str(pages["news"]), "--date",
                                      "2024-03-15", "--out", str(out), "--voice", "fake",
                                      "--skip-unreadable"])
    assert result.exit_code == 0, result.output
    assert (out / "reports" / "2024-03-15-pages" / "pA02.png").is_file()
    report = json.loads((out / "last-run.json").read_text(encoding="utf-8"))
    assert report["counts"]["articles"] == 3 and report["edition"].endswith("news.pdf")
    assert f"pages as read: {out / 'reports' / '2024-03-15-pages'}" in result.output


def test_bad_pdf_publishes_nothing(tmp_path, fake_env):
    bad = pdfpages.bare_pdf(tmp_path / "page.pdf", "/AcroForm << /Fields [] >>")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(bad), "--date", "2024-03-15", "--out", str(out),
                                      "--voice", "fake"])
    assert result.exit_code == 3 and "is a PDF form" in result.output
    assert not list(out.rglob("*.mp3")) and not (out / "feed.xml").exists()


def test_jumps_join_an_article_across_pages(tmp_path):
    """（下转A02版） at a column's end and （上接A01版） on the next page: one article, heard whole."""
    first = pdfpages.Page(tmp_path / "a01.pdf")
    first.text(30, 20, "A01", 24)
    first.text(30, 50, pdfpages.FOLIO[1], 7)
    first.text(40, 100, pdfpages.LEAD_TITLE, 30)
    first.columns([pdfpages.LEAD[0], pdfpages.LEAD[1][:30] + "（下转A02版）"], [(40, 300)], 150, 400)
    first.save()
    second = pdfpages.Page(tmp_path / "a02.pdf")
    second.text(30, 20, "A02", 24)
    second.text(30, 50, pdfpages.FOLIO[1], 7)
    second.text(40, 100, pdfpages.SIDEBAR_TITLE, 30)
    second.columns(pdfpages.SIDEBAR, [(40, 300)], 150, 300)
    second.columns(["（上接A01版）" + pdfpages.LEAD[1][30:]], [(40, 300)], 330, 500)
    second.save()
    edition = read_pdfs([tmp_path])
    items = spoken(edition.items)
    assert [a.title for a in items] == [pdfpages.LEAD_TITLE, pdfpages.SIDEBAR_TITLE]
    assert flat(pdfpages.LEAD[1]) in flat("".join(items[0].paragraphs))
    # the pictures number the piece on A02 as the article it goes on (1), the sidebar 2
    on_second = [a for a in edition.pages[1].items if a.is_spoken]
    assert sorted(edition.numbers[id(a)] for a in on_second) == [1, 2]


def test_front_page_masthead_is_not_an_article(tmp_path):
    front = pdfpages.Page(tmp_path / "front.pdf")
    front.text(200, 20, "泰安日报", 64)
    front.text(40, 30, "国内统一连续出版物号 CN37-0051", 8)
    front.text(40, 45, "邮发代号：23-20", 8)
    front.text(560, 30, "2024年3月15日 星期五", 8)
    front.text(560, 45, "农历甲辰年二月初六", 8)
    front.text(40, 130, pdfpages.LEAD_TITLE, 36)
    front.columns(pdfpages.LEAD[:3], [(40, 300), (360, 300)], 190, 400)
    front.save()
    items = read_pdfs([tmp_path / "front.pdf"]).items
    assert [a.title for a in spoken(items)] == [pdfpages.LEAD_TITLE]
    assert "masthead" in {a.kind for a in items}


def test_headlines_side_by_side_keep_their_columns(tmp_path):
    items = spoken(read_pdfs([pdfpages.side_by_side_page(tmp_path / "side.pdf")]).items)
    assert [a.title for a in items] == [pdfpages.SIDEBAR_TITLE, pdfpages.VERTICAL_TITLE]
    left, right = (flat("".join(a.paragraphs)) for a in items)
    assert left.endswith(flat(pdfpages.VERTICAL[0].split("）", 1)[1])) and "泰山区今年计划" in right
    assert "泰山区今年计划" not in left


def test_small_overline_goes_with_the_headline_under_it(tmp_path):
    """A 引题 in type too small to open an article, right over the next headline, is its 引题."""
    p = pdfpages.Page(tmp_path / "p.pdf")
    p.text(30, 20, "A04", 24)
    p.text(30, 50, pdfpages.FOLIO[1], 7)
    p.text(40, 100, pdfpages.SIDEBAR_TITLE, 26)
    p.columns(pdfpages.SIDEBAR, [(40, 300)], 140, 260)
    p.text(40, 290, pdfpages.LEAD_OVERLINE, 12)
    p.text(40, 306, pdfpages.LEAD_TITLE, 26)
    p.columns(pdfpages.LEAD[:2], [(40, 300)], 345, 600)
    p.save()
    items = spoken(read_pdfs([tmp_path / "p.pdf"]).items)
    assert [(a.title, flat(a.overline)) for a in items] == [
        (pdfpages.SIDEBAR_TITLE, ""), (pdfpages.LEAD_TITLE, flat(pdfpages.LEAD_OVERLINE))]


def test_a_framed_story_mentioning_a_hotline_is_not_an_ad(tmp_path):
    p = pdfpages.Page(tmp_path / "p.pdf")
    p.text(30, 20, "A05", 24)
    p.text(30, 50, pdfpages.FOLIO[1], 7)
    p.frame(30, 90, 660, 420)
    p.text(40, 100, pdfpages.LEAD_TITLE, 26)
    p.columns(pdfpages.LEAD + ["游客可拨打咨询电话：0538-1234567了解详情。"], [(40, 310), (360, 310)],
              140, 500)
    p.save()
    items = spoken(read_pdfs([tmp_path / "p.pdf"]).items)
    assert [a.title for a in items] == [pdfpages.LEAD_TITLE]


def test_a_page_of_figures_is_not_taken_for_junk(tmp_path):
    """Stock prices are digits and signs, not a broken text layer."""
    p = pdfpages.Page(tmp_path / "p.pdf")
    p.text(30, 20, "A06", 24)
    p.text(30, 50, pdfpages.FOLIO[1], 7)
    p.text(40, 100, pdfpages.LEAD_TITLE, 26)
    p.columns(pdfpages.LEAD[:2], [(40, 300)], 140, 300)
    for row in range(50):
        p.text(360, 100 + row * 12, f"60{row:04d}  12.{row:02d}  +0.{row % 9}%  3{row}.5", 8)
    p.save()
    assert [a.title for a in spoken(read_pdfs([tmp_path / "p.pdf"]).items)] == [pdfpages.LEAD_TITLE]


@pytest.mark.skipif(not Path(pdfpages.TTF).exists(), reason="fonts-wqy-zenhei is not installed")
def test_an_embedded_truetype_subset_reads_the_same(news, tmp_path):
    ttf = read_pdfs([pdfpages.news_page(tmp_path / "ttf.pdf", font="WQY")])
    fields = [(a.title, a.overline, a.subtitle, a.byline, a.paragraphs) for a in spoken(ttf.items)]
    assert fields == [(a.title, a.overline, a.subtitle, a.byline, a.paragraphs) for a in spoken(news.items)]


def test_columns_read_on_past_a_photo_across_them(tmp_path):
    story = spoken(read_pdfs([pdfpages.photo_across_page(tmp_path / "p.pdf")]).items)
    assert [a.title for a in story] == [pdfpages.LEAD_TITLE]
    body = flat("".join(story[0].paragraphs))
    assert flat("".join(pdfpages.LEAD[:3]).split("）", 1)[1]) == body


def test_a_justified_line_spread_an_em_apart_stays_one_line(tmp_path):
    """A short justified line (2023 年 7) spreads its glyphs as wide as a narrow gutter."""
    p = pdfpages.Page(tmp_path / "p.pdf")
    p.text(30, 20, "A08", 24)
    p.text(30, 50, pdfpages.FOLIO[1], 7)
    p.text(40, 100, pdfpages.VERTICAL_TITLE, 26)
    p.columns(pdfpages.VERTICAL[:2], [(40, 150), (200, 150)], 140, 260)
    x = 40.0
    for glyph in ("2", "0", "2", "3", "年", "7"):
        p.text(x, 275, glyph)
        x += (5.0 if glyph.isdigit() else 10.0) + (10.5 if glyph in "3年" else 0.0)
    p.text(40, 290, "月，岱岳区征兵工作完成。")
    p.save()
    [story] = spoken(read_pdfs([tmp_path / "p.pdf"]).items)
    assert "2023年7月，岱岳区征兵工作完成。" in story.paragraphs


def test_briefs_with_small_headlines_are_apart(tmp_path):
    """Briefs down a column under headlines barely bigger than the body: each one its own item."""
    p = pdfpages.Page(tmp_path / "p.pdf")
    p.text(30, 20, "A09", 24)
    p.text(30, 50, pdfpages.FOLIO[1], 7)
    y = 100.0
    for title, text in ((pdfpages.SIDEBAR_TITLE, pdfpages.SIDEBAR[0]),
                        (pdfpages.VERTICAL_TITLE, pdfpages.VERTICAL[0]),
                        (pdfpages.LEAD_TITLE, pdfpages.LEAD[0])):
        p.text(40, y, title, 12)
        y = p.columns([text], [(40, 300)], y + 22, 1000) + 14
    p.save()
    items = spoken(read_pdfs([tmp_path / "p.pdf"]).items)
    assert [a.title for a in items] == [pdfpages.SIDEBAR_TITLE, pdfpages.VERTICAL_TITLE,
                                        pdfpages.LEAD_TITLE]


def test_small_vertical_labels_are_not_heard(tmp_path):
    p = pdfpages.Page(tmp_path / "p.pdf")
    p.text(30, 20, "A10", 24)
    p.text(30, 50, pdfpages.FOLIO[1], 7)
    p.text(40, 100, pdfpages.SIDEBAR_TITLE, 26)
    p.columns(pdfpages.SIDEBAR, [(40, 300)], 140, 400)
    p.vertical(360, 140, "图片新闻", 10)
    p.vertical(380, 140, "本版编辑：王强", 8)
    p.save()
    edition = read_pdfs([tmp_path / "p.pdf"])
    [story] = spoken(edition.items)
    assert "图片新闻" not in "".join(story.paragraphs) and "王强" not in "".join(story.paragraphs)
    assert {"图片新闻", "本版编辑：王强"} <= {a.paragraphs[0] for a in edition.items if not a.is_spoken}


def test_a_page_of_absurd_size_is_drawn_small(tmp_path):
    from PIL import Image

    from audiopaper.ingest.pdf.draw import MAX_PIXELS

    huge = pdfpages.bare_pdf(tmp_path / "huge.pdf", size=(14000, 9000))
    pipeline.segment_edition(huge, draw=tmp_path / "pictures")
    [picture] = (tmp_path / "pictures").glob("*.png")
    assert max(Image.open(picture).size) == MAX_PIXELS


def test_a_drop_cap_goes_on_into_its_paragraph(tmp_path):
    p = pdfpages.Page(tmp_path / "p.pdf")
    p.text(30, 20, "A11", 24)
    p.text(30, 50, pdfpages.FOLIO[1], 7)
    p.text(40, 100, pdfpages.LEAD_TITLE, 26)
    p.text(40, 140, "肥", 28)
    p.text(72, 140, "城桃花节始于2002年，举办地所在的刘台", 10)
    p.text(72, 155, "桃花景区位于肥城市仪阳街道刘台村，是肥", 10)
    p.text(40, 170, "城桃的主产区。肥城桃花节已跻身中国四大桃花节和", 10)
    p.save()
    [story] = spoken(read_pdfs([tmp_path / "p.pdf"]).items)
    assert story.title == pdfpages.LEAD_TITLE
    assert "".join(story.paragraphs).startswith("肥城桃花节始于2002年")


def test_a_long_run_without_punctuation_is_not_read_nor_fatal(tmp_path):
    """A list of names set justified (their spaces go) is no prose: set aside, the page still read."""
    p = pdfpages.Page(tmp_path / "p.pdf")
    p.text(30, 20, "A12", 24)
    p.text(30, 50, pdfpages.FOLIO[1], 7)
    p.text(40, 100, pdfpages.LEAD_TITLE, 26)
    p.columns(pdfpages.LEAD[:2], [(40, 300)], 140, 300)
    names = "张伟王芳李娜刘洋陈静杨帆赵磊黄敏周杰吴婷" * 55
    p.columns([names], [(360, 340)], 140, 900)
    p.save()
    edition = read_pdfs([tmp_path / "p.pdf"])
    assert [a.title for a in spoken(edition.items)] == [pdfpages.LEAD_TITLE]
    assert "pdf:no-punctuation" in {a.reason for a in edition.items}


def test_a_letter_spaced_headline_is_one_headline(tmp_path):
    p = pdfpages.Page(tmp_path / "p.pdf")
    p.text(30, 20, "A13", 24)
    p.text(30, 50, pdfpages.FOLIO[1], 7)
    for i, glyph in enumerate("春回大地"):
        p.text(40 + i * 80, 100, glyph, 36)
    p.columns(pdfpages.VERTICAL, [(40, 300), (360, 300)], 160, 400)
    p.save()
    [story] = spoken(read_pdfs([tmp_path / "p.pdf"]).items)
    assert story.title == "春回大地"
