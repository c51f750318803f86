"""The published feeds as real podcast clients read them (feedparser and gPodder's podcastparser)."""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import json
import re
import uuid
from pathlib import Path

import feedparser
import podcastparser
import pytest
from lxml import etree
from mutagen.mp3 import MP3

from audiopaper.errors import PublishError
from audiopaper.feed import load_store, publish_episode, regenerate
from audiopaper.feed.rss import PODCAST_GUID_NAMESPACE

from feed_samples import TITLES, lead, linked, make_episode, settings

DAY = dt.date(2024, 3, 15)
IT = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PC = "{https://podcastindex.org/namespace/1.0}"
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"


def _podcastparser(path: Path, url: str = "https://example.org/paper/feed.xml") -> dict:
    with path.open("rb") as stream:
        return podcastparser.parse(url, stream)


def _channel(path: Path) -> etree._Element:
    return etree.parse(str(path)).getroot().find("channel")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


def test_edition_feed_parses_in_both_clients_with_exact_lengths_and_durations(out: Path):
    episode = make_episode(out, DAY)
    publish_episode(episode, out, settings())
    parsed = feedparser.parse(str(out / "feed.xml"))
    assert not parsed.bozo, parsed.bozo_exception
    [entry] = parsed.entries
    enclosure = entry.enclosures[0]
    assert int(enclosure.length) == episode.path.stat().st_size
    assert enclosure.type == "audio/mpeg"
    assert linked(enclosure.href, "2024-03-15.mp3")  # immutable: a rebuild gets new names
    assert int(entry.itunes_duration) == round(MP3(episode.path).info.length)
    gpodder = _podcastparser(out / "feed.xml")
    [episode_seen] = gpodder["episodes"]
    assert episode_seen["enclosures"][0]["file_size"] == episode.path.stat().st_size
    assert episode_seen["total_time"] == round(episode.duration)
    assert episode_seen["guid"] == entry.id


def test_dates_are_rfc2822_in_the_papers_zone(out: Path):
    publish_episode(make_episode(out, DAY), out, settings())
    item = _channel(out / "feed.xml").find("item")
    raw = item.findtext("pubDate")
    assert raw.endswith("+0800")
    when = email.utils.parsedate_to_datetime(raw)
    assert when.tzinfo is not None and when.utcoffset() == dt.timedelta(hours=8)
    assert when.date() == DAY
    seen = _podcastparser(out / "feed.xml")["episodes"][0]["published"]
    assert seen == int(when.timestamp())


def test_channel_has_every_tag_apple_requires(out: Path):
    publish_episode(make_episode(out, DAY), out, settings())
    channel = _channel(out / "feed.xml")
    assert channel.findtext("title") == "泰安日报有声版"
    assert channel.findtext("description") == "每天早上朗读当天的报纸"
    assert channel.findtext("language") == "zh-cn"
    assert channel.find(f"{IT}image").get("href") == "https://example.org/paper/cover.png"
    category = channel.find(f"{IT}category")
    assert category.get("text") == "News"
    assert category.find(f"{IT}category").get("text") == "Daily News"
    assert channel.findtext(f"{IT}explicit") == "false"
    assert channel.findtext(f"{IT}author") == "泰安日报社"
    assert channel.findtext(f"{IT}owner/{IT}name") == "泰安日报社"
    assert channel.findtext(f"{IT}owner/{IT}email") == "podcast@example.org"
    assert channel.findtext(f"{IT}type") == "episodic"
    [self_link] = [l for l in channel.iter(f"{ATOM}link") if l.get("rel") == "self"]
    assert self_link.get("href") == "https://example.org/paper/feed.xml"
    assert channel.findtext("link") == "https://example.org/paper/index.html"
    guid = channel.find("item/guid")
    assert guid.get("isPermaLink") == "false"


def test_podcasting20_tags_link_chapters_and_transcripts(out: Path):
    episode = make_episode(out, DAY, extras=True)
    publish_episode(episode, out, settings())
    channel = _channel(out / "feed.xml")
    expected = uuid.uuid5(PODCAST_GUID_NAMESPACE, "example.org/paper/feed.xml")
    assert channel.findtext(f"{PC}guid") == str(expected)
    locked = channel.find(f"{PC}locked")
    assert locked.text == "yes" and locked.get("owner") == "podcast@example.org"
    item = channel.find("item")
    chapters = item.find(f"{PC}chapters")
    assert linked(chapters.get("url"), "2024-03-15.json")
    assert chapters.get("type") == "application/json+chapters"
    transcript = item.find(f"{PC}transcript")
    assert linked(transcript.get("url"), "2024-03-15.vtt")
    assert (transcript.get("type"), transcript.get("language")) == ("text/vtt", "zh-cn")
    entry = feedparser.parse(str(out / "feed.xml")).entries[0]
    assert linked(entry.podcast_transcript["url"], "2024-03-15.vtt")
    articles = _channel(out / "articles.xml").findall(f"item/{PC}transcript")
    urls = [t.get("url") for t in articles]
    assert len(urls) == 3 and all(linked(u, f"2024-03-15-{n:02d}.vtt") for n, u in enumerate(urls, 1))


