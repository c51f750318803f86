"""The listener page: static structure, and in headless Chromium that it plays, jumps to an
article, works from the keyboard and passes axe-core's accessibility rules."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from audiopaper.feed import publish_episode, regenerate
from audiopaper.feed.page import transcript_lines
from audiopaper.run.serve import make_server
from audiopaper.stitch.timeline import Span
from audiopaper.stitch.transcript import webvtt

from feed_samples import TITLES, make_episode, settings
from paths import REPO

DAY = dt.date(2024, 3, 15)
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
AXE = REPO / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
needs_browser = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="Debian's chromium and chromium-driver are not installed (scripts/install --test)")


pytestmark = pytest.mark.slow  # the full tier: headless Chromium


class _Collect(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(path: Path) -> _Collect:
    parser = _Collect()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


SECONDS = 20.0  # per article: long enough to skip 30 s forward and 15 s back
STARTS = [0.0, 1.0, 21.0, 41.0]  # the opening, then the three articles
DURATION = 61.0
PHONE, DESKTOP = (390, 844), (1280, 900)


@pytest.fixture
def published(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    publish_episode(make_episode(out, DAY - dt.timedelta(days=1), seconds=SECONDS), out,
                    settings())
    publish_episode(make_episode(out, DAY, extras=True, seconds=SECONDS), out, settings())
    return out


def test_page_has_one_player_chapters_transcript_and_subscribe_links(published: Path):
    page = _parse(published / "index.html")
    tags = dict(page.tags)
    assert tags["html"]["lang"] == "zh-CN"
    [audio] = [a for t, a in page.tags if t == "audio"]
    # the content-addressed copy the feed links, so page and file always match
    assert re.fullmatch(r"media/2024-03-15\.[0-9a-f]{16}\.mp3", audio["src"]) and "autoplay" not in audio
    assert "controls" in audio  # the browser's player, until the script puts ours in its place
    by_id = {a.get("id"): a for _, a in page.tags if a.get("id")}
    assert by_id["now"]["aria-live"] == "polite" and by_id["play"]["type"] == "button"
    assert by_id["seek"]["aria-label"] == "播放位置"
    speeds = [a for t, a in page.tags if t == "button" and "speed" in (a.get("class") or "")]
    assert [b["data-rate"] for b in speeds] == ["0.8", "1", "1.25"]
    assert [b["aria-pressed"] for b in speeds] == ["false", "true", "false"]
    jumps = [a for t, a in page.tags if t == "button" and a.get("class") == "jump"]
    newest = [b for b in jumps if b["data-edition"] == "2024-03-15"]
    assert [float(b["data-start"]) for b in newest] == STARTS
    assert [b["data-name"] for b in newest] == ["开篇", *(f"第{n}篇 {t}" for n, t in
                                                       enumerate(TITLES, 1))]
    assert all("aria-label" not in b for b in jumps)  # named by what they show
    picks = [a["data-edition"] for t, a in page.tags if a.get("class") == "edition-pick"]
    assert picks == ["2024-03-15", "2024-03-14"]
    text = "".join(page.text)
    assert all(title in text for title in TITLES)
    assert "各位听众早上好。" in text and "这一期没有文字稿。" in text  # 15th has one, 14th not
    links = [a["href"] for t, a in page.tags if t == "a"]
    assert "feed.xml" in links and "articles.xml" in links
    assert any(re.fullmatch(r"media/2024-03-15\.[0-9a-f]{16}\.vtt", link) for link in links)
    assert "https://example.org/paper/feed.xml" in text


def test_page_escapes_markup_in_titles(tmp_path: Path):
    out = tmp_path / "out"
    tricky = ("A&B <script>alert(1)</script>", "\"引号\" 🎉")
    publish_episode(make_episode(out, DAY, titles=tricky), out, settings())
    source = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in source and "A&amp;B &lt;script&gt;" in source
    assert "🎉" in "".join(_parse(out / "index.html").text)


def test_transcript_lines_drop_timings_ids_and_voice_tags(tmp_path: Path):
    vtt = tmp_path / "t.vtt"
    vtt.write_text("\ufeffWEBVTT\n\nNOTE made by hand\n\n1\n00:00.000 --> 00:01.500\n<v 主播>你好，\n"
                   "听众。\n\n00:00:01.500 --> 00:00:03.000 align:start\n第二句。\n", "utf-8")
    assert transcript_lines(vtt) == ["你好， 听众。", "第二句。"]


def test_the_transcript_is_html_escaped_once(tmp_path: Path):
    """WebVTT escapes & and <; the page must show A&B, not A&amp;B."""
    spans = [Span(0, 24_000, 24_000, 1, "body", "A&B <大> 1<2")]
    out = tmp_path / "out"
    publish_episode(make_episode(out, DAY, extras=True), out, settings())
    (out / f"{DAY.isoformat()}.vtt").write_bytes(webvtt(spans))
    assert "A&amp;B &lt;大&gt;" in (out / f"{DAY.isoformat()}.vtt").read_text(encoding="utf-8")
    assert transcript_lines(out / f"{DAY.isoformat()}.vtt") == ["A&B <大> 1<2"]
    regenerate(out, settings())
    shown = " ".join(_parse(out / "index.html").text)
    assert "A&B <大> 1<2" in shown and "&amp;" not in shown


def test_page_text_is_at_least_18pt():
    css = (REPO / "audiopaper" / "feed" / "static" / "page.css").read_text(encoding="utf-8")
    assert "html { font-size: 24px; }" in css  # 24 px = 18 pt; everything else is in rem ≥ 1


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("Debian's chromium and chromium-driver are not installed "
                    "(scripts/install --test)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="audiopaper-chromium-")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--hide-scrollbars", f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _viewport(driver, size: tuple[int, int]) -> None:
    """The page's CSS viewport exactly (a phone's is 390×844), as a device would give it."""
    width, height = size
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


@pytest.fixture
def site(published: Path) -> Iterator[str]:
    server = make_server(published, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def page(request, browser, site: str) -> Iterator[object]:
    _viewport(browser, request.param)
    browser.get(site)
    browser.execute_script("localStorage.clear()")
    browser.get(site)
    _wait(lambda: _audio(browser, "readyState") >= 1)
    yield browser
    browser.execute_script("document.getElementById('audio').pause(); localStorage.clear()")


def _wait(check: Callable[[], object], seconds: float = 15) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("the page did not get there in time")


def _audio(driver, prop: str):
    return driver.execute_script(f"return document.getElementById('audio').{prop}")


def _click(driver, element_id: str) -> None:
    driver.find_element("id", element_id).click()


def _text_of(driver, element_id: str) -> str:
    return driver.find_element("id", element_id).text


@needs_browser
def test_the_big_button_plays_and_pauses_and_says_which(page):
    assert _audio(page, "hasAttribute('controls')") is False  # ours replace the small one
    assert _audio(page, "duration") == pytest.approx(DURATION, abs=0.3)
    assert _audio(page, "paused") is True and "播放" in _text_of(page, "play")
    _click(page, "play")
    _wait(lambda: _audio(page, "currentTime") > 0.3)
    assert _audio(page, "paused") is False and "暂停" in _text_of(page, "play")
    _click(page, "play")
    _wait(lambda: _audio(page, "paused"))
    assert "播放" in _text_of(page, "play")


@needs_browser
def test_skips_chapters_and_previous_next_move_the_player(page):
    _click(page, "forward")
    assert _audio(page, "currentTime") == pytest.approx(30.0, abs=0.01)
    assert _text_of(page, "now") == f"第2篇 {TITLES[1]}"  # the live region follows
    _click(page, "back")
    assert _audio(page, "currentTime") == pytest.approx(15.0, abs=0.01)
    _click(page, "back")
    assert _audio(page, "currentTime") == 0.0  # not before the start
    jumps = page.find_elements("css selector", "#edition-2024-03-15 button.jump")
    jumps[3].click()
    assert STARTS[3] <= _audio(page, "currentTime") < STARTS[3] + 1.0
    _wait(lambda: jumps[3].get_attribute("aria-current") == "true")
    assert _text_of(page, "now") == f"第3篇 {TITLES[2]}" and not _audio(page, "paused")
    _click(page, "prev")
    assert STARTS[2] <= _audio(page, "currentTime") < STARTS[2] + 1.0
    _click(page, "next")
    assert STARTS[3] <= _audio(page, "currentTime") < STARTS[3] + 1.0


@needs_browser
def test_speed_buttons_set_the_rate_and_say_which_is_on(page):
    speeds = {b.get_attribute("data-rate"): b
              for b in page.find_elements("css selector", "button.speed")}
    for rate in ("0.8", "1.25", "1"):
        speeds[rate].click()
        assert _audio(page, "playbackRate") == float(rate)
        assert [b.get_attribute("aria-pressed") for b in speeds.values()] == [
            "true" if r == rate else "false" for r in speeds]


@needs_browser
def test_the_space_bar_plays_and_pauses_but_leaves_buttons_their_own_keys(page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    page.execute_script("document.activeElement.blur()")
    ActionChains(page).send_keys(Keys.SPACE).perform()
    _wait(lambda: not _audio(page, "paused"))
    ActionChains(page).send_keys(Keys.SPACE).perform()
    _wait(lambda: _audio(page, "paused"))
    page.execute_script("document.querySelectorAll('#edition-2024-03-15 button.jump')[2].focus()")
    ActionChains(page).send_keys(Keys.SPACE).perform()  # activates the focused article
    _wait(lambda: not _audio(page, "paused"))
    assert STARTS[2] <= _audio(page, "currentTime") < STARTS[2] + 2.0


@needs_browser
def test_speed_and_position_are_remembered_per_edition(browser, published: Path, site: str):
    _viewport(browser, PHONE)
    browser.get(site)
    browser.execute_script("localStorage.clear()")
    browser.get(site)
    _wait(lambda: _audio(browser, "readyState") >= 1)
    browser.find_element("css selector", "button.speed[data-rate='0.8']").click()
    browser.execute_script("const a = document.getElementById('audio'); a.currentTime = 25;"
                           "a.dispatchEvent(new Event('pause'))")  # as when a listener stops
    browser.get(site)  # today, later: where they stopped, at their speed
    _wait(lambda: _audio(browser, "currentTime") > 24)
    assert _audio(browser, "playbackRate") == 0.8
    assert _text_of(browser, "now") == f"第2篇 {TITLES[1]}"
    publish_episode(make_episode(published, DAY + dt.timedelta(days=1), seconds=SECONDS),
                    published, settings())
    browser.get(site)  # tomorrow: the new edition, from its start
    _wait(lambda: _audio(browser, "readyState") >= 1)
    assert re.search(r"/media/2024-03-16\.[0-9a-f]{16}\.mp3$",
                     browser.find_element("id", "audio").get_attribute("src"))
    assert _audio(browser, "currentTime") == 0 and _audio(browser, "playbackRate") == 0.8
    assert _text_of(browser, "player-heading") == "泰安日报 2024-03-16"
    browser.find_element("css selector", "button.edition-pick[data-edition='2024-03-15']").click()
    _wait(lambda: _audio(browser, "currentTime") > 24)  # yesterday's, where they stopped
    assert browser.find_element("id", "edition-2024-03-15").is_displayed()
    assert not browser.find_element("id", "edition-2024-03-16").is_displayed()
    prefix = "audiopaper:/index.html:position:"
    browser.execute_script(f"localStorage.setItem('{prefix}2023-01-01', '99')")  # long gone
    browser.get(site)
    keys = browser.execute_script("return Object.keys(localStorage)")
    assert f"{prefix}2024-03-15" in keys and f"{prefix}2023-01-01" not in keys
    browser.execute_script("localStorage.clear()")


_OVERFLOW_JS = """
document.querySelectorAll('details').forEach(d => d.open = true);
const width = document.documentElement.clientWidth;
const wide = Array.from(document.querySelectorAll('body *')).filter(e => {
  const r = e.getBoundingClientRect(); return r.width && (r.right > width + 0.5 || r.left < -0.5); });
