"""Property: any Unicode at all, through segment, script, normalize and a fake-engine build, never
gives a traceback, and every XML file a build publishes parses.

The text mixes every plane (lone surrogates and noncharacters included: JSON carries them as
escapes, a page file as the bytes ``surrogatepass`` writes), C0/C1 controls, and the pieces a page
is made of (headlines, sentence ends, digits, blank lines), so segmentation finds articles in it.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree, html

from audiopaper.cli import cli
from audiopaper.util.inputs import first_unsafe

from faultkit import build_args, fake_env  # noqa: F401

ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
PAGE_PIECES = st.sampled_from(["\n", "\n\n", "。", "，", "：", "记者 张三", "本报讯", "（下转02版）",
                               "第02版", "2024年3月15日", "3.5%", "-5℃", "¥500", "桃花节开幕",
                               "\x00", "\x1b", "\ufffe", "\ud800", "\udfff", "\U0010ffff"])
TEXT = st.lists(st.text(ANY_CHARACTER, max_size=12) | PAGE_PIECES, max_size=40).map("".join)
QUICK = settings(max_examples=60, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _no_traceback(result: Result, allowed: tuple[int, ...] = (0, 3)) -> None:
    """Exit 0, or a one-line error with an expected code: never an unexpected exception."""
    assert result.exit_code in allowed, (result.exit_code, result.output, result.exception)
    if result.exit_code:
        assert result.output.count("Error: ") == 1 and "Traceback" not in result.output
    else:
        assert result.exception is None


def _page(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "page.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


def _json(tmp_path: Path, titles: list[str], bodies: list[str]) -> Path:
    records = [{"title": t or "标题", "paragraphs": [b, "肥城桃花节开幕。"], "byline": t}
               for t, b in zip(titles, bodies)]
    path = tmp_path / "edition.json"
    path.write_text(json.dumps(records), encoding="ascii")  # lone surrogates travel as \ud800
    return path


@QUICK
@given(text=TEXT)
def test_segment_and_script_of_any_page_never_crash(tmp_path: Path, fake_env, text: str):  # noqa: F811
    page = _page(tmp_path, text)
    runner = CliRunner()
    listing = runner.invoke(cli, ["segment", str(page), "--json"])
    _no_traceback(listing)
    if listing.exit_code == 0:
        assert first_unsafe(listing.output.replace("\r", "")) is None
        json.loads(listing.output)
    _no_traceback(runner.invoke(cli, ["script", str(page), "--date", "2024-03-15", "--voice", "fake"]))


@QUICK
@given(titles=st.lists(TEXT, min_size=1, max_size=3), bodies=st.lists(TEXT, min_size=3, max_size=3))
def test_segment_of_any_json_edition_never_crashes(tmp_path: Path, titles: list[str],
                                                   bodies: list[str]):
    result = CliRunner().invoke(cli, ["segment", str(_json(tmp_path, titles, bodies)), "--json"])
    _no_traceback(result)
    if result.exit_code == 0:
        assert first_unsafe(result.output.replace("\r", "")) is None


@QUICK
@given(text=TEXT)
def test_normalize_of_any_text_never_crashes(text: str):
    piped = text.encode("utf-8", "surrogatepass")  # a pipe can carry bytes that are not UTF-8
    for args, stdin in ((["normalize", text, "--explain"], None), (["normalize"], piped)):
        result = CliRunner().invoke(cli, args, input=stdin)
        _no_traceback(result, allowed=(0,))
        assert first_unsafe(result.output.replace("\r", "")) is None


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(titles=st.lists(TEXT, min_size=1, max_size=2), bodies=st.lists(TEXT, min_size=2, max_size=2),
       paper=st.text(ANY_CHARACTER.filter(lambda c: first_unsafe(c) is None), min_size=1, max_size=8))
def test_a_build_of_any_edition_publishes_xml_that_parses(tmp_path_factory, fake_env,  # noqa: F811
                                                         titles: list[str], bodies: list[str],
                                                         paper: str):
    root = tmp_path_factory.mktemp("build")
    out = root / "out"
    result = CliRunner().invoke(cli, [*build_args(_json(root, titles, bodies), out),
                                      "--paper", paper])
    _no_traceback(result, allowed=(0, 2, 3))
    if result.exit_code == 0:
        for name in ("feed.xml", "articles.xml"):
            etree.fromstring((out / name).read_bytes())  # raises if it does not parse
        html.fromstring((out / "index.html").read_bytes())
        for path in out.rglob("*"):
            if path.suffix in (".json", ".vtt", ".xml", ".html") and "reports" not in path.parts:
                assert first_unsafe(path.read_text(encoding="utf-8")) is None, path