def test_without_a_chapters_file_one_is_written_from_the_store(out: Path):
    publish_episode(make_episode(out, DAY), out, settings())
    item = _channel(out / "feed.xml").find("item")
    url = item.find(f"{PC}chapters").get("url")
    assert linked(url, "2024-03-15.chapters.json")
    assert item.find(f"{PC}transcript") is None  # no transcript is claimed when none exists
    data = json.loads((out / "2024-03-15.chapters.json").read_text(encoding="utf-8"))
    _assert_chapters_schema(data)
    assert [c["title"] for c in data["chapters"]] == ["开篇", *TITLES]
    assert [c["startTime"] for c in data["chapters"]] == [0.0, 1.0, 3.0, 5.0]


def _assert_chapters_schema(data: dict) -> None:
    """Podcasting 2.0 JSON chapters: version string, chapters with numeric startTime and title."""
    assert set(data) >= {"version", "chapters"} and data["version"] == "1.2.0"
    starts = []
    for chapter in data["chapters"]:
        assert isinstance(chapter["startTime"], (int, float)) and chapter["startTime"] >= 0
        assert isinstance(chapter["title"], str) and chapter["title"].strip()
        if "endTime" in chapter:
            assert chapter["endTime"] > chapter["startTime"]
        starts.append(chapter["startTime"])
    assert starts == sorted(starts) and starts[0] == 0


#: The HTML Apple allows in a description.
APPLE_TAGS = {"p", "ol", "ul", "li", "a"}


def _text(description_html: str) -> str:
    """What an app shows for an HTML description: paragraphs and list items become lines."""
    lines = re.sub(r"</(p|li)>", "\n", description_html)
    return html.unescape(re.sub(r"<[^>]+>", "", lines))


def _tags(description_html: str) -> set[str]:
    return set(re.findall(r"</?([a-zA-Z0-9]+)", description_html))


def test_description_lists_headlines_and_first_sentences_with_timestamps_from_zero(out: Path):
    publish_episode(make_episode(out, DAY), out, settings())
    raw = feedparser.parse(str(out / "feed.xml")).entries[0].description
    assert _tags(raw) <= APPLE_TAGS and "<br" not in raw and "<ol>" in raw
    description = _text(raw)
    # gPodder shows content:encoded: the same notes, then the links
    assert _text(_podcastparser(out / "feed.xml")["episodes"][0]["description_html"]).startswith(
        description)
    stamps = re.findall(r"^(\d\d:\d\d:\d\d) (.+)$", description, flags=re.M)
    assert len(stamps) >= 3 and stamps[0] == ("00:00:00", "开篇")
    assert stamps[1:] == [("00:00:01", f"{TITLES[0]}：{lead(TITLES[0])}"),
                          ("00:00:03", f"{TITLES[1]}：{lead(TITLES[1])}"),
                          ("00:00:05", f"{TITLES[2]}：{lead(TITLES[2])}")]
    assert raw.count("<li>") == len(TITLES)  # one numbered line per article


def test_items_have_content_encoded_episode_type_image_and_the_channel_a_copyright(out: Path):
    publish_episode(make_episode(out, DAY, extras=True), out, settings())
    for name in ("feed.xml", "articles.xml"):
        channel = _channel(out / name)
        assert channel.findtext("copyright") == "© 2024 泰安日报"
        for item in channel.findall("item"):
            assert item.findtext(f"{IT}episodeType") == "full"
            assert item.find(f"{IT}image").get("href") == "https://example.org/paper/cover.png"
            content = item.findtext(f"{CONTENT}encoded")
            description = item.findtext("description")
            assert content.startswith(description) and _tags(content) <= APPLE_TAGS
            assert _tags(description) <= APPLE_TAGS
            assert 'href="https://example.org/paper/index.html#edition-2024-03-15"' in content
            assert item.find("enclosure").get("url") in content
    article = _channel(out / "articles.xml").find("item")
    assert _text(article.findtext("description")).splitlines() == [
        TITLES[0], lead(TITLES[0]), "泰安日报 2024-03-15 第1篇"]


def test_copyright_follows_the_config_template(out: Path):
    publish_episode(make_episode(out, DAY), out, settings(copyright="版权所有 {paper} {year}"))
    assert _channel(out / "feed.xml").findtext("copyright") == "版权所有 泰安日报 2024"


