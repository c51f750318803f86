"""The listener page: static structure, and in headless Chromium that it plays, jumps to an
article, works from the keyboard and passes axe-core's accessibility rules."""

from __future__ import annotations

import datetime as dt
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
from audiopaper.serve import make_server
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


@pytest.fixture
def published(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    publish_episode(make_episode(out, DAY - dt.timedelta(days=1)), out, settings())
    publish_episode(make_episode(out, DAY, extras=True), out, settings())
    return out


def test_page_has_players_headline_jumps_transcript_and_subscribe_links(published: Path):
    page = _parse(published / "index.html")
    html = dict(page.tags)["html"]
    assert html["lang"] == "zh-CN"
    audios = [a for t, a in page.tags if t == "audio"]
    assert [a["src"] for a in audios] == ["2024-03-15.mp3", "2024-03-14.mp3"]
    assert all("controls" in a and "autoplay" not in a for a in audios)
    buttons = [a for t, a in page.tags if t == "button"]
    newest = [b for b in buttons if b["data-audio"] == "player-2024-03-15"]
    assert [float(b["data-start"]) for b in newest] == [0.0, 1.0, 3.0, 5.0]
    assert all(b["type"] == "button" and b["aria-label"].startswith("跳到") for b in buttons)
    text = "".join(page.text)
    assert all(title in text for title in TITLES)
    assert "各位听众早上好。" in text and "这一期没有文字稿。" in text  # 15th has one, 14th not
    links = [a["href"] for t, a in page.tags if t == "a"]
    assert "feed.xml" in links and "articles.xml" in links and "2024-03-15.vtt" in links
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
                 f"--user-data-dir={profile}", "--window-size=1280,1600"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser, published: Path) -> Iterator[object]:
    server = make_server(published, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    browser.get(f"http://127.0.0.1:{server.server_address[1]}/index.html")
    yield browser
    server.shutdown()
    server.server_close()


def _wait(check: Callable[[], object], seconds: float = 15) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("the page did not get there in time")


def _audio(driver, prop: str) -> float:
    return driver.execute_script(f"return document.getElementById('player-2024-03-15').{prop}")


@needs_browser
def test_the_player_loads_the_served_mp3_and_plays(page):
    _wait(lambda: _audio(page, "readyState") >= 1)
    assert _audio(page, "duration") == pytest.approx(7.0, abs=0.2)
    assert _audio(page, "autoplay") is False and _audio(page, "paused") is True
    page.find_elements("css selector", "button.jump")[0].click()  # a user gesture starts it
    _wait(lambda: _audio(page, "currentTime") > 0.2)


@needs_browser
def test_a_headline_button_jumps_to_its_article(page):
    _wait(lambda: _audio(page, "readyState") >= 1)
    button = page.find_elements("css selector", "button.jump[data-audio='player-2024-03-15']")[2]
    button.click()
    position = _audio(page, "currentTime")
    assert 3.0 <= position < 5.0
    _wait(lambda: button.get_attribute("aria-current") == "true")


_NUMBER_CONTROLS_JS = """
const all = Array.from(document.querySelectorAll('a[href], button, summary, audio[controls]'));
const shown = all.filter(e => { const d = e.closest('details:not([open])');
  const fallback = e.tagName !== 'AUDIO' && e.closest('audio');  // shown only without <audio>
  return !fallback && (!d || (e.tagName === 'SUMMARY' && e.parentElement === d)); });
shown.forEach((e, i) => { e.dataset.order = i; });
return shown.length;
"""


@needs_browser
def test_everything_is_reachable_with_tab_in_reading_order_and_enter_jumps(page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _wait(lambda: _audio(page, "readyState") >= 1)
    count = page.execute_script(_NUMBER_CONTROLS_JS)
    keys, order = ActionChains(page), []
    for _ in range(count * 6):  # the audio controls take several stops of their own
        keys.send_keys(Keys.TAB).perform()
        index = page.execute_script("return document.activeElement.dataset.order ?? null")
        if index is not None and (not order or order[-1] != int(index)):
            order.append(int(index))
        if len(order) > count:
            break
    assert order[:count] == list(range(count))  # every control once, in reading order
    page.execute_script("document.querySelectorAll('button.jump')[3].focus()")
    page.switch_to.active_element.send_keys(Keys.ENTER)
    _wait(lambda: _audio(page, "currentTime") >= 5.0)


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