const cramped = Array.from(document.querySelectorAll('button')).filter(
  b => b.getClientRects().length && b.scrollWidth > b.clientWidth + 1);  // text spilling out
return [document.documentElement.scrollWidth - width, wide.map(e => e.tagName + '.' + e.className),
        cramped.map(b => b.id || b.className)];
"""


@needs_browser
@pytest.mark.parametrize("width", [320, 390, 640, 1280])  # 640 is 1280 px at 200 % zoom
def test_nothing_scrolls_sideways_from_320_px_up(browser, site: str, width: int):
    _viewport(browser, (width, 800))
    browser.get(site)
    assert browser.execute_script(_OVERFLOW_JS) == [0, [], []]


_RECTS_JS = """
const r = e => { const b = document.querySelector(e).getBoundingClientRect();
                 return [b.top, b.bottom, b.width, b.height]; };
return {play: r('#play'), speeds: r('.speeds'), back: r('#back'), forward: r('#forward'),
        chapter: r('#edition-2024-03-15 ol.chapters li:nth-child(2)'), height: innerHeight};
"""


@needs_browser
def test_controls_and_chapters_are_on_a_phones_first_screen_and_the_button_is_big(page):
    rects = page.execute_script(_RECTS_JS)
    assert rects["speeds"][1] <= rects["height"]  # every control
    assert rects["chapter"][0] < rects["height"]  # and the articles begin, without scrolling
    for name in ("play", "back", "forward"):
        assert min(rects[name][2:]) >= 64, (name, rects[name])
    assert page.execute_script("return scrollY") == 0


_NUMBER_CONTROLS_JS = """
const all = Array.from(document.querySelectorAll('a[href], button, summary, input, audio[controls]'));
const shown = all.filter(e => { const d = e.closest('details:not([open])');
  const fallback = e.tagName !== 'AUDIO' && e.closest('audio');  // shown only without <audio>
  return !fallback && e.getClientRects().length
    && (!d || (e.tagName === 'SUMMARY' && e.parentElement === d)); });