def test_a_long_edition_keeps_its_description_under_apples_limit(out: Path):
    titles = tuple(f"第{n}条新闻的标题写得相当长一些以便测试" for n in range(1, 80))
    publish_episode(make_episode(out, DAY, titles=titles, seconds=0.5), out, settings())
    raw = _channel(out / "feed.xml").find("item").findtext("description")
    assert len(raw) <= 4000 and raw.count("<li>") == len(titles)


def test_article_feed_has_one_item_per_article(out: Path):
    episode = make_episode(out, DAY)
    publish_episode(episode, out, settings())
    parsed = feedparser.parse(str(out / "articles.xml"))
    assert not parsed.bozo
    assert [e.title for e in parsed.entries] == list(TITLES)
    for entry, article in zip(parsed.entries, episode.articles):
        assert int(entry.enclosures[0].length) == article.path.stat().st_size
        assert int(entry.itunes_duration) == round(article.duration)
    gpodder = _podcastparser(out / "articles.xml", "https://example.org/paper/articles.xml")
    assert len({e["guid"] for e in gpodder["episodes"]}) == 3


def _guids(path: Path) -> list[str]:
    return [e.id for e in feedparser.parse(str(path)).entries]


def test_guids_are_unique_and_survive_rebuilds(out: Path):
    publish_episode(make_episode(out, DAY), out, settings())
    first, first_articles = _guids(out / "feed.xml"), _guids(out / "articles.xml")
    publish_episode(make_episode(out, DAY + dt.timedelta(days=1)), out, settings())
    rebuilt = make_episode(out, DAY, seconds=3.0)  # a rebuild: new audio, new sizes
    publish_episode(rebuilt, out, settings(base_url="https://cdn.example.org/p"))
    guids, article_guids = _guids(out / "feed.xml"), _guids(out / "articles.xml")
    assert len(set(guids)) == 2 and first[0] in guids
    assert len(set(article_guids)) == 6 and set(first_articles) <= set(article_guids)
    entry = next(e for e in feedparser.parse(str(out / "feed.xml")).entries if e.id == first[0])
    assert int(entry.enclosures[0].length) == rebuilt.path.stat().st_size
    assert int(entry.itunes_duration) == 10


def test_rebuild_replaces_files_and_removes_ones_no_longer_published(out: Path):
    publish_episode(make_episode(out, DAY, extras=True), out, settings())
    assert (out / "articles" / "2024-03-15-03.mp3").exists()
    publish_episode(make_episode(out, DAY, titles=TITLES[:2]), out, settings())
    assert not (out / "articles" / "2024-03-15-03.mp3").exists()
    assert not (out / "2024-03-15.vtt").exists() and not (out / "2024-03-15.json").exists()
    [record] = load_store(out)
    assert [a.number for a in record.articles] == [1, 2]
    assert record.chapters_file == "2024-03-15.chapters.json"


def test_retention_removes_old_editions_files_and_entries_together(out: Path):
    days = [DAY + dt.timedelta(days=n) for n in range(3)]
    for day in days:
        result = publish_episode(make_episode(out, day, extras=True), out, settings(keep=2))
    assert [r.date for r in load_store(out)] == ["2024-03-17", "2024-03-16"]
    assert len(feedparser.parse(str(out / "feed.xml")).entries) == 2
    assert len(feedparser.parse(str(out / "articles.xml")).entries) == 6
    stable = sorted(p.name for p in result.removed if p.parent.name != "media")
    assert stable == sorted(["2024-03-15.mp3", "2024-03-15.json", "2024-03-15.vtt"]
                            + [f"2024-03-15-0{n}{ext}" for n in (1, 2, 3)
                               for ext in (".mp3", ".vtt", ".chapters.json")])
    assert len(result.removed) == 2 * len(stable)  # and each one's content-addressed copy
    assert not list(out.rglob("2024-03-15*"))
    assert (out / "2024-03-16.mp3").exists()


TRICKY = ("A&B <公司> \"说\" '引号' 🎉", "R&D 投入 < 5% & 更多", "]]> 结尾")


def test_titles_with_markup_characters_and_emoji_survive_escaping(out: Path):
    publish_episode(make_episode(out, DAY, titles=TRICKY), out, settings(title="A&B <报> 🎧"))
    for name in ("feed.xml", "articles.xml"):
        parsed = feedparser.parse(str(out / name))
        assert not parsed.bozo, parsed.bozo_exception
        assert parsed.feed.title.startswith("A&B <报> 🎧")
    articles = feedparser.parse(str(out / "articles.xml")).entries
    assert [e.title for e in articles] == list(TRICKY)
    gpodder = _podcastparser(out / "articles.xml", "https://example.org/paper/articles.xml")
    assert [e["title"] for e in gpodder["episodes"]] == list(TRICKY)
    description = _text(feedparser.parse(str(out / "feed.xml")).entries[0].description)
    assert (f"00:00:01 {TRICKY[0]}：{lead(TRICKY[0])}\n"
            f"00:00:03 {TRICKY[1]}：{lead(TRICKY[1])}\n") in description