shown.forEach((e, i) => { e.dataset.order = i; });
return shown.length;
"""


@needs_browser
def test_everything_is_reachable_with_tab_in_reading_order_and_enter_jumps(page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    count = page.execute_script(_NUMBER_CONTROLS_JS)
    keys, order = ActionChains(page), []
    for _ in range(count * 2):
        keys.send_keys(Keys.TAB).perform()
        index = page.execute_script("return document.activeElement.dataset.order ?? null")
        if index is not None and (not order or order[-1] != int(index)):
            order.append(int(index))
        if len(order) > count:
            break
    assert order[:count] == list(range(count))  # every control once, in reading order
    page.execute_script("document.querySelectorAll('button.jump')[3].focus()")
    page.switch_to.active_element.send_keys(Keys.ENTER)
    _wait(lambda: _audio(page, "currentTime") >= STARTS[3])


_CONTRAST_JS = """
function lum(c) { const v = c.match(/[\\d.]+/g).slice(0, 3).map(x => x / 255)
  .map(x => x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4));
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; }
function bg(e) { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
  if (!/rgba\\(.*, 0\\)$/.test(c) && c !== 'transparent') return c; } return 'rgb(255,255,255)'; }
const bad = [];
document.querySelectorAll('body *').forEach(e => {
  const own = Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own || !e.getClientRects().length) return;
  const s = getComputedStyle(e), a = lum(s.color), b = lum(bg(e));
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < 4.5 || parseFloat(s.fontSize) < 24) bad.push([e.tagName, ratio, s.fontSize]);
});
return bad;
"""


@needs_browser
def test_visible_text_is_large_and_contrasted_and_buttons_are_big(page):
    page.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.execute_script(_CONTRAST_JS) == []
    heights = page.execute_script("return Array.from(document.querySelectorAll('button'))"
                                  ".filter(b => b.getClientRects().length)"
                                  ".map(b => b.getBoundingClientRect().height)")
    assert heights and min(heights) >= 44


@needs_browser
def test_axe_core_finds_no_accessibility_violation(page):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (scripts/install --test installs it with npm)")
    page.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.execute_script(AXE.read_text(encoding="utf-8"))
    result = page.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', "
        "'best-practice']}).then(r => done(r.violations.map(v => [v.id, v.help, "
        "v.nodes.map(n => n.target.join(' '))]))).catch(e => done(String(e)));")
    assert result == []