def test_the_same_store_gives_byte_identical_feeds(out: Path):
    publish_episode(make_episode(out, DAY, extras=True), out, settings())
    before = {n: (out / n).read_bytes() for n in ("feed.xml", "articles.xml", "index.html")}
    regenerate(out, settings())
    assert {n: (out / n).read_bytes() for n in before} == before


def test_a_feed_that_fails_its_check_never_replaces_the_old_one(out: Path):
    episode = make_episode(out, DAY)
    publish_episode(episode, out, settings())
    before = (out / "feed.xml").read_bytes()
    episode.path.write_bytes(episode.path.read_bytes()[:-100])  # a damaged file on disk
    with pytest.raises(PublishError, match="feed.xml was not replaced.*enclosure"):
        regenerate(out, settings(title="新的标题"))
    assert (out / "feed.xml").read_bytes() == before
    assert not list(out.glob(".*.part"))


def test_regenerate_needs_a_store(out: Path):
    out.mkdir()
    with pytest.raises(PublishError, match="run audiopaper build first"):
        regenerate(out, settings())


def test_a_damaged_store_is_reported_with_its_fix(out: Path):
    out.mkdir()
    (out / "episodes.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(PublishError, match="restore it from backup or delete it"):
        load_store(out)


def test_a_version1_store_is_upgraded_and_keeps_its_guids(out: Path):
    episode = make_episode(out, DAY)
    old = [{"guid": "old-guid-1", "date": "2024-03-15", "title": episode.title,
            "file": "2024-03-15.mp3", "size": episode.size, "duration": episode.duration,
            "chapters": [{"title": c.title, "start": c.start} for c in episode.chapters],
            "articles": [{"number": a.number, "title": a.title,
                          "file": a.path.relative_to(out).as_posix(), "size": a.size,
                          "duration": a.duration} for a in episode.articles]}]
    (out / "episodes.json").write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    publish_episode(episode, out, settings())
    assert _guids(out / "feed.xml") == ["old-guid-1"]
    stored = json.loads((out / "episodes.json").read_text(encoding="utf-8"))
    assert stored["version"] == 2 and stored["editions"][0]["guid"] == "old-guid-1"


def test_the_podcast_guid_is_kept_in_the_store_when_the_base_url_changes(out: Path):
    publish_episode(make_episode(out, DAY), out, settings())
    first = {n: _channel(out / n).findtext(f"{PC}guid") for n in ("feed.xml", "articles.xml")}
    assert first["feed.xml"] == str(uuid.uuid5(PODCAST_GUID_NAMESPACE, "example.org/paper/feed.xml"))
    assert len(set(first.values())) == 2
    stored = json.loads((out / "episodes.json").read_text(encoding="utf-8"))
    assert stored["podcast_guids"] == first
    moved = settings(base_url="https://cdn.example.net/taian")
    regenerate(out, moved)
    publish_episode(make_episode(out, DAY + dt.timedelta(days=1)), out, moved)
    for name, guid in first.items():
        channel = _channel(out / name)
        assert channel.findtext(f"{PC}guid") == guid
        assert channel.find(f"{ATOM}link").get("href").startswith("https://cdn.example.net/")


def test_a_store_from_before_podcast_guids_gets_them_on_the_next_regeneration(out: Path):
    publish_episode(make_episode(out, DAY), out, settings())
    path = out / "episodes.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["podcast_guids"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    regenerate(out, settings())
    kept = json.loads(path.read_text(encoding="utf-8"))["podcast_guids"]
    assert kept["feed.xml"] == _channel(out / "feed.xml").findtext(f"{PC}guid")


def test_article_items_link_a_one_chapter_file(out: Path):
    publish_episode(make_episode(out, DAY), out, settings())
    items = _channel(out / "articles.xml").findall("item")
    for item, title in zip(items, TITLES):
        url = item.find(f"{PC}chapters").get("url")
        data = json.loads((out / url.removeprefix("https://example.org/paper/")).read_text("utf-8"))
        _assert_chapters_schema(data)
        assert [c["title"] for c in data["chapters"]] == [title]
        assert data["chapters"][0]["url"] == "https://example.org/paper/index.html#edition-2024-03-15"
